"""Plotly figures for one indicator's rows. No Streamlit here: every function returns data or a figure.

`plotted_rows` decides exactly which rows a chart shows (for a share chart it adds the remainder
that makes each bar sum to 100%); `figure` draws those rows and nothing else, one point or bar per
row, each carrying its figure id in `customdata[0]` so a click leads back to the quote.

Visual grammar, the same in every chart:
- reported values are filled; forecasts and targets are hollow markers, dashed lines or hatched bars;
- derived values are diamonds (or dotted bars) and say "derived" in the legend and hover;
- qualifiers show in every label (~ about, > more than, < less than) and as ▲/▼ markers for bounds;
- several sources for one entity and period are drawn side by side, never merged;
- figures the extractor found that nobody has reviewed (rows with `extracted` true, only when a page asks for
  them) are ⊗ markers or hollow cross-hatched bars, never joined by lines, in their own legend entry
  "extracted, not reviewed".

A "vintages" chart (`vintage_figure`) shows what one producer predicted, when: target year on the x
axis, one line per year of publication (named in the legend), reported or estimated values as their own
markers; only actuals and each line's last point carry a value label, so labels of vintages do not collide.
"""

from __future__ import annotations

import colorsys
import csv
import html
import itertools
import textwrap
import tomllib
import zlib
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.colors
import plotly.graph_objects as go

from dashboard import formatting
from etl import config
from etl.vocabulary import DERIVED_PRODUCER

THEME_FILE = config.ROOT / ".streamlit" / "config.toml"
"""The app's theme: both backgrounds, and the chart colours (Streamlit's own chart settings), stated once."""


def _theme_colours(setting: str) -> tuple[str, ...]:
    with THEME_FILE.open("rb") as file:
        return tuple(tomllib.load(file)["theme"][setting])


PALETTE = _theme_colours("chartCategoricalColors")
"""One colour per entity: each at least 4.5:1 against the light background (white value labels inside share
bars read on it) and 3:1 against the dark one (marks and lines stay visible in either theme)."""
VINTAGE_SCALE = _theme_colours("chartSequentialColors")
"""Forecast vintages, oldest to newest: a scale sampled by publication order, as legible as PALETTE."""
ENTITY_COLOURS_CSV = config.DATA_DIR / "entity_colours.csv"
"""The palette map: the common entities' colours, declared (data/README.md)."""


def _declared_colours() -> dict[str, str]:
    with ENTITY_COLOURS_CSV.open(encoding="utf-8", newline="") as file:
        return {row["entity"]: row["colour"] for row in csv.DictReader(file)}


ENTITY_COLOURS = _declared_colours()
"""These entities keep these colours in every chart; `assign_colours` gives the others theirs."""
REMAINDER_COLOUR = "#b8bec6"
GREY_SATURATION = 0.2
"""A colour whose HLS saturation is below this reads as grey: the remainder's, never an entity's."""


def _is_grey(colour: str) -> bool:
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hls(red, green, blue)[2] < GREY_SATURATION


ENTITY_PALETTE = tuple(colour for colour in PALETTE if not _is_grey(colour))
"""The colours an undeclared entity may take: PALETTE without its grey, which would read as the remainder's."""
PROJECTED = ("forecast", "target")
REMAINDER_ENTITY = "Rest (remainder)"
REMAINDER_ENTITIES = frozenset({REMAINDER_ENTITY, "Other countries"})
"""Entities drawn in grey and labelled as the remainder of a whole."""
BOUND_SYMBOLS = {"over": "triangle-up", "under": "triangle-down"}
SHARE_BOUND_SYMBOLS = {"over": "triangle-right", "under": "triangle-left"}
LEGEND_NOTE = (
    "Filled: reported · hollow, dashed or hatched: forecast or target · ◆ or dotted: derived from other figures · "
    "~ approximately · > more than (▲) · < less than (▼)"
)
EXTRACTED_SYMBOL = "circle-x-open"
EXTRACTED_NOTE = f"⊗ or hollow cross-hatched: {formatting.EXTRACTED} (found by the extractor; nobody has checked it)"
CUSTOMDATA = ("figure_id", "hover", "label", "series", "kind_text", "period", "entity")
HOVER = (
    "<b>%{customdata[6]}, %{customdata[5]}</b>: %{customdata[2]}<br>"
    "%{customdata[4]} · %{customdata[3]}<br><i>%{customdata[1]}</i><extra></extra>"
)


def extracted(rows: pd.DataFrame) -> pd.Series:
    """Which rows are extracted, unreviewed figures (False for rows without the column)."""
    if "extracted" not in rows:
        return pd.Series(False, index=rows.index)
    return rows["extracted"].astype("boolean").fillna(False).astype(bool)


def _is_extracted(row: Mapping[str, Any]) -> bool:
    value = row.get("extracted")
    return value is not None and not pd.isna(value) and bool(value)


def plotted_rows(rows: pd.DataFrame, chart: str) -> pd.DataFrame:
    """The rows a chart of this type shows, in drawing order, with is_remainder, is_bound and extracted columns."""
    rows = rows.copy()
    rows["is_remainder"] = False
    rows["is_bound"] = False
    rows["extracted"] = extracted(rows)
    if rows.empty:
        return rows
    if chart == "share":  # an extracted share is no part of a whole: drawn apart, after the wholes
        stated, found = rows[~rows["extracted"]], rows[rows["extracted"]]
        return pd.concat([frame for frame in (_share_rows(stated), found) if not frame.empty], ignore_index=True)
    if chart == VINTAGES:
        return _vintage_rows(rows)
    if chart == "bar":  # a span's bar after the years it covers: by its end, the longer last
        order = ["entity", "period_end", "period_start", "derived", "vintage", "figure_id"]
        ascending = [True, True, False, True, True, True]
        return rows.sort_values(order, ascending=ascending, kind="stable").reset_index(drop=True)
    order = ["entity", "period_start", "derived", "vintage", "figure_id"]
    return rows.sort_values(order, kind="stable").reset_index(drop=True)


VINTAGES = "vintages"
"""Chart type of a forecast-vintage view (a view's choice, not an indicator's: see `views.Preset.charts`)."""
ACTUAL_KINDS = ("reported", "estimate")
"""Kinds drawn as actuals on a vintage chart (a value for a year, not a prediction of it)."""
ACTUALS = "reported or estimated"
ACTUALS_COLOUR = "#66727f"
"""A neutral grey for reported or estimated values, 4.9:1 on the light background and 3.9:1 on the dark one."""


def _producer(rows: pd.DataFrame) -> pd.Series:
    """Who made each row's number: a derived figure's producer is that of its inputs (`based_on`)."""
    return rows["based_on"].fillna(rows["attributed_to"]) if "based_on" in rows else rows["attributed_to"]


def _vintage_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows with target_year (the period's end year), vintage_year (the source's publication year),
    vintage_producer (who made the forecast; a derived figure's is that of its inputs, whose source it shares)
    and vintage_name, the line's name: the year, or the month when the producer published several forecasts
    of one target year in that year (Gartner's January and June 2026 forecasts of 2026 are two vintages)."""
    published = pd.to_datetime(rows["published"]).fillna(pd.to_datetime(rows["published_earliest"]))
    producer = _producer(rows)
    rows["vintage_producer"] = producer
    rows["vintage_year"] = published.dt.year.astype("Int64")
    rows["target_year"] = rows["period_end"].dt.year.astype(int)
    month = published.dt.strftime("%b %Y")
    forecast = ~rows["kind"].isin(ACTUAL_KINDS)
    months = month.where(forecast).groupby([producer, rows["vintage_year"], rows["target_year"]])
    several = months.transform("nunique").fillna(0) > 1
    split_years = set(zip(producer[several], rows.loc[several, "vintage_year"], strict=True))
    by_month = [(p, y) in split_years for p, y in zip(producer, rows["vintage_year"], strict=True)]
    year = rows["vintage_year"].map(lambda y: "date unknown" if pd.isna(y) else str(int(y)))
    rows["vintage_name"] = month.where(by_month, year).fillna("date unknown")
    rows["vintage_date"] = published.groupby([producer, rows["vintage_name"]]).transform("min")
    order = ["entity", "vintage_date", "vintage_name", "target_year", "derived", "figure_id"]
    return rows.sort_values(order, kind="stable", na_position="last").reset_index(drop=True)


def vintage_label(row: pd.Series, one_producer: bool) -> str:
    """The line a forecast belongs to: when it was published ('2022', 'Jun 2026'), with its producer when the
    chart has several ('IDC, 2022'); a figure derived from a vintage's forecasts sits on that vintage's line."""
    return str(row["vintage_name"]) if one_producer else f"{row['vintage_producer']}, {row['vintage_name']}"


def vintage_legend_title(producers: set[str]) -> str:
    """What the vintage lines' names share, said once before them: 'IDC forecast made in' when one producer made
    every forecast on the chart (its lines are then named by year alone), else 'Forecast made in'."""
    return f"{next(iter(producers))} forecast made in" if len(producers) == 1 else "Forecast made in"


def vintage_colours(count: int) -> list[str]:
    """`count` distinct colours of VINTAGE_SCALE in order, oldest vintage first, spread over the whole scale."""
    scale = [[i / (len(VINTAGE_SCALE) - 1), colour] for i, colour in enumerate(VINTAGE_SCALE)]
    points = [i / (count - 1) for i in range(count)] if count > 1 else [1.0]
    sampled = [plotly.colors.unlabel_rgb(colour) for colour in plotly.colors.sample_colorscale(scale, points)]
    return ["#{:02x}{:02x}{:02x}".format(*(round(channel) for channel in rgb)) for rgb in sampled]


def _share_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Parts of each whole (one source, one period), plus the remainder to 100%, plus stated bounds."""
    rows["is_bound"] = rows["qualifier"].isin(["over", "under"])
    out: list[pd.DataFrame] = []
    for _, group in rows.groupby(["doc_id", "period"], sort=False):
        parts = group[~group["is_bound"]].sort_values(["derived", "value"], ascending=[True, False])
        out.append(parts)
        rest = 100.0 - float(parts["value"].sum())
        if rest > 1e-9 and not parts.empty:
            out.append(_remainder(parts, rest))
        out.append(group[group["is_bound"]])
    shown = pd.concat([frame for frame in out if not frame.empty], ignore_index=True)
    return shown.astype({"is_remainder": bool, "is_bound": bool})


def _remainder(parts: pd.DataFrame, rest: float) -> pd.DataFrame:
    first = parts.iloc[0]
    approx = any(q != "exact" for q in parts["qualifier"])
    kinds = set(parts["kind"])
    row = first.to_dict()
    row.update(
        figure_id="",
        entity=REMAINDER_ENTITY,
        attributed_to=DERIVED_PRODUCER,
        value=rest,
        qualifier="approx" if approx else "exact",
        kind=kinds.pop() if len(kinds) == 1 else "estimate",
        surface=None,
        quote=None,
        note=None,
        derived=True,
        formula="100 - sum of the shares shown",
        inputs=[f for f in parts["figure_id"] if f],
        description="The rest of the whole: 100% minus the shares shown for this source and period",
        label=formatting.human(rest, "%", None, "approx" if approx else "exact"),
        link=first["url"],
        series=first["series"],
        is_remainder=True,
        is_bound=False,
    )
    return pd.DataFrame([row])


def group_label(row: pd.Series, short: bool = True) -> str:
    """The bar a share belongs to: who produced it, the period it is about, and where and when it was published
    (with `short`, the publisher's name without its description)."""
    e = formatting.escape_plotly
    producer = row.get("based_on") or row["attributed_to"]  # a derived share sits in the bar of its inputs
    publisher = formatting.short_publisher(row["publisher"]) if short else row["publisher"]
    return f"{e(producer)}, {e(row['period'])}<br>({e(publisher)}, {e(row['vintage'])})"


def _group_labels(rows: pd.DataFrame) -> list[str]:
    """The bar of each share row: the short `group_label`, or the full one where two sources (or periods) would
    share a short one (Xinhua as syndicated on two sites, the same day)."""
    short = [group_label(row) for _, row in rows.iterrows()]
    keys = pd.Series(list(zip(rows["doc_id"], rows["period"], strict=True)), index=rows.index)
    clashes = keys.groupby(short).nunique()
    return [group_label(row, short=False) if clashes[label] > 1 else label
            for label, (_, row) in zip(short, rows.iterrows(), strict=True)]  # fmt: skip


def _kind_text(row: Mapping[str, Any]) -> str:
    text = row["kind"]
    if _is_extracted(row):
        confidence = row.get("indicator_confidence")
        sure = f", suggested indicator's confidence {confidence:.2f}" if pd.notna(confidence) else ""
        return f"{text} · {formatting.EXTRACTED}{sure} · {row['publisher']} ({row['vintage']})"
    if row.get("is_remainder"):
        return f"{text} · remainder to 100%"
    if row["derived"]:
        return f"{text} · derived: {row['formula']}"
    return text


def _hover(row: Mapping[str, Any]) -> str:
    quote = row.get("quote")
    if isinstance(quote, str) and quote:
        return "“" + formatting.hover_quote(quote) + "”"
    return formatting.hover_quote(row.get("description") or row.get("formula") or "")


POINT_COLUMNS = ("figure_id", "quote", "description", "formula", "label", "series", "kind", "derived", "is_remainder",
                 "period", "entity", "extracted", "indicator_confidence", "publisher", "vintage")  # fmt: skip
"""The columns a point's customdata is made of (those a frame lacks read as None)."""


def _records(rows: pd.DataFrame, columns: tuple[str, ...]) -> list[dict[str, Any]]:
    """Each row as a dict of some columns, read column by column (iterrows builds a Series per row: slow)."""
    values = [rows[name].tolist() if name in rows else [None] * len(rows) for name in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _customdata(rows: pd.DataFrame) -> list[list[str]]:
    """Per point, in CUSTOMDATA's order: figure id, hover quote and the label parts."""
    e = formatting.escape_plotly
    return [
        [row["figure_id"] or "", _hover(row), e(row["label"]), e(row["series"]), e(_kind_text(row)),
         e(row["period"]), e(row["entity"])]
        for row in _records(rows, POINT_COLUMNS)
    ]  # fmt: skip


def _palette_start(entity: str) -> int:
    """Where an entity's choice in ENTITY_PALETTE starts: fixed by its name (a stable hash), so an entity's first
    choice does not depend on which other entities exist."""
    return zlib.crc32(entity.encode("utf-8")) % len(ENTITY_PALETTE)


def _palette_from(entity: str) -> list[str]:
    """ENTITY_PALETTE starting at the entity's own place (`_palette_start`)."""
    start = _palette_start(entity)
    return [*ENTITY_PALETTE[start:], *ENTITY_PALETTE[:start]]


def assign_colours(charted_together: Iterable[Iterable[str]]) -> dict[str, str]:
    """Each entity's one colour for every chart, no two entities that share a chart alike while ENTITY_PALETTE lasts.

    `charted_together`: the entities of each chart that can be drawn (one group per indicator). Declared
    entities (ENTITY_COLOURS) keep theirs; the others, those in most charts with most others first (then by
    name), take the first colour of `_palette_from` no entity sharing a chart with them has; an entity beside
    more entities than ENTITY_PALETTE has colours takes the one its neighbours use least.
    """
    neighbours: dict[str, set[str]] = {}
    for group in charted_together:
        members = set(group) - REMAINDER_ENTITIES
        for entity in members:
            neighbours.setdefault(entity, set()).update(members - {entity})
    colours = dict(ENTITY_COLOURS)
    for entity in sorted(set(neighbours) - set(colours), key=lambda e: (-len(neighbours[e]), e)):
        used = [colours[n] for n in neighbours[entity] if n in colours]
        colours[entity] = min(_palette_from(entity), key=used.count)
    return colours


def entity_colour(entity: str, colours: Mapping[str, str] | None = None) -> str:
    """The one colour of an entity, the same in every chart: from `colours` (`assign_colours` over the
    database), else the palette map, else the colour at the entity's own place in ENTITY_PALETTE."""
    if entity in REMAINDER_ENTITIES:
        return REMAINDER_COLOUR
    return (colours or {}).get(entity) or ENTITY_COLOURS.get(entity) or ENTITY_PALETTE[_palette_start(entity)]


def _colours(keys: list[str], colours: Mapping[str, str] | None) -> dict[str, str]:
    return {key: entity_colour(key, colours) for key in dict.fromkeys(keys)}


def legend_names(parts: list[tuple[str, ...]]) -> list[str]:
    """Trace names that keep only the parts that differ between traces ('China', not 'China — IDC ...')."""
    differing = [i for i in range(len(parts[0])) if len({p[i] for p in parts}) > 1] if parts else []
    return [" — ".join(p[i] for i in differing if p[i]) or p[0] for p in parts]


LEGEND_WIDTH = 38
"""Legend names wrap at this many characters: a long source name then fits a phone's chart (about 340 px)."""
LEGEND_LINE = 19
"""Pixels a legend line takes; a chart grows by its legend's lines, so a long legend never squeezes the plot."""


def legend_text(name: str) -> str:
    """A trace's legend name, escaped for Plotly and wrapped onto lines of LEGEND_WIDTH characters."""
    return "<br>".join(formatting.escape_plotly(line) for line in textwrap.wrap(name, LEGEND_WIDTH) or [name])


SELECTED = {"marker": {"opacity": 1}}
UNSELECTED = {"marker": {"opacity": 0.55}}
"""After a click the other points fade only a little, so their labels stay readable."""


def _points(
    rows: pd.DataFrame, textposition: str | list[str], text: list[str] | pd.Series | None = None
) -> dict[str, Any]:
    """What the marks of every chart share: value labels (by default each row's label) at `textposition` and
    never clipped, each point's figure id and hover text (a click leads to its quote), and how a click shows."""
    return {
        "text": [formatting.escape_plotly(label) for label in rows["label"]] if text is None else text,
        "textposition": textposition,
        "cliponaxis": False,
        "customdata": _customdata(rows),
        "hovertemplate": HOVER,
        "selected": SELECTED,
        "unselected": UNSELECTED,
    }


def _symbol(row: pd.Series) -> str:
    if _is_extracted(row):
        return EXTRACTED_SYMBOL
    if row["qualifier"] in BOUND_SYMBOLS:
        base = BOUND_SYMBOLS[row["qualifier"]]
    elif row["derived"]:
        base = "diamond"
    elif row["kind"] == "estimate":
        base = "square"
    else:
        base = "circle"
    return f"{base}-open" if row["kind"] in PROJECTED else base


TITLE_ROOM = 40
"""Top margin of a chart with a title; the app's charts have none (the page's heading above names them)."""
EDGE_ROOM = 12
"""Top margin of a chart without a title: what the top value label may reach past the plot (a legend above the
plot widens the margin by its own height, Plotly's automargin)."""


PHONE_LEGEND = 257
"""Pixels across a phone's legend: Plotly gives a legend above or under the plot the plot's width, 257-284 px
measured at 390 px (`_fullLayout.legend._maxWidth`)."""
LEGEND_SYMBOL = 40
"""Pixels of a legend entry besides its text: the symbol and the gaps around it."""
LEGEND_CHAR = 5.5
"""Pixels a character of a legend's 12 px text takes (5.1-5.3 measured in chromium, a little more for wide letters)."""
LEGEND_ABOVE_MOST = 5
"""Lines a legend may take on a phone above its plot; a longer one goes under the plot, so that a phone shows the
plot first (Explore's AI spending legend took 14 lines, a screenful, above it)."""


def phone_legend_lines(names: list[str], grouped: bool = False) -> int:
    """Lines a horizontal legend of these (wrapped) names takes on a phone, laid out as Plotly lays it out: entries
    on one row when they fit; otherwise, unless the legend is `grouped` (its traces have legend groups), every entry
    as wide as the widest, so that they stand in columns (Explore's AI spending legend: one entry a row); a row is
    as tall as its tallest entry."""
    widths = [LEGEND_SYMBOL + LEGEND_CHAR * max(len(part) for part in name.split("<br>")) for name in names]
    if not grouped and sum(widths) > PHONE_LEGEND:
        widths = [max(widths)] * len(widths)
    lines = row_lines = 0
    row_width = 0.0
    for name, width in zip(names, widths, strict=True):
        if row_width and row_width + width > PHONE_LEGEND:
            lines, row_width, row_lines = lines + row_lines, 0, 0
        row_width, row_lines = row_width + width, max(row_lines, name.count("<br>") + 1)
    return lines + row_lines


def _legend(lines: int) -> dict[str, Any]:
    """A horizontal legend above the plot, or under it (under the axis, at the chart's foot) when it takes more
    than LEGEND_ABOVE_MOST `lines` on a phone."""
    if lines <= LEGEND_ABOVE_MOST:
        return {"orientation": "h", "yanchor": "bottom", "y": 1, "x": 0, "title": {"text": ""}}
    return {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 0, "title": {"text": ""}}


def _layout(fig: go.Figure, title: str, axis_title: str, height: int) -> go.Figure:
    """Title, legend (`_legend`), no drag; `height` is the plot's, grown by the lines its legend takes on a phone
    (`phone_legend_lines`, where it takes the most) so that no legend squeezes it."""
    names = [str(trace.name) for trace in fig.data if trace.showlegend is not False]
    order = fig.layout.legend.traceorder or ("grouped" if any(trace.legendgroup for trace in fig.data) else "")
    legend_lines = phone_legend_lines(names, grouped="grouped" in order)  # Plotly's default order
    fig.update_layout(
        title={"text": formatting.escape_plotly(title), "x": 0, "xanchor": "left"},
        height=height + LEGEND_LINE * (legend_lines if len(names) > 1 else 0),
        margin={"l": 10, "r": 30, "t": TITLE_ROOM if title else EDGE_ROOM, "b": 10},
        legend=_legend(legend_lines),
        showlegend=len(fig.data) > 1,
        hoverlabel={"align": "left"},
        clickmode="event+select",
        dragmode=False,
    )
    fig.update_yaxes(title_text=axis_title, rangemode="tozero")
    return fig


LINE_HEADROOM = 1.06
"""A line chart's value axis runs to this much of its highest value: on a phone's plot, about 360 px high, that is
the 20 px the top point's label takes above its marker's centre; a desktop's plot is taller (its legend takes
fewer lines than counted for a phone), and the empty band between the legend and the top label grows with it (a
tenth left Explore's AI spending chart ~50 px there at 1366 px, a quarter 80 px)."""


def _headroom(fig: go.Figure, values: pd.Series, factor: float, axis: str = "y") -> None:
    """Room beyond the highest mark on the value `axis` for its label (labels are never clipped), when every
    value is >= 0."""
    if len(values) and float(values.min()) >= 0 and float(values.max()) > 0:
        fig.update_layout({f"{axis}axis": {"range": [0, float(values.max()) * factor]}})


def figure(
    rows: pd.DataFrame, chart: str, title: str, unit: str, colours: Mapping[str, str] | None = None
) -> go.Figure:
    """The chart of `plotted_rows(...)`: line (series over time), bar (comparison) or share (to 100%).
    `colours`: each entity's colour (`assign_colours`); entities it lacks get `entity_colour`'s."""
    if chart == "share":
        return share_figure(rows, title, colours)
    if chart == VINTAGES:
        return vintage_figure(rows, title, unit)
    if not rows.empty and (len(rows) == 1 or (chart == "line" and rows["period"].nunique() == 1)):
        return dot_figure(rows, title, unit, colours)
    if chart == "line":
        return line_figure(rows, title, unit, colours)
    return bar_figure(rows, title, unit, colours)


def _counts(rows: pd.DataFrame) -> str | None:
    """What the rows' indicator counts (its `counts`), if they say."""
    return rows["counts"].iloc[0] if "counts" in rows else None


def dot_figure(rows: pd.DataFrame, title: str, unit: str, colours: Mapping[str, str] | None = None) -> go.Figure:
    """One period (or one value): a labelled dot per figure on a category axis, never a time axis or a lone bar.

    Several sources for one entity stand side by side (one trace per source, Plotly's grouped scatter).
    """
    fig = go.Figure()
    divisor, axis_title = formatting.axis_scale(rows["value"], unit, _counts(rows))
    rows = rows.assign(category=_bar_categories(rows))
    groups = list(rows.groupby("series", sort=False))
    names = legend_names([(str(series),) for series, _ in groups])
    for (_series, trace_rows), name in zip(groups, names, strict=True):
        marks = [entity_colour(e, colours) for e in trace_rows["entity"]]
        fig.add_trace(
            go.Scatter(
                x=[formatting.escape_plotly(c) for c in trace_rows["category"]],
                y=trace_rows["value"] / divisor,
                mode="markers+text",
                marker={
                    "symbol": [_symbol(r) for _, r in trace_rows.iterrows()],
                    "size": 18,
                    "color": marks,
                    "line": {"width": 2, "color": marks},
                },
                textfont={"size": 15},
                name=legend_text(name),
                **_points(trace_rows, "top center"),
            )
        )
    fig.update_layout(scattermode="group", scattergap=0.5)
    fig.update_xaxes(type="category")
    _layout(fig, title, axis_title, DOT_PLOT)
    _headroom(fig, rows["value"] / divisor, 1.2)
    width = DOT_AXIS + DOT_MARK * len(rows)
    if width < DOT_STRETCH_FROM:
        fig.update_layout(width=max(width, DOT_NARROWEST))
    return fig


DOT_PLOT = 300
"""Height of a dot chart before its legend."""
DOT_AXIS = 160
"""Pixels of a dot chart besides its dots: the value axis, its title and the margins."""
DOT_MARK = 90
"""Pixels a dot of a dot chart takes across, its label and the gaps around it."""
DOT_NARROWEST = 330
"""A dot chart is never narrower than this, room for its legend (a phone's chart is 358 px)."""
DOT_STRETCH_FROM = 600
"""Dot charts that need this many pixels across or more take the page's width; narrower ones keep theirs: one value
drawn across a desktop's 820 px stood alone in the middle of an empty plot."""


PHONE_PLOT = 257
"""Pixels of a line or vintage chart's plot on a phone (the narrowest screen it is drawn on): 257-260 measured in
chromium at 390 px (`_fullLayout._size.w`)."""
MARKER_GAP = 4
"""Pixels between the markers of figures nudged apart (their centres a marker and this much apart)."""
DATE_AXIS_PAD = 1.2
"""A date axis spans about this much of its points' span: Plotly's autorange leaves room for the markers."""
LINE_MARKER = 13
"""Pixels across a line chart's marker."""


def _dodged_x(rows: pd.DataFrame) -> pd.Series:
    """Period midpoints, nudged apart when several rows share an entity and period (side by side): a marker and a
    bit apart on a phone's plot, but never out of their period (a 2023 figure stays within 2023)."""
    middle = rows["period_start"] + (rows["period_end"] - rows["period_start"]) / 2
    span = (middle.max() - middle.min()).days if len(rows) > 1 else 0
    rank = rows.groupby(["entity", "period"]).cumcount()
    size = rows.groupby(["entity", "period"])["figure_id"].transform("size")
    within = (rows["period_end"] - rows["period_start"]).dt.days / size
    step = within.clip(upper=max(12, span * DATE_AXIS_PAD * (LINE_MARKER + MARKER_GAP) / PHONE_PLOT))
    return middle + pd.to_timedelta((rank - (size - 1) / 2) * step, unit="D")


def _text_positions(rows: pd.DataFrame) -> list[str]:
    """Labels of points side by side go left and right so they do not overlap."""
    rank = rows.groupby(["entity", "period"]).cumcount()
    size = rows.groupby(["entity", "period"])["figure_id"].transform("size")
    return [
        "top center" if n == 1 else "top left" if r == 0 else "top right" if r == n - 1 else "bottom center"
        for r, n in zip(rank, size, strict=True)
    ]


LABEL_GAP = 0.07
"""Two value labels closer than this share of the value axis ..."""
LABEL_X_GAP = 0.2
"""... and than this share of the x axis would overlap on a phone's chart (a plot about 280 px wide, labels up to
50 px): one is left out."""


def _spaced(order: list[Any], x: pd.Series, y: pd.Series) -> list[Any]:
    """Of the points in `order` (most wanted first), those whose value labels can be drawn: each one not within
    LABEL_X_GAP and LABEL_GAP (shares of the axes' spans) of one drawn before. The others say their value on
    hover, and the table under the chart lists every value."""
    x = (x - x.min()) / (float(x.max() - x.min()) or 1.0)
    y = y / (float(y.abs().max()) or 1.0)
    placed: list[Any] = []
    for index in order:
        if not any(abs(x[index] - x[p]) < LABEL_X_GAP and abs(y[index] - y[p]) < LABEL_GAP for p in placed):
            placed.append(index)
    return placed


def _line_labels(rows: pd.DataFrame, values: pd.Series) -> pd.Series:
    """Value labels of a line chart: stated figures before derived ones, the latest first, none overlapping."""
    days = (rows["x"] - rows["x"].min()).dt.days.astype(float)
    order = rows.assign(stated=~rows["derived"].astype(bool), days=days).sort_values(
        ["stated", "days"], ascending=False, kind="stable"
    )
    drawn = _spaced(list(order.index), days, values)
    return pd.Series([formatting.escape_plotly(rows.at[i, "label"]) if i in drawn else "" for i in rows.index],
                     index=rows.index, dtype=object)  # fmt: skip


LABEL_PLACES = ("top center", "bottom center", "top left", "top right", "bottom left", "bottom right", "middle left",
                "middle right")  # fmt: skip
"""Where a value label may stand around its marker, most wanted first (after the place its chart asks for)."""
LABEL_FONT = 12
"""Pixels of a value label's text (Plotly's default): LEGEND_CHAR a character across, LABEL_HIGH high."""
LABEL_HIGH = 16
PLOT_WIDTHS = (PHONE_PLOT, 340, 466, 722, 842)
"""Pixels across a line or vintage chart's plot (`_fullLayout._size.w`) on a phone, in an Overview column at 1400 px,
and across the page at 1024, 1280 and 1400 px."""
LINE_PLOT_HIGH = 369
"""Pixels of a line chart's plot from top to bottom (`_fullLayout._size.h`: 369-376 at 390 and 1280 px)."""
VINTAGE_PLOT_HIGH = 418
"""Pixels of a vintage chart's plot from top to bottom on a phone (IDC's: 418 at 390 px, 476 at 1280 px)."""
AUTORANGE_PAD = 0.05
"""Share of a plot's length Plotly's autorange leaves beyond the outermost markers, besides their radius."""
Box = tuple[float, float, float, float]
"""left, top, right, bottom: pixels from the plot's top left corner."""


def _numbers(values: Any) -> np.ndarray:
    """A trace's values, or an axis's range, as numbers: dates (datetime64 or ISO text) as nanoseconds."""
    array = np.asarray(values)
    return pd.to_datetime(array).asi8.astype(float) if array.dtype.kind in "MUO" else array.astype(float)


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _crosses(box: Box, start: tuple[float, float], end: tuple[float, float]) -> bool:
    """Whether the segment from `start` to `end` passes through `box` (Liang-Barsky clipping)."""
    (x0, y0), (x1, y1) = start, end
    low, high = 0.0, 1.0
    for step, room in ((x0 - x1, x0 - box[0]), (x1 - x0, box[2] - x0), (y0 - y1, y0 - box[1]), (y1 - y0, box[3] - y0)):
        if step == 0:
            if room < 0:
                return False
        elif step < 0:
            low = max(low, room / step)
        else:
            high = min(high, room / step)
    return low <= high


class _Plot:
    """A line or vintage chart's marks in pixels, on a plot `width` x `height` px, to tell where a value label
    would be in the way of something or be cut."""

    def __init__(self, fig: go.Figure, width: float, height: float) -> None:
        self.width, self.height = width, height
        self.radii = [float(trace.marker.size or LINE_MARKER) / 1.6 for trace in fig.data]  # Plotly's marker radius
        pad = max(self.radii)
        x = self._pixels([_numbers(trace.x) for trace in fig.data], fig.layout.xaxis.range, width, pad)
        y = self._pixels([_numbers(trace.y) for trace in fig.data], fig.layout.yaxis.range, height, pad)
        self.points = [list(zip(xs, height - ys, strict=True)) for xs, ys in zip(x, y, strict=True)]
        self.segments = [pair for trace, at in zip(fig.data, self.points, strict=True) if "lines" in (trace.mode or "")
                         for pair in itertools.pairwise(at)]  # fmt: skip
        self.markers = {(t, i): (x - r, y - r, x + r, y + r) for t, (at, r) in enumerate(zip(self.points, self.radii,
                        strict=True)) for i, (x, y) in enumerate(at)}  # fmt: skip

    @staticmethod
    def _pixels(values: list[np.ndarray], span: Any, length: float, radius: float) -> list[np.ndarray]:
        """Positions along an axis of `length` px over `span` (the layout's range) or, autoranged, over the values
        and AUTORANGE_PAD of the axis and a marker's radius beyond them."""
        every = np.concatenate(values)
        pad = 0.0 if span else AUTORANGE_PAD * length + radius
        low, high = _numbers(span) if span else (every.min(), every.max())
        scale = (length - 2 * pad) / ((high - low) or 1.0)
        return [pad + (trace - low) * scale for trace in values]

    def box(self, t: int, i: int, place: str, text: str) -> Box:
        """The box of point `i` of trace `t`'s label at `place`, where Plotly draws it (`textPointPosition`: a
        little more than the marker's radius away, the text's baseline 3/4 of its size under that)."""
        x, y = self.points[t][i]
        away = self.radii[t] / 0.8 + 1
        width = LEGEND_CHAR * len(html.unescape(text))
        vertical = -1 if "top" in place else 1 if "bottom" in place else 0
        baseline = y + 0.75 * LABEL_FONT + vertical * away + (vertical - 1) * LABEL_FONT / 2
        left = x - away - width if "left" in place else x + away if "right" in place else x - width / 2
        return left, baseline - LABEL_HIGH * 3 / 4, left + width, baseline + LABEL_HIGH / 4

    def badness(self, t: int, i: int, box: Box, placed: list[Box]) -> int:
        """How much a label at `box` is in the way: cut at the plot's edge (above it, the chart's top margin is
        room), across a line, over a label `placed` before or over another point's marker."""
        cut = box[0] < 0 or box[2] > self.width or box[1] < -EDGE_ROOM or box[3] > self.height
        return (
            100 * cut
            + 10 * sum(_crosses(box, a, b) for a, b in self.segments)
            + 10 * sum(_overlap(box, other) for other in placed)
            + 3 * sum(_overlap(box, mark) for point, mark in self.markers.items() if point != (t, i))
        )


def _place_labels(fig: go.Figure, plot_height: float) -> None:
    """Put each value label at the first place around its marker (its trace's own, then LABEL_PLACES) that crosses
    no line, its own or another's, covers no other label or marker and stays inside the plot, on each of PLOT_WIDTHS;
    where no place is clear, the least crowded (IDC's ">$110B" sat on a later forecast's line, Baidu's
    "1.5B calls/day" on its own)."""
    plots = [_Plot(fig, width, plot_height) for width in PLOT_WIDTHS]
    placed: list[list[Box]] = [[] for _ in plots]
    for t, trace in enumerate(fig.data):
        own = trace.textposition
        places = list(own) if isinstance(own, tuple | list) else [own or "middle center"] * len(trace.x)
        for i, text in enumerate(() if trace.text is None else trace.text):
            if not text:
                continue
            wanted = [places[i], *(place for place in LABEL_PLACES if place != places[i])]
            boxes = {p: [plot.box(t, i, p, text) for plot in plots] for p in wanted}
            scores = {p: sum(plot.badness(t, i, box, done) for plot, box, done in zip(plots, boxes[p], placed,
                      strict=True)) for p in wanted}  # fmt: skip
            places[i] = min(wanted, key=scores.__getitem__)
            for done, box in zip(placed, boxes[places[i]], strict=True):
                done.append(box)
        trace.textposition = places
        trace.textfont.shadow = "auto"


YEAR_TICKS_FROM = pd.Timedelta(days=3 * 365)
"""Points spread over at least this long are read by year; over less, ticks name months (Dec 2023 ... Dec 2024)."""
SHORT_SPAN_FORMATS = [
    {"dtickrange": [None, "M1"], "value": "%e %b<br>%Y"},
    {"dtickrange": ["M1", "M12"], "value": "%b<br>%Y"},
    {"dtickrange": ["M12", None], "value": "%Y"},
]
"""Tick labels by the spacing Plotly picks for the chart's width: days, months, or years; the year under the month,
since Plotly gives a phone's axis six ticks whatever the labels' width (on one line, "Oct 2023Jan 2024Apr 2024")."""


def time_ticks(x: pd.Series) -> dict[str, Any]:
    """A time axis's ticks: one a year, labelled in the middle of its year, for a long span; for a short one,
    Plotly's spacing for the chart's width (a phone gets fewer ticks) labelled with the month."""
    if x.max() - x.min() >= YEAR_TICKS_FROM:
        return {"tickformat": "%Y", "dtick": "M12", "ticklabelmode": "period"}
    return {"tickformatstops": SHORT_SPAN_FORMATS, "nticks": 6}


def _lines(rows: pd.DataFrame) -> pd.Series:
    """The line each point of a line chart joins. A forecast joins its own source's (forecasts published at
    different times are different predictions); a reported or estimated value joins its producer's series,
    whoever carried it (Baidu's daily API calls as Xinhua and Reuters reported them are one series, its points
    still each its own, side by side when they share a period); a derived value the derived line of its
    inputs' producer; an extracted one no line."""
    producer = _producer(rows)
    stated = producer.where(~rows["derived"].astype(bool), "derived from " + producer)
    line = _short_series(rows).where(rows["kind"].isin(PROJECTED), stated)
    return line.where(~extracted(rows), formatting.EXTRACTED)


def _short_series(rows: pd.DataFrame) -> pd.Series:
    """Each row's series with its publisher's short name ('IDC via Business Wire (2022-09-12)', not '... Business
    Wire (IDC press release) ...'), or the full series where two would share a short one."""
    short = pd.Series(
        [formatting.series_label(a, formatting.short_publisher(p), v, d)
         for a, p, v, d in zip(_producer(rows), rows["publisher"], rows["vintage"], rows["derived"], strict=True)],
        index=rows.index,
    )  # fmt: skip
    clash = rows["series"].groupby(short).transform("nunique") > 1
    return short.where(~clash, rows["series"])


def line_figure(rows: pd.DataFrame, title: str, unit: str, colours: Mapping[str, str] | None = None) -> go.Figure:
    fig = go.Figure()
    if rows.empty:
        return _layout(fig, title, "", 420)
    divisor, axis_title = formatting.axis_scale(rows["value"], unit, _counts(rows))
    rows = rows.assign(x=_dodged_x(rows), projected=rows["kind"].isin(PROJECTED), textpos=_text_positions(rows))
    rows = rows.assign(text=_line_labels(rows, rows["value"] / divisor), line=_lines(rows))
    groups = list(rows.groupby(["entity", "line", "projected"], sort=False))
    # A line names its source (forecasts) or producer (reported values): the kind is said by its style, and only
    # extracted figures, on no line, need it to tell their two entries apart.
    names = legend_names([(e, line, ("forecast" if p else "reported") if line == formatting.EXTRACTED else "")
                          for (e, line, p), _ in groups])  # fmt: skip
    for ((entity, line, projected), trace_rows), name in zip(groups, names, strict=True):
        trace_rows = trace_rows.sort_values("x")
        derived = bool(trace_rows["derived"].all())
        dash = "dot" if derived else "dash" if projected else "solid"
        colour = entity_colour(entity, colours)
        fig.add_trace(
            go.Scatter(
                x=trace_rows["x"],
                y=trace_rows["value"] / divisor,
                mode="markers+text" if line == formatting.EXTRACTED else "lines+markers+text",
                name=legend_text(name),
                line={"color": colour, "dash": dash, "width": 2},
                marker={
                    "symbol": [_symbol(r) for _, r in trace_rows.iterrows()],
                    "size": 13,
                    "color": colour,
                    "line": {"width": 2, "color": colour},
                },
                **_points(trace_rows, list(trace_rows["textpos"]), text=list(trace_rows["text"])),
            )
        )
    fig.update_xaxes(type="date", **time_ticks(rows["x"]))
    _layout(fig, title, axis_title, 440)
    _headroom(fig, rows["value"] / divisor, LINE_HEADROOM)
    _place_labels(fig, LINE_PLOT_HIGH)
    return fig


VINTAGE_PLOT = 520
"""Height of a vintage chart before its legend: about 415 px of plot on a phone, where IDC's ten years of
forecasts, most of them under a quarter of the highest, crowd the foot of the plot."""
VINTAGE_MARKER = 15
"""Pixels across the largest marker of a vintage chart (an actual's)."""
YEAR_SPREAD = 0.6
"""The most of a year that points of one line and target year spread over: each stays a fifth of a year inside
its year's band (`_year_bands`), never read as the next year's (at 0.8 three IDC points for 2028 did)."""
YEAR_BAND = "rgba(128, 140, 155, 0.13)"
"""Every other target year's band: a faint grey that reads on the light and the dark background alike."""


YEAR_LABEL = 34
"""Pixels a year's tick label takes across, with the gap that keeps it apart from the next ("2029" at 12 px: 26)."""


def _year_ticks(years: pd.Series) -> dict[str, Any]:
    """A tick every year, each named while the years' labels fit side by side on a phone's plot (PHONE_PLOT),
    else every other year, the shaded ones (`_year_bands`): IDC's ten years, each named, ran together on a phone
    into one string of digits."""
    first, last = int(years.min()), int(years.max())
    step = 1 if (last - first + 1) * YEAR_LABEL <= PHONE_PLOT else 2
    return {"dtick": 1, "tick0": first, "ticklabelstep": step, "tickformat": "d"}


def _year_bands(fig: go.Figure, years: pd.Series) -> None:
    """Shade every other target year, edge to edge (half a year either side of its tick), so the points spread
    around a year plainly belong to it."""
    first, last = int(years.min()), int(years.max())
    fig.update_layout(
        shapes=[
            {"type": "rect", "xref": "x", "yref": "paper", "x0": year - 0.5, "x1": year + 0.5, "y0": 0, "y1": 1,
             "fillcolor": YEAR_BAND, "line": {"width": 0}, "layer": "below"}
            for year in range(first, last + 1, 2)
        ]
    )  # fmt: skip
    fig.update_xaxes(range=[first - 0.5, last + 0.5], showgrid=False)


CLOSE_VALUES = 0.05
"""Figures for one year closer than this share of the chart's highest value would overlap on a phone's plot (about
400 px high, markers 15 px and a gap): they stand side by side."""


def _vintage_x(rows: pd.DataFrame) -> pd.Series:
    """Target years, nudged apart where an entity has figures of close values for one year, of one line (several
    outlets, a headline and its table) or of several (two vintages' forecasts, a forecast and the actual): a marker
    and a gap apart on a phone's plot where the year has room, else spread over YEAR_SPREAD of it, each centre
    clear of its neighbour's marker, a line's own points as far apart as the others allow (three Gartner $644B
    points were one, IDC's $423.6B for 2027 and the ~$422B derived from a later forecast were one, and Gartner's
    January and May 2026 forecasts for 2026 overlapped in pairs)."""
    ordered = rows.sort_values(["entity", "target_year", "value"], kind="stable")
    step_up = ordered.groupby(["entity", "target_year"])["value"].diff() > CLOSE_VALUES * rows["value"].abs().max()
    cluster = step_up.groupby([ordered["entity"], ordered["target_year"]]).cumsum().reindex(rows.index)
    keys = [rows["entity"], rows["target_year"], cluster]
    turn = rows.groupby([*keys, rows["line"]]).cumcount()  # a line's first point, its second ...
    rank = rows.assign(turn=turn).sort_values(["turn", "vintage_date"], kind="stable", na_position="last")
    rank = rank.groupby(keys).cumcount().reindex(rows.index)
    size = rows.groupby(keys)["figure_id"].transform("size")
    span = max(1, rows["target_year"].max() - rows["target_year"].min() + 1)
    apart = span * (VINTAGE_MARKER + MARKER_GAP) / PHONE_PLOT
    step = (YEAR_SPREAD / (size - 1).clip(lower=1)).clip(upper=apart)
    return rows["target_year"] + (rank - (size - 1) / 2) * step


def _vintage_labels(rows: pd.DataFrame, values: pd.Series) -> pd.Series:
    """Value labels of a vintage chart: each actual and the last point of each vintage line (the line's
    latest target year, said once), minus any that would overlap one already placed (actuals first, then
    stated before derived, newer vintages first); every other point says its value on hover."""
    last = rows["target_year"] == rows.groupby(["entity", "line"])["target_year"].transform("max")
    first = ~rows.duplicated(["entity", "line", "target_year", "label"])
    actual = rows["line"] == ACTUALS
    candidates = rows[actual | (last & first)].assign(actual=actual, stated=~rows["derived"].astype(bool))
    candidates = candidates.sort_values(["actual", "stated", "vintage_year"], ascending=False, na_position="last")
    drawn = _spaced(list(candidates.index), rows["target_year"].astype(float), values)
    return pd.Series([formatting.escape_plotly(rows.at[i, "label"]) if i in drawn else "" for i in rows.index],
                     index=rows.index, dtype=object)  # fmt: skip


def _vintage_line_colours(rows: pd.DataFrame) -> dict[str, str]:
    """Each vintage line's colour, from the oldest publication to the newest along VINTAGE_SCALE."""
    forecasts = rows[~rows["line"].isin([ACTUALS, formatting.EXTRACTED])]
    lines = list(dict.fromkeys(forecasts.sort_values("vintage_date", kind="stable", na_position="last")["line"]))
    return dict(zip(lines, vintage_colours(len(lines)), strict=True))


def vintage_figure(rows: pd.DataFrame, title: str, unit: str) -> go.Figure:
    """What a producer predicted, when: x = target year, one line per vintage, actuals as their own markers."""
    fig = go.Figure()
    if rows.empty:
        return _layout(fig, title, "", 440)
    divisor, axis_title = formatting.axis_scale(rows["value"], unit, _counts(rows))
    actual = rows["kind"].isin(ACTUAL_KINDS)
    producers = set(rows.loc[~actual, "vintage_producer"].dropna())
    lines = [
        formatting.EXTRACTED if _is_extracted(r) else ACTUALS if a else vintage_label(r, len(producers) == 1)
        for a, (_, r) in zip(actual, rows.iterrows(), strict=True)
    ]
    rows = rows.assign(line=lines)
    rows = rows.assign(x=_vintage_x(rows))
    labels = _vintage_labels(rows, rows["value"] / divisor)
    groups = list(rows.groupby(["entity", "line", "derived"], sort=False))
    names = legend_names([(entity, line) for (entity, line, _), _ in groups])
    colours = _vintage_line_colours(rows)
    stated = {(entity, line) for (entity, line, derived), _ in groups if not derived}
    for ((entity, line, derived), trace_rows), name in zip(groups, names, strict=True):
        is_actual = line in (ACTUALS, formatting.EXTRACTED)  # markers only, never a line
        colour = colours.get(line, ACTUALS_COLOUR)
        fig.add_trace(
            go.Scatter(
                x=trace_rows["x"],
                y=trace_rows["value"] / divisor,
                mode="markers+text" if is_actual or derived else "lines+markers+text",
                name=legend_text(name),
                legendgroup=line,
                legendrank=2000 if is_actual else 1000,  # the vintages after their title, oldest first; actuals last
                showlegend=not derived or (entity, line) not in stated,  # a diamond on its vintage's line
                line={"color": colour, "dash": "solid" if is_actual else "dash", "width": 2},
                marker={
                    "symbol": [_symbol(r) for _, r in trace_rows.iterrows()],
                    "size": VINTAGE_MARKER if is_actual else 12,
                    "color": colour,
                    "line": {"width": 2, "color": colour},
                },
                **_points(trace_rows, "top center", text=labels[trace_rows.index]),
            )
        )
    fig.update_xaxes(title_text="target year (the year forecast)", **_year_ticks(rows["target_year"]))
    _year_bands(fig, rows["target_year"])
    _layout(fig, title, axis_title, VINTAGE_PLOT + LEGEND_LINE)  # and the legend's title line
    fig.update_layout(
        showlegend=True, legend_title_text=formatting.escape_plotly(vintage_legend_title(producers)) + ":"
    )
    _headroom(fig, rows["value"] / divisor, LINE_HEADROOM)
    _place_labels(fig, VINTAGE_PLOT_HIGH)
    return fig


def _bar_categories(rows: pd.DataFrame) -> pd.Series:
    """Category of each bar: the entity, with the period when periods differ; unique within a series."""
    several_periods = rows["period"].nunique() > 1
    base = rows["entity"] + (" · " + rows["period"] if several_periods else "")
    repeat = rows.assign(base=base).groupby(["series", "base"]).cumcount()
    return base.where(repeat == 0, base + " · figure " + (repeat + 1).astype(str))


def _bar_axis_labels(rows: pd.DataFrame) -> list[str]:
    """One axis label per bar (escaped for Plotly): its entity, with the period when periods differ, and under
    it the source when several bars share both; every bar has its own category, so each is full width."""
    several_periods = rows["period"].nunique() > 1
    base = rows["entity"] + (" · " + rows["period"] if several_periods else "")
    shared = base.duplicated(keep=False)
    sources = [f"{formatting.short_publisher(p)}, {v}" for p, v in zip(rows["publisher"], rows["vintage"], strict=True)]
    labels = [
        formatting.escape_plotly(b) + (f"<br>{formatting.escape_plotly(s)}" if several else "")
        for b, s, several in zip(base, sources, shared, strict=True)
    ]
    repeat = pd.Series(labels).groupby(labels).cumcount()
    return [label if r == 0 else f"{label} · figure {r + 1}" for label, r in zip(labels, repeat, strict=True)]


BAR_TEXT = 11
"""Bar labels share one size, never below this: a label that would shrink further (bars too narrow for it, as on
a phone) is left to the hover, never drawn tiny or over its neighbour."""


HORIZONTAL_FROM = 5
"""Bar charts of this many bars or more lie on their side: each bar a row, named above it and labelled at its
end, however narrow the screen (upright, eight bars on a phone left room for the labels of three). So do bars
named on two lines (entity, then source): upright, a phone turned four such names on end."""
BAR_ROW = 72
"""Pixels per bar of a bar chart on its side: the bar, and above it its name on up to two lines."""
SIDE_BAR = 0.4
"""Thickness of a bar on its side, in rows: the rest of its row holds its name. Named at its left instead, the
bars of IDC's AI spending CAGR kept 64 px of a phone's 330 (their names took the rest) and all looked alike."""


def bar_figure(rows: pd.DataFrame, title: str, unit: str, colours: Mapping[str, str] | None = None) -> go.Figure:
    """One bar per figure in its own category (several sources for one entity and period side by side, each
    naming its source under it), coloured by entity; one trace (legend entry) per entity. HORIZONTAL_FROM bars
    or more lie on their side, in the same order from the top."""
    fig = go.Figure()
    if rows.empty:
        return _layout(fig, title, "", 420)
    divisor, axis_title = formatting.axis_scale(rows["value"], unit, _counts(rows))
    rows = rows.assign(category=_bar_axis_labels(rows), found=extracted(rows), row=range(len(rows) - 1, -1, -1))
    horizontal = len(rows) >= HORIZONTAL_FROM or rows["category"].str.contains("<br>", regex=False).any()
    for (entity, found), trace_rows in rows.groupby(["entity", "found"], sort=False):
        patterns = [
            "." if d else "/" if k in PROJECTED else ""
            for d, k in zip(trace_rows["derived"], trace_rows["kind"], strict=True)
        ]
        colour = entity_colour(entity, colours)
        marker = {"color": colour, "pattern": {"shape": patterns, "fillmode": "overlay", "solidity": 0.3}}
        if found:  # hollow, outlined and cross-hatched in the entity's colour
            hatch = {"shape": "x", "fgcolor": colour, "fillmode": "replace", "solidity": 0.15}
            marker = {"color": "rgba(255,255,255,0)", "line": {"color": colour, "width": 2}, "pattern": hatch}
        names, values = list(trace_rows["category"]), list(trace_rows["value"] / divisor)
        fig.add_trace(
            go.Bar(
                x=values if horizontal else names,
                y=list(trace_rows["row"]) if horizontal else values,
                orientation="h" if horizontal else "v",
                width=SIDE_BAR if horizontal else None,
                name=legend_text(f"{entity}, {formatting.EXTRACTED}" if found else entity),
                marker=marker,
                textfont={"size": 13},
                **_points(trace_rows, "outside"),
            )
        )
    fig.update_layout(
        barmode="overlay", bargap=max(0.25, 0.85 - 0.15 * len(rows)), uniformtext={"minsize": BAR_TEXT, "mode": "hide"}
    )
    return (
        _on_side(fig, rows, title, axis_title, divisor)
        if horizontal
        else _upright(fig, rows, title, axis_title, divisor)
    )


def _upright(fig: go.Figure, rows: pd.DataFrame, title: str, axis_title: str, divisor: float) -> go.Figure:
    fig.update_xaxes(type="category", automargin=True, categoryorder="array", categoryarray=list(rows["category"]))
    _layout(fig, title, axis_title, 440)
    _headroom(fig, rows["value"] / divisor, 1.2)
    return fig


def _on_side(fig: go.Figure, rows: pd.DataFrame, title: str, axis_title: str, divisor: float) -> go.Figure:
    """Bars as rows, the first on top, each named above it (so it spans the chart's width, on a phone too), the
    value axis along the bottom with room at the right for the labels."""
    _layout(fig, title, "", 80 + BAR_ROW * len(rows))
    _bar_names(fig, list(rows["category"]), SIDE_BAR, BAR_ROW)
    fig.update_xaxes(title_text=axis_title, rangemode="tozero")
    _headroom(fig, rows["value"] / divisor, 1.3, axis="x")
    return fig


SHARE_BAR = 0.5
"""Thickness of a share bar, in rows of the chart: the other half of its row holds the bar's name, above it."""
SHARE_ROW = 70
"""Pixels per bar of a share chart (the bar and, above it, its name on two lines)."""


def share_figure(rows: pd.DataFrame, title: str, colours: Mapping[str, str] | None = None) -> go.Figure:
    """Horizontal bars, one per source and period, each stacked to 100% with the remainder in grey. Each bar's
    name stands above it, so the bar spans the chart's whole width and its parts' labels fit, on a phone too."""
    fig = go.Figure()
    if rows.empty:
        return _layout(fig, title, "", 300)
    rows = rows.assign(group=_group_labels(rows))
    rows.loc[rows["is_bound"], "group"] = "stated bounds: " + rows.loc[rows["is_bound"], "group"]
    found = extracted(rows)
    rows.loc[found, "group"] = formatting.EXTRACTED + ": " + rows.loc[found, "group"]
    groups = list(dict.fromkeys(rows["group"]))
    rows = rows.assign(row=rows["group"].map({group: len(groups) - 1 - i for i, group in enumerate(groups)}))
    entities = [e for e in dict.fromkeys(rows["entity"]) if e not in REMAINDER_ENTITIES]
    entity_colours = _colours(entities, colours)
    parts = rows[~rows["is_bound"] & ~found]
    listed: set[str] = set()
    for entity, trace_rows in parts.groupby("entity", sort=False):
        remainder = entity in REMAINDER_ENTITIES
        group = REMAINDER_ENTITY if remainder else entity  # every grey part is one legend entry, named once
        fig.add_trace(
            go.Bar(
                y=list(trace_rows["row"]),
                x=trace_rows["value"],
                orientation="h",
                width=SHARE_BAR,
                name=legend_text(group),
                legendgroup=group,
                showlegend=group not in listed,
                marker={
                    "color": REMAINDER_COLOUR if remainder else entity_colours[entity],
                    "pattern": {
                        "shape": [
                            "" if remainder else "." if d else "/" if k in PROJECTED else ""
                            for d, k in zip(trace_rows["derived"], trace_rows["kind"], strict=True)
                        ],
                        "fillmode": "overlay",
                        "solidity": 0.15,
                    },
                },
                textangle=0,
                textfont={"color": "#1c2733" if remainder else "#ffffff"},
                insidetextanchor="middle",
                **_points(trace_rows, "inside", text=_named_labels(trace_rows)),
            )
        )
        listed.add(group)
    _share_markers(fig, rows[found], formatting.EXTRACTED, entity_colours)
    bounds = rows[rows["is_bound"]]
    if not bounds.empty:
        fig.add_trace(
            go.Scatter(
                y=list(bounds["row"]),
                x=bounds["value"],
                mode="markers+text",
                name="stated bounds (more than / less than)",
                marker={
                    "symbol": [SHARE_BOUND_SYMBOLS[q] for q in bounds["qualifier"]],
                    "size": 16,
                    "color": [entity_colours.get(e, REMAINDER_COLOUR) for e in bounds["entity"]],
                },
                text=[
                    "" if repeated else label  # one label where one source states a bound twice (markers coincide)
                    for label, repeated in zip(
                        _named_labels(bounds), bounds.duplicated(["group", "entity", "label"]), strict=True
                    )
                ],
                textposition="middle right",
                customdata=_customdata(bounds),
                hovertemplate=HOVER,
            )
        )
    fig.update_layout(
        barmode="stack", legend={"traceorder": "normal"}, uniformtext={"minsize": BAR_TEXT, "mode": "hide"}
    )
    fig.update_xaxes(range=[0, 100], title_text="percent (%)", ticksuffix="%")
    _layout(fig, title, "", 110 + SHARE_ROW * len(groups))
    _bar_names(fig, groups, SHARE_BAR, SHARE_ROW)
    return fig


NAME_LINE = 17
"""Pixels a line of a bar's name takes above it."""


def _bar_names(fig: go.Figure, groups: list[str], thickness: float, row: int) -> None:
    """Each bar's name just above the bar (`thickness` of a `row` px high, the first bar on top), from the chart's
    left edge (the bars have no axis labels); above the first, room for its name's lines and no more."""
    for i, group in enumerate(groups):
        fig.add_annotation(
            x=0, y=len(groups) - 1 - i + thickness / 2, xref="x", yref="y", text=group, showarrow=False,
            xanchor="left", yanchor="bottom", align="left", font={"size": 12},
        )  # fmt: skip
    top = len(groups) - 1 + thickness / 2 + (groups[0].count("<br>") + 1) * NAME_LINE / row
    fig.update_yaxes(title_text="", showticklabels=False, showgrid=False, zeroline=False, rangemode=None,
                     range=[-thickness, top])  # fmt: skip


def _named_labels(rows: pd.DataFrame) -> list[str]:
    """Labels that name their entity ("China 36%"): a share chart has no axis of entities."""
    return [formatting.escape_plotly(f"{e} {label}") for e, label in zip(rows["entity"], rows["label"], strict=True)]


def _share_markers(fig: go.Figure, rows: pd.DataFrame, name: str, colours: dict[str, str]) -> None:
    """Shares drawn as markers on their own line of the chart (not parts of a bar to 100%)."""
    if rows.empty:
        return
    fig.add_trace(
        go.Scatter(
            y=list(rows["row"]),
            x=rows["value"],
            mode="markers+text",
            name=legend_text(name),
            marker={
                "symbol": [_symbol(r) for _, r in rows.iterrows()],
                "size": 16,
                "color": [colours.get(e, REMAINDER_COLOUR) for e in rows["entity"]],
                "line": {"width": 2, "color": [colours.get(e, REMAINDER_COLOUR) for e in rows["entity"]]},
            },
            text=_named_labels(rows),
            textposition="middle right",
            customdata=_customdata(rows),
            hovertemplate=HOVER,
        )
    )


def figure_ids(fig: go.Figure) -> list[str]:
    """Figure ids of every point or bar of a figure, in trace order (what a click can select)."""
    return [str(point[0]) for trace in fig.data for point in (trace.customdata or [])]
