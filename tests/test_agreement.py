"""Agreement between sources: same figure from different sources agrees within the declared tolerances,
disagreements are listed (both stay), forecasts of different vintages are revisions, not disagreements."""

from __future__ import annotations

import duckdb
import pytest

from etl import config
from etl.__main__ import main
from etl.agreement import AGREEMENT_TOML, agreement_sql, load_agreement
from tests.conftest import Project

DECLARED, _ = load_agreement(config.DATA_DIR)
assert DECLARED, "data/agreement.toml must be valid"
TOLERANCE = DECLARED.model_dump()


def agreement(*figures: tuple[str, str, str, float, str, str, str]) -> dict[tuple[str, str], bool]:
    """(figure_id, doc_id, kind, value, qualifier, attributed_to, published) rows -> agrees by pair."""
    con = duckdb.connect()
    con.execute("CREATE TABLE sources (doc_id VARCHAR, publisher VARCHAR, published DATE, published_earliest DATE)")
    con.execute(
        "CREATE TABLE figures (figure_id VARCHAR, indicator_id VARCHAR, entity VARCHAR, period VARCHAR, unit VARCHAR,"
        " kind VARCHAR, attributed_to VARCHAR, value DOUBLE, qualifier VARCHAR, doc_id VARCHAR, quote VARCHAR)"
    )
    for figure_id, doc_id, kind, value, qualifier, producer, published in figures:
        con.execute("INSERT INTO sources SELECT ?, ?, ?, NULL WHERE ? NOT IN (SELECT doc_id FROM sources)",
                    [doc_id, doc_id.title(), published, doc_id])  # fmt: skip
        con.execute("INSERT INTO figures VALUES (?, 'calls', 'Baidu', '2024-08', 'count', ?, ?, ?, ?, ?, 'q')",
                    [figure_id, kind, producer, value, qualifier, doc_id])  # fmt: skip
    con.execute(agreement_sql(DECLARED))
    rows = con.execute("SELECT figure_id, other_figure_id, agrees FROM source_agreement").fetchall()
    return {(a, b): agrees for a, b, agrees in rows}


def test_three_sources_with_the_same_value_corroborate_each_other() -> None:
    found = agreement(("a", "one", "reported", 6e8, "over", "Baidu", "2024-08-23"),
                      ("b", "two", "reported", 6e8, "exact", "Baidu", "2024-08-26"),
                      ("c", "three", "reported", 6e8, "exact", "Baidu", "2024-08-23"))  # fmt: skip
    assert len(found) == 6 and all(found.values())


def test_a_tenfold_difference_is_a_disagreement_and_both_figures_stay() -> None:
    found = agreement(("trillion", "one", "reported", 1e12, "exact", "Baidu", "2024-08-23"),
                      ("billion", "two", "reported", 1e11, "exact", "Baidu", "2024-08-23"))  # fmt: skip
    assert found == {("trillion", "billion"): False, ("billion", "trillion"): False}


@pytest.mark.parametrize(
    ("qualifier", "value", "other", "agrees"),
    [
        ("exact", 100.0, 100.0 * (1 + 2 * TOLERANCE["exact_tolerance"]) * 0.99, True),
        ("exact", 100.0, 100.0 * (1 + 2 * TOLERANCE["exact_tolerance"]) * 1.01, False),
        ("approx", 100.0, 100.0 * (1 + TOLERANCE["approx_tolerance"] + TOLERANCE["exact_tolerance"]) * 0.99, True),
        ("over", 100 / 3, 36.0, True),  # "more than one-third" and 36%
        ("over", 40.0, 36.0 * (1 - TOLERANCE["exact_tolerance"]) * 0.99, False),
        ("under", 40.0, 36.0, True),
    ],
)
def test_ranges_from_qualifiers_and_tolerances(qualifier: str, value: float, other: float, agrees: bool) -> None:
    found = agreement(("a", "one", "reported", value, qualifier, "CAICT", "2024-07-02"),
                      ("b", "two", "reported", other, "exact", "CAICT", "2025-01-20"))  # fmt: skip
    assert found[("a", "b")] is agrees


def test_forecasts_of_different_vintages_are_revisions_not_disagreements() -> None:
    window = int(TOLERANCE["vintage_window_days"])
    found = agreement(("old", "one", "forecast", 3e11, "exact", "IDC", "2022-09-12"),
                      ("new", "two", "forecast", 9.4e11, "exact", "IDC", "2026-05-21"),
                      ("reprint", "three", "forecast", 3e11, "exact", "IDC", f"2022-{9 + window // 60:02d}-01"))  # fmt: skip
    assert ("old", "new") not in found and ("new", "reprint") not in found
    assert found[("old", "reprint")] is True


def test_only_the_same_producer_in_different_sources_is_compared() -> None:
    found = agreement(("idc", "one", "reported", 1.0, "exact", "IDC", "2024-01-01"),
                      ("gartner", "two", "reported", 5.0, "exact", "Gartner", "2024-01-01"),
                      ("idc-again", "one", "reported", 5.0, "exact", "IDC", "2024-01-01"))  # fmt: skip
    assert found == {}


def test_a_build_compares_sources_with_its_own_data_folders_tolerances(project: Project) -> None:
    (project.root / "data" / AGREEMENT_TOML).write_text(
        "exact_tolerance = 0.05\napprox_tolerance = 0.25\nvintage_window_days = 30\n", encoding="utf-8"
    )
    assert main(project.cli_args()) == 0
    with duckdb.connect(str(project.out), read_only=True) as con:
        assert con.execute("SELECT * FROM agreement_rule").fetchall() == [(0.05, 0.25, 30)]


@pytest.mark.parametrize(
    ("toml", "error"),
    [
        ("exact_tolerance = 0.02\napprox_tolerance = -1\nvintage_window_days = 120\n", ":2: approx_tolerance: "),
        ("exact_tolerance = 0.02\napprox_tolerance = 0.1\n", ":1: vintage_window_days: Field required"),
        ("exact_tolerance = 0.02\napprox_tolerance = 0.1\nvintage_window_days = 120\nwindow = 3\n", ":4: window: "),
        ("exact_tolerance = 2%\n", ":1: toml: "),
    ],
)
def test_a_bad_tolerance_names_file_line_and_field_and_keeps_the_previous_database(
    project: Project, capsys: pytest.CaptureFixture[str], toml: str, error: str
) -> None:
    assert main(project.cli_args()) == 0
    before = project.out.read_bytes()
    (project.root / "data" / AGREEMENT_TOML).write_text(toml, encoding="utf-8")
    assert main(project.cli_args()) != 0
    assert f"data/{AGREEMENT_TOML}{error}" in capsys.readouterr().err
    assert project.out.read_bytes() == before
