"""Files to download: a chart's rows as CSV with provenance, and whole tables as CSV or Parquet.

CSV is UTF-8 with a byte-order mark so Excel opens non-ASCII text (quotes, ¥, ’) correctly.
File names name the view and the data build: `aii-llms-by-country-256c046c9910.csv`.
"""

from __future__ import annotations

import io
import re

import pandas as pd

from dashboard import charts, formatting
from etl import export

CHART_EXTRAS = {
    "indicator": "indicator",
    "label": "value_as_shown",
    "derived": "derived",
    "formula": "formula",
    "inputs": "derived_from",
    "title": "source_title",
    "publisher": "publisher",
    "vintage": "published",
    "url": "url",
    "link": "fragment_link",
}
"""The chart's own columns (chart row column -> CSV column), after the full table's; then `review_status` and
`suggestion_confidence` (extracted, unreviewed rows: see etl.dictionary.CHART_CSV); `build_id` comes last."""

PROVENANCE = (
    "surface", "quote", "attributed_to", "source_title", "publisher", "published", "url", "fragment_link",
    "verified", "build_id",
)  # fmt: skip


def chart_table(rows: pd.DataFrame, build_id: str, table_columns: list[str]) -> pd.DataFrame:
    """The rows of a chart, one per point or bar in the chart's order: every column of the full figures table
    under the same name (empty where a derived row has none), then the chart's own provenance columns."""
    table = rows.reindex(columns=table_columns)
    for column, name in CHART_EXTRAS.items():
        table[name] = rows.get(column)
    table["derived_from"] = [_joined(v) for v in table["derived_from"]]
    found = charts.extracted(rows)
    table["review_status"] = found.map({True: formatting.EXTRACTED, False: "reviewed"})
    table["suggestion_confidence"] = rows.get("indicator_confidence", pd.Series(index=rows.index, dtype=float))
    if found.any():  # an extracted row is no figure of ours (doc_id and surface_start find it) and is unchecked
        for column in ("figure_id", "verified", "verification"):
            table[column] = table[column].astype(object).mask(found.to_numpy())
    table["build_id"] = build_id
    return table.reset_index(drop=True)


def _joined(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple) or hasattr(value, "tolist"):
        return " ".join(str(v) for v in list(value))  # type: ignore[call-overload]
    return ""


csv_bytes = export.csv_bytes
"""CSV as spreadsheets should get it: UTF-8 with BOM, lists joined, formula-like text cells defused (one rule,
shared with `python -m etl export`; Parquet keeps every value as stored)."""


def parquet_bytes(table: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    table.to_parquet(buffer, index=False)
    return buffer.getvalue()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "view"


def file_name(view: str, build_id: str, extension: str = "csv") -> str:
    """`aii-<view>-<build id>.<extension>`."""
    return f"aii-{slug(view)}-{slug(build_id)}.{extension}"
