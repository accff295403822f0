"""The build's process step for curated figures: each validated row checked against its indicator,
entity and source text, its value read from the surface (or a justified override), and its quote
located in the text. Produces `Figure` objects and the problems of the rows that fail.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from etl.curated import Rows
from etl.models import EntityRow, FigureRow, IndicatorRow
from etl.periods import period_bounds
from etl.problems import Problem
from etl.quantities import ParseError, Quantity, parse_surface
from etl.quotes import SearchableText, locate_figure
from etl.sources import Source
from etl.vocabulary import OVERRIDE_DIFFERS, value_range

OVERRIDE_RULE = (
    f"start the override with {OVERRIDE_DIFFERS!r} and say why the surface's reading is wrong, "
    "or clear value, unit and override"
)


@dataclass(slots=True)
class Figure:
    """A curated figure resolved against its indicator, entity and source text (slotted, not frozen: a
    build makes one per figure, and a frozen dataclass costs four times as much to create)."""

    row: FigureRow
    doc_id: str
    value: float
    unit: str
    qualifier: str
    period_start: object
    period_end: object
    quote_span: tuple[int, int] | None
    surface_span: tuple[int, int] | None
    source_file: str
    source_line: int

    @property
    def verified(self) -> bool:
        return self.quote_span is not None


@lru_cache(maxsize=1 << 16)
def _parse(surface: str) -> Quantity:
    return parse_surface(surface)


def _overridden(row: FigureRow) -> tuple[float, str, str] | str:
    """An override's value, or why it is refused: it must not silently contradict the surface.

    The parser's reading binds when it found a unit in the surface (a currency, %, a duration ...):
    then the override must state the same value, up to a sign the words give ("decreased by 3%" is
    -3), in the same unit. A surface read as a plain count, or not read at all, takes its unit and
    scale from the words around it ("18" of "18 to 20 months", a table "in millions of US dollars").
    Any other disagreement needs the override to start with OVERRIDE_DIFFERS and say why.
    """
    if row.value is None or row.unit is None:
        return "an override needs both value and unit filled in"
    stated = (row.value, row.unit, row.qualifier or "exact")
    if row.override.startswith(OVERRIDE_DIFFERS):  # type: ignore[union-attr]
        return stated
    try:
        parsed = _parse(row.surface)
    except ParseError:
        return stated
    if parsed.unit == "count":
        return stated
    if parsed.unit == row.unit and math.isclose(abs(row.value), abs(parsed.value), rel_tol=1e-9):
        return stated
    reading = f"{parsed.value:g} {parsed.unit} read from {row.surface!r}"
    return f"{row.value:g} {row.unit} disagrees with {reading}: {OVERRIDE_RULE}"


def read_value(row: FigureRow) -> tuple[float, str, str] | tuple[str, str]:
    """(value, unit, qualifier) of a figure, or (field, message) saying why it cannot be read."""
    if row.override:
        found = _overridden(row)
        return ("override", found) if isinstance(found, str) else found
    try:
        parsed = _parse(row.surface)
    except ParseError as error:
        return "surface", f"{error}; fill value, unit and override to state it by hand"
    if row.value is not None and not math.isclose(row.value, parsed.value, rel_tol=1e-9):
        return "value", f"recorded value {row.value:g} disagrees with {parsed.value:g} parsed from {row.surface!r}"
    if row.unit is not None and row.unit != parsed.unit:
        return "unit", f"recorded unit {row.unit!r} disagrees with {parsed.unit!r} parsed from {row.surface!r}"
    qualifier = row.qualifier or parsed.qualifier
    if parsed.qualifier != "exact" and qualifier != parsed.qualifier:
        return "qualifier", f"{row.qualifier!r} disagrees with {parsed.qualifier!r} written in the surface"
    return parsed.value, parsed.unit, qualifier


def _registry_problems(
    row: FigureRow, indicator: IndicatorRow | None, entities: dict[str, EntityRow]
) -> list[tuple[str, str]]:
    found = []
    if indicator is None:
        found.append(("indicator_id", f"unknown indicator {row.indicator_id!r}"))
    if row.entity not in entities:
        found.append(("entity", f"unknown entity {row.entity!r}: add it to data/entities.csv"))
    return found


def _value_problems(read: tuple[float, str, str], indicator: IndicatorRow | None) -> list[tuple[str, str]]:
    value, unit, _ = read
    if indicator is None:
        return []
    if unit != indicator.unit:
        return [("unit", f"unit {unit!r} differs from indicator {indicator.indicator_id!r} unit {indicator.unit!r}")]
    low, high = value_range(unit, indicator.chart)
    if not low <= value <= high:
        return [("value", f"{value:g} {unit} is outside {low:g}..{high:g}, the range of a {indicator.chart} in {unit}")]
    return []


@dataclass
class Resolver:
    """Checks rows of one build; `problems` collects what fails."""

    indicators: dict[str, IndicatorRow]
    entities: dict[str, EntityRow]
    problems: list[Problem]

    def figure(
        self, row: FigureRow, shown: str, line: int, source: Source, text: SearchableText | None
    ) -> Figure | None:
        """The resolved figure of the row at `shown:line`, or None with its problems recorded."""
        indicator = self.indicators.get(row.indicator_id)
        found = _registry_problems(row, indicator, self.entities)
        read = read_value(row)
        found += [read] if len(read) == 2 else _value_problems(read, indicator)  # type: ignore[list-item, arg-type]
        in_quote, quote_span, surface_span = locate_figure(row.quote, row.surface, text)
        if not in_quote:
            found.append(("surface", f"{row.surface!r} not found in the quote"))
        elif text is not None and quote_span is None:
            found.append(("quote", f"quote not found verbatim in {source.manifest.text_file}"))
        if found:
            self.problems.extend(Problem(shown, line, field, message) for field, message in found)
            return None
        value, unit, qualifier = read  # type: ignore[misc]
        start, end = period_bounds(row.period)
        return Figure(row, source.doc_id, value, unit, qualifier, start, end, quote_span, surface_span, shown, line)


def resolve_figures(
    rows_by_doc: dict[str, Rows[FigureRow]],
    sources: list[Source],
    indicators: dict[str, IndicatorRow],
    entities: dict[str, EntityRow],
) -> tuple[list[Figure], list[Problem]]:
    """Every figure row resolved, in file order; a repeated figure_id names where it first appeared."""
    problems: list[Problem] = []
    resolver = Resolver(indicators, entities, problems)
    by_id = {source.doc_id: source for source in sources}
    figures: list[Figure] = []
    first: dict[str, Figure] = {}
    for doc_id, rows in rows_by_doc.items():
        source = by_id[doc_id]
        text = SearchableText(source.text) if source.text is not None else None
        for row, line in zip(rows.rows, rows.lines, strict=True):
            figure = resolver.figure(row, rows.shown, line, source, text)
            if figure is None:
                continue
            seen = first.setdefault(figure.row.figure_id, figure)
            if seen is figure:
                figures.append(figure)
            else:
                where = f"{seen.source_file}:{seen.source_line}"
                message = f"duplicate figure_id {figure.row.figure_id!r} (first at {where})"
                problems.append(Problem(figure.source_file, figure.source_line, "figure_id", message))
    return figures, problems
