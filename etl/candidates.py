"""The build's `candidates` table: every figure the extractor finds in each source text, and
whether a curated figure already covers it.

A curated figure covers a candidate when both come from the same source and either their offsets
overlap (figures record surface_start/surface_end) or they have the same value and unit and the
candidate lies inside the figure's quote (the same sentence). A quote is located at its first
occurrence in the text; where the same sentence occurs again (a caption repeating a paragraph), the
figure covers the same place in every copy.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence

import pandas as pd

from etl.extract import FIELDS, Candidate, Gazetteer, extract
from etl.figures import Figure
from etl.sources import Source

COLUMNS = ("doc_id", *FIELDS[1:-1], "sentence", "curated", "figure_id")


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
    sources: Sequence[Source], figures: Sequence[Figure], gazetteer: Gazetteer | None = None
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
            rows.append(row)
    return pd.DataFrame(rows, columns=list(COLUMNS))


def candidate_finder(
    gazetteer: Gazetteer | None = None,
) -> Callable[[Sequence[Source], Sequence[Figure]], pd.DataFrame]:
    """A `find_candidates` for `etl.build.build`, using the given gazetteer."""

    def finder(sources: Sequence[Source], figures: Sequence[Figure]) -> pd.DataFrame:
        return find_candidates(sources, figures, gazetteer)

    return finder
