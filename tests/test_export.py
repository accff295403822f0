"""Open data export: every table as Parquet and CSV, a valid Frictionless data package, safe CSV cells."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import duckdb
import frictionless
import pandas as pd
import pytest

from etl import dictionary
from etl.__main__ import main
from etl.export import PACKAGE_FILE, export, spreadsheet_safe
from tests.dashboard_fixture import build_fixture_db


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("export")
    database = build_fixture_db(root / "project")
    out = root / "open-data"
    assert main(["export", "--db", str(database), "--out", str(out)]) == 0
    return database, out


def test_every_table_and_view_is_written_in_both_formats(exported: tuple[Path, Path]) -> None:
    _, out = exported
    for table in dictionary.TABLES:
        assert (out / f"{table}.parquet").is_file(), table
        assert (out / f"{table}.csv").is_file(), table


def test_the_data_package_is_valid_frictionless(exported: tuple[Path, Path]) -> None:
    _, out = exported
    report = frictionless.validate(str(out / PACKAGE_FILE))
    assert report.valid, report.flatten(["title", "message"])[:5]


def test_parquet_round_trips_with_the_database_rows_and_types(exported: tuple[Path, Path]) -> None:
    database, out = exported
    with duckdb.connect(str(database), read_only=True) as con:
        for table in dictionary.TABLES:
            expected = con.execute(f'SELECT * FROM "{table}"').to_arrow_table()
            found = duckdb.execute(f"SELECT * FROM read_parquet('{out / table}.parquet')").to_arrow_table()
            assert found.schema.equals(expected.schema), table
            assert found.to_pylist() == expected.to_pylist(), table


def test_the_package_names_build_licence_keys_and_units(exported: tuple[Path, Path]) -> None:
    database, out = exported
    package = json.loads((out / PACKAGE_FILE).read_text(encoding="utf-8"))
    with duckdb.connect(str(database), read_only=True) as con:
        build_id = con.execute("SELECT build_id FROM build_info").fetchone()[0]  # type: ignore[index]
    assert package["build_id"] == build_id
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert build_id in package["citation"]
    figures = next(r for r in package["resources"] if r["path"] == "figures.csv")
    assert figures["schema"]["primaryKey"] == ["figure_id"]
    assert {"fields": ["indicator_id"], "reference": {"resource": "indicators", "fields": ["indicator_id"]}} in (
        figures["schema"]["foreignKeys"]
    )
    value = next(f for f in figures["schema"]["fields"] if f["name"] == "value")
    assert value["type"] == "number" and "unit" in value["description"]
    assert len(package["sources"]) == 2


def test_csv_defuses_formulas_but_parquet_keeps_the_text() -> None:
    rows = pd.DataFrame(
        {
            "attributed_to": ['=HYPERLINK("http://x")', "IDC", "@SUM(A1)", "+1", "\tx"],
            "quote": ["- a dash starts this quote", "fine", "a", "b", "c"],
            "value": [-5.0, 1.0, 2.0, 3.0, 4.0],
        }
    )
    safe = spreadsheet_safe(rows)
    assert list(safe["attributed_to"]) == ['\'=HYPERLINK("http://x")', "IDC", "'@SUM(A1)", "'+1", "'\tx"]
    assert safe["quote"][0] == "'- a dash starts this quote"
    assert list(safe["value"]) == [-5.0, 1.0, 2.0, 3.0, 4.0]
    assert rows["attributed_to"][0].startswith("=")


def test_csv_joins_lists_with_semicolons() -> None:
    rows = pd.DataFrame({"aliases": [["US", "U.S."], ["=cmd", "x"]]})
    assert list(spreadsheet_safe(rows)["aliases"]) == ["US; U.S.", "'=cmd; x"]


def test_export_without_a_database_says_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "out")]) == 1
    assert "python -m etl build" in capsys.readouterr().err


def test_export_refuses_a_file_as_its_folder(exported: tuple[Path, Path], tmp_path: Path) -> None:
    database, _ = exported
    target = tmp_path / "file"
    target.write_text("x")
    assert main(["export", "--db", str(database), "--out", str(target)]) == 1


def test_export_writes_nothing_but_reads_the_database(exported: tuple[Path, Path], tmp_path: Path) -> None:
    database, _ = exported
    before = database.read_bytes()
    export(database, tmp_path / "again")
    assert database.read_bytes() == before


def test_export_copies_no_rows_for_arrow(exported: tuple[Path, Path], tmp_path: Path) -> None:
    """DuckDB warns (a UserWarning) when Arrow output goes through a DB-API result: an extra copy of every row."""
    database, _ = exported
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        export(database, tmp_path / "quiet")
    assert [str(warning.message) for warning in caught if issubclass(warning.category, UserWarning)] == []
