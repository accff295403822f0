"""Every column of every table and view has a one-sentence description with its unit."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard import queries
from etl import dictionary
from tests.dashboard_fixture import build_fixture_db


@pytest.fixture(scope="module")
def columns(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    path: Path = build_fixture_db(tmp_path_factory.mktemp("dictionary"))
    with queries.connect(path) as con:
        found = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main' "
            "AND table_name <> 'figure_values' ORDER BY table_name, ordinal_position"
        ).fetchall()
    tables: dict[str, list[str]] = {}
    for table, column in found:
        tables.setdefault(table, []).append(column)
    return tables


def test_every_schema_column_has_a_description(columns: dict[str, list[str]]) -> None:
    missing = [f"{t}.{c}" for t, cs in columns.items() for c in cs if not dictionary.describe(t, c)]
    assert not missing, f"add descriptions to data/dictionary.toml for: {', '.join(missing)}"


def test_no_description_names_a_column_that_does_not_exist(columns: dict[str, list[str]]) -> None:
    stale = [f"{t}.{c}" for t, cs in dictionary.COLUMNS.items() for c in cs if c not in columns.get(t, [])]
    assert not stale, f"remove or rename in data/dictionary.toml: {', '.join(stale)}"


def test_every_table_is_described(columns: dict[str, list[str]]) -> None:
    assert set(columns) <= set(dictionary.TABLES)
    assert set(queries.TABLES) == set(dictionary.TABLES)


@pytest.mark.parametrize(
    ("table", "column", "description"),
    [(t, c, d) for t, cs in dictionary.COLUMNS.items() for c, d in cs.items()],
)
def test_descriptions_are_one_sentence_with_a_unit(table: str, column: str, description: str) -> None:
    assert description.endswith("."), f"{table}.{column}: end with a full stop"
    assert re.search(r"\([^)]*\)", description), f"{table}.{column}: say the unit or type in parentheses"


def test_every_column_a_chart_csv_adds_is_described(columns: dict[str, list[str]]) -> None:
    from dashboard import downloads

    rows = pd.DataFrame(columns=["figure_id", "label", "indicator_confidence", "extracted"])
    added = [c for c in downloads.chart_table(rows, "b", columns["figures"]).columns if c not in columns["figures"]]
    assert added == list(dictionary.CHART_CSV)
    for column, description in dictionary.CHART_CSV.items():
        assert description.endswith(".") and re.search(r"\([^)]*\)", description), column


def test_the_schema_creates_a_table_after_those_it_references() -> None:
    """data/dictionary.toml lists figures before the sources it references; the schema still runs."""
    created = re.findall(r"^CREATE TABLE (\w+)", dictionary.schema_sql(), re.MULTILINE)
    assert created.index("sources") < created.index("figures") < created.index("candidates")
    duckdb.connect().execute(dictionary.schema_sql())


def test_a_table_wide_constraint_of_the_dictionary_is_enforced() -> None:
    """`constraints` of [tables.candidates]: one candidate per (doc_id, start, end)."""
    con = duckdb.connect()
    con.execute(dictionary.schema_sql().replace(" REFERENCES sources (doc_id)", ""))
    row = (
        "('doc', 0, 4, '$38B', 38e9, 'USD', 'exact', NULL, NULL, false, NULL, 'reported', 's', false, NULL, NULL, NULL)"
    )
    con.execute(f"INSERT INTO candidates VALUES {row}")
    with pytest.raises(duckdb.ConstraintException):
        con.execute(f"INSERT INTO candidates VALUES {row}")
