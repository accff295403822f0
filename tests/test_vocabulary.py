"""Each vocabulary is stated once (etl/vocabulary.py) and the database CHECKs come from it."""

from __future__ import annotations

import duckdb
import pytest

from etl import build, vocabulary


def test_schema_has_no_placeholder_left():
    assert "{" not in build.schema_sql()


@pytest.mark.parametrize(
    ("table", "column", "allowed", "refused"),
    [
        ("indicators", "unit", "EFLOPS", "furlongs"),
        ("indicators", "chart", "share", "pie"),
        ("entities", "type", "company", "planet"),
    ],
)
def test_database_checks_follow_the_vocabulary(table, column, allowed, refused):
    con = duckdb.connect()
    con.execute(build.schema_sql())
    rows = {
        "indicators": {"indicator_id": "'x'", "name": "'x'", "unit": "'%'", "topic": "'x'", "chart": "'line'",
                       "description": "'x'"},
        "entities": {"entity": "'x'", "type": "'global'", "aliases": "[]"},
    }[table]  # fmt: skip

    def insert(value: str) -> None:
        values = {**rows, column: f"'{value}'"}
        con.execute(f"DELETE FROM {table}")
        con.execute(f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join(values.values())})")

    insert(allowed)
    with pytest.raises(duckdb.ConstraintException):
        insert(refused)


def test_a_unit_added_to_the_vocabulary_reaches_the_schema(monkeypatch):
    monkeypatch.setattr(vocabulary, "UNITS", vocabulary.UNITS | {"furlongs"})
    assert "'furlongs'" in build.schema_sql()
