"""Derived figures and consistency checks: the views `derived_figures` and `checks` over `figures`."""

from __future__ import annotations

import duckdb

from etl import config


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """Create the derived_figures and checks views in a database that holds the figures."""
    con.execute(config.DERIVED_SQL.read_text(encoding="utf-8"))
