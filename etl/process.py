"""The build's process step: loaded inputs cross-checked and turned into the rows of each table.

Raises `BuildError` with every error when anything is wrong; warnings travel on in `Tables`. A table's
rows travel as `Columns` (column name -> values) of plain Python objects, which DuckDB reads itself
(`etl.database.insert`): the build imports neither pandas nor pyarrow, half of its start-up time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
from pydantic import BaseModel

from etl import config, ledger
from etl.figures import Figure, resolve_figures
from etl.files import Digests, code_digest, sha256_bytes
from etl.inputs import Inputs, Loaded, code_files, load_inputs
from etl.models import Agreement, CheckRow, DerivedRow
from etl.problems import BuildError, Problem
from etl.sources import Source
from etl.views_toml import check_names, view_tables

if TYPE_CHECKING:  # the build imports etl.candidates (and the extractor) only when it looks for candidates
    from etl.candidates import CandidateFinder

Columns = dict[str, list[Any]]
"""A table's rows by column: every list has one value per row."""


def row_count(columns: Columns) -> int:
    return len(next(iter(columns.values()), []))


@dataclass
class Tables:
    """The rows of every table the build writes, and what build_info records."""

    build_id: str
    code_version: str
    corpus: str
    tables: dict[str, Columns]
    sources: list[Source]
    figures: list[Figure]
    warnings: list[Problem]
    derived: list[DerivedRow] = field(default_factory=list)
    checks: list[CheckRow] = field(default_factory=list)
    extractor_version: str | None = None
    agreement: Agreement | None = None

    @property
    def verified(self) -> int:
        """Figures whose quote the text or the ledger verifies."""
        return self.tables["figures"]["verified"].count(True)

    @property
    def by_ledger(self) -> int:
        return self.tables["figures"]["verification"].count("ledger")

    @property
    def candidates(self) -> int:
        return row_count(self.tables["candidates"])

    @property
    def uncurated(self) -> int:
        return self.tables["candidates"].get("curated", []).count(False)


def code_version() -> str:
    """Hash of the ETL's own code, SQL and schema, so a build names the code that made it: of each code
    file's path and sha256 in path order, as `build_inputs` records them."""
    digest = hashlib.sha256()
    for path, (sha256, _) in sorted((config.display_path(path), code_digest(path)) for path in code_files()):
        digest.update(f"{path}\0{sha256}\n".encode())
    return digest.hexdigest()[:12]


def _input_hashes(inputs: Inputs, digests: Digests) -> Columns:
    """The `build_inputs` rows: path, sha256 and size of every file the database depends on (each manifest
    and figure file as the load step read it: a build that did not read them all has failed)."""
    hashes = dict(digests) | {config.display_path(path): code_digest(path) for path in code_files()}
    for path in inputs.data_files():
        data = path.read_bytes()
        hashes[config.display_path(path)] = (sha256_bytes(data), len(data))
    rows = sorted((shown, *digest) for shown, digest in hashes.items())
    return {"path": [row[0] for row in rows], "sha256": [row[1] for row in rows], "bytes": [row[2] for row in rows]}


def _source_table(sources: list[Source]) -> Columns:
    """The `sources` table's rows; `verified` is settled with the ledger (etl.ledger.sources_verified)."""
    manifests = [source.manifest for source in sources]
    return {
        "doc_id": [m.id for m in manifests],
        "title": [m.title for m in manifests],
        "publisher": [m.publisher for m in manifests],
        "author": [m.author or None for m in manifests],
        "published": [m.published.date for m in manifests],
        "published_earliest": [m.published.earliest for m in manifests],
        "published_note": [m.published.note or None for m in manifests],
        "url": [m.url for m in manifests],
        "language": [m.language for m in manifests],
        "text_file": [m.text_file for m in manifests],
        "sha256": [m.sha256 for m in manifests],
        "text_available": [s.text_available for s in sources],
    }


AS_WRITTEN = ("figure_id", "indicator_id", "entity", "period", "surface", "kind", "attributed_to", "quote", "note")
"""Columns of the `figures` table copied from the curated row."""
RESOLVED = (
    "doc_id", "value", "unit", "qualifier", "period_start", "period_end", "verified", "source_file", "source_line",
)  # fmt: skip
"""Columns of the `figures` table that the process step settles (`etl.figures.Figure`)."""


def figure_table(figures: list[Figure]) -> Columns:
    """The `figures` table's rows (before the ledger adds verification and links), column by column."""
    rows = [figure.row for figure in figures]
    quotes = [figure.quote_span or (None, None) for figure in figures]
    surfaces = [figure.surface_span or (None, None) for figure in figures]
    spans = {"quote_start": [start for start, _ in quotes], "quote_end": [end for _, end in quotes]}
    spans |= {"surface_start": [start for start, _ in surfaces], "surface_end": [end for _, end in surfaces]}
    written = {name: [getattr(row, name) for row in rows] for name in AS_WRITTEN}
    return written | {name: [getattr(figure, name) for figure in figures] for name in RESOLVED} | spans


def _model_columns(rows: Sequence[BaseModel]) -> Columns:
    """Every field of the rows' model as a column (the `indicators` and `entities` tables)."""
    names = type(rows[0]).model_fields if rows else {}
    return {name: [getattr(row, name) for row in rows] for name in names}


def _build_id(hashes: Columns, version: str, sources: list[Source]) -> str:
    lines = [f"{path} {digest}" for path, digest in zip(hashes["path"], hashes["sha256"], strict=True)]
    lines += [version, *(f"{s.doc_id} {s.text_available}" for s in sources)]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:12]


def check_figures(loaded: Loaded) -> tuple[list[Figure], list[Problem]]:
    """The figures resolved, and every problem of the load and this check (load problems first)."""
    figures, found = resolve_figures(loaded.figure_rows, loaded.sources, loaded.indicators, loaded.entities)
    return figures, loaded.problems + found


def checked_inputs(inputs: Inputs) -> tuple[list[Source], Columns, list[Problem]]:
    """Sources (with texts), the figures table's rows and every problem, writing nothing (`etl verify`)."""
    loaded = load_inputs(inputs)
    figures, problems = check_figures(loaded)
    return loaded.sources, figure_table(figures), problems


def _recorded_landings(previous: Path | None) -> dict[tuple[str, str, int, int], bool] | None:
    """`link_lands` of the previous build's figures by (text sha256, link, quote_start, quote_end), read in
    one opening of the database this build replaces; None when there is none, it cannot be read, or it was
    built with another `ledger.FRAGMENTS_PY` (the simulation of whether a link lands)."""
    if previous is None or not previous.is_file():
        return None
    query = """SELECT s.sha256, f.link, f.quote_start, f.quote_end, f.link_lands
               FROM figures f JOIN sources s USING (doc_id) WHERE f.link_lands IS NOT NULL"""
    try:
        with duckdb.connect(str(previous), read_only=True) as con:
            shown = [config.display_path(ledger.FRAGMENTS_PY)]
            recorded = con.execute("SELECT sha256 FROM build_inputs WHERE path = ?", shown).fetchone()
            if recorded is None or recorded[0] != ledger.fragments_sha256():
                return None
            return {(sha, link, start, end): lands for sha, link, start, end, lands in con.execute(query).fetchall()}
    except (duckdb.Error, OSError):
        return None


def _verified(
    loaded: Loaded, figures: Columns, inputs: Inputs, previous: Path | None
) -> tuple[Columns, Columns, list[Problem]]:
    """Figures and sources tables with verification settled by the texts or the ledger (which is
    rewritten here, before the inputs are hashed: it is one of them), and the ledger's problems. The
    ledger's text fragments are reused where the code that made them runs now; whether each link lands,
    when that code is unchanged since the `previous` build."""
    landed = _recorded_landings(previous)
    trust = ledger.verify(loaded.sources, figures, inputs.data_dir, reuse=True)
    trust.save()
    figures = ledger.with_landing(ledger.annotate(figures, loaded.sources, trust.entries), loaded.sources, landed)
    sources = ledger.sources_verified(_source_table(loaded.sources), figures, trust.entries)
    return figures, sources, trust.problems


def process(
    inputs: Inputs, loaded: Loaded, find_candidates: CandidateFinder | None = None, previous: Path | None = None
) -> Tables:
    """Every table's rows, or BuildError listing every error (load problems first, in file order);
    `previous` is the database being replaced (its candidates may be reused)."""
    figures, problems = check_figures(loaded)
    problems += check_names(loaded.views, loaded.indicators, loaded.entities, {s.doc_id for s in loaded.sources})
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        raise BuildError(errors)
    figure_rows, source_rows, found = _verified(loaded, figure_table(figures), inputs, previous)
    indicators = loaded.indicators.values()
    candidates = find_candidates(loaded.sources, figures, indicators, previous) if find_candidates else {}
    sources = loaded.sources if find_candidates else [source.without_text() for source in loaded.sources]
    hashes = _input_hashes(inputs, loaded.digests)
    version = code_version()
    tables = view_tables(loaded.views) | {
        "indicators": _model_columns(list(loaded.indicators.values())),
        "entities": _model_columns(list(loaded.entities.values())),
        "sources": source_rows, "figures": figure_rows, "candidates": candidates, "build_inputs": hashes,
    }  # fmt: skip
    warnings = [problem for problem in problems if problem.severity == "warning"] + found
    warnings = ledger.uncovered(warnings, source_rows)
    build_id = _build_id(hashes, version, sources)
    corpus = config.display_path(inputs.corpus)
    extractor = find_candidates.version if find_candidates else None
    return Tables(
        build_id, version, corpus, tables, sources, figures, warnings,
        derived=loaded.derived, checks=loaded.checks, extractor_version=extractor, agreement=loaded.agreement,
    )  # fmt: skip
