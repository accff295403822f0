"""Accepting extracted candidates into the curated data: the curation logic of the Review page.

- `figure_row()` turns a candidate and the reviewer's choices into a row of `data/figures/<doc>.csv`;
  `csv_line()` is that row as text to copy.
- `check_row()` runs the ETL's own load and process steps on a copy of the data with the row
  appended, and reports every error the row would add to the build (in any file).
- `append_row()` appends it for real, atomically, keeping the file's columns and line endings;
  concurrent appends in one process wait for each other, so none is lost.
- `check_entity()` / `add_entity()` do the same for a new entity in data/entities.csv (one the extractor
  found by its place in a sentence, marked `entity_new`), refusing a name that is already an entity or alias.

Whether the app may write at all (hosted or local) is the dashboard's decision (`dashboard.hosting`).
"""

from __future__ import annotations

import csv
import io
import math
import re
import shutil
import tempfile
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import ValidationError

from etl import config
from etl.curated import FIGURE_COLUMNS, load_entities
from etl.figures import Figure
from etl.files import replacing, write_synced
from etl.inputs import Inputs, load_inputs
from etl.models import EntityRow
from etl.problems import Problem
from etl.process import check_figures
from etl.quantities import ParseError, parse_surface


def suggest_figure_id(doc_id: str, surface: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A new figure id from the source and the figure as written: `<doc>-<surface words>`, unique."""
    words = re.sub(r"[^a-z0-9]+", "-", surface.lower().replace("%", " percent").replace("$", " usd ")).strip("-")
    base = f"{doc_id}-{words or 'figure'}"[:80].rstrip("-")
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def figure_row(
    candidate: Mapping[str, object],
    *,
    figure_id: str,
    indicator_id: str,
    entity: str,
    period: str,
    kind: str,
    attributed_to: str,
    qualifier: str,
    note: str = "",
) -> dict[str, str]:
    """A row of data/figures/<doc>.csv for a candidate, as a curator would type it.

    `value` and `unit` stay empty when the ETL reads the same from the surface; when it cannot (a
    range's first end, "six" in "six to 12 months", takes its unit from the other end) they are
    filled with an override saying so.
    """
    surface = str(candidate["surface"])
    value, unit = float(candidate["value"]), str(candidate["unit"])  # type: ignore[arg-type]
    row = {
        "figure_id": figure_id, "indicator_id": indicator_id, "entity": entity, "period": period,
        "surface": surface, "qualifier": "" if qualifier == "exact" else qualifier, "kind": kind,
        "attributed_to": attributed_to, "quote": str(candidate["sentence"]), "value": "", "unit": "",
        "override": "", "note": note,
    }  # fmt: skip
    try:
        parsed = parse_surface(surface)
        same = parsed.unit == unit and math.isclose(parsed.value, value, rel_tol=1e-9)
    except ParseError:
        same = False
    if not same:
        row["value"], row["unit"] = f"{value:.15g}", unit
        row["override"] = "read by the extractor in context (e.g. a range's first end takes the unit of the other)"
    return row


def csv_line(row: Mapping[str, str], columns: tuple[str, ...] | list[str] = FIGURE_COLUMNS) -> str:
    """The row as one CSV line (no line end), quoted the way Python's csv module writes."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([row.get(column, "") for column in columns])
    return buffer.getvalue()


class ChangedWhileWriting(RuntimeError):
    """The file changed between reading and replacing it: nothing was written."""


def _header(raw: bytes) -> list[str]:
    first = raw.decode("utf-8-sig").splitlines()[0] if raw.strip() else ""
    return [name.strip() for name in next(csv.reader([first]))] if first else list(FIGURE_COLUMNS)


def appended(raw: bytes, row: Mapping[str, str]) -> tuple[bytes, int]:
    """The file's bytes with `row` appended in its own columns and line endings, and the row's line number."""
    newline = "\r\n" if b"\r\n" in raw else "\n"
    if not raw.strip():
        raw = (",".join(FIGURE_COLUMNS) + newline).encode()
    columns = _header(raw)
    if not raw.endswith(b"\n"):
        raw += newline.encode()
    line = csv_line(row, columns) + newline
    return raw + line.encode("utf-8"), raw.count(b"\n") + 1


_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _lock(path: Path) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(path.resolve(), threading.Lock())


def append_row(path: Path, row: Mapping[str, str]) -> int:
    """Append `row` to a figures CSV atomically; return its line number.

    Appends in this process (Streamlit sessions are threads) take turns; a change by another process
    between reading and replacing raises ChangedWhileWriting and writes nothing.
    """
    with _lock(path):
        before = path.read_bytes() if path.exists() else b""
        content, line = appended(before, row)
        with replacing(path) as tmp:
            write_synced(tmp, content)
            if (path.read_bytes() if path.exists() else b"") != before:
                raise ChangedWhileWriting(f"{config.display_path(path)} changed while appending: try again")
    return line


def _build_check(project: Inputs) -> tuple[set[Problem], list[Figure]]:
    """Every error the load and process steps of a build find, and the figures they resolve."""
    figures, problems = check_figures(load_inputs(project))
    return {problem for problem in problems if problem.severity == "error"}, figures


def check_row(row: Mapping[str, str], doc_id: str, project: Inputs | None = None) -> list[str]:
    """Errors that appending `row` to figures/<doc_id>.csv would add to the build, wherever they land
    (a figure id taken in another file is reported there). Checked on a temporary copy."""
    project = project or Inputs.from_settings()
    with tempfile.TemporaryDirectory(prefix="aii-review-") as folder:
        data = Path(folder) / "data"
        shutil.copytree(project.data_dir, data, ignore=shutil.ignore_patterns("*.duckdb*"))
        copy = Inputs(seeds_dir=project.seeds_dir, data_dir=data, corpus=project.corpus)
        before, _ = _build_check(copy)
        target = data / "figures" / f"{doc_id}.csv"
        target.parent.mkdir(parents=True, exist_ok=True)
        append_row(target, row)
        after, figures = _build_check(copy)
    added = [f"{p.field}: {p.message}" for p in sorted(after - before)]
    return added + _already_curated(row, doc_id, figures)


def _already_curated(row: Mapping[str, str], doc_id: str, figures: Sequence[Figure]) -> list[str]:
    """A row whose figure lands where another curated figure already is (the same surface in the same
    sentence, such as a sentence written twice) would only repeat that figure."""
    spans = {f.row.figure_id: f.surface_span for f in figures if f.doc_id == doc_id and f.surface_span}
    mine = spans.pop(row.get("figure_id", ""), None)
    if mine is None:
        return []
    same = sorted(figure_id for figure_id, span in spans.items() if span == mine)
    return [f"surface: already curated as {figure_id} (the same place in the text)" for figure_id in same[:1]]


# --- new entities (a name the extractor found that data/entities.csv lacks) --------------------------


def entity_row(entity: str, entity_type: str) -> dict[str, str]:
    """A row of data/entities.csv for a new entity, without aliases (a curator adds those by hand)."""
    return {"entity": " ".join(entity.split()), "type": entity_type, "aliases": ""}


def check_entity(row: Mapping[str, str], path: Path) -> list[str]:
    """Why `row` cannot be added to entities.csv at `path`: the file's own problems, an invalid row, or a name
    that is already an entity or one's alias (compared without case)."""
    entities, problems = load_entities(path)
    if problems:
        return [str(p) for p in problems if p.severity == "error"]
    try:
        EntityRow.model_validate(row)
    except ValidationError as error:
        return [f"{'.'.join(map(str, e['loc'])) or 'entity'}: {e['msg']}" for e in error.errors()]
    wanted = row["entity"].casefold()
    for name, entity in entities.items():
        if wanted in {name.casefold(), *(alias.casefold() for alias in entity.aliases)}:
            return [f"entity: {row['entity']!r} is already in {config.display_path(path)} as {name!r}"]
    return []


def add_entity(path: Path, row: Mapping[str, str]) -> int:
    """Append a checked entity row to entities.csv atomically (as `append_row`); return its line number."""
    problems = check_entity(row, path)
    if problems:
        raise ValueError("; ".join(problems))
    return append_row(path, row)
