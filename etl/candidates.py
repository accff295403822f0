"""The build's `candidates` table: every figure the extractor finds in each source text, and
whether a curated figure already covers it.

A curated figure covers a candidate when both come from the same source and either their offsets
overlap (figures record surface_start/surface_end) or they have the same value and unit and the
candidate lies inside the figure's quote (the same sentence).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence

import pandas as pd

from etl.curated import Figure
from etl.extract import FIELDS, Candidate, Gazetteer, extract
from etl.sources import Source

COLUMNS = ("doc_id", *FIELDS[1:-1], "sentence", "curated", "figure_id")


def covering_figure(candidate: Candidate, figures: Sequence[Figure]) -> str | None:
    """The id of the curated figure that covers a candidate, if any (overlap first, then value)."""
    for figure in figures:
        span = figure.surface_span
        if span and span[0] < candidate.end and candidate.start < span[1]:
            return figure.row.figure_id
    for figure in figures:
        quote = figure.quote_span
        if (
            quote
            and quote[0] <= candidate.start
            and candidate.end <= quote[1]
            and figure.unit == candidate.unit
            and math.isclose(figure.value, candidate.value, rel_tol=1e-6)
        ):
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
        for candidate in extract(source.text, source.doc_id, published, gazetteer):
            row = candidate.as_dict()
            row["doc_id"] = row.pop("doc")
            figure_id = covering_figure(candidate, own)
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
