"""Charts of the committed data. Forecast vintages: one line per year of publication (per month when a
producer published two forecasts of one year in one year), target year on the x axis, each line its own colour
in publication order; and the Overview's legends."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from dashboard import charts, queries, views
from etl.build import Inputs, build
from etl.vocabulary import DERIVED_PRODUCER
from tests.dashboard_fixture import app_database


@pytest.fixture(scope="module", autouse=True)
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The real curated figures built without source texts (quotes unverified, every figure kept)."""
    root = tmp_path_factory.mktemp("vintages")
    (root / "corpus").mkdir()
    out = root / "indicators.duckdb"
    build(Inputs(corpus=root / "corpus"), out)
    with app_database(out) as path:
        yield path


def vintage_chart(indicator: str, entities: tuple[str, ...], producers: tuple[str, ...]):
    rows = queries.figures(
        indicators=(indicator,), entities=entities, producers=producers, per_indicator=queries.VINTAGE_ROWS
    )
    shown = charts.plotted_rows(rows, charts.VINTAGES)
    return shown, charts.figure(shown, charts.VINTAGES, "", str(shown["unit"].iloc[0]))


def view_chart(key: str, indicator: str):
    """The vintage chart a ready view of data/views.toml draws for `indicator` with its default filters."""
    preset = views.declared()[key]
    assert dict(preset.charts)[indicator] == charts.VINTAGES
    return vintage_chart(indicator, preset.entities, preset.producers)


def idc_view_chart():
    return view_chart("idc-ai-spending", "ai_spending")


def vintage_lines(fig) -> list[str]:
    return [trace.name for trace in fig.data if trace.name != charts.ACTUALS]


def test_idc_view_shows_at_least_five_vintages_each_a_year_of_publication() -> None:
    _, fig = idc_view_chart()
    lines = vintage_lines(fig)
    assert len(lines) >= 5
    assert {"2020", "2022", "2026"} <= set(lines), "each line named by its year alone ..."
    assert fig.layout.legend.title.text == "IDC forecast made in:", "... the producer they share said once"


def test_every_point_carries_its_figure_id_and_sits_at_its_target_year() -> None:
    rows, fig = idc_view_chart()
    assert sorted(charts.figure_ids(fig)) == sorted(rows["figure_id"])
    drawn = {point[0]: round(x) for trace in fig.data for point, x in zip(trace.customdata, trace.x, strict=True)}
    assert drawn["idc-ai-spending-2024-vintage-2020"] == 2024
    assert drawn["idc-ai-spending-2029-vintage-2025-08"] == 2029


def test_reported_actuals_are_their_own_markers_not_a_vintage_line() -> None:
    rows, fig = idc_view_chart()
    actuals = [trace for trace in fig.data if trace.name == charts.ACTUALS]
    assert len(actuals) == 1 and actuals[0].mode == "markers+text"
    assert "idc-ai-spending-2022-actual-vintage-2023-08" in [point[0] for point in actuals[0].customdata]
    assert set(rows.loc[rows["kind"] == "forecast", "figure_id"]).isdisjoint(
        point[0] for point in actuals[0].customdata
    )


def test_a_range_period_forecast_is_drawn_at_its_end_year() -> None:
    rows = pd.DataFrame({"period_end": pd.to_datetime(["2027-12-31"]), "published": [pd.NaT],
                         "published_earliest": pd.to_datetime(["2023-08-01"]), "entity": ["Global"],
                         "derived": [False], "figure_id": ["f"], "kind": ["forecast"],
                         "attributed_to": ["IDC"]})  # fmt: skip
    shown = charts.plotted_rows(rows.assign(period="2022-2027"), charts.VINTAGES)
    assert (shown["target_year"].iloc[0], shown["vintage_year"].iloc[0]) == (2027, 2023)


def test_china_and_gartner_draw_the_same_chart() -> None:
    _, china = vintage_chart("ai_spending", ("China",), ("IDC",))
    assert {"2022", "2023"} <= set(vintage_lines(china))
    rows, gartner = view_chart("gartner-ai-spending", "ai_spending_it_markets")
    assert set(rows["attributed_to"]) == {"Gartner"}
    lines = vintage_lines(gartner)
    assert "2025" in lines and gartner.layout.legend.title.text == "Gartner forecast made in:"
    assert {"Jan 2026", "Jun 2026"} <= set(lines), "two forecasts of 2026 made in 2026: two lines"
    for trace in gartner.data:
        years = [round(x) for x in trace.x]
        assert years == sorted(years), f"{trace.name} runs left to right, never back"
    assert sorted(charts.figure_ids(gartner)) == sorted(rows["figure_id"]), "every point opens its quote"


def _labels(fig) -> list[tuple[int, float, str]]:
    return [
        (round(x), y, text)
        for trace in fig.data
        for x, y, text in zip(trace.x, trace.y, trace.text, strict=True)
        if text
    ]


@pytest.mark.parametrize("entity", ["Global", "China"])
def test_value_labels_never_overlap_and_every_vintage_line_ends_with_its_value(entity: str) -> None:
    _, fig = vintage_chart("ai_spending", (entity,), ("IDC",))
    labels = _labels(fig)
    span = max(abs(y) for trace in fig.data for y in trace.y)
    years = [round(x) for trace in fig.data for x in trace.x]
    x_span = (max(years) - min(years)) or 1

    def near(year: float, y: float, other_year: float, other_y: float) -> bool:
        return abs(year - other_year) < charts.LABEL_X_GAP * x_span and abs(y - other_y) < charts.LABEL_GAP * span

    for (year, y, _), (other_year, other_y, _) in itertools.combinations(labels, 2):
        assert not near(year, y, other_year, other_y), (labels, year)
    for trace in fig.data:
        if trace.showlegend is False:  # a derived diamond on a vintage's line: that line's end says the value
            continue
        last = max(range(len(trace.x)), key=lambda i: trace.x[i])
        at_end = [text for year, y, text in labels if near(year, y, round(trace.x[last]), trace.y[last])]
        assert at_end, f"{trace.name}: its last point shows a value (its own, or one as close)"
    if entity == "Global":
        assert {"$2.1T", "$1.3T", "$632B"} <= {text for _, _, text in labels}, "vintages 2026, 2025, 2024 end"


def test_every_vintage_has_its_own_colour_in_publication_order() -> None:
    _, fig = idc_view_chart()
    lines = [trace for trace in fig.data if trace.showlegend is not False and trace.name != charts.ACTUALS]
    assert len(lines) >= 5
    colours = [trace.line.color for trace in lines]
    assert len(set(colours)) == len(lines), "no two vintages share a colour"
    assert colours == charts.vintage_colours(len(lines)), "oldest to newest along one scale"


def test_a_derived_figure_sits_on_the_line_of_the_vintage_it_derives_from() -> None:
    rows, fig = idc_view_chart()
    assert rows["derived"].any(), "the view shows a derived figure"
    listed = {trace.legendgroup: trace for trace in fig.data if trace.showlegend is not False}
    assert not any(DERIVED_PRODUCER in name for name in listed), "no vintage named after the derivation"
    derived = [trace for trace in fig.data if trace.showlegend is False]
    assert sum(len(trace.x) for trace in derived) == int(rows["derived"].sum())
    for trace in derived:
        assert all(symbol.startswith("diamond") for symbol in trace.marker.symbol), "styled as derived"
        assert trace.legendgroup in listed and trace.marker.color == listed[trace.legendgroup].line.color


def test_the_overview_api_calls_legend_names_what_differs_not_every_publisher() -> None:
    query = next(q for q in queries.overview_charts() if q.indicators == ("api_calls_daily",))
    rows = charts.plotted_rows(queries.figures(**query.arguments()), "line")
    fig = charts.figure(rows, "line", "", str(rows["unit"].iloc[0]))
    listed = [trace.name for trace in fig.data if trace.showlegend is not False]
    assert rows["publisher"].nunique() >= 5, "several outlets carried Baidu's figures"
    assert len(listed) <= 3, listed
    assert all(trace.customdata for trace in fig.data), "each point still names its source on hover"


def test_many_bars_lie_on_their_side_each_with_its_value() -> None:
    preset = views.declared()["idc-ai-spending"]
    rows = queries.figures(indicators=("ai_spending_cagr",), entities=preset.entities, producers=preset.producers)
    shown = charts.plotted_rows(rows, "bar")
    assert len(shown) >= charts.HORIZONTAL_FROM
    fig = charts.figure(shown, "bar", "", "%")
    assert all(trace.orientation == "h" for trace in fig.data), "rows, each named above it"
    assert [t for trace in fig.data for t in trace.text if t] == [t for trace in fig.data for t in trace.text]
    assert fig.layout.xaxis.range[1] > max(x for trace in fig.data for x in trace.x), "room for the labels"
    assert fig.data[0].y[0] == len(shown) - 1 == max(y for trace in fig.data for y in trace.y), "the first on top"


def test_a_span_s_bar_follows_the_years_it_covers() -> None:
    """ISTIC's 79 Chinese LLMs of 2020-2023 stood between 2020's 2 and 2021's 30, breaking the yearly bars."""
    shown = charts.plotted_rows(queries.figures(indicators=("llm_releases",), entities=("China",)), "bar")
    periods = list(dict.fromkeys(shown["period"]))
    assert periods == ["2020", "2021", "2022", "2023", "2020-2023"], periods


def test_the_vintages_follow_their_legend_title_and_actuals_close_the_legend() -> None:
    """'IDC forecast made in: 2020 2022 ... 2026 ● reported or estimated': the years read after the title."""
    _, fig = idc_view_chart()
    listed = sorted((t for t in fig.data if t.showlegend is not False), key=lambda t: t.legendrank or 1000)
    assert listed[0].name.isdigit() and listed[-1].name == charts.ACTUALS


def test_forecasts_of_several_producers_name_their_producer() -> None:
    rows = queries.figures(indicators=("ai_spending",), entities=("Global",), per_indicator=queries.VINTAGE_ROWS)
    rows.loc[rows["figure_id"] == "idc-ai-spending-2024-vintage-2020", ["attributed_to", "based_on"]] = "Other Research"
    fig = charts.figure(charts.plotted_rows(rows, charts.VINTAGES), charts.VINTAGES, "", "USD")
    lines = vintage_lines(fig)
    assert "Other Research, 2020" in lines
    assert fig.layout.legend.title.text == "Forecast made in:"
    assert any(line.startswith("IDC, ") for line in lines), lines


@pytest.mark.parametrize(
    ("key", "indicator"), [("gartner-ai-spending", "ai_spending_it_markets"), ("idc-ai-spending", "ai_spending")]
)
def test_close_figures_for_one_year_stand_apart_whatever_their_line(key: str, indicator: str) -> None:
    """IDC's $423.6B forecast for 2027 and the ~$422B derived from a later one sat on one spot, on two lines, and
    Gartner's January and May 2026 forecasts for 2026 in overlapping pairs: figures of close values for one year
    stand a marker apart on a phone's plot, whichever line they are on."""
    _, fig = view_chart(key, indicator)
    points = pd.DataFrame(
        [(x, y, c[0]) for trace in fig.data for x, y, c in zip(trace.x, trace.y, trace.customdata, strict=True)],
        columns=["x", "y", "figure_id"],
    )
    pixels_per_year = charts.PHONE_PLOT / (round(points["x"].max()) - round(points["x"].min()) + 1)
    close = charts.CLOSE_VALUES * points["y"].abs().max()
    crowded = [
        (a.figure_id, b.figure_id)
        for a, b in itertools.combinations(points.itertuples(), 2)
        if round(a.x) == round(b.x) and abs(a.y - b.y) <= close
        and abs(a.x - b.x) * pixels_per_year < charts.VINTAGE_MARKER / 2
    ]  # fmt: skip
    assert not crowded, crowded


@pytest.mark.parametrize(
    ("key", "indicator"), [("gartner-ai-spending", "genai_spending_it_markets"), ("idc-ai-spending", "ai_spending")]
)
def test_points_of_one_line_and_year_stand_apart_on_a_phone(key: str, indicator: str) -> None:
    """Gartner's three $644B GenAI points for 2025 (one source: headline, text, table) were drawn as one on a
    phone, as were IDC's three $632B circles for 2028: on one line, each point's centre lies outside its
    neighbour's marker on a phone's plot (a tap there reaches it), and nearest its own year."""
    _, fig = view_chart(key, indicator)
    points = pd.DataFrame(
        [(n, x, y, c[0]) for n, trace in enumerate(fig.data)
         for x, y, c in zip(trace.x, trace.y, trace.customdata, strict=True)],
        columns=["line", "x", "y", "figure_id"],
    )  # fmt: skip
    pixels_per_year = charts.PHONE_PLOT / (points["x"].max() - points["x"].min() + 1)
    same_height = (points["y"].max() - points["y"].min()) / 100
    crowded = [
        (a.figure_id, b.figure_id)
        for a, b in itertools.combinations(points.itertuples(), 2)
        if a.line == b.line and abs(a.y - b.y) <= same_height and round(a.x) == round(b.x)
        and abs(a.x - b.x) * pixels_per_year < charts.VINTAGE_MARKER / 2
    ]  # fmt: skip
    assert not crowded, crowded
    assert (abs(points["x"] - points["x"].round()) < 0.5).all(), "each point within half a year of its target"


@pytest.mark.parametrize(
    ("key", "indicator"), [("gartner-ai-spending", "genai_spending_it_markets"), ("idc-ai-spending", "ai_spending")]
)
def test_points_spread_around_a_year_stay_inside_its_band(key: str, indicator: str) -> None:
    """IDC's three $632B points for 2028 sat 0.4 of a year apart, from 2027.6 to 2028.4, with nothing drawn to
    say where 2028 ends: they read as neighbouring years. Every other year is shaded edge to edge, and every
    point stays a fifth of a year inside its own year."""
    _, fig = view_chart(key, indicator)
    xs = pd.Series([x for trace in fig.data for x in trace.x], dtype=float)
    years = xs.round().astype(int)
    assert (abs(xs - years) <= 0.3).all(), sorted(xs[abs(xs - years) > 0.3])
    assert years.nunique() < len(xs), "some year has several points (the case at hand)"
    bands = {(shape.x0, shape.x1) for shape in fig.layout.shapes if shape.yref == "paper"}
    shaded = range(years.min(), years.max() + 1, 2)
    assert bands == {(year - 0.5, year + 0.5) for year in shaded}, "every other year, edge to edge"
    assert list(fig.layout.xaxis.range) == [years.min() - 0.5, years.max() + 0.5], "the first and last years whole"


@pytest.mark.parametrize(
    ("key", "indicator", "step"),
    [("idc-ai-spending", "ai_spending", 2), ("gartner-ai-spending", "genai_spending_it_markets", 1)],
)
def test_year_labels_fit_side_by_side_on_a_phone(key: str, indicator: str, step: int) -> None:
    """IDC's ten target years, each named, ran together on a phone's 257 px axis ("20202021202220232024..."):
    a chart names every year while they fit there (Gartner's four), else every other one, the shaded years."""
    _, fig = view_chart(key, indicator)
    axis = fig.layout.xaxis
    first, last = (int(edge + 0.5) for edge in axis.range)
    assert axis.dtick == 1 and (axis.ticklabelstep or 1) == step, "a tick every year, a name every `step`"
    assert len(range(first, last, step)) * charts.YEAR_LABEL <= charts.PHONE_PLOT, "the names fit a phone's axis"
    assert axis.tick0 == first, "the named years are the shaded ones, the first among them"
