"""The data dictionary and the schema, read from data/dictionary.toml: one sentence per column of every table
and view, with its unit, and the columns a chart's CSV download adds (the app's Data page, the export's
datapackage.json); each table's columns with their SQL types and constraints, which `schema_sql` turns into
the CREATE TABLE statements of the database. It is the contract of the database the code writes, so it is
always the repository's own, never $AII_DATA's.
"""

from __future__ import annotations

import graphlib
import re
import tomllib

from etl import config
from etl.vocabulary import schema_checks

_DECLARED = tomllib.loads(config.DICTIONARY_TOML.read_text(encoding="utf-8"))
TABLES: dict[str, str] = {table: declared["description"] for table, declared in _DECLARED["tables"].items()}
"""Each table and view, in the order the export writes them, with what one row is."""


def _description(column: str | dict[str, str]) -> str:
    """A view's column is its description; a table's states its SQL beside it."""
    return column if isinstance(column, str) else column["description"]


COLUMNS: dict[str, dict[str, str]] = {
    table: {name: _description(column) for name, column in declared["columns"].items()}
    for table, declared in _DECLARED["tables"].items()
}
"""Each table's columns with their descriptions."""
CHART_CSV_TITLE: str = _DECLARED["chart_csv"]["title"]
CHART_CSV: dict[str, str] = _DECLARED["chart_csv"]["columns"]
"""The columns a chart's CSV adds after every column of the figures table (dashboard.downloads.chart_table)."""


def describe(table: str, column: str) -> str | None:
    """The description of a column, or None when it has none."""
    return COLUMNS.get(table, {}).get(column)


def _filled(table: str) -> bool:
    """True for a table the build fills (its columns state their SQL), False for a view."""
    return all(isinstance(column, dict) for column in _DECLARED["tables"][table]["columns"].values())


def _create_table(table: str) -> str:
    """The CREATE TABLE statement of a table the build fills: its columns, then its table-wide constraints."""
    declared = _DECLARED["tables"][table]
    lines = [f'"{name}" {column["sql"]}' for name, column in declared["columns"].items()]
    return f"CREATE TABLE {table} (\n    " + ",\n    ".join(lines + declared.get("constraints", [])) + "\n);\n"


def schema_sql() -> str:
    """Every table the build fills (those whose columns state their SQL), in the order their foreign keys
    need, with the vocabulary lists of the CHECKs filled in from etl.vocabulary."""
    statements = {table: _create_table(table) for table in _DECLARED["tables"] if _filled(table)}
    references = {table: set(re.findall(r"REFERENCES (\w+)", sql)) - {table} for table, sql in statements.items()}
    order = graphlib.TopologicalSorter(references).static_order()
    return "\n".join(statements[table] for table in order).format_map(schema_checks())
