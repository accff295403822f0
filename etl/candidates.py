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

import datetime as dt
import functools
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from etl import config
from etl.candidate import FIELDS, Candidate
from etl.figures import Figure
from etl.models import IndicatorRow
from etl.process import Columns
from etl.quantities import FUNCTION_WORDS
from etl.sources import Source

if TYPE_CHECKING:
    from etl.extract import Gazetteer

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
        """`indicators`: (indicator_id, unit, words: its name, description and topic)."""
        self.by_unit: dict[str, list[tuple[str, float]]] = defaultdict(list)
        """Each unit's indicators with the norm of their weighted word vector."""
        self.postings: dict[str, dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
        """By unit, by word: (position in by_unit[unit], times the indicator uses the word)."""
        texts = [(indicator_id, unit, Counter(_stems(words))) for indicator_id, unit, words in indicators]
        frequency = Counter(word for _, _, words in texts for word in words)
        self.weight = {word: math.log((1 + len(texts)) / (1 + n)) + 1 for word, n in frequency.items()}
        for indicator_id, unit, words in texts:
            for word, count in words.items():
                self.postings[unit][word].append((len(self.by_unit[unit]), count))
            self.by_unit[unit].append((indicator_id, self._norm(words)))
        self._squared = {word: weight**2 for word, weight in self.weight.items()}
        """Each word's weight squared, as every dot product uses it."""
        self._sentence = functools.lru_cache(maxsize=64)(self._read_sentence)
        """`_read_sentence`, once for all the figures of a sentence (they come one after another)."""
        self._suggestion = functools.lru_cache(maxsize=64)(self._suggest)
        """`_suggest`, once for the figures of a sentence that share a unit."""

    @classmethod
    def from_rows(cls, indicators: Iterable[IndicatorRow]) -> IndicatorSuggester:
        """The suggester of the indicators the build validated (data/indicators.csv)."""
        return cls((row.indicator_id, row.unit, f"{row.name} {row.description} {row.topic}") for row in indicators)

    def _norm(self, words: Counter[str]) -> float:
        return math.sqrt(sum((n * self.weight.get(w, 1.0)) ** 2 for w, n in words.items()))

    def _read_sentence(self, sentence: str) -> tuple[Counter[str], float]:
        """A sentence's words and the norm of their weighted vector."""
        words = Counter(_stems(sentence))
        return words, self._norm(words)

    def suggest(self, unit: str, sentence: str) -> tuple[str | None, float | None]:
        """(indicator_id, confidence) for a figure of `unit` in `sentence`; (None, None) if none fits."""
        return self._suggestion(unit, sentence)

    def _suggest(self, unit: str, sentence: str) -> tuple[str | None, float | None]:
        words, norm = self._sentence(sentence)
        dots: dict[int, float] = defaultdict(float)
        postings = self.postings.get(unit, {})
        for word, count in words.items():
            weight = self._squared.get(word, 1.0)
            for position, used in postings.get(word, ()):
                dots[position] += count * used * weight
        indicators = self.by_unit.get(unit, [])
        scored = sorted(
            ((dot / (norm * indicators[i][1]), indicators[i][0]) for i, dot in dots.items() if dot), reverse=True
        )  # an indicator sharing no word scores 0: never the best, and as runner-up no closer than none
        if not scored:
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


EXTRACTOR_FILES = (
    "__init__.py", "candidate.py", "config.py", "extract.py", "names.py", "quantities.py", "tables.py", "timex.py",
    "vocabulary.py", "words.py",
)  # fmt: skip
"""The modules `etl.extract` runs (tests/test_candidates.py checks the list): with the gazetteer, what
decides the candidates of a text."""


def extractor_version(entities_csv: Path) -> str:
    """Hash of the extractor's code, its gazetteer (data/entities.csv) and the tables beside it (places and
    dollar countries): equal versions find the same candidates in the same text."""
    digest = hashlib.sha256()
    for name in EXTRACTOR_FILES:
        digest.update(name.encode() + b"\0" + (config.ETL_DIR / name).read_bytes())
    for table in (entities_csv, *(entities_csv.with_name(name) for name in config.GAZETTEER_TABLES)):
        digest.update(table.name.encode() + b"\0" + (table.read_bytes() if table.is_file() else b""))
    return digest.hexdigest()[:12]


def recorded_candidates(db: Path, sources: Sequence[Source], version: str) -> dict[str, list[Candidate]]:
    """The candidates a previous database at `db` holds for each source whose text (sha256) and
    publication date are unchanged, when that build ran the same extractor version; {} otherwise."""
    if not db.is_file():
        return {}  # a first build: DuckDB would take milliseconds to say so
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            found = con.execute("SELECT extractor_version FROM build_info").fetchone()
            if found is None or found[0] != version:
                return {}
            recorded = con.execute(
                "SELECT doc_id, sha256, published, published_earliest FROM sources WHERE text_available"
            ).fetchall()
            rows = con.execute(f"SELECT {_RECORDED} FROM candidates ORDER BY rowid").fetchall()
    except (duckdb.Error, OSError):
        return {}
    current = {s.doc_id: (s.manifest.sha256, s.manifest.published.date, s.manifest.published.earliest) for s in sources}
    same: dict[str, list[Candidate]] = {doc: [] for doc, *known in recorded if current.get(doc) == tuple(known)}
    for row in rows:
        if row[0] in same:
            same[row[0]].append(Candidate(*row))
    return same


_RECORDED = ", ".join("doc_id" if name == "doc" else f'"{name}"' for name in FIELDS)


@dataclass
class CandidateFinder:
    """Finds the `candidates` rows of the sources with text; a text the previous database extracted with
    the same extractor version keeps the candidates found then (coverage and suggestions are redone)."""

    entities: Path | None = None
    """The gazetteer's entities.csv, read only if a text is extracted anew; None: the project's."""
    version: str | None = None
    """`extractor_version` (recorded in build_info); None never reuses a previous database's candidates."""

    def __call__(
        self,
        sources: Sequence[Source],
        figures: Sequence[Figure],
        indicators: Iterable[IndicatorRow],
        previous: Path | None = None,
    ) -> Columns:
        """The candidates table; `indicators`: the validated ones, to suggest one for each candidate;
        `previous`: the database this build replaces, whose candidates may be reused."""
        reused = recorded_candidates(previous, sources, self.version) if previous and self.version else {}
        anew = any(source.text is not None and source.doc_id not in reused for source in sources)
        gazetteer = _gazetteer(self.entities) if anew and self.entities else None
        return find_candidates(sources, figures, gazetteer, IndicatorSuggester.from_rows(indicators), reused)


def _gazetteer(entities: Path) -> Gazetteer:
    from etl.extract import Gazetteer  # imported only when a text is extracted anew

    return Gazetteer.from_csv(entities)


def _extracted(source: Source, published: dt.date | None, gazetteer: Gazetteer | None) -> Iterator[Candidate]:
    """The extractor's candidates of a source's text; the extractor is imported on the first text it reads, so a
    build reusing every text's candidates never loads it."""
    from etl.extract import extract

    return extract(source.text or "", source.doc_id, published, gazetteer)


def find_candidates(
    sources: Sequence[Source],
    figures: Sequence[Figure],
    gazetteer: Gazetteer | None = None,
    suggester: IndicatorSuggester | None = None,
    reused: dict[str, list[Candidate]] | None = None,
) -> Columns:
    """One row per candidate per source with text, in the `candidates` table's columns; `reused` gives
    a source's candidates found before (else the extractor runs)."""
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
        found = (reused or {}).get(source.doc_id)
        for candidate in _extracted(source, published, gazetteer) if found is None else found:
            row = candidate.as_dict()
            row["doc_id"] = row.pop("doc")
            figure_id = covering_figure(candidate, own, copies)
            row["curated"] = figure_id is not None
            row["figure_id"] = figure_id
            suggestion = suggester.suggest(candidate.unit, candidate.sentence) if suggester else (None, None)
            row["suggested_indicator"], row["indicator_confidence"] = suggestion
            rows.append(row)
    return {name: [row[name] for row in rows] for name in COLUMNS}


def candidate_finder(data_dir: Path) -> CandidateFinder:
    """The `CandidateFinder` of a data folder: its entities.csv as gazetteer."""
    entities = data_dir / "entities.csv"
    return CandidateFinder(entities, extractor_version(entities))
