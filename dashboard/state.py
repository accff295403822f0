"""Page state in the URL: parse query parameters against known ids, and write selections back.

Only values that match something the database knows (an indicator id, an entity, a figure id ...)
are kept; anything else becomes a notice for the page to show, never an exception. No value read
here reaches SQL except as one of those known ids. Pure functions, no Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass, field

from dashboard import formatting

RESERVED = frozenset({"embed", "embed_options"})
"""Parameters Streamlit itself reads; left alone."""
MAX_VALUE_LENGTH = 200
YEAR = re.compile(r"\d{4}")
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}

Validator = Callable[[str, list[str]], tuple[object, list[str]]]
"""(parameter name, its raw values) -> (parsed value or None, notices)."""


def shown(value: str, limit: int = 40) -> str:
    """A raw URL value as a notice may show it: cut short and escaped for Markdown."""
    cut = value if len(value) <= limit else value[: limit - 1] + "…"
    return formatting.escape_markdown(repr(cut))


def choices(known: Container[str], what: str, multi: bool = True) -> Validator:
    """Values that are exactly one of `known`; the rest are reported."""

    def validate(name: str, raw: list[str]) -> tuple[object, list[str]]:
        kept: list[str] = []
        notices: list[str] = []
        for value in raw:
            if value in known and value not in kept:
                kept.append(value)
            elif value not in known:
                notices.append(f"Ignored URL parameter {shown(name)} = {shown(value)}: no such {what}.")
        if not multi:
            if len(kept) > 1:
                notices.append(f"Ignored extra values of URL parameter {shown(name)}: one {what} at a time.")
            return (kept[0] if kept else None), notices
        return (tuple(kept) if kept else None), notices

    return validate


def year(low: int = 1900, high: int = 2200) -> Validator:
    def validate(name: str, raw: list[str]) -> tuple[object, list[str]]:
        value = raw[-1].strip()
        if YEAR.fullmatch(value) and low <= int(value) <= high:
            return int(value), []
        return None, [
            f"Ignored URL parameter {shown(name)} = {shown(value)}: expected a year between {low} and {high}."
        ]

    return validate


def flag() -> Validator:
    def validate(name: str, raw: list[str]) -> tuple[object, list[str]]:
        value = raw[-1].strip().lower()
        if value in TRUE_WORDS:
            return True, []
        if value in FALSE_WORDS:
            return False, []
        return None, [f"Ignored URL parameter {shown(name)} = {shown(value)}: expected 1 or 0."]

    return validate


@dataclass
class Parsed:
    values: dict[str, object] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    def get(self, name: str, default: object = None) -> object:
        value = self.values.get(name)
        return default if value is None else value


def parse(params: Mapping[str, Iterable[str]], spec: Mapping[str, Validator]) -> Parsed:
    """Each known parameter validated; unknown parameters and bad values become notices."""
    parsed = Parsed()
    for name, values in params.items():
        raw = [str(v) for v in ([values] if isinstance(values, str) else values)]
        if name in RESERVED:
            continue
        if name not in spec:
            parsed.notices.append(f"Ignored unknown URL parameter {shown(name)}.")
            continue
        if not raw:
            continue
        if any(len(v) > MAX_VALUE_LENGTH for v in raw):
            parsed.notices.append(
                f"Ignored URL parameter {shown(name)}: value longer than {MAX_VALUE_LENGTH} characters."
            )
            continue
        value, notices = spec[name](name, raw)
        parsed.notices.extend(notices)
        if value is not None:
            parsed.values[name] = value
    return parsed


def encode(values: Mapping[str, object], defaults: Mapping[str, object]) -> dict[str, str | list[str]]:
    """Query parameters for the values that differ from the page's defaults (None and () are dropped)."""
    params: dict[str, str | list[str]] = {}
    for name, value in values.items():
        if value is None or value == defaults.get(name):
            continue
        if isinstance(value, bool):
            params[name] = "1" if value else "0"
        elif isinstance(value, tuple | list):
            if not value and not defaults.get(name):
                continue
            params[name] = [str(v) for v in value]
        else:
            params[name] = str(value)
    return params
