"""The build's save step: the schema (declared in data/dictionary.toml), the rows, the views of derived
figures, checks and agreement, then `build_info`, written into a new DuckDB file that replaces the old one
only when complete."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb

from etl import derived
from etl.agreement import agreement_sql
from etl.dictionary import schema_sql
from etl.files import replacing
from etl.process import Columns, Tables, row_count

PARAMETER_ROWS = 5_000
"""Tables up to this many rows go in as query parameters, sparing the build NumPy's import (about a
tenth of its start-up); larger ones as NumPy object arrays, which DuckDB scans several times faster."""


def insert(con: duckdb.DuckDBPyConnection, table: str, rows: Columns) -> None:
    """Rows into `table`, matched by column name (each column's type read from its values, then cast to
    the table's), without pandas or pyarrow."""
    count = row_count(rows)
    if count == 0:
        return
    columns = ", ".join(f'"{name}"' for name in rows)
    if count <= PARAMETER_ROWS:
        # aliased: an unnamed unnest($n) is named after its argument, which renders the whole list as SQL
        unnested = ", ".join(f'unnest(${number}) AS "{name}"' for number, name in enumerate(rows, 1))
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {unnested}", list(rows.values()))
        return
    import numpy

    con.register("incoming", {name: numpy.fromiter(values, object, len(values)) for name, values in rows.items()})
    con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming")
    con.unregister("incoming")


def _build_info(con: duckdb.DuckDBPyConnection, tables: Tables) -> None:
    con.execute(
        "INSERT INTO build_info VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            tables.build_id, dt.datetime.now(dt.UTC), tables.code_version, duckdb.__version__, tables.corpus,
            len(tables.sources), len(tables.figures), tables.verified, tables.candidates,
            tables.uncurated, [str(warning) for warning in tables.warnings], tables.extractor_version,
        ],
    )  # fmt: skip


def write_database(path: Path, tables: Tables) -> None:
    """A complete database at `path` (which must not exist)."""
    con = duckdb.connect(str(path))
    try:
        schema = schema_sql()
        con.execute(schema)
        for table in re.findall(r"^CREATE TABLE (\w+)", schema, re.MULTILINE):  # the order foreign keys need
            insert(con, table, tables.tables.get(table, {}))
        derived.create_views(con, tables.derived, tables.checks)
        assert tables.agreement, "no tolerances: process() raises BuildError when data/agreement.toml has a problem"
        con.execute(agreement_sql(tables.agreement))
        _build_info(con, tables)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def save_database(tables: Tables, out: Path) -> None:
    """Write the database to `out` atomically: readers see the old file or the new one."""
    with replacing(out) as tmp:
        write_database(tmp, tables)
