"""Ready views and Overview cards, declared in data/views.toml and written to the tables `views`,
`view_charts`, `overview_cards` and `overview_charts`, which the dashboard renders generically.

The file is checked by `etl.models.ViewsFile`; every indicator, entity and source it names must exist
(`check_names`), else the build fails with `data/views.toml:line: field: message`. A missing file
declares nothing. Adding a view or a card is editing the file: no code changes.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from etl.config import display_path
from etl.models import CardRow, SeriesRow, ViewRow, ViewsFile, error_problems
from etl.problems import Problem
from etl.sources import read_toml

VIEWS_TOML = "views.toml"


@dataclass(frozen=True)
class Declared:
    """data/views.toml as validated, with its text to find the line of an entry."""

    file: ViewsFile = field(default_factory=ViewsFile)
    shown: str = VIEWS_TOML
    text: str = ""

    def line_of(self, location: tuple[object, ...]) -> int:
        """The line of `[[table]]` number `location[1]`, or of its key `location[2]` (1 when absent)."""
        lines = self.text.splitlines()
        if not location:
            return 1
        headers = [n for n, line in enumerate(lines) if re.match(rf"\s*\[\[\s*{location[0]}\s*\]\]", line)]
        index = location[1] if len(location) > 1 and isinstance(location[1], int) else 0
        if index >= len(headers):
            return 1
        start = headers[index]
        end = next((n for n in range(start + 1, len(lines)) if lines[n].lstrip().startswith("[")), len(lines))
        if len(location) > 2:
            key = re.compile(rf"\s*{re.escape(str(location[2]))}\s*=")
            found = next((n for n in range(start + 1, end) if key.match(lines[n])), None)
            if found is not None:
                return found + 1
        return start + 1


def load_views(data_dir: Path) -> tuple[Declared, list[Problem]]:
    """data/views.toml validated by `ViewsFile` (nothing declared, and no problem, when it is missing)."""
    path = data_dir / VIEWS_TOML
    if not path.exists():
        return Declared(), []
    shown = display_path(path)
    read = read_toml(path, shown)
    if isinstance(read, list):
        return Declared(shown=shown), read
    text, document = read
    try:
        return Declared(ViewsFile.model_validate(document), shown, text), []
    except ValidationError as error:
        return Declared(shown=shown), error_problems(error, shown, Declared(shown=shown, text=text).line_of, {})


def named_in(declared: Declared) -> Iterator[tuple[tuple[object, ...], str, str]]:
    """(location, what, name) of every indicator, entity and source the file names."""
    for number, view in enumerate(declared.file.view):
        yield from ((("view", number, "indicators", i), "indicator", name) for i, name in enumerate(view.indicators))
        yield from ((("view", number, "charts", name), "indicator", name) for name in view.charts)
        yield from ((("view", number, "entities", i), "entity", name) for i, name in enumerate(view.entities))
        yield from ((("view", number, "sources", i), "source", name) for i, name in enumerate(view.sources))
    for number, card in enumerate(declared.file.card):
        for where, series in _card_series(card):
            yield ("card", number, *where, "indicator"), "indicator", series.indicator
            yield ("card", number, *where, "entity"), "entity", series.entity or card.entity
    for number, chart in enumerate(declared.file.overview_chart):
        yield ("overview_chart", number, "indicator"), "indicator", chart.indicator
        yield from ((("overview_chart", number, "entities", i), "entity", e) for i, e in enumerate(chart.entities))


def _card_series(card: CardRow) -> Iterator[tuple[tuple[object, ...], SeriesRow]]:
    """The card's own series, then each related one, then its change (with their place in the card)."""
    yield (), card
    yield from ((("related", i), series) for i, series in enumerate(card.related))
    if card.change is not None:
        yield ("change",), card.change


def check_names(
    declared: Declared, indicators: Collection[str], entities: Collection[str], sources: Collection[str]
) -> list[Problem]:
    """A problem for every indicator, entity or source the file names that the data does not have."""
    known = {"indicator": (indicators, "data/indicators.csv"), "entity": (entities, "data/entities.csv"),
             "source": (sources, "seeds/")}  # fmt: skip
    problems = []
    for location, what, name in named_in(declared):
        names, where = known[what]
        if name not in names:
            field_name = ".".join(str(part) for part in location)
            message = f"unknown {what} {name!r}: not in {where}"
            problems.append(Problem(declared.shown, declared.line_of(location), field_name, message))
    return problems


Columns = dict[str, list[object]]
"""A table's rows by column (as `etl.process.Columns`)."""


def view_tables(declared: Declared) -> dict[str, Columns]:
    """The rows of `views`, `view_charts`, `overview_cards` and `overview_charts`."""
    views, charts = declared.file.view, declared.file.overview_chart
    fields = [name for name in ViewRow.model_fields if name not in ("key", "charts")]  # view_id, view_charts
    view_columns: Columns = {"view_id": [v.key for v in views], "position": list(range(1, len(views) + 1))}
    return {
        "views": view_columns | {name: [getattr(v, name) for v in views] for name in fields},
        "view_charts": {
            "view_id": [v.key for v in views for _ in v.charts],
            "indicator_id": [i for v in views for i in v.charts],
            "chart": [c for v in views for c in v.charts.values()],
        },
        "overview_cards": _card_columns(declared.file.card),
        "overview_charts": {
            "position": list(range(1, len(charts) + 1)),
            "indicator_id": [chart.indicator for chart in charts],
            "entities": [chart.entities for chart in charts],
        },
    }


CARD_COLUMNS = ("card", "line", "role", "title", "indicator_id", "entity", "kind", "producer", "period")


def _card_columns(cards: list[CardRow]) -> Columns:
    """One row per line of a card: its figure (line 0, with the title), each related figure, its change."""
    rows = []
    for number, card in enumerate(cards, start=1):
        for line, (where, series) in enumerate(_card_series(card)):
            role = "figure" if not where else "related" if where[0] == "related" else "change"
            title = card.title if role == "figure" else None
            rows.append((number, line, role, title, series.indicator, series.entity or card.entity, series.kind,
                         series.producer, series.period))  # fmt: skip
    columns = list(zip(*rows, strict=True)) or [()] * len(CARD_COLUMNS)
    return {name: list(values) for name, values in zip(CARD_COLUMNS, columns, strict=True)}
