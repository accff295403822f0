"""Issue 8's goals, measured: the build of the real sources against importing its libraries, synthetic
curated figures built in one process at several sizes, `extract-corpus` against the plain extractor,
and the ETL's own size against the commit before the rewrite."""

from __future__ import annotations

import math
import sys
from dataclasses import asdict
from pathlib import Path

import duckdb

import synthetic
from bench import code_size
from bench.processes import Run, Summary, child_env, interleaved, measure
from bench.report import Report, mb, verdict
from etl import config

CORPUS = config.ROOT / "bench" / "corpus"
PYTHON = sys.executable
FIGURES_GOAL = 100_000
"""The synthetic build's goal size: 100,000 curated figures, < 20 s, < 1 GB, in one process."""
TEXTS_GOAL = 20_000
"""The corpus extraction's goal size: 20,000 synthetic texts."""


def etl_build(report: Report, runs: int) -> Path:
    """The build of the real sources against a process that only imports duckdb and pandas."""
    print("ETL build of the real sources")
    out = CORPUS / "real.duckdb"
    rebuilt = CORPUS / "real-rebuilt.duckdb"
    results = interleaved(
        {
            "baseline": [PYTHON, "-c", "import duckdb, pandas"],
            # Same file as the next command, which rewrites it without candidates: each of these extracts anew.
            "build": [PYTHON, "-m", "etl", "build", "--out", str(out)],
            "build --no-candidates": [PYTHON, "-m", "etl", "build", "--no-candidates", "--out", str(out)],
            # Its own file, built by the warm-up: the rebuild after an edit elsewhere reuses the candidates.
            "rebuild": [PYTHON, "-m", "etl", "build", "--out", str(rebuilt)],
        },
        runs,
        child_env(),
    )
    base = Summary.of([r.wall for r in results["baseline"]])
    base_cpu = Summary.of([r.cpu for r in results["baseline"]])
    texts = len(list(config.corpus_dir().glob("*.txt")))
    report.add("ETL, real sources", "import duckdb, pandas (baseline process)", f"{base.text()}; CPU {base_cpu.text()}")
    for name, label in (
        ("build", f"python -m etl build ({texts} texts, every candidate extracted anew)"),
        ("rebuild", "python -m etl build again, no text changed (candidates reused from the previous file)"),
        ("build --no-candidates", "python -m etl build --no-candidates"),
    ):
        summary, cpu = Summary.of([r.wall for r in results[name]]), Summary.of([r.cpu for r in results[name]])
        ratio = summary.median / base.median
        goal = name in ("build", "rebuild")
        report.add(
            "ETL, real sources", label, f"{summary.text()}; CPU {cpu.text()} ({cpu.median / base_cpu.median:.2f}x)",
            base.text(), f"{ratio:.2f}", "<= 1.3x" if goal else "", verdict(ratio <= 1.3) if goal else "",
        )  # fmt: skip
    measure([PYTHON, "-m", "etl", "build", "--out", str(out)], child_env())  # the app section's database
    report.data["etl_build"] = {name: [asdict(r) | {"output": ""} for r in rs] for name, rs in results.items()}
    return out


def synthetic_builds(report: Report, scales: dict[float, int]) -> dict[float, Path]:
    """Curated figures built in one process (no candidates) at several sizes: time, memory, processes."""
    print("Synthetic builds")
    databases, points = {}, []
    for scale, runs in scales.items():
        root = CORPUS / f"x{scale:g}"
        counts = synthetic.ensure(root, scale)
        out = CORPUS / f"x{scale:g}.duckdb"
        command = [PYTHON, "-m", "etl", *synthetic.build_args(root, out), "--no-candidates"]
        results = [_checked(measure(command, child_env(), timeout=900), "synthetic build") for _ in range(runs)]
        wall, cpu = Summary.of([r.wall for r in results]), Summary.of([r.cpu for r in results])
        peak, processes = max(r.peak_rss for r in results), max(r.processes for r in results)
        points.append((counts.figures, wall.median, cpu.median))
        goal = counts.figures >= FIGURES_GOAL
        label = f"{counts.figures:,} figures ({counts.sources:,} sources)"
        report.add(
            "Synthetic build", f"{label}: wall time", wall.text(), "", "", "< 20 s" if goal else "",
            verdict(wall.median < 20) if goal else "",
        )  # fmt: skip
        report.add("Synthetic build", f"{label}: CPU time", cpu.text())
        report.add(
            "Synthetic build", f"{label}: peak memory, processes", f"{mb(peak)}, {processes}", "", "",
            "< 1 GB, 1 process" if goal else "", verdict(peak < 2**30 and processes == 1) if goal else "",
        )  # fmt: skip
        report.data[f"synthetic_{counts.figures}"] = {
            "counts": asdict(counts), "runs": [asdict(r) | {"output": r.output[-300:]} for r in results],
        }  # fmt: skip
        databases[scale] = out
    if len(points) >= 2:
        _growth(report, points)
    return databases


def _growth(report: Report, points: list[tuple[int, float, float]]) -> None:
    """k in time ~ figures^k (least squares over every size), of the wall and of the CPU time (a busy
    machine stretches the wall times of the long builds most), and the time per figure at each size."""
    sizes = f"{points[0][0]:,} to {points[-1][0]:,} figures"
    for name, column in (("wall", 1), ("CPU", 2)):
        xs, ys = [math.log(p[0]) for p in points], [math.log(p[column]) for p in points]
        mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
        k = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum((x - mean_x) ** 2 for x in xs)
        growth = f"growth: {name} time ~ figures^k, {sizes}"
        report.add("Synthetic build", growth, f"k = {k:.2f}", "", "", "k <= 1", verdict(k <= 1.05))
        per_figure = ", ".join(f"{p[column] / p[0] * 1e6:.0f}" for p in points)
        report.add("Synthetic build", f"{name} time per figure (µs), by size", per_figure)


def corpus_extraction(report: Report, texts: int, runs: int) -> None:
    """`extract-corpus` with 1 and 2 workers against the plain `etl extract` over the same texts."""
    print(f"Corpus extraction ({texts:,} texts)")
    root = CORPUS / f"x{texts / 5:g}"
    counts = synthetic.ensure(root, texts / 5)
    corpus, seeds = root / "corpus", root / "seeds"
    names = sorted(path.name for path in corpus.glob("*.txt"))
    megabytes = counts.text_bytes / 1e6
    plain_out, engine_out = CORPUS / "plain.parquet", CORPUS / "engine-candidates"
    engine = [PYTHON, "-m", "etl", "extract-corpus", "--corpus", str(corpus), "--seeds", str(seeds)]
    commands = {
        "plain": [
            PYTHON,
            "-m",
            "etl",
            "extract",
            *names,
            "--format",
            "parquet",
            "--seeds",
            str(seeds),
            "--out",
            str(plain_out),
        ],
        "1 worker": [*engine, "--out", str(engine_out), "--workers", "1"],
        "2 workers": [*engine, "--out", str(engine_out), "--workers", "2"],
    }
    env = child_env(PYTHONPATH=str(config.ROOT))  # the plain command runs in the corpus folder (short names)
    results = {}
    for name, command in commands.items():  # in turns, no warm-up pass: each pass is minutes long
        results[name] = [_checked(measure(command, env, cwd=corpus, timeout=7200), name) for _ in range(runs)]
    plain = Summary.of([r.wall for r in results["plain"]])
    plain_speed = megabytes / plain.median
    report.add(
        "Corpus extraction", f"python -m etl extract, one process: {texts:,} texts, {megabytes:.0f} MB",
        f"{plain.text()}; {plain_speed:.3f} MB/s; CPU {_cpu(results['plain'])}",
    )  # fmt: skip
    one = None
    for workers, name in ((1, "1 worker"), (2, "2 workers")):
        wall = Summary.of([r.wall for r in results[name]])
        per_worker = megabytes / wall.median / workers
        one = one or wall.median
        ratio = plain_speed / per_worker
        scaling = f"; {one / wall.median:.2f}x the speed of 1 worker" if workers > 1 else ""
        report.add(
            "Corpus extraction", f"extract-corpus --workers {workers} (local Dask cluster)",
            f"{wall.text()}; {per_worker:.3f} MB/s per worker{scaling}; CPU {_cpu(results[name])}",
            f"{plain_speed:.3f} MB/s", f"{ratio:.2f}", "plain / per worker <= 1.3x", verdict(ratio <= 1.3),
        )  # fmt: skip
    same = _same_candidates(plain_out, engine_out)
    ok = verdict(same.startswith("yes"))
    report.add("Corpus extraction", "same candidates as the plain extractor", same, goal="identical", met=ok)
    runs_data = {name: [asdict(r) | {"output": r.output[-500:]} for r in rs] for name, rs in results.items()}
    report.data["corpus_extraction"] = {"counts": asdict(counts), "runs": runs_data}


def _cpu(runs: list[Run]) -> str:
    return f"{Summary.of([r.cpu for r in runs]).median:.0f} s, at most {max(r.processes for r in runs)} processes"


def _same_candidates(plain: Path, engine: Path) -> str:
    """Whether both outputs hold the same rows (every column), compared by DuckDB."""
    with duckdb.connect() as con:
        con.execute(f"CREATE VIEW plain AS SELECT * FROM read_parquet('{plain}')")
        files = f"read_parquet('{engine}/**/*.parquet', hive_partitioning = true)"
        con.execute(f"CREATE VIEW engine AS SELECT * EXCLUDE (doc_bucket) FROM {files}")
        (rows,) = con.execute("SELECT count(*) FROM plain").fetchone()  # type: ignore[misc]
        (missing,) = con.execute("SELECT count(*) FROM (FROM plain EXCEPT ALL FROM engine)").fetchone()  # type: ignore[misc]
        (extra,) = con.execute("SELECT count(*) FROM (FROM engine EXCEPT ALL FROM plain)").fetchone()  # type: ignore[misc]
    if missing == extra == 0:
        return f"yes, {rows:,} candidates"
    return f"no: {missing:,} of {rows:,} missing, {extra:,} extra"


def code_rows(report: Report) -> None:
    """The ETL's lines against the baseline commit; the longest and most complex functions."""
    print("ETL code size")
    measured = code_size.measure()
    before, now = measured["core_before"], measured["core_now"]
    report.add(
        "ETL code", f"lines of the build's core path in etl/ (not the dashboard, scanner, resolver or the "
        f"features added since) vs {code_size.BASELINE}", f"{now:,}", f"{before:,}", f"{now / before:.2f}",
        "<= 0.67x", verdict(now <= before * 2 / 3),
    )  # fmt: skip
    features = ", ".join(sorted({name.removeprefix("etl/") for name in code_size.FEATURES}))
    report.add(
        "ETL code", f"lines of the features added since {code_size.BASELINE} ({features})",
        f"{measured['features_now']:,}",
    )  # fmt: skip
    report.add(
        "ETL code", "all of etl/ (not the dashboard, scanner or resolver)", f"{measured['lines_now']:,}",
        f"{measured['lines_before']:,}", f"{measured['lines_now'] / measured['lines_before']:.2f}",
    )  # fmt: skip
    for key, measure_name, field, limit in (
        ("longest", "longest function", "lines", 50),
        ("most_complex", "highest complexity (McCabe, ruff C901)", "complexity", 15),
    ):
        top = measured[key]
        worst = top[0]
        others = ", ".join(f"{f['path']}:{f['name']} {f[field]}" for f in top[1:4])
        excluded = measured[f"{key}_excluded"][0]
        report.add(
            "ETL code", f"{measure_name} outside the scanner/resolver",
            f"{worst['path']}:{worst['name']} {worst[field]} (next: {others}); in the scanner/resolver: "
            f"{excluded['path']}:{excluded['name']} {excluded[field]}",
            "", "", f"<= {limit}", verdict(worst[field] <= limit),
        )  # fmt: skip
    report.data["code_size"] = measured


def _checked(run: Run, what: str) -> Run:
    if run.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{run.output[-2000:]}")
    return run
