"""Many sessions at once: through one app process (as on Community Cloud) and through nginx in front of two.

For each set-up and each number of sessions: a fresh server, one warm-up session per app process (so the
shared caches are filled, as after the first visitor), then `bench/ws_clients.py` runs N sessions that
open Explore at once, then change a filter at once, then click a point at once. Server memory is the
resident memory of the app processes (and nginx), sampled every 50 ms: before the sessions, the peak
while they run, and 10 s after they close. Only loopback addresses are used; every wait has a limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import math
import statistics
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass

import psutil

from bench import ws_clients
from bench.browser import resident, streamlit
from deploy import cluster

PAGE = "explore"
MINIMAL_APP = "bench/minimal_app.py"


@dataclass
class Measured:
    setup: str
    sessions: int
    report: ws_clients.Report
    memory_before: int
    memory_peak: int
    memory_after: int
    cpu_per_session: dict[str, float]
    """Server CPU seconds (all its processes) per session, by step: the work one visitor's action costs."""
    baseline_open: list[float] | None = None
    """The same number of sessions opening the minimal one-chart app (bench/minimal_app.py) at once."""


class _Memory(threading.Thread):
    """Largest sum of resident memory over some processes (and their children), sampled every 50 ms."""

    def __init__(self, pids: Sequence[int]):
        super().__init__(daemon=True)
        self.pids, self.peak = list(pids), 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, resident(self.pids))
            self.done.wait(0.05)


def cpu_seconds(pids: Sequence[int]) -> float:
    total = 0.0
    for pid in pids:
        with contextlib.suppress(psutil.NoSuchProcess):
            times = psutil.Process(pid).cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
    return total


@contextlib.contextmanager
def _server(processes: int, env: dict[str, str], app: str = "app.py") -> Iterator[tuple[str, list[str], list[int]]]:
    """(url, each app process's url, pids): one `streamlit run`, or `processes` of them behind nginx."""
    if processes == 1:
        with streamlit(app, env) as (url, process):
            cluster.wait_healthy(url, [process])
            yield url, [url], [process.pid]
    else:
        with cluster.running(processes, env=env) as running:
            yield running.url, running.app_urls, [p.pid for p in running.processes]


def measure(processes: int, sessions: int, env: dict[str, str], timeout: float = 120) -> Measured:
    setup = "one process" if processes == 1 else f"nginx + {processes} processes"
    with _server(processes, env) as (url, app_urls, pids):
        for app_url in app_urls:  # the first visitor of each process fills its caches
            warm = asyncio.run(ws_clients.run(app_url, PAGE, 1, timeout))
            if warm.errors:
                raise RuntimeError(f"warm-up session failed: {warm.errors[0]}")
        time.sleep(2)
        before = resident(pids)
        sampler = _Memory(pids)
        sampler.start()
        cpu: dict[str, float] = {}
        report = asyncio.run(
            ws_clients.run(url, PAGE, sessions, timeout, between=lambda step: cpu.setdefault(step, cpu_seconds(pids)))
        )
        time.sleep(10)  # sessions end when their websockets close
        sampler.done.set()
        sampler.join()
        after = resident(pids)
    marks = [*ws_clients.STEPS, "end"]
    per_session = {
        step: (cpu[following] - cpu[step]) / sessions
        for step, following in itertools.pairwise(marks)
        if step in cpu and following in cpu
    }
    measured = Measured(setup, sessions, report, before, max(sampler.peak, before), after, per_session)
    if processes == 1:
        measured.baseline_open = minimal_app_open(sessions, env, timeout)
    return measured


def minimal_app_open(sessions: int, env: dict[str, str], timeout: float) -> list[float]:
    """`sessions` sessions open the minimal one-chart app at once (after one warm-up session)."""
    with _server(1, env, MINIMAL_APP) as (url, _, _):
        asyncio.run(ws_clients.run(url, "", 1, timeout, steps=("open",)))
        time.sleep(1)
        report = asyncio.run(ws_clients.run(url, "", sessions, timeout, steps=("open",)))
    if report.errors:
        raise RuntimeError(f"minimal app: {report.errors[0]}")
    return report.open_times


def percentile(values: list[float], q: float) -> float | None:
    """The nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def pair(values: list[float]) -> str:
    if not values:
        return "n/a"
    return f"{statistics.median(values):.2f} s / {percentile(values, 0.95):.2f} s"


@dataclass(frozen=True)
class Goal:
    """A goal of issue 13: the p95 of one step, for one number of sessions, through one process."""

    step: str
    sessions: int
    p95_below: float


GOALS = (Goal("filter", 20, 1.0), Goal("click", 20, 0.5), Goal("open", 50, 5.0))
MEMORY_GOAL = (50, 600 * 2**20)
"""50 sessions through one process: peak server memory below 600 MB (the smallest Community Cloud box has ~690)."""


def rows(measured: Measured) -> list[tuple[str, str, str, str]]:
    """(measure, result, goal, met) rows of one measurement."""
    report, n, one = measured.report, measured.sessions, measured.setup == "one process"
    label = f"{n} sessions, {measured.setup}"
    out = []
    for step, phase, times, words in (
        ("open", "open", report.open_times, "open Explore at once"),
        ("filter", "change a filter", report.filter_times, "change a filter at once (chart updated)"),
        ("click", "click a point", report.click_times, "click a point at once (quote card)"),
    ):
        goal = next((g for g in GOALS if g.step == step and g.sessions == n), None) if one else None
        p95 = percentile(times, 0.95)
        note = f"; {report.fragment_reruns.get(phase, 0)} as fragment reruns" if step != "open" else ""
        cpu = measured.cpu_per_session.get(phase)
        work = f"; server CPU {cpu * 1000:.0f} ms per session" if cpu is not None else ""
        result = f"{pair(times)} ({len(times)} done{note}{work})"
        if goal is None:
            out.append((f"{label}: {words}: p50 / p95", result, "", ""))
        else:
            met = "yes" if p95 is not None and p95 < goal.p95_below and len(times) == n else "NO"
            out.append((f"{label}: {words}: p50 / p95", result, f"p95 < {goal.p95_below:g} s", met))
    if measured.baseline_open:
        ratio = _ratio(report.open_times, measured.baseline_open)
        out.append((f"{n} sessions open the minimal one-chart app at once (baseline): p50 / p95",
                    f"{pair(measured.baseline_open)}; Explore's p95 is {ratio}", "", ""))  # fmt: skip
    out.append((f"{label}: errors", str(len(report.errors)), "0", "yes" if not report.errors else "NO"))
    memory = f"{_mb(measured.memory_before)} / {_mb(measured.memory_peak)} / {_mb(measured.memory_after)}"
    if one and n == MEMORY_GOAL[0]:
        met = "yes" if measured.memory_peak < MEMORY_GOAL[1] else "NO"
        out.append((f"{label}: server memory before / peak / 10 s after", memory, "peak < 600 MB", met))
    else:
        out.append((f"{label}: server memory before / peak / 10 s after", memory, "", ""))
    return out


def _ratio(values: list[float], baseline: list[float]) -> str:
    p95, base = percentile(values, 0.95), percentile(baseline, 0.95)
    return "n/a" if not p95 or not base else f"{p95 / base:.1f}x"


def _mb(size: float) -> str:
    return f"{size / 2**20:.0f} MB"


def as_data(measured: Measured) -> dict[str, object]:
    return asdict(measured)
