"""Every controlled vocabulary of the project, stated once: ids, units, qualifiers, kinds, charts.

The pydantic models (`etl.models`), the parser (`etl.quantities`), the extractor, the dashboard's
pickers and the schema's CHECK constraints (data/dictionary.toml, filled in by `schema_checks`) all read
them from here.
"""

from __future__ import annotations

import math

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
"""Source and figure ids: lowercase letters, digits and dashes."""

CURRENCIES = frozenset(
    {"USD", "CNY", "EUR", "GBP", "JPY", "HKD", "KRW", "INR", "SGD", "AUD", "NZD", "CAD", "TWD", "CHF", "BRL", "ZAR",
     "MYR"}
)  # fmt: skip
"""ISO 4217 codes a money figure can be stated in."""
PHYSICAL_UNITS = {
    "GB": "gigabytes", "TB": "terabytes", "PB": "petabytes", "EB": "exabytes",
    "W": "watts (power)", "kW": "kilowatts", "MW": "megawatts", "GW": "gigawatts", "TW": "terawatts",
    "Wh": "watt-hours (energy)", "kWh": "kilowatt-hours", "MWh": "megawatt-hours", "GWh": "gigawatt-hours",
    "TWh": "terawatt-hours",
    "kg": "kilograms (mass, also of CO2-equivalent)", "t": "tonnes (metric tons)", "Mt": "million tonnes",
    "L": "litres (volume, e.g. of cooling water)",
    "FLOP": "floating-point operations (an amount, e.g. per token or for a training run)",
    "GFLOP": "billion floating-point operations (an amount)", "TFLOP": "10^12 floating-point operations (an amount)",
    "PFLOP": "10^15 floating-point operations (an amount)", "EFLOP": "10^18 floating-point operations (an amount)",
    "GFLOPS": "billion floating-point operations per second", "TFLOPS": "10^12 floating-point operations per second",
    "PFLOPS": "10^15 floating-point operations per second", "EFLOPS": "10^18 floating-point operations per second",
    "GB/s": "gigabytes per second (a data rate: memory or interconnect bandwidth)", "TB/s": "terabytes per second",
}  # fmt: skip
"""Physical units kept as stated, prefix and all ("200TB" is 200 TB, "820 terawatt-hours" 820 TWh):
converting would turn a reader's "5 EFLOPS" into an unreadable 5e18. An amount of operations (FLOP,
written "FLOPs") and a rate (FLOPS, "FLOP/s") are different units."""
UNITS = frozenset(
    CURRENCIES | {"%", "pp", "x", "count", "rank", "year", "month", "day", "hour", "second"} | set(PHYSICAL_UNITS)
)
"""Base units of a figure's value: scale words are expanded, so "$38 billion" is 38e9 USD. Durations
are stated in years, months, days (weeks as 7 days), hours (also GPU hours) or seconds (minutes and
shorter); currency subunits become their currency ("40 cents" is 0.4 USD). A `rank` is a position in
an ordering, 1 the first ("ranks second in the world" is 2): not a count, so never summed or scaled."""
SIZE_NOUNS = frozenset({"parameter", "token"})
"""What a model's size counts: "a 671B parameter model" states a size, where "a 7B model" names a model."""
QUALIFIERS = ("exact", "approx", "over", "under")
"""How exact a figure is as written: "about" is approx, "more than" over, "less than" under."""
NON_NEGATIVE_UNITS = frozenset(
    {"x", "count", "rank", "year", "month", "day", "second"}
    | {"GB", "TB", "PB", "EB", "GB/s", "TB/s", "kW", "MW", "GW", "TFLOPS", "PFLOPS", "EFLOPS"}
)
"""Units whose values cannot be below zero (counts, durations, sizes, power, multiples)."""
SHARE_RANGE = (0.0, 100.0)
"""A share of a whole, in %: what indicators charted as `share` hold."""
OVERRIDE_DIFFERS = "differs:"
"""How an override that contradicts the parser's reading of the surface starts (then says why)."""

DERIVED_PRODUCER = "AI Industry Indicators (derived)"
"""Who a derived figure (computed from stated figures, data/derived.csv) is attributed to."""

KINDS = ("reported", "forecast", "estimate", "target")
CHARTS = ("line", "bar", "share")
VIEW_CHARTS = (*CHARTS, "vintages")
"""Chart types a ready view may choose for an indicator: an indicator's own, or `vintages` (one line per
forecast vintage, target year on the x axis; a view's choice, since it needs forecasts of several years)."""
CARD_ROLES = ("figure", "related", "change")
"""What a line of an Overview card shows: its headline figure, a related figure under it, or the stated change."""
APP_PAGES = ("home", "overview", "sources", "checks", "data", "review")
"""Addresses of the app's own pages (dashboard/navigation.py): a ready view's key may not take one."""
ENTITY_TYPES = ("global", "country", "region", "company", "organization")
VERIFICATIONS = ("text", "ledger", "none")
"""How a figure's quote was verified: in this build against the text, by the ledger, or not at all."""


def value_range(unit: str, chart: str) -> tuple[float, float]:
    """The sane range of a figure's value: 0..100 for a share in %, >= 0 for NON_NEGATIVE_UNITS."""
    if chart == "share" and unit == "%":
        return SHARE_RANGE
    if unit in NON_NEGATIVE_UNITS:
        return 0.0, math.inf
    return -math.inf, math.inf


def sql_text(value: object) -> str:
    """A value as an SQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"


def schema_checks() -> dict[str, str]:
    """Each vocabulary (a tuple or frozenset above) as a quoted SQL list, by its name: what the `{UNITS}`,
    `{KINDS}` ... placeholders of the schema in data/dictionary.toml stand for."""
    lists = {name: values for name, values in globals().items() if isinstance(values, tuple | frozenset)}
    return {name: ", ".join(map(sql_text, sorted(values))) for name, values in lists.items()}
