"""Accepting extracted candidates into the curated data: what the Review page does, without Streamlit.

- `mode()` says whether this app may write data/figures (local) or is read-only (hosted).
- `figure_row()` turns a candidate and the reviewer's choices into a row of `data/figures/<doc>.csv`;
  `csv_line()` is that row as text to copy.
- `check_row()` runs the ETL's own validation on a copy of the data with the row appended.
- `append_row()` appends it for real, atomically, keeping the file's columns and line endings.

Hosted or local: `AII_HOSTED=1` (or true/yes) makes the page read-only; `AII_HOSTED=0` allows writing;
unset, the page is read-only when data/figures is not writable or the app runs from Streamlit
Community Cloud's checkout (/mount/src/...), and writable otherwise. On Streamlit Community Cloud a
root-level secret `AII_HOSTED = "1"` becomes that environment variable.
`AII_DATA` and `AII_SEEDS` point the page at another data and manifest folder (tests use them), as
`AII_DB` points the app at another database.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from etl import config
from etl.build import Inputs, load_inputs
from etl.curated import FIGURE_COLUMNS, Figure
from etl.quantities import ParseError, parse_surface

HOSTED_ENV = "AII_HOSTED"
DATA_ENV = "AII_DATA"
SEEDS_ENV = "AII_SEEDS"
CLOUD_CHECKOUT = "/mount/src/"
"""Where Streamlit Community Cloud checks out the repository."""
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def inputs() -> Inputs:
    """The curated data the page writes to: $AII_DATA / $AII_SEEDS, else the repository's."""
    data = os.environ.get(DATA_ENV)
    seeds = os.environ.get(SEEDS_ENV)
    return Inputs(
        seeds_dir=Path(seeds).expanduser().resolve() if seeds else config.SEEDS_DIR,
        data_dir=Path(data).expanduser().resolve() if data else config.DATA_DIR,
        corpus=config.corpus_dir(),
    )


@dataclass(frozen=True)
class Mode:
    writable: bool
    reason: str


def _can_write(folder: Path) -> bool:
    return folder.is_dir() and os.access(folder, os.W_OK) and all(os.access(p, os.W_OK) for p in folder.glob("*.csv"))


def mode(data_dir: Path | None = None, root: Path = config.ROOT) -> Mode:
    """Whether the Review page may append to data/figures, and why."""
    figures = (data_dir or inputs().data_dir) / "figures"
    setting = os.environ.get(HOSTED_ENV, "").strip().lower()
    if setting in _TRUE:
        return Mode(False, f"{HOSTED_ENV} is set: this is the hosted, read-only app")
    if not _can_write(figures):
        return Mode(False, f"{config.display_path(figures)} is not writable here")
    if setting in _FALSE:
        return Mode(True, f"{HOSTED_ENV}={setting}")
    if str(root).startswith(CLOUD_CHECKOUT):
        return Mode(False, "running on Streamlit Community Cloud")
    return Mode(True, f"{config.display_path(figures)} is writable")


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


def append_row(path: Path, row: Mapping[str, str]) -> int:
    """Append `row` to a figures CSV atomically (temp file + os.replace); return its line number."""
    before = path.read_bytes() if path.exists() else b""
    content, line = appended(before, row)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        if (path.read_bytes() if path.exists() else b"") != before:
            raise ChangedWhileWriting(f"{config.display_path(path)} changed while appending: try again")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return line


def check_row(row: Mapping[str, str], doc_id: str, project: Inputs | None = None) -> list[str]:
    """Problems the ETL finds with `row` appended to figures/<doc_id>.csv (checked on a temporary copy)."""
    project = project or inputs()
    with tempfile.TemporaryDirectory(prefix="aii-review-") as folder:
        data = Path(folder) / "data"
        (data / "figures").mkdir(parents=True)
        for name in ("indicators.csv", "entities.csv"):
            if (project.data_dir / name).is_file():
                shutil.copy2(project.data_dir / name, data / name)
        for path in project.figures_dir.glob("*.csv"):
            shutil.copy2(path, data / "figures" / path.name)
        target = data / "figures" / f"{doc_id}.csv"
        line = append_row(target, row)
        copy = Inputs(seeds_dir=project.seeds_dir, data_dir=data, corpus=project.corpus)
        figures, problems = load_inputs(copy)[-2:]
    mine = [p for p in problems if p.severity == "error" and Path(p.path).name == target.name and p.line == line]
    return [f"{p.field}: {p.message}" for p in mine] + _already_curated(row, doc_id, figures)


def _already_curated(row: Mapping[str, str], doc_id: str, figures: Sequence[Figure]) -> list[str]:
    """A row whose figure lands where another curated figure already is (the same surface in the same
    sentence, such as a sentence written twice) would only repeat that figure."""
    spans = {f.row.figure_id: f.surface_span for f in figures if f.doc_id == doc_id and f.surface_span}
    mine = spans.pop(row.get("figure_id", ""), None)
    if mine is None:
        return []
    same = sorted(figure_id for figure_id, span in spans.items() if span == mine)
    return [f"surface: already curated as {figure_id} (the same place in the text)" for figure_id in same[:1]]


def highlighted(sentence: str, surface: str) -> str:
    """Markdown of a sentence with the figure highlighted; every character from the source is escaped,
    so nothing in it can become a link, HTML or a Markdown directive."""
    from dashboard.formatting import escape_markdown

    flat = " ".join(sentence.split())
    pieces = flat.split(surface) if surface else [flat]
    out = []
    for i, piece in enumerate(pieces):
        text = escape_markdown(piece)
        if piece[:1].isspace() and text:
            text = " " + text
        if piece[-1:].isspace() and text:
            text += " "
        out.append(text)
        if i < len(pieces) - 1:
            out.append(f":orange-background[**{escape_markdown(surface)}**]")
    return "".join(out)
