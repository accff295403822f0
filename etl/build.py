"""Build the DuckDB file in three steps: load inputs (`etl.inputs`), process them into tables
(`etl.process`), save the database atomically (`etl.database`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from etl import config
from etl.database import save_database
from etl.dictionary import schema_sql
from etl.inputs import Inputs, load_inputs
from etl.problems import BuildError, Problem
from etl.process import Tables, checked_inputs, process

if TYPE_CHECKING:
    from etl.candidates import CandidateFinder

__all__ = [
    "BuildError", "Inputs", "Summary", "build", "checked_inputs", "is_stale", "schema_sql",
]  # fmt: skip


@dataclass
class Summary:
    """What a build wrote, as `python -m etl build` reports it."""

    tables: Tables
    out: Path

    @property
    def sources(self) -> int:
        return len(self.tables.sources)

    @property
    def warnings(self) -> list[Problem]:
        return self.tables.warnings

    def lines(self) -> list[str]:
        """The warnings, then one line of counts."""
        built = self.tables
        texts = sum(source.text_available for source in built.sources)
        return [str(w) for w in built.warnings] + [
            f"built {config.display_path(self.out)} (build {built.build_id}): {self.sources} sources ({texts} with "
            f"text), {len(built.figures)} figures, {built.verified} quotes verified ({built.by_ledger} by the ledger), "
            f"{built.candidates} candidates ({built.uncurated} not yet curated), {len(built.warnings)} warnings"
        ]


def build(inputs: Inputs, out: Path, find_candidates: CandidateFinder | None = None) -> Summary:
    """Validate every input and write `out` atomically; raise BuildError listing all problems.

    Nothing is written unless every input is valid, and `out` is replaced only by a complete file;
    a failure to write (a full disk) is a BuildError too, and leaves `out` as it was.
    """
    out = out.resolve()
    if out.is_dir():
        raise BuildError([Problem(config.display_path(out), 1, "out", "is a directory: name the database file")])
    loaded = load_inputs(inputs)
    tables = process(inputs, loaded, find_candidates, previous=out)
    try:
        save_database(tables, out)
    except (OSError, duckdb.IOException) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error).splitlines()[0]
        raise BuildError([Problem(config.display_path(out), 1, "out", f"cannot write: {reason}")]) from error
    return Summary(tables, out)


def is_stale(db: Path, inputs: Inputs) -> bool:
    """True when the database is missing or older than any of its inputs."""
    if not db.is_file():
        return True
    built = db.stat().st_mtime
    return any(path.stat().st_mtime > built for path in inputs.files())
