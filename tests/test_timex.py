"""Periods of figures: quarters and halves with or without their year, fiscal years, comparisons with a
year earlier, and the period a sentence without a time of its own falls back on."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.extract import Gazetteer, extract
from etl.timex import _EXPRESSIONS, _compile, _matches, fiscal_year_end, time_expressions

GAZETTEER = Gazetteer([("Global", ["world"]), ("China", [])])
OCTOBER = dt.date(2016, 10, 18)


def _periods(text: str, published: dt.date | None = OCTOBER) -> dict[str, str | None]:
    return {c.surface: c.period for c in extract(text, "doc", published, GAZETTEER)}


EXPRESSIONS = [
    # (sentence, published, periods)
    ("third-quarter revenue", OCTOBER, ["2016-Q3"]),
    ("a forecast of fourth-quarter revenue", OCTOBER, ["2016-Q4"]),
    ("fourth-quarter revenue", dt.date(2025, 2, 10), ["2024-Q4"]),
    ("spent in Q2, and in Q1", dt.date(2025, 10, 30), ["2025-Q2", "2025-Q1"]),
    ("first-half sales", dt.date(2025, 12, 20), ["2025-H1"]),
    ("in Q1 2024, then in Q2", dt.date(2025, 8, 1), ["2024-Q1", "2024-Q2"]),
    ("$9m for Q2 2025, compared to $8m in Q2 2024, and $7m in Q2", dt.date(2025, 3, 1), ["2025-Q2", "2024-Q2", "2025-Q2"]),
    ("in the third quarter, from a year earlier", OCTOBER, ["2016-Q3", "2015-Q3"]),
    ("in the second half of the year", dt.date(2024, 7, 31), ["2024-H2"]),
    ("Q3 revenue and Q1'25 and Q2 2023", OCTOBER, ["2016-Q3", "2025-Q1", "2023-Q2"]),
    ("in fiscal 2024 and FY25", OCTOBER, ["2024", "2025"]),
    ("quarterly revenue", OCTOBER, ["2016-Q3"]),
    ("during the current quarter", OCTOBER, ["2016-Q4"]),
    ("in the first quarter, compared with the year-ago period", dt.date(2024, 5, 21), ["2024-Q1", "2023-Q1"]),
    ("for the six months ended June 30, 2025 and three months ended March 31, 2024", OCTOBER, ["2025-H1", "2024-Q1"]),
    ("the first quarter with revenue above $1 billion, the third quarter in a row", OCTOBER, []),
    ("over the last year, and last year", dt.date(2024, 6, 20), ["2023"]),
    ("to surge between now and 2035", dt.date(2025, 7, 1), ["2025-2035"]),
    ("the quarter ended 30 June 2024, the fiscal year ended March 31, 2024", OCTOBER, ["2024-Q2", "2024"]),
    ("in 1H24, 3Q24 and 3Q 2023", OCTOBER, ["2024-H1", "2024-Q3", "2023-Q3"]),
    ("by mid-2025 and end-2026", OCTOBER, ["2025", "2026"]),
    ("by the end of the decade", dt.date(2024, 5, 1), ["2030"]),
    ("last quarter, the previous quarter, next quarter", OCTOBER, ["2016-Q3", "2016-Q3", "2016-Q4"]),
    ("the last quarter of 2023", OCTOBER, ["2023-Q4"]),
    ("in the first three months of 2024 and the first 6 months of 2023", OCTOBER, ["2024-Q1", "2023-H1"]),
    ("deals this week, after last week's, but in the last week of May", dt.date(2025, 6, 3), ["2025-06", "2025-05"]),
    ("Q1 FY26 and Q3 FY'24", OCTOBER, ["2026-Q1", "2024-Q3"]),
    ("year ago, few months", OCTOBER, ["2015"]),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "published", "expected"), EXPRESSIONS, ids=[e[0] for e in EXPRESSIONS])
def test_time_expressions(sentence: str, published: dt.date, expected: list[str]) -> None:
    assert [t.period for t in time_expressions(sentence, published)] == expected


def test_a_year_earlier_counts_back_from_the_paragraphs_quarter() -> None:
    assert [t.period for t in time_expressions("up from $998 million in the same period last year",
                                               dt.date(2024, 7, 31), "2024-Q2")] == ["2023-Q2"]  # fmt: skip


def test_a_comparison_base_governs_the_figures_it_introduces_not_the_rate_before_it() -> None:
    text = "Sales rose 9% to $5.8 billion in the second quarter, from $5.3 billion a year earlier."
    assert _periods(text) == {"9%": "2016-Q2", "$5.8 billion": "2016-Q2", "$5.3 billion": "2015-Q2"}


def test_a_sentence_without_a_time_takes_the_reported_quarter() -> None:
    text = (
        "Intel reported a 9.1 per cent rise in quarterly revenue.\n"
        "It forecast fourth-quarter revenue of $15.9 billion.\n"
        "Revenue of the data centre unit rose 9.7 per cent in the third quarter.\n"
        "Client revenue rose 4.5 per cent to $8.89 billion.\n"
    )
    assert _periods(text) == {
        "9.1 per cent": "2016-Q3", "$15.9 billion": "2016-Q4", "9.7 per cent": "2016-Q3",
        "4.5 per cent": "2016-Q3", "$8.89 billion": "2016-Q3",
    }  # fmt: skip


def test_past_the_lead_a_sentence_without_a_time_takes_the_year_of_the_one_before() -> None:
    lead = "A long opening paragraph that states no figure at all. " * 20
    text = f"{lead}\n\nModels emerged in the second half of 2024. One has 18 uses.\n\nIn 2021 it raised $325 million.\n"
    assert _periods(text, dt.date(2025, 1, 20)) == {"18 uses": "2024", "$325 million": "2021"}


def test_a_quarter_that_dated_figures_dates_the_next_sentences_of_its_line() -> None:
    lead = "A long opening paragraph that states no figure at all. " * 20
    text = (
        f"{lead}\n\nGrowth was 35% in the third quarter of 2024. Revenue growth rose to 15%.\nStaff grew to 500 people."
    )
    assert _periods(text, dt.date(2025, 1, 20)) == {"35%": "2024-Q3", "15%": "2024-Q3", "500 people": "2024"}


def test_a_date_without_a_word_before_it_dates_its_figure_but_not_after_ended() -> None:
    assert _periods("Acme raised $1.1B (the round closed April 27).", dt.date(2026, 5, 4)) == {"$1.1B": "2026-04"}
    text = "Net income rose to $3.38 billion in the third quarter ended October 1st, from $3.11 billion a year earlier."
    assert _periods(text) == {"$3.38 billion": "2016-Q3", "$3.11 billion": "2015-Q3"}


def test_a_lists_lead_in_gives_its_period_to_every_item_until_the_list_ends() -> None:
    text = (
        "Here are some deals announced by utilities in 2024:\n\nAcme signed a deal for 835 MW.\n\n"
        "Beta added 250 MW of load.\n\nOther news\n\nGamma runs 40 MW.\n"
    )
    assert _periods(text, None) == {"835 MW": "2024", "250 MW": "2024", "40 MW": None}
    earlier = "In 2021 the firm was founded with 12 staff. Analysts said:\n\nIt runs 40 MW.\n"
    assert _periods(earlier, dt.date(2025, 3, 1)) == {"12 staff": "2021", "40 MW": "2025"}  # only its own period


def test_a_lead_in_dated_by_a_month_gives_that_month_to_its_bullets_and_table_rows() -> None:
    text = (
        "Prices fell in 2026.\nRental prices in May 2026 across providers, per hour:\n| GPU | Low | High |\n"
        "|---|---|---|\n| A100 | $1.50 | $3.00 |\nDeals announced in March 2025:\n- Acme raised $5 million.\n"
        "Prose after the list costs $7 million.\n"
    )
    assert _periods(text, None) == {
        "$1.50": "2026-05",
        "$3.00": "2026-05",
        "$5 million": "2025-03",
        "$7 million": "2025",
    }


def test_a_quarter_ending_on_a_date_without_its_year_is_the_latest_such_quarter() -> None:
    text = "Acme spent $34.9 billion in the quarter ending Sept. 30, a 74% jump. Beta spent $2 billion in the quarter ended Dec. 31."
    expected = {"$34.9 billion": "2025-Q3", "74%": "2025-Q3", "$2 billion": "2024-Q4"}
    assert _periods(text, dt.date(2025, 10, 30)) == expected


def test_the_date_of_another_event_before_the_figure_does_not_date_it() -> None:
    coming = "Acme, set to release its earnings on October 30, reported $31.4 billion in capital expenditures in Q2."
    assert _periods(coming, dt.date(2025, 10, 29)) == {"$31.4 billion": "2025-Q2"}
    founded = "The firm, founded in March, employs 40 staff."
    assert _periods(founded, dt.date(2025, 10, 29)) == {"40 staff": "2025"}


def test_a_heading_ends_the_period_the_paragraph_before_it_carried() -> None:
    text = "The market will reach $14 billion by 2030. It has 40 firms.\nBrazil leads regional investment\nAcme invested $2.7 billion.\n"
    assert _periods(text, dt.date(2025, 12, 11)) == {"$14 billion": "2030", "40 firms": "2030", "$2.7 billion": "2025"}


def test_another_events_year_does_not_set_the_paragraphs_period() -> None:
    text = "Founded in 2016, the company has 600 staff. It sold 30 robots."
    assert _periods(text, dt.date(2025, 1, 20)) == {"600 staff": "2025", "30 robots": "2025"}


def test_hard_wrapped_lines_are_read_as_one_sentence() -> None:
    text = (
        "Data centres consumed about 460 TWh of electricity in\n"
        "2022. This adds 160 TWh of electricity demand in\n"
        "2026 compared to 2022.\n"
    )
    found = [(c.surface, c.period, c.start) for c in extract(text, "doc", OCTOBER, GAZETTEER)]
    assert [(surface, period) for surface, period, _ in found] == [("460 TWh", "2022"), ("160 TWh", "2026")]
    assert all(text[start : start + len(surface)] == surface for surface, _, start in found)


def test_a_compound_growth_rate_spans_the_years_of_its_sentence() -> None:
    text = "The market will grow from $12 billion in 2021 to $130 billion by 2030, a CAGR of 30%."
    assert _periods(text) == {"$12 billion": "2021", "$130 billion": "2030", "30%": "2021-2030"}
    after = "The market reached $7 billion in 2024 and will grow to $14 billion by 2030 at a 12.2% compound annual growth rate."
    assert _periods(after)["12.2%"] == "2024-2030"


def test_in_a_report_on_a_half_a_year_column_or_a_compared_year_is_that_half() -> None:
    text = (
        "Results for the six months ended June 30, 2025: revenue rose 8% to $2.1 billion, from $1.9 billion in 2024.\n"
        "\n| Metric | 2025 ($ millions) | 2024 ($ millions) |\n|---|---|---|\n| Revenue | 2,100 | 1,900 |\n"
    )
    periods = _periods(text, dt.date(2025, 8, 27))
    assert periods == {"8%": "2025-H1", "$2.1 billion": "2025-H1", "$1.9 billion": "2024-H1",
                       "2,100": "2025-H1", "1,900": "2024-H1"}  # fmt: skip


def test_a_text_reporting_an_event_dates_what_was_said_there_by_the_event() -> None:
    text = (
        "On December 19, the Example Forum brought together industry leaders.\n\n"
        "Speakers said 30% of firms now use AI and that the market would double within the next ten years.\n"
    )
    assert _periods(text, dt.date(2025, 1, 8)) == {"30%": "2024-12", "double": "2034", "ten years": "2034"}


def test_a_compound_rate_stated_with_its_own_span_takes_that_span() -> None:
    text = "It grows from $14 billion in 2024 to $157 billion by 2034, a CAGR of 27.1% over the period 2025 to 2034."
    assert _periods(text)["27.1%"] == "2025-2034"


def test_a_compound_rate_restated_with_its_end_year_only_keeps_the_span_the_text_gave_it() -> None:
    text = "It grows from $196 billion in 2024 to $1.85 trillion by 2032, a 36.8% CAGR.\n- It reaches $1.85 trillion by 2032 at a 36.8% CAGR."
    assert [c.period for c in extract(text, "doc", OCTOBER, GAZETTEER) if c.unit == "%"] == ["2024-2032", "2024-2032"]


def test_a_round_up_dated_by_its_week_dates_what_it_reports_by_that_month() -> None:
    text = "Startup Radar - Week of May 4, 2026\nThis week's rounds totalled $700M.\n\nAcme - $600M (Series B)\n"
    assert _periods(text, None) == {"$700M": "2026-05", "$600M": "2026-05"}


def test_a_news_lead_dated_by_a_weekday_dates_what_it_reports_by_that_month() -> None:
    text = "On Monday, the fund announced a new company.\nIt signed a $600 million deal with a chip maker."
    assert _periods(text, dt.date(2025, 5, 14)) == {"$600 million": "2025-05"}


def test_a_span_counted_from_now_dates_its_own_figure_not_the_next_sentences() -> None:
    text = "Oracle announced a $14 billion investment over the next decade. DataVolt signed a $20 billion deal."
    assert _periods(text, dt.date(2025, 5, 14)) == {"$14 billion": "2026-2035", "$20 billion": "2025"}


def test_a_time_dates_the_figures_of_its_own_clause_and_the_end_of_a_change_not_its_start() -> None:
    text = (
        "Operations begin in 2026. The site starts with 150 MW, expanding to 250 MW by 2028.\n"
        "By 2029, the market will triple compared to 2024, reaching $47 billion, and by 2031, it will exceed $76 billion."
    )
    assert _periods(text) == {
        "150 MW": "2026", "250 MW": "2028", "triple": "2029", "$47 billion": "2029", "$76 billion": "2031"
    }  # fmt: skip


def test_a_year_since_which_something_grew_is_no_period_of_the_figures_after_it() -> None:
    text = "The survey, 2023, found use grew notably since it was last conducted in 2021. Seven per cent used AI."
    assert _periods(text, dt.date(2024, 7, 1)) == {"Seven per cent": "2023"}


def test_without_a_date_a_quarter_without_its_year_is_of_the_year_the_text_states_later() -> None:
    text = (
        "Acme reported second-quarter revenue of $12.9 billion, down from $15 billion in 2022.\n"
        "Revenue by segment was:\n- Client: $6.8 billion, -12%\n"
        "It sees third-quarter revenue of $13 billion and $3 billion in cost savings for 2023.\n"
    )
    found = [(c.surface, c.period) for c in extract(text, "doc", None, GAZETTEER)]
    assert found == [("$12.9 billion", "2023-Q2"), ("$15 billion", "2022"), ("$6.8 billion", "2023-Q2"),
                     ("-12%", "2023-Q2"), ("$13 billion", "2023-Q3"), ("$3 billion", "2023")]  # fmt: skip


def test_without_a_date_or_a_year_of_its_own_a_quarter_without_its_year_stays_unknown() -> None:
    text = "Acme reported second-quarter revenue of $12.9 billion, up from $11 billion in 2022."
    assert _periods(text, None) == {"$12.9 billion": None, "$11 billion": "2022"}


def test_without_a_date_a_month_without_its_year_is_of_the_year_the_text_states() -> None:
    text = "Rounds grew 60% in the third quarter of 2025. Acme led a round with a $1.3bn investment in early September."
    assert _periods(text, None) == {"60%": "2025-Q3", "$1.3bn": "2025-09"}


def test_without_a_date_or_a_year_a_month_stays_unknown_and_a_month_counted_from_now_dates_nothing() -> None:
    assert _periods("Acme raised $5 million in May. It plans $9 million next March.", None) == {
        "$5 million": None,
        "$9 million": None,
    }


def test_the_end_of_the_analysis_period_is_the_last_year_of_its_span() -> None:
    text = (
        "The market will grow at a CAGR of 4.1% over the analysis period 2024-2030. "
        "One segment will reach US$99.8 Billion by the end of the analysis period."
    )
    assert _periods(text, None) == {"4.1%": "2024-2030", "US$99.8 Billion": "2030"}


def test_a_funding_round_reported_as_news_is_of_the_publication_month_an_earlier_one_is_not() -> None:
    text = "Zeta, a Tokyo startup, has completed a $135 million funding round."
    assert _periods(text, dt.date(2025, 11, 17)) == {"$135 million": "2025-11"}
    text = "The previous $6bn Series B funding round attracted backing from investors."
    assert _periods(text, dt.date(2024, 10, 30)) == {"$6bn": "2024"}


def test_a_round_named_by_its_amount_or_valuation_is_news_of_the_month_over_the_paragraphs_year() -> None:
    text = (
        "Chip funding rose in 2026. Acme Capital led a $90 million round into Zeta. The fund also co-led a $40 million"
        " Series A into Orbo. Kappa raised $15 million at a $200 million valuation. Orbo's post-money valuation: $1"
        " billion. Revenue was $3 million."
    )
    assert _periods(text, dt.date(2026, 4, 30)) == {
        "$90 million": "2026-04",
        "$40 million": "2026-04",
        "$15 million": "2026-04",
        "$200 million": "2026-04",
        "$1 billion": "2026-04",
        "$3 million": "2026",
    }


def test_a_text_stating_its_fiscal_calendar_dates_its_fiscal_quarters_by_the_calendar() -> None:
    text = (
        "Acme's revenue rose 9% to $5 billion in Q4, a record.\n\n"
        "Its financial year runs from October 1 to September 30. It expects $6 billion in the current quarter (Q1"
        " FY26) and $7 billion in the second fiscal quarter of 2026.\n\nSales for the fiscal year were $20 billion."
    )
    periods = _periods(text, dt.date(2025, 11, 5))
    assert list(periods.values()) == ["2025-Q3", "2025-Q3", "2025-Q4", "2026-Q1", "2025"]  # 9%, $5bn ... $20bn
    calendar = text.replace("Its financial year runs from October 1 to September 30. ", "")
    assert _periods(calendar, dt.date(2025, 11, 5))["$5 billion"] == "2025-Q4"  # no calendar stated: a calendar Q4


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("Its fiscal year, which runs from April 1 to March 31, closed", 3),
        ("results for the financial year ending June 30, 2025", 6),
        ("the fiscal year ended December 31", None),  # the calendar year
        ("Acme's fiscal year ends in January", None),  # its quarters are no calendar quarters
        ("the fiscal year of 2024 saw", None),
    ],
)
def test_the_fiscal_calendar_a_text_states(text: str, month: int | None) -> None:
    assert fiscal_year_end(text) == month


def test_the_full_year_of_a_report_on_its_fourth_quarter_is_that_year() -> None:
    text = "Revenue was $5 billion in the fourth quarter.\n\nFor the full year, revenue was $19 billion."
    assert _periods(text, dt.date(2025, 2, 10)) == {"$5 billion": "2024-Q4", "$19 billion": "2024"}


def test_a_comparisons_year_is_not_the_period_the_next_sentences_fall_back_on() -> None:
    text = "Revenue was $12.9 billion in the second quarter, down from $15 billion in 2022. Client revenue was $6.8 billion."
    assert _periods(text, dt.date(2023, 7, 28))["$6.8 billion"] == "2023-Q2"


def test_a_quarter_with_its_year_dates_the_figure_after_it() -> None:
    text = "Revenue rose 10% in the third quarter of 2024 to $5 billion. It was $4.5 billion in the previous quarter."
    assert _periods(text) == {"10%": "2024-Q3", "$5 billion": "2024-Q3", "$4.5 billion": "2024-Q2"}


def test_a_span_of_years_after_over_is_the_figures_span_not_a_comparison() -> None:
    assert _periods("It will invest $5 billion over 2024-2027.") == {"$5 billion": "2024-2027"}


def test_rows_of_figures_are_not_joined_as_wrapped_prose() -> None:
    text = "Year Market Size (USD) YoY Growth\n2026 $91 billion 28%\n2027 $124 billion 36%\n"
    assert _periods(text) == {"$91 billion": "2026", "28%": "2026", "$124 billion": "2027", "36%": "2027"}


TIME_WORDS = st.sampled_from(
    [
        "the",
        "first",
        "half",
        "of",
        "2024",
        "Q3",
        "H1",
        "1H",
        "FY25",
        "fiscal",
        "year",
        "ago",
        "a",
        "three",
        "months",
        "ended",
        "June",
        "30,",
        "between",
        "now",
        "and",
        "2035",
        "last",
        "past",
        "quarter",
        "in",
        "March",
        "since",
        "currently",
        "-",
        "to",
        "2023-27",
        "same",
        "period",
        "prior",
        "x",
        "May",
        "early",
        "3Q24",
        "1H24",
        "mid-2025",
        "end",
        "decade",
        "previous",
        "next",
        "final",
        "financial",
        "ending",
        "30",
        "250",
        "5G",
        "9",
        "2nd",
        "4Q",
        "2030to2031",
        "12",
        "6",
        "19",
        "2019",
        "20245",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(TIME_WORDS, max_size=14))
def test_expressions_tried_at_their_first_words_are_those_a_full_scan_finds(words: list[str]) -> None:
    sentence = " ".join(words)
    full = _compile([pattern for pattern, _ in _EXPRESSIONS])
    assert [(m.span(), m.lastgroup) for m in _matches(sentence)] == [
        (m.span(), m.lastgroup) for m in full.finditer(sentence)
    ]


def test_a_news_lead_dated_yesterday_dates_what_it_reports_by_that_month() -> None:
    text = "The plan was launched yesterday (3 March).\nThe firms pledged £9bn for new sites."
    assert _periods(text, dt.date(2025, 3, 4)) == {"£9bn": "2025-03"}


def test_a_past_year_a_sentence_looked_back_on_gives_way_to_the_reported_quarter() -> None:
    text = (
        "Acme posts record Q1 profit\nThe earlier record was $9 million in 2021 and $7 million in 2019.\n"
        "Its margin rose to 42 percent."
    )
    assert _periods(text, dt.date(2025, 4, 24)) == {"$9 million": "2021", "$7 million": "2019", "42 percent": "2025-Q1"}


def test_a_time_after_an_aside_set_off_by_dashes_does_not_date_the_figures_inside_it() -> None:
    text = (
        "It trails the fourth quarter of last year — when it made $5 million and $2 million — in first-quarter terms."
    )
    assert _periods(text, dt.date(2025, 4, 24)) == {"$5 million": "2024-Q4", "$2 million": "2024-Q4"}


def test_a_time_right_after_a_figure_dates_it_over_the_time_before_it() -> None:
    text = "Use rose from 120 GWh in the first quarter of 2016 to 980 GWh in the third quarter of 2023, a record."
    assert _periods(text, None) == {"120 GWh": "2016-Q1", "980 GWh": "2023-Q3"}
