"""Make sure the database exists before any page queries it.

The default database (data/indicators.duckdb) is rebuilt when missing or older than its inputs.
A database named by $AII_DB is built when missing and otherwise used as it is: it may come from
other inputs (`python -m etl build --seeds ... --data ...`), which a rebuild from the repository's
inputs would overwrite. The build is the same as `python -m etl build` (candidates included). No
source text is needed: without it quotes are shown as unverified and there are no candidates.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from etl import config
from etl.build import Inputs, build, is_stale
from etl.candidates import candidate_finder
from etl.extract import Gazetteer
from etl.problems import BuildError, Problem

_LOCK = threading.Lock()


@dataclass
class Startup:
    """What start-up did: whether it built, and problems to show."""

    built: bool = False
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return not self.errors


def inputs() -> Inputs:
    """The repository's inputs, with texts from $AII_CORPUS or seeds/ (absent texts are fine)."""
    return Inputs(corpus=config.corpus_dir())


def needs_build(db: Path, sources: Inputs, explicit: bool) -> bool:
    if not db.is_file():
        return True
    return not explicit and is_stale(db, sources)


def ensure_database(db: Path | None = None, sources: Inputs | None = None, explicit: bool | None = None) -> Startup:
    """Build the database if it needs it; one build at a time per process. Never raises BuildError."""
    db = db or config.db_path()
    sources = sources or inputs()
    explicit = bool(os.environ.get(config.DB_ENV)) if explicit is None else explicit
    result = Startup()
    with _LOCK:
        if not needs_build(db, sources, explicit):
            return result
        existed = db.is_file()
        try:
            finder = candidate_finder(Gazetteer.from_csv(sources.data_dir / "entities.csv"))
            summary = build(sources, db, find_candidates=finder)
        except BuildError as error:
            problems = [str(problem) for problem in error.problems]
            if existed:
                result.warnings = ["The curated data has errors, so this is the previous build:", *problems]
            else:
                result.errors = ["The database could not be built:", *problems]
            return result
        result.built = True
        result.warnings = summarise_warnings(summary.warnings, summary.sources)
    return result


def summarise_warnings(warnings: list[Problem], sources: int) -> list[str]:
    """Build warnings for a reader: missing source texts (the normal hosted case) become one line."""
    missing = [w for w in warnings if w.field == "text_file"]
    shown = [str(w) for w in warnings if w.field != "text_file"]
    if missing:
        shown.insert(
            0,
            f"{len(missing)} of {sources} source texts are not present here, so their quotes were not "
            "re-verified; those figures are marked 'not verified'. The texts stay out of git (copyright).",
        )
    return shown
