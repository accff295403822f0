"""Every SQL query of the dashboard, cached.

One read-only DuckDB connection per process and database file; each query runs on its own cursor, so
sessions in different threads can share it. Results are cached keyed by their arguments and by the database
file's identity (path, size, mtime), so a rebuilt database is never answered from an older cache: with
`shared` when every session receives the same read-only object (the connection, the catalog, a figure's
row, what a rerun asks for many times), with `st.cache_data` (a copy for each caller) otherwise.

Values from the URL reach SQL only as bound parameters; table names only after matching `TABLES`.
Other modules that need the database (the Review page too) should call functions here rather than
connect themselves: every connection to one file in a process must use the same configuration.
"""

from __future__ import annotations

import functools
import math
import os
import threading
from collections.abc import Callable, Collection, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import duckdb
import pandas as pd
import streamlit as st

from dashboard import formatting
from etl import config, fragments
from etl.periods import period_bounds
from etl.vocabulary import KINDS

CONNECTION_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "enable_external_access": False,
    "lock_configuration": True,
}
"""Read-only, no file or network access from SQL, and no SET afterwards: the app only reads its own database."""

TABLES = (
    "figures", "sources", "indicators", "entities", "candidates", "build_info", "build_inputs", "derived_figures",
    "checks", "source_agreement", "agreement_rule", "views", "view_charts", "overview_cards", "overview_charts",
)  # fmt: skip
"""Tables and views the Data page offers for download, in display order."""

DbKey = tuple[str, int, int]
"""Identity of a database file: (path, size, mtime in ns)."""

Result = TypeVar("Result")


def shared(maxsize: int) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    """Cache a function's read-only results for every session, keyed by its (hashable) arguments.

    What `st.cache_resource` does, for the lookups every rerun makes many times (the catalog, a chart block, a
    quote): Python's own hashing takes microseconds where Streamlit's hashing of the arguments takes a few
    hundred, on every call. One computation at a time per function, so a crowd arriving at once computes a
    result once and the others wait for it. Whoever receives a result must not change it.
    """

    def decorate(function: Callable[..., Result]) -> Callable[..., Result]:
        cached = functools.lru_cache(maxsize=maxsize)(function)
        lock = threading.RLock()

        @functools.wraps(function)
        def call(*args: Any) -> Result:
            with lock:
                return cached(*args)

        return call

    return decorate


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
           CASE WHEN bool_and(f.verification = 'text') THEN 'text' WHEN bool_and(f.verified) THEN 'ledger'
                ELSE 'none' END AS verification,
           min(f.verified_on) AS verified_on,
           count(f.figure_id) AS found,
           count(*) AS wanted
    FROM derived_inputs di LEFT JOIN figures f ON f.figure_id = di.input_id
    GROUP BY di.derived_id
),
all_figures AS (
    SELECT f.figure_id, f.indicator_id, f.entity, f.period, f.surface, f.value, f.unit, f.qualifier,
           f.kind, f.attributed_to, f.doc_id, f.quote, f.verified, f.verification, f.verified_on, f.link, f.note,
           FALSE AS derived, NULL::VARCHAR AS formula, NULL::VARCHAR[] AS inputs,
           NULL::VARCHAR AS description, f.period_start AS stated_start, f.period_end AS stated_end,
           f.attributed_to AS based_on
    FROM figures f
    UNION ALL
    SELECT d.derived_id, d.indicator_id, d.entity, d.period, NULL, d.value, d.unit, d.qualifier,
           d.kind, d.attributed_to, p.doc_id, NULL, p.verified, p.verification, p.verified_on, NULL, NULL,
           TRUE, d.formula, d.inputs, d.description, NULL::DATE, NULL::DATE, p.attributed_to
    FROM derived_figures d JOIN derived_provenance p USING (derived_id)
    WHERE d.value IS NOT NULL AND isfinite(d.value) AND p.found = p.wanted
)
SELECT a.*, i.name AS indicator, i.chart, i.topic, i.counts,
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
  AND (len($producers::VARCHAR[]) = 0 OR list_contains($producers::VARCHAR[], attributed_to)
       OR list_contains($producers::VARCHAR[], based_on))
  AND ($derived::BOOLEAN OR NOT derived)
"""

_ORDER = " ORDER BY indicator_id, entity, period, derived, published NULLS LAST, figure_id"

CHART_ROWS = 12
"""At most about this many figures of one indicator reach a chart (and its table and CSV): those of the
most recently published sources, whole sources at a time. The chart says how many matched in all.
Each series is its own Plotly trace, so a chart's server time grows with its points (about 15 ms per
point): 12 keeps every chart of today's data whole and a page at a million figures near today's time."""
VINTAGE_ROWS = 60
"""The cut of a forecast-vintage chart (`charts.VINTAGES`): enough for every vintage of one producer's series."""
CHART_POINTS = 5_000
"""Never more points than this in one chart, even when one source alone has more."""
TABLE_ROWS = 500
"""At most this many rows in the Data page's table (its downloads have every row)."""
CHECK_ROWS = 100
"""At most this many checks in the Checks page's table (failing and incomplete ones first)."""
SOURCE_OPTIONS = 500
"""At most this many sources offered in a picker (the most recent); any other opens from the URL."""

_MATCHING = """
SELECT * FROM ({all_figures})
{filters}
  AND (derived OR $year_from::INTEGER IS NULL OR year(stated_end) >= $year_from::INTEGER)
  AND (derived OR $year_to::INTEGER IS NULL OR year(stated_start) <= $year_to::INTEGER)
"""

_CAPPED = """
WITH matching AS MATERIALIZED ({matching}),
ranked AS (
    SELECT figure_id,
           dense_rank() OVER latest AS source_rank,
           count(*) OVER (latest RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS rows_so_far,
           row_number() OVER (PARTITION BY indicator_id ORDER BY derived DESC, published DESC NULLS LAST, doc_id,
                              figure_id) AS row_rank
    FROM matching
    WINDOW latest AS (PARTITION BY indicator_id ORDER BY derived DESC, published DESC NULLS LAST, doc_id)
)
SELECT m.* EXCLUDE (stated_start, stated_end)
FROM matching m JOIN ranked r USING (figure_id)
WHERE r.row_rank <= {points} AND (r.rows_so_far <= $per_indicator::INTEGER OR r.source_rank = 1)
"""


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


@shared(maxsize=4)
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
        for column in ("period_start", "period_end"):
            rows[column] = pd.Series(dtype="datetime64[ns]")
        for column in ("vintage", "series", "label", "link"):
            rows[column] = pd.Series(dtype="object")
        return rows
    bounds = [_bounds(p) for p in rows["period"]]
    rows["period_start"] = pd.to_datetime([b[0] for b in bounds])
    rows["period_end"] = pd.to_datetime([b[1] for b in bounds])
    rows["vintage"] = [
        formatting.vintage(p, e) for p, e in zip(rows["published"], rows["published_earliest"], strict=True)
    ]
    rows["series"] = [
        formatting.series_label(a, p, v, d)
        for a, p, v, d in zip(rows["based_on"], rows["publisher"], rows["vintage"], rows["derived"], strict=True)
    ]
    rows["label"] = [
        formatting.human(v, u, c, q)
        for v, u, c, q in zip(rows["value"], rows["unit"], rows["counts"], rows["qualifier"], strict=True)
    ]
    rows["link"] = rows["link"].where(rows["link"].notna(), rows["url"])
    rows["verified"] = rows["verified"].astype(bool)
    rows["derived"] = rows["derived"].astype(bool)
    return rows


def _bounds(period: str) -> tuple[Any, Any]:
    """A period's first and last day; none for an extracted candidate's period that is empty or not in a form
    figures use (a curated figure's period is always valid: the build checks it)."""
    try:
        return period_bounds(period)
    except ValueError:
        return None, None


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
    per_indicator: int | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    parameters = {
        "indicators": list(indicators), "entities": list(entities), "kinds": list(kinds),
        "sources": list(sources), "producers": list(producers), "derived": derived,
        "year_from": year_from, "year_to": year_to, "per_indicator": per_indicator,
    }  # fmt: skip
    matching = _MATCHING.format(all_figures=_ALL_FIGURES, filters=_FILTERS)
    counted = {key: value for key, value in parameters.items() if key != "per_indicator"}
    if per_indicator is None:  # no cut per indicator (the Data page): no ranking to compute
        sql, query_parameters = f"SELECT * EXCLUDE (stated_start, stated_end) FROM ({matching})", counted
    else:
        sql, query_parameters = _CAPPED.format(matching=matching, points=CHART_POINTS), parameters
    sql = f"SELECT * FROM ({sql}){_ORDER}" + (f" LIMIT {int(limit)}" if limit is not None else "")
    rows = _with_display_columns(_run(db, sql, query_parameters))
    counts = _run(db, f"SELECT indicator_id, count(*) AS n FROM ({matching}) GROUP BY indicator_id", counted)
    matched = dict(zip(counts["indicator_id"], counts["n"], strict=True))
    rows["matched"] = [int(matched.get(indicator_id, 0)) for indicator_id in rows["indicator_id"]]
    rows["matched_all"] = int(counts["n"].sum())
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
    per_indicator: int | None = CHART_ROWS,
    limit: int | None = None,
) -> pd.DataFrame:
    """Stated and derived figures with their provenance, filtered; an empty filter keeps everything.

    At most about `per_indicator` figures of each indicator (those of the most recently published
    sources; None for all) and `limit` rows in all. Columns `matched` (per indicator) and `matched_all`
    count what the filters matched before that cut, so a page can say what it leaves out.
    """
    return _figures(
        current(), tuple(indicators), tuple(entities), tuple(kinds), tuple(sources), tuple(producers),
        year_from, year_to, derived, per_indicator, limit,
    )  # fmt: skip


@dataclass(frozen=True)
class Query:
    """The filters of one view (hashable, so charts built from it are cached by it)."""

    indicators: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    producers: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    derived: bool = True
    extracted: bool = False
    """Also chart the extractor's unreviewed candidates suggested for these indicators (`extracted`)."""

    def arguments(self) -> dict[str, Any]:
        """The filters as `figures` takes them (which curated and derived figures match)."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "extracted"}


def shown_of(rows: pd.DataFrame, column: str = "matched") -> tuple[int, int]:
    """(rows shown, rows the filters matched) of a result of `figures` or a subset of one indicator."""
    if rows.empty or column not in rows:
        return len(rows), len(rows)
    counted = rows[rows[column].notna()]  # extracted, unreviewed rows (`extracted`) are no part of the count
    return len(counted), int(counted[column].iloc[0]) if not counted.empty else 0


@shared(maxsize=512)
def _figure(db: DbKey, figure_id: str) -> Mapping[str, Any] | None:
    rows = _with_display_columns(_run(db, f"SELECT * FROM ({_ALL_FIGURES}) WHERE figure_id = $id", {"id": figure_id}))
    if rows.empty:
        return None
    return MappingProxyType({key: _plain(value) for key, value in rows.iloc[0].to_dict().items()})


def figure(figure_id: str) -> Mapping[str, Any] | None:
    """One figure (stated or derived) with its provenance, or None when no such id exists (read-only)."""
    return _figure(current(), figure_id)


@shared(maxsize=64)
def _figure_names(db: DbKey, figure_ids: tuple[str, ...]) -> Mapping[str, str]:
    sql = f"SELECT * FROM ({_ALL_FIGURES}) WHERE list_contains($ids::VARCHAR[], figure_id)"
    rows = _with_display_columns(_run(db, sql, {"ids": list(figure_ids)}))
    names = (
        formatting.figure_name(*values)
        for values in zip(rows["label"], rows["indicator"], rows["entity"], rows["period"], rows["publisher"],
                          strict=True)
    )  # fmt: skip
    return MappingProxyType(dict(zip(rows["figure_id"], names, strict=True)))


def figure_names(figure_ids: Collection[str]) -> Mapping[str, str]:
    """What a reader calls each of these figures ('50M calls/day: Daily model API calls, Baidu, 2023-11 (China
    Daily)'), by id; an id with no figure in this build has no name (read-only)."""
    return _figure_names(current(), tuple(sorted(set(figure_ids))))


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

    indicators: Mapping[str, str]
    charts: Mapping[str, str]
    descriptions: Mapping[str, str]
    """Each indicator's definition: what it counts (shown beside its chart where a view compares producers)."""
    entities: tuple[str, ...]
    kinds: tuple[str, ...]
    sources: Mapping[str, str]
    producers: tuple[str, ...]
    figure_ids: Collection[str]
    years: tuple[int, int]


class FigureIds(AbstractSet[str]):
    """The ids of every figure (stated and derived), asked of the database one id at a time.

    At a million figures a set of all ids would cost seconds and 100 MB per process; membership is all
    the app needs (URL parameters, clicked points).
    """

    def __init__(self, db: DbKey):
        self.db = db
        self._known = functools.lru_cache(maxsize=4096)(self._exists)
        """Answers kept with the catalog (one per database): a click asks two or three times per rerun."""

    def __contains__(self, figure_id: object) -> bool:
        return isinstance(figure_id, str) and self._known(figure_id)

    def _exists(self, figure_id: str) -> bool:
        sql = f"SELECT count(*) AS n FROM ({_ALL_FIGURES}) WHERE figure_id = $id"
        return bool(_run(self.db, sql, {"id": figure_id})["n"].iloc[0])

    def __iter__(self) -> Iterator[str]:
        return iter(_run(self.db, f"SELECT figure_id FROM ({_ALL_FIGURES}) ORDER BY figure_id")["figure_id"])

    def __len__(self) -> int:
        return int(_run(self.db, f"SELECT count(*) AS n FROM ({_ALL_FIGURES})")["n"].iloc[0])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FigureIds) and other.db == self.db

    def __hash__(self) -> int:
        return hash(self.db)


def _listed(value: Any) -> list[Any]:
    """A list aggregate as a list (NULL, when nothing was aggregated, as an empty one)."""
    return [] if value is None or not hasattr(value, "__len__") else list(value)


def _with_named_indicators(db: DbKey, rows: pd.DataFrame) -> pd.DataFrame:
    """`rows` whose indicator descriptions name the other indicators they mention by name, not id ('Not
    “Large language models released” (models released in a year)' for 'Not llm_releases (...)')."""
    names = dict(_run(db, "SELECT indicator_id, name FROM indicators").itertuples(index=False))
    return rows.assign(description=[formatting.named(text, names) for text in rows["description"]])


@shared(maxsize=4)
def _catalog(db: DbKey) -> Catalog:
    """What exists, computed by the database (distinct values and year bounds), not from every row.

    Shared, not copied, between reruns and sessions (a copy of 50,000 source titles per call would cost
    more than the page): the catalog is frozen and its mappings are read-only views.
    """
    summary = _run(
        db,
        f"""
        SELECT list(DISTINCT indicator_id) AS indicators, list(DISTINCT entity) AS entities,
               list(DISTINCT kind) AS kinds, list(DISTINCT attributed_to) AS producers,
               min(stated_start) FILTER (WHERE NOT derived) AS first_day,
               max(stated_end) FILTER (WHERE NOT derived) AS last_day,
               list(DISTINCT period) FILTER (WHERE derived) AS derived_periods
        FROM ({_ALL_FIGURES})
        """,
    ).iloc[0]
    indicators = _with_named_indicators(
        db, _run(db, "SELECT indicator_id, name, chart, description FROM indicators ORDER BY topic, name")
    )
    indicators = indicators[indicators["indicator_id"].isin(set(_listed(summary["indicators"])))]
    sources = _run(db, "SELECT doc_id, title FROM sources ORDER BY doc_id")
    starts = [] if pd.isna(summary["first_day"]) else [pd.Timestamp(summary["first_day"]).year]
    ends = [] if pd.isna(summary["last_day"]) else [pd.Timestamp(summary["last_day"]).year]
    for period in _listed(summary["derived_periods"]):
        first, last = period_bounds(period)
        starts.append(first.year)
        ends.append(last.year)
    kinds = set(_listed(summary["kinds"]))
    return Catalog(
        indicators=MappingProxyType(dict(zip(indicators["indicator_id"], indicators["name"], strict=True))),
        charts=MappingProxyType(dict(zip(indicators["indicator_id"], indicators["chart"], strict=True))),
        descriptions=MappingProxyType(dict(zip(indicators["indicator_id"], indicators["description"], strict=True))),
        entities=tuple(sorted(_listed(summary["entities"]))),
        kinds=tuple(k for k in KINDS if k in kinds),
        sources=MappingProxyType(dict(zip(sources["doc_id"], sources["title"], strict=True))),
        producers=tuple(sorted(_listed(summary["producers"]))),
        figure_ids=FigureIds(db),
        years=(min(starts), max(ends)) if starts else (2000, 2030),
    )


def catalog() -> Catalog:
    return _catalog(current())


@shared(maxsize=4)
def _charted_together(db: DbKey) -> tuple[frozenset[str], ...]:
    groups = _run(
        db,
        f"""
        SELECT list(DISTINCT entity ORDER BY entity) AS entities FROM (
            SELECT indicator_id, entity FROM ({_ALL_FIGURES})
            UNION ALL SELECT suggested_indicator, entity FROM candidates
            WHERE suggested_indicator IS NOT NULL AND entity IS NOT NULL
        ) GROUP BY indicator_id ORDER BY indicator_id
        """,
    )
    return tuple(frozenset(entities) for entities in groups["entities"])


def charted_together() -> tuple[frozenset[str], ...]:
    """The entities of each indicator, stated, derived or suggested for an extracted figure: those one chart
    can draw together (a chart shows one indicator)."""
    return _charted_together(current())


@shared(maxsize=4)
def _build_info(db: DbKey) -> Mapping[str, Any]:
    rows = _run(db, "SELECT * FROM build_info")
    found = {key: _plain(value) for key, value in rows.iloc[0].to_dict().items()} if not rows.empty else {}
    return MappingProxyType(found)


def build_info() -> Mapping[str, Any]:
    """The one build_info row: build id, time, code version, counts, warnings (read-only, shared by sessions:
    every chart's download button asks for it, so it is not copied on each call as `st.cache_data` would)."""
    return _build_info(current())


def build_id() -> str:
    return str(build_info().get("build_id", "unknown"))


@st.cache_data(show_spinner=False)
def _sources(db: DbKey) -> pd.DataFrame:
    return _run(
        db,
        """
        SELECT s.*, count(f.figure_id) AS figures, count(f.figure_id) FILTER (WHERE f.verified) AS verified_figures,
               max(f.verified_on) AS verified_on
        FROM sources s LEFT JOIN figures f USING (doc_id)
        GROUP BY ALL ORDER BY s.published DESC NULLS LAST, s.published_earliest DESC NULLS LAST, s.doc_id
        """,
    )


def sources() -> pd.DataFrame:
    """Every source with its metadata, how many of its figures have a verified quote, and the latest date one
    was verified."""
    return _sources(current())


@st.cache_data(show_spinner=False)
def _checks(db: DbKey, limit: int | None = None) -> pd.DataFrame:
    sql = "SELECT * FROM checks ORDER BY passed, check_id"
    return _run(db, sql + (f" LIMIT {int(limit)}" if limit is not None else ""))


@shared(maxsize=512)
def _agreement(db: DbKey, figure_id: str | None) -> pd.DataFrame:
    if figure_id is None:
        sql = (
            "SELECT a.*, i.counts FROM source_agreement a JOIN indicators i USING (indicator_id) "
            "WHERE NOT agrees AND figure_id < other_figure_id ORDER BY indicator_id"
        )
        return _run(db, sql)
    sql = "SELECT * FROM source_agreement WHERE figure_id = ? ORDER BY agrees DESC, other_publisher"
    return _run(db, sql, [figure_id])


@shared(maxsize=4)
def _agreement_rule(db: DbKey) -> Mapping[str, float]:
    row = _run(db, "SELECT * FROM agreement_rule").iloc[0]
    return MappingProxyType({name: float(value) for name, value in row.items()})


def agreement_rule() -> Mapping[str, float]:
    """The tolerances the build compared sources with (data/agreement.toml as it was built)."""
    return _agreement_rule(current())


def agreement(figure_id: str | None = None) -> pd.DataFrame:
    """Other sources stating the same figure (agreeing or not); without an id, every disagreement once.
    Shared by every session: read it, never change it."""
    return _agreement(current(), figure_id)


def checks(limit: int | None = None) -> pd.DataFrame:
    """The consistency checks with status, formula, inputs, expected and actual values (failing first)."""
    return _checks(current(), limit)


@st.cache_data(show_spinner=False)
def _check_counts(db: DbKey) -> dict[str, int]:
    rows = _run(db, "SELECT status, count(*) AS n FROM checks GROUP BY status")
    return {str(status): int(n) for status, n in zip(rows["status"], rows["n"], strict=True)}


def check_counts() -> dict[str, int]:
    """How many checks have each status (pass, fail, missing input)."""
    return _check_counts(current())


@st.cache_data(show_spinner=False)
def _recent_sources(db: DbKey, limit: int) -> list[str]:
    sql = (
        "SELECT doc_id FROM sources ORDER BY published DESC NULLS LAST, published_earliest DESC NULLS LAST, doc_id "
        f"LIMIT {int(limit)}"
    )
    return list(_run(db, sql)["doc_id"])


def recent_sources(limit: int = SOURCE_OPTIONS) -> list[str]:
    """Ids of the most recently published sources, newest first (for pickers)."""
    return _recent_sources(current(), limit)


@st.cache_data(show_spinner=False)
def _derived(db: DbKey) -> pd.DataFrame:
    sql = "SELECT d.*, i.counts FROM derived_figures d JOIN indicators i USING (indicator_id) "
    return _run(db, sql + "ORDER BY indicator_id, derived_id")


def derived() -> pd.DataFrame:
    """Every derived figure with its formula and inputs (value NULL when an input is missing)."""
    return _derived(current())


@st.cache_data(show_spinner=False)
def _views(db: DbKey) -> list[dict[str, Any]]:
    rows = _run(db, "SELECT * FROM views ORDER BY position")
    charts = _run(db, "SELECT view_id, indicator_id, chart FROM view_charts ORDER BY view_id, indicator_id")
    declared = []
    for row in rows.to_dict("records"):
        own = charts[charts["view_id"] == row["view_id"]]
        lists = {name: [str(value) for value in row[name]] for name in ("indicators", "entities", "kinds", "sources",
                                                                         "producers")}  # fmt: skip
        declared.append(row | lists | {"charts": dict(zip(own["indicator_id"], own["chart"], strict=True))})
    return declared


def views() -> list[dict[str, Any]]:
    """The ready views in navigation order (rows of `views`, each with `charts`: chart type by indicator)."""
    return _views(current())


_LATEST = """
SELECT c.card, c.line, c.role, c.title, f.figure_id
FROM overview_cards c
LEFT JOIN (figures f JOIN sources s USING (doc_id))
       ON f.indicator_id = c.indicator_id AND f.entity = c.entity AND (c.kind IS NULL OR f.kind = c.kind)
      AND (c.producer IS NULL OR f.attributed_to = c.producer) AND (c.period IS NULL OR f.period = c.period)
QUALIFY row_number() OVER (
    PARTITION BY c.card, c.line
    ORDER BY f.period_end DESC, coalesce(s.published, s.published_earliest) DESC NULLS LAST,
             f.qualifier = 'exact' DESC, f.figure_id
) = 1
ORDER BY c.card, c.line
"""
"""Each line of each Overview card with the latest figure of its series: latest period, then latest
publication, then an exact figure before a bounded or approximate one (figure_id NULL when none matches)."""


@st.cache_data(show_spinner=False)
def _overview(db: DbKey) -> tuple[pd.DataFrame, pd.DataFrame]:
    return _run(db, _LATEST), _run(db, "SELECT indicator_id, entities FROM overview_charts ORDER BY position")


def overview_cards() -> pd.DataFrame:
    """Lines of the Overview's cards (card, line, role, title) with the figure each shows (`figure_id`)."""
    return _overview(current())[0]


def overview_charts() -> list[Query]:
    """The Overview's charts, as the query of each one's indicator and entities."""
    charts = _overview(current())[1]
    return [
        Query(indicators=(str(indicator_id),), entities=tuple(str(entity) for entity in entities))
        for indicator_id, entities in zip(charts["indicator_id"], charts["entities"], strict=True)
    ]


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


def table_columns(name: str) -> list[str]:
    """Column names of a table or view, in order (a chart's CSV repeats the full table's columns)."""
    found = columns()
    return list(found.loc[found["table_name"] == name, "column_name"])


def database_path() -> str:
    return os.fspath(config.db_path())


@st.cache_data(show_spinner=False)
def _indicator_catalogue(db: DbKey) -> pd.DataFrame:
    sql = f"""
        SELECT i.indicator_id, i.name, i.topic, i.description, i.unit,
               count(a.figure_id) AS figures, count(DISTINCT a.doc_id) AS sources,
               string_agg(DISTINCT a.entity, ', ' ORDER BY a.entity) AS entities,
               string_agg(DISTINCT a.attributed_to, ', ' ORDER BY a.attributed_to) AS producers
        FROM indicators i LEFT JOIN ({_ALL_FIGURES}) a USING (indicator_id)
        GROUP BY ALL HAVING count(a.figure_id) > 0 ORDER BY i.topic, i.name
        """
    return _with_named_indicators(db, _run(db, sql))


def indicator_catalogue() -> pd.DataFrame:
    """Every indicator with figures: topic, name, description, and how many figures and sources it has."""
    return _indicator_catalogue(current())


SEARCH_ROWS = 100
"""At most this many figures answer a search."""


@st.cache_data(show_spinner=False, max_entries=256)
def _search(db: DbKey, text: str) -> pd.DataFrame:
    rows = _run(
        db,
        f"""
        SELECT * FROM ({_ALL_FIGURES})
        WHERE NOT derived AND (contains(lower(quote), lower($q)) OR contains(lower(surface), lower($q))
           OR contains(lower(entity), lower($q)) OR contains(lower(attributed_to), lower($q))
           OR contains(lower(indicator), lower($q)) OR contains(lower(title), lower($q)))
        ORDER BY published DESC NULLS LAST, figure_id LIMIT {SEARCH_ROWS}
        """,
        {"q": text},
    )
    return _with_display_columns(rows)


def search(text: str) -> pd.DataFrame:
    """Stated figures whose quote, figure as written, entity, producer, indicator or source title holds `text`."""
    text = " ".join(text.split())[:100]
    return _search(current(), text) if text else _with_display_columns(_run(current(), f"{_ALL_FIGURES} LIMIT 0"))


# --- Review page: the extractor's candidates (dashboard/pages/review.py) -----------------------


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
    text = ["period", "entity", "attributed_to", "figure_id", "suggested_indicator"]
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


@st.cache_data(show_spinner=False)
def _verification(db: DbKey) -> dict[str, Any]:
    rows = _run(
        db,
        """
        SELECT count(*) AS figures, count(*) FILTER (WHERE verified) AS verified,
               count(*) FILTER (WHERE verification = 'ledger') AS by_ledger, max(verified_on) AS last_checked
        FROM figures
        """,
    )
    return {key: _plain(value) for key, value in rows.iloc[0].to_dict().items()}


def verification() -> dict[str, Any]:
    """How many quotes are verified (in this build or by the ledger) and the latest date one was checked."""
    return _verification(current())


# --- extracted, unreviewed figures on Explore's charts (issue 11) ------------------------------

EXTRACTED_PREFIX = "extracted:"
"""Point ids of extracted candidates: `extracted:<doc_id>:<start>-<end>` (a figure id never has a colon)."""
EXTRACTED_ROWS = CHART_ROWS
"""At most this many extracted candidates per indicator, the most confident first."""
EXTRACTED_MIN_CONFIDENCE = 0.3
"""Extracted candidates whose suggested indicator is less sure than this are listed under a chart, not drawn.
On the curated candidates of the 2026-11-30 build the suggestion was the curated indicator for 32% of those
at confidence 0.1-0.2, 54% at 0.2-0.3, 66% at 0.3-0.4 and 76-100% above (in-sample: measured where the
indicators' descriptions were written)."""

_EXTRACTED = """
SELECT 'extracted:' || c.doc_id || ':' || c.start || '-' || c."end" AS figure_id,
       c.suggested_indicator AS indicator_id, c.entity, c.period, c.surface, c.value, c.unit, c.qualifier,
       c.kind, coalesce(c.attributed_to, 'producer not identified') AS attributed_to, c.doc_id,
       c.sentence AS quote, FALSE AS verified, 'none' AS verification, NULL::DATE AS verified_on,
       NULL::VARCHAR AS link, NULL::VARCHAR AS note, FALSE AS derived, NULL::VARCHAR AS formula,
       NULL::VARCHAR[] AS inputs, NULL::VARCHAR AS description,
       coalesce(c.attributed_to, 'producer not identified') AS based_on,
       i.name AS indicator, i.chart, i.topic, i.counts, s.title, s.publisher, s.author, s.published,
       s.published_earliest,
       s.url, c.start AS surface_start, c."end" AS surface_end, c.indicator_confidence, c.entity_new,
       c.curated, TRUE AS extracted
FROM candidates c JOIN indicators i ON i.indicator_id = c.suggested_indicator JOIN sources s USING (doc_id)
"""


def extracted_key(doc_id: str, start: int, end: int) -> str:
    return f"{EXTRACTED_PREFIX}{doc_id}:{int(start)}-{int(end)}"


def _parse_extracted_key(key: str) -> tuple[str, int, int] | None:
    if not key.startswith(EXTRACTED_PREFIX):
        return None
    doc_id, _, span = key[len(EXTRACTED_PREFIX) :].rpartition(":")
    start, _, end = span.partition("-")
    return (doc_id, int(start), int(end)) if doc_id and start.isdigit() and end.isdigit() else None


def _placed(rows: pd.DataFrame, min_confidence: float) -> pd.DataFrame:
    """Display columns for extracted rows, and `not_drawn`: why a candidate is only listed under its chart (no
    entity, no period in a form figures use, a suggestion less sure than `min_confidence`), empty if drawn."""
    rows = rows.assign(entity=rows["entity"].astype(object).where(rows["entity"].notna(), ""),
                       period=rows["period"].astype(object).where(rows["period"].notna(), ""))  # fmt: skip
    shown = _with_display_columns(rows)
    shown["not_drawn"] = [
        "no entity" if not entity else "no period" if pd.isna(start) else
        f"confidence below {min_confidence:g}" if confidence < min_confidence else ""
        for entity, start, confidence in zip(shown["entity"], shown["period_start"], shown["indicator_confidence"],
                                             strict=True)
    ]  # fmt: skip
    shown["series"] = formatting.EXTRACTED
    shown["link"] = [_sentence_link(u, q) for u, q in zip(shown["url"], shown["quote"], strict=True)]
    return shown


def _sentence_link(url: str, sentence: str) -> str:
    """The article at the sentence (a text fragment built against the sentence alone), else the article."""
    directive = fragments.quote_fragment(sentence) if sentence else None
    return fragments.link(url, directive) if directive else url


@st.cache_data(show_spinner=False, max_entries=256)
def _extracted(db: DbKey, query: Query, min_confidence: float) -> pd.DataFrame:
    if not query.indicators:
        return _placed(_run(db, f"{_EXTRACTED} LIMIT 0"), min_confidence)
    rows = _run(
        db,
        f"""
        SELECT * FROM ({_EXTRACTED}) WHERE NOT curated
          AND list_contains($indicators::VARCHAR[], indicator_id)
          AND (len($entities::VARCHAR[]) = 0 OR list_contains($entities::VARCHAR[], entity))
          AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], kind))
          AND (len($sources::VARCHAR[]) = 0 OR list_contains($sources::VARCHAR[], doc_id))
          AND (len($producers::VARCHAR[]) = 0 OR list_contains($producers::VARCHAR[], attributed_to))
        QUALIFY row_number() OVER (PARTITION BY indicator_id ORDER BY indicator_confidence DESC, doc_id, surface_start)
                <= {EXTRACTED_ROWS}
        ORDER BY indicator_id, indicator_confidence DESC, doc_id, surface_start
        """,
        {name: list(getattr(query, name)) for name in ("indicators", "entities", "kinds", "sources", "producers")},
    )
    rows = _placed(rows, min_confidence)
    dated = rows["period_start"].notna()
    outside = dated & (
        (rows["period_end"].dt.year < (query.year_from or 0)) | (rows["period_start"].dt.year > (query.year_to or 9999))
    )
    return rows[~outside].reset_index(drop=True)


def extracted(query: Query) -> pd.DataFrame:
    """Candidates nobody has curated whose suggested indicator is one of the query's, shaped like `figures` rows
    (`figure_id` is an `extracted:` key; `quote` is the sentence) plus `indicator_confidence`, `entity_new` and
    `not_drawn` (why a row is only listed; empty when it is drawn). At most EXTRACTED_ROWS per indicator."""
    return _extracted(current(), query, EXTRACTED_MIN_CONFIDENCE)


@st.cache_data(show_spinner=False, max_entries=512)
def _extracted_one(db: DbKey, key: str) -> dict[str, Any] | None:
    found = _parse_extracted_key(key)
    if found is None:
        return None
    sql = f"SELECT * FROM ({_EXTRACTED}) WHERE doc_id = $doc AND surface_start = $start AND surface_end = $end"
    rows = _run(db, sql, {"doc": found[0], "start": found[1], "end": found[2]})
    if rows.empty:
        return None
    shown = _placed(rows, EXTRACTED_MIN_CONFIDENCE)
    return {key: _plain(value) for key, value in shown.iloc[0].to_dict().items()}


def extracted_one(key: str) -> dict[str, Any] | None:
    """One extracted candidate with a suggested indicator, by its `extracted:` key, as `extracted` shapes it."""
    return _extracted_one(current(), key)
