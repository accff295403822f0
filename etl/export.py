"""Open data: every table and view of a built database as Parquet and CSV, described by a Frictionless
Data Package (`datapackage.json`) whose Table Schemas come from the database itself and the data dictionary.

Parquet is the interchange format: it keeps types and lists exactly. The CSV twin is for spreadsheets:
lists are joined with "; " and text cells that a spreadsheet would run as a formula are defused (OWASP).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from etl import dictionary

PACKAGE_NAME = "ai-industry-indicators"
PACKAGE_FILE = "datapackage.json"
CSV_DIALECT = {"delimiter": ",", "lineTerminator": "\r\n", "header": True}
LIST_SEPARATOR = "; "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these runs as a formula in spreadsheets (OWASP CSV injection)."""

DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International (our curation: figures, metadata, checks)",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
CITATION = (
    "AI Industry Indicators (build {build_id}, {built}): figures traced to their source sentences. "
    "Data licensed CC BY 4.0; quotes are short quotations whose copyright stays with their publishers."
)

PARQUET_MISSING = ["", "nan", "NaT"]
"""How frictionless's Parquet reader (via pandas) presents a null integer or date."""

FRICTIONLESS_TYPES = {
    "VARCHAR": "string",
    "BOOLEAN": "boolean",
    "INTEGER": "integer",
    "BIGINT": "integer",
    "DOUBLE": "number",
    "DATE": "date",
    "TIMESTAMP WITH TIME ZONE": "datetime",
}


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str

    @property
    def is_list(self) -> bool:
        return self.data_type.endswith("[]")

    def field(self, table: str, in_csv: bool) -> dict[str, object]:
        """The column as a Table Schema field. A list column is '; '-joined text in CSV; in Parquet it is a
        real list, typed "any" because frictionless reads Parquet lists as arrays it cannot type."""
        kind = FRICTIONLESS_TYPES.get(self.data_type, "number")
        if self.is_list:
            kind = "string" if in_csv else "any"
        field: dict[str, object] = {"name": self.name, "type": kind, "description": _description(table, self)}
        if kind == "datetime":
            field["format"] = "any"
        return field


def _description(table: str, column: Column) -> str:
    text = dictionary.describe(table, column.name) or ""
    return f"{text} In CSV: items joined by '{LIST_SEPARATOR}'." if column.is_list else text


def export(db_path: Path, out_dir: Path) -> dict[str, object]:
    """Write every table and view as Parquet and CSV plus `datapackage.json` into out_dir; return the package."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        return export_from(con, out_dir)


def export_from(con: duckdb.DuckDBPyConnection, out_dir: Path) -> dict[str, object]:
    """The export through an open connection (the app passes its own, configured read-only one)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    resources = []
    for table in dictionary.TABLES:
        columns = _columns(con, table)
        pq.write_table(con.sql(f'SELECT * FROM "{table}"').to_arrow_table(), out_dir / f"{table}.parquet")
        rows = con.execute(f'SELECT * FROM "{table}"').df()
        (out_dir / f"{table}.csv").write_bytes(csv_bytes(rows))
        resources += _resources(con, table, columns, len(rows))
    package = _package(con, _build_info(con), resources)
    (out_dir / PACKAGE_FILE).write_text(json.dumps(package, indent=2, default=str) + "\n", encoding="utf-8")
    return package


def _build_info(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    build_id, built_at = con.execute(
        "SELECT build_id, strftime(built_at, '%Y-%m-%dT%H:%M:%SZ') FROM build_info"
    ).fetchone()  # type: ignore[misc]
    return {"build_id": build_id, "built_at": built_at}


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[Column]:
    found = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [Column(name, data_type) for name, data_type in found]


def spreadsheet_safe(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows as CSV shows them: lists joined with '; ', and text that would run as a formula prefixed with
    an apostrophe (OWASP's advice; the Parquet files keep the text as it is)."""
    rows = rows.copy()
    for column in rows.columns:
        if rows[column].dtype == object or pd.api.types.is_string_dtype(rows[column]):
            rows[column] = rows[column].map(_cell)
    return rows


def _cell(value: object) -> object:
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if hasattr(value, "__len__") and not isinstance(value, bytes):
        return _cell(LIST_SEPARATOR.join(str(item) for item in value))  # type: ignore[attr-defined]
    return value


def csv_bytes(rows: pd.DataFrame) -> bytes:
    """Spreadsheet-safe rows as CSV: UTF-8 with a byte-order mark (Excel reads non-ASCII text right), CRLF ends."""
    return spreadsheet_safe(rows).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _resources(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[Column], count: int
) -> list[dict[str, object]]:
    """Two resources per table: the Parquet file (types kept) and its CSV twin, with one Table Schema."""
    keys = _keys(con, table)
    common = {"title": table, "description": dictionary.TABLES[table], "rows": count}

    def schema(in_csv: bool) -> dict[str, object]:
        fields = [column.field(table, in_csv) for column in columns]
        return {"fields": fields, "missingValues": [""] if in_csv else PARQUET_MISSING} | keys

    return [
        {
            "name": f"{table}-parquet",
            "path": f"{table}.parquet",
            "format": "parquet",
            "schema": schema(False),
            **common,
        },
        {
            "name": table,
            "path": f"{table}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8-sig",
            "dialect": CSV_DIALECT,
            "schema": schema(True),
            **common,
        },
    ]


def _keys(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, object]:
    """Primary and foreign keys as the schema declares them (views have none)."""
    found = con.execute(
        "SELECT constraint_type, constraint_column_names, referenced_table, referenced_column_names "
        "FROM duckdb_constraints() WHERE table_name = ? AND constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')",
        [table],
    ).fetchall()
    keys: dict[str, object] = {}
    foreign: list[dict[str, object]] = []
    for kind, names, referenced, referenced_names in found:
        if kind == "PRIMARY KEY":
            keys["primaryKey"] = list(names)
        else:
            reference = {"resource": referenced, "fields": list(referenced_names)}
            foreign.append({"fields": list(names), "reference": reference})
    return keys | ({"foreignKeys": foreign} if foreign else {})


def _package(
    con: duckdb.DuckDBPyConnection, build: dict[str, object], resources: list[dict[str, object]]
) -> dict[str, object]:
    sources = con.execute("SELECT title, url, publisher FROM sources ORDER BY doc_id").fetchall()
    return {
        "name": PACKAGE_NAME,
        "title": "AI Industry Indicators",
        "description": "Figures about the AI industry, each traced to the verbatim sentence it came from, "
        "with derived figures and consistency checks.",
        "version": str(build["build_id"]),
        "created": build["built_at"],
        "build_id": build["build_id"],
        "licenses": [DATA_LICENSE],
        "citation": CITATION.format(build_id=build["build_id"], built=str(build["built_at"])[:10]),
        "sources": [{"title": f"{title} ({publisher})", "path": url} for title, url, publisher in sources],
        "resources": [_portable(resource) for resource in resources],
    }


def _portable(resource: dict[str, object]) -> dict[str, object]:
    """Resource names must be lowercase with '-', '_' or '.' only (Data Package spec)."""
    return resource | {"name": re.sub(r"[^a-z0-9._-]", "-", str(resource["name"]).lower())}
