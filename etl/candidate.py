"""One candidate figure as the extractor yields it and the build's `candidates` table stores it.

Kept apart from `etl.extract` so that a build reusing every text's candidates from its previous database
reads them back without importing the extractor and compiling its patterns.
"""

from __future__ import annotations

from dataclasses import dataclass

FIELDS = (
    "doc", "start", "end", "surface", "value", "unit", "qualifier", "period", "entity", "entity_new",
    "attributed_to", "kind", "sentence",
)  # fmt: skip


@dataclass(frozen=True)
class Candidate:
    """One figure found in a text, with its context; `text[start:end] == surface`."""

    doc: str
    start: int
    end: int
    surface: str
    value: float
    unit: str
    qualifier: str
    period: str | None
    entity: str | None
    entity_new: bool
    attributed_to: str | None
    kind: str
    sentence: str

    def as_dict(self) -> dict[str, object]:
        """The fields by name, in `FIELDS` order (a shallow copy: every field is a plain value)."""
        return dict(vars(self))
