"""Build the DuckDB file: load inputs, validate, write atomically."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from etl import config
from etl.curated import (
    DATABASE_COLUMNS,
    Entity,
    Figure,
    FigureTable,
    Indicator,
    load_entities,
    load_figures,
    load_indicators,
)
from etl.problems import BuildError, Problem, ShownPaths
from etl.quantities import UNITS
from etl.sources import Source, load_sources, sha256_bytes


@dataclass(frozen=True)
class Inputs:
    seeds_dir: Path = config.SEEDS_DIR
    data_dir: Path = config.DATA_DIR
    corpus: Path = config.SEEDS_DIR

    @property
    def figures_dir(self) -> Path:
        return self.data_dir / "figures"

    def files(self) -> list[Path]:
        """Every file whose content the database depends on (texts excluded: see their checksums)."""
        found = _files_in(self.seeds_dir, ".toml") + _files_in(self.figures_dir, ".csv")
        found += [path for path in (self.data_dir / "indicators.csv", self.data_dir / "entities.csv") if path.is_file()]
        found += _files_in(config.ETL_DIR, ".py") + _files_in(config.ETL_DIR, ".sql")
        return found + _files_in(config.ETL_DIR, ".csv")


def _files_in(folder: Path, suffix: str) -> list[Path]:
    """The regular files named `*<suffix>` in `folder`, sorted (one directory scan, no stat per file)."""
    try:
        with os.scandir(folder) as scan:
            names = sorted(entry.name for entry in scan if entry.name.endswith(suffix) and entry.is_file())
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [folder / name for name in names]


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

    def lines(self) -> list[str]:
        lines = [str(w) for w in self.warnings]
        lines.append(
            f"built {config.display_path(self.out)} (build {self.build_id}): {self.sources} sources "
            f"({self.texts} with text), {self.figures} figures, {self.verified} quotes verified, "
            f"{self.candidates} candidates ({self.uncurated} not yet curated), {len(self.warnings)} warnings"
        )
        return lines


def code_version() -> str:
    """Hash of the ETL's own code and SQL, so a build names the code that made it."""
    digest = hashlib.sha256()
    for path in sorted(config.ETL_DIR.glob("*.py")) + sorted(config.ETL_DIR.glob("*.sql")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def schema_sql() -> str:
    units = ", ".join(f"'{unit}'" for unit in sorted(UNITS))
    return config.SCHEMA_SQL.read_text(encoding="utf-8").replace("{units}", units)


def load_inputs(
    inputs: Inputs, digests: dict[Path, tuple[str, int]] | None = None
) -> tuple[list[Source], dict[str, Indicator], dict[str, Entity], FigureTable, list[Problem]]:
    """Everything the build reads, with every problem found (errors and warnings).

    `digests` receives the sha256 and size of the manifests and figure files as they were read.
    """
    sources, problems = load_sources(inputs.seeds_dir, inputs.corpus, digests)
    indicators, found = load_indicators(inputs.data_dir / "indicators.csv")
    problems += found
    entities, found = load_entities(inputs.data_dir / "entities.csv")
    problems += found
    manifests = ShownPaths().listing(inputs.seeds_dir, ".toml")
    broken = frozenset(path.stem for path, _ in manifests) - {s.doc_id for s in sources}
    figures, found = load_figures(
        inputs.figures_dir, {s.doc_id: s for s in sources}, indicators, entities, broken, digests
    )
    problems += found
    return sources, indicators, entities, figures, problems


def _frames(
    sources: list[Source],
    indicators: dict[str, Indicator],
    entities: dict[str, Entity],
    figures: FigureTable,
) -> dict[str, pa.Table]:
    """The rows of each table, as Arrow tables (DuckDB reads them without a copy)."""
    source_rows = {
        "doc_id": [s.doc_id for s in sources],
        "title": [s.manifest.title for s in sources],
        "publisher": [s.manifest.publisher for s in sources],
        "author": [s.manifest.author or None for s in sources],
        "published": pa.array([s.manifest.published.date for s in sources], pa.date32()),
        "published_earliest": pa.array([s.manifest.published.earliest for s in sources], pa.date32()),
        "published_note": [s.manifest.published.note or None for s in sources],
        "url": [s.manifest.url for s in sources],
        "language": [s.manifest.language for s in sources],
        "text_file": [s.manifest.text_file for s in sources],
        "sha256": [s.manifest.sha256 for s in sources],
        "text_available": pa.array([s.text is not None for s in sources], pa.bool_()),
        "verified": pa.array(
            [s.text is not None and s.doc_id not in figures.unverified_docs for s in sources], pa.bool_()
        ),
    }
    indicator_rows = {name: [getattr(row, name) for row in indicators.values()] for name in Indicator.__annotations__}
    entity_rows = {
        "entity": [row.entity for row in entities.values()],
        "type": [row.type for row in entities.values()],
        "aliases": pa.array([row.aliases for row in entities.values()], pa.list_(pa.string())),
    }
    return {
        "sources": pa.table(source_rows),
        "indicators": pa.table(indicator_rows),
        "entities": pa.table(entity_rows),
        "figures": figures.arrow().select(DATABASE_COLUMNS),
    }


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pa.Table | pd.DataFrame) -> None:
    if len(frame) == 0:
        return
    con.register("incoming", frame)
    columns = ", ".join(f'"{c}"' for c in frame.columns) if isinstance(frame, pd.DataFrame) else None
    columns = columns or ", ".join(f'"{c}"' for c in frame.column_names)
    con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming")
    con.unregister("incoming")


@contextmanager
def _without_gc() -> Iterator[None]:
    """Cyclic garbage collection paused: reading a million rows makes millions of small objects, and
    each collection would walk all of them again (the loaders make no reference cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_JOB: list[Any] = []
"""(finder, sources, figures) of the running build, read by `_find_candidates` in a forked process."""


def _find_candidates() -> pd.DataFrame:
    finder, sources, figures = _JOB
    return finder(sources, figures)


def _share(sources: list[Source]) -> tuple[list[Source], list[Source]]:
    """(this process's sources, the other's): the other starts at once and takes about 60% of the text;
    this process extracts the rest after writing the other tables. Candidates come out in source order."""
    total = sum(len(s.text) for s in sources if s.text is not None)
    taken = 0
    for index, source in enumerate(sources):
        if taken >= 0.6 * total:
            return sources[index:], sources[:index]
        taken += len(source.text) if source.text is not None else 0
    return [], sources


def _candidates_pool() -> Executor:
    """A forked process when this process runs one thread (the extractor then has a core of its own,
    and the finder need not be picklable); else a thread, as forking a threaded process is unsafe."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    return ThreadPoolExecutor(1)


CandidateFinder = Callable[[list[Source], Sequence[Figure]], pd.DataFrame]
"""Returns the candidates table for the sources with text (see etl.extract)."""


def build(inputs: Inputs, out: Path, find_candidates: CandidateFinder | None = None) -> Summary:
    """Validate every input and write `out` atomically; raise BuildError listing all problems.

    Nothing is written unless every input is valid, and `out` is replaced only by a complete file.
    """
    digests: dict[Path, tuple[str, int]] = {}
    with _without_gc():
        sources, indicators, entities, figures, problems = load_inputs(inputs, digests)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise BuildError(sorted(errors))
    warnings = [p for p in problems if p.severity == "warning"]
    # The extractor runs in another process (or thread) while this one writes the other tables.
    with _without_gc(), _candidates_pool() as pool:
        mine, theirs = _share(sources)
        _JOB[:] = [find_candidates, theirs, figures]
        pending = pool.submit(_find_candidates) if find_candidates else None
        frames = _frames(sources, indicators, entities, figures)
        shown_path = ShownPaths()
        hashes = []
        for path in inputs.files():
            known = digests.get(path)
            if known is None:
                data = path.read_bytes()
                known = (sha256_bytes(data), len(data))
            hashes.append((shown_path(path), *known))
        version = code_version()
        build_id = hashlib.sha256(
            ("\n".join(f"{path} {digest}" for path, digest, _ in hashes) + f"\n{version}\n"
             + "\n".join(f"{s.doc_id} {s.text is not None}" for s in sources)).encode()
        ).hexdigest()[:12]  # fmt: skip
        verified = figures.verified

        out = out.resolve()
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        try:
            con = duckdb.connect(str(tmp))
            try:
                con.execute(schema_sql())
                for table in ("sources", "indicators", "entities", "figures"):
                    _insert(con, table, frames[table])
                if find_candidates:
                    own = find_candidates(mine, figures) if mine else None
                    candidates = pd.concat([pending.result(), own]) if own is not None else pending.result()
                    candidates = candidates.reset_index(drop=True)
                else:
                    candidates = pd.DataFrame()
                uncurated = int((~candidates["curated"]).sum()) if not candidates.empty else 0
                _insert(con, "candidates", candidates)
                con.execute(config.DERIVED_SQL.read_text(encoding="utf-8"))
                inputs_table = pa.table(
                    {
                        "path": [path for path, _, _ in hashes],
                        "sha256": [digest for _, digest, _ in hashes],
                        "bytes": pa.array([size for _, _, size in hashes], pa.int64()),
                    }
                )
                _insert(con, "build_inputs", inputs_table)
                con.execute(
                    "INSERT INTO build_info VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        build_id, dt.datetime.now(dt.UTC), version, duckdb.__version__,
                        config.display_path(inputs.corpus), len(sources), len(figures), verified,
                        len(candidates), uncurated, [str(w) for w in warnings],
                    ],
                )  # fmt: skip
                con.execute("CHECKPOINT")
            finally:
                con.close()
            os.replace(tmp, out)
        finally:
            tmp.unlink(missing_ok=True)
            Path(f"{tmp}.wal").unlink(missing_ok=True)
            _JOB.clear()
    return Summary(
        build_id, out, len(sources), sum(s.text is not None for s in sources), len(figures),
        verified, len(candidates), uncurated, warnings,
    )  # fmt: skip


def is_stale(db: Path, inputs: Inputs) -> bool:
    """True when the database is missing or older than any of its inputs."""
    if not db.is_file():
        return True
    built = db.stat().st_mtime
    return any(path.stat().st_mtime > built for path in inputs.files())
