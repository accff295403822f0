"""Checks: derived figures and consistency checks, with formulas, inputs and pass or fail."""

import pandas as pd
import streamlit as st

from dashboard import components, formatting, queries

PAGE = "checks"

parsed = components.read_url(components.figure_spec())
components.start_page(PAGE, parsed.get("figure"))
sources = queries.catalog().sources
st.title("Checks", anchor=False)
st.caption("Does it add up? Consistency checks between stated figures, and figures derived from them, with formulas.")
components.show_notices(parsed)

checks = queries.checks(limit=queries.CHECK_ROWS)
counts = queries.check_counts()
passed, failed, missing = st.columns(3)
passed.metric("Checks passed", int(counts.get("pass", 0)))
failed.metric("Checks failed", int(counts.get("fail", 0)))
missing.metric("Checks missing an input", int(counts.get("missing input", 0)))

st.header("Consistency checks", anchor=False)
st.caption(
    "Each check says what it tests. **pass**: it holds (its formula is true of the Actual and Expected values); "
    "**FAIL**: it does not (a figure may be misread, or two sources disagree); **missing input**: a figure it needs "
    "is not in the data."
)
if sum(counts.values()) > len(checks):
    st.caption(f"Showing {len(checks):,} of {sum(counts.values()):,} checks: failing and incomplete ones first.")
st.dataframe(
    components.checks_table(checks, sources),
    hide_index=True,
    key=f"{PAGE}-checks-table",
    column_config={"Check": st.column_config.TextColumn(width="large")},
)
st.header("Sources that disagree", anchor=False)
disagreements = queries.agreement()
rule = queries.agreement_rule()
names = queries.catalog().indicators
st.caption(
    "The same figure (indicator, entity, period, kind and producer) stated differently by two sources. Both "
    f"figures stay in the data as written; ranges overlap when they agree (exact ±{rule['exact_tolerance']:.0%}, "
    f"approximate ±{rule['approx_tolerance']:.0%}, 'over'/'under' one-sided); forecasts are compared only within "
    f"{rule['vintage_window_days']:.0f} days of each other's publication (a later one is a revision). "
    f"{formatting.plural(len(disagreements), 'disagreement')}."
)


if not disagreements.empty:
    st.dataframe(
        components.disagreements_table(disagreements, sources, names),
        hide_index=True,
        key=f"{PAGE}-disagreements",
        column_config={"Quote": st.column_config.TextColumn(width="large"),
                       "Other quote": st.column_config.TextColumn(width="large")},
    )  # fmt: skip
st.header("Derived figures", anchor=False)
derived = queries.derived()
opened = st.dataframe(
    pd.DataFrame(
        {
            "Derived figure": derived["description"],
            "Value": [
                formatting.human(v, u, c, q) if pd.notna(v) else "missing input"
                for v, u, c, q in zip(
                    derived["value"], derived["unit"], derived["counts"], derived["qualifier"], strict=True
                )
            ],
            "Entity": derived["entity"],
            "Period": derived["period"],
            "Formula": [formatting.readable_formula(f) for f in derived["formula"]],
            "Inputs": components.input_names(derived["inputs"]),
        }
    ),
    hide_index=True,
    key=f"{PAGE}-derived-table",
    column_config={"Derived figure": st.column_config.TextColumn(width="large")},
    on_select="rerun",
    selection_mode="single-row",
)
st.caption("Select a derived figure's row to see its formula and the quotes of its inputs.")
picked = [str(derived["derived_id"].iloc[i]) for i in (opened["selection"]["rows"] if opened else [])]
components.take_click(PAGE, f"{PAGE}-derived-table", picked)

components.write_url({"figure": st.session_state.get(f"{PAGE}-figure")}, {"figure": None})
