"""Periods a figure is about: `2027`, `2023-2027`, `2024-11`, `2024-11-05`, `2024-H1`, `2024-Q3`."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re

_PATTERNS = {
    "year": re.compile(r"(?P<y>\d{4})"),
    "years": re.compile(r"(?P<y>\d{4})-(?P<y2>\d{4})"),
    "month": re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})"),
    "day": re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"),
    "half": re.compile(r"(?P<y>\d{4})-H(?P<h>[12])"),
    "quarter": re.compile(r"(?P<y>\d{4})-Q(?P<q>[1-4])"),
}
FORMS = "2027, 2023-2027, 2024-11, 2024-11-05, 2024-H1 or 2024-Q3"


def _month_span(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])


@functools.lru_cache(maxsize=4096)
def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """First and last day a period covers; ValueError naming the accepted forms otherwise (cached: a
    build asks for the same few periods once per figure, twice)."""
    for form, pattern in _PATTERNS.items():
        match = pattern.fullmatch(period)
        if not match:
            continue
        year = int(match["y"])
        if not 1900 <= year <= 2200:
            break
        if form == "year":
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if form == "years":
            last = int(match["y2"])
            if last <= year:
                raise ValueError(f"period {period!r}: the end year must come after the start year")
            return dt.date(year, 1, 1), dt.date(last, 12, 31)
        if form == "half":
            half = int(match["h"])
            return _month_span(year, 6 * half - 5, 6 * half)
        if form == "quarter":
            quarter = int(match["q"])
            return _month_span(year, 3 * quarter - 2, 3 * quarter)
        month = int(match["m"])
        if not 1 <= month <= 12:
            break
        if form == "month":
            return _month_span(year, month, month)
        try:
            day = dt.date(year, month, int(match["d"]))
        except ValueError:
            break
        return day, day
    raise ValueError(f"period {period!r} is not one of {FORMS}")
