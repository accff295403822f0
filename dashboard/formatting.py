"""Numbers and text for people: "$38B", "~1.5B calls/day", "36%", and one-line chart summaries.

Pure functions, no Streamlit. Anything that came from a source (quotes, titles, names) is escaped
here before it reaches Markdown (`escape_markdown`) or Plotly's HTML-like labels (`escape_plotly`).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any, TypeGuard

import pandas as pd

from etl.quotes import SearchableText
from etl.tables import cells
from etl.vocabulary import CURRENCIES, PHYSICAL_UNITS

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "HKD": "HK$"}
CURRENCY_CODES = CURRENCIES - CURRENCY_SYMBOLS.keys()
"""Currencies written with their ISO code (KRW 5T): every currency of the vocabulary without a symbol above."""
CURRENCY_NAMES = {code: code for code in CURRENCY_CODES} | CURRENCY_SYMBOLS | {"USD": "US$"}
"""A currency as an axis title names it ("US$ billions", "KRW trillions")."""
SCALES = ((1e12, "T", "trillions"), (1e9, "B", "billions"), (1e6, "M", "millions"))
UNIT_SUFFIXES = {"%": "%", "pp": " pp", "x": "×"} | {unit: f" {unit}" for unit in PHYSICAL_UNITS}
DURATIONS = {"year": "year", "month": "month", "day": "day", "hour": "hour", "second": "second"}
QUALIFIER_SIGNS = {"exact": "", "approx": "~", "over": ">", "under": "<"}
EXTRACTED = "extracted, not reviewed"
"""The label of a figure the extractor found that nobody has reviewed: its legend entry, table kind and CSV status."""
QUALIFIER_WORDS = {"exact": "exactly as stated", "approx": "approximately", "over": "more than", "under": "less than"}

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")


def number(value: float, digits: int = 4) -> str:
    """A number with a scale letter and at most `digits` significant digits: 1.5B, 430M, 1,328, 33.3."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    magnitude = abs(value)
    for scale, letter, _ in SCALES:
        if magnitude >= scale:
            return f"{_significant(value / scale, digits)}{letter}"
    if magnitude >= 1000:
        return f"{round(value):,}"
    return _significant(value, digits)


def _significant(value: float, digits: int) -> str:
    if abs(value) >= 10**digits:
        return f"{round(value):,}"
    return _trim(f"{value:.{digits}g}")


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text and "e" not in text else text


def human(value: float, unit: str, counts: str | None = None, qualifier: str = "exact") -> str:
    """A value with its unit and qualifier sign as people write it: ~$38B, >430M users, 36%, 30×.

    `counts`: what a count counts (the indicator's `counts` in data/indicators.csv), written after the number.

    Exact values keep four significant digits ($251.1B); approximate values and bounds three (~$422B).
    """
    sign = QUALIFIER_SIGNS.get(qualifier, "")
    text = number(value, 4 if qualifier == "exact" else 3)
    if unit in CURRENCY_SYMBOLS:
        body = f"{CURRENCY_SYMBOLS[unit]}{text}"
    elif unit in CURRENCY_CODES:
        body = f"{unit} {text}"
    elif unit in UNIT_SUFFIXES:
        body = f"{text}{UNIT_SUFFIXES[unit]}"
    elif unit in DURATIONS:
        body = f"{text} {DURATIONS[unit]}{'' if value == 1 else 's'}"
    elif unit == "rank":
        body = f"#{text}"
    else:
        body = f"{text} {counts}" if _given(counts) else text
    return f"{sign}{body}"


def _given(text: str | None) -> TypeGuard[str]:
    """A text that is there (not None, NaN or empty: an indicator without `counts`)."""
    return isinstance(text, str) and bool(text)


def axis_scale(values: Iterable[float], unit: str, counts: str | None = None) -> tuple[float, str]:
    """Divisor and axis title for a value axis: (1e9, "US$ billions") when the largest is billions."""
    finite = [abs(v) for v in values if v is not None and math.isfinite(v)]
    largest = max(finite, default=0.0)
    divisor, words = 1.0, ""
    for scale, _, name in SCALES:
        if largest >= scale:
            divisor, words = scale, name
            break
    if unit in CURRENCY_NAMES:
        return divisor, f"{CURRENCY_NAMES[unit]} {words}".strip()
    if unit == "%":
        return 1.0, "percent (%)"
    if unit == "x":
        return 1.0, "times (×)"
    if unit in DURATIONS:
        return 1.0, f"{unit}s"
    if unit == "rank":
        return 1.0, "rank (1 = first)"
    if unit == "count":
        counted = counts if _given(counts) else "count"
        return divisor, f"{counted}, {words}" if words else counted
    return divisor, f"{unit} {words}".strip()


def vintage(published: object, earliest: object) -> str:
    """When a source was published, as shown: 2025-01-20, or 'on or after 2024-09-19', or 'date unknown'."""
    if _is_date(published):
        return pd.Timestamp(published).date().isoformat()
    if _is_date(earliest):
        return f"on or after {pd.Timestamp(earliest).date().isoformat()}"
    return "date unknown"


def _is_date(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and not pd.isna(value)


def series_label(attributed_to: str, publisher: str, vintage_text: str, derived: bool = False) -> str:
    """Who said it, where and when: 'IDC via China Daily (2025-01-20)'; derived rows say so."""
    if derived:
        return f"derived from {attributed_to} via {publisher} ({vintage_text})"
    if attributed_to == publisher:
        return f"{publisher} ({vintage_text})"
    return f"{attributed_to} via {publisher} ({vintage_text})"


def figure_name(label: str, indicator: str, entity: str, period: str, publisher: str) -> str:
    """A figure as a reader names it, where a table would otherwise show its id: the value, what it measures, of
    whom and when, and where it was published ('50M calls/day: Daily model API calls, Baidu, 2023-11 (China
    Daily)')."""
    return f"{label}: {indicator}, {entity}, {period} ({short_publisher(publisher)})"


def short_publisher(publisher: str) -> str:
    """A publisher's name without its description, for an axis: 'Xinhua (syndicated on ...)' -> 'Xinhua'."""
    return publisher.split(" (", 1)[0]


def byline(publisher: str, author: object) -> str:
    """The author to name beside a publisher: none when missing, or when the publisher's name already holds it
    ("Dolphin Research (Longbridge community, lbkrs.com)" by "Dolphin Research" read "... (Dolphin Research)")."""
    return str(author) if present(author) and str(author).casefold() not in publisher.casefold() else ""


def present(value: object) -> bool:
    """True for a value worth showing: not None, NaN or blank text (so no page says "nan" or "None")."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return bool(str(value).strip()) and not pd.isna(value)


_ABSOLUTE = re.compile(r"\|([^|]+?) - ([^|]+?)\|")
_SYMBOLS = (("<=", "≤"), (">=", "≥"), (" x ", " × "), (" / ", " ÷ "), (" * ", " × "))


def readable_formula(formula: object) -> str:
    """A formula as a reader writes it: '|a - b| / b <= 10%' -> 'gap between a and b ÷ b ≤ 10%'."""
    if not present(formula):
        return ""
    text = _ABSOLUTE.sub(r"gap between \1 and \2", str(formula))
    for code, symbol in _SYMBOLS:
        text = text.replace(code, symbol)
    return text


def named(text: object, names: Mapping[str, str]) -> str:
    """Text with each id in `names` (a source id, say) replaced by its name."""
    shown = str(text) if present(text) else ""
    for key in sorted((k for k in names if k in shown), key=len, reverse=True):
        shown = shown.replace(key, f"“{names[key]}”")
    return shown


def readable_quote(quote: str) -> str:
    """A quote from a table row as a reader takes it in, its label then its cells ('Services: $10,569M · 177.0%');
    any other quote as written. The verbatim row stays in the quote card and the downloads, for verification."""
    parts = [quote[start:end] for start, end in cells(quote) if end > start]
    return f"{parts[0]}: {' · '.join(parts[1:])}" if len(parts) >= 2 else quote


def short(text: str | None, limit: int = 140) -> str:
    """Text cut at a word boundary to at most `limit` characters, with an ellipsis when cut."""
    if not text:
        return ""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return f"{cut}…"


def wrap(text: str, width: int = 60) -> list[str]:
    """Words of `text` in lines of at most about `width` characters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines


def escape_plotly(text: object) -> str:
    """Text safe inside Plotly labels, which read <b>, <a href> and entities: escape &, < and >."""
    return html.escape(str(text), quote=False)


def hover_quote(text: str | None, limit: int = 160, width: int = 60) -> str:
    """A short quote for a hover label: escaped, cut, wrapped with <br>."""
    return "<br>".join(escape_plotly(line) for line in wrap(short(text, limit), width))


def escape_markdown(text: object) -> str:
    """Text safe inside st.markdown/st.caption: every Markdown, directive and HTML character escaped."""
    flat = " ".join(str(text).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)


def period_range(periods: Iterable[str]) -> str:
    found = sorted({p for p in periods if p})
    if not found:
        return ""
    return found[0] if len(found) == 1 else f"{found[0]} to {found[-1]}"


def plural(count: int, word: str) -> str:
    """'1 figure', '5 figures' (a word that takes an s)."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(rows: pd.DataFrame, indicator_name: str, chart: str) -> str:
    """One sentence saying what a chart shows, for screen readers and fast readers."""
    stated = rows[rows["figure_id"].notna() & (rows["figure_id"] != "")] if "figure_id" in rows else rows
    if stated.empty:
        return f"{indicator_name}: no figures match the current filters."
    entities = list(dict.fromkeys(stated["entity"]))
    producers = list(dict.fromkeys(stated["based_on" if "based_on" in stated else "attributed_to"]))
    sources = stated["doc_id"].nunique()
    parts = [
        f"{indicator_name}: {plural(len(stated), 'figure')} for {_listing(entities)}",
        f"{period_range(stated['period'])}",
        f"from {plural(sources, 'source')} ({_listing(producers)})",
    ]
    text = " · ".join(part for part in parts if part)
    top = stated.sort_values("value", ascending=False).iloc[0]
    if chart == "share":
        text += f"; largest share {top['entity']} {top['label']} ({top['period']})"
        remainder = rows[rows["is_remainder"]] if "is_remainder" in rows else rows.iloc[0:0]
        if not remainder.empty:
            text += f"; the rest ({remainder.iloc[0]['label']}) is labelled as remainder"
    else:
        text += f"; highest {top['label']} for {top['entity']} ({top['period']}, {top['kind']})"
    kinds = stated["kind"].value_counts()
    notes = [plural(int(kinds[k]), k) for k in ("forecast", "target", "estimate") if k in kinds]
    derived = int(stated["derived"].sum()) if "derived" in stated else 0
    if derived:
        notes.append(f"{derived} derived")
    if notes:
        text += f"; includes {', '.join(notes)}"
    return text + "."


def _listing(items: list[str], limit: int = 4) -> str:
    items = [str(item) for item in items]
    if len(items) <= limit:
        return ", ".join(items)
    return f"{', '.join(items[:limit])} and {len(items) - limit} more"


def highlighted(sentence: str, surface: str) -> str:
    """Markdown of a sentence with the figure highlighted; every character from the source is escaped,
    so nothing in it can become a link, HTML or a Markdown directive."""
    flat = " ".join(sentence.split())
    pieces = flat.split(surface) if surface else [flat]
    out = []
    for i, piece in enumerate(pieces):
        text = escape_markdown(piece)
        if piece[:1].isspace() and text:
            text = " " + text
        if piece[-1:].isspace() and text:
            text += " "
        out.append(text)
        if i < len(pieces) - 1:
            out.append(f":orange-background[**{escape_markdown(surface)}**]")
    return "".join(out)


def base_value(value: float, unit: str, counts: str | None = None) -> str:
    """The value as stored, in base units: 38,000,000,000 USD; 36 %; a count with what it counts
    (50,000,000 calls/day), else bare (not '50,000,000 count')."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    text = f"{round(value):,}" if float(value).is_integer() else f"{value:,.6g}"
    if unit == "count":
        return f"{text} {counts}" if _given(counts) else text
    return f"{text} {unit}"


def highlighted_quote(quote: str, surface: str | None) -> str:
    """The quote as escaped Markdown in quote marks, with the figure as written in it highlighted (found
    the way the ETL finds it, whitespace and quote marks normalised)."""
    span = SearchableText(quote).locate(surface) if surface else None
    if span is None:
        return f"“{escape_markdown(quote)}”"
    return f"“{highlighted(quote, quote[span[0] : span[1]])}”"


def _day(value: object) -> str:
    return str(value)[:10] if value is not None and not pd.isna(value) else "an unknown date"


def verification_note(verification: str | None, verified_on: object, derived: bool = False) -> str:
    """How and when a figure's quote (or, for a derived figure, its inputs' quotes) was verified."""
    day = _day(verified_on)
    if derived:
        if verification in ("text", "ledger"):
            return f"The quotes of all its inputs were found in their source texts (checked on {day} or later)."
        return "Not verified: the quote of at least one input has not been checked against its source text."
    if verification == "text":
        return f"Quote found in the source text by this build ({day})."
    if verification == "ledger":
        return (
            f"Quote found in the source text on {day}, in a text with the checksum this source records "
            "(verification ledger). The live page may have changed since."
        )
    return "Not verified: this quote has not been checked against the source text since it last changed."


def source_verification(text_available: bool, figures: int, verified: int, verified_on: object) -> tuple[str, str]:
    """How a source's quotes were verified, as a notice level (success, info, warning) and one sentence:
    against the text in this build, or (no text here) by the ledger against the text with the checksum
    shown, on that date; quotes changed since the ledger was written are a warning."""
    quotes = plural(figures, "quote")
    if text_available:
        found = f"All {quotes}" if verified == figures else f"{verified} of {quotes}"
        return (
            "success" if verified == figures else "warning"
        ), f"{found} found verbatim in the article text by this build."
    if verified == 0:
        return "info", (
            "The article text is not available to this build and the verification ledger does not cover its "
            f"quotes: {quotes} not verified."
        )
    ledger = (
        f"verified against the article text with the checksum below on {_day(verified_on)} (verification ledger; "
        "the live page may have changed since)"
    )
    if verified == figures:
        return "success", f"All {quotes} {ledger}."
    return "warning", f"{verified} of {quotes} {ledger}; {figures - verified} changed since: not verified."


def verification_summary(figures: int, verified: int, last_checked: object) -> str:
    """The header's line: '83 of 83 quotes verified against the source texts (last checked 2026-11-30)'."""
    text = f"{verified:,} of {figures:,} quotes verified against the source texts"
    return f"{text} (last checked {_day(last_checked)})" if verified else text


def _alike(series: pd.DataFrame, row: pd.Series) -> pd.DataFrame:
    """The figures of a series of the same sort as `row`: same producer, both reported or both projected."""
    projected = row["kind"] in ("forecast", "target")
    same_sort = series["kind"].isin(["forecast", "target"]) == projected
    return series[same_sort & (series["attributed_to"] == row["attributed_to"])]


def stated_change(series: pd.DataFrame, change: Mapping[str, Any]) -> tuple[str, str]:
    """A stated change as a card's short delta ('30-fold as stated') and what it compares, in words that
    wrap: the points of its own source at its period and the earliest one before ('50M (2023-11) → 1.5B
    (2024-11)'), or its period alone when the source has no earlier point."""
    stated = f"{change['label']} as stated"
    own = series[series["doc_id"] == change["doc_id"]].sort_values("period_end")
    to = own[own["period"] == change["period"]]
    before = own[own["period_end"] < to["period_end"].min()] if not to.empty else own.iloc[0:0]
    if before.empty:
        return stated, str(change["period"])
    first, last = before.iloc[0], to.iloc[0]
    return stated, f"{first['label']} ({first['period']}) → {last['label']} ({last['period']})"


def series_trend(series: pd.DataFrame, figure_id: str) -> str:
    """A card's series in one line: the point before this figure → this figure, and how many sources back it.

    `series` holds the stated figures of the figure's indicator and entity (with `label`, `period`,
    `period_end`, `kind`, `doc_id`); the previous point is the latest one of the same sort (same producer,
    reported or projected) whose period ends before this figure's.
    """
    this = series[series["figure_id"] == figure_id]
    if this.empty:
        return ""
    row = this.iloc[0]
    alike = _alike(series, row)
    earlier = alike[alike["period_end"] < row["period_end"]].sort_values(["period_end", "published"])
    sources = plural(int(series["doc_id"].nunique()), "source")
    if earlier.empty:
        return f"Backed by {sources}."
    before = earlier.iloc[-1]
    arrow = "▲" if row["value"] > before["value"] else "▼" if row["value"] < before["value"] else "="
    return f"{arrow} {before['label']} ({before['period']}) → {row['label']} ({row['period']}) · backed by {sources}."
