"""Sections beyond issue 8's goals, run on request (`--only extractor,app,browser`): extractor throughput
and its peer, server time per app page (today's data and the largest synthetic build), time to the
first chart in a browser against a minimal app, and sessions changing a filter at once."""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import asdict
from pathlib import Path

import synthetic
from bench.processes import Summary, child_env, last_json_object, measure
from bench.report import Report, mb, verdict
from etl import config

CORPUS = config.ROOT / "bench" / "corpus"
PYTHON = sys.executable


LABELS = config.ROOT / "tests" / "extract_labels"
LABELLED_SETS = (
    ("seeds", LABELS, None),
    *(
        (listing.parent.name, listing.parent, config.SEEDS_DIR / listing.parent.name)
        for listing in sorted(LABELS.glob("*/sources.csv"))
    ),
)
"""Labelled sets the extractor is compared with quantulum3 on: (name, labels, texts; None: the corpus): the
seed texts, then every set whose sources.csv lists texts of its own (copied into seeds/<set>/)."""


def extractor(report: Report, runs: int) -> None:
    """Extractor throughput (in process, after warm-up) and the command line; the peer comparison."""
    print("Extractor")
    from etl.extract import Gazetteer, extract

    gazetteer = Gazetteer.from_csv(config.DATA_DIR / "entities.csv")
    real = sorted(config.corpus_dir().glob("*.txt"))
    synthetic.ensure(CORPUS / "x20", 20)
    sample = sorted((CORPUS / "x20" / "corpus").glob("*.txt"))
    for name, files in (("real texts", real), ("synthetic corpus (100 texts)", sample)):
        if not files:
            report.notes.append(f"extractor on {name}: no texts found")
            continue
        texts = [path.read_text(encoding="utf-8") for path in files]
        size = sum(len(text.encode()) for text in texts)
        list(extract(texts[0], "warm-up", None, gazetteer))
        speeds = []
        for _ in range(runs):
            started = time.perf_counter()
            found = sum(len(list(extract(text, "d", None, gazetteer))) for text in texts)
            speeds.append(size / (time.perf_counter() - started) / 1e6)
        speed = Summary.of(speeds)
        measure_name = f"throughput on {name} ({size / 1e3:.0f} KB, {found} candidates)"
        report.add("Extractor", measure_name, speed.text("MB/s", 3))
    if real:
        parquet = str(CORPUS / "real.parquet")
        run = measure([PYTHON, "-m", "etl", "extract", *map(str, real), "--format", "parquet", "--out", parquet])
        label = "python -m etl extract <seed texts> --format parquet --out (whole process)"
        report.add("Extractor", label, f"{run.wall:.2f} s")
    for name, labels, corpus in LABELLED_SETS:
        if corpus is not None and not any(corpus.glob("*.txt")):
            report.notes.append(f"peer comparison on the {name} set: no texts in {corpus}")
            continue
        where = ["--labels", str(labels)] + (["--corpus", str(corpus)] if corpus else [])
        run = measure([PYTHON, "-m", "bench.extract_peer", *where], child_env(), timeout=600)
        report.data[f"extract_peer_{name}"] = run.output
        outcome = "see the notes" if run.returncode == 0 else "failed"
        report.add("Extractor", f"peer comparison on the {name} set (bench/extract_peer.py)", outcome)
        report.notes.append(f"bench/extract_peer.py on the {name} set:\n\n```\n" + run.output.strip() + "\n```")


def app_pages(report: Report, databases: dict[str, Path], runs: int) -> None:
    """Server time per page (AppTest) on today's database and on the largest synthetic one."""
    print("App pages (AppTest)")
    results = {}
    for name, db in databases.items():
        command = [PYTHON, "-m", "bench.app_pages", "--db", str(db), "--runs", str(runs)]
        run = measure(command, child_env(), timeout=1800)
        try:
            results[name] = last_json_object(run.output)
        except ValueError:
            report.notes.append(f"app pages on {name} failed:\n```\n{run.output[-2000:]}\n```")
            results[name] = {}
    report.data["app_pages"] = results
    today = results.get("today", {})
    for name, pages in results.items():
        for page, timing in pages.items():
            if page == "warm_up":
                continue
            if "error" in timing:
                failure = f"failed: {timing['error'][:100]}"
                report.add("App pages", f"{page} ({name})", failure, goal="renders", met="NO")
                continue
            again = statistics.median(timing["again"]) if timing["again"] else timing["first"]
            result = f"first {timing['first']:.2f} s, again {again:.2f} s, max {timing['points']} points/chart"
            base = today.get(page, {})
            ratio = goal = met = ""
            if name != "today" and base and "error" not in base:
                base_again = statistics.median(base["again"]) if base["again"] else base["first"]
                ratio = f"{timing['first'] / base['first']:.1f} / {again / base_again:.1f}"
                ok = again <= 3 * base_again and timing["first"] <= 3 * base["first"] and timing["points"] <= 5000
                goal, met = "<= 3x today; <= 5,000 points", verdict(ok and not timing["errors"])
            elif timing["errors"]:
                goal, met = "no exception", "NO"
            baseline = f"today: first {base['first']:.2f} s" if ratio else ""
            report.add("App pages", f"{page} ({name})", result, baseline, ratio, goal, met)


def browser(report: Report, db: Path, runs: int, sessions: int) -> None:
    """Time to the first chart against a minimal app; browser sessions at once (websocket ones: `concurrency`)."""
    from bench import browser as chromium
    from bench.concurrency import pair

    env = child_env(**{config.DB_ENV: str(db)})
    if not chromium.CHROMIUM.is_file():
        report.notes.append(f"browser: {chromium.CHROMIUM} missing (apt-get install -y chromium); skipped")
    else:
        print("Browser: time to first chart")
        from playwright.sync_api import sync_playwright

        times: dict[str, list[float]] = {"app": [], "minimal": []}
        with sync_playwright() as playwright:
            launched = chromium.launch(playwright)
            chromium.first_chart(launched, "bench/minimal_app.py", env)  # warm-up (not counted)
            chromium.first_chart(launched, "app.py", env)
            for _ in range(runs):
                times["minimal"].append(chromium.first_chart(launched, "bench/minimal_app.py", env))
                times["app"].append(chromium.first_chart(launched, "app.py", env))
            launched.close()
        app, minimal = Summary.of(times["app"]), Summary.of(times["minimal"])
        ratio = app.median / minimal.median
        report.add("Browser", "minimal Streamlit app, one Plotly chart: streamlit run -> chart drawn", minimal.text())
        report.add(
            "Browser", "app.py (Overview): streamlit run -> first chart drawn", app.text(), minimal.text(),
            f"{ratio:.2f}", "<= 1.5x", verdict(ratio <= 1.5),
        )  # fmt: skip
        report.data["first_chart"] = times

    if chromium.CHROMIUM.is_file():
        print(f"Concurrency: {sessions} browser sessions")
        try:
            seen = chromium.concurrency("app.py", env, "explore", sessions=sessions, timeout=180)
        except Exception as error:
            report.notes.append(f"browser sessions failed: {type(error).__name__}: {error}")
            return
        report.add(
            "Concurrency", f"{sessions} browser sessions (one chromium on this machine) open Explore: p50 / p95",
            pair(seen.open_times),
        )  # fmt: skip
        report.add(
            "Concurrency", f"{sessions} browser sessions change a filter at once: update p50 / p95",
            pair(seen.filter_times),
            "", "", "(browsers share the 2 cores)", "",
        )  # fmt: skip
        errors = str(len(seen.errors))
        report.add("Concurrency", "browser sessions: errors", errors, "", "", "0", verdict(not seen.errors))
        report.add(
            "Concurrency", "browser sessions: server memory before / peak / 10 s after",
            f"{mb(seen.memory_start)} / {mb(seen.memory_peak)} / {mb(seen.memory_end)}",
        )  # fmt: skip
        report.data["concurrency_browser"] = asdict(seen)
        if seen.errors:
            report.notes.append("Browser session errors (first 5): " + "; ".join(seen.errors[:5]))


def concurrency(report: Report, db: Path, counts: list[int]) -> None:
    """Websocket sessions at once through one app process and through nginx in front of two."""
    from bench import concurrency as sessions_at_once
    from deploy import cluster

    env = child_env(**{config.DB_ENV: str(db)})
    setups = [1, 2] if cluster.nginx_binary() else [1]
    if len(setups) == 1:
        report.notes.append("concurrency through the proxy: nginx not found (apt-get install nginx); skipped")
    for processes in setups:
        for count in counts:
            print(f"Concurrency: {count} websocket sessions, {processes} process(es)")
            measured = sessions_at_once.measure(processes, count, env)
            for measure_name, result, goal, met in sessions_at_once.rows(measured):
                report.add("Concurrency", measure_name, result, goal=goal, met=met)
            report.data[f"concurrency_{processes}x{count}"] = sessions_at_once.as_data(measured)
            if measured.report.errors:
                report.notes.append(
                    f"{count} sessions, {measured.setup}: errors (first 5): " + "; ".join(measured.report.errors[:5])
                )
