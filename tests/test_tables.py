"""Markdown tables: a number-only cell takes unit and scale from its column or row header."""

from __future__ import annotations

import pytest

from etl.extract import Gazetteer, extract
from etl.tables import cells, header_unit

TABLE = """| Model | Parameters | GPU hours | Cost ($M) | Speed-up |
|---|---|---|---|---|
| Alpha | 405B | 30.84M | 7.2 | 15x |
| Beta | 2.1T | 3.4M | $90M+ | 2x |
"""
GAZETTEER = Gazetteer([("Global", ["world"])], default="Global")
GAZETTEER_US = Gazetteer([("Global", ["world"]), ("United States", []), ("Europe", [])], default="Global")


def _found(text: str) -> list[tuple[str, float, str, str, str | None]]:
    return [(c.surface, c.value, c.unit, c.qualifier, c.period) for c in extract(text, "doc", None, GAZETTEER)]


def test_bare_suffix_cells_read_with_their_column_header() -> None:
    assert _found(TABLE) == [
        ("405B", 405e9, "count", "exact", None), ("30.84M", 30.84e6, "hour", "exact", None),
        ("7.2", 7.2e6, "USD", "exact", None), ("15x", 15, "x", "exact", None),
        ("2.1T", 2.1e12, "count", "exact", None), ("3.4M", 3.4e6, "hour", "exact", None),
        ("$90M+", 90e6, "USD", "over", None), ("2x", 2, "x", "exact", None),
    ]  # fmt: skip


def test_a_row_header_gives_the_unit_of_a_key_value_table() -> None:
    text = "Component | Disclosed data |\n---|---|\nNumber of GPUs | 384 |\nGPU hours for final model | 1,082,990 |\n"
    assert _found(text) == [("384", 384, "count", "exact", None), ("1,082,990", 1082990, "hour", "exact", None)]


def test_a_year_column_header_is_the_period_and_a_year_cell_is_no_figure() -> None:
    text = (
        "| Segment | 2023 | FY2024 |\n|---|---|---|\n| Data centre | $47.5B | $115.2B |\n\n| Year | Sales |\n|--|--|\n"
    )
    text += "| 2022 | 12 |\n"
    assert _found(text) == [
        ("$47.5B", 47.5e9, "USD", "exact", "2023"), ("$115.2B", 115.2e9, "USD", "exact", "2024"),
        ("12", 12, "count", "exact", "2022"),
    ]  # fmt: skip


def test_outside_a_table_a_bare_suffix_stays_no_figure() -> None:
    assert _found("We stream 4K video to 3M users.") == [("3M users", 3e6, "count", "exact", None)]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Revenue ($bn)", ("USD", 1e9)), ("Capacity (MW)", ("MW", 1.0)), ("Energy use, TWh", ("TWh", 1.0)),
        ("Share of total", ("%", 1.0)), ("Training time (days)", ("day", 1.0)), ("Tokens (in billions)", (None, 1e9)),
        ("Parameters", (None, 1.0)),
    ],
)  # fmt: skip
def test_header_unit(header: str, expected: tuple[str | None, float]) -> None:
    assert header_unit(header) == expected


def test_cells() -> None:
    line = "| a | 5 |  b |"
    assert [line[s:e] for s, e in cells(line)] == ["a", "5", "b"]
    assert cells("no table here") == [] and cells("|---|---|") == []


def test_a_caption_gives_unit_scale_and_years_to_a_plain_text_table() -> None:
    text = (
        "Spending by Market, 2024-2026 (Millions of US Dollars)\n\nMarket 2024 2025 2026\n"
        "AI Services 259,477 282,556 324,669\n\n"
        "By Market (Millions of US Dollars)\n|Market\n|2025\n|2026\n|AI Models\n|14,416\n|26,380\n"
        "That is all the table shows, and the next paragraph counts 12 models again.\n"
    )
    assert _found(text) == [
        ("259,477", 259477e6, "USD", "exact", "2024"), ("282,556", 282556e6, "USD", "exact", "2025"),
        ("324,669", 324669e6, "USD", "exact", "2026"), ("14,416", 14416e6, "USD", "exact", "2025"),
        ("26,380", 26380e6, "USD", "exact", "2026"), ("12 models", 12, "count", "exact", None),
    ]  # fmt: skip


ONE_CELL_PER_LINE = """Demand by region (2020-2030)
|Region
|2020 Demand (TWh)
|2030 Demand (TWh)
|Growth (%)
|United States
|250
|600
|+130
|Europe
|90
|135
|+70
Key insights follow in prose, which ends the table.
"""


def test_a_table_written_one_cell_per_line_is_read_with_its_headers() -> None:
    found = [
        (c.surface, c.value, c.unit, c.period, c.entity) for c in extract(ONE_CELL_PER_LINE, "doc", None, GAZETTEER_US)
    ]
    assert found == [
        ("250", 250, "TWh", "2020", "United States"), ("600", 600, "TWh", "2030", "United States"),
        ("+130", 130, "%", "2020-2030", "United States"), ("90", 90, "TWh", "2020", "Europe"),
        ("135", 135, "TWh", "2030", "Europe"), ("+70", 70, "%", "2020-2030", "Europe"),
    ]  # fmt: skip


def test_a_year_row_label_is_the_period_of_its_cells() -> None:
    text = "|Year\n|Consumption (TWh)\n|Source\n|2020\n|250\n|servers\n|2024\n|415\n|servers\n"
    assert [(c.surface, c.unit, c.period) for c in extract(text, "doc", None, GAZETTEER)] == [
        ("250", "TWh", "2020"), ("415", "TWh", "2024"),
    ]  # fmt: skip


def test_lines_of_one_cell_that_make_no_table_are_read_as_they_are() -> None:
    text = "|Notes\n|See 12 models\n|and 30 labs\n"
    assert [(c.surface, c.unit) for c in extract(text, "doc", None, GAZETTEER)] == [
        ("12 models", "count"), ("30 labs", "count"),
    ]  # fmt: skip


def test_a_table_run_onto_one_line_is_read_row_by_row() -> None:
    text = (
        "Results summary | Metric | 2025 (RMB thousands) | 2024 (RMB thousands) | | :--- | :--- | :--- | "
        "| Revenue | 7,865 | 7,014 | | Loss | (85) | (60) | | Earnings per share (RMB yuan) | 0.0103 | 0.0073 |"
    )
    found = [(c.surface, c.value, c.unit) for c in extract(text, "doc", None, GAZETTEER)]
    assert found == [
        ("7,865", 7_865_000, "CNY"), ("7,014", 7_014_000, "CNY"), ("(85)", -85_000, "CNY"), ("(60)", -60_000, "CNY"),
        ("0.0103", 0.0103, "CNY"), ("0.0073", 0.0073, "CNY"),
    ]  # fmt: skip
    assert all(text[c.start : c.end] == c.surface for c in extract(text, "doc", None, GAZETTEER))


def test_a_cell_with_a_note_in_brackets_reads_its_number_with_the_headers() -> None:
    text = "| Component | Value |\n|---|---|\n| GPU hours for final model | 2,600 (1,000 x 2.6) |\n"
    assert [(s, v, u) for s, v, u, _, _ in _found(text)] == [
        ("2,600", 2600, "hour"), ("1,000", 1000, "hour"), ("2.6", 2.6, "x")
    ]  # fmt: skip


def test_a_figure_written_above_its_label_is_read_with_it() -> None:
    text = "Llama\n405B\nParameters\n| $1.85T\nMarket Value by 2032 |\n36.8%\nCAGR (2024–2032) |\n\n1\nIntroduction\n"
    assert _found(text) == [
        ("405B", 405e9, "count", "exact", None), ("$1.85T", 1.85e12, "USD", "exact", "2032"),
        ("36.8%", 36.8, "%", "exact", "2024-2032"), ("1", 1, "count", "exact", None),
    ]  # fmt: skip


def test_the_end_of_a_markup_tag_before_a_cell_is_no_bound() -> None:
    assert _found("<tr> <td>8B params </td> <td>128k tokens </td> <td> > 5 GPUs </td>") == [
        ("8B params", 8e9, "count", "exact", None), ("128k tokens", 128e3, "count", "exact", None),
        ("5 GPUs", 5, "count", "over", None),
    ]  # fmt: skip


def test_a_year_run_into_its_value_is_split_when_the_rows_run_year_after_year() -> None:
    text = "Capacity (GW)\n20243.1\n20254.75\n202610\n\nOther codes:\n20241\n20252\n"
    assert _found(text) == [
        ("3.1", 3.1, "GW", "exact", "2024"), ("4.75", 4.75, "GW", "exact", "2025"), ("10", 10, "GW", "exact", "2026"),
        ("20241", 20241, "count", "exact", None), ("20252", 20252, "count", "exact", None),
    ]  # fmt: skip


def test_a_header_naming_a_scale_alone_counts_each_number_a_cell_lists() -> None:
    text = (
        "| Family | Sizes (B params) | Context |\n|---|---|---|\n| Gamma 2 | 7 / 13 / 70 | 4K |\n| Delta | 8 | 8K |\n"
    )
    assert _found(text) == [
        ("7", 7e9, "count", "exact", None), ("13", 13e9, "count", "exact", None), ("70", 70e9, "count", "exact", None),
        ("4K", 4e3, "count", "exact", None), ("8", 8e9, "count", "exact", None), ("8K", 8e3, "count", "exact", None),
    ]  # fmt: skip


def test_a_tables_figures_naming_no_one_are_the_one_company_the_text_names() -> None:
    gazetteer = Gazetteer([("Global", []), ("Meta", [])], default="Global", organisations=["Meta"], companies=["Meta"])
    text = "Open models\n\n| Family | Sizes (B params) | Notable |\n|---|---|---|\n| Llama | 8 / 70 | Meta's overhaul |\n| Gamma | 13 | dense |\n\nThe market grew 9%."
    found = {c.surface: c.entity for c in extract(text, "doc", None, gazetteer)}
    assert found == {"8": "Meta", "70": "Meta", "13": "Meta", "9%": "Global"}


def test_a_caption_with_exceptions_a_quarter_per_column_and_rows_naming_their_own_unit() -> None:
    text = (
        "(Figures in millions of euros unless otherwise indicated)\n\nQ1 2025\n\n \n\nQ2 2025\n\n"
        "Net sales1\n\n4,210\n\n \n\n4,380\n\nMachines shipped (units)\n\n41\n\n \n\n44\n\n"
        "Gross margin (%)\n\n51.2\n\n \n\n52.0\n\nEPS (basic; in euros)\n\n2.10\n\n \n\n2.35\n\n"
        "Every number above has been rounded, and the totals may not add up for that reason.\n"
    )
    assert _found(text) == [
        ("4,210", 4210e6, "EUR", "exact", "2025-Q1"), ("4,380", 4380e6, "EUR", "exact", "2025-Q2"),
        ("41", 41, "count", "exact", "2025-Q1"), ("44", 44, "count", "exact", "2025-Q2"),
        ("51.2", 51.2, "%", "exact", "2025-Q1"), ("52.0", 52.0, "%", "exact", "2025-Q2"),
        ("2.10", 2.10, "EUR", "exact", "2025-Q1"), ("2.35", 2.35, "EUR", "exact", "2025-Q2"),
    ]  # fmt: skip
