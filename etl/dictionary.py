"""The data dictionary, read from data/dictionary.toml: one sentence per column of every table and view,
with its unit, and the columns a chart's CSV download adds (the app's Data page, the export's
datapackage.json). It describes etl/schema.sql, so it is always the repository's own, never $AII_DATA's.
"""

from __future__ import annotations

import tomllib

from etl import config

DICTIONARY_TOML = config.DATA_DIR / "dictionary.toml"

_DECLARED = tomllib.loads(DICTIONARY_TOML.read_text(encoding="utf-8"))
TABLES: dict[str, str] = {table: declared["description"] for table, declared in _DECLARED["tables"].items()}
"""Each table and view, in the order the export writes them, with what one row is."""
COLUMNS: dict[str, dict[str, str]] = {table: declared["columns"] for table, declared in _DECLARED["tables"].items()}
"""Each table's columns with their descriptions."""
CHART_CSV_TITLE: str = _DECLARED["chart_csv"]["title"]
CHART_CSV: dict[str, str] = _DECLARED["chart_csv"]["columns"]
"""The columns a chart's CSV adds after every column of the figures table (dashboard.downloads.chart_table)."""


def describe(table: str, column: str) -> str | None:
    """The description of a column, or None when it has none."""
    return COLUMNS.get(table, {}).get(column)
