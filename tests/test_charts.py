"""Charts draw exactly the rows they are given: one point or bar per row, each carrying its figure id."""

from __future__ import annotations

import csv
import itertools
import json
import tomllib

import pandas as pd
import plotly.graph_objects as go
import pytest
from coloraide import Color

from dashboard import charts, formatting, queries
from etl import config
from tests.dashboard_fixture import chart_rows

pytestmark = pytest.mark.usefixtures("database")


def draw(indicator: str, rows: pd.DataFrame):
    return charts.figure(rows, queries.catalog().charts[indicator], "", rows["unit"].iloc[0])


@pytest.mark.parametrize("indicator", ["ai_spending", "llm_share", "llm_count", "api_calls_daily", "ai_spending_cagr"])
def test_every_row_is_drawn_once_with_its_figure_id(indicator: str) -> None:
    rows = chart_rows(indicator)
    fig = draw(indicator, rows)
    assert sorted(charts.figure_ids(fig)) == sorted(rows["figure_id"])


def test_share_chart_sums_to_100_using_the_derived_remainder() -> None:
    rows = chart_rows("llm_share")
    parts = rows[~rows["is_bound"]]
    assert parts["value"].sum() == pytest.approx(100)
    assert set(parts["entity"]) == {"China", "United States", "Other countries"}
    assert not rows["is_remainder"].any(), "the derived 'Other countries' row already completes the whole"


def test_share_chart_computes_a_labelled_remainder_when_none_is_given() -> None:
    rows = chart_rows("llm_share", entities=("China",))
    parts = rows[~rows["is_bound"]]
    assert parts["value"].sum() == pytest.approx(100)
    remainder = rows[rows["is_remainder"]].iloc[0]
    assert (remainder["entity"], remainder["value"], remainder["figure_id"]) == (charts.REMAINDER_ENTITY, 64.0, "")
    assert remainder["derived"] and remainder["formula"] == "100 - sum of the shares shown"
    texts = [t for trace in draw("llm_share", rows).data for t in (trace.text or [])]
    assert "Rest (remainder) 64%" in texts


def test_the_grey_remainder_is_one_legend_entry_whatever_each_bar_calls_it() -> None:
    stated = queries.figures(indicators=("llm_share",))
    china_only = stated[stated["entity"] == "China"].assign(
        doc_id="another", figure_id="another-china", publisher="Other Daily"
    )
    rows = charts.plotted_rows(pd.concat([stated, china_only], ignore_index=True), "share")
    assert {"Other countries", charts.REMAINDER_ENTITY} <= set(rows["entity"]), "a derived and a computed remainder"
    fig = draw("llm_share", rows)
    legend = [trace.name for trace in fig.data if trace.showlegend is not False]
    assert len(legend) == len(set(legend)), "no legend entry twice"
    assert [name for name in legend if "remainder" in name] == [charts.REMAINDER_ENTITY]
    labels = [text for trace in fig.data for text in trace.text or ()]
    assert any(label.startswith("Other countries") for label in labels), "each bar still names its own part"


def test_share_bounds_are_drawn_apart_from_the_stack() -> None:
    rows = chart_rows("llm_share")
    bound = rows[rows["is_bound"]]
    assert list(bound["figure_id"]) == ["caict-llm-share-china-over-one-third"]
    fig = draw("llm_share", rows)
    scatter = [trace for trace in fig.data if trace.type == "scatter"]
    assert scatter and scatter[0].marker.symbol == ("triangle-right",)
    assert scatter[0].text == ("China &gt;33.3%",), "escaped for Plotly, which shows it as 'China >33.3%'"


def test_share_labels_too_small_for_their_part_are_left_to_the_hover() -> None:
    fig = draw("llm_share", chart_rows("llm_share"))
    assert fig.layout.uniformtext.minsize >= charts.BAR_TEXT and fig.layout.uniformtext.mode == "hide"


def test_forecasts_are_hollow_and_dashed_reported_filled() -> None:
    fig = draw("ai_spending", chart_rows("ai_spending"))
    by_id = {trace.customdata[0][0]: trace for trace in fig.data}
    forecast = by_id["idc-china-ai-spending-2027"]
    assert forecast.marker.symbol[0] == "circle-open" and forecast.line.dash == "dash"
    derived = by_id["derived-global-ai-spending-2027"]
    assert derived.marker.symbol[0] == "diamond-open" and derived.line.dash == "dot"
    assert "derived" in derived.name
    calls = draw("api_calls_daily", chart_rows("api_calls_daily"))
    reported = next(t for t in calls.data if t.customdata[0][0] == "baidu-ernie-api-calls-2023-11")
    assert reported.marker.symbol[0] == "circle" and reported.line.dash == "solid"


def test_qualifiers_show_in_labels() -> None:
    fig = draw("api_calls_daily", chart_rows("api_calls_daily"))
    texts = [t for trace in fig.data for t in trace.text]
    assert "~1.5B calls/day" in texts and "50M calls/day" in texts


def test_several_sources_for_one_entity_and_period_are_side_by_side() -> None:
    rows = chart_rows("ai_spending", entities=("China",), derived=False)
    assert set(rows["figure_id"]) == {"idc-china-ai-spending-2027", "weekly-idc-china-ai-spending-2027"}
    fig = draw("ai_spending", rows)
    assert len(fig.data) == 2, "one trace per source, never merged"
    assert fig.layout.scattermode == "group", "drawn side by side so both stay visible"
    assert {trace.name for trace in fig.data} == {
        "IDC via Tiny Daily (2025-01-20)",
        "IDC via Tiny *Weekly* (2024-05-01)",
    }, "the legend names the sources, which is what differs"


def test_hover_carries_the_short_quote_escaped() -> None:
    fig = draw("ai_spending", chart_rows("ai_spending"))
    spec = json.dumps(fig.to_plotly_json(), default=str)
    assert "<script>" not in spec and "&lt;script&gt;" in spec
    weekly = next(t for t in fig.data if t.customdata[0][0] == "weekly-idc-china-ai-spending-2027")
    assert weekly.customdata[0][1].startswith("“Analysts said &lt;script&gt;")
    assert "%{customdata[1]}" in weekly.hovertemplate


def test_bars_of_several_sources_stand_apart_each_naming_its_source() -> None:
    rows = chart_rows("ai_spending", entities=("China",), derived=False)
    fig = charts.bar_figure(rows, "", "USD")
    assert [trace.name for trace in fig.data] == ["China"], "one legend entry per colour (entity), not per source"
    assert fig.data[0].orientation == "h", "two bars named on two lines lie on their side, never turned on end"
    assert sorted(fig.data[0].y) == [0, 1], "each bar its own row, so it is full width and its label readable"
    names = [note.text for note in fig.layout.annotations]
    assert any("Tiny Daily, 2025-01-20" in n for n in names) and any("Tiny *Weekly*" in n for n in names)
    top = max(fig.layout.annotations, key=lambda note: note.y)
    assert top.yanchor == "bottom" and top.y == 1 + charts.SIDE_BAR / 2, "each named just above its bar"
    assert fig.layout.yaxis.showticklabels is False, "not at its left, where a phone's names took the bars' room"
    assert fig.layout.uniformtext.minsize >= 11 and fig.layout.uniformtext.mode == "hide", "never tiny labels"


def test_long_legend_names_wrap_and_the_chart_grows_by_their_lines() -> None:
    name = "Baidu via Dolphin Research (Longbridge community, lbkrs.com) (2025-02-18)"
    wrapped = charts.legend_text(name)
    assert all(len(line) <= charts.LEGEND_WIDTH for line in wrapped.split("<br>")) and wrapped.count("<br>") == 1
    fig = draw("ai_spending", chart_rows("ai_spending"))
    names = [trace.name for trace in fig.data if trace.showlegend is not False]
    lines = charts.phone_legend_lines(names)
    assert lines > len(names), "names on two lines"
    assert fig.layout.height == 440 + charts.LEGEND_LINE * lines, "the plot keeps its height under a long legend"


@pytest.mark.parametrize(
    ("names", "grouped", "lines"),
    [
        (["Baidu", "derived from Baidu"], False, 1),
        (["United States", "China", "Rest (remainder)", "stated bounds (more than / less than)"], False, 4),
        (["2020", "2022", "2023", "2024", "2025", "2026", "reported or estimated"], True, 3),
        (["2025", "Jan 2026", "Jun 2026", "reported or estimated"], True, 2),
    ],
)
def test_legend_lines_are_counted_as_a_phone_lays_them_out(names: list[str], grouped: bool, lines: int) -> None:
    """As chromium drew these legends at 390 px: entries that do not fit one row stand in columns as wide as the
    widest (a share chart's four entries, one a row), unless legend groups let each keep its own width (a vintage
    legend's years, three a row). Counted one entry a line, the IDC chart grew by seven lines for three."""
    assert charts.phone_legend_lines(names, grouped) == lines


def test_a_legend_longer_than_a_phone_shows_above_the_plot_goes_under_it() -> None:
    """Explore's AI spending legend took 14 lines of a phone above its plot: a screenful before the first point."""
    short = ["China", "United States", "India"]
    assert charts.phone_legend_lines(short) == 1, "short names share a line"
    long = [charts.legend_text(f"Global — IDC via Business Wire (2022-09-{day})") for day in range(10, 14)]
    assert charts.phone_legend_lines(long) == 8, "a name on two lines, alone on its line"
    fig = draw("ai_spending", chart_rows("ai_spending"))
    names = [trace.name for trace in fig.data if trace.showlegend is not False]
    assert charts.phone_legend_lines(names) > charts.LEGEND_ABOVE_MOST, "the fixture's legend is a long one"
    assert fig.layout.legend.yref == "container" and fig.layout.legend.y == 0, "under the plot, at the chart's foot"
    fig = charts.figure(chart_rows("llm_share"), "share", "", "%")
    assert fig.layout.legend.y == 1 and fig.layout.legend.yanchor == "bottom", "a short legend stays above"


def test_line_labels_that_would_overlap_are_left_to_the_hover() -> None:
    rows = chart_rows("api_calls_daily")
    fig = draw("api_calls_daily", rows)
    placed = [(x, y) for trace in fig.data for x, y, t in zip(trace.x, trace.y, trace.text, strict=True) if t]
    assert placed, "labels are drawn"
    days = [pd.Timestamp(x).value / 8.64e13 for x, _ in placed]
    span, top = (max(days) - min(days)) or 1.0, max(abs(y) for _, y in placed)
    for i, (d1, (_, y1)) in enumerate(zip(days, placed, strict=True)):
        for d2, (_, y2) in zip(days[i + 1 :], placed[i + 1 :], strict=True):
            near = abs(d1 - d2) / span < charts.LABEL_X_GAP and abs(y1 - y2) / top < charts.LABEL_GAP
            assert not near, "two labels drawn on top of each other"


def test_share_bars_name_the_publisher_short_unless_two_sources_would_share_a_bar() -> None:
    rows = pd.DataFrame({
        "doc_id": ["a", "b", "c"], "period": ["2024"] * 3, "attributed_to": ["CAICT"] * 3, "vintage": ["2024-07-02"] * 3,
        "publisher": ["Xinhua (on Big News Network)", "Xinhua (on People's Daily Online)", "China Daily (chinadaily.com.cn)"],
    })  # fmt: skip
    labels = charts._group_labels(rows)
    assert labels[2] == "CAICT, 2024<br>(China Daily, 2024-07-02)", "the publisher's description left out"
    assert labels[0] != labels[1] and "Big News Network" in labels[0], "two sources never drawn as one bar"


def test_bar_categories_stay_unique_within_a_series() -> None:
    rows = pd.DataFrame({"entity": ["China", "China", "US"], "period": ["2024"] * 3, "series": ["a", "a", "a"]})
    assert list(charts._bar_categories(rows)) == ["China", "China · figure 2", "US"]


def test_empty_rows_draw_an_empty_chart() -> None:
    empty = chart_rows("llm_share").iloc[0:0]
    assert charts.figure(empty, "share", "", "%").data == ()


def test_an_entity_has_one_colour_in_every_chart() -> None:
    colours: dict[str, set[str]] = {}
    for indicator in ("ai_spending", "llm_share", "llm_count", "ai_spending_share_of_global"):
        fig = draw(indicator, chart_rows(indicator))
        for trace in fig.data:
            marker = trace.marker.color
            for entity, colour in zip([c[6] for c in trace.customdata], marker if isinstance(marker, tuple | list) else
                                      [marker] * len(trace.customdata), strict=True):  # fmt: skip
                colours.setdefault(entity, set()).add(colour)
    assert colours["China"] == {charts.entity_colour("China")}
    assert all(len(found) == 1 for entity, found in colours.items()), colours


def test_entities_charted_together_never_share_a_colour() -> None:
    same_start = [e for e in ("Microsoft", "Google", "Meta") if charts._palette_from(e)[0] == charts.ENTITY_PALETTE[-1]]
    assert len(same_start) >= 2, "the case that collided: several names hash to one place in the palette"
    colours = charts.assign_colours([{*same_start, "Europe", "China"}, {"Microsoft", "Baidu"}])
    assert len({colours[e] for e in (*same_start, "Europe", "China")}) == len(same_start) + 2
    assert colours["Europe"] == charts.ENTITY_COLOURS["Europe"] and colours["China"] == charts.ENTITY_COLOURS["China"]
    assert colours["Baidu"] != colours["Microsoft"]
    assert charts.assign_colours([{"Alibaba", "Baidu"}, {"Alibaba", "Europe"}]) == charts.assign_colours(
        [{"Europe", "Alibaba"}, {"Baidu", "Alibaba"}]
    ), "the same entities charted together get the same colours, whatever the order"


def test_a_crowded_chart_repeats_the_colour_its_neighbours_use_least() -> None:
    crowd = [f"Company {n}" for n in range(len(charts.ENTITY_PALETTE) + 1)]
    colours = charts.assign_colours([crowd])
    assert set(colours[e] for e in crowd) >= set(charts.ENTITY_PALETTE), "every colour used before any repeats"


def test_the_palette_map_names_listed_entities_in_distinct_theme_colours() -> None:
    with config.ENTITIES_CSV.open(encoding="utf-8") as file:
        listed = {row["entity"] for row in csv.DictReader(file)}
    assert set(charts.ENTITY_COLOURS) <= listed
    assert set(charts.ENTITY_COLOURS.values()) <= set(charts.PALETTE)
    assert len(set(charts.ENTITY_COLOURS.values())) == len(charts.ENTITY_COLOURS)


GREY_CHROMA = 0.05
"""OKLCh chroma under which a colour reads as grey (the remainder's #b8bec6 is 0.01, the palette's #66727f 0.02)."""


def test_grey_is_the_remainders_alone_among_declared_entities() -> None:
    """ "Number of LLMs" drew Global in the palette's grey beside "Other countries" in the remainder's grey."""
    assert Color(charts.REMAINDER_COLOUR).convert("oklch")["chroma"] < GREY_CHROMA
    greys = {e: c for e, c in charts.ENTITY_COLOURS.items() if Color(c).convert("oklch")["chroma"] < GREY_CHROMA}
    assert not greys, f"entities drawn in a grey like the remainder's: {greys}"
    fig = draw("llm_count", chart_rows("llm_count"))
    drawn = {c[6]: trace.marker.color for trace in fig.data for c in trace.customdata}
    assert drawn["Global"] != drawn["Other countries"] == charts.REMAINDER_COLOUR, drawn


def test_an_entity_without_a_declared_colour_is_never_grey() -> None:
    """An entity missing from data/entity_colours.csv took the palette's grey when its name hashed there."""
    names = [f"Company {n}" for n in range(60)]
    crowd = charts.assign_colours([names[:30], names[30:]])
    alone = {name: charts.entity_colour(name) for name in names}
    greys = {e: c for e, c in (crowd | alone).items() if Color(c).convert("oklch")["chroma"] < GREY_CHROMA}
    assert not greys, f"undeclared entities drawn in grey: {greys}"
    assert len(set(alone.values())) == len(charts.ENTITY_PALETTE), "spread over every other colour of the palette"


def test_legends_name_only_what_differs() -> None:
    assert charts.legend_names([("China", "IDC (2025)", "forecast"), ("China", "IDC (2024)", "forecast")]) == [
        "IDC (2025)", "IDC (2024)"
    ]  # fmt: skip
    fig = draw("ai_spending", chart_rows("ai_spending", entities=("China",), derived=False))
    assert all("China" not in trace.name for trace in fig.data)


def test_a_line_legend_names_each_source_short_and_leaves_the_kind_to_the_style() -> None:
    forecasts = chart_rows("ai_spending", derived=False)
    reported = forecasts.head(1).assign(figure_id="reported-2023", kind="reported", period="2023")
    rows = pd.concat([forecasts, reported], ignore_index=True)
    rows["publisher"] = rows["publisher"] + " (press release)"
    rows["series"] = [formatting.series_label(a, p, v) for a, p, v in zip(rows["attributed_to"], rows["publisher"],
                                                                        rows["vintage"], strict=True)]  # fmt: skip
    legend = [trace.name for trace in charts.line_figure(rows, "", "USD").data]
    assert len(legend) == 3 and len(set(legend)) == 3, "two sources' forecasts and the reported value"
    assert not [name for name in legend if "press release" in name or "forecast" in name or "reported" in name]


def test_one_period_draws_labelled_dots_on_a_category_axis() -> None:
    fig = draw("ai_spending", chart_rows("ai_spending", entities=("China",), derived=False))
    assert fig.layout.xaxis.type == "category" and all(t.type == "scatter" for t in fig.data)
    assert fig.layout.yaxis.range[1] > max(max(t.y) for t in fig.data), "room above the labels"


def test_one_value_keeps_a_narrow_chart_and_many_take_the_page_width() -> None:
    """One value drawn across a desktop's 820 px stood alone in the middle of an empty plot."""
    one = draw("ai_share_of_gdp", chart_rows("ai_share_of_gdp"))
    assert sum(len(trace.y) for trace in one.data) == 1, "the fixture's indicator has one figure"
    assert one.layout.width == charts.DOT_NARROWEST and one.layout.height <= charts.DOT_PLOT
    several = chart_rows("ai_spending", entities=("China",), derived=False)
    assert several["period"].nunique() == 1 and len(several) > 1, "one period, several figures: dots too"
    assert charts.DOT_NARROWEST < draw("ai_spending", several).layout.width < charts.DOT_STRETCH_FROM
    many = pd.concat([several] * 5, ignore_index=True)
    assert charts.dot_figure(many, "", "USD").layout.width is None, "the page's width"


@pytest.mark.parametrize("indicator", ["ai_spending", "api_calls_daily", "chatbot_users", "llm_count", "llm_share"])
def test_an_untitled_chart_keeps_no_room_for_a_title(indicator: str) -> None:
    """A single line (Ernie's chatbot users) kept 40 px empty above its plot for a title the app never draws."""
    fig = draw(indicator, chart_rows(indicator))
    assert not fig.layout.title.text and fig.layout.margin.t <= 12, fig.layout.margin.t


def contrast(colour: str, other: str) -> float:
    """WCAG 2.1 contrast ratio of two colours (coloraide's)."""
    return Color(colour).contrast(other, method="wcag21")


def backgrounds() -> tuple[str, str]:
    theme = tomllib.loads(charts.THEME_FILE.read_text(encoding="utf-8"))["theme"]
    return theme["light"]["backgroundColor"], theme["dark"]["backgroundColor"]


@pytest.mark.parametrize("count", range(1, 13))
def test_vintage_colours_are_distinct_ordered_and_legible_in_both_themes(count: int) -> None:
    light, dark = backgrounds()
    colours = charts.vintage_colours(count)
    assert len(set(colours)) == count
    assert colours[-1] == charts.VINTAGE_SCALE[-1], "the newest vintage ends the scale"
    assert count == 1 or colours[0] == charts.VINTAGE_SCALE[0], "the oldest starts it"
    for colour in colours:
        assert contrast(colour, light) >= 4.5 and contrast(colour, dark) >= 3, colour
    apart = SEEN_APART if count <= FEW_VINTAGES else SEEN_APART_MANY
    for older, newer in itertools.pairwise(colours):
        assert Color(older).delta_e(newer, method="2000") >= apart, f"{older} and {newer} look alike"


FEW_VINTAGES = 6
"""A view rarely draws more vintages than this (IDC's worldwide forecasts: six)."""
SEEN_APART = 18
"""CIEDE2000 difference neighbouring vintages keep when there are up to FEW_VINTAGES: told apart at a glance on
thin dashed lines (the lead could not tell orange from orange-brown, 17 apart, on the IDC view)."""
SEEN_APART_MANY = 8
"""... and when there are more (up to twelve): still told apart side by side."""


@pytest.mark.parametrize("setting", ["chartCategoricalColors", "chartSequentialColors"])
def test_theme_chart_colours_are_ten_as_streamlit_takes_them(setting: str) -> None:
    """Streamlit ignores a chart colour list of any other length (and uses its own colours)."""
    assert len(charts._theme_colours(setting)) == 10


@pytest.mark.parametrize("colour", [*charts.PALETTE, charts.ACTUALS_COLOUR])
def test_chart_colours_read_on_either_theme(colour: str) -> None:
    """Marks and lines need 3:1 against the page (dark theme); white labels inside share bars 4.5:1."""
    light, dark = backgrounds()
    assert contrast(colour, light) >= 4.5 and contrast(colour, "#ffffff") >= 4.5 and contrast(colour, dark) >= 3


def test_a_short_time_span_names_months_and_a_long_one_years() -> None:
    short = charts.time_ticks(pd.Series(pd.to_datetime(["2023-12-15", "2024-06-15", "2024-12-15"])))
    assert "%b<br>%Y" in [stop["value"] for stop in short["tickformatstops"]] and "tickformat" not in short
    long = charts.time_ticks(pd.Series(pd.to_datetime(["2016-07-01", "2024-07-01"])))
    assert long["tickformat"] == "%Y"
    fig = draw("api_calls_daily", chart_rows("api_calls_daily"))
    spanned = pd.to_datetime(pd.Series([x for trace in fig.data for x in trace.x]))
    months = spanned.max() - spanned.min() < charts.YEAR_TICKS_FROM
    assert (fig.layout.xaxis.tickformatstops != ()) == months


def test_two_figures_of_one_entity_and_period_are_drawn_a_marker_apart_on_a_phone() -> None:
    fig = draw("ai_spending", chart_rows("ai_spending", entities=("China",)))
    points = pd.DataFrame(
        [(pd.Timestamp(x), c[5]) for trace in fig.data for x, c in zip(trace.x, trace.customdata, strict=True)],
        columns=["x", "period"],
    )
    span = points["x"].max() - points["x"].min()
    pairs = points.groupby("period")["x"].agg(["min", "max", "size"])
    shared = pairs[pairs["size"] > 1]
    assert not shared.empty, "the fixture has an estimate and a derived figure for China in 2023"
    pixels = (shared["max"] - shared["min"]) / span * charts.PHONE_PLOT
    assert (pixels >= charts.LINE_MARKER).all(), pixels
    assert (shared["min"].dt.year == shared["max"].dt.year).all(), "each still within its year"


def test_each_share_bar_is_named_just_above_it_so_the_bar_spans_the_chart() -> None:
    """Names at the left (two or three lines each) left a phone's bars too short for their labels."""
    fig = draw("llm_share", chart_rows("llm_share"))
    assert fig.layout.yaxis.showticklabels is False
    rows = {y for trace in fig.data if trace.type == "bar" for y in trace.y}
    named = {round(note.y - charts.SHARE_BAR / 2, 6) for note in fig.layout.annotations if note.yanchor == "bottom"}
    assert rows <= named, "every bar has its name above its top edge"
    assert fig.layout.yaxis.range[1] >= max(rows) + charts.SHARE_BAR, "room above the first bar for its name"


def test_a_value_label_moves_off_a_line_that_crosses_it() -> None:
    """A labelled point just under another trace's line (IDC's ">$110B" under a later forecast's): its label leaves
    the place above it for one no line crosses, on every plot width; a label with nothing in its way stays put."""
    fig = go.Figure([
        go.Scatter(x=[2020, 2028], y=[0.0, 2.0], mode="lines+markers+text", text=["", ""], marker={"size": 12}),
        go.Scatter(x=[2024, 2027], y=[0.9, 0.2], mode="markers+text", text=["&gt;$110B", "$50B"], marker={"size": 12},
                   textposition="top center"),
    ])  # fmt: skip
    fig.update_xaxes(range=[2019.5, 2028.5])
    fig.update_yaxes(range=[0, 2.2])
    charts._place_labels(fig, charts.VINTAGE_PLOT_HIGH)
    moved, kept = fig.data[1].textposition
    assert kept == "top center", "nothing in the way"
    for width in charts.PLOT_WIDTHS:
        plot = charts._Plot(fig, width, charts.VINTAGE_PLOT_HIGH)
        assert not plot.badness(1, 0, plot.box(1, 0, moved, "&gt;$110B"), []), f"{moved} at {width} px"
        assert plot.badness(1, 0, plot.box(1, 0, "top center", "&gt;$110B"), []), "the line crossed it above"
