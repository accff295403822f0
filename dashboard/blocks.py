"""What one chart block shows (rows, figure, summary, table), built once per query and database and shared.

Twenty visitors making the same choice cost one build: `chart` is cached with `queries.shared`, keyed
by the database identity, the query, the indicator and the chart type, so every session gets the same
objects without a copy. They are read-only: nothing that receives them may change them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import orjson
import pandas as pd
import plotly.graph_objects as go
import plotly.io
import pyarrow as pa

from dashboard import charts, formatting, queries


class FinishedSpec(dict[str, Any]):
    """A figure's dict that also holds the JSON Plotly made of it, once.

    `st.plotly_chart` serializes the figure on every rerun. Plotly's orjson engine asks an object for
    `to_plotly_json()` first and writes an `orjson.Fragment` as it is, so this dict hands over the JSON made
    when the chart was built (by Plotly's own encoder: the same text as before) instead of encoding it again.
    """

    def __init__(self, spec: dict[str, Any]):
        super().__init__(spec)
        self.json = plotly.io.to_json(spec, validate=False, engine="json")

    def to_plotly_json(self) -> orjson.Fragment:
        return orjson.Fragment(self.json)


class FinishedFigure(go.Figure):
    """A figure drawn from our own rows, whose dict and JSON are made once.

    `st.plotly_chart` turns a Figure into a dict with `to_dict()` on every rerun (a deep copy and base64
    of every array) and validates a plain dict property by property (tens of ms a chart); the figure was
    valid when `charts` built it, so this hands over the dict (and JSON, `FinishedSpec`) made then.
    """

    def __init__(self, figure: go.Figure):
        spec = figure.to_dict()
        super().__init__(spec, _validate=False)  # moves each trace's "type" last, in `spec` itself
        self._spec = FinishedSpec(spec)  # so the JSON is made of the dict as Streamlit will hold it

    def to_dict(self) -> dict[str, Any]:
        return self._spec

    def to_plotly_json(self) -> dict[str, Any]:
        return self._spec


@dataclass(frozen=True)
class ChartBlock:
    """The parts of one chart block; shared between sessions, never to be modified."""

    rows: pd.DataFrame
    """The rows the chart draws, in drawing order (charts.plotted_rows)."""
    figure: FinishedFigure
    summary: str
    """One sentence saying what the chart shows (heading caption and the chart's accessible name)."""
    table: pd.DataFrame
    """The rows as the table under the chart shows them (`table_view`)."""
    arrow: pa.Table
    """`table` in Arrow, what `st.dataframe` sends (converted once, not on every rerun)."""
    shown: int
    matched: int


def chart(query: queries.Query, indicator_id: str, chart_type: str | None = None) -> ChartBlock:
    """One indicator's chart block for a query (`chart_type` overrides the indicator's own chart)."""
    sure = queries.EXTRACTED_MIN_CONFIDENCE if query.extracted else None
    return _chart(queries.current(), query, indicator_id, chart_type, sure)


def entity_colours() -> Mapping[str, str]:
    """Each entity's one colour in every chart of this database, no two alike in one chart (computed once)."""
    return _entity_colours(queries.current())


@queries.shared(maxsize=4)
def _entity_colours(db: queries.DbKey) -> Mapping[str, str]:
    return MappingProxyType(charts.assign_colours(queries.charted_together()))


def indicators_with_figures(query: queries.Query) -> frozenset[str]:
    """The query's indicators that have at least one figure (those that get a chart)."""
    return _indicators_with_figures(queries.current(), query)


@queries.shared(maxsize=256)
def _indicators_with_figures(db: queries.DbKey, query: queries.Query) -> frozenset[str]:
    return frozenset(queries.figures(**query.arguments())["indicator_id"])


@queries.shared(maxsize=256)
def _chart(
    db: queries.DbKey, query: queries.Query, indicator_id: str, chart_type: str | None, sure: float | None
) -> ChartBlock:
    """`sure`: the confidence an extracted figure's suggestion needs to be drawn (part of the cache key)."""
    if chart_type == charts.VINTAGES:  # every vintage is the point of the chart: a wider cut than other charts
        rows = queries.figures(**query.arguments(), per_indicator=queries.VINTAGE_ROWS)
    else:
        rows = queries.figures(**query.arguments())
    rows = rows[rows["indicator_id"] == indicator_id]
    if query.extracted:
        found = queries.extracted(query)
        listed = found[(found["indicator_id"] == indicator_id) & (found["not_drawn"] == "")]
        rows = pd.concat([rows.assign(extracted=False), listed], ignore_index=True) if not listed.empty else rows
    drawn = chart_type or queries.catalog().charts.get(indicator_id, "bar")
    shown = charts.plotted_rows(rows, drawn)
    unit = str(shown["unit"].iloc[0]) if not shown.empty else ""
    name = queries.catalog().indicators.get(indicator_id, indicator_id)
    table = table_view(shown)
    count, matched = queries.shown_of(shown)
    return ChartBlock(
        rows=shown,
        figure=FinishedFigure(charts.figure(shown, drawn, "", unit, entity_colours())),
        summary=formatting.summary(shown, name, drawn),
        table=table,
        arrow=pa.Table.from_pandas(table, preserve_index=False),
        shown=count,
        matched=matched,
    )


def table_view(rows: pd.DataFrame, indicator: bool = False) -> pd.DataFrame:
    """The rows under a chart as people read them, with quote and link columns: who produced each figure and when
    it was published come before the wide quote, where a laptop shows them without a scroll."""
    remainder = rows["is_remainder"] if "is_remainder" in rows else [False] * len(rows)
    quotes = [
        "(remainder: 100% minus the shares shown)" if rest else f"(derived: {formula})" if derived
        else formatting.readable_quote(quote)
        for rest, derived, formula, quote in zip(remainder, rows["derived"], rows["formula"], rows["quote"],
                                                 strict=True)
    ]  # fmt: skip
    table = pd.DataFrame(
        {
            "Figure": rows["label"],
            "Indicator": rows["indicator"],
            "Entity": rows["entity"],
            "Period": rows["period"],
            "Produced by": rows["attributed_to"],
            "Published": rows["vintage"],
            "Quote": quotes,
            "Link": rows["link"],
            "Kind": [
                f"{k}, {formatting.EXTRACTED}" if e else f"{k}, derived" if d else k
                for k, d, e in zip(rows["kind"], rows["derived"], charts.extracted(rows), strict=True)
            ],
            "Publisher": rows["publisher"],
            "As written": rows["surface"].fillna(""),
            "Verified": rows["verified"],
            "Figure id": rows["figure_id"],
        }
    )
    return table if indicator else table.drop(columns="Indicator")


@dataclass(frozen=True)
class Listing:
    """A table as shown (with its Arrow form, what `st.dataframe` sends) and the id of each of its rows."""

    ids: tuple[str, ...]
    table: pd.DataFrame
    arrow: pa.Table


CATALOGUE_COLUMNS = {
    "topic": "Topic", "name": "Indicator", "figures": "Figures", "sources": "Sources", "entities": "Entities",
    "producers": "Produced by", "description": "What it measures",
}  # fmt: skip
CATALOGUE_SEARCHED = ("name", "description", "entities", "producers", "topic")


def indicator_catalogue(search: str = "") -> Listing:
    """Indicators with figures, by topic, those whose name, description, entities, producers or topic contain
    `search` (any case); the unsearched list is the same for every visitor and built once."""
    return _indicator_catalogue(queries.current(), search.strip().lower())


@queries.shared(maxsize=64)
def _indicator_catalogue(db: queries.DbKey, text: str) -> Listing:
    table = queries.indicator_catalogue()
    if text:
        searched = table[list(CATALOGUE_SEARCHED)].fillna("")
        table = table[searched.apply(lambda column: column.str.lower().str.contains(text, regex=False)).any(axis=1)]
    shown = table[list(CATALOGUE_COLUMNS)].rename(columns=CATALOGUE_COLUMNS)
    return Listing(tuple(table["indicator_id"]), shown, pa.Table.from_pandas(shown, preserve_index=False))
