"""Server time of each app page, headless (Streamlit AppTest), for one database.

    uv run --group bench python -m bench.app_pages --db bench/corpus/x1000.duckdb [--runs 3]

Prints one JSON object on a line of its own: per page, the first render in a new session (its own
queries not yet cached; queries shared with pages measured before it, such as the catalog of ids,
are) and the re-renders after it (cached queries: what each click costs), in seconds, plus the
largest number of points any chart sent. A light page is run first, untimed, to import the app and
open the database. Runs in its own process so that caches start empty.
"""

from __future__ import annotations

import argparse
import json
import os
import time


def _pages() -> dict[str, str | None]:
    """The app's own pages' scripts by address, from dashboard/navigation.py (None: the default page, shown first)."""
    from dashboard import navigation

    return {e.url_path: None if e is navigation.PAGES[0] else e.relative_script for e in navigation.PAGES}


PAGES = _pages()


def view_pages(db: str) -> list[str]:
    """The addresses of the ready views the database declares (table `views`, from data/views.toml)."""
    import duckdb

    with duckdb.connect(db, read_only=True) as con:
        return [row[0] for row in con.execute("SELECT view_id FROM views ORDER BY position").fetchall()]


def chart_points(at: object) -> int:
    """The most points (x values over all traces) any Plotly chart on the page carries."""
    most = 0
    for chart in at.get("plotly_chart"):  # type: ignore[attr-defined]
        spec = json.loads(chart.proto.spec)
        most = max(most, sum(len(trace.get("x") or trace.get("y") or []) for trace in spec.get("data", [])))
    return most


def _app_test(app: str, page: str, timeout: float) -> object:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(app, default_timeout=timeout)
    if page not in PAGES:  # a ready view: a page told apart by its address (see tests/dashboard_fixture.open_address)
        from streamlit.util import calc_hash

        at._page_hash = calc_hash(page)
    elif PAGES[page] is not None:
        at.switch_page(PAGES[page])
    return at


def time_page(app: str, page: str, runs: int, timeout: float) -> dict[str, object]:
    """First render of `page` in a new session, then `runs` re-renders."""
    at = _app_test(app, page, timeout)
    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        at.run()  # type: ignore[attr-defined]
        times.append(time.perf_counter() - started)
    errors = [str(e.value) for e in at.exception]  # type: ignore[attr-defined]
    return {"first": times[0], "again": times[1:], "errors": errors, "points": chart_points(at)}


def warm_up(app: str, timeout: float) -> float:
    """One run of a light page: imports the app's modules and opens the database (not counted)."""
    started = time.perf_counter()
    _app_test(app, "checks", timeout).run()  # type: ignore[attr-defined]
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.app_pages", description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--pages", help="addresses, comma-separated (default: every page and ready view)")
    args = parser.parse_args(argv)
    os.environ["AII_DB"] = os.path.abspath(args.db)
    args.pages = args.pages or ",".join([*PAGES, *view_pages(os.environ["AII_DB"])])
    from etl import config

    app = str(config.ROOT / "app.py")
    results: dict[str, object] = {"warm_up": warm_up(app, args.timeout)}
    for page in args.pages.split(","):
        try:
            results[page] = time_page(app, page, args.runs, args.timeout)
        except Exception as error:  # a page that times out or fails is reported, not fatal
            results[page] = {"error": f"{type(error).__name__}: {error}"}
    print(json.dumps(results), flush=True)  # one line: bench.processes.last_json_object reads it
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
