"""Pieces every page uses: URL notices, a chart with its table and CSV, the quote card, metric cards.

Source-provided strings (quotes, titles, names) go through `st.text`, `st.code` or
`formatting.escape_markdown`, never raw into Markdown or HTML.
"""

from __future__ import annotations

import functools
import html
import urllib.parse
from collections.abc import Callable, Container, Iterable, Mapping
from typing import Any, Literal

import pandas as pd
import pyarrow as pa
import streamlit as st

from dashboard import blocks, charts, downloads, formatting, links, navigation, queries, state
from dashboard.formatting import escape_markdown as md
from etl import export

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


ALL = "All"
"""What an empty filter of several values says: it keeps every row. Streamlit's own "Choose options" was cut to
"Choose optior" in four columns at 1024 px, and said nothing of what an empty filter does."""


def filter_multiselect(where: Any, label: str, options: Iterable[Any], **kwargs: Any) -> list[Any]:
    """A filter of several values, in `where` (`st` or a column), whose empty state reads ALL."""
    return where.multiselect(label, list(options), placeholder=ALL, **kwargs)


class Pickable(Container[str]):
    """What `?figure=` may open: a figure of this build (stated or derived), or an extracted candidate's
    `extracted:` key (`known`)."""

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and known(value)


def figure_spec() -> dict[str, state.Validator]:
    """The `?figure=` parameter every page with a quote reads."""
    return {"figure": state.choices(Pickable(), "figure", multi=False)}


# --- which figure's quote is open -------------------------------------------------------------
#
# One place shows a quote: a dialog (`st.dialog`), opened in the viewport wherever the click was, with
# focus in it; closing it (X, Esc, a click outside, or its Close button) returns to the page as it was.
# It opens from the page's quote fragment (key `<page>-quote`), which `start_page` declares first, before
# the page's title. A run that follows a `?figure=` link (a new session, or an address whose figure changed)
# draws only the quote and stops: the browser places a dialog only once it has drawn what came with it, and the
# page's charts took it a second or more (Plotly draws in the browser). That run leaves the browser a timer
# (a fragment's `run_every`) that asks for the next run PAGE_AFTER_QUOTE seconds later, once the quote is in
# view: that run draws the page behind the open quote, so a visitor who closes it sees the page (closing it
# before then reruns the whole page). In other full runs (a card button, a filter) the page is drawn behind the
# quote. A click on a chart's point or a table's row picks its figure in the widget's callback (`on_pick`),
# which reruns that fragment alone: the chart or table clicked is not drawn again. At most one dialog per run.


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
    """Open (or with None, close) the quote of a page; the address follows."""
    st.session_state[f"{page}-figure"] = figure_id
    st.session_state[f"{page}-url-figure"] = figure_id
    if figure_id:
        st.query_params["figure"] = figure_id
    elif "figure" in st.query_params:
        del st.query_params["figure"]


def start_page(page: str, url_value: object) -> None:
    """At the top of a full page run: the URL's figure wins when it changed (a link was followed); the picked
    figure's quote opens at once. On a followed link to a figure, the run stops there, and the next draws the
    page behind the quote (see above)."""
    url_figure = url_value if isinstance(url_value, str) else None
    pick_key, url_key = f"{page}-figure", f"{page}-url-figure"
    followed = pick_key not in st.session_state or st.session_state.get(url_key) != url_figure
    if followed:
        st.session_state[pick_key] = url_figure
        st.session_state[url_key] = url_figure
    st.session_state[held_key(page)] = followed and current_pick(page) is not None
    st.fragment(_quote, key=quote_key(page))(page)
    if st.session_state[held_key(page)]:
        st.session_state[f"{page}-page-due"] = False
        st.fragment(_page_after_quote, run_every=PAGE_AFTER_QUOTE, key=f"{page}-page-after-quote")(page)
        st.stop()


PAGE_AFTER_QUOTE = 1.0
"""Seconds after a followed link's quote was sent that the browser asks for the page behind it (the quote was in
view after 1.1-1.7 s from the navigation on a quiet machine, most of it the browser loading Streamlit)."""


def _page_after_quote(page: str) -> None:
    """Nothing in the run that holds the page back for a followed link's quote; on the browser's timer, the
    whole page's run, which draws the page behind the quote (and, being a full run, stops the timer)."""
    due = f"{page}-page-due"
    if st.session_state.get(due):
        st.rerun(scope="app")
    st.session_state[due] = True


def held_key(page: str) -> str:
    """Session key: True while the page shows only the quote of a followed link (until the next run)."""
    return f"{page}-held"


def quote_key(page: str) -> str:
    return f"{page}-quote"


def _quote(page: str) -> None:
    """The page's quote fragment: the picked figure's quote dialog, if any."""
    st.session_state[f"{page}-quote-shown"] = False
    show_quote(page)


def take(page: str, widget_key: str, ids: list[str]) -> bool:
    """Note a chart's or table's selection; a new one picks its first figure (True when it did)."""
    seen: dict[str, tuple[str, ...]] = st.session_state.setdefault(f"{page}-seen", {})
    new = bool(ids) and tuple(ids) != seen.get(widget_key)
    seen[widget_key] = tuple(ids)
    if new and known(ids[0]):
        pick(page, ids[0])
        return True
    return False


def take_click(page: str, widget_key: str, ids: list[str]) -> None:
    """A selection met while drawing the widget (a widget without `on_pick`, or a full run): its quote opens."""
    if take(page, widget_key, ids):
        show_quote(page)


def on_pick(page: str, widget_key: str, ids_of: Callable[[Any], list[str]]) -> Callable[[], None]:
    """A chart's or table's selection callback: the new selection's figure is picked and only the page's quote
    fragment reruns (`ids_of` reads the figure ids from the widget's state)."""

    def picked() -> None:
        take(page, widget_key, ids_of(st.session_state.get(widget_key)))
        st.rerun(quote_key(page))

    return picked


def known(point_id: str) -> bool:
    """A figure of this build, or an extracted candidate of it (`extracted:` key) that has a quote card."""
    if point_id.startswith(queries.EXTRACTED_PREFIX):
        return queries.extracted_one(point_id) is not None
    return point_id in queries.catalog().figure_ids


def current_pick(page: str) -> str | None:
    chosen = st.session_state.get(f"{page}-figure")
    if chosen is not None and not known(chosen):
        chosen = st.session_state[f"{page}-figure"] = None
    return chosen


def show_quote(page: str) -> None:
    """Open the quote dialog of the page's picked figure, once per run."""
    if current_pick(page) is None or st.session_state.get(f"{page}-quote-shown"):
        return
    st.session_state[f"{page}-quote-shown"] = True
    dialog = st.dialog("Quote and source", width="medium", on_dismiss=functools.partial(dismissed, page))
    dialog(_quote_dialog)(page)


def dismissed(page: str) -> None:
    """The dialog closed by its X, Esc or a click outside: the quote fragment reruns alone, unless the page was
    held back for the quote of a followed link, which then reruns whole and draws the page."""
    pick(page, None)
    if st.session_state.get(held_key(page)):
        st.rerun()


def _quote_dialog(page: str) -> None:
    quote_card(current_pick(page), page)


# --- charts ----------------------------------------------------------------------------------


TABLE_COLUMNS = {
    "Quote": st.column_config.TextColumn("Quote", width="large"),
    "Link": st.column_config.LinkColumn(
        "Link", display_text="Open at quote ↗", help="Opens the article at the sentence"
    ),
    "Verified": st.column_config.CheckboxColumn("Verified", help="Quote found verbatim in the source text"),
}


def figures_table(
    rows: pd.DataFrame,
    key: str,
    height: int | Literal["auto", "stretch", "content"] = "auto",
    indicator: bool = False,
    selectable: bool = False,
) -> list[str]:
    """The rows as a table with quote and link columns; with `selectable`, returns the clicked row's id."""
    return table_widget(blocks.table_view(rows, indicator), key, height, selectable)


def table_widget(
    table: pd.DataFrame,
    key: str,
    height: int | Literal["auto", "stretch", "content"] = "auto",
    selectable: bool = False,
    arrow: pa.Table | None = None,
    page: str | None = None,
) -> list[str]:
    """A `table_view` table (sent as `arrow` when given: already converted); returns the clicked row's id.
    With `page`, a click on a row opens its quote from the row's callback (`on_pick`)."""
    data = table if arrow is None else arrow
    if not selectable:
        st.dataframe(data, column_config=TABLE_COLUMNS, hide_index=True, key=key, height=height)
        return []
    ids_of = functools.partial(row_ids, tuple(table["Figure id"]))
    event = st.dataframe(
        data, column_config=TABLE_COLUMNS, hide_index=True, key=key, height=height,
        on_select=on_pick(page, key, ids_of) if page else "rerun", selection_mode="single-row",
    )  # fmt: skip
    return ids_of(event)


def row_ids(ids: tuple[str, ...], event: Any) -> list[str]:
    """Figure ids of the selected rows of a table event, `ids` being the table's in row order."""
    try:
        rows = event["selection"]["rows"]
    except (KeyError, TypeError, AttributeError):
        return []
    return [str(ids[i]) for i in rows or [] if i < len(ids)]


def csv_button(rows: pd.DataFrame, view: str, key: str, label: str = "Download these rows (CSV)") -> None:
    """A CSV of the rows with provenance, produced only when the button is pressed."""
    info = queries.build_info()
    build = str(info.get("build_id", "unknown"))
    st.download_button(
        label,
        data=lambda: downloads.csv_bytes(downloads.chart_table(rows, build, queries.table_columns("figures"))),
        file_name=downloads.file_name(view, build),
        mime="text/csv",
        on_click="ignore",
        key=key,
        icon=":material/download:",
        help=export.CITATION.format(build_id=build, built=str(info.get("built_at", ""))[:10]),
    )


PLOTLY_CONFIG = {
    "displayModeBar": True,
    "displaylogo": False,
    "modeBarButtons": [["toImage"]],
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "responsive": True,
}
"""Plotly's own toolbar with only its client-side image download (the camera), as PNG by default."""
IMAGE_FORMATS = {"PNG": {"format": "png", "scale": 2}, "SVG": {"format": "svg", "scale": 1}}
"""What the camera saves, chosen under each chart: Plotly draws the file in the browser either way."""


def plotly_config(image_format: str, file_name: str) -> dict[str, Any]:
    """The chart's toolbar config, its camera saving `image_format` (PNG or SVG) as `file_name`."""
    options = {**IMAGE_FORMATS.get(image_format, IMAGE_FORMATS["PNG"]), "filename": file_name}
    return {**PLOTLY_CONFIG, "toImageButtonOptions": options}


def embedded() -> bool:
    """Whether the page is shown inside another site (`?embed=true`, Streamlit's own embed mode)."""
    return bool(st.context.is_embedded)


def share_links() -> None:
    """The address of this view to copy, and an iframe snippet that embeds its first chart."""
    address = str(getattr(st.context, "url", "") or "").split("?", 1)[0]
    if not address:
        return
    query = urllib.parse.urlencode({name: st.query_params.get_all(name) for name in st.query_params}, doseq=True)
    link = f"{address}?{query}" if query else address
    embed = f"{link}{'&' if query else '?'}embed=true"
    with st.expander("Share or embed this view", icon=":material/share:"):
        st.caption("Link to this view (the copy button is at the right of the box):")
        st.code(link, language=None, wrap_lines=True)
        st.caption("Embed its first chart, with its source line, in another page:")
        st.code(f'<iframe src="{html.escape(embed)}" width="800" height="640" title="AI Industry Indicators chart">'
                "</iframe>", language="html", wrap_lines=True)  # fmt: skip


def source_line(rows: pd.DataFrame) -> str:
    """Who the figures of a chart come from, for a chart shown on its own (embedded)."""
    stated = rows[rows["figure_id"].astype(str) != ""]
    producers = ", ".join(dict.fromkeys(stated["attributed_to"].astype(str)))
    publishers = ", ".join(dict.fromkeys(stated["publisher"].astype(str)))
    build = queries.build_id()
    return f"Source: {producers}, as published by {publishers}. Via AI Industry Indicators, data build {build}."


def chart_block(
    query: queries.Query,
    indicator_id: str,
    page: str,
    view: str,
    key: str,
    embedded: bool = False,
    definition: bool = False,
    chart: str | None = None,
) -> None:
    """One indicator: heading, summary, chart, table and downloads.

    A click on the chart or on a row of the table reruns only the page's quote (`on_pick`); a new image format
    reruns the chart alone (its own fragment): the rest of the block stays as drawn.

    With `definition`, the indicator's description (what it counts) shows under the heading, so charts of
    look-alike indicators side by side are not read as one measure. `chart` overrides the indicator's chart
    type (a view's choice, e.g. forecast vintages). Embedded (`?embed=true`), it is the chart with its
    heading and source line only.
    """
    block = blocks.chart(query, indicator_id, chart)
    rows = block.rows
    catalog = queries.catalog()
    name = catalog.indicators.get(indicator_id, indicator_id)
    with st.container(key=f"{key}-block"):
        st.header(name, anchor=False)
        if definition and indicator_id in catalog.descriptions:
            st.caption(md(f"What it counts: {catalog.descriptions[indicator_id]}"))
        st.caption(md(block.summary))
        if block.matched > block.shown:
            st.caption(
                f"Showing {block.shown:,} of the {block.matched:,} figures that match: those of the most recently "
                f"published sources (a chart draws about {queries.CHART_ROWS} at most). Narrow the filters (entities, "
                "sources, producers, period) to see the others; the table and CSV below hold the figures shown."
            )
        _clickable_chart(block, page, key, f"aii-{view}-{indicator_id}", formats=not embedded)
        if embedded:
            st.caption(md(source_line(rows)))
            return
        st.caption(md(charts.LEGEND_NOTE))
        if query.extracted:
            _extracted_note(query, indicator_id, rows, key)
        clicked = table_widget(block.table, f"{key}-table", selectable=True, arrow=block.arrow, page=page)
        take_click(page, f"{key}-table", clicked)
        csv_button(rows, f"{view}-{indicator_id}", key=f"{key}-csv")


@st.fragment
def _clickable_chart(block: blocks.ChartBlock, page: str, key: str, file_name: str, formats: bool) -> None:
    """The chart and, with `formats`, the image format its camera saves: a new format reruns this alone, not the
    page; a click only the quote (`on_pick`)."""
    config = plotly_config(st.session_state.get(f"{key}-image", "PNG"), file_name)
    event = st.plotly_chart(
        block.figure, key=f"{key}-chart", on_select=on_pick(page, f"{key}-chart", selected_ids),
        selection_mode="points", config=config, width="content" if block.figure.layout.width else "stretch",
        alt=f"Chart. {block.summary} Select a point, or a row of the table below (arrow keys, then Shift+Space), "
        "for its quote.",
    )  # fmt: skip
    if formats:
        st.segmented_control(
            "The camera at the chart's top right saves it as", list(IMAGE_FORMATS), default="PNG", key=f"{key}-image",
        )  # fmt: skip
    take_click(page, f"{key}-chart", selected_ids(event))


def _extracted_note(query: queries.Query, indicator_id: str, rows: pd.DataFrame, key: str) -> None:
    """What the extracted figures on a chart are, and those suggested for it that are listed, not drawn."""
    found = queries.extracted(query)
    found = found[found["indicator_id"] == indicator_id]
    drawn = int(charts.extracted(rows).sum())
    listed = found[found["not_drawn"] != ""]
    if found.empty:
        st.caption("No extracted, unreviewed figure is suggested for this indicator with these filters.")
        return
    st.caption(md(f"{charts.EXTRACTED_NOTE}. {drawn} drawn; each opens its sentence and source like a figure."))
    if listed.empty:
        return
    st.caption(
        md(f"Not drawn: {formatting.plural(len(listed), 'more extracted, unreviewed figure')} "
           "suggested for this indicator (a chart needs an entity and a period, and a suggestion at least "
           f"{queries.EXTRACTED_MIN_CONFIDENCE:g} sure).")
    )  # fmt: skip
    st.dataframe(
        pd.DataFrame({
            "Figure": listed["surface"], "Not drawn": listed["not_drawn"], "Entity": listed["entity"],
            "Period": listed["period"], "Confidence": listed["indicator_confidence"], "Sentence": listed["quote"],
            "Link": listed["link"],
        }),
        column_config={**TABLE_COLUMNS, "Sentence": st.column_config.TextColumn("Sentence", width="large")},
        hide_index=True, key=f"{key}-not-drawn",
    )  # fmt: skip


# --- the quote card --------------------------------------------------------------------------


def quote_card(figure_id: str | None, page: str) -> None:
    """The figure as written, its quote with the figure highlighted, how and when the quote was verified,
    who produced it, where, and how to cite it. A derived figure is credited to us and lists its inputs."""
    with st.container(key=f"{page}-quote-card"):
        if not figure_id:
            return
        if figure_id.startswith(queries.EXTRACTED_PREFIX):
            _extracted_card(figure_id, page)
            return
        row = queries.figure(figure_id)
        if row is None:
            st.warning("That figure is not in this build of the data.")
            return
        about = md(f"{row['indicator']} — {row['entity']}, {row['period']}")
        st.caption(about)  # wraps, where a metric's label would be cut with an ellipsis on a phone
        # A metric, not a Markdown heading: Streamlit shrinks headings inside a dialog to 12 px.
        st.metric(about, md(row["label"]), label_visibility="collapsed")
        tags = [row["kind"], formatting.QUALIFIER_WORDS.get(row["qualifier"], row["qualifier"])]
        st.caption(md(" · ".join([*tags, "derived"] if row["derived"] else tags)))
        verification_line(row)
        if row["derived"]:
            _derived_details(row, page)
        else:
            _stated_details(row)
        st.caption("Cite this figure")
        st.code(citation(row), language=None, wrap_lines=True)
        if st.button("Close", key=f"{page}-close-card", icon=":material/close:"):
            pick(page, None)
            st.rerun()


def _extracted_card(key: str, page: str) -> None:
    """An extracted candidate's card: the same sentence and source as a figure's, saying loudly that a machine
    read it and nobody has checked it, with how sure the indicator suggestion is; no citation of ours."""
    row = queries.extracted_one(key)
    if row is None:
        st.warning("That extracted figure is not in this build of the data.")
        return
    st.caption(md(f"{row['indicator']} — {row['entity'] or 'entity unknown'}, {row['period'] or 'period unknown'}"))
    st.markdown(f"### {md(row['label'])}")
    qualifier = formatting.QUALIFIER_WORDS.get(row["qualifier"], row["qualifier"])
    st.caption(md(" · ".join([row["kind"], qualifier, formatting.EXTRACTED])))
    confidence = row["indicator_confidence"]
    st.warning(
        f"Machine-extracted, not reviewed: the extractor read this number, its entity, period and kind from the "
        f"sentence below, and suggested the indicator {row['indicator']!r}"
        + (f" with confidence {confidence:.2f} (0 to 1)" if confidence is not None else "")
        + ". Nobody has checked any of it; it is not in the curated data.",
        icon=":material/smart_toy:",
    )
    stored = formatting.base_value(row["value"], row["unit"], row.get("counts"))
    st.text(f"As written: {row['surface']}  (read as: {stored})")
    st.markdown(formatting.highlighted_quote(row["quote"], row["surface"]))
    if row["entity_new"]:
        st.text(f"Entity: {row['entity']} (new: not in data/entities.csv yet)")
    st.text(f"Produced by: {row['attributed_to']}")
    _publication(row)
    st.link_button("Open the article at this sentence", row["link"], icon=":material/open_in_new:")
    if navigation.review_works():
        st.page_link(
            navigation.REVIEW,
            label="Review it: add it to the curated data (pre-filled)",
            query_params={"candidate": key.removeprefix(queries.EXTRACTED_PREFIX)},
            icon=":material/rule:",
        )
    if st.button("Close", key=f"{page}-close-card", icon=":material/close:"):
        pick(page, None)
        st.rerun()


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


def verification_line(row: Mapping[str, Any]) -> None:
    """How and when the quote was verified; a figure that is not verified says so visibly."""
    note = formatting.verification_note(row.get("verification"), row.get("verified_on"), bool(row["derived"]))
    if row["verified"]:
        st.caption(md(note), help="See the README: what the verification ledger proves, and what it does not.")
    else:
        st.warning(note, icon=":material/gpp_maybe:")


def _stated_details(row: Mapping[str, Any]) -> None:
    stored = formatting.base_value(row["value"], row["unit"], row.get("counts"))
    st.text(f"As written: {row['surface']}  (normalised: {stored})")
    st.markdown(formatting.highlighted_quote(row["quote"], row["surface"]))
    st.text(f"Produced by: {row['attributed_to']}")
    _publication(row)
    _other_sources(row["figure_id"])
    if row.get("note"):
        st.text(f"Note: {row['note']}")
    st.link_button("Open the article at this sentence", row["link"], icon=":material/open_in_new:")
    st.page_link(
        navigation.SOURCES,
        label="This source in the app",
        query_params={"source": row["doc_id"], "figure": row["figure_id"]},
        icon=":material/article:",
    )


def _publication(row: Mapping[str, Any]) -> None:
    author = f" ({named})" if (named := formatting.byline(row["publisher"], row.get("author"))) else ""
    st.text(f"Published by: {row['publisher']}{author}, {row['vintage']}")
    st.text(f"Article: {row['title']}")


def _inputs(row: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [found for input_id in row["inputs"] or [] if (found := queries.figure(input_id)) is not None]


def _derived_details(row: Mapping[str, Any], page: str) -> None:
    st.text(f"Derived: {row['description']}")
    st.text(f"Formula: {row['formula']}")
    st.text(f"Produced by: {row['attributed_to']}")
    st.caption("Computed from these stated figures, each with its own producer, publisher and quote:")
    for source in _inputs(row):
        with st.container(border=True, key=f"{page}-input-card-{source['figure_id']}"):
            st.markdown(
                f"**{md(source['label'])}** — {md(source['indicator'])}, {md(source['entity'])} {md(source['period'])}"
            )
            st.text(f"Produced by: {source['attributed_to']}")
            _publication(source)
            st.markdown(formatting.highlighted_quote(source["quote"], source["surface"]))
            verification_line(source)
            st.link_button("Open the article at this sentence", source["link"], icon=":material/open_in_new:")
            st.button(
                "Open its quote card",
                key=f"{page}-input-{source['figure_id']}",
                on_click=pick,
                args=(page, source["figure_id"]),
            )


def citation(row: Mapping[str, Any]) -> str:
    if row["derived"]:
        return links.derived_citation(
            figure_id=row["figure_id"], label=row["label"], producer=row["attributed_to"],
            indicator=row["indicator"], entity=row["entity"], period=row["period"], formula=row["formula"],
            inputs=[citation(source) for source in _inputs(row)], build_id=queries.build_id(),
        )  # fmt: skip
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


def declared_card(lines: pd.DataFrame, page: str) -> None:
    """An Overview card as data/views.toml declares it: the lines of one card of `queries.overview_cards()`
    (its figure, related figures, its stated change), each the latest figure of its series."""

    def figures_of(role: str) -> list[str]:
        return [str(i) for i in lines.loc[lines["role"] == role, "figure_id"] if isinstance(i, str)]

    headline = lines[lines["role"] == "figure"].iloc[0]
    change = figures_of("change")
    metric_card(str(headline["title"]), next(iter(figures_of("figure")), None), page, tuple(figures_of("related")),
                change[0] if change else None)  # fmt: skip


def metric_card(
    title: str, figure_id: str | None, page: str, extras: tuple[str, ...] = (), delta: str | None = None
) -> None:
    """A headline figure: value, kind and producer, its trend from the previous point of its series, how many
    sources back the series, related figures, a quote button (None: the series has no figure in this build)."""
    row = queries.figure(figure_id) if figure_id else None
    series = pd.DataFrame()
    if row is not None:
        series = queries.figures(indicators=(row["indicator_id"],), entities=(row["entity"],), derived=False,
                                 per_indicator=None)  # fmt: skip
    with st.container(border=True, key=f"{page}-card-{figure_id}" if figure_id else None):
        if row is None:
            st.metric(md(title), "—")
            st.caption("This figure is not in this build of the data.")
            return
        change = queries.figure(delta) if delta else None
        stated, compared = formatting.stated_change(series, change) if change else (None, "")
        # The title as text that wraps: a metric's own label is cut with an ellipsis in a narrow column.
        st.markdown(f"**{md(title)}**", help=md(formatting.short(row["quote"] or row["description"], 200)))
        st.metric(
            md(title),
            md(formatting.human(row["value"], row["unit"], None, row["qualifier"])),
            delta=md(stated) if stated else None,
            delta_color="normal",
            label_visibility="collapsed",
        )
        if compared:  # a metric's delta is cut with an ellipsis in a narrow column; a caption wraps
            st.caption(md(f"{stated}: {compared}"))
        st.caption(md(f"{row['kind']} · {row['series']}"))
        trend = formatting.series_trend(series, str(figure_id))
        if trend:
            st.caption(md(trend))
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
    """How many figures the sources state, how many of their quotes are verified, and the build to cite."""
    info = queries.build_info()
    checked = queries.verification()
    st.caption(
        md(
            f"{info.get('figures', '?')} figures quoted from {info.get('sources', '?')} sources (figures derived "
            "from them not counted) · "
            + formatting.verification_summary(checked["figures"], checked["verified"], checked["last_checked"])
            + f" · data build {info.get('build_id', '?')}"
        )
    )


# --- consistency checks ----------------------------------------------------------------------

CHECK_STATUS = {"pass": "pass", "fail": "FAIL", "missing input": "missing input"}


def checks_table(checks: pd.DataFrame, sources: Mapping[str, str]) -> pd.DataFrame:
    """Checks as a reader sees them: status, the check in words, its formula as maths, values and inputs."""
    return pd.DataFrame(
        {
            "Status": checks["status"].map(lambda s: CHECK_STATUS.get(s, s)),
            "Check": [formatting.named(d, sources) for d in checks["description"]],
            "Formula": [formatting.readable_formula(f) for f in checks["formula"]],
            "Expected": [formatting.number(v) if pd.notna(v) else "" for v in checks["expected"]],
            "Actual": [formatting.number(v) if pd.notna(v) else "" for v in checks["actual"]],
            "Tolerance": [f"{v:.0%}" if pd.notna(v) else "" for v in checks["tolerance"]],
            "Inputs": input_names(checks["inputs"]),
        }
    )


def disagreements_table(rows: pd.DataFrame, sources: Mapping[str, str], names: Mapping[str, str]) -> pd.DataFrame:
    """Disagreements as a reader sees them: what differs first (both values, then which article says each, by its
    title: one publisher can say both), the quotes last, so rows tell apart in the columns a screen shows."""
    return pd.DataFrame(
        {
            "Figure": [f"{names.get(i, i)} — {e}, {p}" for i, e, p in zip(rows["indicator_id"], rows["entity"],
                       rows["period"], strict=True)],
            "One source says": _said(rows, "value"),
            "Other source says": _said(rows, "other_value"),
            "Source": [sources.get(d, p) for d, p in zip(rows["doc_id"], rows["publisher"], strict=True)],
            "Other source": [sources.get(d, p) for d, p in zip(rows["other_doc_id"], rows["other_publisher"],
                             strict=True)],
            "Quote": rows["quote"],
            "Other quote": rows["other_quote"],
        }
    )  # fmt: skip


def _said(rows: pd.DataFrame, column: str) -> list[str]:
    """Each row's value in `column` with its unit, as a source writes it ('1T tokens/day', '$38B')."""
    return [formatting.human(v, u, c) for v, u, c in zip(rows[column], rows["unit"], rows["counts"], strict=True)]


def input_names(inputs: Iterable[Iterable[str]]) -> list[str]:
    """Each row's input figures by name (`queries.figure_names`), joined by semicolons; an id stays only where
    no figure has it (a missing input)."""
    lists = [list(ids) for ids in inputs]
    names = queries.figure_names({figure_id for ids in lists for figure_id in ids})
    return ["; ".join(names.get(figure_id, figure_id) for figure_id in ids) for ids in lists]
