"""Chart blocks built once and shared: what a visitor sees is what the chart functions draw from the rows,
the table lists the chart's points, and showing a block (a click, a filter) never changes the shared copy."""

from __future__ import annotations

import json

import pandas as pd
import plotly.io as pio
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import blocks, charts, queries
from tests.test_app import chart_ids, open_page, select

pytestmark = pytest.mark.usefixtures("database")


def explore_query(at: AppTest) -> queries.Query:
    state = at.session_state
    year_from, year_to = state["explore-period"]
    return queries.Query(
        indicators=tuple(state["explore-indicator"]), entities=tuple(state["explore-entity"]),
        kinds=tuple(state["explore-kind"]), sources=tuple(state["explore-source"]),
        producers=tuple(state["explore-producer"]), year_from=year_from, year_to=year_to,
        derived=bool(state["explore-derived"]),
    )  # fmt: skip


def test_the_chart_sent_is_the_figure_drawn_from_its_rows() -> None:
    at = open_page("explore")
    query = explore_query(at)
    sent = {chart.proto.id.split("-", 2)[-1]: json.loads(chart.proto.spec) for chart in at.get("plotly_chart")}
    assert sent
    for key, spec in sent.items():
        indicator_id = key.removeprefix("explore-").removesuffix("-chart")
        rows = blocks.chart(query, indicator_id).rows
        chart = queries.catalog().charts[indicator_id]
        figure = charts.figure(rows, chart, "", str(rows["unit"].iloc[0]))
        drawn = json.loads(pio.to_json(figure, engine="json"))  # the encoder a finished figure's JSON is made with
        assert spec["data"] == drawn["data"]
        assert spec["layout"]["yaxis"] == drawn["layout"]["yaxis"]


def test_the_table_under_a_chart_lists_its_points() -> None:
    at = open_page("explore")
    tables = {frame.proto.id.split("-", 2)[-1]: frame.value for frame in at.dataframe}
    for key, ids in chart_ids(at).items():
        table = tables[key.removesuffix("-chart") + "-table"]
        assert sorted(table["Figure id"].replace("", pd.NA).dropna()) == sorted(i for i in ids if i)
        assert {"Quote", "Link", "Verified"} <= set(table.columns)
        before_quote = list(table.columns[: list(table.columns).index("Quote")])
        assert {"Produced by", "Published"} <= set(before_quote), "who and when, seen without a scroll"


def test_showing_a_block_leaves_the_shared_copy_as_it_was() -> None:
    at = open_page("explore")
    query = explore_query(at)
    shared = {i: blocks.chart(query, i) for i in query.indicators if i in blocks.indicators_with_figures(query)}
    before = {i: (block.rows.copy(), block.table.copy(), _walked(block.figure)) for i, block in shared.items()}
    select(at, "explore-ai_spending-chart", "tiny-daily-china-ai-spending-2027")
    at.toggle(key="explore-derived").set_value(False).run()
    for indicator_id, block in shared.items():
        rows, table, spec = before[indicator_id]
        assert blocks.chart(query, indicator_id) is block, "the same choice reuses the block"
        pd.testing.assert_frame_equal(block.rows, rows)
        pd.testing.assert_frame_equal(block.table, table)
        assert _walked(block.figure) == spec
        assert pio.to_json(block.figure.to_dict(), validate=False) == spec, "the JSON sent is still the figure's"


def _walked(figure: blocks.FinishedFigure) -> str:
    """The JSON of a figure's dict as it is now (encoded afresh, not the JSON made when it was built)."""
    return pio.to_json(dict(figure.to_dict()), validate=False, engine="json")


def test_a_charts_json_is_made_once_and_sent_as_made() -> None:
    """`st.plotly_chart` encodes the figure on every rerun; a finished figure hands Plotly the JSON made when the
    block was built (were Plotly to encode the dict again, the marker below would not come out)."""
    rows = blocks.chart(explore_query(open_page("explore")), "ai_spending").rows
    finished = blocks.FinishedFigure(charts.figure(rows, "line", "", "USD"))
    assert finished.to_dict().json == _walked(finished)
    finished.to_dict().json = '{"data":[],"layout":{"title":{"text":"made once"}}}'
    assert json.loads(pio.to_json(finished, validate=False))["layout"]["title"]["text"] == "made once"


def test_a_filter_change_draws_the_charts_of_the_new_choice() -> None:
    at = open_page("explore")
    with_derived = chart_ids(at)
    at.toggle(key="explore-derived").set_value(False).run()
    without = chart_ids(at)
    assert any(i.startswith("derived-") for ids in with_derived.values() for i in ids)
    assert not any(i.startswith("derived-") for ids in without.values() for i in ids)
    assert not at.exception
