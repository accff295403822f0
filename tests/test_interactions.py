"""What a click and a filter change rerun on a real app process, seen as the browser sees it (websocket
sessions of bench/ws_clients.py): AppTest always runs the whole page, so only a served app shows which
fragment a widget's change reruns.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
from collections.abc import Iterator

import pytest

from bench import ws_clients
from deploy import cluster
from etl import config
from tests.dashboard_fixture import build_fixture_db


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One `streamlit run app.py` process on the fixture database, as deployed."""
    db = build_fixture_db(tmp_path_factory.mktemp("interactions"))
    port = cluster.free_port()
    env = {**os.environ, config.DB_ENV: str(db)}
    process = subprocess.Popen(
        cluster.app_command(port), cwd=config.ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        url = f"http://127.0.0.1:{port}"
        cluster.wait_healthy(url, [process])
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


async def _click_after_filter(url: str) -> tuple[ws_clients.Session, ws_clients.Reply, ws_clients.Reply]:
    session = ws_clients.Session(url, "explore", timeout=60)
    try:
        await session.open()
        charts = len(session.charts)
        changed = await session.change_filter()
        assert len(session.charts) == charts, "a filter change redraws every chart of the view"
        clicked = await session.click_point()
        return session, changed, clicked
    finally:
        await session.close()


def test_a_click_draws_only_the_quote_and_a_filter_only_the_view(app_url: str) -> None:
    session, changed, clicked = asyncio.run(_click_after_filter(app_url))
    assert changed.fragment_id and changed.charts, "the filter reran the view's fragment, which drew its charts"
    assert not changed.exceptions and not clicked.exceptions
    assert clicked.charts == [], "a click draws no chart again: the chart clicked stays as drawn"
    assert clicked.elements > 0, "the quote card was drawn"
    assert f"figure={session.clicked}" in session.query_string, "the address names the clicked figure"
