"""Periods a figure is about: `2027`, `2023-2027`, `2024-11`, `2024-11-05`, `2024-H1`, `2024-Q3`."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re

_PERIOD = re.compile(
    r"(?P<year>\d{4})(?:-(?P<last_year>\d{4})|-(?P<month>\d{2})(?:-(?P<day>\d{2}))?|-H(?P<half>[12])|-Q(?P<quarter>[1-4]))?"
)
FORMS = "2027, 2023-2027, 2024-11, 2024-11-05, 2024-H1 or 2024-Q3"


def _months(parts: dict[str, int]) -> tuple[int, int]:
    """The first and last month a period within one year covers."""
    if "half" in parts:
        return 6 * parts["half"] - 5, 6 * parts["half"]
    if "quarter" in parts:
        return 3 * parts["quarter"] - 2, 3 * parts["quarter"]
    return (parts["month"], parts["month"]) if "month" in parts else (1, 12)


@functools.lru_cache(maxsize=4096)
def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """First and last day a period covers; ValueError naming the accepted forms otherwise (cached: a
    build asks for the same few periods once per figure, twice)."""
    found = _PERIOD.fullmatch(period)
    parts = {name: int(value) for name, value in found.groupdict().items() if value} if found else {}
    year = parts.get("year", 0)
    if not 1900 <= year <= 2200:
        raise ValueError(f"period {period!r} is not one of {FORMS}")
    if "last_year" in parts:
        if parts["last_year"] <= year:
            raise ValueError(f"period {period!r}: the end year must come after the start year")
        return dt.date(year, 1, 1), dt.date(parts["last_year"], 12, 31)
    first, last = _months(parts)
    try:
        if "day" in parts:
            day = dt.date(year, first, parts["day"])
            return day, day
        return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])
    except ValueError:
        raise ValueError(f"period {period!r} is not one of {FORMS}") from None
