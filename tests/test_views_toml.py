"""Ready views and Overview cards are data (data/views.toml): the build checks them and writes their tables."""

from __future__ import annotations

import duckdb
import pytest

from etl.__main__ import main
from tests.conftest import Project

VIEWS = """\
[[view]]
key = "explore"
title = "Explore"
section = "Dashboard"
icon = ":material/query_stats:"
intro = "Choose anything."
indicators = ["ai_spending", "chatbot_users"]
catalogue = true

[[view]]
key = "spending"
title = "Spending forecasts"
section = "Ready views"
icon = ":material/payments:"
intro = "What was predicted, when."
indicators = ["ai_spending"]
entities = ["China"]
producers = ["IDC"]
kinds = ["forecast"]
charts = { ai_spending = "vintages" }

[[card]]
title = "Ernie Bot users"
indicator = "chatbot_users"
entity = "Baidu"
kind = "reported"
related = [{ indicator = "ai_spending", entity = "China", period = "2027" }]

[[overview_chart]]
indicator = "chatbot_users"
entities = ["Baidu"]
"""


def _build(project: Project, views: str) -> int:
    (project.root / "data" / "views.toml").write_text(views, encoding="utf-8")
    return main([*project.cli_args(), "--no-candidates"])


def _rows(project: Project, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(project.out), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_declared_views_and_cards_become_rows_of_their_tables(project: Project) -> None:
    assert _build(project, VIEWS) == 0
    assert _rows(project, "SELECT view_id, position, section, indicators, entities, kinds, catalogue FROM views "
                          "ORDER BY position") == [
        ("explore", 1, "Dashboard", ["ai_spending", "chatbot_users"], [], [], True),
        ("spending", 2, "Ready views", ["ai_spending"], ["China"], ["forecast"], False),
    ]  # fmt: skip
    assert _rows(project, "SELECT * FROM view_charts") == [("spending", "ai_spending", "vintages")]
    assert _rows(project, "SELECT * FROM overview_cards ORDER BY card, line") == [
        (1, 0, "figure", "Ernie Bot users", "chatbot_users", "Baidu", "reported", None, None),
        (1, 1, "related", None, "ai_spending", "China", None, None, "2027"),
    ]
    assert _rows(project, "SELECT * FROM overview_charts") == [(1, "chatbot_users", ["Baidu"])]


def test_without_views_toml_nothing_is_declared(project: Project) -> None:
    assert main([*project.cli_args(), "--no-candidates"]) == 0
    assert _rows(project, "SELECT count(*) FROM views") == [(0,)]


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        ('indicators = ["ai_spending"]\n', 'indicators = ["ai_spending", "no_such"]\n',
         "data/views.toml:16: view.1.indicators.1: unknown indicator 'no_such': not in data/indicators.csv"),
        ('charts = { ai_spending = "vintages" }', 'charts = { nope = "vintages" }',
         "data/views.toml:20: view.1.charts.nope: unknown indicator 'nope': not in data/indicators.csv"),
        ('entities = ["China"]', 'entities = ["Atlantis"]',
         "data/views.toml:17: view.1.entities.0: unknown entity 'Atlantis': not in data/entities.csv"),
        ('entity = "China", period', 'entity = "Mars", period',
         "data/views.toml:27: card.0.related.0.entity: unknown entity 'Mars': not in data/entities.csv"),
        ('indicator = "chatbot_users"\nentities', 'indicator = "gone"\nentities',
         "data/views.toml:30: overview_chart.0.indicator: unknown indicator 'gone': not in data/indicators.csv"),
        ('charts = { ai_spending = "vintages" }', 'charts = { ai_spending = "pie" }',
         "data/views.toml:20: view.1.charts.ai_spending: Input should be"),
        ('key = "spending"', 'key = "overview"',
         "data/views.toml:11: view.1.key: Value error, 'overview' is the address of one of the app's own pages"),
        ('kinds = ["forecast"]', 'kinds = ["guess"]', "data/views.toml:19: view.1.kinds.0: Input should be"),
        ('period = "2027"', 'period = "someday"', "data/views.toml:27: card.0.related.0.period: Value error"),
        ('section = "Ready views"', 'section = "Ready views"\ncatalogue = true',
         "data/views.toml:1: view: Value error, exactly one view has catalogue = true"),
        ('title = "Ernie Bot users"\n', "", "data/views.toml:22: card.0.title: Field required"),
        ("[[overview_chart]]", "[[overview_chart]", "data/views.toml:29: toml: "),
    ],
)  # fmt: skip
def test_a_bad_declaration_fails_the_build_naming_file_line_and_field(
    project: Project, capsys: pytest.CaptureFixture[str], old: str, new: str, error: str
) -> None:
    assert _build(project, VIEWS) == 0
    before = project.out.read_bytes()
    assert old in VIEWS
    assert _build(project, VIEWS.replace(old, new, 1)) == 1
    assert error in capsys.readouterr().err.replace(f"{project.root}/", "")
    assert project.out.read_bytes() == before, "the previous database is left untouched"
