"""The pydantic models that define what a valid manifest and curated row is, and word the errors.

They are the reference: `etl.sources` and `etl.curated` first try a plain-Python check that accepts
only input these models would accept unchanged, and hand everything else (anything to strip, coerce
or reject) to these models, so results and error messages are the models' own. Importing pydantic
costs about 0.1 s, which is why this module is imported only when a row needs it.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

from etl.periods import period_bounds
from etl.vocabulary import CHARTS, ENTITY_TYPES, ID_PATTERN, KINDS, QUALIFIERS, UNITS


class Published(BaseModel):
    """When the article was published; `date` may be unknown, then keep what is known."""

    model_config = ConfigDict(extra="forbid")
    date: dt.date | None = None
    earliest: dt.date | None = None
    note: str = ""

    @model_validator(mode="after")
    def _known_something(self) -> Published:
        if self.date is None and self.earliest is None and not self.note:
            raise ValueError("give date, or earliest and a note saying what is known")
        if self.date and self.earliest and self.date < self.earliest:
            raise ValueError(f"date {self.date} is before earliest {self.earliest}")
        return self


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    author: str = ""
    url: HttpUrl
    language: str = Field(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")
    text_file: str = Field(pattern=r"^[^/\\]+$")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    published: Published


def _blank_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


class IndicatorRow(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)
    indicator_id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    unit: Literal[tuple(sorted(UNITS))]  # type: ignore[valid-type]
    topic: str = Field(min_length=1)
    chart: Literal[CHARTS]  # type: ignore[valid-type]
    description: str = Field(min_length=1)


class EntityRow(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)
    entity: str = Field(min_length=1)
    type: Literal[ENTITY_TYPES]  # type: ignore[valid-type]
    aliases: list[str]

    @field_validator("aliases", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [alias.strip() for alias in value.split(";") if alias.strip()]
        return value


class FigureRow(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)
    figure_id: str = Field(pattern=ID_PATTERN)
    indicator_id: str = Field(min_length=1)
    entity: str = Field(min_length=1)
    period: str
    surface: str = Field(min_length=1)
    qualifier: Literal[QUALIFIERS] | None = None  # type: ignore[valid-type]
    kind: Literal[KINDS]  # type: ignore[valid-type]
    attributed_to: str = Field(min_length=1)
    quote: str = Field(min_length=1)
    value: float | None = None
    unit: Literal[tuple(sorted(UNITS))] | None = None  # type: ignore[valid-type]
    override: str | None = None
    note: str | None = None

    @field_validator("qualifier", "value", "unit", "override", "note", mode="before")
    @classmethod
    def _optional(cls, value: object) -> object:
        return _blank_to_none(value)

    @field_validator("value")
    @classmethod
    def _finite(cls, value: float | None) -> float | None:
        if value is not None and not math.isfinite(value):
            raise ValueError("value must be a finite number")
        return value

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        period_bounds(value)
        return value
