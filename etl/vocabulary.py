"""Every controlled vocabulary of the project, stated once: ids, units, qualifiers, kinds, charts.

The pydantic models (`etl.models`), the parser (`etl.quantities`), the extractor, the dashboard's
pickers and the CHECK constraints of `etl/schema.sql` (filled in by `schema_checks`) all read them
from here.
"""

from __future__ import annotations

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
"""Source and figure ids: lowercase letters, digits and dashes."""

CURRENCIES = frozenset({"USD", "CNY", "EUR", "GBP", "JPY", "HKD", "KRW", "INR", "SGD", "AUD", "CAD", "TWD", "CHF"})
"""ISO 4217 codes a money figure can be stated in."""
UNITS = frozenset(
    CURRENCIES
    | {"%", "pp", "x", "count", "year", "month", "day", "second"}
    | {"GB", "TB", "PB", "EB", "kW", "MW", "GW", "TFLOPS", "PFLOPS", "EFLOPS"}
)
"""Base units of a figure's value: scale words are expanded, so "$38 billion" is 38e9 USD."""
QUALIFIERS = ("exact", "approx", "over", "under")
"""How exact a figure is as written: "about" is approx, "more than" over, "less than" under."""
KINDS = ("reported", "forecast", "estimate", "target")
CHARTS = ("line", "bar", "share")
ENTITY_TYPES = ("global", "country", "region", "company", "organization")


def _sql_list(values: object) -> str:
    return ", ".join("'" + str(value).replace("'", "''") + "'" for value in sorted(values))  # type: ignore[call-overload]


def schema_checks() -> dict[str, str]:
    """The `{placeholder}` values of etl/schema.sql: each vocabulary as a quoted SQL list."""
    return {
        "units": _sql_list(UNITS),
        "qualifiers": _sql_list(QUALIFIERS),
        "kinds": _sql_list(KINDS),
        "charts": _sql_list(CHARTS),
        "entity_types": _sql_list(ENTITY_TYPES),
    }
