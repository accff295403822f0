"""Issue 8's goals in one command; prints a table and writes bench/results/<name>.{md,json}.

    uv run --group bench --group engine python -m bench            # issue 8's goals (see bench/README.md)
    uv run --group bench --group engine python -m bench --quick    # fewer runs, smaller sizes

Each timing is the median of several runs with min and max; where a timing has a natural baseline (the
process that only imports duckdb and pandas; the plain extractor; the commit before the rewrite) it is
shown as a ratio to it, measured in the same run. Measured processes import from cached bytecode
(bench/corpus/pycache). Synthetic trees are generated once under bench/corpus/ and reused.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench import app_goals, etl_goals
from bench.processes import child_env, measure
from bench.report import Report, machine, markdown, write
from etl import config

GOAL_SECTIONS = ("etl", "synthetic", "corpus", "code")
OTHER_SECTIONS = ("extractor", "app", "concurrency", "browser")
SYNTHETIC_SCALES = {125: 3, 250: 3, 500: 3, 1000: 3}
"""Synthetic tree scales and runs: about 12,500, 25,000, 50,000 and 100,000 figures (100 a scale unit)."""


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller sizes")
    parser.add_argument(
        "--only", default=",".join(GOAL_SECTIONS),
        help=f"comma-separated sections of {', '.join(GOAL_SECTIONS + OTHER_SECTIONS)} (default: issue 8's goals)",
    )  # fmt: skip
    parser.add_argument("--runs", type=int, help="runs of each build timing (default 7, 3 with --quick)")
    parser.add_argument("--texts", type=int, default=etl_goals.TEXTS_GOAL, help="texts for the corpus section")
    parser.add_argument(
        "--sessions", default="20,50",
        help="concurrent websocket sessions, comma-separated (default 20,50); the browser sessions use the first",
    )  # fmt: skip
    parser.add_argument("--out", default="latest", help="results name: bench/results/<out>.md and .json")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    runs = args.runs or (3 if args.quick else 7)
    scales = {10: 1, 100: 1} if args.quick else {scale: args.runs or n for scale, n in SYNTHETIC_SCALES.items()}
    texts = min(args.texts, 1000) if args.quick else args.texts
    etl_goals.CORPUS.mkdir(parents=True, exist_ok=True)
    info, report = machine(), Report()
    real_db = etl_goals.CORPUS / "real.duckdb"
    databases: dict[float, Path] = {}
    counts = [int(n) for n in args.sessions.split(",")]

    built: list[Path] = []

    def real_database() -> Path:
        """The real sources built once by this run's code (a file left by an older run may lack tables)."""
        if not built:
            run = measure([sys.executable, "-m", "etl", "build", "--out", str(real_db)], child_env())
            if run.returncode != 0:
                raise RuntimeError(f"etl build failed:\n{run.output[-2000:]}")
            built.append(real_db)
        return real_db

    def run_app() -> None:
        targets = {"today": real_database()}
        if databases:
            targets[f"x{max(databases):g} synthetic"] = databases[max(databases)]
        app_goals.app_pages(report, targets, 2 if args.quick else 3)

    steps: dict[str, Callable[[], object]] = {
        "etl": lambda: etl_goals.etl_build(report, runs),
        "synthetic": lambda: databases.update(etl_goals.synthetic_builds(report, scales)),
        "corpus": lambda: etl_goals.corpus_extraction(report, texts, 1),
        "code": lambda: etl_goals.code_rows(report),
        "extractor": lambda: app_goals.extractor(report, runs),
        "app": run_app,
        "concurrency": lambda: app_goals.concurrency(report, real_database(), counts),
        "browser": lambda: app_goals.browser(report, real_database(), 2 if args.quick else 3, counts[0]),
    }
    for name in args.only.split(","):
        started = time.monotonic()
        try:
            steps[name]()
        except Exception as error:  # one failing section is reported; the others still run
            report.notes.append(f"section {name} failed: {type(error).__name__}: {error}")
            print(f"section {name} failed: {error}", file=sys.stderr)
        report.data.setdefault("section_seconds", {})[name] = round(time.monotonic() - started, 1)  # type: ignore[index]
    info["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    info["seconds"] = report.elapsed()
    path = write(report, info, args.out)
    print()
    print(markdown(report, info))
    print(f"written to {config.display_path(path)} (and .json)")
    return 0
