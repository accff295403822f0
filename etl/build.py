"""Build the DuckDB file: load inputs, validate, write atomically."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from etl import config
from etl.curated import (
    ENTITY_COLUMNS,
    INDICATOR_COLUMNS,
    EntityRow,
    Figure,
    IndicatorRow,
    load_figures,
    load_table,
)
from etl.problems import BuildError, Problem
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
        found = sorted(self.seeds_dir.glob("*.toml")) + sorted(self.figures_dir.glob("*.csv"))
        found += [self.data_dir / "indicators.csv", self.data_dir / "entities.csv"]
        found += sorted(config.ETL_DIR.glob("*.py")) + sorted(config.ETL_DIR.glob("*.sql"))
        found += sorted(config.ETL_DIR.glob("*.csv"))
        return [path for path in found if path.is_file()]


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
    inputs: Inputs,
) -> tuple[list[Source], dict[str, IndicatorRow], dict[str, EntityRow], list[Figure], list[Problem]]:
    """Everything the build reads, with every problem found (errors and warnings)."""
    sources, problems = load_sources(inputs.seeds_dir, inputs.corpus)
    indicators, found = load_table(inputs.data_dir / "indicators.csv", INDICATOR_COLUMNS, IndicatorRow, "indicator_id")
    problems += found
    entities, found = load_table(inputs.data_dir / "entities.csv", ENTITY_COLUMNS, EntityRow, "entity")
    problems += found
    broken = frozenset(path.stem for path in inputs.seeds_dir.glob("*.toml")) - {s.doc_id for s in sources}
    figures, found = load_figures(inputs.figures_dir, {s.doc_id: s for s in sources}, indicators, entities, broken)
    problems += found
    return sources, indicators, entities, figures, problems


def _frames(
    sources: list[Source],
    indicators: dict[str, IndicatorRow],
    entities: dict[str, EntityRow],
    figures: list[Figure],
) -> dict[str, pd.DataFrame]:
    verified_docs = {
        s.doc_id for s in sources
        if s.text is not None and all(f.verified for f in figures if f.doc_id == s.doc_id)
    }  # fmt: skip
    source_rows = [
        {
            "doc_id": s.doc_id, "title": s.manifest.title, "publisher": s.manifest.publisher,
            "author": s.manifest.author or None, "published": s.manifest.published.date,
            "published_earliest": s.manifest.published.earliest,
            "published_note": s.manifest.published.note or None, "url": str(s.manifest.url),
            "language": s.manifest.language, "text_file": s.manifest.text_file,
            "sha256": s.manifest.sha256, "text_available": s.text is not None,
            "verified": s.doc_id in verified_docs,
        }
        for s in sources
    ]  # fmt: skip
    figure_rows = [
        {
            "figure_id": f.row.figure_id, "indicator_id": f.row.indicator_id, "entity": f.row.entity,
            "period": f.row.period, "period_start": f.period_start, "period_end": f.period_end,
            "surface": f.row.surface, "value": f.value, "unit": f.unit, "qualifier": f.qualifier,
            "kind": f.row.kind, "attributed_to": f.row.attributed_to, "doc_id": f.doc_id,
            "quote": f.row.quote,
            "quote_start": f.quote_span[0] if f.quote_span else None,
            "quote_end": f.quote_span[1] if f.quote_span else None,
            "surface_start": f.surface_span[0] if f.surface_span else None,
            "surface_end": f.surface_span[1] if f.surface_span else None,
            "verified": f.verified, "note": f.row.note, "source_file": f.source_file,
            "source_line": f.source_line,
        }
        for f in figures
    ]  # fmt: skip
    return {
        "sources": pd.DataFrame(source_rows),
        "indicators": pd.DataFrame([row.model_dump() for row in indicators.values()]),
        "entities": pd.DataFrame([row.model_dump() for row in entities.values()]),
        "figures": pd.DataFrame(figure_rows),
    }


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    con.register("incoming", frame)
    columns = ", ".join(f'"{c}"' for c in frame.columns)
    con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming")
    con.unregister("incoming")


CandidateFinder = Callable[[list[Source], list[Figure]], pd.DataFrame]
"""Returns the candidates table for the sources with text (see etl.extract)."""


def build(inputs: Inputs, out: Path, find_candidates: CandidateFinder | None = None) -> Summary:
    """Validate every input and write `out` atomically; raise BuildError listing all problems.

    Nothing is written unless every input is valid, and `out` is replaced only by a complete file.
    """
    sources, indicators, entities, figures, problems = load_inputs(inputs)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise BuildError(sorted(errors))
    warnings = [p for p in problems if p.severity == "warning"]
    frames = _frames(sources, indicators, entities, figures)
    candidates = find_candidates(sources, figures) if find_candidates else pd.DataFrame()

    input_files = inputs.files()
    hashes = [(config.display_path(p), sha256_bytes(p.read_bytes()), p.stat().st_size) for p in input_files]
    version = code_version()
    build_id = hashlib.sha256(
        ("\n".join(f"{path} {digest}" for path, digest, _ in hashes) + f"\n{version}\n"
         + "\n".join(f"{s.doc_id} {s.text is not None}" for s in sources)).encode()
    ).hexdigest()[:12]  # fmt: skip
    verified = int(frames["figures"]["verified"].sum()) if not frames["figures"].empty else 0
    uncurated = int((~candidates["curated"]).sum()) if not candidates.empty else 0

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
            _insert(con, "candidates", candidates)
            con.execute(config.DERIVED_SQL.read_text(encoding="utf-8"))
            _insert(con, "build_inputs", pd.DataFrame(hashes, columns=["path", "sha256", "bytes"]))
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
