"""Ready views and Overview cards are content: one added to data/views.toml appears after a build, no code changed."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from etl.build import build
from tests.dashboard_fixture import APP, app_database, open_address, write_project
from tests.test_app import chart_ids

ADDED = """
[[view]]
key = "ernie-users-only"
title = "Ernie Bot users alone"
section = "Added views"
icon = ":material/group:"
intro = "Only the users."
indicators = ["chatbot_users"]
entities = ["Baidu"]

[[card]]
title = "Ernie's 2023 calls, as stated"
indicator = "api_calls_daily"
entity = "Baidu"
period = "2023-11"
"""


def test_a_view_and_a_card_added_to_views_toml_appear_after_a_build(tmp_path: Path) -> None:
    inputs = write_project(tmp_path)  # a copy of the data folder, with the repository's data/views.toml
    views_toml = inputs.data_dir / "views.toml"
    views_toml.write_text(views_toml.read_text(encoding="utf-8") + ADDED, encoding="utf-8")
    out = tmp_path / "indicators.duckdb"
    build(inputs, out)
    with app_database(out):
        at = AppTest.from_file(APP, default_timeout=30).run()
        cards = {m.label.replace("\\", ""): m.value for m in at.metric}
        assert cards["Ernie's 2023 calls, as stated"] == "50M", "the added card shows its series' figure"
        open_address(at, "ernie-users-only").run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Ernie Bot users alone"]
    assert chart_ids(at) == {"ernie-users-only-chatbot_users-chart": ["baidu-ernie-bot-users"]}
