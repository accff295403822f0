"""Files to download: a chart's rows as CSV with provenance, and whole tables as CSV or Parquet.

CSV is UTF-8 with a byte-order mark so Excel opens non-ASCII text (quotes, ¥, ’) correctly.
File names name the view and the data build: `aii-llms-by-country-256c046c9910.csv`.
"""

from __future__ import annotations

import io
import re

import pandas as pd

CHART_COLUMNS = {
    "figure_id": "figure_id",
    "indicator_id": "indicator_id",
    "indicator": "indicator",
    "entity": "entity",
    "period": "period",
    "value": "value",
    "unit": "unit",
    "label": "value_as_shown",
    "qualifier": "qualifier",
    "kind": "kind",
    "derived": "derived",
    "formula": "formula",
    "inputs": "derived_from",
    "surface": "figure_as_written",
    "quote": "quote",
    "attributed_to": "attributed_to",
    "title": "source_title",
    "publisher": "publisher",
    "vintage": "published",
    "url": "url",
    "link": "fragment_link",
    "verified": "quote_verified",
    "doc_id": "source_id",
}
"""Chart row column -> CSV column, in CSV order; `build_id` is added last."""

PROVENANCE = (
    "figure_as_written", "quote", "attributed_to", "source_title", "publisher", "published", "url",
    "fragment_link", "quote_verified", "build_id",
)  # fmt: skip


def chart_table(rows: pd.DataFrame, build_id: str) -> pd.DataFrame:
    """The rows of a chart with provenance columns, one row per point or bar, in the chart's order."""
    table = rows.reindex(columns=list(CHART_COLUMNS)).rename(columns=CHART_COLUMNS)
    table["derived_from"] = [_joined(v) for v in table["derived_from"]]
    table["build_id"] = build_id
    return table.reset_index(drop=True)


def _joined(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple) or hasattr(value, "tolist"):
        return " ".join(str(v) for v in list(value))  # type: ignore[call-overload]
    return ""


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these is run as a formula by spreadsheets (OWASP, CSV injection)."""


def inert(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading single quote; others are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(table: pd.DataFrame) -> bytes:
    """CSV as UTF-8 with BOM (Excel-friendly), CRLF line ends, formula-like text cells neutralised.

    Only CSV is changed: Parquet keeps every value as stored (it is not opened by spreadsheets as code).
    """
    safe = table.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(inert)
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def flat(table: pd.DataFrame) -> pd.DataFrame:
    """A table with list cells joined by '; ' so CSV shows them as text, not as Python reprs."""
    table = table.copy()
    for column in table.columns:
        if table[column].map(lambda v: hasattr(v, "__len__") and not isinstance(v, str | bytes)).any():
            table[column] = table[column].map(
                lambda v: "; ".join(str(x) for x in v) if hasattr(v, "__len__") and not isinstance(v, str) else v
            )
    return table


def parquet_bytes(table: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    table.to_parquet(buffer, index=False)
    return buffer.getvalue()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "view"


def file_name(view: str, build_id: str, extension: str = "csv") -> str:
    """`aii-<view>-<build id>.<extension>`."""
    return f"aii-{slug(view)}-{slug(build_id)}.{extension}"
