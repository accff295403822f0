"""Source manifests: malformed TOML, bad dates and checksums are errors; a missing text is a warning."""

from __future__ import annotations

import re

import duckdb

from etl.__main__ import main
from tests.conftest import Project, manifest


def _fails_with(project: Project, capsys, pattern: str) -> None:
    project.out.write_bytes(b"previous database")
    assert main(project.cli_args()) == 1
    assert project.out.read_bytes() == b"previous database"
    errors = capsys.readouterr().err.replace(f"{project.root}/", "")
    assert re.search(pattern, errors, re.MULTILINE), errors


def test_malformed_toml_names_line(project: Project, capsys):
    project.manifest_toml.write_text('id = "tiny-times"\ntitle = "unterminated\n')
    _fails_with(project, capsys, r"^seeds/tiny-times\.toml:2: toml: ")


def test_checksum_mismatch(project: Project, capsys):
    (project.root / "corpus" / "tiny.txt").write_text("an edited article", encoding="utf-8")
    _fails_with(project, capsys, r"^seeds/tiny-times\.toml:8: sha256: text .*tiny\.txt has sha256 [0-9a-f]{64}")


def test_bad_published_date(project: Project, capsys):
    text = project.manifest_toml.read_text().replace("date = 2025-01-20", 'date = "2025-13-01"')
    project.manifest_toml.write_text(text)
    _fails_with(project, capsys, r"^seeds/tiny-times\.toml:11: published\.date: ")


def test_bad_url_and_missing_field(project: Project, capsys):
    text = project.manifest_toml.read_text().replace("https://example.com/tiny", "not a url")
    project.manifest_toml.write_text(text.replace('title = "Tiny article"\n', ""))
    _fails_with(project, capsys, r"^seeds/tiny-times\.toml:4: url: ")
    project.out.write_bytes(b"previous database")
    assert main(project.cli_args()) == 1
    errors = capsys.readouterr().err
    assert "tiny-times.toml:1: title: Field required" in errors
    assert "unknown source id" not in errors, "a broken manifest must not also be reported as missing"


def test_id_must_match_file_name(project: Project, capsys):
    project.manifest_toml.write_text(project.manifest_toml.read_text().replace('id = "tiny-times"', 'id = "other"'))
    _fails_with(project, capsys, r"^seeds/tiny-times\.toml:1: id: 'other' must equal the file name")


def test_unknown_date_keeps_what_is_known(project: Project):
    digest = re.search(r'sha256 = "(\w+)"', project.manifest_toml.read_text()).group(1)
    project.manifest_toml.write_text(
        manifest(digest, 'earliest = 2024-09-19\nnote = "reports an event that opened 2024-09-19"')
    )
    assert main(project.cli_args()) == 0
    with duckdb.connect(str(project.out), read_only=True) as con:
        row = con.execute("SELECT published, published_earliest, published_note FROM sources").fetchone()
    assert row[0] is None
    assert str(row[1]) == "2024-09-19"
    assert "2024-09-19" in row[2]


def test_unknown_date_needs_something_known(project: Project, capsys):
    digest = re.search(r'sha256 = "(\w+)"', project.manifest_toml.read_text()).group(1)
    project.manifest_toml.write_text(manifest(digest, "# nothing known"))
    _fails_with(project, capsys, r"^seeds/tiny-times\.toml:\d+: published: .*give date, or earliest")
