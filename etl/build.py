"""Build the DuckDB file: load inputs, validate, write atomically."""

from __future__ import annotations

import bisect
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
import pyarrow.compute as pc

from etl import config, ledger
from etl.agreement import agreement_sql
from etl.curated import (
    DATABASE_COLUMNS,
    Chunk,
    Entity,
    Figure,
    FigureTable,
    Indicator,
    load_chunk,
    load_entities,
    load_indicators,
    merge_chunks,
    process_context,
    workers_for,
)
from etl.problems import BuildError, Problem, ShownPaths
from etl.sources import Source, load_listed, sha256_bytes
from etl.vocabulary import schema_checks


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
        return [path for path, _ in self.listed_files()]

    def listed_files(self) -> list[tuple[Path, str]]:
        """`files()` with the path each is shown as (one directory scan per folder, no stat per file)."""
        shown = ShownPaths()
        found = shown.listing(self.seeds_dir, ".toml", True) + shown.listing(self.figures_dir, ".csv", True)
        for name in ("indicators.csv", "entities.csv", ledger.LEDGER_NAME):
            found += [entry for entry in shown.listing(self.data_dir, ".csv", True) if entry[0].name == name]
        for suffix in (".py", ".sql", ".csv"):
            found += shown.listing(config.ETL_DIR, suffix, True)
        return found


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


def code_version() -> str:
    """Hash of the ETL's own code and SQL, so a build names the code that made it."""
    digest = hashlib.sha256()
    for path in sorted(config.ETL_DIR.glob("*.py")) + sorted(config.ETL_DIR.glob("*.sql")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def schema_sql() -> str:
    """etl/schema.sql with its vocabulary CHECKs filled in from etl.vocabulary."""
    sql = config.SCHEMA_SQL.read_text(encoding="utf-8")
    for name, values in schema_checks().items():
        sql = sql.replace("{" + name + "}", values)
    return sql


def load_inputs(
    inputs: Inputs, digests: dict[Path, tuple[str, int]] | None = None, keep_texts: bool = True
) -> tuple[list[Source], dict[str, Indicator], dict[str, Entity], FigureTable, list[Problem]]:
    """Everything the build reads, with every problem found (errors and warnings).

    `digests` receives the sha256 and size of the manifests and figure files as they were read.
    Without `keep_texts` the sources come back without their texts once the quotes are checked.
    From PARALLEL_FILES figure files on, the sources are shared among processes (one per CPU), each
    reading its sources' manifests, texts and figure files; the result is the same as in one process.
    """
    indicators, problems = load_indicators(inputs.data_dir / "indicators.csv")
    entities, found = load_entities(inputs.data_dir / "entities.csv")
    problems += found
    shown = ShownPaths()
    manifests = shown.listing(inputs.seeds_dir, ".toml")
    figure_files = shown.listing(inputs.figures_dir, ".csv")
    shares = _shares(manifests, figure_files, workers_for(len(figure_files)))
    arguments = [(share, inputs.corpus, indicators, entities, keep_texts) for share in shares]
    if len(shares) == 1:
        results = [_load_share(*arguments[0])]
    else:
        pool = ProcessPoolExecutor(len(shares) - 1, mp_context=process_context())
        try:
            futures = [pool.submit(_load_share_quietly, *args) for args in arguments[1:]]
            results = [_load_share(*arguments[0])] + [future.result() for future in futures]
        finally:
            pool.shutdown(wait=False)  # a worker takes seconds to free a million rows: do not wait
    sources = [source for share_sources, _, _, _ in results for source in share_sources]
    for _, found, _, found_digests in results:
        problems += found
        if digests is not None:
            digests.update(found_digests)
    figures, found = merge_chunks([chunk for _, _, chunk, _ in results], digests)
    problems += found
    return sources, indicators, entities, figures, problems


Share = tuple[list[tuple[Path, str]], list[tuple[Path, str]]]
"""(manifests, figure files) of the sources one process reads, as (path, shown path) pairs."""


def _shares(manifests: list[tuple[Path, str]], figure_files: list[tuple[Path, str]], count: int) -> list[Share]:
    """The sources split into `count` runs of consecutive ids, each with its manifests and figure files.

    A source's manifest and figure file always fall in the same share. Ids are compared as file stems;
    "x.toml" and "x.csv" sort like "x" unless a stem holds a dot, so with such names there is one share.
    """
    stems = sorted({path.stem for path, _ in manifests} | {path.stem for path, _ in figure_files})
    if count <= 1 or any("." in stem for stem in stems):
        return [(manifests, figure_files)]
    bounds = [stems[i * len(stems) // count] for i in range(1, count)]
    shares: list[Share] = [([], []) for _ in range(count)]
    for listing, slot in ((manifests, 0), (figure_files, 1)):
        for entry in listing:
            shares[bisect.bisect_right(bounds, entry[0].stem)][slot].append(entry)
    return shares


def _load_share(
    share: Share, corpus: Path, indicators: dict[str, Indicator], entities: dict[str, Entity], keep_texts: bool
) -> tuple[list[Source], list[Problem], Chunk, dict[Path, tuple[str, int]]]:
    manifests, figure_files = share
    digests: dict[Path, tuple[str, int]] = {}
    sources, problems = load_listed(manifests, corpus, digests)
    broken = frozenset(path.stem for path, _ in manifests) - {s.doc_id for s in sources}
    chunk = load_chunk(figure_files, {s.doc_id: s for s in sources}, indicators, entities, broken)
    if not keep_texts:
        sources = [source.without_text() for source in sources]
    return sources, problems, chunk, digests


def _load_share_quietly(*args: Any) -> tuple[list[Source], list[Problem], Chunk, dict[Path, tuple[str, int]]]:
    """`_load_share` in a worker process, with garbage collection paused as in the parent; the figures
    come back through a memory-mapped file (pickling a million rows takes seconds)."""
    gc.disable()
    sources, problems, chunk, digests = _load_share(*args)
    return sources, problems, chunk.spill(), digests


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
        "text_available": pa.array([s.text_available for s in sources], pa.bool_()),
        "verified": pa.array(
            [s.text_available and s.doc_id not in figures.unverified_docs for s in sources], pa.bool_()
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
"""(finder, figures, parts) of the running build, read by `_find_candidates` in a forked process."""


def _find_candidates(part: int) -> pd.DataFrame:
    finder, figures, parts = _JOB
    return finder(parts[part], figures)


def _parts(sources: list[Source], count: int) -> list[list[Source]]:
    """The sources dealt into `count` parts with about the same amount of text each (largest first)."""
    parts: list[list[Source]] = [[] for _ in range(count)]
    loads = [0] * count
    for source in sorted(sources, key=lambda s: -len(s.text or "")):
        lightest = loads.index(min(loads))
        parts[lightest].append(source)
        loads[lightest] += len(source.text or "")
    return parts


def _in_source_order(found: list[pd.DataFrame], sources: list[Source]) -> pd.DataFrame:
    """Candidates of all parts as one table in source order (within a source, as found)."""
    found = [frame for frame in found if not frame.empty] or found[:1]
    if not found:
        return pd.DataFrame()
    candidates = pd.concat(found, ignore_index=True)
    position = {source.doc_id: index for index, source in enumerate(sources)}
    order = candidates["doc_id"].map(position).sort_values(kind="stable").index
    return candidates.loc[order].reset_index(drop=True)


def _candidates_pool() -> tuple[Executor, int]:
    """Two forked processes when this process runs one thread (the extractor then runs beside the
    database writes, and the finder need not be picklable); else one thread, as forking a threaded
    process is unsafe. Returns the pool and how many parts to split the sources into."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")), 2
    return ThreadPoolExecutor(1), 1


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
    trust = ledger.verify(sources, figures.arrow(), inputs.data_dir)
    trust.save()  # before the inputs are hashed: the ledger is one of them
    if find_candidates is None:
        sources = [source.without_text() for source in sources]
    warnings = [p for p in problems if p.severity == "warning"] + trust.problems
    # The extractor runs in another process (or thread) while this one writes the other tables.
    pool, count = _candidates_pool()
    with _without_gc(), pool:
        parts = _parts(sources, count) if find_candidates else []
        _JOB[:] = [find_candidates, figures, parts]
        pending = [pool.submit(_find_candidates, part) for part in range(len(parts))]
        frames = _frames(sources, indicators, entities, figures)
        frames["figures"] = ledger.annotate(frames["figures"], sources, trust.entries)
        frames["sources"] = ledger.sources_verified(frames["sources"], frames["figures"], trust.entries)
        warnings = ledger.uncovered(warnings, frames["sources"])
        by_ledger = frames["figures"].column("verification").to_pylist().count("ledger")
        hashes = []
        for path, shown in inputs.listed_files():
            known = digests.get(path)
            if known is None:
                data = path.read_bytes()
                known = (sha256_bytes(data), len(data))
            hashes.append((shown, *known))
        version = code_version()
        build_id = hashlib.sha256(
            ("\n".join(f"{path} {digest}" for path, digest, _ in hashes) + f"\n{version}\n"
             + "\n".join(f"{s.doc_id} {s.text_available}" for s in sources)).encode()
        ).hexdigest()[:12]  # fmt: skip
        verified = pc.sum(frames["figures"].column("verified")).as_py() or 0

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
                candidates = _in_source_order([future.result() for future in pending], sources)
                uncurated = int((~candidates["curated"]).sum()) if not candidates.empty else 0
                _insert(con, "candidates", candidates)
                con.execute(config.DERIVED_SQL.read_text(encoding="utf-8"))
                con.execute(agreement_sql())
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
        build_id, out, len(sources), sum(s.text_available for s in sources), len(figures),
        verified, len(candidates), uncurated, warnings, by_ledger,
    )  # fmt: skip


def is_stale(db: Path, inputs: Inputs) -> bool:
    """True when the database is missing or older than any of its inputs."""
    if not db.is_file():
        return True
    built = db.stat().st_mtime
    return any(path.stat().st_mtime > built for path in inputs.files())
