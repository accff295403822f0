"""Queries that keep pages fast at a million figures: the catalog from SQL, charts cut to recent sources."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import synthetic
from dashboard import queries
from etl.build import Inputs, build
from tests.dashboard_fixture import app_database


def _catalog_from_every_row() -> dict[str, object]:
    """The catalog as first defined: computed from every figure (stated and derived) in Python."""
    rows = queries.figures(per_indicator=None)
    return {
        "entities": tuple(sorted(set(rows["entity"]))),
        "producers": tuple(sorted(set(rows["attributed_to"]))),
        "kinds": tuple(k for k in ("reported", "forecast", "estimate", "target") if k in set(rows["kind"])),
        "years": (int(rows["period_start"].dt.year.min()), int(rows["period_end"].dt.year.max())),
        "indicators": set(rows["indicator_id"]),
        "figure_ids": set(rows["figure_id"]),
    }


def test_catalog_from_sql_equals_the_catalog_from_every_row(database: Path) -> None:
    catalog, expected = queries.catalog(), _catalog_from_every_row()
    assert (catalog.entities, catalog.producers, catalog.kinds, catalog.years) == (
        expected["entities"], expected["producers"], expected["kinds"], expected["years"],
    )  # fmt: skip
    assert set(catalog.indicators) == expected["indicators"] == set(catalog.charts)
    assert set(catalog.figure_ids) == expected["figure_ids"]
    assert len(catalog.figure_ids) == len(expected["figure_ids"])
    assert "derived-llm-share-other" in catalog.figure_ids and "no-such-figure" not in catalog.figure_ids
    assert {"caict-llm-count-global"} <= catalog.figure_ids


def test_catalog_is_read_only(database: Path) -> None:
    with pytest.raises(TypeError):
        queries.catalog().sources["x"] = "y"  # type: ignore[index]


def test_small_results_are_whole_and_say_so(database: Path) -> None:
    rows = queries.figures(indicators=("llm_share",))
    assert queries.shown_of(rows) == (len(rows), len(rows))
    assert set(rows["matched_all"]) == {len(rows)}


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A synthetic tree of 40 sources (about 800 figures) built into a database."""
    root = tmp_path_factory.mktemp("big")
    synthetic.generate(root / "tree", scale=8)
    out = root / "big.duckdb"
    build(Inputs(seeds_dir=root / "tree/seeds", data_dir=root / "tree/data", corpus=root / "tree/corpus"), out)
    with app_database(out):
        yield out


def test_charts_get_whole_recent_sources_and_the_count_of_all(big: Path) -> None:
    everything = queries.figures(per_indicator=None)
    indicator = everything["indicator_id"].value_counts().index[0]
    every = everything[everything["indicator_id"] == indicator]
    cut = queries.figures(indicators=(indicator,), per_indicator=3)
    assert 0 < len(cut) < len(every)
    assert queries.shown_of(cut) == (len(cut), len(every))
    kept = set(cut["doc_id"])
    whole = every[every["doc_id"].isin(kept)]
    assert sorted(cut["figure_id"]) == sorted(whole["figure_id"]), "sources are kept whole"
    newest = every.sort_values("published", ascending=False)["published"].iloc[0]
    assert newest in set(cut["published"])
    assert len(queries.figures(per_indicator=queries.CHART_ROWS)) <= queries.CHART_ROWS * 40


def test_data_page_limit_keeps_the_total(big: Path) -> None:
    rows = queries.figures(per_indicator=None, limit=50)
    assert len(rows) == 50
    assert queries.shown_of(rows, "matched_all")[1] == len(queries.figures(per_indicator=None))


def test_checks_limit_and_counts(big: Path) -> None:
    counts = queries.check_counts()
    assert sum(counts.values()) == len(queries.checks())
    assert len(queries.checks(limit=2)) == min(2, sum(counts.values()))
    assert queries.recent_sources(3) == list(queries.sources()["doc_id"].head(3))
