"""Time expressions in a sentence, and the period each figure is about.

A time expression governs the figures of its own sentence, the nearest one first, but not when it is
the date of another event ("founded in 2016") or the base of a comparison for a rate ("up 9% from the
same period last year"). A table header's year is read in `etl.tables`. A sentence without any falls
back on the paragraph's last period, then on the quarter or half the text reports, then on the
publication year. Quarters and halves written without a year ("third-quarter revenue", "Q3") are the
latest ones begun by the publication date; "quarterly", "this quarter" the last one ended before it. In a text without
a date they, and months without a year ("in early September"), are of the first year the text states for its own
figures, once it states one (`with_year`). In a text that states its fiscal calendar ("Its financial year runs from
July 1 to June 30"), a quarter without its year or written as fiscal ("Q1 FY26") is the calendar quarter it covers.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from etl.quantities import Quantity
from etl.words import Words, fold_word

_YEAR = r"(?:19|20|21)\d\d"
_MONTH_NAMES = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twenty": 20, "thirty": 30,
}  # fmt: skip
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_NOT_SUCH = r"(?!\s+(?:with|that|to|in\s+which|where|ever|in\s+a\s+row|running|straight)\b)"
"""After an ordinal quarter or half: "the first quarter with $1 billion in revenue", "the third quarter in
a row" count quarters, they do not name one."""
_DIGITS = "digit"
"""The first-word key of expressions that open with a number ("2024", "1st", "3 months", "1H")."""
_YEAR_DIGITS = "year digits"
"""The first-word key of a word of four ASCII digits that opens a year ("2024"): of the expressions keyed
`_DIGITS`, only a span of years and a year open with one."""
_FEW_DIGITS = "few digits"
"""The first-word key of a word of one or two ASCII digits ("3", "12"): of the expressions keyed `_DIGITS`, only
"3 months ended" and "2 years ago" open with one."""
_EXPRESSIONS = (
    # (expression, the first words it can open with: "digit", "month", "q1", "h1", "fy" stand for classes; after an
    # article, "the" or "a", the two words: "the previous")
    (rf"""(?P<yrange>(?:(?:from|between)\s+)?(?P<ya>{_YEAR})(?:\s*(?:-|–|—|to|and|through|until)\s*(?P<yb>{_YEAR})
        |[-–/](?P<yb2>\d\d))\b)""", ("from", "between", _DIGITS, _YEAR_DIGITS)),
    (rf"""(?P<ended>\b(?:(?P<en>three|six|nine|twelve|3|6|9|12)\s+months|(?P<eu>quarter|half|(?:fiscal\s+|financial\s+)?year))
        \s+(?:ended|ending)\s+(?-i:(?P<em>{_MONTH})\.?(?:\s+(?P<ed>\d{{1,2}})(?:st|nd|rd|th)?)?|(?P<ed2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<em2>{_MONTH})\.?)
        (?:,?\s+(?P<ey>{_YEAR})\b|(?P<eday>(?<=\d)\b)))""",
     ("three", "six", "nine", "twelve", "quarter", "half", "year", "fiscal", "financial", _DIGITS, _FEW_DIGITS)),
    (rf"""(?P<half>\b(?P<hn>first|second|1st|2nd)[\s-]+half\b(?:\s+(?:of\s+)?(?:(?P<hy>{_YEAR})\b
        |(?P<hrel>this|last|next|the)\s+year\b)|{_NOT_SUCH}))""", ("first", "second", _DIGITS)),
    (rf"(?P<firstmonths>\bfirst\s+(?P<fmn>three|six|3|6)\s+months\s+of\s+(?P<fmy>{_YEAR})\b)", ("first",)),
    (rf"(?P<hcode>\b(?:H(?P<hc>[12])|(?P<hc2>[12])H)(?:\s*(?P<hcy>{_YEAR})|['’]?(?P<hcy2>\d\d))\b)", ("h1", _DIGITS)),
    (r"""(?P<priorq>\b(?:(?:the\s+)?(?:previous|prior|preceding|last)\s+quarter(?![\s-]+of\b)|a\s+quarter\s+(?:earlier|before|ago))
        \b)""",
     ("the previous", "the prior", "the preceding", "the last", "previous", "prior", "preceding", "last", "a quarter")),
    (rf"""(?P<quarter>\b(?P<qn>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?quarter\b
        (?:\s+(?:of\s+)?(?:fiscal\s+(?:year\s+)?)?(?:(?P<qy>{_YEAR})\b|(?P<qrel>this|last|next)\s+year\b)|{_NOT_SUCH}))""",
     ("first", "second", "third", "fourth", "final", "last", _DIGITS)),
    (rf"""(?P<qcode>\bQ(?P<qc>[1-4])\b(?:\s*(?:of\s+)?(?P<qfy>FY\s?|fiscal\s+)?(?P<qcy>{_YEAR})\b|\s?['’](?P<qcy2>\d\d)\b
        |\s*(?P<qfy2>FY)\s?['’]?(?P<qcy3>\d\d)\b)?)""",
     ("q1",)),
    (rf"(?P<qnum>\b(?P<qd>[1-4])Q(?:\s*(?P<qdy>{_YEAR})|['’]?(?P<qdy2>\d\d))\b)", (_DIGITS,)),
    (rf"(?P<fiscal>\b(?:fiscal(?:\s+year)?\s+|FY\s?['’]?)(?P<fy>{_YEAR}|\d\d)\b)", ("fiscal", "fy")),
    (r"(?P<wholeyear>\bthe\s+(?:fiscal|financial|full)[\s-]+year\b(?![\s-]+(?:ended|ending|ends|runs|running|to|of|\d)))",
     ("the fiscal", "the financial", "the full")),
    (r"(?P<current>\b(?:the\s+)?(?:current|next|coming|upcoming)\s+quarter\b(?![\s-]+of\b))",
     ("the current", "the next", "the coming", "the upcoming", "current", "next", "coming", "upcoming")),
    (r"(?P<quarterly>\bquarterly\b|\b(?:this|the|latest|reported)\s+quarter\b(?![\s-]+(?:of|ended|ending)\b))",
     ("quarterly", "this", "the quarter", "latest", "reported")),
    (r"""(?P<prior>\b(?:a\s+year\s+(?:earlier|before)|(?:the\s+)?year[\s-]+(?:ago|earlier)(?:\s+(?:period|quarter))?
        |(?:the\s+)?same\s+(?:period|quarter|time|months?)\s+(?:of\s+|in\s+)?(?:last|a|the\s+previous|the\s+prior)\s+year
        |(?:the\s+)?(?:prior|previous)[\s-]+year(?:['’]s)?\s+(?:period|quarter))\b)""",
     ("a year", "the year", "the same", "the prior", "the previous", "year", "same", "prior", "previous")),
    (rf"(?P<monthyear>(?-i:(?P<mym>{_MONTH}))\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?,?\s+(?P<myy>{_YEAR})\b)", ("month",)),
    (rf"""(?P<monthday>(?<!ended\s)(?<!ending\s)(?-i:(?P<mdm>{_MONTH}))\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?![.,]?\d)
        (?!,?\s+{_YEAR}\b))""", ("month",)),
    (rf"""(?P<month>\b(?:in|by|since|on|until|through|from|early|mid-?|late|end\s+of|beginning\s+of|last|this|next)
        \s+(?-i:(?P<mm>{_MONTH}))\b\.?(?!,?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?{_YEAR}\b)
        (?:\s+\d{{1,2}}(?:st|nd|rd|th)?\b)?)""",
     ("in", "by", "since", "on", "until", "through", "from", "early", "mid", "late", "end", "beginning", "last", "this",
      "next")),
    (r"""(?P<ago>\b(?P<agon>an?|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?P<agou>years?|months?)
        \s+ago\b)""",
     ("a year", "a years", "a month", "a months", *(_SMALL_NUMBERS.keys() - {"a"}), _DIGITS, _FEW_DIGITS)),
    (rf"(?P<fromnow>\b(?:between\s+now\s+and|from\s+now\s+(?:to|until|through))\s+(?P<fny>{_YEAR})\b)",
     ("between", "from")),
    (r"(?P<decadeend>\b(?:the\s+)?end\s+of\s+(?:the|this)\s+decade\b)", ("the end", "end")),
    (r"""(?P<spanend>\b(?:the\s+)?end\s+of\s+the\s+(?:analysis|forecast|forecasting|review|projection|study)
        \s+period\b)""", ("the end", "end")),
    (rf"(?P<yearpart>\b(?:mid|end|early|late|start|beginning)-(?P<yp>{_YEAR})\b(?![-–/]\d))",
     ("mid", "end", "early", "late", "start", "beginning")),
    (r"(?P<trailing>\bthe\s+(?:last|past)\s+(?:year|twelve\s+months|12\s+months)\b)", ("the last", "the past")),
    (r"(?P<rel>\b(?P<relw>this|last|next|previous|coming)\s+(?P<relu>year|month|decade|week(?![\s-]+of\b))\b)",
     ("this", "last", "next", "previous", "coming")),
    (r"(?P<nextn>\b(?:next|coming)\s+(?P<nn>\w+)\s+years\b)", ("next", "coming")),
    (r"(?P<within>\bwithin\s+(?:the\s+next\s+)?(?P<wn>\w+)\s+years?\b)", ("within",)),
    (rf"(?P<weekday>\b(?:on\s+)?(?-i:(?P<wd>{'|'.join(calendar.day_name)}))\b|\byesterday\b)",
     ("on", "yesterday", *map(str.lower, calendar.day_name))),
    (r"(?P<now>\b(?:at\s+present|currently|to\s+date|so\s+far|as\s+of\s+now|at\s+the\s+moment|now)\b)",
     ("at", "currently", "to", "so", "as", "now")),
    (rf"(?P<year>(?<![\w$€£¥.,-])(?P<y>{_YEAR})\b(?![-–/]\d)(?!s\b))", (_DIGITS, _YEAR_DIGITS)),
)  # fmt: skip
"""Every time expression, in the order they are tried where several could start at the same word."""


def _compile(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + ")", re.VERBOSE | re.IGNORECASE)


_COMPILED = [(_compile([pattern]), keys) for pattern, keys in _EXPRESSIONS]
"""Each expression compiled once (an alternation of those sharing a first word would compile most of them
several times over)."""
_BY_FIRST_WORD = {
    key: tuple(pattern for pattern, keys in _COMPILED if key in keys)
    for key in {key for _, keys in _EXPRESSIONS for key in keys}
}
"""The expressions that can open with each first word (or class of word), in `_EXPRESSIONS` order, tried only
at such words: far fewer tries than every expression at every word. The first that matches is the one their
alternation would find, as nothing follows it."""
_ARTICLES = frozenset(
    key.split()[0] for _, keys in _EXPRESSIONS for key in keys if " " in key and key not in (_YEAR_DIGITS, _FEW_DIGITS)
)
"""Words ("the", "a") whose expressions are keyed by the word after them too ("the previous"): before any other word,
those expressions are not tried. The names of classes of digits ("year digits") are no such words: "year ago" opens
with "year"."""
_MONTH_STARTS = frozenset(_MONTH_NAMES)


@functools.lru_cache(maxsize=4096)
def _first_word_key(word: str) -> str:
    """The key of `_BY_FIRST_WORD` a word opens expressions of ("" for none)."""
    lower = word.lower()
    if lower[0].isdigit():
        return _digits_key(lower)
    if lower in _BY_FIRST_WORD or lower in _ARTICLES:
        return lower
    if lower[:3] in _MONTH_STARTS and word[0].isupper():
        return "month"
    if len(lower) == 2 and lower[0] == "q" and lower[1] in "1234":
        return "q1"
    if len(lower) == 2 and lower[0] == "h" and lower[1] in "12":
        return "h1"
    return "fy" if lower.startswith("fy") else ""


_YEAR_START = re.compile(_YEAR)
_DIGIT_OPENERS = ("1st", "2nd", "3rd", "4th", "1h", "2h", "1q", "2q", "3q", "4q")
"""How a word opening with a digit opens an expression besides a year or a small number: an ordinal ("1st half",
"3rd quarter"), a half or quarter code ("1H24", "3Q 2024")."""


def _digits_key(lower: str) -> str:
    """The key of a word (in lower case) opening with a digit: `_FEW_DIGITS`, `_YEAR_DIGITS`, else `_DIGITS` if it
    may open an expression at all ("" for "250", "5G")."""
    if lower.isascii() and lower.isdigit():
        if len(lower) <= 2:
            return _FEW_DIGITS
        if len(lower) == 4 and _YEAR_START.match(lower):
            return _YEAR_DIGITS
    return _DIGITS if not lower.isascii() or _opens_with_digits(lower) else ""


def _opens_with_digits(lower: str) -> bool:
    """Whether an ASCII word (in lower case) opening with a digit may open one of the expressions keyed `_DIGITS`:
    a year ("2024", "2023-27"), one or two digits ("3 months ended", "2 years ago") or `_DIGIT_OPENERS`; a word
    such as "250" or "5G" opens none, so no expression is tried there."""
    return (
        (len(lower) <= 2 and lower.isdigit())
        or lower.startswith(_DIGIT_OPENERS)
        or _YEAR_START.match(lower) is not None
    )


def _matches(sentence: str, words: Words | None = None) -> Iterator[re.Match[str]]:
    """Every time expression of a sentence, left to right, as `_compile(all expressions).finditer` would find them;
    `words`, the sentence's words when the caller has found them already."""
    end = 0
    spans = (words or Words(sentence)).spans
    for index, (start, word) in enumerate(spans):
        if start < end:
            continue
        key = _first_word_key(word)
        if key in _ARTICLES:
            key = f"{key} {fold_word(spans[index + 1][1])}" if index + 1 < len(spans) else ""
        for pattern in _BY_FIRST_WORD.get(key, ()):
            found = pattern.match(sentence, start)
            if found:
                end = found.end()
                yield found
                break


@dataclass(frozen=True)
class _Timex:
    start: int
    end: int
    period: str | None
    absolute: bool  # written with its own year or month (not "a year ago", "this year")
    ago: tuple[int, str] | None = None  # (n, "year"/"month") for "a year ago"
    since: bool = False
    event: bool = False  # the date of another event: "founded in 2016"
    compared_from: int | None = None  # where "from"/"compared with" opens a comparison whose base is this time
    day: dt.date | None = None  # the day, for a date written with one ("On December 19", "May 5, 2024")
    weekday: bool = False  # "On Monday": the day a news text reports on, which dates no figure by itself
    span_end: bool = False  # "by the end of the analysis period": the last year of the span the text states
    yearless: bool = False  # a quarter or half without its year ("the second quarter", "Q1")
    fiscal: tuple[int, int | None] | None = None  # (number, fiscal year) of a quarter that may be fiscal: "Q1 FY26"


def _month_period(year: int, month: int) -> str:
    while month < 1:
        year, month = year - 1, month + 12
    while month > 12:
        year, month = year + 1, month - 12
    return f"{year:04d}-{month:02d}"


def _count(word: str | None) -> int | None:
    if word is None:
        return None
    word = word.lower()
    return int(word) if word.isdigit() else _SMALL_NUMBERS.get(word)


def _relative_year(word: str | None, published: dt.date | None) -> int | None:
    if published is None:
        return None
    return published.year + {"this": 0, "last": -1, "next": 1, None: 0}.get(word and word.lower(), 0)


def _latest_begun(published: dt.date | None, part: int, parts: int) -> int | None:
    """The year of the latest quarter (parts=4) or half (parts=2) numbered `part` that had begun by the
    publication: "third-quarter revenue" published in October is this year's, in February last year's, and
    "$24 billion in Q1" published in October is this year's Q1, not the coming one."""
    if published is None:
        return None
    first_month = (part - 1) * 12 // parts + 1
    return published.year if first_month <= published.month else published.year - 1


def _last_quarter(published: dt.date | None, ended: bool) -> str | None:
    """The last quarter ended before publication ("quarterly revenue"), or the one it falls in."""
    if published is None:
        return None
    quarter = (published.month - 1) // 3 + 1
    if ended:
        quarter -= 1
    return f"{published.year - 1}-Q4" if quarter == 0 else f"{published.year}-Q{quarter}"


_SPELLED_PARTS = {"half": ("h", 2, "H"), "quarter": ("q", 4, "Q")}
"""A spelled-out part of a year ("first half", "third quarter"): the prefix of its regex groups
(<p>n ordinal, <p>y year, <p>rel "this/last/next year"), how many parts a year has, its period letter."""


def _part(year: int | None, letter: str, number: int) -> str:
    """ "2024-Q3", or "Q3" when the year is not known yet (a text without a date: `with_year`)."""
    return f"{year}-{letter}{number}" if year else f"{letter}{number}"


def _spelled_part(
    match: re.Match[str], published: dt.date | None, group: str, parts: int, letter: str
) -> _Timex | None:
    """ "the first half of 2024", "third-quarter revenue": with its year, a relative one, or the nearest."""
    number = _ORDINALS.get(match[f"{group}n"].lower(), parts)  # "the final quarter", "the last quarter of 2023"
    written, relative = match[f"{group}y"], match[f"{group}rel"]
    if written:
        year: int | None = int(written)
    elif relative:
        year = _relative_year(relative, published)
        if year is None:
            return None
    else:
        year = _latest_begun(published, number, parts)
    yearless = not (written or relative)
    may_be_fiscal = letter == "Q" and (yearless or "fiscal" in match[0])
    fiscal = (number, int(written) if written else None) if may_be_fiscal else None
    period = _part(year, letter, number)
    return _Timex(match.start(), match.end(), period, bool(written), yearless=yearless, fiscal=fiscal)


_FISCAL_CALENDAR = re.compile(
    rf"""\b(?:fiscal|financial)\s+year(?:,?\s+which)?\s+(?:runs|running|ran|goes|spans)\s+from\s+{_MONTH}\.?
    (?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?\s+(?:to|through|until|-|–)\s+(?P<last>{_MONTH})
    |\b(?:fiscal|financial)\s+year(?:,?\s+which)?\s+(?:ends|ending|ended|closes|closing)\s+(?:on\s+|in\s+)?(?P<end>{_MONTH})\b""",
    re.VERBOSE,
)
"""A text stating its company's fiscal calendar: "Its financial year runs from July 1 to June 30", "the fiscal year
ending March 31"."""


def fiscal_year_end(text: str) -> int | None:
    """The month a text's fiscal year ends in, if the text states it and it closes a calendar quarter other than
    December's: its fiscal quarters are then calendar quarters of their own (`in_fiscal_year`)."""
    if "fiscal" not in text and "financial" not in text:
        return None
    found = _FISCAL_CALENDAR.search(text)
    month = _MONTH_NAMES[(found["last"] or found["end"])[:3].lower()] if found else 12
    return month if month % 3 == 0 and month != 12 else None


def in_fiscal_year(timex: _Timex, end_month: int, published: dt.date | None) -> _Timex:
    """A quarter that may be fiscal ("Q4", "Q1 FY26", "the fourth fiscal quarter of 2025") as the calendar quarter it
    covers in a fiscal year ending in `end_month` (a fiscal year is named after the calendar year it ends in): with a
    year from July to June, "Q4" of 2025 is 2025-Q2 and "Q1 FY26" 2025-Q3; a yearless one is the latest begun by
    publication."""
    if timex.fiscal is None:
        return timex
    number, year = timex.fiscal
    offset = end_month // 3 + number - 1  # quarters from the fiscal year's calendar start to this one's

    def calendar(fiscal_year: int) -> tuple[int, int]:
        quarters = (fiscal_year - 1) * 4 + offset
        return quarters // 4, quarters % 4 + 1

    if year is None:
        if published is None:
            return timex
        year = published.year + 1
        while calendar(year) > (published.year, (published.month - 1) // 3 + 1):
            year -= 1
    first, quarter = calendar(year)
    return replace(timex, period=f"{first}-Q{quarter}", absolute=True, yearless=False)


def _code_year(four: str | None, two: str | None) -> int:
    """The year of a code such as "H1 2024", "1H24", "3Q'24"."""
    return int(four) if four else 2000 + int(two or 0)


def _resolve_part(match: re.Match[str], published: dt.date | None) -> _Timex | None:
    """Halves and quarters, with or without their year."""
    kind, start, end = match.lastgroup, match.start(), match.end()
    if kind in _SPELLED_PARTS:
        return _spelled_part(match, published, *_SPELLED_PARTS[kind])
    if kind == "firstmonths":  # "the first three months of 2025" is its first quarter, "the first six months" its half
        part = "Q1" if match["fmn"] in ("three", "3") else "H1"
        return _Timex(start, end, f"{match['fmy']}-{part}", True)
    if kind == "hcode":
        return _Timex(start, end, f"{_code_year(match['hcy'], match['hcy2'])}-H{match['hc'] or match['hc2']}", True)
    if kind == "qnum":
        return _Timex(start, end, f"{_code_year(match['qdy'], match['qdy2'])}-Q{match['qd']}", True)
    if kind == "qcode":
        number = int(match["qc"])
        two = match["qcy2"] or match["qcy3"]
        year = int(match["qcy"]) if match["qcy"] else 2000 + int(two) if two else None
        fiscal = (number, year) if not year or match["qfy"] or match["qfy2"] else None
        code = _part(year or _latest_begun(published, number, 4), "Q", number)
        return _Timex(start, end, code, bool(year), yearless=not year, fiscal=fiscal)
    if kind in ("current", "quarterly"):
        last = _last_quarter(published, ended=kind == "quarterly")
        return _Timex(start, end, last, False) if last else None
    return None


def _months_ended(match: re.Match[str], published: dt.date | None) -> str | None:
    """ "three months ended June 30, 2025", "the quarter ended 30 June 2025" are 2025-Q2, "six months ended June 30,
    2025" 2025-H1, else the year ("the fiscal year ended March 31, 2024": 2024, as "fiscal 2024"). Without its
    year ("the quarter ending Sept. 30") the day is the latest such by publication, as a date alone is."""
    written = (match["en"] or match["eu"].split()[-1]).lower()
    months = {"three": 3, "six": 6, "nine": 9, "twelve": 12, "quarter": 3, "half": 6, "year": 12}.get(written)
    months = months or int(written)
    last, year = _MONTH_NAMES[(match["em"] or match["em2"])[:3].lower()], match["ey"]
    if year is None:
        if published is None:
            return None
        day = int(match["ed"] or match["ed2"])
        year = str(published.year if (last, day) <= (published.month, published.day) else published.year - 1)
    if months in (3, 6) and last % months == 0:
        return f"{year}-{'Q' if months == 3 else 'H'}{last // months}"
    return year


def _day(written: str, year: int, month: int) -> dt.date | None:
    """The date a month written with its day stands for ("on December 19" in 2024), if it is a date."""
    found = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", written)  # a four-digit year has no such part
    if not found:
        return None
    try:
        return dt.date(year, month, int(found.group(1)))
    except ValueError:
        return None


def _at(
    match: re.Match[str],
    period: str | None,
    absolute: bool,
    ago: tuple[int, str] | None = None,
    since: bool = False,
    day: dt.date | None = None,
) -> _Timex:
    return _Timex(match.start(), match.end(), period, absolute, ago=ago, since=since, day=day)


def _from_now(match: re.Match[str], published: dt.date | None) -> _Timex | None:
    year = published.year if published else None
    return _at(match, f"{year}-{match['fny']}" if year and int(match["fny"]) > year else None, True)


def _fiscal(match: re.Match[str], published: dt.date | None) -> _Timex | None:
    written = match["fy"]
    return _at(match, written if len(written) == 4 else str(2000 + int(written)), True)


def _prior_quarter(match: re.Match[str], published: dt.date | None) -> _Timex | None:
    """ "the previous quarter": the one before the sentence's or paragraph's quarter, else the last one ended."""
    return _at(match, _last_quarter(published, ended=True), False, ago=(1, "quarter"))


def _decade_end(match: re.Match[str], published: dt.date | None) -> _Timex | None:
    """ "by the end of the decade" in 2024: 2030."""
    return _at(match, str(published.year // 10 * 10 + 10), False) if published else None


def _prior(match: re.Match[str], published: dt.date | None) -> _Timex | None:
    return _at(match, str(published.year - 1) if published else None, False, ago=(1, "year"))


def _year_range(match: re.Match[str], published: dt.date | None) -> _Timex | None:
    first = int(match["ya"])
    last = int(match["yb"]) if match["yb"] else first // 100 * 100 + int(match["yb2"])
    return _at(match, f"{first}-{last}" if last > first else None, True)


def _month_year(match: re.Match[str], published: dt.date | None) -> _Timex | None:
    year, month = int(match["myy"]), _MONTH_NAMES[match["mym"][:3].lower()]
    return _at(match, _month_period(year, month), True, day=_day(match.group(0), year, month))


def _month(match: re.Match[str], published: dt.date | None) -> _Timex | None:
    return _month_named(match, published, match["mm"])


def _month_day(match: re.Match[str], published: dt.date | None) -> _Timex | None:
    """A date without its year and without a word before it ("closed April 27")."""
    return _month_named(match, published, match["mdm"])


def _month_named(match: re.Match[str], published: dt.date | None, name: str) -> _Timex | None:
    """A month without its year: "next March" is the coming one, else the latest on or before publication; in a
    text without a date, "09" until the text states its year (`with_year`), unless counted from now ("next March")."""
    month, words = _MONTH_NAMES[name[:3].lower()], match.group(0).lower()
    if published is None:
        relative = words.startswith(("next", "this", "last"))
        return None if relative else _at(match, f"{month:02d}", True, since=words.startswith("since"))
    if words.startswith("next"):
        period = _month_period(published.year + (month <= published.month), month)
    else:
        period = _month_period(published.year - (month > published.month), month)
    return _at(match, period, True, since=words.startswith("since"), day=_day(words, int(period[:4]), month))


def _ago(match: re.Match[str], published: dt.date | None) -> _Timex | None:
    count, unit = _count(match["agon"]), match["agou"].lower().rstrip("s")
    if count is None:
        return None
    if published is None:
        return _at(match, None, False, ago=(count, unit))
    if unit == "year":
        return _at(match, str(published.year - count), False, ago=(count, unit))
    return _at(match, _month_period(published.year, published.month - count), False, ago=(count, unit))


def _relative(match: re.Match[str], published: dt.date | None) -> _Timex | None:
    """ "this year", "last month", "the next decade" against the publication date; "this week", "last week" are of
    the month the week's day falls in (a news text's week: "raised $40 million this week" is of its month)."""
    if published is None:
        return None
    year, unit = published.year, match["relu"].lower()
    step = {"this": 0, "last": -1, "previous": -1, "next": 1, "coming": 1}[match["relw"].lower()]
    if unit == "week":
        day = published + dt.timedelta(weeks=step)
        return _at(match, _month_period(day.year, day.month), False)
    if unit == "year":
        return _at(match, str(year + step), False)
    if unit == "month":
        return _at(match, _month_period(year, published.month + step), False)
    return _at(match, f"{year + 1}-{year + 10}", False) if step > 0 else None


def _next_years(match: re.Match[str], published: dt.date | None) -> _Timex | None:
    count = _count(match["nn"])
    if published is None or count is None or count < 2:
        return None
    return _at(match, f"{published.year + 1}-{published.year + count}", False)


def _within(match: re.Match[str], published: dt.date | None) -> _Timex | None:
    count = _count(match["wn"])
    return _at(match, str(published.year + count), False) if published and count is not None else None


def _weekday(match: re.Match[str], published: dt.date | None) -> _Timex | None:
    """ "On Monday", "said on Tuesday": the last such day on or before publication (a news text's own week);
    "yesterday": the day before it."""
    if published is None:
        return None
    back = (published.weekday() - list(calendar.day_name).index(match["wd"])) % 7 if match["wd"] else 1
    day = published - dt.timedelta(days=back)
    return replace(_at(match, _month_period(day.year, day.month), False, day=day), weekday=True)


def _now(match: re.Match[str], published: dt.date | None) -> _Timex | None:
    return _at(match, _month_period(published.year, published.month), False) if published else None


_RESOLVERS: dict[str | None, Callable[[re.Match[str], dt.date | None], _Timex | None]] = {
    **dict.fromkeys(
        ("half", "firstmonths", "hcode", "qnum", "quarter", "qcode", "current", "quarterly"), _resolve_part
    ),
    "ended": lambda match, published: _at(match, _months_ended(match, published), True),
    "fromnow": _from_now,
    "trailing": lambda match, published: None,  # the twelve months to the text's own time: no calendar year
    "fiscal": _fiscal,
    "prior": _prior,
    "priorq": _prior_quarter,
    "decadeend": _decade_end,
    "spanend": lambda match, published: _Timex(match.start(), match.end(), None, False, span_end=True),
    "yearpart": lambda match, published: _at(match, match["yp"], True),
    "yrange": _year_range,
    "monthyear": _month_year,
    "monthday": _month_day,
    "month": _month,
    "ago": _ago,
    "rel": _relative,
    "nextn": _next_years,
    "within": _within,
    "now": _now,
    "weekday": _weekday,
    "year": lambda match, published: _at(match, match["y"], True),
}
"""How each kind of time expression (its regex group's name) is resolved against the publication date."""


def _resolve(match: re.Match[str], published: dt.date | None, context: str | None) -> _Timex | None:
    if match.lastgroup == "wholeyear":  # "for the fiscal year" in a report on its fourth quarter: that year
        year = _IN_A_YEAR.fullmatch(context or "")
        return _at(match, year.group(1), False) if year else None
    resolver = _RESOLVERS.get(match.lastgroup)
    return resolver(match, published) if resolver else None


_EVENT_BEFORE = re.compile(
    r"\b(?:founded|established|set\s+up|launched|born|started|created|incorporated|formed|acquired|listed|"
    r"went\s+public|opened|introduced|debuted|spun\s+(?:off|out)|conducted|held|published|released|issued"
    r"|(?:to|will)\s+(?:release|publish|report|hold|host)(?:\s+(?:its|their|the)\s+[a-z-]+(?:\s+[a-z-]+)?)?)"
    r"(?:\s+(?:back|as\s+early\s+as))?\s+(?:in|on)\s+$",
    re.I,
)
"""Words before a date that make it the date of another event, not of the sentence's figures; also an event still
to come and its object ("set to release its earnings on October 30, reported $31.4 billion ... in Q2")."""


_OPENING_PREPOSITION = re.compile(r"(?:in|on)\s+", re.I)
"""The preposition a time expression can open with ("in March", "on October 30"), which `_EVENT_BEFORE` reads."""


_COMPARED_FROM = re.compile(
    r"\b(?:from|over|compared\s+(?:with|to)|versus|vs\.?|than|against)\s+(?:\S+\s+){0,8}$", re.I
)
"""Words before a time that make it the base of a comparison: "up 9% from $998 million in the same period
last year", "800 TWh, up from 460 TWh in 2022": the time is not that of the figures before them."""
_COMPARED_WITH = re.compile(_COMPARED_FROM.pattern.replace("|over|", "|") + r"|\bover\s+$", re.I)
"""The same, for a year or month: "over the next decade" is a span, not a comparison ("over 2021" is)."""
_COMPARED_DURING = re.compile(_COMPARED_FROM.pattern.replace("|over|", "|"), re.I)
"""The same, for a span of years: "$5 billion over 2024-2027" is spent during it."""


def _nearest_comparison(pattern: re.Pattern[str], sentence: str, start: int, end: int) -> re.Match[str] | None:
    """The comparison word nearest before a time: in "more than triple compared to 2024" it is "compared to"
    that makes 2024 a base, not "than" (what comes between them is then not of 2024)."""
    found = pattern.search(sentence, start, end)
    while found is not None:
        nearer = pattern.search(sentence, found.start() + 1, end)
        if nearer is None:
            return found
        found = nearer
    return None


_REVISION_WORDS = frozenset(("revision", "revisions", "revised", "raised", "lowered", "upgraded", "downgraded"))
_FOR_YEAR = re.compile(rf"\bfor\s+(?:fiscal\s+)?{_YEAR}\b", re.I)
"""A sentence about revising what a year will bring ("the third upward revision for 2025, following $75 billion in
February"): a month without its year there is when the forecast was revised, not the period it is for."""


def time_expressions(
    sentence: str,
    published: dt.date | None,
    context: str | None = None,
    words: Words | None = None,
    fiscal_end: int | None = None,
) -> list[_Timex]:
    """Every time expression in a sentence, resolved against the publication date when relative; "a year
    earlier" counts back from the sentence's own time, else from `context` (the paragraph's period). `fiscal_end`:
    the month the text's fiscal year ends in, if it states one (`fiscal_year_end`)."""
    found: list[_Timex] = []
    words = words or Words(sentence)
    revised = words.has_folded(_REVISION_WORDS) and _FOR_YEAR.search(sentence) is not None
    for match in _matches(sentence, words):
        timex = _resolve(match, published, context)
        if timex is None:
            continue
        if fiscal_end:
            timex = in_fiscal_year(timex, fiscal_end, published)
        if revised and match.lastgroup == "month" and not _YEAR_START.search(match.group(0)):
            timex = replace(timex, event=True)  # "the third revision for 2025, following $75 billion in February"
        opening = _OPENING_PREPOSITION.match(sentence, match.start())  # "in March" holds its own "in"
        before = sentence[max(0, match.start() - 40) : opening.end() if opening else match.start()]
        if re.search(r"\bsince\b[^,.;]{0,50}$", before, re.I):
            timex = replace(timex, since=True)
        if _EVENT_BEFORE.search(before):
            timex = replace(timex, event=True)
        window = max(0, match.start() - 80)
        pattern = _COMPARED_FROM if timex.ago else _COMPARED_DURING if match.lastgroup == "yrange" else _COMPARED_WITH
        compared = _nearest_comparison(pattern, sentence, window, match.start())
        if compared:  # the figures after the comparison word are the base's, unless the base is the time alone
            between = sentence[compared.start() : match.start()]
            alone = len(between.split()) <= 3 and not _DIGIT.search(between)  # "compared to 2024, reaching ..."
            timex = replace(timex, compared_from=len(sentence) if alone else compared.start())
        found.append(timex)
    found = _years_of_siblings(found)
    # "a year ago" in a sentence that names its own time ("by early November ... a year ago"):
    # count back from that time, not from publication.
    anchors = [t for t in found if not t.ago and not t.since and not t.event and t.period]
    resolved: list[_Timex] = []
    for timex in found:
        if timex.span_end:
            resolved.append(replace(timex, period=_span_end(anchors, context)))
            continue
        base = min(anchors, key=lambda a: abs(a.start - timex.start)).period if anchors else context
        shifted = _shift(base, timex.ago) if timex.ago and base and (anchors or "-" in base) else None
        resolved.append(replace(timex, period=shifted, absolute=False) if shifted else timex)
    return resolved


def _years_of_siblings(found: list[_Timex]) -> list[_Timex]:
    """A quarter or half without its year after one with it takes that year: "$40bn in the first quarter of 2025
    and $14.3bn in the second quarter" is 2025-Q2, whatever the publication date; the base of a comparison ("compared
    to $85m in Q2 2024") gives no year."""
    resolved: list[_Timex] = []
    year = None
    for timex in found:
        if timex.yearless and year and timex.period:
            timex = replace(timex, period=f"{year}-{timex.period[-2:]}")
        elif (
            timex.absolute
            and timex.compared_from is None
            and timex.period
            and re.fullmatch(r"\d{4}-[QH]\d", timex.period)
        ):
            year = timex.period[:4]
        resolved.append(timex)
    return resolved


def _span_end(anchors: list[_Timex], context: str | None) -> str | None:
    """The last year of the span of years the sentence states, else of `context` (the paragraph's period), for "by
    the end of the analysis period" ("a CAGR over the analysis period 2024-2030 ... by the end of the analysis
    period": 2030); unknown without one."""
    spans = [t.period for t in anchors if t.period and _SPAN.fullmatch(t.period)]
    spans += [context] if context and _SPAN.fullmatch(context) else []
    return spans[0][-4:] if spans else None


def _shift(period: str, ago: tuple[int, str]) -> str | None:
    count, unit = ago
    found = re.fullmatch(r"(\d{4})(-(?:\d{2}|Q[1-4]|H[12]))?", period)
    if not found:
        return None
    year, rest = int(found.group(1)), found.group(2) or ""
    if unit == "year":
        return f"{year - count}{rest}"
    if unit == "quarter":
        if not rest.startswith("-Q"):
            return None
        quarters = year * 4 + int(rest[2]) - 1 - count
        return f"{quarters // 4}-Q{quarters % 4 + 1}"
    if rest and not rest[1:].isdigit():
        return None
    return _month_period(year, int(rest[1:] or 12) - count)


_DIGIT = re.compile(r"\d")
_SPAN = re.compile(r"\d{4}-\d{4}")
"""A period of several years ("2025-2034")."""
_PART_OF_YEAR = re.compile(r"(?:^|-)[QH]\d$")
"""A quarter or half ("2024-Q3"), or one whose year is not known yet ("Q3")."""
_YEARLESS = re.compile(r"[QH]\d|\d\d")
"""A quarter, half or month ("09") of a text without a date, until the text states its year."""
_IN_A_YEAR = re.compile(r"(\d{4})(?:-(?:Q[1-4]|H[12]|\d\d))?")
"""A year, or a quarter, half or month of one: not a span of years."""


def yearless(period: str | None) -> bool:
    """Whether `period` is a quarter, half or month whose year the text has not stated yet ("Q2", "09")."""
    return bool(period and _YEARLESS.fullmatch(period))


def with_year(period: str | None, year: str | None) -> str | None:
    """A yearless quarter, half or month ("Q2", "09") in `year` ("2023-Q2", "2023-09"); unknown without a year; any
    other period as is."""
    if not yearless(period):
        return period
    return f"{year}-{period}" if year else None


_COMPOUND_RATE = re.compile(r"\b(?:CAGR|compound(?:ed)?\s+annual(?:\s+growth)?(?:\s+rate)?)\b", re.I)
"""Words of a compound annual growth rate, whose period is the span of years it compounds over."""


def compound_span(sentence: str, quantity: Quantity, timexes: list[_Timex], known: str | None = None) -> str | None:
    """The years a compound annual growth rate spans ("from $12 billion in 2021 to $130 billion in 2030,
    a CAGR of 30%": 2021-2030), when the rate is named next to the figure and the sentence states two years;
    else the span of the text's last such rate (`known`) if the sentence states no other year than its end
    ("USD 1.85 trillion by 2032 at a 36.8% CAGR" after "from 2024 to 2032, a 36.8% CAGR")."""
    near = sentence[max(0, quantity.start - 60) : quantity.start] + " " + sentence[quantity.end : quantity.end + 30]
    # after the figure: "a 12.22% compound annual growth rate" (28 characters) as well as "12% CAGR"
    if quantity.unit != "%" or not _COMPOUND_RATE.search(near):
        return None
    own = [t.period for t in timexes if t.period and _SPAN.fullmatch(t.period) and 0 <= t.start - quantity.end <= 40]
    if own:
        return own[0]  # stated right after the rate: "a CAGR of 27.1% over the forecast period 2025 to 2034"
    years = sorted({int(y) for t in timexes if t.period and t.absolute for y in re.findall(r"\b\d{4}\b", t.period)})
    if len(years) >= 2:
        return f"{years[0]}-{years[-1]}"
    return known if known and (not years or str(years[0]) == known[-4:]) else None


_CHANGE_TO = re.compile(r",?\s+(?:and\s+)?[a-z]+(?:ing|ed)\s+to\s+", re.I)
"""Between the start and the end of a change: "150 MW, expanding to [250 MW by 2028]"."""
_CLAUSE_OPENING = re.compile(r",?\s+(?:and|but|while|whereas)\s+(?:(?:by|in|from|until|through|during)\s+)?$", re.I)
"""Before a time that opens a clause of its own: "[$47.4 billion], and by 2031, it ..."."""


_ASIDE_DASH = re.compile(r"\s[—–]\s")
"""A dash that opens or closes an aside: a time after the aside's end does not date the figures inside it."""
_OWN_CLAUSE = re.compile(r",\s+(?:after|before|while|whereas)\b", re.I)
"""Between a figure and a later one in a clause of its own: a time after the later figure is that figure's."""
_JOINED_AFTER = re.compile(r"\s+(?:in|during|for)\s+the\s+")
"""Between a figure and the time it is of, when the time's own match leaves out its article: "1,829 GWh in the
fourth quarter of 2024" is as close as "... 2015 to 1,829 GWh"."""
_NEXT_ITEM = re.compile(r"\s(?:and|while|whereas)\s+(?:the\s+)?$|;")
"""Between an earlier time and a figure that opens the next item of a list: the time is the earlier item's ("the
$40bn raise in the first quarter of 2025 and the $14.3bn round in the second quarter")."""


def _dates_it(t: _Timex, quantity: Quantity, sentence: str, later: Quantity | None) -> bool:
    """Whether a time after `quantity` is its time: not when it opens a clause of its own ("$47.4 billion, and
    by 2031 ...") or follows a later figure in a clause of its own ("..., after spending $52.5 billion in 2024") or
    dates the end of a change that starts at the figure ("150 MW, expanding to 250 MW by 2028": the 250 MW's)."""
    if t.start < quantity.end or not sentence:
        return True
    if _CLAUSE_OPENING.search(sentence, quantity.end, t.start):
        return False
    if (
        _ASIDE_DASH.search(sentence, quantity.end, t.start)
        and len(_ASIDE_DASH.findall(sentence, 0, quantity.start)) % 2
    ):
        return False  # "in the fourth quarter — when it reported 8.08 trillion won — the first-quarter results"
    if later is not None and later.start < t.start and _OWN_CLAUSE.search(sentence, quantity.end, later.start):
        return False  # "$85 billion in July, after spending $52.5 billion in 2024": 2024 is the later figure's
    change = later is not None and later.unit == quantity.unit and later.start < t.start
    return not (change and _CHANGE_TO.fullmatch(sentence, quantity.end, later.start))  # type: ignore[union-attr]


def period_for(
    quantity: Quantity,
    timexes: list[_Timex],
    published: dt.date | None,
    now_words: bool,
    context: str | None = None,
    reported: str | None = None,
    sentence: str = "",
    later: Quantity | None = None,
) -> str | None:
    """The period of `quantity` (in `sentence`, followed by `later`): the nearest time expression of its
    sentence that governs it, else `context` (the paragraph's or the text's), else the publication month
    (`now_words`: "at present", or a funding round reported as news) or year. A year that is the base of a
    comparison in a text reporting on a quarter or half (`reported`) stands for the same part of that year ("from
    $323 million in 2024" in a second-quarter report: 2024-Q2)."""
    usable = [
        t for t in timexes
        if t.period and not t.since and not t.event and not t.weekday
        and (t.end <= quantity.start or t.start >= quantity.end or not t.ago)
        and (t.compared_from is None or quantity.start >= t.compared_from)
        and _dates_it(t, quantity, sentence, later)
    ]  # fmt: skip
    if usable:

        def distance(t: _Timex) -> tuple[int, int, int]:
            before = t.end <= quantity.start
            gap = max(0, quantity.start - t.end if before else t.start - quantity.end)
            if not before and _JOINED_AFTER.fullmatch(sentence, quantity.end, t.start):
                gap = 0
            other_item = before and _NEXT_ITEM.search(sentence, t.end, quantity.start) is not None
            return int(other_item), gap, 0 if t.start >= quantity.end else 1

        chosen = min(usable, key=distance)
        return part_of(chosen.period, reported) if chosen.compared_from is not None else chosen.period
    if context and not (now_words and published and context == str(published.year)):
        return context  # the publication year alone says less than news of the day ("led a $225 million round")
    if published is None:
        return None
    if now_words:
        return _month_period(published.year, published.month)
    return str(published.year)


def part_of(period: str | None, reported: str | None) -> str | None:
    """A bare year as the same quarter or half of that year as the `reported` period, if there is one."""
    if period and reported and re.fullmatch(r"\d{4}", period) and re.fullmatch(r"\d{4}-[QH]\d", reported):
        return period + reported[4:]
    return period


_EVENT_NOUN = re.compile(
    r"\b(?:conference|forum|summit|expo|exhibition|congress|convention|fair|festival|ceremony|roundtable|panel"
    r"|symposium|webinar|keynote|hearing|meeting|week)s?\b",
    re.I,
)
"""Words naming an event (or the week a news round-up covers: "Week of May 4, 2026") whose date, in a text's
lead, is the day the text reports on."""


@dataclass
class PeriodContext:
    """The period a sentence without a time expression of its own falls back on."""

    paragraph: str | None = None  # the last period a sentence of this paragraph stated
    paragraph_dated_figures: bool = False  # whether that sentence had figures, and is on the current line
    reference: dt.date | None = None  # the day of the event the text reports on: what "now" and "next year" count from
    reported: str | None = None  # the first quarter or half its lead states: the one the text reports on
    listed: str | None = None  # the period the lead-in of the list a sentence is an item of states
    year: str | None = None  # the first year the text states for its own figures: a yearless quarter's year
    rate_span: str | None = None  # the years the text's last compound growth rate spans

    @property
    def fallback(self) -> str | None:
        """The period of the list the sentence is an item of, else the last quarter or half of the sentences
        before it on its line if it dated figures ("a third-quarter growth rate of 35%. ... revenue growth to
        15%": the third quarter's), else the reported quarter or half within its year or after a look back at an
        earlier year ("The previous record was ... in 2018. Its margin rose to 42%": the reported quarter's), else
        the year of the paragraph's last period ("In the second half of 2024, models emerged. One has 18 uses":
        2024, not its second half)."""
        if self.listed and self.paragraph in (None, self.listed):  # the lead-in's own period is its items'
            return self.listed
        if self.paragraph and self.paragraph_dated_figures and re.search(r"-[QH]", self.paragraph):
            return self.paragraph
        year = self.paragraph[:4] if self.paragraph else None
        if self.reported and (year is None or year <= self.reported[:4]):
            return self.reported
        return self.paragraph if self.paragraph and not re.search(r"-(?:Q|H|\d\d$)", self.paragraph) else year

    def new_paragraph(self) -> None:
        self.paragraph, self.paragraph_dated_figures = None, False

    def new_line(self) -> None:
        """A line break ends what a quarter or half dates by carrying over (`fallback`), not the paragraph."""
        self.paragraph_dated_figures = False

    def lead(self, timexes: list[_Timex], sentence: str) -> None:
        """Read a sentence of the text's lead (before its figures): the first quarter or half it states is
        the one the text reports on; the day an event it names took place ("On December 19, the forum
        brought together ...") or the weekday of its news ("On Monday, the Crown Prince announced ...") is the
        day the text reports on, its month the period of what was said there."""
        if self.reported is None:
            self.reported = next((p for p in _stated(timexes) if _PART_OF_YEAR.search(p)), None)
        dated = next((t for t in timexes if t.day and t.period), None)
        if (
            self.reported is None
            and self.reference is None
            and dated
            and (dated.weekday or _EVENT_NOUN.search(sentence))
        ):
            self.reported, self.reference = dated.period, dated.day

    def saw(self, timexes: list[_Timex], figures: bool) -> None:
        """Remember the last period a sentence states for itself (not another event's, not a comparison's), but
        not a span counted from now ("a $14 billion investment over the next decade"): that is its own figures'.
        `figures`: whether the sentence has figures that period dates."""
        if not timexes:
            return  # no period, and no year: nothing to remember (most sentences)
        own = [t for t in timexes if t.compared_from is None]
        stated = _stated([t for t in own if t.absolute or not (t.period and _SPAN.fullmatch(t.period))])
        if stated:
            self.paragraph, self.paragraph_dated_figures = stated[-1], figures
        if self.year is None:
            self.year = _own_year(timexes)
            self.reported = with_year(self.reported, self.year) if self.year else self.reported


def _own_year(timexes: list[_Timex]) -> str | None:
    """The year a sentence writes for its own figures ("cost savings for 2023"): not a span, not a comparison's
    base, not another event's date."""
    own = [t for t in timexes if t.absolute and t.compared_from is None]
    years = [found.group(1) for period in _stated(own) if (found := _IN_A_YEAR.fullmatch(period))]
    return years[0] if years else None


def stated_period(timexes: list[_Timex]) -> str | None:
    """The last period a sentence states for itself, if any (what a list's lead-in gives its items)."""
    stated = _stated(timexes)
    return stated[-1] if stated else None


def _stated(timexes: list[_Timex]) -> list[str]:
    """The periods a sentence states for itself: not another event's date, not a count back or a start."""
    return [t.period for t in timexes if t.period and not (t.ago or t.since or t.event or t.weekday)]
