"""The app in Debian's chromium (Playwright): time to the first chart, and 20 sessions at once.

Only loopback addresses are used; every wait has a time limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import psutil

from bench.report import CHROMIUM
from bench.ws_clients import TOGGLE_LABEL, Report
from deploy.cluster import app_command, free_port, stop, wait_healthy
from etl import config

BROWSER_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]  # fmt: skip
CHART_DRAWN = "() => document.querySelectorAll('.js-plotly-plot .trace').length > 0"
"""A Plotly chart has drawn at least one trace (the same test for the app and the minimal app)."""
CHART_DATA = """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
    .map(g => (g.data || []).map(t => (t.x || t.y || []).length).join('+')).join('|')"""
"""A signature of the data every chart on the page holds: changes when a chart is redrawn with other data."""


@contextmanager
def streamlit(app: str, env: dict[str, str], port: int | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """`streamlit run app` on 127.0.0.1 (a free port), as the deployed processes run; stopped on exit."""
    port = port or free_port()
    process = subprocess.Popen(
        app_command(port, app), cwd=config.ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        yield f"http://127.0.0.1:{port}", process
    finally:
        stop([process])


def launch(playwright: object) -> object:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)  # type: ignore[attr-defined]


def first_chart(browser: object, app: str, env: dict[str, str], path: str = "", timeout: float = 120) -> float:
    """Seconds from `streamlit run` to the first Plotly chart drawn in the browser (already running)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    try:
        started = time.perf_counter()
        with streamlit(app, env) as (url, process):
            wait_healthy(url, [process], timeout)
            page.goto(f"{url}/{path}", timeout=timeout * 1000)
            page.wait_for_function(CHART_DRAWN, timeout=timeout * 1000)
            return time.perf_counter() - started
    finally:
        page.close()


def resident(pids: Sequence[int]) -> int:
    """Resident memory of some processes and their children, in bytes (those that have exited count 0)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(psutil.NoSuchProcess):
            process = psutil.Process(pid)
            total += process.memory_info().rss
            for child in process.children(recursive=True):
                with contextlib.suppress(psutil.NoSuchProcess):
                    total += child.memory_info().rss
    return total


@dataclass
class Concurrency(Report):
    """Browser sessions' times (open, then change the filter: `filter_times`) and the server's memory."""

    memory_start: int = 0
    memory_peak: int = 0
    memory_end: int = 0


async def _session(browser: object, url: str, index: int, result: Concurrency, timeout_ms: int) -> object | None:
    context = await browser.new_context(viewport={"width": 1400, "height": 1600})  # type: ignore[attr-defined]
    page = await context.new_page()
    page.on("pageerror", lambda error: result.errors.append(f"session {index}: page error: {error}"))
    started = time.perf_counter()
    try:
        await page.goto(url, timeout=timeout_ms)
        await page.wait_for_function(CHART_DRAWN, timeout=timeout_ms)
    except Exception as error:
        result.errors.append(f"session {index}: opening: {type(error).__name__}: {error}".splitlines()[0])
        await context.close()
        return None
    result.open_times.append(time.perf_counter() - started)
    return context, page


async def _change_filter(page: object, index: int, expected: str, result: Concurrency, timeout_ms: int) -> None:
    started = time.perf_counter()
    try:
        await page.get_by_text(TOGGLE_LABEL).click(timeout=timeout_ms)  # type: ignore[attr-defined]
        await page.wait_for_function(  # type: ignore[attr-defined]
            f"expected => ({CHART_DATA})() === expected", arg=expected, timeout=timeout_ms
        )
        result.filter_times.append(time.perf_counter() - started)
        if await page.locator('[data-testid="stException"]').count():  # type: ignore[attr-defined]
            result.errors.append(f"session {index}: the page shows an exception")
    except Exception as error:
        result.errors.append(f"session {index}: update: {type(error).__name__}: {error}".splitlines()[0])


async def _concurrency(url: str, process: subprocess.Popen, sessions: int, timeout: float) -> Concurrency:
    from playwright.async_api import async_playwright

    result = Concurrency(sessions)
    timeout_ms = int(timeout * 1000)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        # A probe session learns what the charts hold once the filter is changed.
        probe = await _session(browser, url, -1, Concurrency(1), timeout_ms)
        if probe is None:
            raise RuntimeError("the probe session could not open the page")
        probe_context, probe_page = probe  # type: ignore[misc]
        before = await probe_page.evaluate(CHART_DATA)
        await probe_page.get_by_text(TOGGLE_LABEL).click(timeout=timeout_ms)
        await probe_page.wait_for_function(f"b => ({CHART_DATA})() !== b", arg=before, timeout=timeout_ms)
        await asyncio.sleep(2)  # let every chart settle
        expected = await probe_page.evaluate(CHART_DATA)
        await probe_context.close()
        await asyncio.sleep(3)
        result.memory_start = resident([process.pid])
        opened = await asyncio.gather(*(_session(browser, url, i, result, timeout_ms) for i in range(sessions)))
        live = [session for session in opened if session is not None]
        result.memory_peak = resident([process.pid])
        await asyncio.gather(
            *(_change_filter(page, i, expected, result, timeout_ms) for i, (_, page) in enumerate(live))  # type: ignore[misc]
        )
        result.memory_peak = max(result.memory_peak, resident([process.pid]))
        for context, _ in live:  # type: ignore[misc]
            await context.close()
        await browser.close()
    await asyncio.sleep(10)  # sessions end when their websockets close
    result.memory_end = resident([process.pid])
    return result


def concurrency(app: str, env: dict[str, str], path: str, sessions: int = 20, timeout: float = 60) -> Concurrency:
    """`sessions` browser sessions open `path` at once, then all change the same filter at once."""
    with streamlit(app, env) as (url, process):
        wait_healthy(url, [process])
        return asyncio.run(_concurrency(f"{url}/{path}", process, sessions, timeout))
