"""The query module: read-only, parameters bound, results cached per database file."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest

from dashboard import queries
from etl.build import build
from etl.vocabulary import DERIVED_PRODUCER
from tests.dashboard_fixture import app_database, build_fixture_db, write_project


def test_figures_join_provenance_and_mark_derived(database: Path) -> None:
    rows = queries.figures(indicators=("llm_share",)).set_index("figure_id")
    assert set(rows.index) == {
        "caict-llm-share-china", "caict-llm-share-us", "caict-llm-share-china-over-one-third", "derived-llm-share-other"
    }  # fmt: skip
    stated = rows.loc["caict-llm-share-us"]
    assert (stated["publisher"], stated["title"], stated["vintage"]) == (
        "Tiny Daily",
        "Tiny daily article",
        "2025-01-20",
    )
    assert stated["label"] == "44%" and stated["verified"] and not stated["derived"]
    assert "#:~:text=" in stated["link"]
    derived = rows.loc["derived-llm-share-other"]
    assert derived["derived"] and derived["attributed_to"] == DERIVED_PRODUCER and derived["doc_id"] == "tiny-daily"
    assert derived["based_on"] == "CAICT", "the producer of its inputs, kept apart"
    assert list(derived["inputs"]) == ["caict-llm-share-china", "caict-llm-share-us"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"indicators": ("ai_spending",), "entities": ("China",), "derived": False},
         {"idc-china-ai-spending-2027", "weekly-idc-china-ai-spending-2027"}),
        ({"indicators": ("ai_spending",), "sources": ("tiny-weekly",)}, {"weekly-idc-china-ai-spending-2027"}),
        ({"kinds": ("estimate",), "indicators": ("llm_count",)},
         {"derived-llm-count-china", "derived-llm-count-us", "derived-llm-count-other"}),
        ({"producers": ("Baidu",), "year_from": 2024, "year_to": 2024, "derived": False},
         {"baidu-ernie-api-calls-2024-11", "baidu-ernie-api-calls-growth", "baidu-ernie-bot-users"}),
        ({"indicators": ("x' OR 1=1 --",)}, set()),
        ({"entities": ("China'); DROP TABLE figures; --",)}, set()),
    ],
)  # fmt: skip
def test_filters_are_bound_parameters(database: Path, filters: dict[str, object], expected: set[str]) -> None:
    assert set(queries.figures(**filters)["figure_id"]) == expected
    assert len(queries.figures()) == 21, "nothing was dropped"


def test_figure_by_id(database: Path) -> None:
    assert queries.figure("caict-llm-share-us")["surface"] == "44 percent"
    assert queries.figure("derived-global-ai-spending-2027")["formula"].startswith("China 2027 spending")
    assert queries.figure("no-such-figure") is None
    assert queries.figure("' OR 1=1 --") is None


def test_catalog_lists_known_ids(database: Path) -> None:
    catalog = queries.catalog()
    assert catalog.charts["llm_share"] == "share" and catalog.charts["ai_spending"] == "line"
    assert "Other countries" in catalog.entities and "derived-llm-share-other" in catalog.figure_ids
    assert catalog.sources == {"tiny-daily": "Tiny daily article", "tiny-weekly": "Tiny weekly [article]"}
    assert catalog.years == (2023, 2030)


def test_table_accepts_only_known_names(database: Path) -> None:
    assert len(queries.table("sources")) == 2
    with pytest.raises(ValueError, match="unknown table"):
        queries.table("sources; DROP TABLE figures")


def test_connection_is_read_only_without_file_access(database: Path) -> None:
    with queries.connect(database) as con:
        with pytest.raises(duckdb.Error, match=r"read-only|read only"):
            con.execute("DELETE FROM figures")
        with pytest.raises(duckdb.Error, match=r"disabled|external"):
            con.execute("SELECT * FROM read_csv('/etc/passwd')")


def test_results_follow_a_rebuilt_database(tmp_path: Path) -> None:
    path = build_fixture_db(tmp_path / "first")
    with app_database(path):
        before = queries.build_id()
        assert len(queries.figures(indicators=("chatbot_users",))) == 1
        inputs = write_project(tmp_path / "second")
        figures_csv = inputs.data_dir / "figures" / "tiny-daily.csv"
        kept = [line for line in figures_csv.read_text().splitlines() if "baidu-ernie-bot-users" not in line]
        figures_csv.write_text("\n".join(kept) + "\n")
        build(inputs, path)
        assert queries.build_id() != before
        assert queries.figures(indicators=("chatbot_users",)).empty


def test_columns_lists_tables_and_views(database: Path) -> None:
    tables = set(queries.columns()["table_name"])
    assert set(queries.TABLES) <= tables


def test_connection_settings_are_locked_after_set_up(database: Path) -> None:
    with queries.connect(database) as con:
        for setting in ("SET memory_limit = '1GB'", "SET threads = 1", "SET enable_external_access = true"):
            with pytest.raises(duckdb.Error):
                con.execute(setting)


def test_a_filter_that_matches_nothing_gives_an_empty_table_not_an_error(database: Path) -> None:
    rows = queries.figures(indicators=("ai_spending",), kinds=("target",), year_from=2020, year_to=2030)
    assert rows.empty and "label" in rows.columns


def test_a_shared_result_is_computed_once_for_a_crowd_arriving_at_once() -> None:
    calls: list[str] = []
    started = threading.Event()

    @queries.shared(maxsize=4)
    def slow(key: str) -> list[str]:
        calls.append(key)
        started.wait(1)  # every other caller arrives while the first computes
        return [key]

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(slow, "chart") for _ in range(8)]
        started.set()
        results = [future.result(timeout=10) for future in futures]
    assert calls == ["chart"]
    assert all(result is results[0] for result in results), "every session receives the same object"
    assert slow("other") == ["other"] and calls == ["chart", "other"], "other arguments, another result"


def test_a_figure_row_is_shared_read_only(database: Path) -> None:
    row = queries.figure("caict-llm-share-us")
    assert row is not None and row is queries.figure("caict-llm-share-us")
    with pytest.raises(TypeError):
        row["value"] = 0  # type: ignore[index]
