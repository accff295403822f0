"""Score extracted figures against hand-labelled ones: precision and recall of (value, unit) per
document, and accuracy of qualifier, period, entity (and kind) on the matched figures.

A measurement of the extractor (`python -m scoring`, tests/test_score.py, bench/extract_peer.py), not a
step of the build: it lives beside `etl/`, which it imports, as `bench/` does.

Labels are JSON lines (or CSV with the same columns), one file per document named after its source
id: `start` (optional character offset), `surface`, `value`, `unit`, `qualifier`, `period`,
`entity`, `kind`. A prediction matches a label of the same document with the same unit and the same
value to six significant digits; when several could match, the nearest offsets pair up first, so
a figure written twice is counted twice.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from etl.sources import load_manifest

ATTRIBUTES = ("qualifier", "period", "entity", "kind")


class Figure(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def value(self) -> float: ...
    @property
    def unit(self) -> str: ...
    @property
    def qualifier(self) -> str: ...
    @property
    def period(self) -> str | None: ...
    @property
    def entity(self) -> str | None: ...


@dataclass(frozen=True)
class Label:
    doc: str
    start: int | None
    surface: str
    value: float
    unit: str
    qualifier: str = "exact"
    period: str | None = None
    entity: str | None = None
    kind: str | None = None


def _label(doc: str, row: dict[str, object]) -> Label:
    start = row.get("start")
    return Label(
        doc=doc,
        start=int(str(start)) if start not in (None, "") else None,
        surface=str(row.get("surface") or ""),
        value=float(row["value"]),  # type: ignore[arg-type]
        unit=str(row["unit"]),
        qualifier=str(row.get("qualifier") or "exact"),
        period=str(row["period"]) if row.get("period") not in (None, "") else None,
        entity=str(row["entity"]) if row.get("entity") not in (None, "") else None,
        kind=str(row["kind"]) if row.get("kind") not in (None, "") else None,
    )


def load_labels(folder: Path) -> dict[str, list[Label]]:
    """Every labelled document in `folder` (`<doc>.jsonl` or `<doc>.csv`)."""
    labels: dict[str, list[Label]] = {}
    for path in sorted(folder.glob("*.jsonl")) + sorted(folder.glob("*.csv")):
        if path.name == "sources.csv":
            continue  # where the texts come from (load_texts), not labels
        doc = path.stem
        with path.open(encoding="utf-8", newline="") as handle:
            if path.suffix == ".jsonl":
                rows = [json.loads(line) for line in handle if line.strip()]
            else:
                rows = list(csv.DictReader(handle))
        labels.setdefault(doc, []).extend(_label(doc, row) for row in rows)
    return labels


@dataclass(frozen=True)
class Document:
    doc: str
    path: Path
    published: dt.date | None


@dataclass(frozen=True)
class LabelledText:
    """A labelled text that is not a project source: its publication date and the sha256 its labels fit."""

    published: dt.date | None
    sha256: str


def load_texts(folder: Path) -> dict[str, LabelledText]:
    """`sources.csv` of a labels folder (doc, published, sha256, ...), if there is one."""
    path = folder / "sources.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["doc"]: LabelledText(dt.date.fromisoformat(row["published"]) if row.get("published") else None,
                                     row.get("sha256") or "")
            for row in csv.DictReader(handle)
        }  # fmt: skip


class TextChangedError(ValueError):
    """A labelled text differs from the one that was labelled: its offsets no longer hold."""


def find_documents(
    docs: Iterable[str], corpus: Path, seeds_dir: Path, texts: dict[str, LabelledText] | None = None
) -> dict[str, Document]:
    """Where each labelled document's text is: via its manifest (seeds/<doc>.toml) or <corpus>/<doc>.txt
    (then dated by `texts`, from the labels' sources.csv, whose sha256 the text must have)."""
    found: dict[str, Document] = {}
    texts = texts or {}
    for doc in docs:
        manifest_path = seeds_dir / f"{doc}.toml"
        manifest = load_manifest(manifest_path)[0] if manifest_path.is_file() else None
        if manifest is not None:
            published = manifest.published.date or manifest.published.earliest
            path = corpus / manifest.text_file
        else:
            published, path = (texts[doc].published if doc in texts else None), corpus / f"{doc}.txt"
        if not path.is_file():
            continue
        if manifest is None and doc in texts and texts[doc].sha256:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest != texts[doc].sha256:
                raise TextChangedError(f"{path}: sha256 {digest} is not the labelled text's {texts[doc].sha256}")
        found[doc] = Document(doc, path, published)
    return found


def _key(value: float, unit: str) -> tuple[str, str]:
    return unit, f"{value:.6g}" if math.isfinite(value) else "nan"


def match(labels: Sequence[Label], predicted: Sequence[Figure]) -> list[tuple[Label, Figure]]:
    """Pairs of (label, prediction) with the same value and unit, nearest offsets first."""
    by_key: dict[tuple[str, str], tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i, label in enumerate(labels):
        by_key[_key(label.value, label.unit)][0].append(i)
    for j, figure in enumerate(predicted):
        key = _key(figure.value, figure.unit)
        if key in by_key:
            by_key[key][1].append(j)
    pairs: list[tuple[Label, Figure]] = []
    for label_ids, figure_ids in by_key.values():
        options = []
        for rank_i, i in enumerate(label_ids):
            for rank_j, j in enumerate(figure_ids):
                start = labels[i].start
                distance = abs(start - predicted[j].start) if start is not None else abs(rank_i - rank_j)
                options.append((distance, i, j))
        used_labels: set[int] = set()
        used_figures: set[int] = set()
        for _, i, j in sorted(options):
            if i not in used_labels and j not in used_figures:
                used_labels.add(i)
                used_figures.add(j)
                pairs.append((labels[i], predicted[j]))
    return sorted(pairs, key=lambda pair: pair[0].start or 0)


@dataclass
class DocScore:
    doc: str
    labelled: int = 0
    predicted: int = 0
    matched: int = 0
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    judged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    missed: list[Label] = field(default_factory=list)
    spurious: list[Figure] = field(default_factory=list)
    wrong: list[tuple[str, Label, Figure]] = field(default_factory=list)
    """(attribute, label, prediction) of every matched figure whose attribute differs from the label's."""

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.labelled if self.labelled else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, attribute: str) -> float | None:
        judged = self.judged[attribute]
        return self.correct[attribute] / judged if judged else None

    def add(self, other: DocScore) -> None:
        self.labelled += other.labelled
        self.predicted += other.predicted
        self.matched += other.matched
        for attribute in ATTRIBUTES:
            self.correct[attribute] += other.correct[attribute]
            self.judged[attribute] += other.judged[attribute]
        self.missed += other.missed
        self.spurious += other.spurious
        self.wrong += other.wrong


def score_document(doc: str, labels: Sequence[Label], predicted: Sequence[Figure]) -> DocScore:
    pairs = match(labels, predicted)
    result = DocScore(doc, len(labels), len(predicted), len(pairs))
    matched_labels = {id(label) for label, _ in pairs}
    matched_figures = {id(figure) for _, figure in pairs}
    result.missed = [label for label in labels if id(label) not in matched_labels]
    result.spurious = [figure for figure in predicted if id(figure) not in matched_figures]
    for label, figure in pairs:
        for attribute in ATTRIBUTES:
            expected = getattr(label, attribute)
            if expected is None or not hasattr(figure, attribute):
                continue
            result.judged[attribute] += 1
            if getattr(figure, attribute) == expected:
                result.correct[attribute] += 1
            else:
                result.wrong.append((attribute, label, figure))
    return result


@dataclass
class Report:
    documents: list[DocScore]

    @property
    def total(self) -> DocScore:
        total = DocScore("TOTAL")
        for document in self.documents:
            total.add(document)
        return total

    def table(self) -> str:
        header = f"{'document':<32} {'labels':>6} {'found':>6} {'match':>6} {'prec':>6} {'recall':>6} {'F1':>6}"
        header += "".join(f" {a[:6]:>6}" for a in ATTRIBUTES)
        lines = [header]
        for score in [*self.documents, self.total]:
            line = (
                f"{score.doc:<32} {score.labelled:>6} {score.predicted:>6} {score.matched:>6} "
                f"{score.precision:>6.3f} {score.recall:>6.3f} {score.f1:>6.3f}"
            )
            for attribute in ATTRIBUTES:
                accuracy = score.accuracy(attribute)
                line += f" {accuracy:>6.3f}" if accuracy is not None else f" {'-':>6}"
            lines.append(line)
        return "\n".join(lines)


def score(labels: dict[str, list[Label]], predicted: Mapping[str, Sequence[Figure]]) -> Report:
    """Score every labelled document; a document with no predictions scores zero recall."""
    return Report([score_document(doc, labels[doc], predicted.get(doc, [])) for doc in sorted(labels)])
