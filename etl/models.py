"""The pydantic models: the only statement of the rules for a manifest, a curated row and a declared view
or card, and the wording of their errors (a rule added here is enforced by `etl build`: tests/test_models.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Annotated, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    FiniteFloat,
    HttpUrl,
    ValidationError,
    field_validator,
    model_validator,
)

from etl.periods import period_bounds
from etl.problems import Problem
from etl.vocabulary import APP_PAGES, CHARTS, ENTITY_TYPES, ID_PATTERN, KINDS, QUALIFIERS, UNITS, VIEW_CHARTS


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
    """A source manifest, seeds/<id>.toml."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    author: str = ""
    url: Annotated[HttpUrl, AfterValidator(str)]
    """Checked as an http(s) URL, kept as the normalised text pydantic gives it."""
    language: str = Field(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")
    text_file: str = Field(pattern=r"^[^/\\]+$")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    published: Published


def _blank_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


def _known_period(value: str) -> str:
    period_bounds(value)
    return value


Period = Annotated[str, AfterValidator(_known_period)]
"""A period in one of the forms `etl.periods` reads (2027, 2023-2027, 2024-11 ...)."""
Blank = BeforeValidator(_blank_to_none)
"""An empty CSV cell (or one of spaces) is a value not given."""


class IndicatorRow(BaseModel):
    """A row of data/indicators.csv."""

    model_config = ConfigDict(str_strip_whitespace=True)
    indicator_id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    unit: Literal[tuple(sorted(UNITS))]  # type: ignore[valid-type]
    topic: str = Field(min_length=1)
    chart: Literal[CHARTS]  # type: ignore[valid-type]
    description: str = Field(min_length=1)
    counts: Annotated[str | None, Blank] = None
    """What a count counts ('calls/day', 'LLMs'), where a bare number would be unclear; for unit `count` only."""

    @model_validator(mode="after")
    def _counts_only_counts(self) -> IndicatorRow:
        if self.counts and self.unit != "count":
            raise ValueError(f"counts is for indicators whose unit is count, not {self.unit}")
        return self


class EntityRow(BaseModel):
    """A row of data/entities.csv (aliases separated by semicolons)."""

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
    """A row of data/figures/<doc_id>.csv as the curator typed it."""

    model_config = ConfigDict(str_strip_whitespace=True)
    figure_id: str = Field(pattern=ID_PATTERN)
    indicator_id: str = Field(min_length=1)
    entity: str = Field(min_length=1)
    period: Period
    surface: str = Field(min_length=1)
    qualifier: Annotated[Literal[QUALIFIERS] | None, Blank] = None  # type: ignore[valid-type]
    kind: Literal[KINDS]  # type: ignore[valid-type]
    attributed_to: str = Field(min_length=1)
    quote: str = Field(min_length=1)
    value: Annotated[FiniteFloat | None, Blank] = None
    unit: Annotated[Literal[tuple(sorted(UNITS))] | None, Blank] = None  # type: ignore[valid-type]
    override: Annotated[str | None, Blank] = None
    note: Annotated[str | None, Blank] = None


def _shown_input(fields: Mapping[str, object], location: tuple[object, ...]) -> str:
    """` (got '...')`: the offending value, quoted and cut short; nothing else of the file is echoed."""
    if not location or not isinstance(fields.get(str(location[0])), str):
        return ""
    value = str(fields[str(location[0])])
    return f" (got {value[:60] + '…' if len(value) > 60 else value!r})"


def error_problems(
    error: ValidationError, shown: str, line_of: Callable[[tuple[object, ...]], int], fields: Mapping[str, object]
) -> list[Problem]:
    """A pydantic ValidationError as `path:line: field: message` problems (`line_of(location)` gives the line)."""
    found = []
    for item in error.errors():
        location = tuple(item["loc"])
        field = ".".join(str(part) for part in location) or "row"
        found.append(Problem(shown, line_of(location), field, item["msg"] + _shown_input(fields, location)))
    return found


_NAME = re.compile(r"[a-z_][a-z0-9_]*")
_FUNCTIONS = frozenset({"power", "round", "abs", "least", "greatest", "sqrt", "ln", "exp"})
_TOKEN = re.compile(r"\s*(?:(?P<name>[a-z_][a-z0-9_]*)|(?P<number>\d+(?:\.\d+)?)|(?P<symbol>[-+*/(),]))")


def expression_names(expression: str) -> list[str]:
    """The input names an arithmetic expression uses; ValueError for anything but names, numbers,
    + - * / ( ) , and the functions in _FUNCTIONS (so a data file cannot carry other SQL)."""
    names, at = [], 0
    stripped = expression.rstrip()
    while at < len(stripped):
        token = _TOKEN.match(stripped, at)
        if token is None:
            raise ValueError(f"unexpected {stripped[at:at + 10]!r}: use names, numbers, + - * / ( ) and "
                             f"{', '.join(sorted(_FUNCTIONS))}")  # fmt: skip
        if token["name"] and token["name"] not in _FUNCTIONS:
            names.append(token["name"])
        at = token.end()
    return names


def _named_inputs(value: object) -> object:
    """`name=figure-id; name=figure-id` as a dict (in order)."""
    if not isinstance(value, str):
        return value
    pairs = [part.split("=", 1) for part in value.split(";") if part.strip()]
    if any(len(pair) != 2 for pair in pairs):
        raise ValueError("write inputs as name=figure-id; name=figure-id")
    return {name.strip(): figure_id.strip() for name, figure_id in pairs}


class _Formula(BaseModel):
    """Named figure inputs and arithmetic over them (rows of data/derived.csv and data/checks.csv)."""

    model_config = ConfigDict(str_strip_whitespace=True)
    inputs: dict[Annotated[str, Field(pattern=_NAME.pattern)], Annotated[str, Field(pattern=ID_PATTERN)]]
    formula: str = Field(min_length=1)
    description: str = Field(min_length=1)

    _arithmetic: ClassVar[tuple[str, ...]]
    """The fields holding arithmetic over the inputs."""
    _inputs = field_validator("inputs", mode="before")(classmethod(lambda cls, value: _named_inputs(value)))

    @model_validator(mode="after")
    def _uses_inputs(self) -> _Formula:
        used = {name for field in self._arithmetic for name in expression_names(getattr(self, field))}
        if not used:
            raise ValueError("the arithmetic uses no input")
        unknown = sorted(used - set(self.inputs))
        if unknown:
            raise ValueError(f"{', '.join(unknown)} not among the inputs {', '.join(self.inputs)}")
        return self


class DerivedRow(_Formula):
    """A row of data/derived.csv: a figure computed from stated figures."""

    derived_id: str = Field(pattern=r"^derived-[a-z0-9-]+$")
    indicator_id: str = Field(min_length=1)
    entity: str = Field(min_length=1)
    period: Period
    unit: Literal[tuple(sorted(UNITS))]  # type: ignore[valid-type]
    qualifier: Literal[QUALIFIERS]  # type: ignore[valid-type]
    kind: Literal[KINDS]  # type: ignore[valid-type]
    expression: str = Field(min_length=1)
    _arithmetic = ("expression",)


class CheckRow(_Formula):
    """A row of data/checks.csv: `actual` compared with `expected`, within a relative `tolerance`,
    or (no tolerance) passing when actual > expected."""

    check_id: str = Field(pattern=ID_PATTERN)
    expected: str = Field(min_length=1)
    actual: str = Field(min_length=1)
    tolerance: Annotated[float | None, Blank] = None
    _arithmetic = ("expected", "actual")


class ViewRow(BaseModel):
    """A `[[view]]` of data/views.toml: a page of the app that is Explore with other defaults."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    key: str = Field(pattern=ID_PATTERN)
    """The page's address (`/<key>`) and the prefix of its widget keys."""
    title: str = Field(min_length=1)
    intro: str = Field(min_length=1)
    section: str = Field(min_length=1)
    """The sidebar section the page is listed in; pages keep the order of the file."""
    icon: str = Field(pattern=r"^:material/[a-z0-9_]+:$")
    indicators: list[str] = Field(min_length=1)
    entities: list[str] = []
    kinds: list[Literal[KINDS]] = []  # type: ignore[valid-type]
    sources: list[str] = []
    producers: list[str] = []
    charts: dict[str, Literal[VIEW_CHARTS]] = {}  # type: ignore[valid-type]
    """Chart type by indicator id, overriding the indicator's own chart in this view."""
    derived: bool = True
    extracted: bool = False
    definitions: bool = False
    checks: bool = False
    catalogue: bool = False
    filters_expanded: bool = False

    @field_validator("key")
    @classmethod
    def _free_address(cls, value: str) -> str:
        if value in APP_PAGES:
            raise ValueError(f"{value!r} is the address of one of the app's own pages ({', '.join(APP_PAGES)})")
        return value


class SeriesRow(BaseModel):
    """Which figures a line of an Overview card shows: the latest of an indicator's figures about an
    entity, optionally only of one kind, producer or period."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    indicator: str = Field(min_length=1)
    entity: str | None = None
    """None: the card's entity."""
    kind: Literal[KINDS] | None = None  # type: ignore[valid-type]
    producer: str | None = None
    period: Period | None = None


class CardRow(SeriesRow):
    """A `[[card]]` of data/views.toml: an Overview card stating the latest figure of a series."""

    title: str = Field(min_length=1)
    entity: str = Field(min_length=1)
    related: list[SeriesRow] = []
    """Figures named under the headline one."""
    change: SeriesRow | None = None
    """A stated change (e.g. a growth multiple) shown as the card's delta."""


class OverviewChartRow(BaseModel):
    """An `[[overview_chart]]` of data/views.toml: a chart of one indicator on the Overview."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    indicator: str = Field(min_length=1)
    entities: list[str] = []


class Agreement(BaseModel):
    """data/agreement.toml: when two sources state the same figure (etl/agreement.sql reads these numbers)."""

    model_config = ConfigDict(extra="forbid")
    exact_tolerance: Annotated[FiniteFloat, Field(ge=0, lt=1)]
    approx_tolerance: Annotated[FiniteFloat, Field(ge=0, lt=1)]
    vintage_window_days: Annotated[int, Field(ge=0)]


class ViewsFile(BaseModel):
    """data/views.toml: the ready views (in navigation order), the Overview's cards and charts."""

    model_config = ConfigDict(extra="forbid")
    view: list[ViewRow] = []
    card: list[CardRow] = []
    overview_chart: list[OverviewChartRow] = []

    @field_validator("view")
    @classmethod
    def _one_catalogue_and_unique_keys(cls, views: list[ViewRow]) -> list[ViewRow]:
        keys = [view.key for view in views]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise ValueError(f"view key(s) declared twice: {', '.join(repeated)}")
        catalogues = [view.key for view in views if view.catalogue]
        if views and len(catalogues) != 1:
            raise ValueError(f"exactly one view has catalogue = true (the one others link to), found {len(catalogues)}")
        return views
