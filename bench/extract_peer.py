"""Our extractor against quantulum3 on the same labelled texts: precision, recall, F1 and throughput.

    uv run --group bench python -m bench.extract_peer [--labels tests/extract_labels] [--corpus DIR]

Both read each labelled text whole and are scored by `scoring` on (value, unit), so a figure
counts only when its value and unit are right. Throughput is measured in turns (ours, then quantulum3,
again and again) and each one's quickest round of the whole set counts, so that load from other
processes, which comes and goes, weighs on both alike. quantulum3's units are mapped to ours where one
exists (dollar -> USD, percentage -> %, dimensionless -> count, week -> 7 days, terabyte -> TB ...);
a figure in any other unit stays as quantulum3 names it and so never matches. Throughput is text
KB per second of wall time in the quickest round, after one warm-up pass for each (quantulum3 loads its model on first
use, about 4 s, which is left out in its favour); ours is the full extractor (context included).
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from etl import config
from etl.extract import extract
from scoring import Report, find_documents, load_labels, load_texts, score

LABELS_DIR = config.ROOT / "tests" / "extract_labels"

QUANTULUM_UNITS: dict[str, tuple[str, float]] = {
    "dollar": ("USD", 1), "united states dollar": ("USD", 1), "chinese yuan": ("CNY", 1), "yuan": ("CNY", 1),
    "renminbi": ("CNY", 1), "euro": ("EUR", 1), "pound sterling": ("GBP", 1), "japanese yen": ("JPY", 1),
    "yen": ("JPY", 1), "percentage": ("%", 1), "percentage point": ("pp", 1), "dimensionless": ("count", 1),
    "year": ("year", 1), "decade": ("year", 10), "month": ("month", 1), "week": ("day", 7), "day": ("day", 1),
    "hour": ("hour", 1), "minute": ("second", 60), "second": ("second", 1),
    "gigabyte": ("GB", 1), "terabyte": ("TB", 1), "petabyte": ("PB", 1), "exabyte": ("EB", 1),
    "kilowatt": ("kW", 1), "megawatt": ("MW", 1), "gigawatt": ("GW", 1),
}  # fmt: skip


@dataclass(frozen=True)
class PeerFigure:
    doc: str
    start: int
    surface: str
    value: float
    unit: str


Extractor = Callable[[str, str, object], list[PeerFigure] | list[object]]


def quantulum_extractor() -> Callable[[str, str, object], list[PeerFigure]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # quantulum3 warns that its optional classifier is not installed
        from quantulum3 import parser

    def run(text: str, doc: str, published: object) -> list[PeerFigure]:
        found = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            quantities = parser.parse(text)
        for quantity in quantities:
            unit, factor = QUANTULUM_UNITS.get(quantity.unit.name, (quantity.unit.name, 1))
            found.append(PeerFigure(doc, quantity.span[0], quantity.surface, float(quantity.value) * factor, unit))
        return found

    return run


def ours(text: str, doc: str, published: object) -> list[object]:
    return list(extract(text, doc, published))  # type: ignore[arg-type]


def measure(
    runs: dict[str, Callable], texts: Sequence[tuple[str, str, object]], min_seconds: float
) -> tuple[dict[str, dict], dict[str, float]]:
    """Predictions per extractor and document, and each extractor's throughput in KB/s: the extractors take
    turns reading the whole set (for at least min_seconds each), and each one's quickest round counts, so a
    burst of load from other processes slows a round of one without deciding the ratio."""
    predictions = {  # the warm-up round, and the results scored
        name: {doc: run(text, doc, published) for doc, text, published in texts} for name, run in runs.items()
    }
    size_kb = sum(len(text.encode("utf-8")) for _, text, _ in texts) / 1024
    quickest = dict.fromkeys(runs, float("inf"))
    spent = dict.fromkeys(runs, 0.0)
    while min(spent.values()) < min_seconds:
        for name, run in runs.items():
            started = time.perf_counter()
            for doc, text, published in texts:
                run(text, doc, published)
            elapsed = time.perf_counter() - started
            quickest[name], spent[name] = min(quickest[name], elapsed), spent[name] + elapsed
    return predictions, {name: size_kb / seconds for name, seconds in quickest.items()}


def table(reports: dict[str, Report], speeds: dict[str, float]) -> str:
    ours_total, peer_total = reports["ours"].total, reports["quantulum3"].total
    rows = [
        ("precision", ours_total.precision, peer_total.precision),
        ("recall", ours_total.recall, peer_total.recall),
        ("F1", ours_total.f1, peer_total.f1),
        ("throughput KB/s", speeds["ours"], speeds["quantulum3"]),
    ]
    lines = [f"{'':<16} {'ours':>10} {'quantulum3':>11} {'ratio':>8}"]
    for name, mine, theirs in rows:
        ratio = f"{mine / theirs:.2f}x" if theirs else "inf"
        lines.append(f"{name:<16} {mine:>10.3f} {theirs:>11.3f} {ratio:>8}")
    lines.append(f"{'figures found':<16} {ours_total.predicted:>10} {peer_total.predicted:>11}")
    lines.append(
        f"{'figures matched':<16} {ours_total.matched:>10} {peer_total.matched:>11}   of {ours_total.labelled}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extract_peer", description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", default=str(LABELS_DIR), help="folder of <doc>.jsonl labels")
    parser.add_argument("--corpus", help=f"folder with the texts (default: ${config.CORPUS_ENV} or seeds/)")
    parser.add_argument("--seeds", default=str(config.SEEDS_DIR), help="folder of source manifests")
    parser.add_argument("--seconds", type=float, default=2.0, help="minimum timed seconds per extractor")
    args = parser.parse_args(argv)

    labels = load_labels(Path(args.labels))
    documents = find_documents(labels, config.corpus_dir(args.corpus), Path(args.seeds), load_texts(Path(args.labels)))
    if set(documents) != set(labels):
        print(f"error: texts missing for {', '.join(sorted(set(labels) - set(documents)))}", file=sys.stderr)
        return 1
    texts = [(doc, d.path.read_bytes().decode("utf-8"), d.published) for doc, d in sorted(documents.items())]
    size_kb = sum(len(text.encode("utf-8")) for _, text, _ in texts) / 1024
    print(f"{len(texts)} labelled texts, {size_kb:.1f} KB, {sum(map(len, labels.values()))} labelled figures\n")

    predictions, speeds = measure({"ours": ours, "quantulum3": quantulum_extractor()}, texts, args.seconds)
    reports = {name: score(labels, found) for name, found in predictions.items()}
    print(table(reports, speeds))
    print("\nper document (ours):")
    print(reports["ours"].table())
    print("\nper document (quantulum3, value and unit only):")
    print(reports["quantulum3"].table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
