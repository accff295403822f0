"""Review: figures the extractor found that no curated figure covers yet; accept one into data/figures.

Layout only: reads go through `queries`, the accept action through `etl.review` (validated by the ETL,
written atomically). Read-only on the hosted app (see dashboard/hosting.py for how the mode is decided).
"""

import pandas as pd
import streamlit as st

from dashboard import components, formatting, hosting, queries, startup
from dashboard.formatting import escape_markdown as md
from etl import config, review
from etl.inputs import Inputs
from etl.vocabulary import ENTITY_TYPES, KINDS, QUALIFIERS, UNITS

PAGE = "review"
mode = hosting.mode()
st.title("Review candidates", anchor=False)
st.caption(
    "Figures the extractor found in the source texts that no curated figure covers yet. Check each one "
    "against its sentence, then add it to the curated data."
)
if f"{PAGE}-accepted" in st.session_state:
    st.success(st.session_state.pop(f"{PAGE}-accepted"), icon=":material/check_circle:")
if mode.writable:
    st.info(f"Local mode ({mode.reason}): Accept appends a validated row to the source's figures file.")
else:
    st.info(f"Read-only ({mode.reason}): copy the ready CSV row into the source's figures file by hand.")

summary = queries.candidate_summary()
if summary.empty:
    st.warning(
        "No candidates in this build: the extractor reads the source texts, and none were available "
        f"(put them in seeds/ or set {config.CORPUS_ENV})."
    )
    st.stop()

titles = dict(zip(summary["doc_id"], summary["title"], strict=True))
left, middle = st.columns(2)
source = left.selectbox(
    "Source",
    [None, *titles],
    format_func=lambda doc_id: "All sources" if doc_id is None else titles[doc_id],
    key=f"{PAGE}-source",
)
units = components.filter_multiselect(middle, "Unit", sorted(UNITS), key=f"{PAGE}-units")
include_curated = st.toggle("Include curated", key=f"{PAGE}-curated")
search = st.text_input("Search the figures and their sentences", key=f"{PAGE}-search")

rows = queries.candidates((source,) if source else (), tuple(units), include_curated)
if search:
    found = rows["surface"].str.contains(search, case=False, regex=False)
    rows = rows[found | rows["sentence"].str.contains(search, case=False, regex=False)]
st.caption(
    f"{len(rows)} shown · {int(summary['uncurated'].sum())} of {int(summary['candidates'].sum())} candidates "
    "in this build are not yet curated."
)
if rows.empty:
    st.success("Nothing to review with these filters.")
    st.stop()

rows = rows.reset_index(drop=True)
st.dataframe(
    pd.DataFrame(
        {
            "Figure": rows["surface"],
            "Value": [formatting.number(v) for v in rows["value"]],
            "Unit": rows["unit"],
            "Qualifier": rows["qualifier"],
            "Period": rows["period"].fillna(""),
            "Entity": rows["entity"].fillna(""),
            "Produced by": rows["attributed_to"].fillna(""),
            "Kind": rows["kind"],
            "Curated": rows["curated"],
            "Source": rows["doc_id"],
        }
    ),
    hide_index=True,
    key=f"{PAGE}-table",
)

keys = [f"{d}:{s}-{e}" for d, s, e in zip(rows["doc_id"], rows["start"], rows["end"], strict=True)]
labels = {
    key: f"{row.surface} · {row.doc_id} · characters {row.start}-{row.end}"
    for key, row in zip(keys, rows.itertuples(), strict=True)
}
linked = st.query_params.get("candidate")  # `?candidate=<doc>:<start>-<end>`, from an extracted point's card
if linked in keys and st.session_state.get(f"{PAGE}-linked") != linked:
    st.session_state[f"{PAGE}-candidate"] = st.session_state[f"{PAGE}-linked"] = linked
chosen = st.selectbox("Candidate", keys, format_func=labels.__getitem__, key=f"{PAGE}-candidate")
candidate = rows.iloc[keys.index(chosen)].to_dict()
doc_id = str(candidate["doc_id"])

with st.container(border=True, key=f"{PAGE}-card"):
    st.markdown(formatting.highlighted(str(candidate["sentence"]), str(candidate["surface"])))
    st.caption(
        md(
            f"{titles.get(doc_id, doc_id)} · found {formatting.number(candidate['value'])} {candidate['unit']}, "
            f"{candidate['qualifier']}, period {candidate['period'] or 'unknown'}, entity "
            f"{candidate['entity'] or 'unknown'}, produced by {candidate['attributed_to'] or 'unknown'}, "
            f"{candidate['kind']}"
        )
    )
    if candidate["curated"]:
        st.caption(md(f"Already curated as {candidate['figure_id']}."))

st.header("Add it to the curated data", anchor=False)
choices = queries.review_choices()
indicators = {i["indicator_id"]: i["name"] for i in choices["indicators"] if i["unit"] == candidate["unit"]}
if not indicators:
    st.warning(md(f"No indicator has the unit {candidate['unit']}: add one to data/indicators.csv first."))
entities = choices["entities"]
suggested = candidate["suggested_indicator"] if candidate["suggested_indicator"] in indicators else None
one, two = st.columns(2)
indicator = one.selectbox(
    "Indicator",
    list(indicators),
    index=list(indicators).index(suggested) if suggested else None,
    format_func=indicators.__getitem__,
    placeholder="Choose the indicator it measures",
    key=f"{PAGE}-indicator-{chosen}",
)
entity = two.selectbox(
    "Entity",
    entities,
    index=entities.index(candidate["entity"]) if candidate["entity"] in entities else None,
    key=f"{PAGE}-entity-{chosen}",
)
if suggested:
    one.caption(
        md(f"Pre-filled with the suggested indicator (confidence {candidate['indicator_confidence']:.2f}, 0 to 1): "
           "check it against the sentence.")
    )  # fmt: skip
new_entity = str(candidate["entity"]) if candidate["entity_new"] and candidate["entity"] not in entities else None
if new_entity:
    two.warning(md(f"New entity: {new_entity} is not in data/entities.csv yet."), icon=":material/fiber_new:")
    if mode.writable:
        entity_type = two.selectbox("Its type", ENTITY_TYPES, index=ENTITY_TYPES.index("company"),
                                    key=f"{PAGE}-entity-type-{chosen}")  # fmt: skip
        if two.button(f"Add {new_entity} to data/entities.csv", key=f"{PAGE}-add-entity-{chosen}",
                      icon=":material/person_add:"):  # fmt: skip
            target = Inputs.from_settings().data_dir / "entities.csv"
            try:
                line = review.add_entity(target, review.entity_row(new_entity, entity_type))
            except (ValueError, review.ChangedWhileWriting) as error:
                two.error(str(error))
            else:
                startup.forget()  # the next run rebuilds: the entity is then one to choose, and no longer new
                st.session_state.pop(f"{PAGE}-entity-{chosen}", None)
                st.session_state[f"{PAGE}-accepted"] = (
                    f"Added {new_entity} to {config.display_path(target)} (line {line}); the database is rebuilt now."
                )
                st.rerun()
period = one.text_input("Period", value=candidate["period"] or "", key=f"{PAGE}-period-{chosen}")
kind = two.selectbox("Kind", KINDS, index=KINDS.index(candidate["kind"]), key=f"{PAGE}-kind-{chosen}")
attributed_to = one.text_input("Produced by", value=candidate["attributed_to"] or "", key=f"{PAGE}-attributed-{chosen}")
qualifier = two.selectbox(
    "Qualifier", QUALIFIERS, index=QUALIFIERS.index(candidate["qualifier"]), key=f"{PAGE}-qualifier-{chosen}"
)
figure_id = one.text_input(
    "Figure id",
    value=review.suggest_figure_id(doc_id, str(candidate["surface"]), choices["figure_ids"]),
    key=f"{PAGE}-figure-id-{chosen}",
)
note = two.text_input("Note", key=f"{PAGE}-note-{chosen}")

row = review.figure_row(
    candidate, figure_id=figure_id, indicator_id=indicator or "", entity=entity or "", period=period, kind=kind,
    attributed_to=attributed_to, qualifier=qualifier, note=note,
)  # fmt: skip
st.caption(md(f"The row for data/figures/{doc_id}.csv, ready to copy:"))
st.code(review.csv_line(row), language="csv", wrap_lines=True)

if mode.writable and st.button(
    f"Accept: append to data/figures/{doc_id}.csv", type="primary", disabled=not indicator, key=f"{PAGE}-accept"
):
    project = Inputs.from_settings()
    problems = review.check_row(row, doc_id, project)
    if problems:
        st.error("The ETL would reject this row; nothing was written:")
        for problem in problems:
            st.text(problem)
    else:
        target = project.figures_dir / f"{doc_id}.csv"
        try:
            line = review.append_row(target, row)
        except review.ChangedWhileWriting as error:
            st.error(str(error))
        else:
            startup.forget()  # the next run checks the inputs again and rebuilds
            st.session_state[f"{PAGE}-accepted"] = (
                f"Appended {figure_id} to {config.display_path(target)} (line {line}); the database is rebuilt now."
            )
            st.rerun()
