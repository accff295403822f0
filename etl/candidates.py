"""The build's `candidates` table: every figure the extractor finds in each source text, and
whether a curated figure already covers it.

Each candidate also gets a suggested indicator with a confidence (`IndicatorSuggester`) and says
whether its entity is one the gazetteer lacks (`entity_new`), so the Review page can pre-fill both.

A curated figure covers a candidate when both come from the same source and either their offsets
overlap (figures record surface_start/surface_end) or they have the same value and unit and the
candidate lies inside the figure's quote (the same sentence). A quote is located at its first
occurrence in the text; where the same sentence occurs again (a caption repeating a paragraph), the
figure covers the same place in every copy.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import pandas as pd

from etl.extract import FIELDS, Candidate, Gazetteer, extract
from etl.figures import Figure
from etl.quantities import FUNCTION_WORDS
from etl.sources import Source

COLUMNS = ("doc_id", *FIELDS[1:-1], "sentence", "curated", "figure_id", "suggested_indicator", "indicator_confidence")
_STOPWORDS = FUNCTION_WORDS | {"percent", "per", "cent", "number", "total", "value", "figure", "amount", "text"}


def _stems(text: str) -> list[str]:
    """Lower-case content words of at least three letters, a plural 's' dropped."""
    words = re.findall(r"[a-z][a-z-]{2,}", text.lower())
    return [w[:-1] if w.endswith("s") and not w.endswith("ss") else w for w in words if w not in _STOPWORDS]


class IndicatorSuggester:
    """The indicator a candidate most likely measures: among the indicators of the candidate's unit, the
    one whose name and description share the most words with the candidate's sentence (words weighted
    by how few indicators use them). The confidence is the cosine similarity of the two word sets
    (0 to 1), scaled down when the runner-up is nearly as close."""

    def __init__(self, indicators: Iterable[tuple[str, str, str]]):
        """`indicators`: (indicator_id, unit, name and description)."""
        self.by_unit: dict[str, list[tuple[str, Counter[str]]]] = defaultdict(list)
        texts = [(indicator_id, unit, Counter(_stems(words))) for indicator_id, unit, words in indicators]
        frequency = Counter(word for _, _, words in texts for word in words)
        self.weight = {word: math.log((1 + len(texts)) / (1 + n)) + 1 for word, n in frequency.items()}
        for indicator_id, unit, words in texts:
            self.by_unit[unit].append((indicator_id, words))

    @classmethod
    def from_csv(cls, path: Path) -> IndicatorSuggester:
        """Read indicators.csv leniently: a missing file or bad row only loses suggestions."""
        rows: list[tuple[str, str, str]] = []
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                for row in csv.DictReader(handle):
                    if row.get("indicator_id") and row.get("unit"):
                        words = f"{row.get('name') or ''} {row.get('description') or ''} {row.get('topic') or ''}"
                        rows.append((row["indicator_id"].strip(), row["unit"].strip(), words))
        except (OSError, csv.Error, UnicodeDecodeError):
            pass
        return cls(rows)

    def _cosine(self, left: Counter[str], right: Counter[str]) -> float:
        dot = sum(left[w] * right[w] * self.weight.get(w, 1.0) ** 2 for w in left.keys() & right.keys())
        if not dot:
            return 0.0
        norm = math.sqrt(sum((n * self.weight.get(w, 1.0)) ** 2 for w, n in left.items()))
        norm *= math.sqrt(sum((n * self.weight.get(w, 1.0)) ** 2 for w, n in right.items()))
        return dot / norm

    def suggest(self, unit: str, sentence: str) -> tuple[str | None, float | None]:
        """(indicator_id, confidence) for a figure of `unit` in `sentence`; (None, None) if none fits."""
        words = Counter(_stems(sentence))
        scored = sorted(((self._cosine(words, w), i) for i, w in self.by_unit.get(unit, [])), reverse=True)
        if not scored or scored[0][0] <= 0:
            return None, None
        best = scored[0][0]
        margin = 1.0 if len(scored) == 1 else min(1.0, 2 * (best - scored[1][0]) / best + 0.5)
        return scored[0][1], round(min(1.0, best * margin), 3)


def quote_copies(figures: Sequence[Figure], text: str | None) -> dict[int, list[int]]:
    """For each figure (by position) whose quote occurs more than once in `text`: how far each further
    copy lies from the located one (characters)."""
    shifts: dict[int, list[int]] = {}
    for position, figure in enumerate(figures):
        if text is None or figure.quote_span is None:
            continue
        start, end = figure.quote_span
        quote = text[start:end]
        found = text.find(quote)
        while quote and found >= 0:
            if found != start:
                shifts.setdefault(position, []).append(found - start)
            found = text.find(quote, found + 1)
    return shifts


def _spans(position: int, span: tuple[int, int] | None, copies: dict[int, list[int]]) -> Iterator[tuple[int, int]]:
    if span:
        yield span
        for shift in copies.get(position, ()):
            yield span[0] + shift, span[1] + shift


def covering_figure(
    candidate: Candidate, figures: Sequence[Figure], copies: dict[int, list[int]] | None = None
) -> str | None:
    """The id of the curated figure that covers a candidate, if any (overlap first, then value);
    `copies` (from `quote_copies`) extends each figure to the further copies of its sentence."""
    copies = copies or {}
    for position, figure in enumerate(figures):
        for start, end in _spans(position, figure.surface_span, copies):
            if start < candidate.end and candidate.start < end:
                return figure.row.figure_id
    for position, figure in enumerate(figures):
        if figure.unit != candidate.unit or not math.isclose(figure.value, candidate.value, rel_tol=1e-6):
            continue
        for start, end in _spans(position, figure.quote_span, copies):
            if start <= candidate.start and candidate.end <= end:
                return figure.row.figure_id
    return None


def find_candidates(
    sources: Sequence[Source],
    figures: Sequence[Figure],
    gazetteer: Gazetteer | None = None,
    suggester: IndicatorSuggester | None = None,
) -> pd.DataFrame:
    """One row per candidate per source with text, in the `candidates` table's columns."""
    by_doc: dict[str, list[Figure]] = defaultdict(list)
    for figure in figures:
        by_doc[figure.doc_id].append(figure)
    rows: list[dict[str, object]] = []
    for source in sources:
        if source.text is None:
            continue
        published = source.manifest.published.date or source.manifest.published.earliest
        own = by_doc.get(source.doc_id, [])
        copies = quote_copies(own, source.text)
        for candidate in extract(source.text, source.doc_id, published, gazetteer):
            row = candidate.as_dict()
            row["doc_id"] = row.pop("doc")
            figure_id = covering_figure(candidate, own, copies)
            row["curated"] = figure_id is not None
            row["figure_id"] = figure_id
            suggestion = suggester.suggest(candidate.unit, candidate.sentence) if suggester else (None, None)
            row["suggested_indicator"], row["indicator_confidence"] = suggestion
            rows.append(row)
    return pd.DataFrame(rows, columns=list(COLUMNS))


def candidate_finder(
    gazetteer: Gazetteer | None = None, indicators_csv: Path | None = None
) -> Callable[[Sequence[Source], Sequence[Figure]], pd.DataFrame]:
    """A `find_candidates` for `etl.build.build`, using the given gazetteer and, for suggestions, the
    given indicators.csv (without it candidates have no suggested indicator)."""
    suggester = IndicatorSuggester.from_csv(indicators_csv) if indicators_csv else None

    def finder(sources: Sequence[Source], figures: Sequence[Figure]) -> pd.DataFrame:
        return find_candidates(sources, figures, gazetteer, suggester)

    return finder
