"""Derived figures and consistency checks, declared as data (data/derived.csv, data/checks.csv) and
evaluated by generic SQL: the views `derived_figures` and `checks` over `figures` (etl/derived.sql).

Each row names its inputs (`name=figure-id; ...`) and gives arithmetic over those names; the models
in `etl.models` allow only names, numbers, + - * / ( ) and a few functions, so a data file cannot
carry other SQL. Adding a derived figure or a check is adding a row: no code changes.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl import config
from etl.curated import read_rows
from etl.models import CheckRow, DerivedRow
from etl.problems import Problem
from etl.vocabulary import DERIVED_PRODUCER, sql_text

DERIVED_CSV = "derived.csv"
CHECKS_CSV = "checks.csv"

_EMPTY_DERIVED = (
    "SELECT NULL::VARCHAR AS derived_id, NULL::VARCHAR AS indicator_id, NULL::VARCHAR AS entity, "
    "NULL::VARCHAR AS period, NULL::DOUBLE AS value, NULL::VARCHAR AS unit, NULL::VARCHAR AS qualifier, "
    "NULL::VARCHAR AS kind, NULL::VARCHAR AS formula, NULL::VARCHAR[] AS inputs, NULL::VARCHAR AS description, "
    "NULL::VARCHAR AS attributed_to WHERE false"
)
_EMPTY_CHECKS = (
    "    SELECT NULL::VARCHAR AS check_id, NULL::VARCHAR AS description, NULL::VARCHAR AS formula, "
    "NULL::VARCHAR[] AS inputs, NULL::DOUBLE AS expected, NULL::DOUBLE AS actual, NULL::DOUBLE AS tolerance "
    "WHERE false"
)


def load_declarations(data_dir: Path) -> tuple[list[DerivedRow], list[CheckRow], list[Problem]]:
    """The rows of data/derived.csv and data/checks.csv (a missing file declares nothing)."""
    problems: list[Problem] = []
    found: list[list] = []
    for name, model in ((DERIVED_CSV, DerivedRow), (CHECKS_CSV, CheckRow)):
        path = data_dir / name
        rows, problems_here = read_rows(path, model, frozenset(model.model_fields)) if path.exists() else (None, [])
        found.append(rows.rows if rows else [])
        problems += problems_here
    return found[0], found[1], problems


def _values(inputs: dict[str, str]) -> str:
    """A one-row subquery giving each input name its figure's value (NULL when the figure is missing)."""
    lookups = ", ".join(
        f"(SELECT value FROM figure_values WHERE figure_id = {sql_text(figure_id)}) AS {name}"
        for name, figure_id in inputs.items()
    )
    return f"(SELECT {lookups}) AS v"


def _id_list(inputs: dict[str, str]) -> str:
    return "[" + ", ".join(sql_text(figure_id) for figure_id in inputs.values()) + "]"


def derived_select(row: DerivedRow) -> str:
    return (
        f"SELECT {sql_text(row.derived_id)} AS derived_id, {sql_text(row.indicator_id)} AS indicator_id, "
        f"{sql_text(row.entity)} AS entity, {sql_text(row.period)} AS period, ({row.expression}) AS value, "
        f"{sql_text(row.unit)} AS unit, {sql_text(row.qualifier)} AS qualifier, {sql_text(row.kind)} AS kind, "
        f"{sql_text(row.formula)} AS formula, {_id_list(row.inputs)} AS inputs, "
        f"{sql_text(row.description)} AS description, {sql_text(DERIVED_PRODUCER)} AS attributed_to "
        f"FROM {_values(row.inputs)}"
    )


def check_select(row: CheckRow) -> str:
    tolerance = "NULL::DOUBLE" if row.tolerance is None else f"{row.tolerance!r}::DOUBLE"
    return (
        f"    SELECT {sql_text(row.check_id)} AS check_id, {sql_text(row.description)} AS description, "
        f"{sql_text(row.formula)} AS formula, {_id_list(row.inputs)} AS inputs, ({row.expected}) AS expected, "
        f"({row.actual}) AS actual, {tolerance} AS tolerance FROM {_values(row.inputs)}"
    )


def create_views(con: duckdb.DuckDBPyConnection, derived: list[DerivedRow], checks: list[CheckRow]) -> None:
    """Create the derived_figures and checks views (etl/derived.sql with the declared rows filled in) in a
    database that holds the figures."""
    sql = config.DERIVED_SQL.read_text(encoding="utf-8")
    derived_rows = "\nUNION ALL\n".join(map(derived_select, derived)) or _EMPTY_DERIVED
    check_rows = "\n    UNION ALL\n".join(map(check_select, checks)) or _EMPTY_CHECKS
    con.execute(sql.replace("{derived_rows}", derived_rows).replace("{check_rows}", check_rows))
