"""Figures in markdown tables: a cell is read with its column's and its row's header.

A cell that holds only a number takes its unit and scale from the headers around it: "405B" under
"Parameters" is a count of 405 billion; "7.2" under "Cost ($M)" is 7.2 million USD; "1,082,990" in
the row "GPU hours for final model" is 1,082,990 hours. A bare B/T/M/K suffix is a scale inside a
table cell (in running text "4K" is more often a screen than four thousand). A year in the column
header ("2024", "FY2025") is the period of the figures under it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from etl.quantities import CURRENCY_PREFIXES, SCALES, Quantity
from etl.vocabulary import PHYSICAL_UNITS

_SEPARATOR = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*")
_CELL_NUMBER = re.compile(
    r"(?P<cur>US\$|[$€£¥])?\s?(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"\s?(?P<scale>(?-i:[KMBT]|k|bn|mn|tn))?(?P<plus>\+)?"
)
_HEADER_SCALE = re.compile(
    r"(?:\$|€|£|US\$|USD|EUR|GBP|\(|\bin\s+)\s?(?P<scale>(?-i:[KMBT]|bn|mn|k)|thousands?|millions?|billions?|trillions?)\b",
    re.I,
)
_HEADER_UNITS = [
    (re.compile(r"US\$|\$|\bUSD\b|\bdollars?\b", re.I), "USD"),
    (re.compile(r"€|\bEUR\b|\beuros?\b", re.I), "EUR"),
    (re.compile(r"£|\bGBP\b|\bpounds?\b", re.I), "GBP"),
    (re.compile(r"\bRMB\b|\bCNY\b|\byuan\b", re.I), "CNY"),
    (re.compile(r"%|\bper\s?cent\b|\bpercent(?:age)?\b|\bshare\b", re.I), "%"),
    (re.compile(r"\bhours?\b|\bhrs?\b", re.I), "hour"),
    (re.compile(r"\bdays?\b", re.I), "day"),
    (re.compile(r"\bmonths?\b", re.I), "month"),
    (re.compile(r"\byears?\b", re.I), "year"),
    (
        re.compile(
            r"(?<![\w/])(?:" + "|".join(sorted(set(PHYSICAL_UNITS) - {"t"}, key=len, reverse=True)) + r")(?![\w/])"
        ),
        "",
    ),
]
"""What a header says about the unit of the numbers under (or beside) it, checked in this order."""
_YEAR_HEADER = re.compile(r"^(?:FY\s?|CY\s?)?(?P<year>(?:19|20)\d\d)(?:\s*\((?:[a-z]+)\))?$", re.I)


def cells(line: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a markdown table row, trimmed of spaces; [] for other lines."""
    if "|" not in line or _SEPARATOR.fullmatch(line):
        return []
    bounds = [i for i, char in enumerate(line) if char == "|"]
    edges = [-1, *bounds, len(line)]
    found = []
    for left, right in itertools.pairwise(edges):
        start, end = left + 1, right
        while start < end and line[start].isspace():
            start += 1
        while end > start and line[end - 1].isspace():
            end -= 1
        if left == -1 and start == end:
            continue  # before a leading '|'
        found.append((start, end))
    if found and line.rstrip().endswith("|") and found[-1][0] == found[-1][1]:
        found.pop()  # after a trailing '|'
    return found if len(found) >= 2 else []


@dataclass
class TableState:
    """The header row of the table being read, if any."""

    header: list[str] = field(default_factory=list)
    previous: list[str] = field(default_factory=list)

    def read(self, line: str) -> list[tuple[int, int]]:
        """Cells of `line` (remembering the header row above a separator line); [] outside tables."""
        if _SEPARATOR.fullmatch(line) and "-" in line and self.previous:
            self.header = self.previous
            return []
        spans = cells(line)
        if not spans:
            self.header, self.previous = [], []
            return []
        self.previous = [line[a:b] for a, b in spans]
        return spans


def header_unit(context: str) -> tuple[str | None, float]:
    """The unit (None if the header names none) and scale a header gives the numbers it heads."""
    unit = None
    for pattern, name in _HEADER_UNITS:
        found = pattern.search(context)
        if found:
            unit = name or found.group(0)
            break
    scale = 1.0
    written = _HEADER_SCALE.search(context)
    if written:
        word = written["scale"]
        scale = SCALES.get(word) or SCALES.get(word.lower().rstrip("s"), 1.0)
    return unit, scale


def header_year(header: str) -> str | None:
    """The year a column header names on its own ("2024", "FY2025"), if any."""
    found = _YEAR_HEADER.match(header.strip())
    return found["year"] if found else None


def table_quantities(
    line: str, spans: list[tuple[int, int]], header: list[str], found: list[Quantity]
) -> tuple[list[Quantity], dict[int, str]]:
    """The quantities of a table row, each number-only cell read with its headers, and the period a
    year column header gives (by the quantity's start)."""
    kept = list(found)
    periods: dict[int, str] = {}
    row_header = line[spans[0][0] : spans[0][1]]
    for column, span in enumerate(spans):
        column_header = header[column] if column < len(header) else ""
        context = f"{column_header} | {row_header}" if column else column_header
        quantity = cell_quantity(line, span, context, kept)
        if quantity is not None:
            kept = [q for q in kept if not (q.start < span[1] and span[0] < q.end)] + [quantity]
        year = header_year(column_header) if column else None
        for q in kept:
            if year and span[0] <= q.start < span[1]:
                periods[q.start] = year
    return sorted(kept, key=lambda q: q.start), periods


def cell_quantity(line: str, span: tuple[int, int], context: str, found: list[Quantity]) -> Quantity | None:
    """The figure of a cell that holds only a number, read with its headers' unit and scale.

    `found` are the quantities the scanner read in the cell (offsets in `line`); when the cell says its
    own unit ("118 days", "$7.2M", "15x") they stand and None is returned."""
    start, end = span
    match = _CELL_NUMBER.fullmatch(line, start, end)
    if not match or (not match["cur"] and not match["scale"] and header_year(match["number"])):
        return None  # not a lone number, or a year ("| 2023 | $5M |")
    own = [q for q in found if q.start < end and start < q.end]
    if own and (own[0].unit != "count" or len(own) > 1):
        return None
    unit, scale = header_unit(context)
    value = float(match["number"].replace(",", ""))
    if match["scale"]:
        scale = SCALES[match["scale"]]
    if match["cur"]:
        unit = CURRENCY_PREFIXES[match["cur"]]
    if unit is None and not match["scale"]:
        return own[0] if own else None
    qualifier = "over" if match["plus"] else "exact"
    return Quantity(start, end, line[start:end], value * scale, unit or "count", qualifier)
