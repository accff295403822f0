"""Start-up builds the database when it is missing or stale, works without source texts, and never raises."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from dashboard import queries, startup
from etl.build import Inputs
from etl.problems import Problem
from tests.dashboard_fixture import write_project


def _built(tmp_path: Path) -> tuple[Inputs, Path]:
    """The fixture project, and its database as start-up first builds it."""
    inputs = write_project(tmp_path)
    db = tmp_path / "indicators.duckdb"
    startup.ensure_database(db, inputs, explicit=False)
    return inputs, db


def test_missing_database_is_built(tmp_path: Path) -> None:
    inputs = write_project(tmp_path)
    db = tmp_path / "out" / "indicators.duckdb"
    result = startup.ensure_database(db, inputs, explicit=False)
    assert result.built and result.usable and db.is_file()
    assert result.warnings[0].startswith("1 of 2 source texts are not present here"), "an absent text is a warning"


def test_missing_texts_are_summarised_in_one_line() -> None:
    warnings = [
        Problem(f"seeds/s{n}.toml", 7, "text_file", f"s{n}.txt not found in corpus", "warning") for n in range(5)
    ]
    other = Problem("data/x.csv", 3, "note", "something else", "warning")
    lines = startup.summarise_warnings([*warnings, other], sources=5)
    assert lines == [lines[0], str(other)]
    assert lines[0].startswith("5 of 5 source texts are not present here")


def test_fresh_database_is_not_rebuilt(tmp_path: Path) -> None:
    inputs, db = _built(tmp_path)
    assert not startup.ensure_database(db, inputs, explicit=False).built


def test_stale_default_database_is_rebuilt_but_an_explicit_one_is_kept(tmp_path: Path) -> None:
    inputs, db = _built(tmp_path)
    old = db.stat().st_mtime - 100
    os.utime(db, (old, old))
    assert not startup.ensure_database(db, inputs, explicit=True).built, "$AII_DB is used as it is"
    assert startup.ensure_database(db, inputs, explicit=False).built


def _drop_views_table(db: Path) -> None:
    """What a database built before data/views.toml existed looks like to today's code."""
    import duckdb

    with duckdb.connect(str(db)) as con:
        con.execute("DROP TABLE view_charts")


def test_a_database_from_older_code_is_rebuilt(tmp_path: Path) -> None:
    inputs, db = _built(tmp_path)
    _drop_views_table(db)
    assert startup.missing_tables(db) == ["view_charts"]
    result = startup.ensure_database(db, inputs, explicit=False)
    assert result.built and result.usable and startup.missing_tables(db) == []


def test_an_explicit_database_from_older_code_says_how_to_rebuild_it(tmp_path: Path) -> None:
    inputs, db = _built(tmp_path)
    _drop_views_table(db)
    result = startup.ensure_database(db, inputs, explicit=True)
    assert not result.usable and not result.built
    assert "older version" in result.errors[0] and "view_charts" in result.errors[0]
    assert "python -m etl build --out" in result.errors[0]


def test_builds_with_no_source_texts_at_all(tmp_path: Path) -> None:
    inputs = write_project(tmp_path)
    for text in inputs.corpus.glob("*.txt"):
        text.unlink()
    db = tmp_path / "indicators.duckdb"
    assert startup.ensure_database(db, inputs, explicit=False).usable and db.is_file()


def test_broken_inputs_keep_the_previous_database_with_a_warning(tmp_path: Path) -> None:
    inputs, db = _built(tmp_path)
    (inputs.data_dir / "indicators.csv").write_text("indicator_id,name\nbroken,row\n")
    result = startup.ensure_database(db, inputs, explicit=False)
    assert result.usable and not result.built
    assert "previous build" in result.warnings[0]


def test_broken_inputs_without_a_database_are_an_error(tmp_path: Path) -> None:
    inputs = write_project(tmp_path)
    (inputs.data_dir / "indicators.csv").write_text("indicator_id,name\nbroken,row\n")
    result = startup.ensure_database(tmp_path / "indicators.duckdb", inputs, explicit=False)
    assert not result.usable and "could not be built" in result.errors[0]
    assert any("indicators.csv" in e for e in result.errors[1:])


def test_builds_what_the_command_line_builds_candidates_included(tmp_path: Path) -> None:
    _, db = _built(tmp_path)
    with queries.connect(db) as con:
        candidates, curated = con.execute("SELECT count(*), count(*) FILTER (WHERE curated) FROM candidates").fetchone()
    assert candidates > 0 and curated > 0, "the extractor ran on the text that is present"


def _refuse_writes_in(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the build fail as on a read-only file system when it writes into `folder`."""
    real = startup.build

    def build(inputs: object, out: Path, **kwargs: object) -> object:
        if out.parent == folder:
            raise OSError(errno.EROFS, "Read-only file system", str(out))
        return real(inputs, out, **kwargs)

    monkeypatch.setattr(startup, "build", build)
    monkeypatch.setattr(startup, "set_aside", lambda db: None)


def test_an_unwritable_folder_builds_into_a_temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = write_project(tmp_path)
    db = tmp_path / "ro" / "indicators.duckdb"
    db.parent.mkdir()
    _refuse_writes_in(db.parent, monkeypatch)
    result = startup.ensure_database(db, inputs, explicit=False)
    assert result.usable and result.built and result.db != db and result.db.is_file()
    assert "could not be written" in result.warnings[0]


def test_an_unwritable_folder_serves_the_stale_database_with_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = write_project(tmp_path)
    db = tmp_path / "ro" / "indicators.duckdb"
    db.parent.mkdir()
    startup.ensure_database(db, inputs, explicit=False)
    old = db.stat().st_mtime - 100
    os.utime(db, (old, old))
    _refuse_writes_in(db.parent, monkeypatch)
    result = startup.ensure_database(db, inputs, explicit=False)
    assert result.usable and not result.built and result.db == db
    assert "older than" in result.warnings[0]


@pytest.mark.parametrize("content", [b"", b"DUCK" * 3, bytes(range(256)) * 16])
def test_a_corrupt_database_is_set_aside_and_rebuilt(tmp_path: Path, content: bytes) -> None:
    inputs = write_project(tmp_path)
    db = tmp_path / "indicators.duckdb"
    db.write_bytes(content)
    result = startup.ensure_database(db, inputs, explicit=True)
    assert result.usable and result.built
    with queries.connect(db) as con:
        assert con.execute("SELECT count(*) FROM figures").fetchone()[0] > 0
    aside = list(tmp_path.glob("indicators.duckdb.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == content
    assert "could not be read" in result.warnings[0]


def test_start_up_checks_once_per_process_until_asked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []
    monkeypatch.setattr(startup, "ensure_database", lambda db=None: calls.append(db) or startup.Startup())
    startup.forget()
    startup.once()
    startup.once()
    assert len(calls) == 1
    startup.forget()
    startup.once()
    assert len(calls) == 2
