"""A chart's CSV holds exactly its rows with provenance; whole tables download as CSV and Parquet."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from dashboard import charts, downloads, queries
from tests.dashboard_fixture import INJECTION_QUOTE, chart_rows

pytestmark = pytest.mark.usefixtures("database")


def read(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False, dtype=str)


@pytest.mark.parametrize(("indicator", "filters"), [("llm_share", {}), ("llm_share", {"entities": ("China",)}),
                                                    ("ai_spending", {}), ("api_calls_daily", {"derived": False})])  # fmt: skip
def test_csv_rows_equal_chart_rows(indicator: str, filters: dict[str, object]) -> None:
    rows = chart_rows(indicator, **filters)
    fig = charts.figure(rows, queries.catalog().charts[indicator], "", rows["unit"].iloc[0])
    table = read(downloads.csv_bytes(downloads.chart_table(rows, "build1", queries.table_columns("figures"))))
    assert sorted(table["figure_id"]) == sorted(charts.figure_ids(fig))
    assert list(table["figure_id"]) == list(rows["figure_id"])
    assert [float(v) for v in table["value"]] == pytest.approx(list(rows["value"]))


def test_chart_csv_has_the_full_tables_columns_then_its_own() -> None:
    full = queries.table_columns("figures")
    table = read(downloads.csv_bytes(downloads.chart_table(chart_rows("ai_spending"), "b", full)))
    assert list(table.columns)[: len(full)] == full
    assert set(downloads.CHART_EXTRAS.values()) <= set(table.columns)


def test_csv_has_provenance_columns_and_build_id() -> None:
    table = read(
        downloads.csv_bytes(
            downloads.chart_table(chart_rows("ai_spending"), "build1", queries.table_columns("figures"))
        )
    )
    assert set(downloads.PROVENANCE) <= set(table.columns)
    row = table.set_index("figure_id").loc["idc-china-ai-spending-2027"]
    assert row["surface"] == "$38 billion"
    assert row["attributed_to"] == "IDC"
    assert row["source_title"] == "Tiny daily article"
    assert row["publisher"] == "Tiny Daily"
    assert row["published"] == "2025-01-20"
    assert row["url"] == "https://example.com/tiny-daily"
    assert row["fragment_link"].startswith("https://example.com/tiny-daily#:~:text=")
    assert row["verified"] == "True"
    assert row["build_id"] == "build1"
    derived = table.set_index("figure_id").loc["derived-global-ai-spending-2027"]
    assert derived["derived"] == "True"
    assert derived["derived_from"] == "idc-china-ai-spending-2027 idc-china-share-global-ai-spending-2027"


def test_csv_is_utf8_with_bom_and_keeps_text_verbatim() -> None:
    data = downloads.csv_bytes(downloads.chart_table(chart_rows("ai_spending"), "b", queries.table_columns("figures")))
    assert data.startswith(b"\xef\xbb\xbf")
    table = read(data)
    assert INJECTION_QUOTE in set(table["quote"])
    assert table.set_index("figure_id").loc["weekly-idc-china-ai-spending-2027", "verified"] == "False"


def test_file_name_names_view_and_build() -> None:
    assert (
        downloads.file_name("LLMs by country / llm_share", "256c046c9910")
        == "aii-llms-by-country-llm-share-256c046c9910.csv"
    )
    assert downloads.file_name("figures", "abc", "parquet") == "aii-figures-abc.parquet"


@pytest.mark.parametrize("table", queries.TABLES)
def test_every_table_downloads_as_csv_and_parquet(table: str) -> None:
    frame = queries.table(table)
    csv = read(downloads.csv_bytes(frame))
    assert list(csv.columns) == list(frame.columns)
    assert len(csv) == len(frame)
    parquet = pd.read_parquet(io.BytesIO(downloads.parquet_bytes(frame)))
    assert list(parquet.columns) == list(frame.columns) and len(parquet) == len(frame)


def test_list_cells_become_readable_text() -> None:
    entities = read(downloads.csv_bytes(queries.table("entities")))
    assert entities.set_index("entity").loc["Global", "aliases"] == "world"


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(cell: str) -> None:
    table = pd.DataFrame({"attributed_to": [cell], "value": [-5.0]})
    shown = read(downloads.csv_bytes(table))
    assert shown["attributed_to"][0] == "'" + cell, "OWASP: prefix a single quote so it is text"
    assert shown["value"][0] == "-5.0", "numbers stay numbers"


def test_parquet_keeps_cells_verbatim() -> None:
    table = pd.DataFrame({"attributed_to": ["=HYPERLINK(1)"]})
    assert pd.read_parquet(io.BytesIO(downloads.parquet_bytes(table)))["attributed_to"][0] == "=HYPERLINK(1)"


def test_computed_rows_are_credited_to_us_not_to_the_producer_of_their_inputs() -> None:
    from etl.vocabulary import DERIVED_PRODUCER

    rows = chart_rows("llm_share")
    table = read(downloads.csv_bytes(downloads.chart_table(rows, "build1", queries.table_columns("figures"))))
    computed = table[table["derived"] == "True"]
    assert not computed.empty, "the share chart has a derived or remainder row"
    assert set(computed["attributed_to"]) == {DERIVED_PRODUCER}
    assert set(table.loc[table["derived"] == "False", "attributed_to"]) == {"CAICT"}
