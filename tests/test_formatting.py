"""Numbers as people read them, and escaping of source text for Markdown and Plotly labels."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from dashboard import formatting
from etl import config
from etl.vocabulary import CURRENCIES

HUMAN = [
    (38e9, "USD", None, "exact", "$38B"),
    (251.1e9, "USD", None, "over", ">$251B"),
    (251.1e9, "USD", None, "exact", "$251.1B"),
    (4.2222e11, "USD", None, "approx", "~$422B"),
    (19.9e12, "USD", None, "exact", "$19.9T"),
    (4.6, "USD", None, "exact", "$4.6"),
    (3.83e12, "CNY", None, "exact", "CNY 3.83T"),
    (1.5e9, "count", "calls/day", "approx", "~1.5B calls/day"),
    (50e6, "count", "calls/day", "exact", "50M calls/day"),
    (4.3e8, "count", "users", "over", ">430M users"),
    (1328, "count", "LLMs", "exact", "1,328 LLMs"),
    (300_000, "count", None, "over", ">300,000"),
    (100, "count", None, "under", "<100"),
    (36, "%", None, "exact", "36%"),
    (100 / 3, "%", None, "over", ">33.3%"),
    (12.84, "%", None, "exact", "12.84%"),
    (30, "x", None, "exact", "30×"),
    (2, "year", None, "exact", "2 years"),
    (1, "year", None, "exact", "1 year"),
    (16, "second", None, "exact", "16 seconds"),
    (200, "TB", None, "exact", "200 TB"),
    (2, "rank", None, "exact", "#2"),
]


@pytest.mark.parametrize(("value", "unit", "counts", "qualifier", "expected"), HUMAN)
def test_human_units(value: float, unit: str, counts: str | None, qualifier: str, expected: str) -> None:
    assert formatting.human(value, unit, counts, qualifier) == expected


@pytest.mark.parametrize("currency", sorted(CURRENCIES))
def test_every_currency_of_the_vocabulary_is_named_in_values_and_axis_titles(currency: str) -> None:
    """A currency the extractor learns (reais, Swiss francs ...) never shows as a bare number."""
    value = formatting.human(5e9, currency)
    assert value != "5B" and "5B" in value
    assert formatting.axis_scale([5e9], currency)[1].endswith(" billions")
    assert formatting.axis_scale([5e9], currency)[1] != "billions"


def test_what_a_count_counts_is_data_said_once() -> None:
    """data/indicators.csv's `counts` reaches labels and axis titles; nothing in the dashboard restates it."""
    with (config.DATA_DIR / "indicators.csv").open(encoding="utf-8") as file:
        counts = {row["indicator_id"]: row["counts"] for row in csv.DictReader(file) if row["counts"]}
    assert counts["api_calls_daily"] == "calls/day"
    code = "\n".join(path.read_text(encoding="utf-8") for path in (config.ROOT / "dashboard").rglob("*.py"))
    assert not [noun for noun in counts.values() if f'"{noun}"' in code], "a count's noun kept in code"


def test_every_count_says_what_it_counts() -> None:
    """An axis titled "count" or a card reading "130" leaves a visitor guessing: models, laws, users?"""
    with (config.DATA_DIR / "indicators.csv").open(encoding="utf-8") as file:
        unclear = [row["indicator_id"] for row in csv.DictReader(file) if row["unit"] == "count" and not row["counts"]]
    assert not unclear, f"give these a `counts` in data/indicators.csv (e.g. LLMs, users, calls/day): {unclear}"


@pytest.mark.parametrize(
    ("values", "unit", "counts", "expected"),
    [
        ([38e9, 4.2e11], "USD", None, (1e9, "US$ billions")),
        ([5e7, 1.5e9], "count", "calls/day", (1e9, "calls/day, billions")),
        ([1328], "count", "LLMs", (1.0, "LLMs")),
        ([1328], "count", None, (1.0, "count")),
        ([36, 44], "%", None, (1.0, "percent (%)")),
        ([3.83e12], "CNY", None, (1e12, "CNY trillions")),
        ([1, 2, 8], "rank", None, (1.0, "rank (1 = first)")),
    ],
)
def test_axis_scale(values: list[float], unit: str, counts: str | None, expected: tuple[float, str]) -> None:
    assert formatting.axis_scale(values, unit, counts) == expected


def test_vintage_shows_exact_date_else_earliest_else_unknown() -> None:
    assert formatting.vintage(pd.Timestamp("2025-01-20"), None) == "2025-01-20"
    assert formatting.vintage(None, pd.Timestamp("2024-09-19")) == "on or after 2024-09-19"
    assert formatting.vintage(pd.NaT, float("nan")) == "date unknown"


def test_series_label_names_producer_publisher_and_vintage() -> None:
    assert formatting.series_label("IDC", "China Daily", "2025-01-20") == "IDC via China Daily (2025-01-20)"
    assert formatting.series_label("EqualOcean", "EqualOcean", "2025-01-08") == "EqualOcean (2025-01-08)"
    assert formatting.series_label("IDC", "China Daily", "2025-01-20", derived=True).startswith("derived from IDC")


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "<script>alert(1)</script>",
        "**bold** _it_ `code` # heading",
        ":red[coloured] :material/home: $x^2$",
        "![image](https://example.com/x.png)",
    ],
)
def test_escape_markdown_leaves_no_active_syntax(text: str) -> None:
    escaped = formatting.escape_markdown(text)
    for special in "[]()<>*_`#:$!":
        assert f"\\{special}" in escaped or special not in text
    assert escaped.replace("\\", "") == text


def test_escape_plotly_neutralises_tags() -> None:
    assert formatting.escape_plotly("<a href='x'>y</a> & <b>") == "&lt;a href='x'&gt;y&lt;/a&gt; &amp; &lt;b&gt;"


def test_hover_quote_is_short_escaped_and_wrapped() -> None:
    quote = "<b>Bold</b> " + "word " * 60
    hover = formatting.hover_quote(quote, limit=100, width=40)
    assert "<b>" not in hover and "&lt;b&gt;" in hover
    assert hover.endswith("…")
    assert all(len(line) <= 60 for line in hover.split("<br>"))


def test_short_cuts_at_a_word() -> None:
    assert formatting.short("one two three four", 12) == "one two…"
    assert formatting.short("short", 12) == "short"


def test_summary_is_one_sentence_naming_counts_sources_and_kinds() -> None:
    rows = pd.DataFrame(
        {
            "figure_id": ["a", "b"],
            "entity": ["China", "Global"],
            "period": ["2027", "2027"],
            "attributed_to": ["IDC", "IDC"],
            "doc_id": ["d", "d"],
            "value": [38e9, 4.2e11],
            "label": ["$38B", "~$420B"],
            "kind": ["forecast", "forecast"],
            "derived": [False, True],
        }
    )
    text = formatting.summary(rows, "AI spending", "line")
    assert text == (
        "AI spending: 2 figures for China, Global · 2027 · from 1 source (IDC); highest ~$420B for Global "
        "(2027, forecast); includes 2 forecasts, 1 derived."
    )
    assert (
        formatting.summary(rows.iloc[0:0], "AI spending", "line")
        == "AI spending: no figures match the current filters."
    )


def test_highlighted_escapes_everything_from_the_source() -> None:
    text = formatting.highlighted("See <b>[x](javascript:1)</b> and $40 billion  in 2027.", "$40 billion")
    assert "<b>" not in text and "](javascript" not in text
    assert ":orange-background[**\\$40 billion**]" in text
    assert text.endswith(" in 2027\\.")


def test_quote_highlights_the_figure_as_written_and_stays_escaped() -> None:
    shown = formatting.highlighted_quote("China’s spending will hit $38 billion in 2027.", "$38 billion")
    assert shown == "“China’s spending will hit :orange-background[**\\$38 billion**] in 2027\\.”"
    assert formatting.highlighted_quote("Users: 430 million", "nothing here") == "“Users\\: 430 million”"


@pytest.mark.parametrize(
    ("text_available", "verified", "level", "says"),
    [
        (True, 3, "success", "All 3 quotes found verbatim in the article text by this build."),
        (False, 3, "success", "All 3 quotes verified against the article text with the checksum below on 2026-11-29"),
        (False, 2, "warning", "2 of 3 quotes verified against the article text with the checksum below on 2026-11-29"),
        (False, 0, "info", "the verification ledger does not cover its quotes: 3 quotes not verified."),
    ],
)
def test_source_verification_says_how_its_quotes_were_verified(
    text_available: bool, verified: int, level: str, says: str
) -> None:
    found = formatting.source_verification(text_available, 3, verified, pd.Timestamp("2026-11-29"))
    assert found[0] == level and says in found[1]
    assert ("not verified" in found[1]) is (verified < 3)


def test_verification_note_says_how_and_when() -> None:
    assert (
        formatting.verification_note("text", "2026-11-30")
        == "Quote found in the source text by this build (2026-11-30)."
    )
    ledger = formatting.verification_note("ledger", pd.Timestamp("2026-11-29"))
    assert ledger.startswith("Quote found in the source text on 2026-11-29") and "live page may have changed" in ledger
    assert formatting.verification_note("none", None).startswith("Not verified")
    assert "inputs" in formatting.verification_note("ledger", "2026-11-29", derived=True)


def test_header_counts_verified_quotes_with_the_last_date() -> None:
    assert formatting.verification_summary(83, 83, "2026-12-02") == (
        "83 of 83 quotes verified against the source texts (last checked 2026-12-02)"
    )
    assert formatting.verification_summary(2, 0, None) == "0 of 2 quotes verified against the source texts"


def test_base_value_is_the_stored_number_and_unit() -> None:
    assert formatting.base_value(38e9, "USD") == "38,000,000,000 USD"
    assert formatting.base_value(1.5, "x") == "1.5 x"
    assert formatting.base_value(50e6, "count", "calls/day") == "50,000,000 calls/day"
    assert formatting.base_value(1328, "count") == "1,328", "never '1,328 count'"


def _series() -> pd.DataFrame:
    return pd.DataFrame({
        "figure_id": ["calls-2023", "calls-2024-08", "calls-2024-08-other", "calls-2024-11", "calls-2025-forecast"],
        "label": ["50M", "600M", "600M", "1.5B", "3B"], "value": [5e7, 6e8, 6e8, 1.5e9, 3e9],
        "period": ["2023-11", "2024-08", "2024-08", "2024-11", "2025"],
        "period_end": pd.to_datetime(["2023-11-30", "2024-08-31", "2024-08-31", "2024-11-30", "2025-12-31"]),
        "published": pd.to_datetime(["2023-12-01", "2024-09-01", "2024-09-02", "2024-12-01", "2024-12-01"]),
        "kind": ["reported", "reported", "reported", "reported", "forecast"], "attributed_to": ["Baidu"] * 5,
        "doc_id": ["a", "b", "c", "d", "d"],
    })  # fmt: skip


def test_a_stated_change_says_from_what_to_what_with_dates() -> None:
    calls = _series().assign(doc_id=["d", "b", "c", "d", "e"])
    growth = {"label": "30-fold", "period": "2024-11", "doc_id": "d"}
    assert formatting.stated_change(calls, growth) == ("30-fold as stated", "50M (2023-11) → 1.5B (2024-11)")
    alone = {"label": "30-fold", "period": "2024-11", "doc_id": "b"}
    assert formatting.stated_change(calls, alone) == ("30-fold as stated", "2024-11")


def test_series_trend_goes_from_the_previous_point_to_this_one_and_counts_sources() -> None:
    assert formatting.series_trend(_series(), "calls-2024-11") == (
        "▲ 600M (2024-08) → 1.5B (2024-11) · backed by 4 sources."
    )
    assert formatting.series_trend(_series(), "calls-2023") == "Backed by 4 sources."


@pytest.mark.parametrize(
    ("quote", "shown"),
    [
        ("Services | $10,569M | 177.0% | $27,760M | 162.6% |", "Services: $10,569M · 177.0% · $27,760M · 162.6%"),
        ("|AI Data |827 |3,119 |6,440", "AI Data: 827 · 3,119 · 6,440"),
        (
            "China's spending on AI will likely hit $38 billion in 2027.",
            "China's spending on AI will likely hit $38 billion in 2027.",
        ),
    ],
)
def test_a_table_rows_quote_reads_as_its_label_and_cells(quote: str, shown: str) -> None:
    assert formatting.readable_quote(quote) == shown


def test_an_author_the_publisher_already_names_is_not_named_again() -> None:
    assert formatting.byline("Dolphin Research (Longbridge community, lbkrs.com)", "Dolphin Research") == ""
    assert formatting.byline("Security Today", "Jesse Jacobs") == "Jesse Jacobs"
    assert formatting.byline("Security Today", None) == formatting.byline("Security Today", " ") == ""
