"""Build the DuckDB file in three steps: load inputs (`etl.inputs`), process them into tables
(`etl.process`), save the database atomically (`etl.database`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl import config
from etl.database import save_database, schema_sql
from etl.inputs import Inputs, load_inputs
from etl.problems import BuildError, Problem
from etl.process import CandidateFinder, checked_inputs, process

__all__ = [
    "BuildError", "CandidateFinder", "Inputs", "Summary", "build", "checked_inputs", "is_stale", "schema_sql",
]  # fmt: skip


@dataclass
class Summary:
    build_id: str
    out: Path
    sources: int
    texts: int
    figures: int
    verified: int
    candidates: int
    uncurated: int
    warnings: list[Problem] = field(default_factory=list)
    by_ledger: int = 0
    """Quotes verified by the ledger (data/verification.csv) rather than against a text in this build."""

    def lines(self) -> list[str]:
        lines = [str(w) for w in self.warnings]
        lines.append(
            f"built {config.display_path(self.out)} (build {self.build_id}): {self.sources} sources "
            f"({self.texts} with text), {self.figures} figures, {self.verified} quotes verified "
            f"({self.by_ledger} by the ledger), "
            f"{self.candidates} candidates ({self.uncurated} not yet curated), {len(self.warnings)} warnings"
        )
        return lines


def _check_out(out: Path) -> None:
    if out.is_dir():
        raise BuildError([Problem(config.display_path(out), 1, "out", "is a directory: name the database file")])


def build(inputs: Inputs, out: Path, find_candidates: CandidateFinder | None = None) -> Summary:
    """Validate every input and write `out` atomically; raise BuildError listing all problems.

    Nothing is written unless every input is valid, and `out` is replaced only by a complete file;
    a failure to write (a full disk) is a BuildError too, and leaves `out` as it was.
    """
    out = out.resolve()
    _check_out(out)
    loaded = load_inputs(inputs)
    tables = process(inputs, loaded, find_candidates, previous=out)
    try:
        save_database(tables, out)
    except (OSError, duckdb.IOException) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error).splitlines()[0]
        raise BuildError([Problem(config.display_path(out), 1, "out", f"cannot write: {reason}")]) from error
    return Summary(
        tables.build_id, out, len(tables.sources), sum(s.text_available for s in tables.sources),
        len(tables.figures), tables.verified, tables.candidates, tables.uncurated, tables.warnings,
        tables.by_ledger,
    )  # fmt: skip


def is_stale(db: Path, inputs: Inputs) -> bool:
    """True when the database is missing or older than any of its inputs."""
    if not db.is_file():
        return True
    built = db.stat().st_mtime
    return any(path.stat().st_mtime > built for path in inputs.files())
