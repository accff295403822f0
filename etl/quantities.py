"""The one parser of written figures: "$38 billion" -> 38e9 USD.

Used by the ETL to turn a curated figure's `surface` into value and unit, and by the extractor to
find every figure in a text. `scan` finds quantities with character offsets; `parse_surface`
reads a single figure as a curator typed it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from text_to_num import text2num

UNITS = frozenset(
    {"USD", "CNY", "EUR", "GBP", "JPY", "HKD", "KRW", "INR"}
    | {"%", "pp", "x", "count", "year", "month", "day", "second"}
    | {"TB", "PB", "MW", "GW", "EFLOPS"}
)
QUALIFIERS = ("exact", "approx", "over", "under")

SCALES = {
    "thousand": 1e3, "k": 1e3, "K": 1e3,
    "million": 1e6, "mn": 1e6, "M": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "B": 1e9,
    "trillion": 1e12, "tn": 1e12, "T": 1e12,
    "quadrillion": 1e15, "quintillion": 1e18,
}  # fmt: skip

CURRENCY_PREFIXES = {
    "US$": "USD", "HK$": "HKD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY",
    "USD": "USD", "RMB": "CNY", "CNY": "CNY", "EUR": "EUR", "GBP": "GBP", "JPY": "JPY",
}  # fmt: skip
CURRENCY_WORDS = {
    "us dollars": "USD", "dollars": "USD", "dollar": "USD", "usd": "USD",
    "yuan": "CNY", "rmb": "CNY", "cny": "CNY", "renminbi": "CNY",
    "euros": "EUR", "euro": "EUR", "eur": "EUR",
    "pounds": "GBP", "pound": "GBP", "gbp": "GBP",
    "yen": "JPY", "jpy": "JPY",
}  # fmt: skip
SYMBOL_UNITS = {"TB": "TB", "PB": "PB", "MW": "MW", "GW": "GW", "EFLOPS": "EFLOPS"}
DURATIONS = {
    "year": ("year", 1), "month": ("month", 1), "week": ("day", 7), "day": ("day", 1),
    "hour": ("second", 3600), "minute": ("second", 60), "second": ("second", 1),
}  # fmt: skip
FRACTIONS = {
    "half": 50.0, "one-half": 50.0, "one half": 50.0,
    "one-third": 100 / 3, "one third": 100 / 3, "a third": 100 / 3,
    "two-thirds": 200 / 3, "two thirds": 200 / 3,
    "one-quarter": 25.0, "one quarter": 25.0, "a quarter": 25.0,
    "three-quarters": 75.0, "three quarters": 75.0,
    "one-fifth": 20.0, "one fifth": 20.0,
}  # fmt: skip
MULTIPLIER_WORDS = {
    "doubled": 2.0,
    "double": 2.0,
    "tripled": 3.0,
    "triple": 3.0,
    "quadrupled": 4.0,
    "twofold": 2.0,
    "threefold": 3.0,
    "tenfold": 10.0,
}
QUALIFIER_WORDS = {
    "approx": (
        "about",
        "approximately",
        "around",
        "roughly",
        "nearly",
        "almost",
        "some",
        "close to",
        "an estimated",
        "estimated",
        "circa",
        "approx.",
        "~",
    ),
    "over": (
        "over",
        "more than",
        "above",
        "at least",
        "exceeding",
        "upwards of",
        "in excess of",
        "beyond",
        "no less than",
        "no fewer than",
    ),
    "under": ("under", "less than", "fewer than", "up to", "below", "at most", "no more than"),
}

_NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
]
_WORD = r"(?:{})".format("|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)))
_WORDS = rf"{_WORD}(?:(?:-|\s+(?:and\s+)?){_WORD})*"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_FRACTION = "|".join(re.escape(f) for f in sorted(FRACTIONS, key=len, reverse=True))
_SCALE_WORDS = "|".join(sorted((w for w in SCALES if len(w) > 3), key=len, reverse=True))
_SCALE = rf"{_SCALE_WORDS}|(?-i:mln|mn|bn|tn|[kKMBT])"
_CUR_PRE = "|".join(re.escape(c) for c in sorted(CURRENCY_PREFIXES, key=len, reverse=True))
_CUR_WORD = "|".join(sorted(CURRENCY_WORDS, key=len, reverse=True))
_SYMBOL = "|".join(sorted(SYMBOL_UNITS, key=len, reverse=True))
_DURATION = r"(?:year|month|week|day|hour|minute|second)s?"
_MULT_WORD = "|".join(sorted(MULTIPLIER_WORDS, key=len, reverse=True))

_QUANTITY = re.compile(
    rf"""
    (?<![\w.\-/$€£¥])
    (?:
        (?P<fraction>{_FRACTION})\b
      | (?P<multword>{_MULT_WORD})\b
      | (?:(?P<cur>{_CUR_PRE})\s?)?
        (?:(?P<digits>{_DIGITS})|(?P<words>{_WORDS})\b)
        (?:[\s-]?(?P<scale>{_SCALE})\b)?
        (?:
            (?P<percent>\s?%|\s?per\s?cent\b|\s?percent\b)
          | (?P<points>\s?percentage[\s-]points?\b|\s?pp\b)
          | (?P<fold>[\s-]?fold\b|\s?times\b|x\b)
          | \s?(?P<symbol>{_SYMBOL})\b
          | \s(?P<curword>{_CUR_WORD})\b
          | [\s-](?P<duration>{_DURATION})\b
          | -(?P<noun>[A-Za-z][A-Za-z]+)\b
        )?
    )
    (?![\w$€£¥])
    """,
    re.VERBOSE | re.IGNORECASE,
)
_CASE_SENSITIVE = {"k", "K", "M", "B", "T", "mn", "bn", "tn"}
_QUALIFIER_BEFORE = re.compile(
    r"(?:{})\s*$".format(
        "|".join(re.escape(word) for words in QUALIFIER_WORDS.values() for word in sorted(words, key=len, reverse=True))
    ),
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quantity:
    """A figure found in text: `text[start:end] == surface`."""

    start: int
    end: int
    surface: str
    value: float
    unit: str
    qualifier: str = "exact"


class ParseError(ValueError):
    """The written figure cannot be read as exactly one quantity."""


def _number(match: re.Match[str]) -> float:
    if match["digits"]:
        return float(match["digits"].replace(",", ""))
    words = re.sub(r"\s+", " ", match["words"].lower().replace(" and ", " "))
    return float(text2num(words, "en"))


def _is_year(match: re.Match[str], value: float) -> bool:
    digits = match["digits"]
    return bool(
        digits
        and re.fullmatch(r"\d{4}", digits)
        and 1800 <= value <= 2100
        and not (match["cur"] or match["scale"] or match["percent"] or match["fold"])
        and not (match["symbol"] or match["curword"] or match["points"])
    )


def _quantity(match: re.Match[str]) -> tuple[float, str] | None:
    """Value in base units and unit of one regex match, or None if it is not a figure."""
    if match["fraction"]:
        return FRACTIONS[re.sub(r"\s+", " ", match["fraction"].lower())], "%"
    if match["multword"]:
        return MULTIPLIER_WORDS[match["multword"].lower()], "x"
    scale_word = match["scale"]
    scale = SCALES[scale_word if scale_word in SCALES else scale_word.lower()] if scale_word else 1
    value = _number(match)
    if _is_year(match, value):
        return None
    value *= scale
    if match["cur"]:
        return value, CURRENCY_PREFIXES[match["cur"].upper()]
    if match["percent"]:
        return value, "%"
    if match["points"]:
        return value, "pp"
    if match["fold"]:
        return value, "x"
    if match["symbol"]:
        return value, SYMBOL_UNITS[match["symbol"].upper()]
    if match["curword"]:
        return value, CURRENCY_WORDS[match["curword"].lower()]
    if match["duration"]:
        unit, factor = DURATIONS[match["duration"].lower().rstrip("s")]
        return value * factor, unit
    return value, "count"


def _qualifier(text: str, start: int) -> str:
    window = text[max(0, start - 24) : start]
    found = _QUALIFIER_BEFORE.search(window)
    if not found or (found.start() > 0 and window[found.start() - 1].isalnum()):
        return "exact"
    word = found.group(0).strip().lower()
    return next(q for q, words in QUALIFIER_WORDS.items() if word in words)


def scan(text: str) -> Iterator[Quantity]:
    """Every quantity in `text`, in order, with offsets and the qualifier written before it."""
    for match in _QUANTITY.finditer(text):
        parsed = _quantity(match)
        if parsed is None:
            continue
        value, unit = parsed
        if not math.isfinite(value):
            continue
        start, end = match.start(), match.end()
        surface = text[start:end]
        stripped = surface.rstrip()
        end -= len(surface) - len(stripped)
        yield Quantity(start, end, stripped, value, unit, _qualifier(text, start))


def parse_surface(surface: str) -> Quantity:
    """Read a figure as a curator typed it ("$38 billion", "430 million users", "30-fold").

    Words after the number (a counted noun) are allowed; qualifier words before it are read into
    `qualifier`. Anything that is not exactly one quantity raises ParseError.
    """
    found = list(scan(surface))
    if not found:
        raise ParseError(f"no figure found in {surface!r}")
    first = found[0]
    if len(found) > 1:
        raise ParseError(f"more than one figure in {surface!r}: {[q.surface for q in found]}")
    before = surface[: first.start].strip()
    if before and _qualifier(surface, first.start) == "exact":
        raise ParseError(f"unexpected text {before!r} before the figure in {surface!r}")
    return first
