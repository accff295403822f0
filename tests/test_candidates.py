"""The build's candidates table: every extracted figure, and whether a curated figure covers it."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from etl import config, review
from etl.__main__ import main
from etl.candidates import EXTRACTOR_FILES, IndicatorSuggester, covering_figure
from etl.extract import Candidate
from tests.conftest import ARTICLE, Project, manifest


def _candidate(start: int, end: int, value: float, unit: str) -> Candidate:
    return Candidate("doc", start, end, "", value, unit, "exact", None, None, False, None, "reported", "")


def _figure(figure_id: str, value: float, unit: str, quote: tuple[int, int], surface: tuple[int, int] | None):
    return SimpleNamespace(row=SimpleNamespace(figure_id=figure_id), value=value, unit=unit, quote_span=quote,
                           surface_span=surface)  # fmt: skip


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        (_candidate(10, 20, 5, "%"), "overlap"),  # offsets overlap, whatever the value
        (_candidate(40, 45, 38e9, "USD"), "same-value"),  # same value and unit inside the quote
        (_candidate(40, 45, 38e9, "CNY"), None),  # other unit
        (_candidate(120, 130, 38e9, "USD"), None),  # outside the quote
        (_candidate(20, 25, 1, "count"), None),  # touching is not overlapping
    ],
)
def test_covering_figure(candidate: Candidate, expected: str | None) -> None:
    figures = [
        _figure("overlap", 9, "%", (0, 100), (15, 20)),
        _figure("same-value", 38e9, "USD", (0, 100), None),
    ]
    assert covering_figure(candidate, figures) == expected


def test_build_fills_the_candidates_table(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(project.cli_args()) == 0
    assert "3 candidates (1 not yet curated)" in capsys.readouterr().out
    with duckdb.connect(str(project.out), read_only=True) as con:
        rows = con.execute(
            "SELECT surface, value, unit, qualifier, entity, curated, figure_id FROM candidates ORDER BY start"
        ).fetchall()
    assert rows == [
        ("$38 billion", 38e9, "USD", "exact", "China", True, "tiny-china-ai-spending-2027"),
        ("9 percent", 9.0, "%", "approx", "China", False, None),
        ("430 million users", 430e6, "count", "over", "China", True, "tiny-ernie-users"),  # previous sentence
    ]


def test_build_without_texts_has_no_candidates(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    (project.root / "corpus" / "tiny.txt").unlink()
    assert main(project.cli_args()) == 0
    assert "0 candidates (0 not yet curated)" in capsys.readouterr().out


def test_build_can_skip_the_extractor(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*project.cli_args(), "--no-candidates"]) == 0
    assert "0 candidates (0 not yet curated)" in capsys.readouterr().out


def _write_twice(project: Project) -> None:
    """The tiny article with its Ernie sentence written a second time (as a caption would repeat it)."""
    text = ARTICLE + "Ernie Bot has garnered over 430 million users since its debut.\n"
    (project.root / "corpus" / "tiny.txt").write_text(text, encoding="utf-8")
    project.manifest_toml.write_text(manifest(hashlib.sha256(text.encode()).hexdigest()), encoding="utf-8")


def test_a_sentence_written_twice_is_curated_in_both_copies(project: Project) -> None:
    _write_twice(project)
    assert main(project.cli_args()) == 0
    with duckdb.connect(str(project.out), read_only=True) as con:
        rows = con.execute(
            "SELECT curated, figure_id FROM candidates WHERE surface = '430 million users' ORDER BY start"
        ).fetchall()
    assert rows == [(True, "tiny-ernie-users"), (True, "tiny-ernie-users")]


def test_accepting_the_copy_again_is_refused(project: Project) -> None:
    _write_twice(project)
    sentence = "Ernie Bot has garnered over 430 million users since its debut."
    candidate = {"surface": "430 million users", "value": 430e6, "unit": "count", "sentence": sentence}
    row = review.figure_row(
        candidate, figure_id="tiny-ernie-users-2", indicator_id="chatbot_users", entity="Baidu", period="2024-11",
        kind="reported", attributed_to="Baidu", qualifier="over",
    )  # fmt: skip
    problems = review.check_row(row, "tiny-times", project.inputs)
    assert problems == ["surface: already curated as tiny-ernie-users (the same place in the text)"]


def test_suggester_picks_the_indicator_of_the_unit_whose_words_the_sentence_shares() -> None:
    suggester = IndicatorSuggester(
        [
            ("ai_spending", "USD", "AI spending: total spending on AI, in US dollars"),
            ("ai_funding", "USD", "AI funding: venture capital raised by AI start-ups, in US dollars"),
            ("chatbot_users", "count", "Chatbot users: users of a chatbot"),
        ]
    )
    indicator, confidence = suggester.suggest("USD", "Start-ups raised $5 billion of venture capital.")
    assert indicator == "ai_funding" and confidence is not None and 0 < confidence <= 1
    assert suggester.suggest("count", "The chatbot has 30 million users.")[0] == "chatbot_users"
    assert suggester.suggest("%", "Spending rose 5%.") == (None, None)  # no indicator of that unit
    assert suggester.suggest("USD", "It cost $5.") == (None, None)  # no shared word


def test_build_suggests_an_indicator_and_marks_new_entities(project: Project) -> None:
    assert main(project.cli_args()) == 0
    with duckdb.connect(str(project.out), read_only=True) as con:
        rows = con.execute(
            "SELECT surface, suggested_indicator, indicator_confidence > 0, entity_new FROM candidates ORDER BY start"
        ).fetchall()
    assert rows[0] == ("$38 billion", "ai_spending", True, False)
    assert rows[1][:2] == ("9 percent", "ai_spending_share_of_global")


def _mark_recorded_sentences(db: Path) -> None:
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE candidates SET sentence = 'as recorded'")


def _sentences(db: Path) -> set[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {row[0] for row in con.execute("SELECT sentence FROM candidates").fetchall()}


def test_a_rebuild_reuses_the_candidates_of_unchanged_texts(project: Project) -> None:
    assert main(project.cli_args()) == 0
    _mark_recorded_sentences(project.out)
    assert main(project.cli_args()) == 0
    assert _sentences(project.out) == {"as recorded"}  # same text, same extractor: not extracted again


@pytest.mark.parametrize("change", ["gazetteer", "places", "text", "no candidates before"])
def test_a_rebuild_extracts_again_when_what_decides_the_candidates_changed(project: Project, change: str) -> None:
    assert main([*project.cli_args(), *(["--no-candidates"] if change == "no candidates before" else [])]) == 0
    _mark_recorded_sentences(project.out)
    if change == "gazetteer":
        entities = project.root / "data" / "entities.csv"
        entities.write_text(entities.read_text(encoding="utf-8") + "Atlantis,country,\n", encoding="utf-8")
    if change == "places":
        (project.root / "data" / "places.csv").write_text("place,type,country,aliases\nAtlantis City,city,China,\n")
    if change == "text":
        text = ARTICLE + "\nA closing line.\n"
        (project.root / "corpus" / "tiny.txt").write_text(text, encoding="utf-8")
        seed = project.root / "seeds" / "tiny-times.toml"
        seed.write_text(manifest(hashlib.sha256(text.encode()).hexdigest()), encoding="utf-8")
    assert main(project.cli_args()) == 0
    assert "as recorded" not in _sentences(project.out)


def test_the_extractor_version_covers_every_module_the_extractor_runs() -> None:
    listed = "import etl.extract, sys; print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] == 'etl')))"
    loaded = subprocess.run([sys.executable, "-c", listed], capture_output=True, text=True, check=True, cwd=config.ROOT)
    modules = {name.removeprefix("etl.") + ".py" for name in loaded.stdout.split()}
    assert {"__init__.py" if name == "etl.py" else name for name in modules} == set(EXTRACTOR_FILES)
