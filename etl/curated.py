"""Hand-curated inputs in data/: indicators, entities and figures, read row by row with line numbers.

The rules for a valid row are the pydantic models in `etl.models`. For speed (a build of a million
figures), each row first goes through a plain-Python check that accepts only rows those models would
accept unchanged; any other row is validated by the model itself, so results and error messages are
the model's. Figures are kept column by column in Arrow batches (`FigureTable`), not as objects.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import math
import multiprocessing
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc

from etl.config import display_path
from etl.periods import period_bounds
from etl.problems import Problem, ShownPaths
from etl.quantities import ParseError, Quantity, parse_surface
from etl.quotes import SearchableText, normalised
from etl.sources import Source
from etl.vocabulary import CHARTS, ENTITY_TYPES, ID_PATTERN, KINDS, QUALIFIERS, UNITS

if TYPE_CHECKING:
    from pydantic import BaseModel

__all__ = [
    "CHARTS", "ENTITY_COLUMNS", "ENTITY_TYPES", "FIGURE_COLUMNS", "FIGURE_REQUIRED", "INDICATOR_COLUMNS", "KINDS",
    "CsvRecord", "Entity", "Figure", "FigureFields", "FigureTable", "Indicator", "load_entities", "load_figures",
    "load_indicators", "load_table", "read_csv", "validate_rows",
]  # fmt: skip

INDICATOR_COLUMNS = ("indicator_id", "name", "unit", "topic", "chart", "description")
ENTITY_COLUMNS = ("entity", "type", "aliases")
FIGURE_COLUMNS = (
    "figure_id", "indicator_id", "entity", "period", "surface", "qualifier", "kind",
    "attributed_to", "quote", "value", "unit", "override", "note",
)  # fmt: skip
FIGURE_REQUIRED = frozenset(FIGURE_COLUMNS) - {"qualifier", "value", "unit", "override", "note"}

Row = TypeVar("Row")
_MODELS = ("IndicatorRow", "EntityRow", "FigureRow")


def __getattr__(name: str) -> Any:
    """IndicatorRow, EntityRow and FigureRow (pydantic models) load on first use: pydantic is slow to import."""
    if name in _MODELS:
        from etl import models

        return getattr(models, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ---------------------------------------------------------------------------------------------
# Reading CSV with line numbers.


@dataclass(frozen=True)
class CsvRecord:
    path: Path
    line: int
    fields: dict[str, str]


def _csv_rows(
    path: Path, shown: str, columns: tuple[str, ...], required: frozenset[str], problems: list[Problem]
) -> Iterator[tuple[int, list[str], list[str]]]:
    """(line, header, cells) of every non-blank row with the header's width; problems are appended."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from _parse_csv(handle, shown, columns, required, problems)


def _parse_csv(
    lines: Iterable[str], shown: str, columns: tuple[str, ...], required: frozenset[str], problems: list[Problem]
) -> Iterator[tuple[int, list[str], list[str]]]:
    """`_csv_rows` over lines already read (as a file opened with newline="" gives them)."""
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        problems.append(Problem(shown, reader.line_num, "csv", str(error)))
        return
    if header is None:
        problems.append(Problem(shown, 1, "csv", "file is empty: a header row is required"))
        return
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
    if missing or unknown:
        return
    width = len(header)
    line = reader.line_num + 1
    try:
        for row in reader:
            if row and (row[0].strip() or "".join(row).strip()):
                if len(row) != width:
                    problems.append(Problem(shown, line, "csv", f"expected {width} fields, found {len(row)}"))
                else:
                    yield line, header, row
            line = reader.line_num + 1
    except csv.Error as error:
        problems.append(Problem(shown, line, "csv", f"malformed CSV: {error}"))


def read_csv(path: Path, columns: tuple[str, ...], required: frozenset[str]) -> tuple[list[CsvRecord], list[Problem]]:
    """Rows of a CSV as dicts with the line each starts on; malformed rows become problems."""
    problems: list[Problem] = []
    records = [
        CsvRecord(path, line, dict(zip(header, row, strict=True)))
        for line, header, row in _csv_rows(path, display_path(path), columns, required, problems)
    ]
    return records, problems


def _with_input(message: str, fields: dict[str, str], location: tuple[object, ...]) -> str:
    if not location:
        return message
    return f"{message} (got {fields.get(str(location[0]), '')!r})"


def _model_problems(error: Exception, shown: str, line: int, fields: dict[str, str]) -> list[Problem]:
    """A pydantic ValidationError as `path:line: field: message` problems."""
    return [
        Problem(
            shown, line, ".".join(str(part) for part in item["loc"]) or "row",
            _with_input(item["msg"], fields, item["loc"]),
        )
        for item in error.errors()  # type: ignore[attr-defined]
    ]  # fmt: skip


def _check_with_model(model_name: str, fields: dict[str, str], shown: str, line: int) -> tuple[Any, list[Problem]]:
    """Validate one row with its pydantic model: (model instance, []) or (None, problems)."""
    from pydantic import ValidationError

    from etl import models

    try:
        return getattr(models, model_name).model_validate(fields), []
    except ValidationError as error:
        return None, _model_problems(error, shown, line, fields)


def validate_rows(
    records: list[CsvRecord], model: type[BaseModel]
) -> Iterator[tuple[CsvRecord, BaseModel | None, list[Problem]]]:
    """Each record validated by a pydantic row model; field errors become `path:line: field` problems."""
    from pydantic import ValidationError

    for record in records:
        try:
            yield record, model.model_validate(record.fields), []
        except ValidationError as error:
            yield record, None, _model_problems(error, display_path(record.path), record.line, record.fields)


def _unique(rows: list[tuple[str, int, Row]], key: str, problems: list[Problem]) -> dict[str, Row]:
    """Rows by `key`; a repeated key is a problem naming where it first appeared."""
    seen: dict[str, tuple[str, int, Row]] = {}
    for shown, line, row in rows:
        value = getattr(row, key)
        if value in seen:
            first = seen[value]
            problems.append(Problem(shown, line, key, f"duplicate {key} {value!r} (first at {first[0]}:{first[1]})"))
        else:
            seen[value] = (shown, line, row)
    return {value: row for value, (_, _, row) in seen.items()}


def load_table(
    path: Path, columns: tuple[str, ...], model: type[BaseModel], key: str
) -> tuple[dict[str, BaseModel], list[Problem]]:
    """A small registry CSV validated row by row with a pydantic model, keyed by `key`."""
    records, problems = read_csv(path, columns, frozenset(columns) - {"aliases"})
    valid: list[tuple[str, int, BaseModel]] = []
    for record, row, found in validate_rows(records, model):
        problems.extend(found)
        if row is not None:
            valid.append((display_path(record.path), record.line, row))
    return _unique(valid, key, problems), problems


# ---------------------------------------------------------------------------------------------
# Indicators and entities.


def _plain(text: str | None) -> bool:
    """Non-empty and without surrounding whitespace: what a stripping model keeps unchanged."""
    return bool(text) and not text[0].isspace() and not text[-1].isspace()  # type: ignore[index]


def _blank(text: str | None) -> bool:
    return not text or text.isspace()


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    name: str
    unit: str
    topic: str
    chart: str
    description: str


@dataclass(frozen=True)
class Entity:
    entity: str
    type: str
    aliases: list[str] = field(default_factory=list)


_INDICATOR_ID = re.compile(r"[a-z][a-z0-9_]*")
_UNITS = frozenset(UNITS)


def _quick_indicator(fields: dict[str, str]) -> Indicator | None:
    if not all(_plain(fields.get(name)) for name in INDICATOR_COLUMNS):
        return None
    if not _INDICATOR_ID.fullmatch(fields["indicator_id"]) or fields["unit"] not in _UNITS:
        return None
    if fields["chart"] not in CHARTS:
        return None
    return Indicator(*(fields[name] for name in INDICATOR_COLUMNS))


def _quick_entity(fields: dict[str, str]) -> Entity | None:
    aliases = fields.get("aliases")
    if aliases is None or not _plain(fields["entity"]) or fields["type"] not in ENTITY_TYPES:
        return None
    return Entity(fields["entity"], fields["type"], [alias.strip() for alias in aliases.split(";") if alias.strip()])


def _load_registry(
    path: Path,
    columns: tuple[str, ...],
    quick: Callable[[dict[str, str]], Row | None],
    model_name: str,
    convert: Callable[[Any], Row],
    key: str,
) -> tuple[dict[str, Row], list[Problem]]:
    problems: list[Problem] = []
    shown = display_path(path)
    valid: list[tuple[str, int, Row]] = []
    for line, header, cells in _csv_rows(path, shown, columns, frozenset(columns) - {"aliases"}, problems):
        fields = dict(zip(header, cells, strict=True))
        row = quick(fields)
        if row is None:
            checked, found = _check_with_model(model_name, fields, shown, line)
            problems.extend(found)
            if checked is None:
                continue
            row = convert(checked)
        valid.append((shown, line, row))
    return _unique(valid, key, problems), problems


def load_indicators(path: Path) -> tuple[dict[str, Indicator], list[Problem]]:
    """indicators.csv by indicator_id (rules: `etl.models.IndicatorRow`)."""
    return _load_registry(
        path, INDICATOR_COLUMNS, _quick_indicator, "IndicatorRow", lambda m: Indicator(**m.model_dump()),
        "indicator_id",
    )  # fmt: skip


def load_entities(path: Path) -> tuple[dict[str, Entity], list[Problem]]:
    """entities.csv by entity name (rules: `etl.models.EntityRow`)."""
    return _load_registry(
        path, ENTITY_COLUMNS, _quick_entity, "EntityRow", lambda m: Entity(**m.model_dump()), "entity"
    )


# ---------------------------------------------------------------------------------------------
# Figures.


class FigureFields(NamedTuple):
    """A figure row as validated (the fields of `etl.models.FigureRow`)."""

    figure_id: str
    indicator_id: str
    entity: str
    period: str
    surface: str
    qualifier: str | None
    kind: str
    attributed_to: str
    quote: str
    value: float | None
    unit: str | None
    override: str | None
    note: str | None


@dataclass(frozen=True)
class Figure:
    """A curated figure resolved against its indicator, entity and source text."""

    row: FigureFields
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


TABLE_SCHEMA = pa.schema(
    [
        ("figure_id", pa.string()), ("indicator_id", pa.string()), ("entity", pa.string()),
        ("period", pa.string()), ("period_start", pa.date32()), ("period_end", pa.date32()),
        ("surface", pa.string()), ("value", pa.float64()), ("unit", pa.string()), ("qualifier", pa.string()),
        ("kind", pa.string()), ("attributed_to", pa.string()), ("doc_id", pa.string()), ("quote", pa.string()),
        ("quote_start", pa.int32()), ("quote_end", pa.int32()), ("surface_start", pa.int32()),
        ("surface_end", pa.int32()), ("verified", pa.bool_()), ("note", pa.string()),
        ("source_file", pa.string()), ("source_line", pa.int32()),
        ("written_qualifier", pa.string()), ("written_value", pa.float64()), ("written_unit", pa.string()),
        ("override", pa.string()),
    ]
)  # fmt: skip
"""Columns of `FigureTable`: those of the `figures` table, then the row's own qualifier, value, unit, override."""
DATABASE_COLUMNS = TABLE_SCHEMA.names[: TABLE_SCHEMA.get_field_index("written_qualifier")]


def _array(values: Sequence[Any], kind: pa.DataType) -> pa.Array:
    """Python values as an Arrow array of `kind` (letting pyarrow infer, then casting, is ~3x faster)."""
    array = pa.array(values)
    return array if array.type == kind else array.cast(kind)


class FigureTable(Sequence[Figure]):
    """Resolved figures in Arrow record batches, in input order; iterating yields `Figure` objects."""

    BATCH = 65_536

    def __init__(self) -> None:
        self._batches: list[pa.RecordBatch] = []
        self._pending: list[tuple[Any, ...]] = []
        self._length = 0
        self.verified = 0
        self.unverified_docs: set[str] = set()
        """Sources with at least one figure whose quote was not verified."""

    def append(self, row: tuple[Any, ...]) -> None:
        """One row in TABLE_SCHEMA order."""
        self._pending.append(row)
        self._length += 1
        if row[18]:
            self.verified += 1
        else:
            self.unverified_docs.add(row[12])
        if len(self._pending) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            columns = zip(*self._pending, strict=True)
            arrays = [_array(column, f.type) for column, f in zip(columns, TABLE_SCHEMA, strict=True)]
            self._batches.append(pa.RecordBatch.from_arrays(arrays, schema=TABLE_SCHEMA))
            self._pending = []

    @classmethod
    def from_arrow(cls, table: pa.Table) -> FigureTable:
        """A table of rows already in TABLE_SCHEMA."""
        figures = cls()
        figures._batches = table.to_batches()
        figures._length = table.num_rows
        verified = table.column("verified")
        figures.verified = pc.sum(verified).as_py() or 0
        unverified = pc.unique(table.column("doc_id").filter(pc.invert(verified)))
        figures.unverified_docs = set(unverified.to_pylist())
        return figures

    def arrow(self) -> pa.Table:
        """Every column (TABLE_SCHEMA) as one Arrow table."""
        self._flush()
        return pa.Table.from_batches(self._batches, schema=TABLE_SCHEMA)

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[Figure]:
        for batch in self.arrow().to_batches():
            yield from (_figure(row) for row in zip(*(column.to_pylist() for column in batch.columns), strict=True))

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("figure index out of range")
        row = self.arrow().slice(index, 1).to_pylist()[0]
        return _figure(tuple(row.values()))


def _figure(row: tuple[Any, ...]) -> Figure:
    (figure_id, indicator_id, entity, period, start, end, surface, value, unit, qualifier, kind, attributed_to,
     doc_id, quote, quote_start, quote_end, surface_start, surface_end, _verified, note, source_file, source_line,
     written_qualifier, written_value, written_unit, override) = row  # fmt: skip
    fields = FigureFields(
        figure_id, indicator_id, entity, period, surface, written_qualifier, kind, attributed_to, quote,
        written_value, written_unit, override, note,
    )  # fmt: skip
    quote_span = None if quote_start is None else (quote_start, quote_end)
    surface_span = None if surface_start is None else (surface_start, surface_end)
    return Figure(
        fields, doc_id, value, unit, qualifier, start, end, quote_span, surface_span, source_file, source_line
    )


_FIGURE_ID = re.compile(ID_PATTERN[1:-1])
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_KINDS = frozenset(KINDS)
_QUALIFIERS = frozenset(QUALIFIERS)


@lru_cache(maxsize=4096)
def _period(period: str) -> tuple[Any, Any] | None:
    try:
        return period_bounds(period)
    except ValueError:
        return None


@lru_cache(maxsize=1 << 16)
def _parse(surface: str) -> Quantity:
    return parse_surface(surface)


def _picker(header: list[str]) -> Callable[[list[str]], tuple[str | None, ...]]:
    """A function taking a row's cells to the FIGURE_COLUMNS values (None for an absent optional column)."""
    if header == list(FIGURE_COLUMNS):
        return tuple
    if all(name in header for name in FIGURE_COLUMNS):
        return itemgetter(*(header.index(name) for name in FIGURE_COLUMNS))
    positions = [header.index(name) if name in header else -1 for name in FIGURE_COLUMNS]
    return lambda cells: tuple(cells[i] if i >= 0 else None for i in positions)


def _quick_figure(cells: list[str], pick: Callable[[list[str]], tuple[str | None, ...]]) -> FigureFields | None:
    """The row when `etl.models.FigureRow` would accept it unchanged, else None."""
    (figure_id, indicator_id, entity, period, surface, qualifier, kind, attributed_to, quote, value, unit,
     override, note) = pick(cells)  # fmt: skip
    for text in (figure_id, indicator_id, entity, period, surface, attributed_to, quote):
        if not text or text.strip() != text:
            return None
    if kind not in _KINDS or not _FIGURE_ID.fullmatch(figure_id) or _period(period) is None:  # type: ignore[arg-type]
        return None
    if _blank(qualifier):
        qualifier = None
    elif qualifier not in _QUALIFIERS:
        return None
    if _blank(unit):
        unit = None
    elif unit not in _UNITS:
        return None
    number = None
    if not _blank(value):
        if not _NUMBER.fullmatch(value):  # type: ignore[arg-type]
            return None
        number = float(value)  # type: ignore[arg-type]
        if not math.isfinite(number):
            return None
    override = None if _blank(override) else override
    note = None if _blank(note) else note
    if (override is not None and not _plain(override)) or (note is not None and not _plain(note)):
        return None
    return FigureFields(
        figure_id, indicator_id, entity, period, surface, qualifier, kind, attributed_to, quote,  # type: ignore[arg-type]
        number, unit, override, note,
    )  # fmt: skip


def _read_value(shown: str, line: int, row: FigureFields) -> tuple[float, str, str] | Problem:
    """Value, unit and qualifier of a figure: parsed from its surface unless overridden."""
    if row.override:
        if row.value is None or row.unit is None:
            return Problem(shown, line, "override", "an override needs both value and unit filled in")
        return row.value, row.unit, row.qualifier or "exact"
    try:
        parsed = _parse(row.surface)
    except ParseError as error:
        return Problem(
            shown,
            line,
            "surface",
            f"{error}; fill value, unit and override to state it by hand",
        )
    if row.value is not None and not math.isclose(row.value, parsed.value, rel_tol=1e-9):
        return Problem(
            shown,
            line,
            "value",
            f"recorded value {row.value:g} disagrees with {parsed.value:g} parsed from {row.surface!r}",
        )
    if row.unit is not None and row.unit != parsed.unit:
        return Problem(
            shown,
            line,
            "unit",
            f"recorded unit {row.unit!r} disagrees with {parsed.unit!r} parsed from {row.surface!r}",
        )
    qualifier = row.qualifier or parsed.qualifier
    if parsed.qualifier != "exact" and qualifier != parsed.qualifier:
        return Problem(
            shown,
            line,
            "qualifier",
            f"{row.qualifier!r} disagrees with {parsed.qualifier!r} written in the surface",
        )
    return parsed.value, parsed.unit, qualifier


def _locate(
    row: FigureFields, text: SearchableText | None
) -> tuple[bool, tuple[int, int] | None, tuple[int, int] | None]:
    """(surface found in the quote, quote span in the text, surface span in the text).

    Same results as `SearchableText(quote).locate(surface)`, then `text.locate(quote)`, then locating
    the surface inside the matched stretch of text, but normalising each string only once.
    """
    quote, surface = row.quote, row.surface
    quote_text = normalised(quote)
    surface_needle = normalised(surface.strip())
    if not surface_needle or surface_needle not in quote_text:
        return False, None, None
    if text is None:
        return True, None, None
    plain = not (quote[0].isspace() or quote[-1].isspace())
    quote_needle = quote_text if plain else normalised(quote.strip())
    found = text.find(quote_needle)
    if found is None:
        return True, None, None
    # The matched stretch of text normalises to exactly quote_needle, so the surface sits at the same
    # normalised offset inside it.
    at, start, end = found
    inner = quote_needle.find(surface_needle)
    if inner < 0:
        return True, (start, end), None
    first = at + inner
    return True, (start, end), (text.original(first), text.original(first + len(surface_needle) - 1) + 1)


PARALLEL_FILES = 2000
"""From this many figure files on, `load_figures` shares the files among processes (one per CPU)."""


@dataclass
class Chunk:
    """What reading some figure files found (a process's share)."""

    table: pa.Table | None
    problems: list[Problem]
    duplicates: list[tuple[str, str, int]]
    """(figure_id, file, line) of each repeated id; where it first appeared is looked up at the end."""
    digests: dict[Path, tuple[str, int]]
    spilled: str | None = None
    """An Arrow IPC file holding `table`, for passing it between processes without pickling it."""

    def spill(self) -> Chunk:
        """The chunk with its table written to a temporary Arrow file (read back by `restore`)."""
        if self.table is None:
            return self
        handle, name = tempfile.mkstemp(prefix="aii-figures-", suffix=".arrow")
        with os.fdopen(handle, "wb") as sink, pa.ipc.new_file(sink, self.table.schema) as writer:
            writer.write_table(self.table)
        return replace(self, table=None, spilled=name)

    def restore(self) -> Chunk:
        """The chunk with its table mapped back from the spilled file (which is then removed)."""
        if self.spilled is None:
            return self
        with pa.memory_map(self.spilled) as source:
            table = pa.ipc.open_file(source).read_all()
        os.unlink(self.spilled)
        return replace(self, table=table, spilled=None)


def load_chunk(
    files: list[tuple[Path, str]],
    sources: dict[str, Source],
    indicators: dict[str, Any],
    entities: dict[str, Any],
    broken_sources: frozenset[str],
) -> Chunk:
    problems: list[Problem] = []
    table = FigureTable()
    first_seen: set[str] = set()
    duplicates: list[tuple[str, str, int]] = []
    digests: dict[Path, tuple[str, int]] = {}
    for path, shown in files:
        doc_id = path.stem
        if doc_id in broken_sources:
            continue
        if doc_id not in sources:
            problems.append(Problem(shown, 1, "source", f"unknown source id {doc_id!r}: no seeds/{doc_id}.toml"))
            continue
        source = sources[doc_id]
        searchable = SearchableText(source.text) if source.text is not None else None
        data = path.read_bytes()
        digests[path] = (hashlib.sha256(data).hexdigest(), len(data))
        lines = io.StringIO(data.decode("utf-8-sig"), newline="")
        pick = None
        for line, header, cells in _parse_csv(lines, shown, FIGURE_COLUMNS, FIGURE_REQUIRED, problems):
            pick = pick or _picker(header)
            row = _quick_figure(cells, pick)
            if row is None:
                checked, found = _check_with_model("FigureRow", dict(zip(header, cells, strict=True)), shown, line)
                if checked is None:
                    problems.extend(found)
                    continue
                row = FigureFields(*(getattr(checked, name) for name in FigureFields._fields))
            row_problems: list[Problem] = []
            indicator = indicators.get(row.indicator_id)
            if indicator is None:
                row_problems.append(Problem(shown, line, "indicator_id", f"unknown indicator {row.indicator_id!r}"))
            if row.entity not in entities:
                row_problems.append(
                    Problem(shown, line, "entity", f"unknown entity {row.entity!r}: add it to data/entities.csv")
                )
            read = _read_value(shown, line, row)
            if isinstance(read, Problem):
                row_problems.append(read)
            elif indicator is not None and read[1] != indicator.unit:
                row_problems.append(
                    Problem(
                        shown,
                        line,
                        "unit",
                        f"unit {read[1]!r} differs from indicator {indicator.indicator_id!r} unit {indicator.unit!r}",
                    )
                )
            in_quote, quote_span, surface_span = _locate(row, searchable)
            if not in_quote:
                row_problems.append(Problem(shown, line, "surface", f"{row.surface!r} not found in the quote"))
            elif searchable is not None and quote_span is None:
                row_problems.append(
                    Problem(shown, line, "quote", f"quote not found verbatim in {source.manifest.text_file}")
                )
            if row_problems or isinstance(read, Problem):
                problems.extend(row_problems)
                continue
            if row.figure_id in first_seen:
                duplicates.append((row.figure_id, shown, line))
                continue
            first_seen.add(row.figure_id)
            start, end = _period(row.period)  # type: ignore[misc]
            table.append(
                (
                    row.figure_id, row.indicator_id, row.entity, row.period, start, end, row.surface, read[0],
                    read[1], read[2], row.kind, row.attributed_to, doc_id, row.quote,
                    quote_span[0] if quote_span else None, quote_span[1] if quote_span else None,
                    surface_span[0] if surface_span else None, surface_span[1] if surface_span else None,
                    quote_span is not None, row.note, shown, line,
                    row.qualifier, row.value, row.unit, row.override,
                )
            )  # fmt: skip
    return Chunk(table.arrow(), problems, duplicates, digests)


def load_chunk_quietly(*args: Any) -> Chunk:
    """`load_chunk` in a worker process, with garbage collection paused as in the parent; the table
    comes back through a memory-mapped file (pickling a million rows takes seconds)."""
    gc.disable()
    return load_chunk(*args).spill()


def process_context() -> multiprocessing.context.BaseContext:
    """Fork when this process runs one thread (quick, nothing re-imported); else the fork server, as
    forking a threaded process (a Streamlit server, say) can copy a lock another thread holds."""
    if threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["etl.curated"])
    return context


def workers_for(files: int) -> int:
    if files < PARALLEL_FILES:
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), 8))


def load_figures(
    figures_dir: Path,
    sources: dict[str, Source],
    indicators: dict[str, Any],
    entities: dict[str, Any],
    broken_sources: frozenset[str] = frozenset(),
    digests: dict[Path, tuple[str, int]] | None = None,
    workers: int | None = None,
) -> tuple[FigureTable, list[Problem]]:
    """Every figure file, each row checked against indicators, entities and its source's text.

    Files of `broken_sources` (manifests that exist but have errors, already reported) are skipped.
    Many files are shared among `workers` processes (default: one per CPU from PARALLEL_FILES files
    on); the result is the same as reading them in order. `digests` receives each file's sha256 and size.
    """
    files = ShownPaths().listing(figures_dir, ".csv")
    workers = workers or workers_for(len(files))
    shares = [files[i * len(files) // workers : (i + 1) * len(files) // workers] for i in range(workers)]
    if workers == 1:
        chunks = [load_chunk(files, sources, indicators, entities, broken_sources)]
    else:
        pool = ProcessPoolExecutor(workers - 1, mp_context=process_context())
        try:
            futures = [
                pool.submit(
                    load_chunk_quietly, share, {p.stem: sources[p.stem] for p, _ in share if p.stem in sources},
                    indicators, entities, broken_sources,
                )
                for share in shares[1:]
            ]  # fmt: skip
            chunks = [load_chunk(shares[0], sources, indicators, entities, broken_sources)]
            chunks += [future.result() for future in futures]
        finally:
            pool.shutdown(wait=False)  # a worker takes seconds to free its rows: do not wait
    return merge_chunks(chunks, digests)


def merge_chunks(
    chunks: list[Chunk], digests: dict[Path, tuple[str, int]] | None = None
) -> tuple[FigureTable, list[Problem]]:
    """The figures and problems of chunks read separately (in file order), as if read in one go."""
    chunks = [chunk.restore() for chunk in chunks]
    tables = [chunk.table for chunk in chunks]
    problems = [problem for chunk in chunks for problem in chunk.problems]
    duplicates = [duplicate for chunk in chunks for duplicate in chunk.duplicates]
    _drop_repeats_across_chunks(tables, duplicates)
    if digests is not None:
        for chunk in chunks:
            digests.update(chunk.digests)
    table = FigureTable.from_arrow(pa.concat_tables(tables) if len(tables) > 1 else tables[0])
    problems.extend(_duplicate_problems(table, duplicates))
    return table, problems


def _drop_repeats_across_chunks(tables: list[pa.Table], duplicates: list[tuple[str, str, int]]) -> None:
    """Rows whose id an earlier chunk already has become duplicates, as if read in one go."""
    earlier = tables[0].column("figure_id")
    for index in range(1, len(tables)):
        repeated = pc.is_in(tables[index].column("figure_id"), value_set=earlier.combine_chunks())
        if pc.any(repeated).as_py():
            rows = tables[index].filter(repeated).select(["figure_id", "source_file", "source_line"]).to_pylist()
            duplicates.extend((row["figure_id"], row["source_file"], row["source_line"]) for row in rows)
            tables[index] = tables[index].filter(pc.invert(repeated))
        earlier = pa.chunked_array(earlier.chunks + tables[index].column("figure_id").chunks)


def _duplicate_problems(table: FigureTable, duplicates: list[tuple[str, str, int]]) -> list[Problem]:
    """A repeated figure_id names where it first appeared (looked up once, after reading everything)."""
    if not duplicates:
        return []
    wanted = {figure_id for figure_id, _, _ in duplicates}
    first: dict[str, tuple[str, int]] = {}
    columns = table.arrow().select(["figure_id", "source_file", "source_line"]).to_pydict()  # rare: errors only
    for figure_id, shown, line in zip(
        columns["figure_id"], columns["source_file"], columns["source_line"], strict=True
    ):
        if figure_id in wanted and figure_id not in first:
            first[figure_id] = (shown, line)
    return [
        Problem(
            shown, line, "figure_id",
            f"duplicate figure_id {figure_id!r} (first at {first[figure_id][0]}:{first[figure_id][1]})",
        )
        for figure_id, shown, line in duplicates
    ]  # fmt: skip
