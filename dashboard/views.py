"""Explore and its presets: the ready views are Explore with other defaults.

`render(preset)` draws the filters, one chart per chosen indicator (each with its table and CSV),
and the quote card. Every selection lives in the URL; a shared URL reproduces the view.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from dashboard import components, queries, state
from dashboard.formatting import escape_markdown as md
from etl.vocabulary import KINDS

PARAMS = ("indicator", "entity", "kind", "source", "producer", "from", "to", "derived")


@dataclass(frozen=True)
class Preset:
    key: str
    """Widget-key prefix, view name in file names."""
    title: str
    intro: str
    indicators: tuple[str, ...]
    entities: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    producers: tuple[str, ...] = ()
    derived: bool = True
    filters_expanded: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

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
            "figure": None,
        }


EXPLORE = Preset(
    key="explore",
    title="Explore",
    intro="Choose indicators, entities, kinds of figure, sources and a period. Each indicator gets the chart "
    "that fits it; click any point for its quote.",
    indicators=("ai_spending", "llm_share", "api_calls_daily"),
    filters_expanded=True,
)
IDC_SPENDING = Preset(
    key="idc-ai-spending",
    title="IDC AI spending forecasts",
    intro="IDC's forecast of China's AI spending in 2027, its share of the world market and its growth rate, "
    "with what they imply for global spending (derived, marked as such).",
    indicators=("ai_spending", "ai_spending_share_of_global", "ai_spending_cagr"),
    producers=("IDC",),
)
LLMS_BY_COUNTRY = Preset(
    key="llms-by-country",
    title="LLMs by country",
    intro="CAICT's count of the world's large language models and the shares from China and the United States; "
    "the rest of the world is the remainder.",
    indicators=("llm_share", "llm_count"),
)
ERNIE_API_CALLS = Preset(
    key="ernie-api-calls",
    title="Ernie API calls",
    intro="Baidu's daily API calls to its Ernie models a year apart, and the stated growth multiple; the derived "
    "point checks that 50 million × 30 agrees with 1.5 billion.",
    indicators=("api_calls_daily", "api_calls_growth"),
    entities=("Baidu",),
)
PRESETS = {preset.key: preset for preset in (EXPLORE, IDC_SPENDING, LLMS_BY_COUNTRY, ERNIE_API_CALLS)}


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
        "figure": state.choices(catalog.figure_ids, "figure", multi=False),
    }


def _initial(parsed: state.Parsed, defaults: dict[str, object], catalog: queries.Catalog) -> dict[str, object]:
    values = {name: parsed.get(name, defaults[name]) for name in PARAMS}
    low, high = catalog.years
    start = min(max(int(values["from"]), low), high)
    end = min(max(int(values["to"]), low), high)
    if start > end:
        parsed.notices.append("Ignored the period in the URL: it ends before it starts.")
        start, end = low, high
    values["from"], values["to"] = start, end
    return values


def _filters(preset: Preset, catalog: queries.Catalog) -> None:
    k = preset.key
    with st.expander(
        "Filters (saved in the page address: copy it to share this view)", expanded=preset.filters_expanded
    ):
        left, middle, right = st.columns(3)
        left.multiselect(
            "Indicators", options=list(catalog.indicators), format_func=catalog.indicators.get, key=f"{k}-indicator"
        )
        middle.multiselect("Entities (none = all)", options=list(catalog.entities), key=f"{k}-entity")
        right.multiselect("Kinds (none = all)", options=list(KINDS), key=f"{k}-kind")
        options = queries.recent_sources()
        options += [s for s in st.session_state.get(f"{k}-source", []) if s not in options]
        left.multiselect("Sources (none = all)", options=options, format_func=catalog.sources.get, key=f"{k}-source")
        if len(catalog.sources) > len(options):
            left.caption(f"Offers the {queries.SOURCE_OPTIONS:,} most recent of {len(catalog.sources):,} sources.")
        middle.multiselect("Produced by (none = all)", options=list(catalog.producers), key=f"{k}-producer")
        low, high = catalog.years
        right.slider("Period (years)", min_value=low, max_value=max(high, low + 1), key=f"{k}-period")
        st.toggle("Show derived figures (computed from stated ones)", key=f"{k}-derived")


def render(preset: Preset) -> None:
    catalog = queries.catalog()
    k = preset.key
    parsed = components.read_url(spec(catalog))
    defaults = preset.defaults(catalog)
    st.title(md(preset.title), anchor=False)
    st.caption(md(preset.intro))
    components.show_notices(parsed)
    if f"{k}-indicator" not in st.session_state:
        values = _initial(parsed, defaults, catalog)
        for name in ("indicator", "entity", "kind", "source", "producer"):
            st.session_state[f"{k}-{name}"] = list(values[name])
        st.session_state[f"{k}-period"] = (values["from"], values["to"])
        st.session_state[f"{k}-derived"] = bool(values["derived"])
    _filters(preset, catalog)
    chosen = {
        name: tuple(st.session_state[f"{k}-{name}"]) for name in ("indicator", "entity", "kind", "source", "producer")
    }
    year_from, year_to = st.session_state[f"{k}-period"]
    derived = bool(st.session_state[f"{k}-derived"])
    rows = queries.figures(
        indicators=chosen["indicator"], entities=chosen["entity"], kinds=chosen["kind"], sources=chosen["source"],
        producers=chosen["producer"], year_from=year_from, year_to=year_to, derived=derived,
    )  # fmt: skip
    charts_column, card_column = st.columns([2, 1], gap="large")
    card_slot = card_column.container()
    selections: dict[str, list[str]] = {}
    with charts_column:
        if not chosen["indicator"]:
            st.info("Choose at least one indicator in the filters.")
        elif rows.empty:
            st.info("No figures match these filters.", icon=":material/filter_alt_off:")
            st.button(
                "Clear the filters (back to this view's defaults)",
                key=f"{k}-clear",
                on_click=_reset,
                args=(preset, defaults),
                icon=":material/filter_alt_off:",
            )
        for indicator_id in chosen["indicator"]:
            subset = rows[rows["indicator_id"] == indicator_id]
            if subset.empty:
                name = catalog.indicators.get(indicator_id, indicator_id)
                st.info(md(f"{name}: no figures match the current filters."))
                continue
            key = f"{k}-{indicator_id}"
            selections[key] = components.chart_block(subset, indicator_id, preset.key, key)
    figure_id = components.current_pick(k, parsed.get("figure"), selections)
    with card_slot:
        components.quote_card(figure_id, k)
        if preset is not EXPLORE:
            explore_values = {**_values(chosen, year_from, year_to, derived), "figure": figure_id}
            st.page_link(
                components.navigation.EXPLORE,
                label="Open this view in Explore",
                query_params=state.encode(explore_values, EXPLORE.defaults(catalog)),
                icon=":material/query_stats:",
            )
    components.write_url({**_values(chosen, year_from, year_to, derived), "figure": figure_id}, defaults)


def _reset(preset: Preset, defaults: dict[str, object]) -> None:
    """Put every filter of the view back to its default (the way back from an empty result)."""
    k = preset.key
    for name in ("indicator", "entity", "kind", "source", "producer"):
        st.session_state[f"{k}-{name}"] = list(defaults[name])  # type: ignore[call-overload]
    st.session_state[f"{k}-period"] = (defaults["from"], defaults["to"])
    st.session_state[f"{k}-derived"] = bool(defaults["derived"])


def _values(chosen: dict[str, tuple[str, ...]], year_from: int, year_to: int, derived: bool) -> dict[str, object]:
    return {**chosen, "from": year_from, "to": year_to, "derived": derived}
