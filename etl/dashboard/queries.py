"""Every SQL query of the dashboard, cached.

One read-only DuckDB connection per process and database file (`st.cache_resource`); each query runs
on its own cursor, so sessions in different threads can share it. Query results are cached with
`st.cache_data`, keyed by their arguments and by the database file's identity (path, size, mtime),
so a rebuilt database is never answered from an older cache.

Values from the URL reach SQL only as bound parameters; table names only after matching `TABLES`.
Other modules that need the database (the Review page too) should call functions here rather than
connect themselves: every connection to one file in a process must use the same configuration.
"""

from __future__ import annotations

import math
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from etl import config
from etl.dashboard import formatting, links
from etl.periods import period_bounds

CONNECTION_CONFIG = {"enable_external_access": False}
"""Read-only and no file or network access from SQL: the app only reads its own database."""

TABLES = (
    "figures", "sources", "indicators", "entities", "candidates", "build_info", "build_inputs",
    "derived_figures", "checks",
)  # fmt: skip
"""Tables and views the Data page offers for download, in display order."""

DbKey = tuple[str, int, int]
"""Identity of a database file: (path, size, mtime in ns)."""

_ALL_FIGURES = """
WITH derived_inputs AS (
    SELECT d.derived_id, u.input_id
    FROM derived_figures d, unnest(d.inputs) AS u(input_id)
),
derived_provenance AS (
    SELECT di.derived_id,
           string_agg(DISTINCT f.attributed_to, ', ' ORDER BY f.attributed_to) AS attributed_to,
           min(f.doc_id) AS doc_id,
           bool_and(f.verified) AS verified,
           count(f.figure_id) AS found,
           count(*) AS wanted
    FROM derived_inputs di LEFT JOIN figures f ON f.figure_id = di.input_id
    GROUP BY di.derived_id
),
all_figures AS (
    SELECT f.figure_id, f.indicator_id, f.entity, f.period, f.surface, f.value, f.unit, f.qualifier,
           f.kind, f.attributed_to, f.doc_id, f.quote, f.verified, f.note,
           FALSE AS derived, NULL::VARCHAR AS formula, NULL::VARCHAR[] AS inputs,
           NULL::VARCHAR AS description
    FROM figures f
    UNION ALL
    SELECT d.derived_id, d.indicator_id, d.entity, d.period, NULL, d.value, d.unit, d.qualifier,
           d.kind, p.attributed_to, p.doc_id, NULL, p.verified, NULL,
           TRUE, d.formula, d.inputs, d.description
    FROM derived_figures d JOIN derived_provenance p USING (derived_id)
    WHERE d.value IS NOT NULL AND isfinite(d.value) AND p.found = p.wanted
)
SELECT a.*, i.name AS indicator, i.chart, i.topic,
       s.title, s.publisher, s.author, s.published, s.published_earliest, s.url
FROM all_figures a
JOIN indicators i USING (indicator_id)
JOIN sources s USING (doc_id)
"""

_FILTERS = """
WHERE (len($indicators::VARCHAR[]) = 0 OR list_contains($indicators::VARCHAR[], indicator_id))
  AND (len($entities::VARCHAR[]) = 0 OR list_contains($entities::VARCHAR[], entity))
  AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], kind))
  AND (len($sources::VARCHAR[]) = 0 OR list_contains($sources::VARCHAR[], doc_id))
  AND (len($producers::VARCHAR[]) = 0 OR list_contains($producers::VARCHAR[], attributed_to))
  AND ($derived::BOOLEAN OR NOT derived)
"""

_ORDER = " ORDER BY indicator_id, entity, period, derived, published NULLS LAST, figure_id"


@dataclass
class Database:
    """The process's read-only connection to one database file, reopened when the file is replaced."""

    path: Path
    key: DbKey | None = None
    connection: duckdb.DuckDBPyConnection | None = None

    def __post_init__(self) -> None:
        self.lock = threading.Lock()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        current = file_key(self.path)
        with self.lock:
            if self.connection is None or current != self.key:
                if self.connection is not None:
                    self.connection.close()
                self.connection = connect(self.path)
                self.key = current
            return self.connection.cursor()


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection with the app's configuration (use this, not duckdb.connect, in tests)."""
    return duckdb.connect(str(path), read_only=True, config=CONNECTION_CONFIG)


def file_key(path: Path) -> DbKey:
    stat = path.stat()
    return (str(path), stat.st_size, stat.st_mtime_ns)


@st.cache_resource(show_spinner=False)
def _database(path: str) -> Database:
    return Database(Path(path))


def current() -> DbKey:
    """The identity of the database the app reads ($AII_DB or data/indicators.duckdb)."""
    return file_key(config.db_path())


def _run(db: DbKey, sql: str, parameters: dict[str, Any] | list[Any] | None = None) -> pd.DataFrame:
    with _database(db[0]).cursor() as cursor:
        return cursor.execute(sql, parameters or {}).df()


def _with_display_columns(rows: pd.DataFrame) -> pd.DataFrame:
    """Columns computed in Python: period bounds of derived rows, vintage, labels, links."""
    rows = rows.copy()
    if rows.empty:
        for column in ("period_start", "period_end", "vintage", "series", "label", "link"):
            rows[column] = pd.Series(dtype="object")
        return rows
    bounds = [period_bounds(p) for p in rows["period"]]
    rows["period_start"] = pd.to_datetime([b[0] for b in bounds])
    rows["period_end"] = pd.to_datetime([b[1] for b in bounds])
    rows["vintage"] = [
        formatting.vintage(p, e) for p, e in zip(rows["published"], rows["published_earliest"], strict=True)
    ]
    rows["series"] = [
        formatting.series_label(a, p, v, d)
        for a, p, v, d in zip(rows["attributed_to"], rows["publisher"], rows["vintage"], rows["derived"], strict=True)
    ]
    rows["label"] = [
        formatting.human(v, u, i, q)
        for v, u, i, q in zip(rows["value"], rows["unit"], rows["indicator_id"], rows["qualifier"], strict=True)
    ]
    rows["link"] = [
        links.fragment_link(u, q) if isinstance(q, str) else u for u, q in zip(rows["url"], rows["quote"], strict=True)
    ]
    rows["verified"] = rows["verified"].astype(bool)
    rows["derived"] = rows["derived"].astype(bool)
    return rows


@st.cache_data(show_spinner=False, max_entries=256)
def _figures(
    db: DbKey,
    indicators: tuple[str, ...],
    entities: tuple[str, ...],
    kinds: tuple[str, ...],
    sources: tuple[str, ...],
    producers: tuple[str, ...],
    year_from: int | None,
    year_to: int | None,
    derived: bool,
) -> pd.DataFrame:
    parameters = {
        "indicators": list(indicators), "entities": list(entities), "kinds": list(kinds),
        "sources": list(sources), "producers": list(producers), "derived": derived,
    }  # fmt: skip
    sql = f"SELECT * FROM ({_ALL_FIGURES}) {_FILTERS}{_ORDER}"
    rows = _with_display_columns(_run(db, sql, parameters))
    if year_from is not None:
        rows = rows[rows["period_end"].dt.year >= year_from]
    if year_to is not None:
        rows = rows[rows["period_start"].dt.year <= year_to]
    return rows.reset_index(drop=True)


def figures(
    indicators: tuple[str, ...] = (),
    entities: tuple[str, ...] = (),
    kinds: tuple[str, ...] = (),
    sources: tuple[str, ...] = (),
    producers: tuple[str, ...] = (),
    year_from: int | None = None,
    year_to: int | None = None,
    derived: bool = True,
) -> pd.DataFrame:
    """Stated and derived figures with their provenance, filtered; an empty filter keeps everything."""
    return _figures(
        current(), tuple(indicators), tuple(entities), tuple(kinds), tuple(sources), tuple(producers),
        year_from, year_to, derived,
    )  # fmt: skip


@st.cache_data(show_spinner=False, max_entries=512)
def _figure(db: DbKey, figure_id: str) -> dict[str, Any] | None:
    rows = _with_display_columns(_run(db, f"SELECT * FROM ({_ALL_FIGURES}) WHERE figure_id = $id", {"id": figure_id}))
    if rows.empty:
        return None
    return {key: _plain(value) for key, value in rows.iloc[0].to_dict().items()}


def figure(figure_id: str) -> dict[str, Any] | None:
    """One figure (stated or derived) with its provenance, or None when no such id exists."""
    return _figure(current(), figure_id)


def _plain(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT:
        return None
    if hasattr(value, "tolist") and not isinstance(value, str):
        return value.tolist()
    return value


@dataclass(frozen=True)
class Catalog:
    """What exists in the database: the only values URL parameters may take."""

    indicators: dict[str, str]
    charts: dict[str, str]
    entities: tuple[str, ...]
    kinds: tuple[str, ...]
    sources: dict[str, str]
    producers: tuple[str, ...]
    figure_ids: frozenset[str]
    years: tuple[int, int]


@st.cache_data(show_spinner=False)
def _catalog(db: DbKey) -> Catalog:
    rows = _figures(db, (), (), (), (), (), None, None, True)
    indicators = _run(db, "SELECT indicator_id, name, chart FROM indicators ORDER BY topic, name")
    used = set(rows["indicator_id"])
    indicators = indicators[indicators["indicator_id"].isin(used)]
    sources = _run(db, "SELECT doc_id, title FROM sources ORDER BY doc_id")
    if rows.empty:
        years = (2000, 2030)
    else:
        years = (int(rows["period_start"].dt.year.min()), int(rows["period_end"].dt.year.max()))
    return Catalog(
        indicators=dict(zip(indicators["indicator_id"], indicators["name"], strict=True)),
        charts=dict(zip(indicators["indicator_id"], indicators["chart"], strict=True)),
        entities=tuple(sorted(set(rows["entity"]))),
        kinds=tuple(k for k in ("reported", "forecast", "estimate", "target") if k in set(rows["kind"])),
        sources=dict(zip(sources["doc_id"], sources["title"], strict=True)),
        producers=tuple(sorted(set(rows["attributed_to"]))),
        figure_ids=frozenset(rows["figure_id"]),
        years=years,
    )


def catalog() -> Catalog:
    return _catalog(current())


@st.cache_data(show_spinner=False)
def _build_info(db: DbKey) -> dict[str, Any]:
    rows = _run(db, "SELECT * FROM build_info")
    return {key: _plain(value) for key, value in rows.iloc[0].to_dict().items()} if not rows.empty else {}


def build_info() -> dict[str, Any]:
    """The one build_info row: build id, time, code version, counts, warnings."""
    return _build_info(current())


def build_id() -> str:
    return str(build_info().get("build_id", "unknown"))


@st.cache_data(show_spinner=False)
def _sources(db: DbKey) -> pd.DataFrame:
    return _run(
        db,
        """
        SELECT s.*, count(f.figure_id) AS figures, count(f.figure_id) FILTER (WHERE f.verified) AS verified_figures
        FROM sources s LEFT JOIN figures f USING (doc_id)
        GROUP BY ALL ORDER BY s.published DESC NULLS LAST, s.published_earliest DESC NULLS LAST, s.doc_id
        """,
    )


def sources() -> pd.DataFrame:
    """Every source with its metadata and how many of its figures have a verified quote."""
    return _sources(current())


@st.cache_data(show_spinner=False)
def _checks(db: DbKey) -> pd.DataFrame:
    return _run(db, "SELECT * FROM checks ORDER BY passed, check_id")


def checks() -> pd.DataFrame:
    """The consistency checks with status, formula, inputs, expected and actual values."""
    return _checks(current())


@st.cache_data(show_spinner=False)
def _derived(db: DbKey) -> pd.DataFrame:
    return _run(db, "SELECT * FROM derived_figures ORDER BY indicator_id, derived_id")


def derived() -> pd.DataFrame:
    """Every derived figure with its formula and inputs (value NULL when an input is missing)."""
    return _derived(current())


@st.cache_data(show_spinner=False)
def _table(db: DbKey, name: str) -> pd.DataFrame:
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}")
    return _run(db, f'SELECT * FROM "{name}"')


def table(name: str) -> pd.DataFrame:
    """A whole table or view by name; only names in TABLES are accepted."""
    return _table(current(), name)


@st.cache_data(show_spinner=False)
def _columns(db: DbKey) -> pd.DataFrame:
    return _run(
        db,
        """
        SELECT table_name, column_name, data_type, ordinal_position
        FROM information_schema.columns
        WHERE table_schema = 'main' AND table_name NOT IN ('figure_values')
        ORDER BY table_name, ordinal_position
        """,
    )


def columns() -> pd.DataFrame:
    """Every column of every table and view: table_name, column_name, data_type."""
    return _columns(current())


def database_path() -> str:
    return os.fspath(config.db_path())


# --- Review page: the extractor's candidates (etl/dashboard/pages/review.py) -----------------------


@st.cache_data(show_spinner=False, max_entries=64)
def _candidates(db: DbKey, doc_ids: tuple[str, ...], units: tuple[str, ...], include_curated: bool) -> pd.DataFrame:
    return _run(
        db,
        """
        SELECT c.*, s.title, s.published, s.published_earliest, s.url
        FROM candidates c JOIN sources s USING (doc_id)
        WHERE (len($docs::VARCHAR[]) = 0 OR list_contains($docs::VARCHAR[], c.doc_id))
          AND (len($units::VARCHAR[]) = 0 OR list_contains($units::VARCHAR[], c.unit))
          AND ($curated::BOOLEAN OR NOT c.curated)
        ORDER BY c.doc_id, c.start
        """,
        {"docs": list(doc_ids), "units": list(units), "curated": include_curated},
    )


def candidates(
    doc_ids: tuple[str, ...] = (), units: tuple[str, ...] = (), include_curated: bool = False
) -> pd.DataFrame:
    """Figures the extractor found, with their source's title; by default only those not yet curated."""
    rows = _candidates(current(), tuple(doc_ids), tuple(units), include_curated)
    text = ["period", "entity", "attributed_to", "figure_id"]
    return rows.assign(**{c: rows[c].astype(object).where(rows[c].notna(), None) for c in text})


@st.cache_data(show_spinner=False)
def _candidate_summary(db: DbKey) -> pd.DataFrame:
    return _run(
        db,
        """
        SELECT c.doc_id, s.title, count(*) AS candidates, count(*) FILTER (WHERE NOT c.curated) AS uncurated
        FROM candidates c JOIN sources s USING (doc_id) GROUP BY ALL ORDER BY c.doc_id
        """,
    )


def candidate_summary() -> pd.DataFrame:
    """Per source: how many candidates the extractor found and how many are not yet curated."""
    return _candidate_summary(current())


@st.cache_data(show_spinner=False)
def _review_choices(db: DbKey) -> dict[str, Any]:
    indicators = _run(db, "SELECT indicator_id, name, unit FROM indicators ORDER BY name")
    entities = _run(db, "SELECT entity FROM entities ORDER BY entity")
    figure_ids = _run(db, "SELECT figure_id FROM figures")
    return {
        "indicators": indicators.to_dict("records"),
        "entities": entities["entity"].tolist(),
        "figure_ids": frozenset(figure_ids["figure_id"]),
    }


def review_choices() -> dict[str, Any]:
    """What an accepted candidate may refer to: indicators (with units), entities, taken figure ids."""
    return _review_choices(current())
