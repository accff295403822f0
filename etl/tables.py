"""Figures in markdown tables: a cell is read with its column's and its row's header.

A cell that holds only a number takes its unit and scale from the headers around it: "405B" under
"Parameters" is a count of 405 billion; "7.2" under "Cost ($M)" is 7.2 million USD; "1,082,990" in
the row "GPU hours for final model" is 1,082,990 hours. A bare B/T/M/K suffix is a scale inside a
table cell (in running text "4K" is more often a screen than four thousand). A year in the column
header ("2024", "FY2025", "2030 demand (TWh)") or a year row label is the period of the figures in it.

Tables flattened to one cell per line ("|Year", "|Demand (TWh)", "|2020", "|250", ...) are read the
same way once their width is known: the smallest number of columns that gives a header row without
numbers and body columns each holding one sort of cell (numbers, years or words).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from etl.quantities import CURRENCY_PREFIXES, SCALES, Quantity
from etl.vocabulary import PHYSICAL_UNITS

_SEPARATOR = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*")
_CELL_NUMBER = re.compile(
    r"(?P<open>\()?(?P<sign>[+−-])?(?P<cur>US\$|[$€£¥])?\s?(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"\s?(?P<scale>(?-i:[KMBT]|k|bn|mn|tn))?(?P<plus>\+)?(?(open)\))"
)
"""A cell holding one number; in brackets it is negative, as accounts write a loss: "(85,540)"."""
_HEADER_SCALE = re.compile(
    r"(?:\$|€|£|US\$|\b(?:USD|EUR|GBP|RMB|CNY|HKD|JPY|yuan)|\(|\bin\s+)\s?(?P<scale>(?-i:[KMBT]|bn|mn|k)|thousands?|millions?|billions?|trillions?)\b",
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


def cell_context(column_header: str, row_label: str, column: int) -> str:
    """What a body cell is read with: its column header and row label, or the row label alone when it
    names a unit of its own ("Basic earnings per share (RMB yuan)" in columns of "RMB thousands")."""
    if not column:
        return column_header
    if header_unit(row_label)[0] is not None:
        return row_label
    return f"{column_header} | {row_label}"


def header_year(header: str) -> str | None:
    """The year a column header names on its own ("2024", "FY2025"), if any."""
    found = _YEAR_HEADER.match(header.strip())
    return found["year"] if found else None


def header_period(header: str) -> str | None:
    """The year of a header: alone, or the one year among a few words ("2030 Projected demand (TWh)")."""
    year = header_year(header)
    if year or len(header.split()) > 6:
        return year
    years = re.findall(r"(?<![\d.,–-])(?:19|20)\d\d(?![\d.,%–-])", header)
    return years[0] if len(years) == 1 else None


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
        context = cell_context(column_header, row_header, column)
        for part in cell_parts(line, span):
            quantity = cell_quantity(line, part, context, kept)
            if quantity is not None:
                kept = [q for q in kept if not (q.start < quantity.end and quantity.start < q.end)] + [quantity]
        year = (header_period(column_header) if column else None) or header_year(row_header)
        for q in kept:
            if year and span[0] <= q.start < span[1]:
                periods[q.start] = year
    return sorted(kept, key=lambda q: q.start), periods


_CELL_NOTE = re.compile(r"[ \t]+\([^()]*\)$")
_PART_SEPARATOR = re.compile(r"[ \t]+/[ \t]+")


def cell_parts(line: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """A cell as the numbers it lists ("7 / 13 / 70" under "Sizes (B params)": three sizes), or whole."""
    start, end = span
    bounds = [start, *itertools.chain.from_iterable(m.span() for m in _PART_SEPARATOR.finditer(line, start, end)), end]
    parts = list(zip(bounds[::2], bounds[1::2], strict=True))
    if len(parts) > 1 and all(_CELL_NUMBER.fullmatch(line, a, b) for a, b in parts):
        return parts
    return [span]


def cell_quantity(line: str, span: tuple[int, int], context: str, found: list[Quantity]) -> Quantity | None:
    """The figure of a cell that holds only a number, read with its headers' unit and scale.

    `found` are the quantities the scanner read in the cell (offsets in `line`); when the cell says its
    own unit ("118 days", "$7.2M", "15x") they stand and None is returned."""
    start, end = span
    note = _CELL_NOTE.search(line, start, end)  # "2,653,326 (1,082,990 x 2.45)": the number, then a note
    end = note.start() if note and note.start() > start else end
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
    if unit is None and not match["scale"] and scale == 1.0:
        return own[0] if own else None  # a header naming a scale alone ("Sizes (B params)") makes a count of it
    qualifier = "over" if match["plus"] else "exact"
    sign = -1.0 if match["sign"] in ("−", "-") or match["open"] else 1.0
    return Quantity(start, end, line[start:end], sign * value * scale, unit or "count", qualifier)


# --- tables whose line breaks were lost ---------------------------------------------------------------

_INLINE_SEPARATOR = re.compile(r"\|(?:[ \t]*:?-{3,}:?[ \t]*\|){2,}")


def unflattened(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """Lines as written, except that a markdown table run onto one line ("... | Metric | 2025 | | :--- |
    :--- | | Revenue | 7,865 | | ...") is cut back into its rows: the separator says how many columns
    there are, the header is that many cells before it, and each row that many cells after it. Offsets
    of the pieces stay those of the text."""
    for offset, line in lines:
        if "| |" not in line or _INLINE_SEPARATOR.search(line) is None:
            yield offset, line
            continue
        yield from ((offset + a, line[a:b]) for a, b in _row_spans(line) if b > a)


def _row_spans(line: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the prose before each flattened table, its header, separator and rows, and what follows."""
    pipes = [i for i, char in enumerate(line) if char == "|"]
    where = {position: index for index, position in enumerate(pipes)}
    start = 0
    for separator in _INLINE_SEPARATOR.finditer(line):
        if separator.start() < start:
            continue
        width = separator.group(0).count("|") - 1
        first = where[separator.start()]
        header = first - 1 - width
        if header < 0 or pipes[header] < start or line[pipes[first - 1] + 1 : separator.start()].strip():
            continue  # no header row right before the separator: left as it is
        yield start, pipes[header]
        yield pipes[header], pipes[first - 1] + 1
        yield separator.start(), separator.end()
        index, start = where[separator.end() - 1] + 1, separator.end()
        while index + width < len(pipes) and not line[start : pipes[index]].strip():
            yield pipes[index], pipes[index + width] + 1
            start, index = pipes[index + width] + 1, index + width + 1
    yield start, len(line)


# --- tables written one cell per line ---------------------------------------------------------------

_LONE_CELL = re.compile(r"[ \t]*\|[ \t]*(?P<cell>[^|]*?)[ \t]*\|?[ \t]*")
MAX_LONE_CELLS = 400
"""Longest run of one-cell lines read as one table (longer runs are read line by line, as prose)."""


@dataclass(frozen=True)
class LoneCell:
    """A table cell written alone on its line ("|250"): where it is and what its headers say."""

    span: tuple[int, int]  # in its line
    context: str  # "column header | row label", as `cell_quantity` reads it
    period: str | None  # from the column header or a year row label
    row_label: str


def _sort_of(cell: str) -> str:
    if header_year(cell):
        return "year"
    return "number" if _CELL_NUMBER.fullmatch(cell) else "words"


def _width(cells: list[str]) -> int | None:
    """How many columns a run of one-cell lines has (header row first), or None if it reads as no table."""
    sorts = [_sort_of(cell) for cell in cells]
    for width in range(2, min(9, len(cells) // 2 + 1)):
        if len(cells) % width or "number" in sorts[:width]:
            continue
        columns = [set(sorts[width + column :: width]) for column in range(width)]
        if all(len(sort) == 1 for sort in columns) and {"number"} in columns:
            return width
    return None


def _lone_cells(run: list[tuple[int, str, tuple[int, int]]]) -> Iterator[tuple[int, str, LoneCell | None]]:
    texts = [line[a:b] for _, line, (a, b) in run]
    width = _width(texts)
    for index, (offset, line, span) in enumerate(run):
        if width is None or index < width:
            yield offset, line, None
            continue
        column, row_label = index % width, texts[index - index % width]
        header = texts[column]
        period = header_period(header) if column else None
        context = cell_context(header, row_label, column)
        yield offset, line, LoneCell(span, context, period or header_year(row_label), row_label)


def with_lone_cells(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str, LoneCell | None]]:
    """Every line, each cell of a table written one cell per line ("|250") with its headers."""
    run: list[tuple[int, str, tuple[int, int]]] = []
    for offset, line in lines:
        found = _LONE_CELL.fullmatch(line) if len(line) < 200 else None
        if found and len(run) < MAX_LONE_CELLS:
            run.append((offset, line, found.span("cell")))
            continue
        yield from _lone_cells(run)
        run = []
        if found:
            run.append((offset, line, found.span("cell")))
        else:
            yield offset, line, None
    yield from _lone_cells(run)


_CAPTION = re.compile(
    r"\(\s*(?:(?:figures|amounts|numbers)\s+)?(?:in\s+)?(?:(?P<scale>thousands|millions|billions|trillions)\s+of\s+(?P<money>(?:U\.?S\.?\s+)?dollars|US\$|"
    r"euros|pounds|yuan|RMB)|(?P<money2>US\$|\$|€|£|USD|EUR|GBP|RMB)\s?(?P<scale2>thousands?|millions?|billions?|"
    r"trillions?|(?-i:[KMB]|bn|mn|k))|(?P<money3>US\$|\$|€|£)(?P<scale3>(?-i:[KMB]|bn|mn)))"
    r"(?:,?\s+(?:unless\s+otherwise\s+(?:indicated|stated|noted)|except\s+[^()]{1,40}))?\s*\)",
    re.I,
)
"""A table's caption naming the unit of its numbers: "(in millions of US dollars)", "(Figures in millions of euros
unless otherwise indicated)"; a row whose label names its own unit keeps it (`row_unit`)."""
_ROW_OWN_UNIT = re.compile(r"\((?P<own>[^()\d]*[A-Za-z%][^()\d]*)\)\s*\|?\s*$")
_ROW_COUNTED = re.compile(r"\b(?:units?|number)\b", re.I)
_PART_LINE = re.compile(r"\s*\|?\s*(?P<part>[QH][1-4])\s+(?P<year>(?:19|20)\d\d)\s*\|?\s*")
"""A column header naming a quarter or half on a line of its own: "Q3 2024"."""


def row_unit(label: str) -> tuple[str, float] | None:
    """The unit and scale a row label names in brackets at its end, over the caption's: "Gross margin (%)",
    "EPS (basic; in euros)", "Systems sold (units)"; None when it names none."""
    found = _ROW_OWN_UNIT.search(label)
    if not found:
        return None
    unit, scale = header_unit(found["own"])
    if unit is None:
        return ("count", 1.0) if _ROW_COUNTED.search(found["own"]) else None
    return unit, scale


_CAPTION_MONEY = {"$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "euros": "EUR", "£": "GBP",
                  "gbp": "GBP", "pounds": "GBP", "yuan": "CNY", "rmb": "CNY"}  # fmt: skip
_BARE_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_LABELLED_ROW = re.compile(
    r"\s*\|?\s*[A-Za-z][^\d|]*?[ \t|]+(?P<numbers>\d[\d,.]*(?:[ \t]*\|?[ \t]*\d[\d,.]*)+)[ \t|]*"
)
_YEARS_LINE = re.compile(r"\s*\|?\s*(?:[A-Za-z][\w ]{0,30}?\s+)?(?P<years>(?:(?:FY\s?)?(?:19|20)\d\d\s*\|?\s*)+)$")


@dataclass
class Caption:
    """A table title that states the unit of the plain numbers below it ("... (Millions of US Dollars)")
    and the years its columns stand for, read until prose resumes."""

    unit: str
    scale: float
    years: list[str] = field(default_factory=list)
    index: int = 0  # numbers read since the last row label, for tables written one cell per line
    row: tuple[str, float] | None = None  # the unit and scale the last row label names, if any

    @classmethod
    def of(cls, line: str) -> Caption | None:
        if len(line) > 200:
            return None
        found = _CAPTION.search(line)
        if not found:
            return None
        money = (found["money"] or found["money2"] or found["money3"]).lower()
        money = "usd" if "dollar" in money else re.sub(r"\s+", "", money)
        word = found["scale"] or found["scale2"] or found["scale3"]
        scale = SCALES.get(word) or SCALES.get(word.lower().rstrip("s"), 1.0)
        return cls(_CAPTION_MONEY.get(money, "USD"), scale)

    def ends_at(self, line: str) -> bool:
        """Prose again: a line of a dozen words or more that ends a sentence."""
        return len(line.split()) >= 12 and line.rstrip().endswith((".", "!", "?"))

    def read(self, line: str, found: list[Quantity]) -> tuple[list[Quantity], dict[int, str]]:
        """The quantities of a line under the caption, plain numbers given its unit, scale and years."""
        part = _PART_LINE.fullmatch(line)
        if part and not found:
            self.years.append(f"{part['year']}-{part['part'].upper()}")
            self.index = 0
            return found, {}
        years = _YEARS_LINE.fullmatch(line)
        if years and not found:
            self.years += re.findall(r"(?:19|20)\d\d", years["years"])
            if not re.fullmatch(r"\s*\|?\s*(?:FY\s?)?(?:19|20)\d\d\s*\|?\s*", line):
                self.years = re.findall(r"(?:19|20)\d\d", years["years"])  # one header line with every year
            self.index = 0
            return found, {}
        row = _LABELLED_ROW.fullmatch(line)
        if row:  # "AI Services 259,477 282,556 324,669": every number, even one right after a capitalised label
            self.row = row_unit(line[: row.start("numbers")])
            numbers = [m for m in _BARE_NUMBER.finditer(line, row.start("numbers"))]
            found = [q for q in found if q.end <= row.start("numbers")] + [
                Quantity(m.start(), m.end(), m.group(0), float(m.group(0).replace(",", "")), "count") for m in numbers
            ]
        plain = [q for q in found if q.unit == "count" and _BARE_NUMBER.fullmatch(q.surface)]
        if not plain:
            if line.strip() and not found:
                self.index, self.row = 0, row_unit(line)  # a row label
            return found, {}
        periods: dict[int, str] = {}
        kept = []
        for quantity in found:
            if quantity in plain:
                position = plain.index(quantity) if len(plain) > 1 else self.index
                if self.years:
                    periods[quantity.start] = self.years[position % len(self.years)]
                unit, scale = self.row or (self.unit, self.scale)
                quantity = replace(quantity, value=quantity.value * scale, unit=unit)
            kept.append(quantity)
        if len(plain) == 1:
            self.index += 1
        return kept, periods


# --- figures written above their labels -----------------------------------------------------------------

_FIGURE_ALONE = re.compile(
    r"[ \t|]*(?P<figure>[+−-]?(?:US\$|[$€£¥])?\d[\d,]*(?:\.\d+)?\s?(?:(?-i:[KMBT]|k|bn|mn|tn))?\+?%?)[ \t|]*"
)
"""A line holding one figure and nothing else but table bars: "405B", "| $1.85T", "36.8%"."""
_LABEL = re.compile(r"[ \t|]*(?P<label>[A-Za-z][^.!?:;|]{0,60}?)[ \t|]*")
"""A short line of words under such a figure, saying what it is: "Parameters", "CAGR (2024–2032) |"."""
_LABEL_YEARS = re.compile(r"(?<![\d.,])(?P<first>(?:19|20)\d\d)(?:\s*[–—-]\s*(?P<last>(?:19|20)\d\d))?(?![\d.,%])")


def _label_period(label: str) -> str | None:
    """The year or span of years a figure's label names ("Market Value by 2032", "CAGR (2024–2032)")."""
    found = [m for m in _LABEL_YEARS.finditer(label)]
    if len(found) != 1:
        return None
    first, last = found[0]["first"], found[0]["last"]
    return f"{first}-{last}" if last and last > first else first


def with_stat_labels(
    lines: Iterable[tuple[int, str, LoneCell | None]],
) -> Iterator[tuple[int, str, LoneCell | None]]:
    """Every line; one holding a figure alone, with the next line a short label of words, becomes a cell
    headed by that label, as in a model page's "405B" over "Parameters" or an analyst's "$1.85T" over
    "Market Value by 2032": the label gives the figure its unit, scale and period."""
    pending: tuple[int, str, LoneCell | None] | None = None
    for item in lines:
        if pending is not None:
            offset, line, _ = pending
            label = _LABEL.fullmatch(item[1]) if item[2] is None and len(item[1]) < 80 else None
            figure = _FIGURE_ALONE.fullmatch(line)
            if label and figure and len(label["label"].split()) <= 6:
                words = label["label"]
                yield offset, line, LoneCell(figure.span("figure"), words, _label_period(words), "")
            else:
                yield pending
            pending = None
        if item[2] is None and len(item[1]) < 40 and _FIGURE_ALONE.fullmatch(item[1]):
            pending = item
        else:
            yield item
    if pending is not None:
        yield pending


# --- a year run into its value ---------------------------------------------------------------------------

_YEAR_AND_VALUE = re.compile(r"[ \t|]*(?P<year>(?:19|20)\d\d)(?P<value>\d[\d,]*(?:\.\d+)?)[ \t|]*")
"""A table row whose year cell and value cell lost what stood between them: "202414.3" is 2024's 14.3."""
MIN_YEAR_ROWS = 3
"""Fewest such lines, one year apart, that make a table (a line alone is more likely one long number)."""


def with_year_rows(
    lines: Iterable[tuple[int, str, LoneCell | None]],
) -> Iterator[tuple[int, str, LoneCell | None]]:
    """Every line; in a run of MIN_YEAR_ROWS lines or more each holding a year run into its value, one year
    apart ("202414.3", "202518.2", ...), each value is a cell headed by the line above the run ("YearMarket
    Size (USD Billion)") and dated by its year."""
    header = ""
    run: list[tuple[tuple[int, str, LoneCell | None], re.Match[str]]] = []
    for item in lines:
        line = item[1]
        found = (
            _YEAR_AND_VALUE.fullmatch(line) if item[2] is None and len(line) < 24 and "19" <= line[:2] <= "20" else None
        )
        if found and (not run or int(found["year"]) == int(run[-1][1]["year"]) + 1):
            run.append((item, found))
            continue
        yield from _year_rows(run, header)
        run = [(item, found)] if found else []
        if not found:
            header = line if line.strip() else header
            yield item
    yield from _year_rows(run, header)


def _year_rows(
    run: list[tuple[tuple[int, str, LoneCell | None], re.Match[str]]], header: str
) -> Iterator[tuple[int, str, LoneCell | None]]:
    for (offset, line, lone), found in run:
        year = found["year"]
        cell = LoneCell(found.span("value"), f"{header} | {year}", year, year) if len(run) >= MIN_YEAR_ROWS else lone
        yield offset, line, cell
