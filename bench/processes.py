"""Run a child process and measure it: wall time, CPU time, peak memory of the process and its children."""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

from etl import config

PYCACHE = config.ROOT / "bench" / "corpus" / "pycache"
"""Bytecode cache of the measured processes (git-ignored): every run imports from cached bytecode, as a
user's second and later runs do, whatever PYTHONDONTWRITEBYTECODE the calling shell sets."""


def child_env(**extra: str) -> dict[str, str]:
    """The environment of measured processes: bytecode cached under PYCACHE, no usage statistics."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPYCACHEPREFIX=str(PYCACHE), STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    env.update(extra)
    return env


def last_json_object(output: str) -> dict[str, object]:
    """The JSON object a measured command printed on a line of its own, the last one: its output also
    holds whatever it logged on stderr (warnings, which may contain braces) before or after it.
    ValueError when there is none."""
    for line in reversed(output.splitlines()):
        if line.startswith("{"):
            try:
                found = json.loads(line)
            except ValueError:
                continue
            if isinstance(found, dict):
                return found
    raise ValueError("no JSON object on a line of its own")


@dataclass(frozen=True)
class Run:
    wall: float
    """Seconds from start to exit."""
    cpu: float
    """User + system seconds of the process and every child it waited for."""
    peak_rss: int
    """Largest sampled sum of resident memory over the process and its children, in bytes."""
    max_rss: int
    """The process's own peak resident memory (getrusage), in bytes."""
    processes: int
    """Most processes seen running at once in the tree (1: the process alone, no workers)."""
    returncode: int
    output: str


class _TreeMemory(threading.Thread):
    """Samples the resident memory of a process tree every `interval` seconds, keeping the largest sum."""

    def __init__(self, pid: int, interval: float = 0.02):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak, self.processes = pid, interval, 0, 1
        self.done = threading.Event()

    def run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self.done.is_set():
            try:
                total = root.memory_info().rss
                children = root.children(recursive=True)
                self.processes = max(self.processes, 1 + len(children))
                for child in children:
                    with contextlib.suppress(psutil.NoSuchProcess):
                        total += child.memory_info().rss
            except psutil.NoSuchProcess:
                return
            self.peak = max(self.peak, total)
            self.done.wait(self.interval)


def measure(
    command: Sequence[str], env: dict[str, str] | None = None, cwd: Path = config.ROOT, timeout: float = 600
) -> Run:
    """Run `command` to completion (killed after `timeout` s) and measure it; its output names paths inside the
    repository relative to it, so a committed result names no machine's folders."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command), cwd=cwd, env=env or child_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    sampler = _TreeMemory(process.pid)
    sampler.start()
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.append(process.stdout.read()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    deadline = started + timeout
    status = usage = None
    while status is None:
        pid, status_code, rusage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            status, usage = status_code, rusage
        elif time.perf_counter() > deadline:
            process.kill()
        else:
            time.sleep(0.005)
    wall = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    reader.join(timeout=5)
    process.returncode = os.waitstatus_to_exitcode(status)
    assert usage is not None
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_rss=max(sampler.peak, usage.ru_maxrss * 1024),
        max_rss=usage.ru_maxrss * 1024,
        processes=sampler.processes,
        returncode=process.returncode,
        output="".join(output).replace(os.path.join(config.ROOT, ""), ""),
    )


def interleaved(
    commands: dict[str, list[str]], runs: int, env: dict[str, str], warm_up: bool = True, timeout: float = 600
) -> dict[str, list[Run]]:
    """Each command `runs` times, taking turns (a noisy neighbour hurts all alike), after one untimed
    warm-up run of each unless `warm_up` is false."""
    for command in commands.values() if warm_up else ():
        measure(command, env, timeout=timeout)
    results: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            run = measure(command, env, timeout=timeout)
            if run.returncode != 0:
                raise RuntimeError(f"{' '.join(command[:6])} ... failed:\n{run.output[-2000:]}")
            results[name].append(run)
    return results


@dataclass(frozen=True)
class Summary:
    median: float
    low: float
    high: float
    runs: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Summary:
        return cls(statistics.median(values), min(values), max(values), len(values))

    def text(self, unit: str = "s", digits: int = 2) -> str:
        if self.runs == 1:
            return f"{self.median:.{digits}f} {unit} (1 run)"
        return f"{self.median:.{digits}f} {unit} ({self.low:.{digits}f}-{self.high:.{digits}f}, {self.runs} runs)"
