"""Review page: candidates not yet curated, and accepting one into a (temporary) copy of the curated data."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl import config, review
from etl.build import Inputs, build
from etl.curated import load_entities
from tests.dashboard_fixture import APP, DAILY, HEADER, build_as_the_app_does, point_app_at, write_unreviewed_project

PAGE = "dashboard/pages/review.py"
CANDIDATE = {"surface": "44 percent", "value": 44.0, "unit": "%", "sentence": "The US has 44 percent of them."}
AT = DAILY.index("44 percent")
KEY = f"tiny-daily:{AT}-{AT + 10}"


# --- the row -------------------------------------------------------------------------------------------


def _row(candidate: dict[str, object] = CANDIDATE, **changes: str) -> dict[str, str]:
    fields = {
        "figure_id": "tiny-us-share", "indicator_id": "llm_share", "entity": "United States", "period": "2024",
        "kind": "reported", "attributed_to": "CAICT", "qualifier": "exact",
    }  # fmt: skip
    fields.update(changes)
    return review.figure_row(candidate, **fields)


def test_figure_row_leaves_value_to_the_parser() -> None:
    row = _row(qualifier="approx", note="from the review page")
    assert list(row) == list(review.FIGURE_COLUMNS)
    assert row["surface"] == "44 percent" and row["quote"] == "The US has 44 percent of them."
    assert (row["value"], row["unit"], row["override"], row["qualifier"]) == ("", "", "", "approx")


def test_figure_row_overrides_what_only_the_context_says() -> None:
    low_end = {"surface": "six", "value": 6.0, "unit": "month", "sentence": "in six to 12 months"}
    row = _row(low_end)
    assert (row["value"], row["unit"]) == ("6", "month")
    assert row["override"]


def test_csv_line_quotes_like_the_csv_module() -> None:
    line = review.csv_line(_row({**CANDIDATE, "sentence": 'He said "44 percent", not 40.'}))
    assert line.startswith("tiny-us-share,llm_share,United States,2024,44 percent,,reported,CAICT,")
    assert '"He said ""44 percent"", not 40."' in line


def test_suggest_figure_id_is_valid_and_unique() -> None:
    assert review.suggest_figure_id("tiny", "$38 billion") == "tiny-usd-38-billion"
    assert review.suggest_figure_id("tiny", "44%", {"tiny-44-percent"}) == "tiny-44-percent-2"


@pytest.mark.parametrize(
    ("existing", "expected"),
    [
        (b"a,b\n1,2\n", b"a,b\n1,2\n,\n"),
        (b"a,b\r\n1,2\r\n", b"a,b\r\n1,2\r\n,\r\n"),
        (b"a,b\n1,2", b"a,b\n1,2\n,\n"),  # a missing final line end is added first
        (b"\xef\xbb\xbfa,b\n", b"\xef\xbb\xbfa,b\n,\n"),  # a byte-order mark stays
    ],
)
def test_appended_keeps_the_files_format(existing: bytes, expected: bytes) -> None:
    content, line = review.appended(existing, {"x": "1"})
    assert content == expected
    assert line == expected.count(b"\n")


def test_appended_follows_the_files_column_order() -> None:
    content, _ = review.appended(b"surface,figure_id\n", {"figure_id": "x", "surface": "5%", "other": "?"})
    assert content == b"surface,figure_id\n5%,x\n"


def test_append_row_replaces_the_file_atomically(tmp_path: Path) -> None:
    path = tmp_path / "tiny.csv"
    path.write_text("figure_id,surface\nold,1\n", encoding="utf-8")
    assert review.append_row(path, {"figure_id": "new", "surface": "2"}) == 3
    assert path.read_text(encoding="utf-8") == "figure_id,surface\nold,1\nnew,2\n"
    assert [p.name for p in tmp_path.iterdir()] == ["tiny.csv"]  # no temporary file left


def test_append_row_refuses_when_the_file_changes_meanwhile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "tiny.csv"
    path.write_text("figure_id,surface\n", encoding="utf-8")
    original = review.appended

    def racing(raw: bytes, row: dict[str, str]) -> tuple[bytes, int]:
        path.write_text("figure_id,surface\nsomeone,else\n", encoding="utf-8")  # another editor saves
        return original(raw, row)

    monkeypatch.setattr(review, "appended", racing)
    with pytest.raises(review.ChangedWhileWriting):
        review.append_row(path, {"figure_id": "mine", "surface": "1"})
    assert path.read_text(encoding="utf-8") == "figure_id,surface\nsomeone,else\n"


# --- validation and the page ------------------------------------------------------------------------


NEW_ENTITY_TEXT = "Tiny Wire\n\nZhipu reported 25 million users of its GLM models in 2024.\n"
"""A source whose only figure is about a company the fixture's entities.csv lacks."""


def _add_source(inputs: Inputs, doc_id: str, text: str) -> None:
    (inputs.corpus / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()
    (inputs.seeds_dir / f"{doc_id}.toml").write_text(
        f'id = "{doc_id}"\ntitle = "Tiny wire"\npublisher = "Tiny Wire"\nauthor = ""\n'
        f'url = "https://example.com/{doc_id}"\nlanguage = "en"\ntext_file = "{doc_id}.txt"\nsha256 = "{digest}"\n\n'
        "[published]\ndate = 2025-01-02\n",
        encoding="utf-8",
    )
    (inputs.figures_dir / f"{doc_id}.csv").write_text(HEADER, encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Inputs:
    """The dashboard fixture project without its '44 percent' figure, texts present, plus a source about a new
    entity, built with candidates and suggested indicators (as the app builds)."""
    inputs = write_unreviewed_project(tmp_path)
    _add_source(inputs, "tiny-wire", NEW_ENTITY_TEXT)
    point_app_at(monkeypatch, inputs, build_as_the_app_does(inputs))
    return inputs


def test_check_row_runs_the_etl_validation(project: Inputs) -> None:
    sentence = DAILY.splitlines()[4]
    good = _row({**CANDIDATE, "sentence": sentence})
    assert review.check_row(good, "tiny-daily", project) == []
    bad = _row({**CANDIDATE, "sentence": sentence}, indicator_id="llm_count", entity="Atlantis")
    problems = review.check_row(bad, "tiny-daily", project)
    assert any("unknown entity 'Atlantis'" in p for p in problems)
    assert any("differs from indicator 'llm_count'" in p for p in problems)
    taken = review.check_row(
        _row({**CANDIDATE, "sentence": sentence}, figure_id="caict-llm-count-global"), "tiny-daily"
    )
    assert any("duplicate figure_id" in p for p in taken)
    assert "caict-llm-share-us" not in (project.figures_dir / "tiny-daily.csv").read_text(encoding="utf-8")


def _open() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page(PAGE)
    return at.run()


def test_page_lists_what_is_not_yet_curated(project: Inputs) -> None:
    at = _open()
    assert not at.exception
    assert at.title[0].value == "Review candidates"
    options = at.selectbox(key="review-candidate").options
    assert options[0] == f"44 percent · tiny-daily · characters {AT}-{AT + 10}"
    assert [o.split(" · ")[1] for o in options[1:]] == ["tiny-wire"]
    assert any(code.value.startswith("tiny-daily-44-percent,llm_share,United States,") for code in at.code)
    assert "nan" not in at.code[0].value.split(",")
    assert at.button(key="review-accept")


def test_accepting_appends_a_valid_row(project: Inputs) -> None:
    at = _open()
    at.selectbox(key=f"review-indicator-{KEY}").select("llm_share").run()
    at.button(key="review-accept").click().run()
    assert any("String should have at least 1 character" in t.value for t in at.text)  # nobody named the producer
    at.text_input(key=f"review-attributed-{KEY}").input("CAICT").run()
    at.button(key="review-accept").click().run()
    assert not at.exception
    assert any("Appended tiny-daily-44-percent" in s.value for s in at.success)
    text = (project.figures_dir / "tiny-daily.csv").read_text(encoding="utf-8")
    assert text.splitlines()[-1].startswith("tiny-daily-44-percent,llm_share,United States,")
    build(project, project.data_dir.parent / "rebuilt.duckdb")  # the appended row passes the whole build


def test_rejected_row_is_not_written(project: Inputs) -> None:
    before = (project.figures_dir / "tiny-daily.csv").read_bytes()
    at = _open()
    at.selectbox(key=f"review-indicator-{KEY}").select("llm_share").run()
    at.text_input(key=f"review-attributed-{KEY}").input("CAICT").run()
    at.text_input(key=f"review-figure-id-{KEY}").input("caict-llm-count-global").run()
    at.button(key="review-accept").click().run()
    assert any("duplicate figure_id" in t.value for t in at.text)
    assert (project.figures_dir / "tiny-daily.csv").read_bytes() == before


def test_hosted_app_does_not_offer_the_review_page(project: Inputs, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hosted, the page could only show read-only rows: it is not listed at all (issue 13)."""
    monkeypatch.setenv(config.HOSTED_ENV, "1")
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE)


def test_source_text_is_shown_as_text(project: Inputs) -> None:
    at = _open()
    at.toggle(key="review-curated").set_value(True).run()
    weekly = [o for o in at.selectbox(key="review-candidate").options if "tiny-weekly" in o]
    at.selectbox(key="review-candidate").select(weekly[0]).run()
    shown = " ".join(m.value for m in at.markdown)
    assert "<script>" not in shown and "](javascript" not in shown
    assert "\\<script\\>" in shown


def test_check_row_sees_a_figure_id_taken_in_another_file(project: Inputs) -> None:
    """The duplicate is reported on the other file's line (tiny-daily is read first): still refused."""
    sentence = DAILY.splitlines()[4]
    row = _row({**CANDIDATE, "sentence": sentence}, figure_id="weekly-idc-china-ai-spending-2027")
    problems = review.check_row(row, "tiny-daily", project)
    assert any("duplicate figure_id 'weekly-idc-china-ai-spending-2027'" in p for p in problems), problems


def test_concurrent_appends_lose_nothing_and_report_truly(tmp_path: Path) -> None:
    """Sessions are threads of one process: every reported success is in the file, every row was reported."""
    path = tmp_path / "tiny.csv"
    path.write_text("figure_id,surface\n", encoding="utf-8")
    threads, rounds = 8, 5
    reported: list[str] = []
    failures: list[BaseException] = []
    barrier = threading.Barrier(threads)

    def accept(worker: int) -> None:
        for round_ in range(rounds):
            barrier.wait()
            figure_id = f"w{worker}-r{round_}"
            try:
                review.append_row(path, {"figure_id": figure_id, "surface": "1"})
                reported.append(figure_id)
            except review.ChangedWhileWriting:
                pass
            except BaseException as error:
                failures.append(error)

    workers = [threading.Thread(target=accept, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    written = [line.split(",")[0] for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    assert failures == []
    assert sorted(written) == sorted(reported)
    assert len(written) == threads * rounds
    assert [p.name for p in tmp_path.iterdir()] == ["tiny.csv"]


# --- pre-filled from the extractor: suggested indicator, entity, and a new entity in one click ---------


def test_page_prefills_the_suggested_indicator_and_entity(project: Inputs) -> None:
    at = _open()
    assert at.selectbox(key=f"review-indicator-{KEY}").value == "llm_share"
    assert at.selectbox(key=f"review-entity-{KEY}").value == "United States"
    assert any("Pre-filled with the suggested indicator (confidence" in c.value.replace("\\", "") for c in at.caption)
    assert not any("New entity" in w.value for w in at.warning)


def test_a_link_from_an_extracted_point_opens_its_candidate(project: Inputs) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page(PAGE)
    at.query_params["candidate"] = KEY
    at.run()
    assert at.selectbox(key="review-candidate").value == KEY


def _open_new_entity() -> tuple[AppTest, str]:
    at = _open()
    options = at.selectbox(key="review-candidate").options
    at.selectbox(key="review-candidate").select(next(o for o in options if "tiny-wire" in o)).run()
    return at, str(at.selectbox(key="review-candidate").value)


def test_a_new_entity_is_marked_and_added_in_one_click(project: Inputs) -> None:
    entities = project.data_dir / "entities.csv"
    at, key = _open_new_entity()
    assert any("New entity: Zhipu is not in data/entities.csv yet" in w.value.replace("\\", "") for w in at.warning)
    at.button(key=f"review-add-entity-{key}").click().run()
    assert not at.exception
    assert any("Added Zhipu to" in s.value for s in at.success)
    assert entities.read_text(encoding="utf-8").splitlines()[-1] == "Zhipu,company,"
    found, problems = load_entities(entities)
    assert problems == [] and found["Zhipu"].type == "company"


def test_an_entity_already_known_is_not_added_twice(project: Inputs) -> None:
    entities = project.data_dir / "entities.csv"
    before = entities.read_bytes()
    for name in ("Baidu", "baidu inc", "PRC"):  # a name, an alias, another case
        assert "already in" in review.check_entity(review.entity_row(name, "company"), entities)[0]
    assert review.check_entity(review.entity_row("Zhipu", "planet"), entities)
    with pytest.raises(ValueError, match="already in"):
        review.add_entity(entities, review.entity_row("China", "country"))
    assert entities.read_bytes() == before
