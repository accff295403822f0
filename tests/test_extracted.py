"""Extracted, unreviewed figures on Explore's charts (issue 11 item 5): the switch, their quote card, their CSV rows.

The fixture project lacks the curated figure of "44 percent" (the United States' share of LLMs), so the
extractor's candidate for it is unreviewed; its suggested indicator is llm_share, one of Explore's charts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts, downloads, queries
from dashboard.formatting import EXTRACTED
from tests.dashboard_fixture import (
    DAILY,
    build_as_the_app_does,
    point_app_at,
    prepared,
    write_unreviewed_project,
)

AT = DAILY.index("44 percent")
KEY = f"{queries.EXTRACTED_PREFIX}tiny-daily:{AT}-{AT + len('44 percent')}"
CHART = "explore-llm_share-chart"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The fixture project without its '44 percent' figure, texts present, built with candidates and suggestions."""
    root = tmp_path_factory.mktemp("extracted")
    inputs = write_unreviewed_project(root)
    db = build_as_the_app_does(inputs)
    with pytest.MonkeyPatch.context() as patch:
        point_app_at(patch, inputs, db)
        yield root


@pytest.fixture
def confident(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixture's tiny indicator descriptions make every suggestion unsure: draw those above 0.1."""
    monkeypatch.setattr(queries, "EXTRACTED_MIN_CONFIDENCE", 0.1)


def explore(**params: str) -> AppTest:
    return prepared("explore", **params).run()


def traces(at: AppTest, key: str = CHART) -> list[dict[str, object]]:
    chart = next(c for c in at.get("plotly_chart") if c.proto.id.endswith(key))
    return json.loads(chart.proto.spec)["data"]


def point_ids(at: AppTest, key: str = CHART) -> list[str]:
    return [point[0] for trace in traces(at, key) for point in trace.get("customdata", [])]


def test_switch_is_off_by_default_and_draws_no_extracted_point(project: Path, confident: None) -> None:
    at = explore()
    assert not at.exception
    assert at.toggle(key="explore-extracted").value is False
    assert not [i for ids in map(point_ids, [at]) for i in ids if i.startswith(queries.EXTRACTED_PREFIX)]
    assert all(EXTRACTED not in str(trace.get("name")) for trace in traces(at))


def test_switch_on_draws_the_candidate_labelled_and_keeps_it_in_the_url(project: Path, confident: None) -> None:
    at = explore()
    at.toggle(key="explore-extracted").set_value(True).run()
    assert not at.exception
    assert at.query_params["extracted"] == "1"
    extracted = [t for t in traces(at) if KEY in [p[0] for p in t.get("customdata", [])]]
    assert len(extracted) == 1 and extracted[0]["name"] == EXTRACTED
    assert extracted[0]["marker"]["symbol"] == [charts.EXTRACTED_SYMBOL]
    assert EXTRACTED in extracted[0]["customdata"][0][4]  # the hover says so too
    assert "caict-llm-share-china" in point_ids(at), "the curated figures stay"
    table = next(d.value for d in at.dataframe if d.proto.id.endswith("explore-llm_share-table"))
    kinds = list(table.loc[table["Figure id"] == KEY, "Kind"])
    assert len(kinds) == 1 and kinds[0].endswith(f", {EXTRACTED}")  # the kind is the extractor's guess


def test_switch_in_the_url_is_restored(project: Path, confident: None) -> None:
    at = explore(extracted="1")
    assert at.toggle(key="explore-extracted").value is True
    assert KEY in point_ids(at)


def test_unsure_or_unplaced_candidates_are_listed_not_drawn(project: Path) -> None:
    at = explore(extracted="1")
    assert KEY not in point_ids(at)
    listed = next(d.value for d in at.dataframe if "Not drawn" in d.value)
    assert list(listed["Figure"]) == ["44 percent"]
    assert listed["Not drawn"].iloc[0] == f"confidence below {queries.EXTRACTED_MIN_CONFIDENCE:g}"
    assert any(
        "Not drawn: 1 more extracted, unreviewed figure suggested" in c.value.replace("\\", "") for c in at.caption
    )


def test_quote_card_of_an_extracted_point_says_it_is_unreviewed(project: Path, confident: None) -> None:
    at = explore(extracted="1")
    at.session_state[CHART] = {
        "selection": {"points": [{"customdata": [KEY, "", "", "", "", "", ""]}], "point_indices": [0], "box": [],
                      "lasso": []}
    }  # fmt: skip
    at.run()
    assert not at.exception
    assert at.query_params["figure"] == KEY
    warning = " ".join(w.value for w in at.warning)
    confidence = queries.extracted_one(KEY)["indicator_confidence"]  # the fixture's indicators decide it
    assert "Machine-extracted, not reviewed" in warning and f"confidence {confidence:.2f} (0 to 1)" in warning
    text = "\n".join(t.value for t in at.text)
    assert "As written: 44 percent" in text and "Published by: Tiny Daily" in text
    assert any("44 percent" in m.value and "United States" in m.value for m in at.markdown)
    review = [link for link in at.get("page_link") if "Review it" in link.proto.label]
    assert review and review[0].proto.query_string == "candidate=tiny-daily%3A515-525"
    assert not any("Cite this figure" in c.value for c in at.caption), "no citation of ours for an unreviewed figure"


def test_a_link_to_an_extracted_point_opens_its_card(project: Path) -> None:
    at = explore(extracted="1", figure=KEY)
    assert not at.exception
    assert "As written: 44 percent" in "\n".join(t.value for t in at.text)


@pytest.mark.parametrize("page", ["overview", "sources", "checks"])
def test_every_page_opens_a_link_to_an_extracted_point(project: Path, page: str) -> None:
    at = prepared(page, figure=KEY).run()
    assert not at.exception and not any("no such figure" in w.value for w in at.warning)
    assert "As written: 44 percent" in "\n".join(t.value for t in at.text)


def test_a_link_to_a_candidate_that_is_not_there_says_so(project: Path) -> None:
    at = explore(figure=f"{queries.EXTRACTED_PREFIX}tiny-daily:0-2")
    assert "no such figure" in " ".join(w.value for w in at.warning)
    assert at.get("plotly_chart"), "the page is drawn, with no quote open"


def test_csv_marks_the_extracted_rows(project: Path, confident: None) -> None:
    from dashboard import blocks

    query = queries.Query(indicators=("llm_share",), extracted=True)
    rows = blocks.chart(query, "llm_share").rows
    table = downloads.chart_table(rows, "b", queries.table_columns("figures"))
    marked = table[table["review_status"] == EXTRACTED]
    assert list(marked["surface"]) == ["44 percent"]
    assert marked["figure_id"].isna().all(), "an extracted row is no figure of ours"
    assert (marked["surface_start"].iloc[0], marked["doc_id"].iloc[0]) == (AT, "tiny-daily")
    stated = queries.extracted_one(KEY)["indicator_confidence"]  # candidates.indicator_confidence
    assert float(marked["suggestion_confidence"].iloc[0]) == pytest.approx(stated) and stated > 0
    assert set(table.loc[table["review_status"] != EXTRACTED, "review_status"]) == {"reviewed"}
    assert pd.isna(table.loc[table["review_status"] == "reviewed", "suggestion_confidence"]).all()


def test_extracted_rows_are_not_counted_as_figures_shown() -> None:
    """A chart says 'Showing n of m figures' of the curated ones, wherever an extracted row sorts."""
    rows = pd.DataFrame({"figure_id": [KEY, "a", "b"], "matched": [None, 5, 5]})
    assert queries.shown_of(rows) == (2, 5)
    assert queries.shown_of(rows.iloc[:1]) == (0, 0)
