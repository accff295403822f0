"""The verification ledger: written by a build with texts, trusted by a build without, checked against the texts."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from etl import fragments, ledger
from etl.__main__ import main
from etl.build import Inputs, build, checked_inputs
from etl.config import LEDGER_ENV
from etl.files import sha256_bytes
from tests.conftest import FIGURE_ROWS, Project


@pytest.fixture(autouse=True)
def _builds_write_the_ledger(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests build throw-away projects, whose ledgers builds may write."""
    monkeypatch.delenv(LEDGER_ENV)


def _figures(db: Path) -> dict[str, tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT figure_id, verification, verified, verified_on, link FROM figures").fetchall()
    return {row[0]: row[1:] for row in rows}


def _without_texts(project: Project) -> None:
    shutil.rmtree(project.root / "corpus")
    (project.root / "corpus").mkdir()


def test_build_with_texts_writes_one_row_per_figure_and_per_source(project: Project) -> None:
    build(project.inputs, project.out)
    entries, problems = ledger.read(ledger.path_in(project.root / "data"))
    assert problems == []
    assert sorted(entries) == [
        ("tiny-times", ""), ("tiny-times", "tiny-china-ai-spending-2027"), ("tiny-times", "tiny-ernie-users")
    ]  # fmt: skip
    row = entries[("tiny-times", "tiny-ernie-users")]
    text = (project.root / "corpus" / "tiny.txt").read_text(encoding="utf-8")
    assert text[row.quote_start : row.quote_end] == "Ernie Bot has garnered over 430 million users since its debut."
    assert row.quote_sha256 == ledger.quote_sha256("Ernie Bot has garnered over 430 million users since its debut.")
    assert {v[0] for v in _figures(project.out).values()} == {"text"}


def test_build_without_texts_trusts_the_ledger_with_its_date_and_links(project: Project, capsys) -> None:
    build(project.inputs, project.out)
    with_texts = _figures(project.out)
    _without_texts(project)
    assert main(project.cli_args()) == 0
    out = capsys.readouterr().out
    assert "2 quotes verified (2 by the ledger)" in out
    assert "not found in corpus" not in out, "no warning when the ledger covers the missing text"
    without = _figures(project.out)
    for figure_id, (verification, verified, verified_on, link) in without.items():
        assert (verification, verified) == ("ledger", True)
        assert (verified_on, link) == with_texts[figure_id][2:]
    with duckdb.connect(str(project.out), read_only=True) as con:
        assert con.execute("SELECT verified FROM sources").fetchall() == [(True,)]


def test_a_quote_changed_since_the_ledger_is_not_verified(project: Project) -> None:
    build(project.inputs, project.out)
    _without_texts(project)
    project.write_figures(FIGURE_ROWS[0], FIGURE_ROWS[1].replace("since its debut", "since its launch"))
    build(project.inputs, project.out)
    figures = _figures(project.out)
    assert figures["tiny-ernie-users"][:3] == ("none", False, None)
    assert figures["tiny-china-ai-spending-2027"][:2] == ("ledger", True)


def test_verify_check_names_the_stale_figures_and_verify_rewrites(project: Project, capsys) -> None:
    data = ["--seeds", str(project.root / "seeds"), "--data", str(project.root / "data")]
    corpus = ["--corpus", str(project.root / "corpus")]
    assert main(["verify", *data, *corpus]) == 0
    path = ledger.path_in(project.root / "data")
    entries, _ = ledger.read(path)
    key = ("tiny-times", "tiny-ernie-users")
    entries[key] = entries[key]._replace(quote_sha256=ledger.quote_sha256("an older quote"))
    ledger.write(path, entries.values())
    capsys.readouterr()
    assert main(["verify", "--check", *data, *corpus]) == 1
    assert "figure tiny-ernie-users" in capsys.readouterr().err
    assert main(["verify", *data, *corpus]) == 0
    assert main(["verify", "--check", *data, *corpus]) == 0


def test_rewriting_keeps_the_date_of_rows_whose_checksums_did_not_change(project: Project) -> None:
    sources, figures, _ = checked_inputs(project.inputs)
    first = ledger.verify(sources, figures, project.root / "data", on="2026-01-01")
    first.save()
    project.write_figures(FIGURE_ROWS[0], FIGURE_ROWS[1].replace("over 430", "over 430"))
    sources, figures, _ = checked_inputs(project.inputs)
    again = ledger.verify(sources, figures, project.root / "data", on="2026-02-02")
    assert not again.save(), "nothing changed: the file is left as it is"
    text = project.root / "corpus" / "tiny.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("Tiny Times", "Tiny Times, updated"))
    (project.root / "seeds" / "tiny-times.toml").write_text(
        project.manifest_toml.read_text().replace(sources[0].manifest.sha256, sha256_bytes(text.read_bytes())),
    )
    sources, figures, _ = checked_inputs(project.inputs)
    changed = ledger.verify(sources, figures, project.root / "data", on="2026-03-03")
    assert {entry.verified_on for entry in changed.entries} == {"2026-03-03"}, "a new text checksum redates all"


def _mark_fragment(project: Project, key: tuple[str, str], code: str | None = None) -> None:
    """A recognisable text fragment in the ledger row of `key`, its checksums and offsets unchanged (and its
    fragment code, unless `code` is given)."""
    path = ledger.path_in(project.root / "data")
    entries, _ = ledger.read(path)
    entries[key] = entries[key]._replace(text_fragment="as-recorded", fragment_code=code or entries[key].fragment_code)
    ledger.write(path, entries.values())


def test_a_build_reuses_the_fragments_of_unchanged_quotes_made_by_the_same_code(project: Project, capsys) -> None:
    key = ("tiny-times", "tiny-ernie-users")
    data = ["--seeds", str(project.root / "seeds"), "--data", str(project.root / "data")]
    assert main(project.cli_args()) == 0
    assert ledger.read(ledger.path_in(project.root / "data"))[0][key].fragment_code == ledger.fragments_sha256()[:12]
    _mark_fragment(project, key)
    project.out.unlink()  # a first build: the ledger itself says which code made its fragments
    assert main(project.cli_args()) == 0
    assert _figures(project.out)[key[1]][3].endswith("#:~:text=as-recorded"), "same text, quote, offsets and code"
    assert main(["verify", "--check", *data, "--corpus", str(project.root / "corpus")]) == 1, "verify recomputes"
    _mark_fragment(project, key, code="0" * 12)
    assert main(project.cli_args()) == 0
    assert "as-recorded" not in _figures(project.out)[key[1]][3], "made by other code: made again"


def test_a_rebuild_reuses_where_unchanged_links_land_and_simulates_changed_ones(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = ("tiny-times", "tiny-ernie-users")
    assert main(project.cli_args()) == 0
    landed = _landings(project.out)
    assert set(landed.values()) == {True}
    simulated = []
    real = fragments.link_lands
    monkeypatch.setattr(fragments, "link_lands", lambda *args: simulated.append(args) or real(*args))
    assert main(project.cli_args()) == 0
    assert _landings(project.out) == landed and simulated == [], "same text, link, offsets and code"
    _mark_fragment(project, key)
    assert main(project.cli_args()) == 0
    assert len(simulated) == 1 and _landings(project.out)[key[1]] is False, "a new link is simulated"


def _landings(db: Path) -> dict[str, bool]:
    with duckdb.connect(str(db), read_only=True) as con:
        return dict(con.execute("SELECT figure_id, link_lands FROM figures").fetchall())


def test_committed_ledger_matches_the_texts(seed_corpus: Path) -> None:
    """Fails when figures, quotes or manifests changed without `python -m etl verify` (run it, commit the file)."""
    inputs = Inputs(corpus=seed_corpus)
    sources, figures, problems = checked_inputs(inputs)
    if any(p.severity == "error" for p in problems):
        pytest.skip("the inputs have errors (test_build reports them)")
    assert ledger.stale(sources, figures, inputs.data_dir) == []
