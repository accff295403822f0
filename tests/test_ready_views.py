"""The ready views of data/views.toml on the real curated data (built once for the module): what each view puts
side by side."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard import formatting
from etl import config
from etl.build import Inputs, build
from tests.dashboard_fixture import app_database
from tests.test_app import card_text, chart_ids, open_page, plain, select

pytestmark = pytest.mark.skipif(not any(config.corpus_dir().glob("*.txt")), reason="needs the corpus texts")

LLM_INDICATORS = ("llm_share", "llm_count", "llm_releases", "notable_ai_models", "genai_services_filed")


@pytest.fixture(scope="module", autouse=True)
def real_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("real") / "indicators.duckdb"
    build(Inputs(corpus=config.corpus_dir()), out)
    with app_database(out) as path:
        yield path


def _entity_colours(figure: object) -> dict[str, set[str]]:
    """Each entity's colours in a chart, read from its points (customdata[6] names the entity)."""
    found: dict[str, set[str]] = {}
    for trace in figure.data:  # type: ignore[attr-defined]
        colour = trace.marker.color
        marks = colour if isinstance(colour, tuple | list) else [colour] * len(trace.customdata)
        for point, mark in zip(trace.customdata, marks, strict=True):
            found.setdefault(point[6], set()).add(mark)
    return found


@pytest.mark.parametrize("extracted", [False, True], ids=["curated", "with-extracted"])
def test_no_two_entities_share_a_colour_in_any_chart(extracted: bool) -> None:
    """Every indicator's chart, with the extractor's suggestions too: Alibaba, Europe and OpenAI were all violet."""
    from dashboard import blocks, charts, queries

    seen: dict[str, set[str]] = {}
    for indicator_id in queries.catalog().indicators:
        query = queries.Query(indicators=(indicator_id,), extracted=extracted)
        colours = _entity_colours(blocks.chart(query, indicator_id).figure)
        named = {e: c for e, c in colours.items() if e not in charts.REMAINDER_ENTITIES}
        assert all(len(c) == 1 for c in named.values()), (indicator_id, named)
        drawn = [next(iter(c)) for c in named.values()]
        assert len(set(drawn)) == len(drawn), (indicator_id, named)
        for entity, colour in named.items():
            seen.setdefault(entity, set()).update(colour)
    assert {"Alibaba", "Europe", "OpenAI"} <= set(seen)
    assert all(len(c) == 1 for c in seen.values()), "one colour per entity across every chart"


def _descriptions() -> dict[str, str]:
    """Each indicator's description as a reader sees it: another indicator it mentions is named, not its id."""
    with (config.ROOT / "data" / "indicators.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = {row["indicator_id"]: row["name"] for row in rows}
    return {row["indicator_id"]: formatting.named(row["description"], names) for row in rows}


def test_llms_by_country_shows_each_producers_count_with_its_definition() -> None:
    at = open_page("llms-by-country")
    assert not at.exception
    charts = chart_ids(at)
    assert [key.removeprefix("llms-by-country-").removesuffix("-chart") for key in charts] == list(LLM_INDICATORS)
    assert all(charts.values()), "every chart has points"
    captions = [plain(c.value) for c in at.caption]
    for indicator_id in LLM_INDICATORS:
        assert f"What it counts: {_descriptions()[indicator_id]}" in captions, indicator_id
    assert "“Number of large language models”" in _descriptions()["llm_share"], "llm_count named"


def _periods(at, key: str) -> set[str]:
    """The distinct periods of a chart's stated (non-derived) points, read from its figure ids' rows."""
    from dashboard import queries

    return {queries.figure(i)["period"] for i in chart_ids(at)[key] if i and not i.startswith("derived-")}


def test_ernie_view_shows_calls_and_users_over_time_with_the_stated_multiples_checked() -> None:
    at = open_page("ernie-api-calls")
    assert not at.exception
    assert len(_periods(at, "ernie-api-calls-api_calls_daily-chart")) >= 5
    assert len(_periods(at, "ernie-api-calls-chatbot_users-chart")) >= 5
    checks = next(d.value for d in at.dataframe if "Check" in d.value.columns)
    status = dict(zip(checks["Check"], checks["Status"], strict=True))
    assert any("30" in c and s == "pass" for c, s in status.items()), status
    assert any("10 times" in c and s == "pass" for c, s in status.items()), status
    assert any("nearly doubling" in c and s == "pass" for c, s in status.items()), status


def _vintages(ids: list[str]) -> set[str]:
    """The publication dates (vintages) of the sources of a chart's stated points."""
    from dashboard import queries

    return {queries.figure(i)["vintage"] for i in ids if i and not i.startswith("derived-")}


@pytest.mark.parametrize(
    ("page", "chart", "least"),
    [("gartner-ai-spending", "ai_spending_it_markets", 2), ("idc-ai-spending", "ai_spending", 5)],
)
def test_forecast_views_draw_points_of_several_vintages_each_opening_its_quote(page: str, chart: str, least: int):
    at = open_page(page)
    assert not at.exception
    key = f"{page}-{chart}-chart"
    ids = chart_ids(at)[key]
    assert len(_vintages(ids)) >= least
    select(at, key, ids[-1])
    assert not at.exception
    assert "As written:" in card_text(at), "the point opens its quote"
