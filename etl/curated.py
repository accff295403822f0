"""Hand-curated inputs in data/: indicators, entities and figures, read row by row with line numbers."""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from etl.config import display_path
from etl.periods import period_bounds
from etl.problems import Problem
from etl.quantities import QUALIFIERS, UNITS, ParseError, parse_surface
from etl.quotes import SearchableText
from etl.sources import ID_PATTERN, Source

KINDS = ("reported", "forecast", "estimate", "target")
CHARTS = ("line", "bar", "share")
ENTITY_TYPES = ("global", "country", "region", "company", "organization")

INDICATOR_COLUMNS = ("indicator_id", "name", "unit", "topic", "chart", "description")
ENTITY_COLUMNS = ("entity", "type", "aliases")
FIGURE_COLUMNS = (
    "figure_id", "indicator_id", "entity", "period", "surface", "qualifier", "kind",
    "attributed_to", "quote", "value", "unit", "override", "note",
)  # fmt: skip
FIGURE_REQUIRED = frozenset(FIGURE_COLUMNS) - {"qualifier", "value", "unit", "override", "note"}

Row = TypeVar("Row", bound=BaseModel)


def _blank_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


class IndicatorRow(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)
    indicator_id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    unit: Literal[tuple(sorted(UNITS))]  # type: ignore[valid-type]
    topic: str = Field(min_length=1)
    chart: Literal[CHARTS]  # type: ignore[valid-type]
    description: str = Field(min_length=1)


class EntityRow(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)
    entity: str = Field(min_length=1)
    type: Literal[ENTITY_TYPES]  # type: ignore[valid-type]
    aliases: list[str]

    @field_validator("aliases", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [alias.strip() for alias in value.split(";") if alias.strip()]
        return value


class FigureRow(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)
    figure_id: str = Field(pattern=ID_PATTERN)
    indicator_id: str = Field(min_length=1)
    entity: str = Field(min_length=1)
    period: str
    surface: str = Field(min_length=1)
    qualifier: Literal[QUALIFIERS] | None = None  # type: ignore[valid-type]
    kind: Literal[KINDS]  # type: ignore[valid-type]
    attributed_to: str = Field(min_length=1)
    quote: str = Field(min_length=1)
    value: float | None = None
    unit: Literal[tuple(sorted(UNITS))] | None = None  # type: ignore[valid-type]
    override: str | None = None
    note: str | None = None

    @field_validator("qualifier", "value", "unit", "override", "note", mode="before")
    @classmethod
    def _optional(cls, value: object) -> object:
        return _blank_to_none(value)

    @field_validator("value")
    @classmethod
    def _finite(cls, value: float | None) -> float | None:
        if value is not None and not math.isfinite(value):
            raise ValueError("value must be a finite number")
        return value

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        period_bounds(value)
        return value


@dataclass(frozen=True)
class CsvRecord:
    path: Path
    line: int
    fields: dict[str, str]


def read_csv(path: Path, columns: tuple[str, ...], required: frozenset[str]) -> tuple[list[CsvRecord], list[Problem]]:
    """Rows of a CSV as dicts with the line each starts on; malformed rows become problems."""
    shown = display_path(path)
    records: list[CsvRecord] = []
    problems: list[Problem] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader, None)
        except csv.Error as error:
            return [], [Problem(shown, reader.line_num, "csv", str(error))]
        if header is None:
            return [], [Problem(shown, 1, "csv", "file is empty: a header row is required")]
        header = [name.strip() for name in header]
        missing = [name for name in columns if name not in header and name in required]
        unknown = [name for name in header if name not in columns]
        if missing:
            problems.append(Problem(shown, 1, missing[0], f"missing column(s): {', '.join(missing)}"))
        if unknown:
            problems.append(
                Problem(
                    shown,
                    1,
                    unknown[0],
                    f"unknown column(s): {', '.join(unknown)}; expected {', '.join(columns)}",
                )
            )
        if problems:
            return [], problems
        line = reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                problems.append(Problem(shown, line, "csv", f"malformed CSV: {error}"))
                break
            if row and any(cell.strip() for cell in row):
                if len(row) != len(header):
                    problems.append(Problem(shown, line, "csv", f"expected {len(header)} fields, found {len(row)}"))
                else:
                    records.append(CsvRecord(path, line, dict(zip(header, row, strict=True))))
            line = reader.line_num + 1
    return records, problems


def _with_input(message: str, record: CsvRecord, location: tuple[object, ...]) -> str:
    if not location:
        return message
    return f"{message} (got {record.fields.get(str(location[0]), '')!r})"


def validate_rows(records: list[CsvRecord], model: type[Row]) -> Iterator[tuple[CsvRecord, Row | None, list[Problem]]]:
    """Each record validated by the row model; field errors become `path:line: field` problems."""
    for record in records:
        try:
            yield record, model.model_validate(record.fields), []
        except ValidationError as error:
            problems = [
                Problem(
                    display_path(record.path), record.line,
                    ".".join(str(part) for part in item["loc"]) or "row",
                    _with_input(item["msg"], record, item["loc"]),
                )
                for item in error.errors()
            ]  # fmt: skip
            yield record, None, problems


def _unique(rows: list[tuple[CsvRecord, Row]], key: str, problems: list[Problem]) -> dict[str, Row]:
    seen: dict[str, tuple[CsvRecord, Row]] = {}
    for record, row in rows:
        value = getattr(row, key)
        if value in seen:
            first = seen[value][0]
            problems.append(
                Problem(
                    display_path(record.path), record.line, key,
                    f"duplicate {key} {value!r} (first at {display_path(first.path)}:{first.line})",
                )
            )  # fmt: skip
        else:
            seen[value] = (record, row)
    return {value: row for value, (_, row) in seen.items()}


def load_table(
    path: Path, columns: tuple[str, ...], model: type[Row], key: str
) -> tuple[dict[str, Row], list[Problem]]:
    records, problems = read_csv(path, columns, frozenset(columns) - {"aliases"})
    valid: list[tuple[CsvRecord, Row]] = []
    for record, row, found in validate_rows(records, model):
        problems.extend(found)
        if row is not None:
            valid.append((record, row))
    return _unique(valid, key, problems), problems


@dataclass(frozen=True)
class Figure:
    """A curated figure resolved against its indicator, entity and source text."""

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


def _read_value(record: CsvRecord, row: FigureRow) -> tuple[float, str, str] | Problem:
    """Value, unit and qualifier of a figure: parsed from its surface unless overridden."""
    shown = display_path(record.path)
    if row.override:
        if row.value is None or row.unit is None:
            return Problem(shown, record.line, "override", "an override needs both value and unit filled in")
        return row.value, row.unit, row.qualifier or "exact"
    try:
        parsed = parse_surface(row.surface)
    except ParseError as error:
        return Problem(
            shown,
            record.line,
            "surface",
            f"{error}; fill value, unit and override to state it by hand",
        )
    if row.value is not None and not math.isclose(row.value, parsed.value, rel_tol=1e-9):
        return Problem(
            shown,
            record.line,
            "value",
            f"recorded value {row.value:g} disagrees with {parsed.value:g} parsed from {row.surface!r}",
        )
    if row.unit is not None and row.unit != parsed.unit:
        return Problem(
            shown,
            record.line,
            "unit",
            f"recorded unit {row.unit!r} disagrees with {parsed.unit!r} parsed from {row.surface!r}",
        )
    qualifier = row.qualifier or parsed.qualifier
    if parsed.qualifier != "exact" and qualifier != parsed.qualifier:
        return Problem(
            shown,
            record.line,
            "qualifier",
            f"{row.qualifier!r} disagrees with {parsed.qualifier!r} written in the surface",
        )
    return parsed.value, parsed.unit, qualifier


def load_figures(
    figures_dir: Path,
    sources: dict[str, Source],
    indicators: dict[str, IndicatorRow],
    entities: dict[str, EntityRow],
    broken_sources: frozenset[str] = frozenset(),
) -> tuple[list[Figure], list[Problem]]:
    """Every figure file, each row checked against indicators, entities and its source's text.

    Files of `broken_sources` (manifests that exist but have errors, already reported) are skipped.
    """
    problems: list[Problem] = []
    resolved: list[tuple[CsvRecord, Figure]] = []
    searchable = {doc_id: SearchableText(s.text) for doc_id, s in sources.items() if s.text is not None}
    for path in sorted(figures_dir.glob("*.csv")):
        shown = display_path(path)
        doc_id = path.stem
        if doc_id in broken_sources:
            continue
        if doc_id not in sources:
            problems.append(Problem(shown, 1, "source", f"unknown source id {doc_id!r}: no seeds/{doc_id}.toml"))
            continue
        records, found = read_csv(path, FIGURE_COLUMNS, FIGURE_REQUIRED)
        problems.extend(found)
        for record, row, found in validate_rows(records, FigureRow):
            problems.extend(found)
            if row is None:
                continue
            row_problems: list[Problem] = []
            indicator = indicators.get(row.indicator_id)
            if indicator is None:
                row_problems.append(
                    Problem(
                        shown,
                        record.line,
                        "indicator_id",
                        f"unknown indicator {row.indicator_id!r}",
                    )
                )
            if row.entity not in entities:
                row_problems.append(
                    Problem(
                        shown,
                        record.line,
                        "entity",
                        f"unknown entity {row.entity!r}: add it to data/entities.csv",
                    )
                )
            read = _read_value(record, row)
            if isinstance(read, Problem):
                row_problems.append(read)
            elif indicator is not None and read[1] != indicator.unit:
                row_problems.append(
                    Problem(
                        shown,
                        record.line,
                        "unit",
                        f"unit {read[1]!r} differs from indicator {indicator.indicator_id!r} unit {indicator.unit!r}",
                    )
                )
            quote_span = surface_span = None
            if SearchableText(row.quote).locate(row.surface) is None:
                row_problems.append(Problem(shown, record.line, "surface", f"{row.surface!r} not found in the quote"))
            elif doc_id in searchable:
                quote_span = searchable[doc_id].locate(row.quote)
                if quote_span is None:
                    row_problems.append(
                        Problem(
                            shown,
                            record.line,
                            "quote",
                            f"quote not found verbatim in {sources[doc_id].manifest.text_file}",
                        )
                    )
                else:
                    text = sources[doc_id].text or ""
                    inner = SearchableText(text[quote_span[0] : quote_span[1]]).locate(row.surface)
                    if inner is not None:
                        surface_span = (quote_span[0] + inner[0], quote_span[0] + inner[1])
            if row_problems or isinstance(read, Problem):
                problems.extend(row_problems)
                continue
            start, end = period_bounds(row.period)
            figure = Figure(
                row,
                doc_id,
                read[0],
                read[1],
                read[2],
                start,
                end,
                quote_span,
                surface_span,
                shown,
                record.line,
            )
            resolved.append((record, figure))
    unique = _unique([(record, figure.row) for record, figure in resolved], "figure_id", problems)
    figures = [figure for _, figure in resolved if unique.get(figure.row.figure_id) is figure.row]
    return figures, problems
