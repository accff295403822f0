"""Pieces every page uses: URL notices, a chart with its table and CSV, the quote card, metric cards.

Source-provided strings (quotes, titles, names) go through `st.text`, `st.code` or
`formatting.escape_markdown`, never raw into Markdown or HTML.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import charts, downloads, formatting, links, navigation, queries, state
from dashboard.formatting import escape_markdown as md

FIGURE_HINT = (
    "Click a point or bar to see its quote, who produced the number, and a link to the sentence in the article."
)


# --- URL state -------------------------------------------------------------------------------


def read_url(spec: Mapping[str, state.Validator]) -> state.Parsed:
    """This page's URL parameters, validated; unknown or bad ones become notices."""
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    return state.parse(params, spec)


def write_url(values: Mapping[str, object], defaults: Mapping[str, object]) -> None:
    """Put the page's selections in the URL (only those differing from the defaults)."""
    wanted: dict[str, list[str]] = {
        name: st.query_params.get_all(name) for name in state.RESERVED if name in st.query_params
    }
    for name, value in state.encode(values, defaults).items():
        wanted[name] = value if isinstance(value, list) else [value]
    current = {name: st.query_params.get_all(name) for name in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)


def show_notices(parsed: state.Parsed) -> None:
    for notice in parsed.notices:
        st.warning(notice, icon=":material/link_off:")


def figure_spec() -> dict[str, state.Validator]:
    return {"figure": state.choices(queries.catalog().figure_ids, "figure", multi=False)}


# --- which figure's quote card is open --------------------------------------------------------


def selected_ids(event: Any) -> list[str]:
    """Figure ids of the selected points of a chart event (customdata[0] of each point)."""
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError, AttributeError):
        return []
    ids: list[str] = []
    for point in points or []:
        data = point.get("customdata") if isinstance(point, Mapping) else None
        value = data[0] if isinstance(data, list | tuple) and data else data
        if isinstance(value, str) and value:
            ids.append(value)
    return ids


def pick(page: str, figure_id: str | None) -> None:
    """Open (or with None, close) the quote card of a page."""
    st.session_state[f"{page}-figure"] = figure_id


def current_pick(page: str, url_figure: str | None, selections: Mapping[str, list[str]]) -> str | None:
    """The figure whose card is open: the newest chart click, else what the URL names."""
    pick_key, url_key, seen_key = f"{page}-figure", f"{page}-url-figure", f"{page}-seen"
    if pick_key not in st.session_state or st.session_state.get(url_key) != url_figure:
        st.session_state[pick_key] = url_figure
    seen: dict[str, tuple[str, ...]] = st.session_state.setdefault(seen_key, {})
    for chart_key, ids in selections.items():
        if ids and tuple(ids) != seen.get(chart_key):
            st.session_state[pick_key] = ids[0]
        seen[chart_key] = tuple(ids)
    chosen = st.session_state[pick_key]
    if chosen is not None and chosen not in queries.catalog().figure_ids:
        chosen = st.session_state[pick_key] = None
    st.session_state[url_key] = chosen
    return chosen


# --- charts ----------------------------------------------------------------------------------


def table_view(rows: pd.DataFrame, indicator: bool = False) -> pd.DataFrame:
    """The rows under a chart as people read them, with quote and link columns."""
    quotes = []
    for _, row in rows.iterrows():
        if row.get("is_remainder"):
            quotes.append("(remainder: 100% minus the shares shown)")
        elif row["derived"]:
            quotes.append(f"(derived: {row['formula']})")
        else:
            quotes.append(row["quote"])
    table = pd.DataFrame(
        {
            "Figure": rows["label"],
            "Indicator": rows["indicator"],
            "Entity": rows["entity"],
            "Period": rows["period"],
            "Quote": quotes,
            "Link": rows["link"],
            "Kind": [f"{k}, derived" if d else k for k, d in zip(rows["kind"], rows["derived"], strict=True)],
            "Produced by": rows["attributed_to"],
            "Publisher": rows["publisher"],
            "Published": rows["vintage"],
            "As written": rows["surface"].fillna(""),
            "Verified": rows["verified"],
            "Figure id": rows["figure_id"],
        }
    )
    return table if indicator else table.drop(columns="Indicator")


TABLE_COLUMNS = {
    "Quote": st.column_config.TextColumn("Quote", width="large"),
    "Link": st.column_config.LinkColumn(
        "Link", display_text="Open at quote ↗", help="Opens the article at the sentence"
    ),
    "Verified": st.column_config.CheckboxColumn("Verified", help="Quote found verbatim in the source text"),
}


def figures_table(rows: pd.DataFrame, key: str, height: int | str = "auto", indicator: bool = False) -> None:
    """The rows as a table with quote and link columns (`indicator` adds the indicator's name)."""
    st.dataframe(table_view(rows, indicator), column_config=TABLE_COLUMNS, hide_index=True, key=key, height=height)


def csv_button(rows: pd.DataFrame, view: str, key: str, label: str = "Download these rows (CSV)") -> None:
    build = queries.build_id()
    st.download_button(
        label,
        data=downloads.csv_bytes(downloads.chart_table(rows, build, queries.table_columns("figures"))),
        file_name=downloads.file_name(view, build),
        mime="text/csv",
        on_click="ignore",
        key=key,
        icon=":material/download:",
    )


def chart_block(rows: pd.DataFrame, indicator_id: str, view: str, key: str) -> list[str]:
    """One indicator: heading, one-line summary, chart, legend note, table and CSV. Returns clicked ids."""
    catalog = queries.catalog()
    chart = catalog.charts.get(indicator_id, "bar")
    name = catalog.indicators.get(indicator_id, indicator_id)
    shown = charts.plotted_rows(rows, chart)
    with st.container(key=f"{key}-block"):
        st.subheader(md(name), anchor=False)
        st.caption(md(formatting.summary(shown, name, chart)))
        count, matched = queries.shown_of(rows)
        if matched > count:
            st.caption(
                f"Showing {count:,} of the {matched:,} figures that match: those of the most recently published "
                f"sources (a chart draws about {queries.CHART_ROWS} at most). Narrow the filters (entities, "
                "sources, producers, period) to see the others; the table and CSV below hold the figures shown."
            )
        fig = charts.figure(shown, chart, "", str(shown["unit"].iloc[0]) if not shown.empty else "")
        event = st.plotly_chart(
            fig,
            key=f"{key}-chart",
            on_select="rerun",
            selection_mode="points",
            config={"displayModeBar": False},
        )
        st.caption(md(charts.LEGEND_NOTE))
        figures_table(shown, key=f"{key}-table")
        csv_button(shown, f"{view}-{indicator_id}", key=f"{key}-csv")
    return selected_ids(event)


# --- the quote card --------------------------------------------------------------------------


def quote_card(figure_id: str | None, page: str) -> None:
    """The figure as written, its verbatim quote, who produced it, where, and how to cite it."""
    with st.container(border=True, key=f"{page}-quote-card"):
        if not figure_id:
            st.caption(md(FIGURE_HINT))
            return
        row = queries.figure(figure_id)
        if row is None:
            st.warning("That figure is not in this build of the data.")
            return
        st.caption(md(f"{row['indicator']} — {row['entity']}, {row['period']}"))
        st.markdown(f"### {md(row['label'])}")
        tags = [row["kind"], formatting.QUALIFIER_WORDS.get(row["qualifier"], row["qualifier"])]
        if row["derived"]:
            tags.append("derived")
        verified = "quotes of its inputs" if row["derived"] else "quote"
        tags.append(
            f"{verified} verified in the source text" if row["verified"] else f"{verified} not verified in this build"
        )
        st.caption(md(" · ".join(tags)))
        if row["derived"]:
            _derived_details(row, page)
        else:
            st.text(f"As written: {row['surface']}")
            st.text(f"“{row['quote']}”")
        st.text(f"Produced by: {row['attributed_to']}")
        author = f" ({row['author']})" if row.get("author") else ""
        st.text(f"Published by: {row['publisher']}{author}, {row['vintage']}")
        st.text(f"Article: {row['title']}")
        _other_sources(row["figure_id"])
        if row.get("note"):
            st.text(f"Note: {row['note']}")
        st.link_button(
            "Open the article at this sentence" if not row["derived"] else "Open the article",
            row["link"],
            icon=":material/open_in_new:",
        )
        st.page_link(
            navigation.SOURCES,
            label="This source in the app",
            query_params={"source": row["doc_id"]},
            icon=":material/article:",
        )
        st.caption("Cite this figure")
        st.code(citation(row), language=None, wrap_lines=True)
        st.button("Close", key=f"{page}-close-card", on_click=pick, args=(page, None), icon=":material/close:")


def _other_sources(figure_id: str) -> None:
    """Corroboration ("also reported by") and disagreement with other sources of the same figure."""
    others = queries.agreement(figure_id)
    if others.empty:
        return
    agreeing = sorted(set(others.loc[others["agrees"], "other_publisher"]))
    if agreeing:
        st.text(f"Also reported by: {'; '.join(agreeing)}")
    for _, other in others[~others["agrees"]].iterrows():
        shown = formatting.number(other["other_value"])
        st.warning(
            f"Disagrees with {other['other_publisher']}, which gives {shown}: “{other['other_quote']}”",
            icon=":material/compare_arrows:",
        )


def _derived_details(row: Mapping[str, Any], page: str) -> None:
    st.text(f"Derived: {row['description']}")
    st.text(f"Formula: {row['formula']}")
    st.caption("Computed from these stated figures (open one to see its quote):")
    for input_id in row["inputs"] or []:
        source = queries.figure(input_id)
        if source is None:
            continue
        st.button(
            md(f"{source['label']} — {source['indicator']}, {source['entity']} {source['period']}"),
            key=f"{page}-input-{input_id}",
            on_click=pick,
            args=(page, input_id),
        )


def citation(row: Mapping[str, Any]) -> str:
    return links.citation(
        figure_id=row["figure_id"],
        surface=row["surface"] or row["label"],
        attributed_to=row["attributed_to"],
        publisher=row["publisher"],
        title=row["title"],
        published=row["vintage"],
        url=row["url"],
        build_id=queries.build_id(),
        indicator=row["indicator"],
        entity=row["entity"],
        period=row["period"],
    )


# --- metric cards ----------------------------------------------------------------------------


def metric_card(title: str, figure_id: str, page: str, extras: tuple[str, ...] = (), delta: str | None = None) -> None:
    """A headline figure looked up by id: value, kind and producer, related figures, and a quote button."""
    row = queries.figure(figure_id)
    with st.container(border=True, key=f"{page}-card-{figure_id}"):
        if row is None:
            st.metric(md(title), "—")
            st.caption("This figure is not in this build of the data.")
            return
        change = queries.figure(delta) if delta else None
        st.metric(
            md(title),
            md(formatting.human(row["value"], row["unit"], row["indicator_id"], row["qualifier"], noun=False)),
            delta=md(f"{change['label']} ({change['period']})") if change else None,
            delta_color="normal",
            help=md(formatting.short(row["quote"] or row["description"], 200)),
        )
        st.caption(md(f"{row['kind']} · {row['series']}"))
        for extra_id in extras:
            extra = queries.figure(extra_id)
            if extra is not None:
                st.caption(md(f"{extra['indicator']}: {extra['label']} ({extra['entity']}, {extra['period']})"))
        st.button(
            "Quote and source",
            key=f"{page}-open-{figure_id}",
            on_click=pick,
            args=(page, figure_id),
            icon=":material/format_quote:",
        )


def build_caption() -> None:
    info = queries.build_info()
    st.caption(
        md(
            f"Data build {info.get('build_id', '?')} · {info.get('figures', '?')} figures from "
            f"{info.get('sources', '?')} sources · {info.get('verified_quotes', '?')} quotes verified"
        )
    )
