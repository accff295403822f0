"""Hand-curated inputs in data/: indicators, entities and figure rows, read with their line numbers.

Each CSV row is validated by its pydantic model in `etl.models` (the one statement of the rules);
a row the model refuses becomes `path:line: field: message` problems. Checking a figure against
its indicator, entity and source text is the build's next step (`etl.figures`).
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from etl.config import display_path
from etl.files import Digests, read_input
from etl.models import EntityRow, FigureRow, IndicatorRow, error_problems
from etl.problems import Problem

FIGURE_COLUMNS = tuple(FigureRow.model_fields)
FIGURE_REQUIRED = frozenset(name for name, info in FigureRow.model_fields.items() if info.is_required())

Row = TypeVar("Row", bound=BaseModel)


@dataclass
class Rows(Generic[Row]):
    """The valid rows of one file in file order, and the line each starts on (one object a file, not one
    a row: a build reads 100,000 rows)."""

    shown: str
    rows: list[Row]
    lines: list[int]


def _header_problems(
    header: list[str], shown: str, columns: tuple[str, ...], required: frozenset[str]
) -> list[Problem]:
    problems = []
    repeated = sorted({name for name in header if header.count(name) > 1})
    unknown = [name for name in header if name not in columns]
    missing = [name for name in columns if name in required and name not in header]
    if repeated:
        problems.append(Problem(shown, 1, "header", f"column(s) named twice: {', '.join(map(repr, repeated))}"))
    if missing:
        problems.append(Problem(shown, 1, missing[0], f"missing column(s): {', '.join(missing)}"))
    if unknown:
        names = ", ".join(repr(name[:40]) for name in unknown[:3])
        problems.append(Problem(shown, 1, "header", f"unknown column(s) {names}; expected {', '.join(columns)}"))
    return problems


def csv_rows(
    text: str, shown: str, columns: tuple[str, ...], required: frozenset[str], problems: list[Problem]
) -> tuple[list[int], list[dict[str, str]]]:
    """The line and fields of every non-blank row of a CSV text; problems are appended to `problems`."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    lines: list[int] = []
    rows: list[dict[str, str]] = []
    try:
        header = next(reader, None)
    except csv.Error as error:
        problems.append(Problem(shown, reader.line_num, "csv", str(error)))
        return lines, rows
    if header is None:
        problems.append(Problem(shown, 1, "csv", "file is empty: a header row is required"))
        return lines, rows
    header = [name.strip() for name in header]
    found = _header_problems(header, shown, columns, required)
    problems.extend(found)
    line, width = reader.line_num + 1, len(header)
    try:
        for row in reader if not found else ():
            if not "".join(row).strip():
                pass
            elif len(row) != width:
                problems.append(Problem(shown, line, "csv", f"expected {width} fields, found {len(row)}"))
            else:
                lines.append(line)
                rows.append(dict(zip(header, row, strict=True)))
            line = reader.line_num + 1
    except csv.Error as error:
        problems.append(Problem(shown, line, "csv", f"malformed CSV: {error}"))
    return lines, rows


def read_rows(
    path: Path, model: type[Row], required: frozenset[str], digests: Digests | None = None
) -> tuple[Rows[Row], list[Problem]]:
    """The rows of one CSV file that `model` accepts, and the problems of the others."""
    shown = display_path(path)
    text = read_input(path, shown, digests)
    if isinstance(text, Problem):
        return Rows(shown, [], []), [text]
    problems: list[Problem] = []
    lines, rows = csv_rows(text, shown, tuple(model.model_fields), required, problems)
    return _validated(model, rows, lines, shown, problems), problems


@functools.cache
def _adapter(model: type[Row]) -> TypeAdapter[list[Row]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def _validated(
    model: type[Row], rows: list[dict[str, str]], lines: list[int], shown: str, problems: list[Problem]
) -> Rows[Row]:
    """The rows validated in one call (`TypeAdapter(list[model])`); on errors, row by row to word them."""
    try:
        return Rows(shown, _adapter(model).validate_python(rows), lines)
    except ValidationError:
        pass
    valid = Rows[Row](shown, [], [])
    for fields, line in zip(rows, lines, strict=True):
        try:
            valid.rows.append(model.model_validate(fields))
            valid.lines.append(line)
        except ValidationError as error:
            problems.extend(error_problems(error, shown, lambda _field, line=line: line, fields))  # type: ignore[misc]
    return valid


def unique(found: Rows[Row], key: str, problems: list[Problem]) -> dict[str, Row]:
    """Rows by `key`; a repeated key is a problem naming where it first appeared."""
    first: dict[str, tuple[Row, int]] = {}
    for row, line in zip(found.rows, found.lines, strict=True):
        value = getattr(row, key)
        seen, seen_line = first.setdefault(value, (row, line))
        if seen is not row:
            where = f"{found.shown}:{seen_line}"
            problems.append(Problem(found.shown, line, key, f"duplicate {key} {value!r} (first at {where})"))
    return {value: row for value, (row, _) in first.items()}


def load_indicators(path: Path) -> tuple[dict[str, IndicatorRow], list[Problem]]:
    """indicators.csv by indicator_id."""
    rows, problems = read_rows(path, IndicatorRow, frozenset(IndicatorRow.model_fields) - {"counts"})
    return unique(rows, "indicator_id", problems), problems


def load_entities(path: Path) -> tuple[dict[str, EntityRow], list[Problem]]:
    """entities.csv by entity name."""
    rows, problems = read_rows(path, EntityRow, frozenset(EntityRow.model_fields) - {"aliases"})
    return unique(rows, "entity", problems), problems


def load_figure_rows(path: Path, digests: Digests | None = None) -> tuple[Rows[FigureRow], list[Problem]]:
    """The figure rows of one data/figures/<doc_id>.csv that `FigureRow` accepts."""
    return read_rows(path, FigureRow, FIGURE_REQUIRED, digests)
