"""Every benchmark, end to end, in one command; prints a table and writes bench/results/latest.{md,json}.

    uv run --group test --group bench python -m bench            # everything (about 10-15 minutes)
    uv run --group test --group bench python -m bench --quick    # fewer runs, no 10,000x tree (2-3 minutes)

Each timing is the median of several runs with min and max; where a timing has a natural baseline
(the process that only imports duckdb and pandas; the minimal Streamlit app; the same page on today's
data) it is shown as a ratio to it, measured in the same run. Measured processes import from cached
bytecode (bench/corpus/pycache). Synthetic trees are generated once under bench/corpus/ and reused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil

import synthetic
from bench.processes import Run, Summary, child_env, measure
from etl import config

CORPUS = config.ROOT / "bench" / "corpus"
RESULTS = config.ROOT / "bench" / "results"
PYTHON = sys.executable
PACKAGES = (
    "duckdb", "pandas", "pyarrow", "pydantic", "streamlit", "plotly", "text2num", "playwright", "quantulum3",
    "psutil", "websockets",
)  # fmt: skip


SECTIONS = ("etl", "synthetic", "extractor", "app", "concurrency", "browser")


@dataclass
class Row:
    section: str
    measure: str
    result: str
    baseline: str = ""
    ratio: str = ""
    goal: str = ""
    met: str = ""


@dataclass
class Report:
    started: float = field(default_factory=time.monotonic)
    rows: list[Row] = field(default_factory=list)
    data: dict[str, object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, *args: str, **kwargs: str) -> None:
        row = Row(*args, **kwargs)
        self.rows.append(row)
        print(f"  {row.measure}: {row.result}" + (f"  [x{row.ratio} of {row.baseline}]" if row.ratio else ""))

    def elapsed(self) -> float:
        return time.monotonic() - self.started


def _verdict(ok: bool | None) -> str:
    return "" if ok is None else ("yes" if ok else "NO")


def _mb(size: float) -> str:
    return f"{size / 2**20:.0f} MB"


def machine() -> dict[str, object]:
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=config.ROOT, capture_output=True, text=True)
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", ".", ":!bench/results"], cwd=config.ROOT, capture_output=True, text=True
    )
    chromium = (
        subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True)
        if Path("/usr/bin/chromium").is_file()
        else None
    )
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)),
        "memory": _mb(psutil.virtual_memory().total),
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": versions,
        "chromium": chromium.stdout.strip() if chromium else "not installed",
        "git_commit": commit.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else ""),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def interleaved(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, list[Run]]:
    """Each command `runs` times, taking turns, after one untimed warm-up run of each."""
    for command in commands.values():
        measure(command, env)
    results: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            run = measure(command, env)
            if run.returncode != 0:
                raise RuntimeError(f"{' '.join(command)} failed:\n{run.output[-2000:]}")
            results[name].append(run)
    return results


# ---------------------------------------------------------------------------------------------
# Sections


def etl_build(report: Report, runs: int) -> Path:
    """The build of the real sources against a process that only imports duckdb and pandas."""
    print("ETL build of the real sources")
    out = CORPUS / "real.duckdb"
    env = child_env()
    results = interleaved(
        {
            "baseline": [PYTHON, "-c", "import duckdb, pandas"],
            "build": [PYTHON, "-m", "etl", "build", "--out", str(out)],
            "build --no-candidates": [PYTHON, "-m", "etl", "build", "--no-candidates", "--out", str(out)],
        },
        runs,
        env,
    )
    base = Summary.of([r.wall for r in results["baseline"]])
    report.add("ETL, real sources", "import duckdb, pandas (baseline process)", base.text())
    for name, label in (
        ("build", "python -m etl build (texts, candidates)"),
        ("build --no-candidates", "python -m etl build --no-candidates"),
    ):
        summary = Summary.of([r.wall for r in results[name]])
        ratio = summary.median / base.median
        goal = name == "build"
        report.add(
            "ETL, real sources", label, summary.text(), base.text(), f"{ratio:.2f}",
            "<= 1.5x" if goal else "", _verdict(ratio <= 1.5) if goal else "",
        )  # fmt: skip
    # Rebuild once more so the file the app section uses is the one with candidates.
    measure([PYTHON, "-m", "etl", "build", "--out", str(out)], env)
    report.data["etl_build"] = {name: [asdict(r) | {"output": ""} for r in rs] for name, rs in results.items()}
    return out


def synthetic_builds(report: Report, scales: dict[int, int]) -> dict[int, Path]:
    """Build time and peak memory of synthetic trees; how time grows with the number of figures."""
    print("Synthetic builds")
    databases = {}
    points: list[tuple[int, float]] = []
    for scale, runs in scales.items():
        root = CORPUS / f"x{scale}"
        started = time.perf_counter()
        counts = synthetic.ensure(root, scale)
        generated = time.perf_counter() - started
        out = CORPUS / f"x{scale}.duckdb"
        command = [PYTHON, "-m", "etl", *synthetic.build_args(root, out), "--no-candidates"]
        results = []
        for _ in range(runs):
            run = measure(command, child_env(), timeout=900)
            if run.returncode != 0:
                raise RuntimeError(f"synthetic build x{scale} failed:\n{run.output[-2000:]}")
            results.append(run)
        wall = Summary.of([r.wall for r in results])
        peak = max(r.peak_rss for r in results)
        cpu = Summary.of([r.cpu for r in results])
        points.append((counts.figures, wall.median))
        label = (
            f"{scale:,}x: {counts.sources:,} sources, {counts.figures:,} figures, {counts.text_bytes / 1e6:.0f} MB text"
        )
        goal = scale >= 10_000
        report.add(
            "Synthetic build", f"{label}: wall time", wall.text(), "", "",
            "< 60 s" if goal else "", _verdict(wall.median < 60) if goal else "",
        )  # fmt: skip
        report.add("Synthetic build", f"{label}: CPU time (all processes)", cpu.text())
        report.add(
            "Synthetic build", f"{label}: peak memory (process tree)", _mb(peak), "", "",
            "< 2 GB" if goal else "", _verdict(peak < 2 * 2**30) if goal else "",
        )  # fmt: skip
        report.data[f"synthetic_x{scale}"] = {
            "counts": asdict(counts), "generated_seconds": generated,
            "runs": [asdict(r) | {"output": r.output[-500:]} for r in results],
        }  # fmt: skip
        databases[scale] = out
    if len(points) >= 2:
        (f1, t1), (f2, t2) = points[-2], points[-1]
        exponent = math.log(t2 / t1) / math.log(f2 / f1)
        report.add(
            "Synthetic build", f"growth: time ~ figures^k between {f1:,} and {f2:,} figures", f"k = {exponent:.2f}",
            "", "", "k <= 1 (linear)", _verdict(exponent <= 1.05),
        )  # fmt: skip
        per_figure = [t / f * 1e6 for f, t in points]
        report.add("Synthetic build", "wall time per figure (µs), by scale", ", ".join(f"{x:.0f}" for x in per_figure))
    return databases


def extractor(report: Report, runs: int) -> None:
    """Extractor throughput (in process, after warm-up) and the command line; the peer comparison."""
    print("Extractor")
    from etl.extract import Gazetteer, extract

    gazetteer = Gazetteer.from_csv(config.DATA_DIR / "entities.csv")
    real = sorted(config.corpus_dir().glob("*.txt"))
    sample = sorted((CORPUS / "x100" / "corpus").glob("*.txt"))[:100]
    for name, files in (("real seed texts", real), ("synthetic corpus (100 texts of the 100x tree)", sample)):
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
    peer = config.ROOT / "bench" / "extract_peer.py"
    if peer.is_file():
        run = measure([PYTHON, "-m", "bench.extract_peer"], child_env(), timeout=600)
        report.data["extract_peer"] = run.output
        outcome = "see the notes" if run.returncode == 0 else "failed"
        report.add("Extractor", "peer comparison (bench/extract_peer.py)", outcome)
        report.notes.append("bench/extract_peer.py output:\n\n```\n" + run.output.strip() + "\n```")


def app_pages(report: Report, databases: dict[str, Path], runs: int) -> None:
    """Server time per page (AppTest) on today's database and on the 10,000x one."""
    print("App pages (AppTest)")
    results = {}
    for name, db in databases.items():
        command = [PYTHON, "-m", "bench.app_pages", "--db", str(db), "--runs", str(runs)]
        run = measure(command, child_env(), timeout=1800)
        try:
            results[name] = json.loads(run.output[run.output.index("{") :])
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
                goal, met = "<= 3x today; <= 5,000 points", _verdict(ok and not timing["errors"])
            elif timing["errors"]:
                goal, met = "no exception", "NO"
            baseline = f"today: first {base['first']:.2f} s" if ratio else ""
            report.add("App pages", f"{page} ({name})", result, baseline, ratio, goal, met)


def browser(report: Report, db: Path, runs: int, sessions: int) -> None:
    """Time to the first chart against a minimal app; browser sessions at once (websocket ones: `concurrency`)."""
    from bench import browser as chromium

    env = child_env(**{config.DB_ENV: str(db)})
    if not chromium.CHROMIUM.is_file():
        report.notes.append("browser: /usr/bin/chromium missing (apt-get install -y chromium); skipped")
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
            f"{ratio:.2f}", "<= 1.5x", _verdict(ratio <= 1.5),
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
            _pair(chromium.median(seen.open_times), _percentile(seen.open_times, 0.95)),
        )  # fmt: skip
        report.add(
            "Concurrency", f"{sessions} browser sessions change a filter at once: update p50 / p95",
            _pair(chromium.median(seen.update_times), _percentile(seen.update_times, 0.95)),
            "", "", "(browsers share the 2 cores)", "",
        )  # fmt: skip
        errors = str(len(seen.errors))
        report.add("Concurrency", "browser sessions: errors", errors, "", "", "0", _verdict(not seen.errors))
        report.add(
            "Concurrency", "browser sessions: server memory before / peak / 10 s after",
            f"{_mb(seen.memory_start)} / {_mb(seen.memory_peak)} / {_mb(seen.memory_end)}",
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


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def _pair(a: float | None, b: float | None) -> str:
    return "n/a" if a is None or b is None else f"{a:.2f} s / {b:.2f} s"


# ---------------------------------------------------------------------------------------------
# Output


def markdown(report: Report, info: dict[str, object]) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"{info['date']} · commit {info['git_commit']} · {info['cpu']} · {info['cores_usable']} cores · "
        f"{info['memory']} RAM · Python {info['python']} · load average at start "
        f"{info['load_average_at_start']}, at end {info.get('load_average_at_end')} · "
        f"total {info.get('seconds', 0):.0f} s",
        "",
        "Packages: " + ", ".join(f"{k} {v}" for k, v in info["packages"].items()) + f"; {info['chromium']}.",  # type: ignore[union-attr]
        "",
        "Times are medians with (min-max, runs). Ratios are to the baseline measured in the same run.",
        "",
        "| Section | Measure | Result | Baseline | Ratio | Goal | Met |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in report.rows:
        lines.append(
            f"| {row.section} | {row.measure} | {row.result} | {row.baseline} | {row.ratio} | {row.goal} | {row.met} |"
        )
    if report.notes:
        lines += ["", "## Notes", ""]
        for note in report.notes:
            lines += [note, ""]
    return "\n".join(lines) + "\n"


def write(report: Report, info: dict[str, object]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = markdown(report, info)
    data = {"machine": info, "rows": [asdict(r) for r in report.rows], "notes": report.notes, "data": report.data}
    for name, content in (("latest.md", text), ("latest.json", json.dumps(data, indent=1, default=str))):
        tmp = RESULTS / f"{name}.tmp"
        tmp.write_text(content, encoding="utf-8")
        tmp.replace(RESULTS / name)
    return RESULTS / "latest.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and no 10,000x tree")
    parser.add_argument(
        "--sessions",
        default="20,50",
        help="concurrent websocket sessions, comma-separated (default 20,50); "
        "the browser sessions use the first number",
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated sections: etl,synthetic,extractor,app,concurrency,browser (default all)",
    )
    args = parser.parse_args(argv)
    sections = (
        set(args.only.split(",")) if args.only else {"etl", "synthetic", "extractor", "app", "concurrency", "browser"}
    )
    counts = [int(n) for n in args.sessions.split(",")]
    runs = 3 if args.quick else 7
    scales = {1: 3, 100: 2} if args.quick else {1: 5, 100: 3, 10_000: 3}
    CORPUS.mkdir(parents=True, exist_ok=True)
    info = machine()
    report = Report()
    steps: list[tuple[str, Callable[[], object]]] = []
    real_db = CORPUS / "real.duckdb"
    databases: dict[int, Path] = {}

    built = False

    def current_db() -> None:
        """The app sections read a database built by this run's code (a file left by an older run may lack
        tables the app now reads)."""
        nonlocal built
        if not built:
            run = measure([PYTHON, "-m", "etl", "build", "--out", str(real_db)], child_env())
            if run.returncode != 0:
                raise RuntimeError(f"etl build failed:\n{run.output[-2000:]}")
            built = True

    def run_etl() -> None:
        nonlocal real_db, built
        real_db = etl_build(report, runs)
        built = True

    def run_synthetic() -> None:
        databases.update(synthetic_builds(report, scales))

    def run_app() -> None:
        current_db()
        targets = {"today": real_db}
        big = databases.get(10_000) or (CORPUS / "x10000.duckdb")
        if not args.quick and big.is_file():
            targets["10,000x"] = big
        app_pages(report, targets, 2 if args.quick else 3)

    def run_browser() -> None:
        current_db()
        browser(report, real_db, 2 if args.quick else 3, counts[0])

    def run_concurrency() -> None:
        current_db()
        concurrency(report, real_db, counts)

    for name, step in (
        ("etl", run_etl), ("synthetic", run_synthetic), ("extractor", lambda: extractor(report, runs)),
        ("app", run_app), ("concurrency", run_concurrency), ("browser", run_browser),
    ):  # fmt: skip
        if name in sections:
            steps.append((name, step))
    for name, step in steps:
        started = time.monotonic()
        try:
            step()
        except Exception as error:  # one failing section is reported; the others still run
            report.notes.append(f"section {name} failed: {type(error).__name__}: {error}")
            print(f"section {name} failed: {error}", file=sys.stderr)
        report.data.setdefault("section_seconds", {})[name] = round(time.monotonic() - started, 1)  # type: ignore[index]
    info["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    info["seconds"] = report.elapsed()
    path = write(report, info)
    print()
    print(markdown(report, info))
    print(f"written to {config.display_path(path)} (and latest.json)")
    return 0
