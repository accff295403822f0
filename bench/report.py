"""The benchmark's report: rows of measures with their baselines, ratios and goals, the machine they ran on,
and the files they are written to (bench/results/latest.md and latest.json)."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import os
import platform
import subprocess
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil

from etl import config

RESULTS = config.ROOT / "bench" / "results"
CHROMIUM = Path("/usr/bin/chromium")
"""Debian's chromium (`apt-get install chromium`), which the browser sections drive through Playwright."""
PACKAGES = (
    "duckdb", "pandas", "pyarrow", "pydantic", "streamlit", "plotly", "text2num", "dask", "distributed", "playwright",
    "quantulum3", "psutil", "websockets",
)  # fmt: skip


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


def verdict(ok: bool | None) -> str:
    return "" if ok is None else ("yes" if ok else "NO")


def mb(size: float) -> str:
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
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True) if CHROMIUM.is_file() else None
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)),
        "memory": mb(psutil.virtual_memory().total),
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": versions,
        "chromium": chromium.stdout.strip() if chromium else "not installed",
        "git_commit": commit.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else ""),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


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


def write(report: Report, info: dict[str, object], name: str = "latest") -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = markdown(report, info)
    data = {"machine": info, "rows": [asdict(r) for r in report.rows], "notes": report.notes, "data": report.data}
    for file_name, content in ((f"{name}.md", text), (f"{name}.json", json.dumps(data, indent=1, default=str))):
        tmp = RESULTS / f"{file_name}.tmp"
        tmp.write_text(content, encoding="utf-8")
        tmp.replace(RESULTS / file_name)
    return RESULTS / f"{name}.md"
