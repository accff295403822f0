"""Every validation error names file, line and field; the build exits non-zero and keeps the old database."""

from __future__ import annotations

import csv
import re

import pytest

from etl import config
from etl.__main__ import main
from tests.conftest import FIGURE_ROWS, Project

GOOD_SPENDING, GOOD_USERS = FIGURE_ROWS


def _row(**changes: str) -> str:
    """The users row with some fields replaced (fields in FIGURE_HEADER order)."""
    fields = {
        "figure_id": "tiny-ernie-users", "indicator_id": "chatbot_users", "entity": "Baidu",
        "period": "2024-11", "surface": "430 million users", "qualifier": "over", "kind": "reported",
        "attributed_to": "Baidu", "quote": "Ernie Bot has garnered over 430 million users since its debut.",
        "value": "", "unit": "", "override": "", "note": "",
    }  # fmt: skip
    fields.update(changes)
    return ",".join(f'"{value}"' for value in fields.values()) + "\n"


# (figures file rows, field, message pattern, line); line 3 is the second data row.
FIGURE_ERRORS = [
    pytest.param(
        [GOOD_SPENDING, _row(value="lots", unit="count", override="typed")],
        "value",
        "valid number",
        3,
        id="non-numeric",
    ),
    pytest.param(
        [GOOD_SPENDING, _row(value="inf", unit="count", override="typed")], "value", "finite", 3, id="non-finite"
    ),
    pytest.param([GOOD_SPENDING, _row(value="nan", unit="count", override="typed")], "value", "finite", 3, id="nan"),
    pytest.param([GOOD_SPENDING, _row(unit="people")], "unit", "Input should be", 3, id="unknown-unit"),
    pytest.param([GOOD_SPENDING, _row(qualifier="roughly")], "qualifier", "Input should be", 3, id="unknown-qualifier"),
    pytest.param([GOOD_SPENDING, _row(kind="rumour")], "kind", "Input should be", 3, id="unknown-kind"),
    pytest.param(
        [GOOD_SPENDING, _row(indicator_id="llm_count")],
        "indicator_id",
        "unknown indicator 'llm_count'",
        3,
        id="unknown-indicator",
    ),
    pytest.param(
        [GOOD_SPENDING, _row(entity="Atlantis")], "entity", "unknown entity 'Atlantis'", 3, id="unknown-entity"
    ),
    pytest.param(
        [GOOD_SPENDING, _row(figure_id="tiny-china-ai-spending-2027")],
        "figure_id",
        "duplicate figure_id",
        3,
        id="duplicate-id",
    ),
    pytest.param(
        [GOOD_SPENDING, _row(quote="Ernie Bot has garnered over 430 million fans.", surface="430 million")],
        "quote",
        "not found verbatim",
        3,
        id="quote-not-in-text",
    ),
    pytest.param(
        [GOOD_SPENDING, _row(surface="440 million users")],
        "surface",
        "not found in the quote",
        3,
        id="surface-not-in-quote",
    ),
    pytest.param([GOOD_SPENDING, _row(value="43000000")], "value", "disagrees with 4.3e\\+08", 3, id="value-disagrees"),
    pytest.param([GOOD_SPENDING, _row(unit="USD")], "unit", "disagrees with 'count'", 3, id="unit-disagrees"),
    pytest.param([GOOD_SPENDING, _row(period="Nov 2024")], "period", "not one of", 3, id="bad-period"),
    pytest.param([GOOD_SPENDING, _row(period="2027-2023")], "period", "end year", 3, id="reversed-period"),
    pytest.param(
        [GOOD_SPENDING, _row(surface="since its debut")], "surface", "no figure found", 3, id="unparseable-surface"
    ),
    pytest.param(
        [GOOD_SPENDING, _row(override="typed by hand")],
        "override",
        "needs both value and unit",
        3,
        id="override-without-value",
    ),
    pytest.param([GOOD_SPENDING, _row(kind="")], "kind", "Input should be", 3, id="missing-kind"),
    pytest.param([GOOD_SPENDING, "a,b,c\n"], "csv", "expected 13 fields, found 3", 3, id="wrong-field-count"),
    pytest.param([GOOD_SPENDING, '"unterminated,quote\n'], "csv", "malformed CSV", 3, id="unterminated-quote"),
]


def _build_fails(project: Project, capsys: pytest.CaptureFixture[str]) -> str:
    project.out.write_bytes(b"previous database")
    assert main(project.cli_args()) != 0
    assert project.out.read_bytes() == b"previous database", "a failed build must leave the database untouched"
    assert not list(project.out.parent.glob(".*.tmp")), "no temporary file may be left behind"
    return capsys.readouterr().err


@pytest.mark.parametrize(("rows", "field", "message", "line"), FIGURE_ERRORS)
def test_figure_errors_name_file_line_and_field(project: Project, capsys, rows, field, message, line):
    project.write_figures(*rows)
    errors = _build_fails(project, capsys)
    expected = rf"^data/figures/tiny-times\.csv:{line}: {re.escape(field)}: .*{message}"
    assert re.search(expected, _relative(errors, project), re.MULTILINE), errors


def _relative(errors: str, project: Project) -> str:
    return errors.replace(f"{project.root}/", "")


def test_all_errors_reported_not_just_the_first(project: Project, capsys):
    project.write_figures(_row(kind="rumour"), _row(figure_id="tiny-other", entity="Atlantis"))
    errors = _relative(_build_fails(project, capsys), project)
    assert "tiny-times.csv:2: kind:" in errors
    assert "tiny-times.csv:3: entity:" in errors


def test_line_numbers_count_multiline_fields(project: Project, capsys):
    multiline = _row(note="first line\nsecond line")
    project.write_figures(GOOD_SPENDING, multiline, _row(figure_id="tiny-late", kind="rumour"))
    errors = _relative(_build_fails(project, capsys), project)
    assert "tiny-times.csv:5: kind:" in errors


def test_unknown_source_id_in_file_name(project: Project, capsys):
    project.figures_csv.rename(project.figures_csv.with_name("no-such-source.csv"))
    errors = _relative(_build_fails(project, capsys), project)
    assert "data/figures/no-such-source.csv:1: source: unknown source id 'no-such-source'" in errors


def test_duplicate_indicator_and_bad_chart(project: Project, capsys):
    path = project.root / "data" / "indicators.csv"
    path.write_text(
        path.read_text() + 'ai_spending,Again,USD,Spending,line,"dup"\nnew_one,New,USD,Spending,pie,"bad chart"\n'
    )
    errors = _relative(_build_fails(project, capsys), project)
    assert "data/indicators.csv:5: indicator_id: duplicate indicator_id 'ai_spending'" in errors
    assert re.search(r"data/indicators\.csv:6: chart: .*pie", errors)


def test_figure_unit_must_match_indicator(project: Project, capsys):
    project.write_figures(GOOD_SPENDING, _row(indicator_id="ai_spending"))
    errors = _relative(_build_fails(project, capsys), project)
    assert "tiny-times.csv:3: unit: unit 'count' differs from indicator 'ai_spending' unit 'USD'" in errors


def test_missing_column_reported_on_header_line(project: Project, capsys):
    project.figures_csv.write_text("figure_id,indicator_id\nx,y\n")
    errors = _relative(_build_fails(project, capsys), project)
    assert re.search(r"tiny-times\.csv:1: entity: missing column\(s\): entity, period", errors)


def test_override_takes_value_as_written(project: Project):
    project.write_figures(
        GOOD_SPENDING, _row(surface="430 million users", value="430000000", unit="count", override="checked by hand")
    )
    assert main(project.cli_args()) == 0


def test_curly_quotes_and_whitespace_in_quote_still_match(project: Project):
    spaced = GOOD_SPENDING.replace("China's spending on AI", "China’s  spending\n on AI")
    project.write_figures(spaced)
    assert main(project.cli_args()) == 0


FALL_WORDS = re.compile(r"\b(down|declin\w*|decreas\w*|drop\w*|fell|fall\w*)\b", re.IGNORECASE)
"""Words that make a stated change a fall, when they stand next to the figure."""


def _curated(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader((config.DATA_DIR / name).open(encoding="utf-8", newline="")))


def test_committed_declines_are_negative_changes_not_decline_indicators() -> None:
    """The sign convention (README, data model): a fall is a negative value of a change indicator."""
    indicators = {row["indicator_id"]: row for row in _curated("indicators.csv")}
    named_falls = [
        i
        for i, row in indicators.items()
        if row["unit"] in ("%", "pp") and FALL_WORDS.search(f"{i.replace('_', ' ')} {row['name']}")
    ]
    assert named_falls == [], "a decline is a negative value of its change indicator, not an indicator of its own"
    unsigned = []
    for path in sorted((config.DATA_DIR / "figures").glob("*.csv")):
        for row in _curated(f"figures/{path.name}"):
            change = indicators[row["indicator_id"]]["unit"] in ("%", "pp") and re.search(
                r"_(growth|change)$", row["indicator_id"]
            )
            at = row["quote"].find(row["surface"])
            near = row["quote"][max(at - 25, 0) : at + len(row["surface"]) + 12] if at >= 0 else ""
            if change and FALL_WORDS.search(near) and not row["value"].startswith("-"):
                unsigned.append(row["figure_id"])
    assert unsigned == [], "these figures state a fall but store a positive change"
