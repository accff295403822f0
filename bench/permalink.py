"""Where a `?figure=` permalink's time goes, in Debian's chromium (issue 12: its quote in view within 2 s).

`python -m bench.permalink [--runs N]` starts the app, opens the page once (a returning visitor's browser has
the app's code cached), then follows the link N times per screen size and prints, in milliseconds from the
navigation, when each stage was reached (median, min-max):

- `socket`: the page's websocket opened (the browser has loaded Streamlit's page and code: not ours);
- `session`: the server said the session started; `first delta`: the script drew its first element;
- `dialog sent`: the message holding the dialog ("Quote and source") came; `script finished`: the run ended;
- `dialog in page`, `quote in view`: seen in the page on each animation frame (the quote's sentence wholly
  inside the window, as tests/test_browser.py's `quote_in_view_within` requires).

The stages from `session` on are the server's and the page's work, the part the app controls.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Iterable, Sequence

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.browser import launch, streamlit
from deploy.cluster import wait_healthy

PATH = "llms-by-country"
FIGURE = "caict-llm-count-global"
SIZES = {"desktop": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}
DIALOG_TITLE = b"Quote and source"
MESSAGE_STAGES = {"new_session": "session", "delta": "first delta", "script_finished": "script finished"}
"""Streamlit's message types (ForwardMsg) that mark a server stage."""
STAGES = ("socket", "session", "first delta", "dialog sent", "script finished", "dialog in page", "quote in view")
WATCH = """
window.aiiStages = {};
const reached = (stage) => { if (!(stage in window.aiiStages)) window.aiiStages[stage] = performance.now(); };
const inside = (box) => box.width > 0 && box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight + 1
  && box.right <= innerWidth + 1;
const watch = () => {
  if (document.querySelector("[role=dialog]")) reached("dialog in page");
  const card = document.querySelector("[class*='quote-card']");
  const texts = card && document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
  while (texts && texts.nextNode()) {
    if (texts.currentNode.nodeValue.includes("\\u201c")) {
      if (inside(texts.currentNode.parentElement.getBoundingClientRect())) reached("quote in view");
      break;
    }
  }
  requestAnimationFrame(watch);
};
requestAnimationFrame(watch);
"""
"""Run in the page before Streamlit's code: marks the page's stages in milliseconds from the navigation."""


def socket_stages(frames: Iterable[tuple[float, bytes | str]]) -> dict[str, float]:
    """The first time (as given) of each server stage in the websocket frames received, (time, payload)."""
    found: dict[str, float] = {}
    for at, payload in frames:
        if isinstance(payload, str):
            continue
        kind = ForwardMsg.FromString(payload).WhichOneof("type")
        if kind in MESSAGE_STAGES:
            found.setdefault(MESSAGE_STAGES[kind], at)
        if DIALOG_TITLE in payload:
            found.setdefault("dialog sent", at)
    return found


def follow(browser: object, url: str, size: str, timeout_ms: int = 60_000) -> dict[str, float]:
    """One permalink followed in a new browser context of `size`: milliseconds from the navigation per stage."""
    phone = {"is_mobile": True, "has_touch": True} if size == "phone" else {}
    context = browser.new_context(viewport=SIZES[size], **phone)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(f"{url}/{PATH}", timeout=timeout_ms)
        page.wait_for_function("() => document.querySelector('.js-plotly-plot .main-svg')", timeout=timeout_ms)
        page.add_init_script(WATCH)
        frames: list[tuple[float, bytes | str]] = []
        opened: list[float] = []

        def on_socket(socket: object) -> None:
            opened.append(time.perf_counter())
            socket.on("framereceived", lambda payload: frames.append((time.perf_counter(), payload)))  # type: ignore[attr-defined]

        page.on("websocket", on_socket)
        started = time.perf_counter()
        page.goto(f"{url}/{PATH}?figure={FIGURE}", timeout=timeout_ms)
        page.wait_for_function("() => window.aiiStages && 'quote in view' in window.aiiStages", timeout=timeout_ms)
        page.wait_for_timeout(500)  # the run's last messages
        stages = {name: (at - started) * 1000 for name, at in socket_stages(frames).items()}
        stages["socket"] = (opened[0] - started) * 1000
        return {**stages, **page.evaluate("() => window.aiiStages")}
    finally:
        context.close()


def summary(runs: Sequence[dict[str, float]]) -> list[str]:
    """One line per stage: median (min-max) over the runs that reached it."""
    lines = []
    for stage in STAGES:
        times = [run[stage] for run in runs if stage in run]
        if times:
            spread = f"{min(times):.0f}-{max(times):.0f}, {len(times)} runs"
            lines.append(f"  {stage:16} {statistics.median(times):6.0f} ms ({spread})")
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="links followed per screen size (default 5)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}  # $AII_DB or the app's own database
    with streamlit("app.py", env) as (url, process), sync_playwright() as playwright:
        wait_healthy(url, [process])
        browser = launch(playwright)
        for size in SIZES:
            runs = [follow(browser, url, size) for _ in range(args.runs)]
            print(f"{size} {SIZES[size]['width']}x{SIZES[size]['height']}, ms from the navigation "
                  f"(load average {os.getloadavg()[0]:.1f}):")  # fmt: skip
            print("\n".join(summary(runs)), flush=True)
        browser.close()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
