"""The ETL's own size: lines now against a baseline commit, the longest functions, the most complex ones.

    uv run --group bench python -m bench.code_size

Lines are every line of `etl/**/*.py` and `etl/**/*.sql` (blank lines and docstrings included, as `wc -l`
counts them), leaving out what issue 8 leaves out: the dashboard that moved out of `etl/` after the
baseline, and the extractor's scanner and resolver (`etl/quantities.py`, `etl/extract.py`, and
`etl/timex.py`: the resolver of the periods the extractor finds, split out of `extract.py` after the
baseline, imported by nothing but the extractor; the baseline's count already left it out inside
`extract.py`; `etl/candidate.py`, the extractor's output record, moved out of `extract.py`; and `etl/words.py`,
the word pass the extractor's modules share, imported by nothing else). Function
length is from the first line of its `def` (decorators excluded) to its last line; complexity is
McCabe's, as ruff's C901 rule computes it.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from etl import config

BASELINE = "69a6e84"
"""The last commit before issue 8's rewrite (benchmark results of the million-figure build)."""
EXCLUDED = (
    "etl/dashboard/",
    "etl/quantities.py",
    "etl/extract.py",
    "etl/timex.py",
    "etl/candidate.py",
    "etl/words.py",
)
"""Not counted: the dashboard (moved to dashboard/), the extractor's scanner and resolver (timex.py: its
period resolver, used only by extract.py, which held it at the baseline; candidate.py: the record the
extractor yields, moved out of extract.py so that a rebuild reusing candidates need not import the extractor;
words.py: the word pass that extract.py, quantities.py, timex.py and names.py share, imported by nothing else)."""
FEATURES = {
    "etl/agreement.py": "agreement between sources (issue 10)",
    "etl/agreement.sql": "agreement between sources (issue 10)",
    "etl/export.py": "open-data export (issue 14)",
    "etl/extract_corpus.py": "corpus extraction on Dask (issue 8, item 6)",
    "etl/fragments.py": "text-fragment links (issue 9)",
    "etl/ledger.py": "verification ledger (issue 9)",
    "etl/names.py": "extractor: names learnt from the text (issue 11)",
    "etl/tables.py": "extractor: figures in tables (issue 11)",
}
"""Modules added after the baseline for features it did not have. The goal (a third fewer lines) is judged
on the rest, the build's core path (the modules of the baseline and those split out of them), and both
counts are reported."""


@dataclass(frozen=True)
class Function:
    path: str
    name: str
    lines: int
    complexity: int

    @property
    def counted(self) -> bool:
        return not self.path.startswith(EXCLUDED)

    def label(self) -> str:
        return f"{self.path}:{self.name}"


def _counted(path: str) -> bool:
    return path.startswith("etl/") and path.endswith((".py", ".sql")) and not path.startswith(EXCLUDED)


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=config.ROOT, capture_output=True, text=True, check=True).stdout


def lines_at(commit: str) -> dict[str, int]:
    """Lines of each counted file at `commit`."""
    names = [name for name in _git("ls-tree", "-r", "--name-only", commit, "etl").splitlines() if _counted(name)]
    return {name: len(_git("show", f"{commit}:{name}").splitlines()) for name in names}


def lines_now() -> dict[str, int]:
    """Lines of each counted file in the working tree."""
    found = {}
    for path in sorted((config.ROOT / "etl").rglob("*")):
        name = path.relative_to(config.ROOT).as_posix()
        if path.is_file() and _counted(name):
            found[name] = len(path.read_text(encoding="utf-8").splitlines())
    return found


def complexities() -> dict[tuple[str, int], int]:
    """McCabe complexity of every function in etl/, by (file, line of its def), from ruff's C901."""
    command = [sys.executable, "-m", "ruff", "check", "--select", "C901", "--config", "lint.mccabe.max-complexity=0"]
    command += ["--output-format", "json", "--no-cache", "--exit-zero", "etl"]
    found = {}
    for item in json.loads(subprocess.run(command, cwd=config.ROOT, capture_output=True, text=True).stdout):
        number = re.search(r"\((\d+) > 0\)", item["message"])
        path = Path(item["filename"]).resolve().relative_to(config.ROOT).as_posix()
        if number:
            found[(path, item["location"]["row"])] = int(number.group(1))
    return found


def functions() -> list[Function]:
    """Every function and method in etl/ (the excluded files too, marked by `counted`)."""
    scores = complexities()
    found = []
    for path in sorted((config.ROOT / "etl").rglob("*.py")):
        name = path.relative_to(config.ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                found.append(Function(name, node.name, length, scores.get((name, node.lineno), 1)))
    return found


def measure() -> dict[str, object]:
    before, now = lines_at(BASELINE), lines_now()
    every = functions()
    counted = [f for f in every if f.counted]
    features = sum(lines for name, lines in now.items() if name in FEATURES)
    return {
        "baseline": BASELINE,
        "lines_before": sum(before.values()),
        "lines_now": sum(now.values()),
        "core_before": sum(lines for name, lines in before.items() if name not in FEATURES),
        "core_now": sum(now.values()) - features,
        "features_now": features,
        "files_before": before,
        "files_now": now,
        "longest": [asdict(f) for f in sorted(counted, key=lambda f: -f.lines)[:5]],
        "most_complex": [asdict(f) for f in sorted(counted, key=lambda f: -f.complexity)[:5]],
        "longest_excluded": [asdict(f) for f in sorted(every, key=lambda f: -f.lines) if not f.counted][:3],
        "most_complex_excluded": [asdict(f) for f in sorted(every, key=lambda f: -f.complexity) if not f.counted][:3],
    }


if __name__ == "__main__":
    json.dump(measure(), sys.stdout, indent=1)
    print()
