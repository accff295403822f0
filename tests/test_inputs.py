"""Bad input files: every one is `path:line: field: message`, exit 1, the previous database intact
(issue 15: items 6, 8, 9, 12, 14, 15 and its closing notes). Each case failed on the code before."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from etl import database
from etl.__main__ import main
from tests.conftest import FIGURE_ROWS, Project

PREVIOUS = b"previous database"


def _fails(project: Project, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    """Build, expecting exit 1 with no traceback and the old database untouched; the errors, shortened."""
    project.out.write_bytes(PREVIOUS)
    assert main([*project.cli_args(), "--no-candidates", *extra]) == 1
    assert project.out.read_bytes() == PREVIOUS
    assert not [p for p in project.out.parent.iterdir() if p.name != project.out.name]
    return capsys.readouterr().err.replace(f"{project.root}/", "")


def _users_row(**changes: str) -> str:
    fields = {
        "figure_id": "tiny-ernie-users", "indicator_id": "chatbot_users", "entity": "Baidu", "period": "2024-11",
        "surface": "430 million users", "qualifier": "over", "kind": "reported", "attributed_to": "Baidu",
        "quote": "Ernie Bot has garnered over 430 million users since its debut.", "value": "", "unit": "",
        "override": "", "note": "",
    } | changes  # fmt: skip
    return ",".join(f'"{value}"' for value in fields.values()) + "\n"


# --- item 6: tracebacks become path:line: field: message --------------------------------------------------


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("data/figures/tiny-times.csv", "data/figures/tiny-times.csv:3: encoding:"),
        ("data/indicators.csv", "data/indicators.csv:3: encoding:"),
        ("data/entities.csv", "data/entities.csv:3: encoding:"),
        ("seeds/tiny-times.toml", "seeds/tiny-times.toml:3: encoding:"),
    ],
)
def test_a_byte_that_is_not_utf8_names_its_file_and_line(project: Project, capsys, name: str, where: str):
    path = project.root / name
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2][:5] + b"\xff" + lines[2][5:]
    path.write_bytes(b"\n".join(lines))
    errors = _fails(project, capsys)
    assert f"{where} byte 0xff is not UTF-8" in errors, errors


@pytest.mark.parametrize("name", ["seeds/tiny-times.toml", "data/figures/tiny-times.csv"])
def test_a_directory_where_a_file_should_be(project: Project, capsys, name: str):
    path = project.root / name
    path.unlink()
    path.mkdir()
    assert f"{name}:1: file: is a directory, not a file" in _fails(project, capsys)


@pytest.mark.parametrize("name", ["indicators.csv", "entities.csv"])
def test_a_missing_registry_is_named(project: Project, capsys, name: str):
    (project.root / "data" / name).unlink()
    errors = _fails(project, capsys)
    assert errors.splitlines()[0] == f"data/{name}:1: file: missing"


def test_an_unreadable_file_is_named(project: Project, capsys, monkeypatch):
    """As root nothing is unreadable, so the refusal the system would give is simulated."""
    real_open = os.open

    def refusing(path, flags, *args, **kwargs):
        if str(path).endswith("tiny-times.csv"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    assert "data/figures/tiny-times.csv:1: file: cannot read: Permission denied" in _fails(project, capsys)


def test_out_naming_a_directory(project: Project, capsys):
    assert main([*project.cli_args()[:-2], "--out", str(project.out.parent), "--no-candidates"]) == 1
    assert "out:1: out: is a directory" in capsys.readouterr().err


def test_a_full_disk_while_writing_leaves_the_database(project: Project, capsys, monkeypatch):
    def full(path: Path, tables: object) -> None:
        path.write_bytes(b"half a database")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(database, "write_database", full)
    assert "out/indicators.duckdb:1: out: cannot write: No space left on device" in _fails(project, capsys)


# --- item 12: inputs never silently ignored -----------------------------------------------------------------


def test_an_upper_case_csv_extension_is_an_error(project: Project, capsys):
    project.figures_csv.rename(project.figures_csv.with_suffix(".CSV"))
    assert "data/figures/tiny-times.CSV:1: file: name must end in lower-case .csv" in _fails(project, capsys)


def test_a_column_named_twice_is_an_error(project: Project, capsys):
    text = project.figures_csv.read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    project.figures_csv.write_text(header.replace(",note", ",note,note") + "\n" + rest.replace("\n", ",\n"))
    assert "data/figures/tiny-times.csv:1: header: column(s) named twice: 'note'" in _fails(project, capsys)


# --- item 8: sanity ranges; item 9: an override may not contradict the surface --------------------------------


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (FIGURE_ROWS[0].replace(",2027,$38 billion,", ",2027,9 percent,").replace("ai_spending,", "ai_spending_share_of_global,", 1).replace('estimated.",,,,', 'estimated.",150,%,"differs: test",'), "150 % is outside 0..100"),
        (_users_row(value="-430000000", unit="count", override="typed by hand"), "-4.3e+08 count is outside 0..inf"),
    ],
)  # fmt: skip
def test_values_outside_their_units_range_are_refused(project: Project, capsys, row: str, message: str):
    project.write_figures(row)
    assert message in _fails(project, capsys)


def test_an_override_that_contradicts_the_surface_is_refused_unless_it_says_why(project: Project, capsys):
    """The '50% stored as 99' case: the parser reads a unit in the surface, so its reading binds."""
    share = (
        FIGURE_ROWS[0]
        .replace(",2027,$38 billion,", ",2027,9 percent,")
        .replace("ai_spending,", "ai_spending_share_of_global,", 1)
    )
    project.write_figures(share.replace('estimated.",,,,', 'estimated.",99,%,typed by hand,'))
    errors = _fails(project, capsys)
    assert "tiny-times.csv:2: override: 99 % disagrees with 9 % read from '9 percent'" in errors, errors
    project.write_figures(share.replace('estimated.",,,,', 'estimated.",99,%,"differs: a test of the rule",'))
    assert main([*project.cli_args(), "--no-candidates"]) == 0


# --- item 14: a FIFO never hangs the build --------------------------------------------------------------------


def test_a_fifo_as_source_text_is_refused_not_waited_on(project: Project, capsys):
    text = project.root / "corpus" / "tiny.txt"
    text.unlink()
    os.mkfifo(text)
    result: list[int] = []
    runner = threading.Thread(target=lambda: result.append(main([*project.cli_args(), "--no-candidates"])), daemon=True)
    runner.start()
    runner.join(timeout=60)
    assert not runner.is_alive(), "the build waited on the FIFO"
    assert result == [1]
    assert "corpus/tiny.txt:1: file: is not a regular file" in capsys.readouterr().err.replace(f"{project.root}/", "")


# --- item 15: what a killed build leaves is cleaned up; no worker processes ------------------------------------


def _dead_pid() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(child.stdout)


def _children() -> list[str]:
    mine = str(os.getpid())
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                if entry.isdigit() and handle.read().rsplit(")", 1)[1].split()[1] == mine:
                    found.append(entry)
        except OSError:
            continue
    return found


def test_a_killed_builds_temporary_files_are_removed_by_the_next_build(project: Project):
    dead = _dead_pid()
    before = set(_children())  # earlier tests in the same run may have started processes of their own
    leftovers = [project.out.with_name(f".indicators.duckdb.{dead}.tmp{end}") for end in ("", ".wal")]
    for path in leftovers:
        path.write_bytes(b"left by a killed build")
    alive = project.out.with_name(f".indicators.duckdb.{os.getpid()}-0.tmp")  # a build running now
    alive.write_bytes(b"being written")
    assert main([*project.cli_args(), "--no-candidates"]) == 0
    assert not [path for path in leftovers if path.exists()]
    assert alive.exists()
    assert set(_children()) - before == set(), "the build leaves no process behind"


# --- closing notes: BOM in TOML, root cause first, no file content outside the quoted field -------------------


def test_a_manifest_with_a_byte_order_mark_is_read(project: Project):
    project.manifest_toml.write_bytes(b"\xef\xbb\xbf" + project.manifest_toml.read_bytes())
    assert main([*project.cli_args(), "--no-candidates"]) == 0


def test_an_empty_indicators_file_is_reported_first(project: Project, capsys):
    (project.root / "data" / "indicators.csv").write_text("", encoding="utf-8")
    errors = _fails(project, capsys)
    assert errors.splitlines()[0] == "data/indicators.csv:1: csv: file is empty: a header row is required"


def test_a_symlinked_files_content_is_echoed_only_quoted(project: Project, capsys, tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:SECRET\n", encoding="utf-8")
    project.figures_csv.unlink()
    project.figures_csv.symlink_to(secret)
    errors = _fails(project, capsys)
    for line in errors.splitlines():
        assert "SECRET" not in re.sub(r"'[^']*'", "''", line), line
