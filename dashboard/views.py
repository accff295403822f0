"""Ready views, declared in data/views.toml and read from the database's `views` table: each is a page of
the app drawn by the same code (Explore is the one with the indicator catalogue).

`pages()` gives one `st.Page` per view at its address (`/<key>`); `render(preset)` draws the filters, one
chart per chosen indicator (each with its table and CSV), and the quote card. Every selection lives in
the URL; a shared URL reproduces the view.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, cast

import pandas as pd
import streamlit as st
from pydantic import ConfigDict

from dashboard import blocks, components, queries, state
from dashboard.formatting import EXTRACTED
from dashboard.formatting import escape_markdown as md
from etl.models import ViewRow
from etl.vocabulary import KINDS

PARAMS = ("indicator", "entity", "kind", "source", "producer", "from", "to", "derived", "extracted")


class Preset(ViewRow):
    """A ready view as declared: a `[[view]]` of data/views.toml (`etl.models.ViewRow` declares and checks each
    field), read back from a row of the database's `views` table. Shared by every session: read-only."""

    model_config = ConfigDict(frozen=True)

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> Preset:
        """The view of a row of `queries.views()` (its `view_id` is the declared `key`)."""
        return cls(key=row["view_id"], **{name: row[name] for name in ViewRow.model_fields if name != "key"})

    def defaults(self, catalog: queries.Catalog) -> dict[str, object]:
        """Default value of each URL parameter, restricted to what the database has."""
        return {
            "indicator": tuple(i for i in self.indicators if i in catalog.indicators),
            "entity": tuple(e for e in self.entities if e in catalog.entities),
            "kind": tuple(k for k in self.kinds if k in catalog.kinds),
            "source": tuple(s for s in self.sources if s in catalog.sources),
            "producer": tuple(p for p in self.producers if p in catalog.producers),
            "from": catalog.years[0],
            "to": catalog.years[1],
            "derived": self.derived,
            "extracted": self.extracted,
            "figure": None,
        }


def declared() -> Mapping[str, Preset]:
    """Every ready view of this build by key, in navigation order (made once per database, shared)."""
    return _declared(queries.current())


@queries.shared(maxsize=4)
def _declared(db: queries.DbKey) -> Mapping[str, Preset]:
    return MappingProxyType({row["view_id"]: Preset.of(row) for row in queries.views()})


def catalogue_view() -> Preset | None:
    """The view with the indicator catalogue (Explore), which the other views link to."""
    return next((preset for preset in declared().values() if preset.catalogue), None)


def page(preset: Preset) -> st.Page:
    """The view's page at /<key> (pages are told apart by address, so this is the same page on every call)."""
    return st.Page(functools.partial(show, preset.key), title=preset.title, icon=preset.icon, url_path=preset.key)


def pages() -> list[tuple[str, st.Page]]:
    """(sidebar section, page) of every view, in navigation order."""
    return [(preset.section, page(preset)) for preset in declared().values()]


def show(key: str) -> None:
    """Draw the view `key` (the body of its page)."""
    render(declared()[key])


def spec(catalog: queries.Catalog) -> dict[str, state.Validator]:
    return {
        "indicator": state.choices(catalog.indicators, "indicator"),
        "entity": state.choices(catalog.entities, "entity"),
        "kind": state.choices(KINDS, "kind of figure"),
        "source": state.choices(catalog.sources, "source"),
        "producer": state.choices(catalog.producers, "producer"),
        "from": state.year(),
        "to": state.year(),
        "derived": state.flag(),
        "extracted": state.flag(),
        **components.figure_spec(),
    }


def _initial(parsed: state.Parsed, defaults: dict[str, object], catalog: queries.Catalog) -> dict[str, object]:
    values = {name: parsed.get(name, defaults[name]) for name in PARAMS}
    low, high = catalog.years
    start = min(max(int(cast(int, values["from"])), low), high)
    end = min(max(int(cast(int, values["to"])), low), high)
    if start > end:
        parsed.notices.append("Ignored the period in the URL: it ends before it starts.")
        start, end = low, high
    values["from"], values["to"] = start, end
    return values


def _filters(preset: Preset, catalog: queries.Catalog) -> None:
    """The view's filters, a fragment of their own: a change reruns only the charts (`redraw`), so the filters,
    already drawn in the browser as the visitor set them, are not sent again."""
    k = preset.key
    redraw = functools.partial(_redraw_charts, k)
    with st.expander(
        "Filters (saved in the page address: copy it to share this view)",
        expanded=preset.filters_expanded,
        key=f"{k}-filters",  # folded in a narrow window by dashboard/fold_filters.js
    ):
        left, middle, right = st.columns(3)
        pick = components.filter_multiselect
        pick(left, "Indicators", catalog.indicators, format_func=lambda key: catalog.indicators.get(key, key),
             key=f"{k}-indicator", on_change=redraw)  # fmt: skip
        pick(middle, "Entities", catalog.entities, key=f"{k}-entity", on_change=redraw)
        pick(right, "Kinds", KINDS, key=f"{k}-kind", on_change=redraw)
        options = queries.recent_sources()
        options += [s for s in st.session_state.get(f"{k}-source", []) if s not in options]
        pick(left, "Sources", options, format_func=lambda key: catalog.sources.get(key, key), key=f"{k}-source",
             on_change=redraw)  # fmt: skip
        if len(catalog.sources) > len(options):
            left.caption(f"Offers the {queries.SOURCE_OPTIONS:,} most recent of {len(catalog.sources):,} sources.")
        pick(middle, "Produced by", catalog.producers, key=f"{k}-producer", on_change=redraw)
        low, high = catalog.years
        right.slider("Period (years)", min_value=low, max_value=max(high, low + 1), key=f"{k}-period", on_change=redraw)
        st.toggle("Show derived figures (computed from stated ones)", key=f"{k}-derived", on_change=redraw)
        found = extracted_found()
        st.toggle(
            "Include extracted, unreviewed figures",
            key=f"{k}-extracted",
            on_change=redraw,
            disabled=not found,
            help="Figures the extractor found in the source texts that nobody has reviewed yet, drawn apart "
            f"(⊗, labelled '{EXTRACTED}') on the chart of the indicator they most likely measure."
            + ("" if found else NONE_EXTRACTED),
        )


NONE_EXTRACTED = " This copy of the app has none: the extractor reads the articles' texts, not published with it."
"""Why the switch is off where the build found no unreviewed figure: it drew nothing and said, under every chart,
that none was suggested for that indicator."""


def extracted_found() -> bool:
    """Whether this build found any figure nobody has reviewed (none without the source texts)."""
    return bool(queries.build_info().get("uncurated_candidates"))


def _filters_key(k: str) -> str:
    return f"{k}-filters-fragment"


def _charts_key(k: str) -> str:
    return f"{k}-charts"


def _redraw_charts(k: str) -> None:
    """A filter's callback: rerun the view's charts alone (their fragment reads the filters' new values)."""
    st.rerun(_charts_key(k))


CHARTS_PER_PAGE = 6
"""At most this many charts on one page of a view; the rest are paged."""


def render(preset: Preset) -> None:
    """Title, filters and charts of a view; a click anywhere opens the quote dialog."""
    catalog = queries.catalog()
    k = preset.key
    parsed = components.read_url(spec(catalog))
    components.start_page(k, parsed.get("figure"))
    defaults = preset.defaults(catalog)
    st.title(preset.title, anchor=False)
    st.caption(md(preset.intro))
    components.show_notices(parsed)
    if f"{k}-indicator" not in st.session_state:
        values = _initial(parsed, defaults, catalog)
        for name in ("indicator", "entity", "kind", "source", "producer"):
            st.session_state[f"{k}-{name}"] = list(cast(Iterable[str], values[name]))
        st.session_state[f"{k}-period"] = (values["from"], values["to"])
        st.session_state[f"{k}-derived"] = bool(values["derived"])
        st.session_state[f"{k}-extracted"] = bool(values["extracted"]) and extracted_found()
    if components.embedded():
        _embedded(preset)
        return
    if preset.catalogue:
        charts_tab, catalogue_tab, search_tab = st.tabs(["Charts", "Indicator catalogue", "Search every figure"])
        with catalogue_tab:
            _catalogue(k)
        with search_tab:
            _search(k)
        with charts_tab:
            _view(preset, defaults)
    else:
        _view(preset, defaults)


@st.fragment
def _catalogue(k: str) -> None:
    """Indicators by topic with how many figures and sources each has; search by name, description, entity
    or producer; the selected rows become the charted indicators."""
    wanted = st.text_input(
        "Find indicators by name, description, entity or producer", key=f"{k}-catalogue-search",
        placeholder="e.g. spending, Baidu, CAICT",
    )  # fmt: skip
    listing = blocks.indicator_catalogue(wanted)
    st.caption(f"{len(listing.ids):,} indicators. Select rows, then chart them.")
    event = st.dataframe(
        listing.arrow, hide_index=True, key=f"{k}-catalogue", on_select="rerun", selection_mode="multi-row"
    )
    chosen = [listing.ids[i] for i in (event["selection"]["rows"] if event else []) if i < len(listing.ids)]
    if st.button(
        f"Chart the {len(chosen)} selected indicators" if chosen else "Select indicators above to chart them",
        disabled=not chosen, key=f"{k}-catalogue-chart", icon=":material/query_stats:",
    ):  # fmt: skip
        st.session_state[f"{k}-indicator"] = chosen
        st.session_state.pop(f"{k}-chart-page", None)
        st.rerun(scope="app")


@st.fragment
def _search(k: str) -> None:
    """A search over every stated figure's quote and figure as written; a result row opens its quote."""
    text = st.text_input(
        "Search every figure's quote, figure as written, entity, producer and source",
        key=f"{k}-figure-search", placeholder="e.g. Ernie, EFLOPS, Gartner",
    )  # fmt: skip
    if not text.strip():
        return
    found = queries.search(text)
    if found.empty:
        st.info("No figure's quote or source mentions that.")
        return
    more = " (the most recent shown)" if len(found) >= queries.SEARCH_ROWS else ""
    st.caption(f"{len(found):,} figures{more}. Select a row for its quote and source.")
    clicked = components.figures_table(found, key=f"{k}-search-results", indicator=True, selectable=True)
    components.take_click(k, f"{k}-search-results", clicked)


def _view(preset: Preset, defaults: dict[str, object]) -> None:
    """Filters and charts, each a fragment: a filter change reruns the charts alone, a chart click only the quote."""
    catalog = queries.catalog()
    st.fragment(_filters, key=_filters_key(preset.key))(preset, catalog)
    st.fragment(_charts, key=_charts_key(preset.key))(preset, defaults)


def _charts(preset: Preset, defaults: dict[str, object]) -> None:
    """The charts of the filters' current values, the link to Explore, the checks, and the page's address."""
    catalog = queries.catalog()
    k = preset.key
    chosen = {
        name: tuple(st.session_state[f"{k}-{name}"]) for name in ("indicator", "entity", "kind", "source", "producer")
    }
    year_from, year_to = st.session_state[f"{k}-period"]
    derived = bool(st.session_state[f"{k}-derived"])
    extracted = bool(st.session_state.get(f"{k}-extracted", False))
    query = queries.Query(
        indicators=chosen["indicator"], entities=chosen["entity"], kinds=chosen["kind"], sources=chosen["source"],
        producers=chosen["producer"], year_from=year_from, year_to=year_to, derived=derived, extracted=extracted,
    )  # fmt: skip
    values = {**_values(chosen, year_from, year_to, derived, extracted), "figure": st.session_state.get(f"{k}-figure")}
    explore = catalogue_view()
    if explore is not None and not preset.catalogue:
        st.page_link(
            page(explore),
            label=f"Open this view in {explore.title} (all filters)",
            query_params=state.encode(values, explore.defaults(catalog)),
            icon=explore.icon,
        )
    present = blocks.indicators_with_figures(query)
    if not chosen["indicator"]:
        st.info("Choose at least one indicator in the filters.")
    elif not present:
        st.info("No figures match these filters.", icon=":material/filter_alt_off:")
        st.button(
            "Clear the filters (back to this view's defaults)",
            key=f"{k}-clear",
            on_click=_reset,
            args=(preset, defaults),
            icon=":material/filter_alt_off:",
        )
    for indicator_id in _paged([i for i in chosen["indicator"] if i in present], k):
        components.chart_block(
            query, indicator_id, k, preset.key, f"{k}-{indicator_id}", definition=preset.definitions,
            chart=preset.charts.get(indicator_id),
        )  # fmt: skip
    if preset.checks:
        _checks(queries.figures(**query.arguments()), k)
    missing = [catalog.indicators.get(i, i) for i in chosen["indicator"] if i not in present]
    if missing and present:
        st.caption(md(f"No figures match these filters for: {', '.join(missing)}."))
    components.write_url({**values, "figure": st.session_state.get(f"{k}-figure")}, defaults)
    components.share_links()


def _checks(rows: pd.DataFrame, k: str) -> None:
    """The consistency checks (data/checks.csv) whose inputs include a figure this view shows."""
    shown = set(rows["figure_id"])
    checks = queries.checks()
    checks = checks[[bool(shown & set(inputs)) for inputs in checks["inputs"]]]
    if checks.empty:
        return
    st.header("Stated multiples against the points", anchor=False)
    st.caption(f"{len(checks)} consistency checks use the figures above; the Checks page lists them all.")
    st.dataframe(
        components.checks_table(checks, queries.catalog().sources),
        hide_index=True,
        key=f"{k}-checks-table",
        column_config={"Check": st.column_config.TextColumn(width="large")},
    )


def _embedded(preset: Preset) -> None:
    """`?embed=true`: the view's first chart alone, with its source line (for an iframe on another site)."""
    k = preset.key
    chosen = {name: tuple(st.session_state[f"{k}-{name}"]) for name in ("indicator", "entity", "kind", "source",
                                                                         "producer")}  # fmt: skip
    year_from, year_to = st.session_state[f"{k}-period"]
    query = queries.Query(
        indicators=chosen["indicator"], entities=chosen["entity"], kinds=chosen["kind"], sources=chosen["source"],
        producers=chosen["producer"], year_from=year_from, year_to=year_to,
        derived=bool(st.session_state[f"{k}-derived"]), extracted=bool(st.session_state.get(f"{k}-extracted", False)),
    )  # fmt: skip
    present = blocks.indicators_with_figures(query)
    shown = [i for i in chosen["indicator"] if i in present][:1]
    if not shown:
        st.info("No figures match this view.")
        return
    components.chart_block(
        query, shown[0], k, preset.key, f"{k}-{shown[0]}", embedded=True, chart=preset.charts.get(shown[0])
    )


def _paged(indicator_ids: list[str], k: str) -> list[str]:
    """The indicators of the current page of charts (CHARTS_PER_PAGE at a time)."""
    if len(indicator_ids) <= CHARTS_PER_PAGE:
        return indicator_ids
    pages = (len(indicator_ids) + CHARTS_PER_PAGE - 1) // CHARTS_PER_PAGE
    number = st.number_input(
        f"Page of charts (of {pages}; {CHARTS_PER_PAGE} charts a page, {len(indicator_ids)} in all)",
        min_value=1, max_value=pages, value=1, key=f"{k}-chart-page",
    )  # fmt: skip
    first = (int(number) - 1) * CHARTS_PER_PAGE
    return indicator_ids[first : first + CHARTS_PER_PAGE]


def _reset(preset: Preset, defaults: dict[str, object]) -> None:
    """Put every filter of the view back to its default (the way back from an empty result), and redraw the
    filters with the charts."""
    k = preset.key
    for name in ("indicator", "entity", "kind", "source", "producer"):
        st.session_state[f"{k}-{name}"] = list(defaults[name])  # type: ignore[call-overload]
    st.session_state[f"{k}-period"] = (defaults["from"], defaults["to"])
    st.session_state[f"{k}-derived"] = bool(defaults["derived"])
    st.session_state[f"{k}-extracted"] = bool(defaults["extracted"])
    st.rerun([_filters_key(k), _charts_key(k)])


def _values(
    chosen: dict[str, tuple[str, ...]], year_from: int, year_to: int, derived: bool, extracted: bool = False
) -> dict[str, object]:
    return {**chosen, "from": year_from, "to": year_to, "derived": derived, "extracted": extracted}
