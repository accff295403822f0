"""What every page sends the browser besides Streamlit's elements: the stylesheet and the scripts."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import screen
from etl import config
from tests.dashboard_fixture import app_database, build_fixture_db


@pytest.mark.parametrize("asset", [screen.STYLESHEET, *screen.SCRIPTS], ids=lambda path: path.name)
def test_assets_hold_no_angle_bracket(asset) -> None:
    """Streamlit sanitises st.html: a '<' even inside a comment ('<view>') made it drop the whole script."""
    assert "<" not in asset.read_text(encoding="utf-8")


def test_every_page_run_sends_the_stylesheet_and_the_scripts(tmp_path) -> None:
    with app_database(build_fixture_db(tmp_path)):
        at = AppTest.from_file(str(config.ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception
    sent = [element.proto.body for element in at.get("html")]
    assert any(body.startswith("<style>") and "-charts" in body for body in sent)
    scripts = next(body for body in sent if body.startswith("<script>"))
    assert all(script.read_text(encoding="utf-8").strip() in scripts for script in screen.SCRIPTS)
