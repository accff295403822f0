"""Command line: `python -m scoring [--labels DIR] [--corpus DIR] [-v]` measures the extractor against
hand-labelled figures (precision and recall of value and unit, accuracy of the other fields)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl import config
from etl.extract import Gazetteer, extract
from scoring import Report, TextChangedError, find_documents, load_labels, load_texts, score

LABELS_DIR = config.ROOT / "tests" / "extract_labels"


def _details(report: Report) -> list[str]:
    """One line for each missed, spurious and wrongly read figure (`-v`)."""
    lines = []
    for document in report.documents:
        for label in document.missed:
            lines.append(f"missed   {document.doc}:{label.start}: {label.surface!r} {label.value:g} {label.unit}")
        for figure in document.spurious:
            lines.append(f"spurious {document.doc}:{figure.start}: {figure.surface!r} {figure.value:g} {figure.unit}")  # type: ignore[attr-defined]
        for attribute, label, figure in document.wrong:
            found, wanted = getattr(figure, attribute), getattr(label, attribute)
            where = f"{document.doc}:{label.start}: {label.surface!r}"
            lines.append(f"{attribute:<8} {where} {found!r}, labelled {wanted!r}")
    return lines


def run(args: argparse.Namespace) -> int:
    """Score the extractor on every labelled text found in the corpus; 1 below the asked precision or recall."""
    labels = load_labels(Path(args.labels))
    corpus = config.corpus_dir(args.corpus)
    try:
        documents = find_documents(labels, corpus, Path(args.seeds), load_texts(Path(args.labels)))
    except TextChangedError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    missing = sorted(set(labels) - set(documents))
    if missing:
        print(f"error: no text for {', '.join(missing)} in {corpus}", file=sys.stderr)
        return 1
    gazetteer = Gazetteer.from_csv(Path(args.entities))
    predicted = {
        doc: list(extract(d.path.read_bytes().decode("utf-8"), doc, d.published, gazetteer))
        for doc, d in documents.items()
    }
    report = score(labels, predicted)
    print(report.table())
    for line in _details(report) if args.verbose else []:
        print(line)
    total = report.total
    return 0 if total.precision >= args.min_precision and total.recall >= args.min_recall else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scoring", description=__doc__)
    parser.add_argument("--labels", default=str(LABELS_DIR), help="folder of <doc>.jsonl labels")
    parser.add_argument("--corpus", help=f"folder with the source texts (default: ${config.CORPUS_ENV} or seeds/)")
    parser.add_argument("--seeds", default=str(config.SEEDS_DIR), help="folder of source manifests (publication dates)")
    parser.add_argument("--entities", default=str(config.ENTITIES_CSV), help="gazetteer (entities.csv)")
    parser.add_argument("--min-precision", type=float, default=0.0, help="exit 1 below this precision")
    parser.add_argument("--min-recall", type=float, default=0.0, help="exit 1 below this recall")
    parser.add_argument("-v", "--verbose", action="store_true", help="list missed, spurious, wrong fields")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
