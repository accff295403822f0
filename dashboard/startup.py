"""Make sure the database exists and opens before any page queries it; never raise.

The default database (data/indicators.duckdb) is rebuilt when missing or older than its inputs.
A database named by $AII_DB is built when missing and otherwise used as it is: it may come from
other inputs (`python -m etl build --seeds ... --data ...`), which a rebuild from the repository's
inputs would overwrite. The build is the same as `python -m etl build` (candidates included). No
source text is needed: without it quotes are shown as unverified and there are no candidates.

What can go wrong on a host, and what happens:
- a file that DuckDB cannot open (empty, truncated, random bytes) is renamed `<name>.corrupt-<time>`
  and rebuilt;
- a folder that cannot be written: a stale database there is served with a notice, a missing or
  corrupt one is built into a temporary folder (`Startup.db` says which file to read);
- curated data with errors: the previous database is kept, with the errors as a warning.

`once()` does this once per process (and again after `forget()`, e.g. when the Review page appended
a row), so a page rerun does not stat every input file.
"""

from __future__ import annotations

import functools
import os
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from dashboard import queries
from etl import config
from etl.build import Inputs, build, is_stale, schema_sql
from etl.candidates import candidate_finder
from etl.problems import BuildError, Problem

_LOCK = threading.Lock()
_CHECKED: dict[Path, Startup] = {}


@dataclass
class Startup:
    """What start-up did: whether it built, which file to read, and problems to show (plain text)."""

    built: bool = False
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    db: Path | None = None

    @property
    def usable(self) -> bool:
        return not self.errors


def needs_build(db: Path, sources: Inputs, explicit: bool) -> bool:
    if not db.is_file():
        return True
    return not explicit and is_stale(db, sources)


_NAMES = "SELECT table_name FROM duckdb_tables() UNION SELECT view_name FROM duckdb_views() WHERE NOT internal"


def tables_in(db: Path) -> set[str] | None:
    """The file's tables and views, or None when DuckDB cannot open it with the app's settings or read its
    build_info table (one connection answers both start-up questions: damaged? built by older code?)."""
    try:
        with queries.connect(db) as con:
            con.execute("SELECT count(*) FROM build_info").fetchone()
            return {name for (name,) in con.execute(_NAMES).fetchall()}
    except (duckdb.Error, OSError):
        return None


@functools.cache
def _schema_names() -> frozenset[str]:
    """Tables and views this code's schema defines."""
    with duckdb.connect() as con:
        con.execute(schema_sql())
        return frozenset(name for (name,) in con.execute(_NAMES).fetchall())


def missing_tables(db: Path, found: set[str] | None = None) -> list[str]:
    """Tables and views this code's schema defines that the file lacks (a database built by older code)."""
    found = tables_in(db) if found is None else found
    return sorted(_schema_names() - (found or set()))


def set_aside(db: Path) -> Path:
    """Rename a damaged database out of the way (kept for inspection, never deleted)."""
    aside = db.with_name(f"{db.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}")
    db.rename(aside)
    return aside


def ensure_database(db: Path | None = None, sources: Inputs | None = None, explicit: bool | None = None) -> Startup:
    """Build the database if it needs it; one build at a time per process. Never raises."""
    db = db or config.db_path()
    sources = sources or Inputs.from_settings()
    explicit = config.settings().db_given if explicit is None else explicit
    result = Startup(db=db)
    with _LOCK:
        found = tables_in(db) if db.is_file() else None
        damaged = db.is_file() and found is None
        if damaged:
            try:
                aside = set_aside(db)
            except OSError:
                result.warnings.append(f"{config.display_path(db)} could not be read, and its folder is read-only.")
            else:
                result.warnings.append(
                    f"{config.display_path(db)} could not be read; it was set aside as {aside.name} and rebuilt."
                )
        outdated = missing_tables(db, found) if found is not None else []
        if outdated and explicit:
            result.errors.append(_older(db, outdated))
            return result
        if not damaged and not outdated and not needs_build(db, sources, explicit):
            return result
        _build(db, sources, result, usable_before=db.is_file() and not damaged and not outdated)
    return result


def _older(db: Path, missing: list[str]) -> str:
    return (
        f"{config.display_path(db)} was built by an older version of this app (it has no table "
        f"{', '.join(missing)}). Rebuild it: python -m etl build --out {config.display_path(db)}"
    )


def _build(db: Path, sources: Inputs, result: Startup, usable_before: bool) -> None:
    try:
        summary = build(sources, db, find_candidates=candidate_finder(sources.data_dir))
    except BuildError as error:
        problems = [str(problem) for problem in error.problems]
        if usable_before:
            result.warnings += ["The curated data has errors, so this is the previous build:", *problems]
        else:
            result.errors += ["The database could not be built:", *problems]
        return
    except OSError as error:
        if usable_before:
            result.warnings.insert(0, f"This database is older than the curated data; {_unwritable(db, error)}")
            return
        result.db = Path(tempfile.mkdtemp(prefix="aii-")) / db.name
        result.warnings.insert(0, f"The database {_unwritable(db, error)} It was built in a temporary folder.")
        _build(result.db, sources, result, usable_before=False)
        return
    result.built = True
    result.warnings += summarise_warnings(summary.warnings, summary.sources)


def _unwritable(db: Path, error: OSError) -> str:
    return f"could not be written in {config.display_path(db.parent)} ({error.strerror or error})."


def once() -> Startup:
    """`ensure_database()` for this process's database, done once; later calls return the same result."""
    db = config.db_path()
    with _LOCK:
        known = _CHECKED.get(db)
    if known is None:
        known = ensure_database(db)
        if known.db is not None and known.db != db:
            os.environ[config.DB_ENV] = str(known.db)  # every session of this process reads the new file
        with _LOCK:
            _CHECKED[db] = _CHECKED[known.db or db] = known
    return known


def forget() -> None:
    """Check again at the next `once()` (after the inputs changed, e.g. a row appended on Review)."""
    with _LOCK:
        _CHECKED.clear()


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
