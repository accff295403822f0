"""The one parser of written figures: "$38 billion" -> 38e9 USD.

Used by the ETL to turn a curated figure's `surface` into value and unit, and by the extractor to
find every figure in a text. `scan` finds quantities with character offsets; `parse_surface`
reads a single figure as a curator typed it.

How `scan` works: a cheap regex finds where a number may start (digits, a currency sign, a number
word, a fraction word, a multiplier word); from there small anchored regexes read a scale word, a
range's second end, a unit and the counted noun. Spans that cannot hold a figure (dates, times,
phone numbers, tickers, URLs, file names, year ranges) are masked first. What remains is checked
against general rules for numbers that are not figures: calendar years, versions and names with
digits, ordinals, list markers, reference markers ("[6]"), ranks ("top ten"), idioms ("one of", "a
thousand times"), names of periods ("the six months ended June 30") and small spelled-out numbers that
count the speaker's own points ("two questions"). Shares of a group ("three in four") are percentages.
Number words are read by text2num (a maintained library) rather than a hand-written table.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from text_to_num import text2num

from etl.vocabulary import CURRENCIES, PHYSICAL_UNITS, SIZE_NOUNS
from etl.words import Words

SCALE_WORDS = {
    "hundred": 1e2, "thousand": 1e3, "lakh": 1e5, "lakhs": 1e5, "million": 1e6, "crore": 1e7, "crores": 1e7,
    "billion": 1e9, "trillion": 1e12, "quadrillion": 1e15, "quintillion": 1e18,
    "milion": 1e6, "bilion": 1e9, "trilion": 1e12,
}  # fmt: skip
"""Scale words written out after a number, Indian lakh (1e5) and crore (1e7) among them, and the large ones as they
are misspelt with one l ("$2 bilion")."""
SCALE_ABBREVIATIONS = {"mn": 1e6, "mln": 1e6, "bn": 1e9, "bln": 1e9, "tn": 1e12}
SCALE_LETTERS = {"k": 1e3, "K": 1e3, "M": 1e6, "m": 1e6, "B": 1e9, "b": 1e9, "T": 1e12}
SCALES = SCALE_WORDS | SCALE_ABBREVIATIONS | SCALE_LETTERS | {"dozen": 12.0}
"""Every word or letter that scales a number, as a factor."""

CURRENCY_PREFIXES = {
    "US$": "USD", "HK$": "HKD", "NT$": "TWD", "S$": "SGD", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "$": "USD",
    "€": "EUR", "£": "GBP", "¥": "CNY", "￥": "CNY", "₹": "INR", "₩": "KRW", "RMB": "CNY", "Rs.": "INR", "Rs": "INR",
} | {code: code for code in sorted(CURRENCIES)}  # fmt: skip
"""A money figure's currency from the sign or code written before its number: every ISO code of the
vocabulary as itself, and the signs and names people use."""
SCALED_AMOUNT_PREFIXES = {"R": "ZAR", "RM": "MYR"}
"""Currency letters that also open names ("DeepSeek R1", "RM1"): money only before a scaled amount ("R23.5 billion",
"RM15 billion")."""
CURRENCY_WORDS = {
    "us dollars": "USD", "u.s. dollars": "USD", "hong kong dollars": "HKD", "dollars": "USD", "dollar": "USD",
    "yuan": "CNY", "renminbi": "CNY", "euros": "EUR", "euro": "EUR", "pounds sterling": "GBP",
    "pounds": "GBP", "yen": "JPY", "won": "KRW", "rupees": "INR", "reais": "BRL", "rand": "ZAR",
    "ringgit": "MYR",
}  # fmt: skip
SYMBOL_UNITS = {
    "gigabyte": "GB", "terabyte": "TB", "petabyte": "PB", "exabyte": "EB",
    "watt": "W", "kilowatt": "kW", "megawatt": "MW", "gigawatt": "GW", "terawatt": "TW",
    "watt-hour": "Wh", "kilowatt-hour": "kWh", "megawatt-hour": "MWh", "gigawatt-hour": "GWh",
    "terawatt-hour": "TWh",
    "tonne": "t", "ton": "t", "metric ton": "t", "metric tonne": "t", "megatonne": "Mt", "kilogram": "kg", "kilo": "kg",
    "litre": "L", "liter": "L",
    "gigaflops": "GFLOPS", "teraflops": "TFLOPS", "petaflops": "PFLOPS", "exaflops": "EFLOPS",
}  # fmt: skip
"""Physical units written as words (singular), to their symbol in etl.vocabulary.PHYSICAL_UNITS."""
SUBUNITS = {"cent": "USD", "us cent": "USD", "euro cent": "EUR", "penny": "GBP", "pence": "GBP"}
"""Hundredths of a currency: "40 cents" is 0.40 USD, "50 pence" 0.50 GBP."""
DURATIONS = {
    "decade": ("year", 10), "year": ("year", 1), "yr": ("year", 1), "month": ("month", 1),
    "week": ("day", 7), "day": ("day", 1), "hour": ("hour", 1), "hr": ("hour", 1),
    "minute": ("second", 60), "min": ("second", 60), "second": ("second", 1), "sec": ("second", 1),
    "millisecond": ("second", 1e-3), "ms": ("second", 1e-3), "microsecond": ("second", 1e-6),
    "nanosecond": ("second", 1e-9),
}  # fmt: skip
FRACTIONS = {
    "half": 50.0, "one-half": 50.0, "one half": 50.0,
    "one-third": 100 / 3, "one third": 100 / 3, "a third": 100 / 3,
    "two-thirds": 200 / 3, "two thirds": 200 / 3,
    "one-quarter": 25.0, "one quarter": 25.0, "a quarter": 25.0,
    "three-quarters": 75.0, "three quarters": 75.0,
    "one-fifth": 20.0, "one fifth": 20.0, "a fifth": 20.0,
    "one-tenth": 10.0, "one tenth": 10.0, "a tenth": 10.0,
}  # fmt: skip
MULTIPLIER_WORDS = {
    "doubled": 2.0, "double": 2.0, "doubling": 2.0, "tripled": 3.0, "triple": 3.0, "tripling": 3.0,
    "quadrupled": 4.0, "quadruple": 4.0, "halved": 0.5, "twice": 2.0, "thrice": 3.0,
    "twofold": 2.0, "threefold": 3.0, "fourfold": 4.0, "fivefold": 5.0, "tenfold": 10.0, "hundredfold": 100.0,
}  # fmt: skip
QUALIFIER_WORDS = {
    "approx": (
        "about", "approximately", "around", "roughly", "nearly", "almost", "some", "close to",
        "an estimated", "estimated", "circa", "approx.", "~", "∼", "～", "≈", "on the order of", "approaching",
        "approach",
    ),
    "over": (
        "over", "more than", "above", "at least", "exceeding", "exceeds", "exceeded", "exceed", "surpassing",
        "surpasses", "surpassed", "surpass", "upwards of", "in excess of", "beyond",
        "no less than", "no fewer than", "greater than", "a minimum of", "minimum", ">",
    ),
    "under": (
        "under", "less than", "fewer than", "up to", "below", "at most", "no more than", "just under", "a maximum of",
        "maximum", "as many as", "as much as", "<",
    ),
}  # fmt: skip


def _words(text: str) -> list[str]:
    """A word list written as one string, to keep long tables readable."""
    return text.split()


_NUMBER_WORDS = _words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred"
)
_SMALL_WORDS = frozenset(_NUMBER_WORDS[1:11])
# Nouns that count a speaker's own points rather than things in the world ("two questions").
DISCOURSE_NOUNS = frozenset(
    _words(
        "question point thing aspect way factor element feature theme type kind category capability attribute "
        "criterion criteria area reason step part side issue topic idea example lesson principle dimension "
        "word character sentence paragraph option approach priority perspective view answer direction pillar "
        "trend transition shift challenge problem dimension goal key keyword task concept definition question "
        "thought remark comment observation suggestion message takeaway pathway path stage phase rule tip tier cost "
        "enabler thrust"
    )
)
# Nouns for the players a story goes on to name ("Three technology giants have pledged"): counting them is no figure.
PLAYER_NOUNS = frozenset(_words("giant titan heavyweight behemoth"))
# Lengths that name a chip-making process ("3-nanometer chips") rather than measure anything.
PROCESS_NODE_WORDS = frozenset(_words("nanometer nanometers nanometre nanometres"))
# Words that end a counted-noun phrase ("430 million users [have]").
FUNCTION_WORDS = frozenset(
    _words(
        "a an the of in on at to for from by with and or but nor as than that which who whom whose is are was "
        "were be been being has have had will would can could may might shall should must do does did this "
        "these those its their his her our your my it they he she we you i there here not no so such per each "
        "every all both into onto over under about across after before since until during between among "
        "through within without via while when where if then also just only more most less least very too up "
        "down out off again further ago later earlier respectively alone apiece including like plus versus vs "
        "each other another same own than whereas thus perhaps always sometimes besides towards afterwards "
        "nearly almost around"
    )
)
NOT_PLURAL = frozenset(_words("is was has does its this thus us plus less unless across always perhaps news series"))
IRREGULAR_PLURALS = frozenset(_words("people children men women staff personnel media criteria"))
ORG_SUFFIXES = frozenset(
    _words(
        "Group Inc Inc. Holdings Corp Corp. Corporation Ltd Ltd. Limited Capital Technology Technologies Labs "
        "Lab Ventures Partners Pro Max Plus Ultra Turbo Mini Lite Series Edition Studio Studios Games Media "
        "Network Networks Systems Bank Fund Index"
    )
)
# Lower-case words before a number that make it a label, not a quantity ("version 2", "top ten").
LABEL_WORDS = frozenset(
    _words(
        "version v release model gen generation phase no number article section chapter page figure fig table "
        "step level stage round episode season vol volume tier class grade room floor route line flight gate "
        "platform exit rank ranked ranks ranking top bottom item part act verse paragraph clause annex "
        "appendix build iteration category lot batch enabler pillar lesson module"
    )
)
DIGIT_LABEL_WORDS = frozenset(_words("build line figure fig table lot exit gate route flight room floor"))
"""Label words that label only digits ("build 2044", "table 2"): before a spelled-out number they are
verbs or common nouns ("build eight hubs")."""
# Capitalised words that may stand before a number without naming a product ("In 2024", "Over 50").
CAPITALISED_FUNCTION = frozenset(
    w.capitalize() for w in FUNCTION_WORDS | {"nearly", "approximately", "roughly", "some", "total", "only", "just"}
)
YEAR_DATA_NOUNS = frozenset(_words("figures levels results numbers data estimates prices values rates sales earnings"))
"""Plural nouns for what a year's data says: "over 2021 figures" names a year, "2000 employees" counts."""
_KEY_VALUE = re.compile(r"(?:^|\n)[ \t]*(?:[-*•][ \t]+)?(?P<key>[A-Z][\w ()/-]{1,40}):[ \t]*$")
_DATE_KEYS = re.compile(r"\b(?:date|year|published|updated|released|founded|since|period|time)\b", re.I)
YEAR_WORDS = frozenset(
    _words("in by since from to until through of before after during the and early late mid fy year end")
)
COMPARATIVES = frozenset(
    _words(
        "more less larger bigger higher faster greater smaller lower as than that the over cheaper better "
        "stronger longer slower fewer"
    )
)
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|2[01])\d\d"


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_WORD = _alternation(_NUMBER_WORDS)
_AND_A_HALF = r"[-\s]and[-\s]a[-\s]half"
"""After a number word, half a unit more: "two-and-a-half times", "two and a half years"."""
_WORDS = rf"(?:{_WORD})(?:(?:-|\s+)(?:{_WORD})|(?<=hundred)\s+and\s+(?:{_WORD}))*(?:{_AND_A_HALF})?"
_CUR_PRE = _alternation(k for k in CURRENCY_PREFIXES if not k.isalpha())
_CUR_CODE = _alternation(k for k in CURRENCY_PREFIXES if k.isalpha())
_PREFIX_CURRENCY = {k.upper(): v for k, v in (CURRENCY_PREFIXES | SCALED_AMOUNT_PREFIXES).items()}
"""A written prefix, in upper case, to its currency."""
_YEN_SIGNS = frozenset({"¥", "￥"})
"""The sign China's yuan and Japan's yen share: yuan unless the text is in yen (`scan`'s `yen`)."""
_LARGE_SCALE = _alternation([w for w, f in SCALE_WORDS.items() if f >= 1e6] + list(SCALE_ABBREVIATIONS))
"""Scale words of a million and more, written out or abbreviated ("crore", "bn")."""
_CUR_AFTER = _alternation([*CURRENCIES, "RMB"])
"""ISO codes written after an amount ("5 billion SGD")."""
_CUR_WORDS = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(CURRENCY_WORDS, key=len, reverse=True))

_CURRENCY_SIGNS = re.escape("".join(sorted({key[0] for key in CURRENCY_PREFIXES if not key[0].isalpha()})))
_NOT_AFTER = rf"(?<![\w.{_CURRENCY_SIGNS}])"
"""No figure opens right after a word character, a dot or a currency sign."""
_START = re.compile(
    rf"""
    {_NOT_AFTER}
    (?:(?P<cur>{_CUR_PRE}|(?-i:{_CUR_CODE})(?:\s?\$)?(?=\s?\d)|(?-i:{_alternation(SCALED_AMOUNT_PREFIXES)})
        (?=[\d.,]+\s?(?:{_LARGE_SCALE})\b))\s?(?=\d))?
    (?:
        (?P<dcomma>\d{{1,3}},\d{{1,2}})(?=[\s-]?(?:{_LARGE_SCALE})\b)
      | (?P<digits>\d{{1,2}}(?:,\d\d)+,\d{{3}}(?:\.\d+)?(?![\d,])  # Indian grouping: 1,17,254
            |\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?!\d)|(?<!\d[ \t])\d{{1,3}}[ \u00a0\u202f\u2009]\d{{3}}
            (?![\d,.]|[ \t]\d)(?=[ \t]?[A-Za-z%])|\d+(?:\.\d+)?(?:[eE][+-]?\d{{1,3}}(?![\w.]))?)
      | (?P<fraction>{_alternation(FRACTIONS)})(?![\w-])
      | (?P<article>an?)\s+(?P<ascale>{_alternation([*SCALE_WORDS, "dozen"])})\b
      | (?P<mult>{_alternation(MULTIPLIER_WORDS)})\b
      | (?P<words>{_WORDS})\b
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)
_OPENER = re.compile(rf"{_NOT_AFTER}(?:[^\W\d_]+|[\d{_CURRENCY_SIGNS}])")
"""A run of letters, a digit or a currency sign where a figure may open: `_START` is tried only at these."""
_OPENING_PHRASES = (*_NUMBER_WORDS, *MULTIPLIER_WORDS, "a", "an", *CURRENCY_PREFIXES, *SCALED_AMOUNT_PREFIXES)
_OPENING_WORDS = frozenset(
    re.split(r"[\s$-]", phrase)[0].lower() for phrase in (*_OPENING_PHRASES, *FRACTIONS) if phrase[0].isalpha()
)
"""The first word of every figure `_START` reads that opens with letters ("two", "a hundred", "US$5", "USD 5",
"one-third", "doubled"), in lower case."""
_FIGURE_WORDS = frozenset(
    word
    for phrase in (*_NUMBER_WORDS, *MULTIPLIER_WORDS, *FRACTIONS, *SCALE_WORDS, "dozen")
    for word in re.split(r"[\s-]", phrase)[:2]
    if word not in ("a", "an")
)
"""Words, in lower case, one of which every figure `_START` reads holds when it holds no digit (a currency
opens a figure only before a digit): the first word of a number, a multiplier or a fraction, and the word
after "a" ("a third", "a million")."""


def may_hold_figure(text: str, words: Words) -> bool:
    """Whether `scan(text)` may find a figure in a text with these `words`: only if it holds a digit or one of
    `_FIGURE_WORDS`. A quick test that spares most sentences without figures the scan."""
    return _DIGIT.search(text) is not None or words.has_folded(_FIGURE_WORDS)


_SCALE = re.compile(
    rf"(?:[\s-]?(?P<word>{_alternation(SCALE_WORDS)})(?:\b|(?=\d(?!\d)))"
    rf"|\s?(?P<abbr>(?-i:{_alternation(SCALE_ABBREVIATIONS)}))\b|(?P<letter>(?-i:[{''.join(SCALE_LETTERS)}]))\b)",
    re.IGNORECASE,
)
_FACTOR_OF = re.compile(r"\bfactor\s+of\s+(?:about\s+|around\s+|some\s+)?$", re.IGNORECASE)
"""Before a bare number, what makes it a multiple: "a factor of 10 higher"."""
_RATIO = re.compile(rf"\s+(?:in|out\s+of)\s+(?P<whole>{_WORD}|\d{{1,3}})(?![\w,.-])", re.IGNORECASE)
_PLUS = re.compile(r"\+|-plus\b|\s?plus\b(?=\s+[a-z])", re.IGNORECASE)
_OR_BOUND = re.compile(r"\s+or\s+(?P<bound>more|above|greater|higher|over|less|fewer|below|under)\b", re.IGNORECASE)
_PER_PERIOD = r"/[ \t]?(?:day|week|month|year|yr|hour|hr)\b"
"""An amount per period ("0.8 GWh/day", "300 TWh/year"): the amount is the figure, as "$1.99/hour" is."""
_UNIT = re.compile(
    rf"""
      (?P<points>[\s-]?(?:percentage|percent|per\s?cent)[\s-]points?\b|\s?(?-i:pp|ppt|ppts)\b)
    | (?P<bps>\s?(?:basis\s+points?|(?-i:bps|bp))\b)
    | (?P<percent>\s?[%％]|[\s-]?(?:per\s?cent|percent)\b|\s?(?-i:pct)\b)
    | (?P<fold>[\s-]?fold\b|(?-i:[xX])(?!\w)|\s?×|\s+times\b)
    | (?P<throughput>\s?(?:t|tok|tokens?)\s?/\s?s(?:ec|econd)?\b|\s+tokens?\s+per\s+second\b)
    | (?P<symbol>[\s\u2011-]?(?-i:[GTPE]?FLOP(?:/s|s|S)?|[GTPE][Ff]lops|GB|TB|PB|EB|[kMGT]?Wh|[KMGT]wh|[kMGT]?W|kg|Mt|t)
        (?:[\s-]?(?-i:CO2|CO₂)e?(?:q|-eq)?)?(?:(?![\w/])|(?={_PER_PERIOD}))
        |[\s\u2011-](?:(?:kilo|mega|giga|tera)?watt[\s-]hours?|(?:kilo|mega|giga|tera)?watts?|(?:metric\s+)?tonnes?
        |(?:metric\s+)?tons?|megatonnes?|kilograms?|kilos|(?:giga|tera|peta|exa)flops|(?:giga|tera|peta|exa)bytes?
        |litres?|liters?)\b)
    | (?P<subunit>\s(?:(?:us|euro)\s+)?cents?\b|\s(?:pence|penny)\b)
    | (?P<curword>\s(?:{_CUR_WORDS}|(?-i:{_CUR_AFTER}))\b)
    | (?P<duration>[\s\u2011-](?:(?:GPU|TPU|accelerator|node|chip|compute)[\s-])?
        (?:decades?|years?|yrs?|months?|weeks?|days?|hours?|hrs?|minutes?|mins?|seconds?|secs?
        |(?:milli|micro|nano)seconds?|(?-i:ms))
        \b(?!-))
    | (?P<glued>(?-i:ms|s|mins?|secs?|hrs?)(?![\w/]))
    """,
    re.VERBOSE | re.IGNORECASE,
)
_COMPOUND = re.compile(r"-(?P<noun>[a-z]{2,}(?:-[a-z]{2,})?)\b(?!-)")
_RANGE = re.compile(r"\s*(?P<sep>-|–|—|to|and|or)\s*", re.IGNORECASE)
_PRODUCT = r"[A-Z]{1,3}\d{2,4}[A-Za-z]{0,2}"
"""A product's code: "H100", "A100", "MI300X"."""
_NOUN_WORD = re.compile(rf"[ \t]+(?P<w>[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]|{_PRODUCT})(?![\w$€£¥%])")
"""A word of a counted noun phrase, a product's code included ("100,000 H100 GPUs")."""
_AGE = re.compile(r"-years?-old\b|\s+years?\s+old\b", re.IGNORECASE)
_MASK_FLAGS = re.VERBOSE | re.IGNORECASE | re.ASCII  # dates, times, codes and addresses are written in ASCII
_ZONES = ("GMT", "UTC", "CET", "CST", "EST", "PST", "BST")
_MONTH_STEMS = tuple(re.findall(r"[A-Z][a-z]{2}", _MONTHS))
_MASK_WORDS = re.compile(
    rf"""
      \b(?:https?://|www\.)\S+                                   # URLs
    | \b(?:{"|".join(_ZONES)})\s?[+\-−]\s?\d{{1,2}}(?::?\d{{2}})?  # time zones
    | (?-i:{_MONTHS})\s+{_DAY}(?:\s*[-–]\s*{_DAY})?(?:,?\s+{_YEAR})?\b      # January 20, 2025
    | (?-i:{_MONTHS}),?\s+{_YEAR}\b                                # March 2023
    | \b(?-i:[A-Z]{{2,6}})\s?:\s?\d{{3,6}}\b                          # tickers SZ:002594
    | \b(?:(?-i:Market|Exchange)|ticker|symbol|stock\s+code)\s?:\s?\d{{3,6}}\b   # listings (Prime Market: 9984)
    """,
    _MASK_FLAGS,
)
"""Spans that cannot hold a figure and open with a letter."""


_COLON_DIGIT = re.compile(r":\s?\d")
"""A colon before a digit, as a ticker's ("SZ:002594") is; found from the colon, which the engine looks for directly."""
_ZONE_SIGN = re.compile(rf"(?:{'|'.join(_ZONES)})\s?[+\-−]")
"""A time zone before its offset's sign, in upper-case text ("GMT+8"); not "EST" inside "INVESTMENT"."""


def _may_hold_word_mask(text: str) -> bool:
    """Whether `text` holds what every `_MASK_WORDS` span needs: a URL's "://", a ticker's colon before a digit,
    "www.", a month's first three letters or a time zone before a sign: a few quick tests spare most texts the
    scan."""
    if "://" in text or any(map(text.__contains__, _MONTH_STEMS)) or (":" in text and _COLON_DIGIT.search(text)):
        return True
    upper = text.upper()
    return "WWW." in upper or _ZONE_SIGN.search(upper) is not None


_MASK_NUMBERS = re.compile(
    rf"""
      \b\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s?[AaPp]\.?[Mm]\.?)?          # times 14:54, 5:44 PM
    | \b\d{{1,2}}(?:\.\d{{2}})?\s?(?:[ap]\.m\.|(?-i:am|pm|AM|PM)\b)   # 10 a.m., 5pm
    | \b{_DAY}(?:\s*[-–]\s*{_DAY})?\s+(?:of\s+)?(?-i:{_MONTHS})(?:,?\s+{_YEAR}\b)?  # 20 January 2025
    | \b\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}\b                        # 2024-11-05
    | \b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}\b                        # 11/05/2024
    | \b\d{{1,2}}/\d{{1,2}}\b                                        # 9/11, 24/7
    | \b{_YEAR}\s?(?:-|–|—|/|to|through|until)\s?{_YEAR}\b          # 2023-2027, 2023 to 2027
    | \b{_YEAR}(?:-|–|/)\d\d\b                                      # 2023-27, 2024-11
    | \+\d{{1,3}}[\s.-]?\(?\d{{1,4}}\)?(?:[\s.-]?\d{{2,4}}){{2,4}}    # +86 10 1234 5678
    | \(\d{{2,4}}\)\s?\d{{3,4}}[\s.-]?\d{{3,4}}                       # (010) 6512-3456
    | \b\d{{3,4}}-\d{{3,4}}-\d{{3,4}}\b                              # 400-820-8820
    | \b\d{{3}}\.\d{{3}}\.\d{{4}}\b
    | \b\d{{3,6}}\.(?-i:SZ|SH|SS|HK|T|KS|KQ|TW|SI|AX|L)\b            # 0700.HK
    | \b\d+(?:\.\d+){{2,}}\b                                          # 1.2.3 versions, IP addresses
    | \b\d{{9,}}\b                                                   # ids, phone numbers
    """,
    _MASK_FLAGS,
)
"""Spans that cannot hold a figure and open with a digit, '+' or '(': tried only where one of those stands."""
_MASK_OPENERS = re.compile(r"[0-9]+|[+(]")
"""Where a span of `_MASK_NUMBERS` can open: a run of digits (at its first, after a word boundary), '+' or '('.
Found by a character class, which the regex engine scans for far faster than it tries every pattern
at every position."""
_DIGIT = re.compile(r"\d")
_SIZE_NOUN = re.compile(rf"[ \t-](?:{'|'.join(SIZE_NOUNS)})s?\b", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s\b")
_SPAN_OVER = re.compile(r"(?:\s+[^\d\s.,;:!?()]+){0,8}?\s+over\s+")
"""Between a figure and a duration: "$10 billion over five years", "$2.7 billion in cloud and AI infrastructure in
Brazil over three years" spread the one over the other (a few words between, no clause or figure)."""
_CLOSING_SYMBOLS = frozenset("%％×")
_MULTIPLIER_BEFORE = re.compile(r"\b(?:than|nearly|almost|about|roughly|over|to|or|will|would|could|can|may)\s+$")
"""Words before a bare multiplier word ("could double", "double or triple") that make it a figure."""
_WORD_BEFORE_REVERSED = re.compile(r"[ \t]*([\w.'’&+-]+)")
_SCALE_AGAIN = re.compile(rf",?\s+(?:{_alternation(w for w in SCALE_WORDS if w != 'hundred')})\b", re.IGNORECASE)
_PRODUCT_CODE = re.compile(rf"\b{_PRODUCT}[ \t]+$")
_PERIOD_ENDED = re.compile(r"\s+(?:ended|ending)\s")
"""Symbols that end a figure: a word glued after them is a note marker ("28.3%Note"), not part of a name."""
_UNKNOWN_UNIT = re.compile(r"[ \t]?(?:[A-Z][a-z]{1,4})?[A-Z]{2,5}(?=[ \t]*(?:[(),.;:|]|$))")
"""An upper-case symbol after a number, alone before punctuation: a unit the vocabulary lacks."""
_RATE_BASIS = re.compile(r"(?:\b[Pp]er|÷)[ \t]+$")
_RATE = re.compile(r"[ \t]?(?:[A-Za-z]{1,5})?[ \t]?/[ \t]?[A-Za-z]")
_PER_TIME = re.compile(rf"[ \t]?{_PER_PERIOD}", re.IGNORECASE)
_MONEY = frozenset(CURRENCY_PREFIXES.values())
_NEVER_RATES = _MONEY | {"x"}
"""Units a "/" after the figure makes no rate of: a price ("$2/hour"), a multiple of a ratio ("12x EV/EBITDA")."""
_QUALIFIER_BEFORE = re.compile(
    rf"(?:{_alternation(w for words in QUALIFIER_WORDS.values() for w in words)})\s*"
    r"(?:(?:another|an\s+additional|a\s+further|an\s+extra)\s+)?$",  # "about another 40%"
    re.IGNORECASE,
)
_QUALIFIER_OF = {w: q for q, words in QUALIFIER_WORDS.items() for w in words}
_TAG_END = re.compile(r"<[A-Za-z/][^<>]*>\s*$")
"""A markup tag just before a figure ("<td>"): its ">" bounds nothing."""
_QUALIFIER_SIGNS = frozenset(w for w in _QUALIFIER_OF if not w[0].isalnum())
_QUALIFIER_LAST_WORDS = frozenset(
    [w.split()[-1] for w in _QUALIFIER_OF] + ["another", "additional", "further", "extra"]
)
"""The last word of every qualifier phrase ("close to", "up to" end in "to"): the quick test before the regex."""


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


@dataclass
class _Reading:
    """A number being read: where it is, what was found after it, and what it means."""

    start: int
    end: int
    number_end: int
    value: float
    form: str  # digits, words, fraction, ratio, article, mult
    cur: str | None = None
    scale: float = 1.0
    scale_letter: bool = False
    unit: str = "count"
    factor: float = 1.0
    noun: str | None = None
    compound: bool = False
    bound: str | None = None  # "over" for "25M+", "five or more"; "under" for "ten or fewer"
    times: bool = False
    per_second: bool = False  # a count of tokens per second: "75 t/s"

    @property
    def bare(self) -> bool:
        """A count without scale, currency, rate or compound noun (it may have a counted noun)."""
        plain = self.scale == 1.0 and not self.compound and not self.per_second
        return self.unit == "count" and self.cur is None and plain


def _words_value(words: str) -> float | None:
    cleaned = re.sub(r"\s+", " ", words.lower().replace("-", " ")).replace(" and ", " ")
    try:
        return float(text2num(cleaned, "en"))
    except ValueError:
        return None


def _read_number(match: re.Match[str]) -> _Reading | None:
    start, end = match.start(), match.end()
    if match["dcomma"]:  # a decimal comma before a scale word: "$26,4-billion"
        return _Reading(start, end, end, float(match["dcomma"].replace(",", ".")), "digits", cur=match["cur"])
    if match["digits"]:
        value = float(re.sub(r"[,\s]", "", match["digits"]))  # 1,050 and 1 050 (SI style)
        return _Reading(start, end, end, value, "digits", cur=match["cur"])
    if match["fraction"]:
        return _Reading(start, end, end, FRACTIONS[re.sub(r"\s+", " ", match["fraction"].lower())], "fraction")
    if match["article"]:
        return _Reading(start, end, end, SCALES[match["ascale"].lower()], "article")
    if match["mult"]:
        return _Reading(start, end, end, MULTIPLIER_WORDS[match["mult"].lower()], "mult")
    words = match["words"]
    half = re.search(_AND_A_HALF + "$", words, re.IGNORECASE)
    number = _words_value(words[: half.start()] if half else words)
    number = number + 0.5 if half and number is not None else number
    if number is None:  # a run text2num cannot read ("two three"): keep its first number word
        words = re.split(r"[\s-]+", words)[0]
        number = _words_value(words)
        end = start + len(words)
    if number is None:
        return None
    return _Reading(start, end, end, number, "words")


def _negative(text: str, start: int) -> bool:
    """A minus sign: "−3.2%" anywhere, "-3.2%" only where a table cell or a line starts."""
    sign = text[start - 1 : start]
    if sign == "−":
        return not text[start - 2 : start - 1].isalnum()
    if sign != "-":
        return False
    before = text[max(0, start - 8) : start - 1].rstrip(" \t")
    return (before == "" and start - 1 <= 8) or before[-1:] in ("\n", "|", "(", ":", "=", ",")


def _read_scale(text: str, reading: _Reading) -> None:
    found = _SCALE.match(text, reading.end)
    if not found:
        return
    if found["word"]:
        if found["word"].lower() == "hundred" and reading.form != "words":
            return
        reading.scale = SCALES[found["word"].lower()]
    elif found["abbr"]:
        reading.scale = SCALES[found["abbr"]]
    else:
        if reading.form != "digits":
            return
        reading.scale = SCALES[found["letter"]]
        reading.scale_letter = True
    reading.end = found.end()


def _physical_unit(written: str) -> str:
    """The unit symbol of a written physical unit: "TWh", "-megawatt", " terawatt-hours", "GFLOPs", "kgCO2e"."""
    word = re.sub(r"[\s-]?(?:CO2|CO₂)e?(?:q|-eq)?$", "", written.strip().lstrip("-\u2011"))
    if re.fullmatch(r"[GTPE]?FLOP(?:s)?", word):
        return word.removesuffix("s")  # an amount: "300 GFLOPs" per token
    if re.fullmatch(r"[GTPE]?FLOP(?:/s|S)", word):
        return word.replace("/s", "S")  # a rate: "2 PFLOP/s"
    if re.fullmatch(r"[GTPE][Ff]lops", word):
        return word[0] + "FLOPS"  # "300 PFlops", "85 Eflops": a rate, as the spelled-out "petaflops"
    if word in PHYSICAL_UNITS:
        return word
    if re.fullmatch(r"[KMGT]wh", word):
        return f"{word[0].replace('K', 'k')}Wh"  # "945 Twh" in a title-case headline
    spelled = re.sub(r"\s+", " ", word.lower()).replace("watt hour", "watt-hour").replace("watts", "watt")
    plural = ("hours", "tonnes", "tons", "grams", "kilos", "litres", "liters")
    spelled = spelled.removesuffix("s") if spelled.endswith(plural) else spelled
    spelled = spelled.removesuffix("s") if spelled.endswith("bytes") else spelled
    return SYMBOL_UNITS[spelled]


def _read_unit(text: str, reading: _Reading) -> None:
    plus = _PLUS.match(text, reading.end)
    if plus and reading.form == "digits":
        reading.bound = "over"
        reading.end = plus.end()
    or_bound = _OR_BOUND.match(text, reading.end)
    if or_bound:
        reading.bound = "under" if or_bound["bound"].lower() in ("less", "fewer", "below", "under") else "over"
        reading.end = or_bound.end()
    if reading.cur:
        return
    found = _UNIT.match(text, reading.end)
    if found and found.lastgroup == "curword" and _counted_noun(text, found.end()) is not None:
        found = None  # "two USD funds": the currency word describes the counted noun
    if found and found.group() == "s" and "." not in text[reading.start : reading.number_end]:
        found = None  # "0.32s" is a latency; "5s", "the 80s" are names
    if found:
        kind = found.lastgroup
        word = re.sub(r"\s+", " ", found.group(0).strip().lstrip("-").lower())
        if kind == "points":
            reading.unit = "pp"
        elif kind == "bps":
            reading.unit, reading.factor = "pp", 0.01
        elif kind == "percent":
            reading.unit = "%"
        elif kind == "fold":
            reading.unit = "x"
            reading.times = word == "times"
            following = re.match(r"\s+(\w+)", text[found.end() :])
            comparative = following is not None and following.group(1).lower() in COMPARATIVES
            large = reading.value * reading.scale >= 1000
            if reading.times and reading.form != "article" and large and not comparative:
                reading.unit, reading.times = "count", False  # "used 600 million times a day": occurrences
        elif kind == "symbol":
            reading.unit = _physical_unit(found.group(0))
        elif kind == "subunit":
            reading.unit, reading.factor = SUBUNITS[word.rstrip("s") if word.endswith("cents") else word], 0.01
        elif kind == "curword":
            reading.unit = CURRENCY_WORDS.get(word) or _PREFIX_CURRENCY[word.upper()]
        elif kind == "duration":
            word = re.sub(r"^(?:gpu|tpu|accelerator|node|chip|compute)[\s-]", "", word)
            reading.unit, reading.factor = DURATIONS[word if word in DURATIONS else word.rstrip("s")]
        elif kind == "glued":  # "0.32s", "5min", "10sec"
            reading.unit, reading.factor = DURATIONS.get(word) or DURATIONS.get(word[:-1]) or ("second", 1)
        elif kind == "throughput":  # tokens per second ("75 t/s") count tokens, as the labels do
            reading.per_second = True
        reading.end = found.end()
        return
    if reading.form in ("digits", "words"):
        compound = _COMPOUND.match(text, reading.end)
        if compound and compound["noun"].split("-")[0].lower() not in FUNCTION_WORDS:
            reading.compound = True
            reading.noun = compound["noun"]
            reading.end = compound.end()
            return
    noun_end = _counted_noun(text, reading.end)
    if noun_end is not None:
        reading.noun = text[reading.end : noun_end].strip()
        reading.end = noun_end


def _counted_noun(text: str, pos: int) -> int | None:
    """End of the noun phrase a count counts ("[430 million] users"), or None when there is none.

    Up to four words on the same line without punctuation, ending at the first word that looks
    plural ("18 application scenarios", "seven Chinese ministries", "1,328 LLMs").
    """
    end = pos
    for _ in range(4):
        word = _NOUN_WORD.match(text, end)
        if not word:
            return None
        token = word["w"]
        lower = token.lower()
        if lower in FUNCTION_WORDS or (lower.endswith("ly") and len(lower) > 4):
            return None
        if token[0].isupper() and not _acronym(token) and _NOUN_WORD.match(text, word.end()) is None:
            return None  # "3 Idiots.", "360 Group,": a name, not a counted noun
        end = word.end()
        if _plural(token):
            return end
    return None


def _acronym(token: str) -> bool:
    return sum(c.isupper() for c in token) >= 2


def _plural(token: str) -> bool:
    if len(token) > 2 and token[-1] == "s" and token[:-1].isupper():
        return True  # an acronym's plural: "GPUs", "LLMs" (not a Latin "-us")
    lower = token.lower()
    if lower in IRREGULAR_PLURALS:
        return True
    if lower in NOT_PLURAL or len(lower) < 3 or not lower.endswith("s"):
        return False
    return not lower.endswith(("ss", "us", "is", "ous"))


def _head_noun(noun: str | None) -> str | None:
    """The singular of a counted noun phrase's last word ("key capabilities" -> "capability")."""
    if not noun:
        return None
    head = re.split(r"[\s-]", noun)[-1].lower()
    if head.endswith("ies"):
        return head[:-3] + "y"
    return head[:-1] if head.endswith("s") and not head.endswith("ss") else head


def _read_range(text: str, first: _Reading, masks: _Masks, dollar: str, yen: str) -> _Reading | None:
    """The second end of a range ("six to 12 months", "3-4 years", "$5-10 billion"), if it says
    what the first end lacks (a unit, scale, currency or counted noun)."""
    sep = _RANGE.match(text, first.end)
    if not sep or _calendar_year(text, first):
        return None  # "in 2024 to $311.58 billion" is a year, then a figure
    word = sep["sep"].lower()
    if word in ("-", "–", "—") and (first.form != "digits" or sep.group(0) != sep["sep"]):
        return None
    if word == "and" and not re.search(r"\bbetween\s+(?:\S+\s+)?$", text[max(0, first.start - 24) : first.start], re.I):
        return None
    following = _START.match(text, sep.end())
    if not following or masks.covers(following.start()):
        return None
    if following["cur"] and first.cur and following["cur"].upper() != first.cur.upper():
        return None
    second = _read(text, following, dollar, yen)
    if second is None or second.form not in ("digits", "words"):
        return None
    informative = (
        second.unit != "count"
        or second.cur
        or second.noun
        or (second.scale != 1.0 and first.scale == 1.0)
        or (first.cur is not None and second.form == "digits")  # "¥0.5-2 per million tokens"
    )
    return second if informative else None


def _calendar_year(text: str, reading: _Reading) -> bool:
    """Four digits that read as a year (1800-2199), written without currency, comma or scale."""
    digits = text[reading.start : reading.number_end]
    return (
        reading.form == "digits"
        and not reading.cur
        and bool(re.fullmatch(r"\d{4}", digits))
        and (1800 <= reading.value <= 2199)
    )


def _key_value(text: str, start: int) -> bool:
    """A number that is the value of a `Key: value` line whose key is no date ("Hidden Size: 2048")."""
    found = _KEY_VALUE.search(text, max(0, start - 48), start)
    return found is not None and not _DATE_KEYS.search(found["key"])


def _previous_word(text: str, pos: int) -> tuple[str, int]:
    """The word before `pos` on the same line, and where it starts (read backwards: no search of the window)."""
    found = _WORD_BEFORE_REVERSED.match(text[max(0, pos - 40) : pos][::-1])
    if not found:
        return "", pos
    return found.group(1)[::-1], pos - found.end(1)


def _sentence_start(text: str, pos: int) -> bool:
    """True at the start of a text, line, sentence, list item or bracket."""
    before = text[max(0, pos - 4) : pos]
    return pos == 0 or bool(re.search(r"(?:^|[.!?:;\"“”(•·*–—|\n])\s*(?:-\s+)?$", before))


def _in_short_quote(text: str, start: int, end: int) -> bool:
    """True inside a quoted name of a few words: the "new three giants"."""
    left = text[max(0, start - 30) : start]
    right = text[end : end + 30]
    opening = max(left.rfind("“"), left.rfind('"'))
    closing = [i for i in (right.find("”"), right.find('"')) if i >= 0]
    if opening < 0 or not closing:
        return False
    inside = left[opening + 1 :] + text[start:end] + right[: min(closing)]
    return len(inside.split()) <= 5 and not re.search(r"[.!?,;:]", inside)


def _word_character(character: str) -> bool:
    """A letter or a decimal digit, which would make a number part of a word or a code; not a reference marker
    ("three years.⁸": superscript digits are digits to str.isalnum, not to str.isdecimal)."""
    return character.isalpha() or character.isdecimal()


def _year_alone(text: str, reading: _Reading) -> bool:
    """A calendar year that counts nothing ("in 2024", "2024 figures"; not "2000 employees"), outside a `Key: value`
    line whose key is no date."""
    if not (reading.bare and _calendar_year(text, reading)) or _key_value(text, reading.start):
        return False
    previous = _previous_word(text, reading.start)[0].lower().rstrip(".")
    noun = (reading.noun or "").split(" ")[0]
    return not _plural(noun) or previous in YEAR_WORDS or not noun[:1].islower() or noun.lower() in YEAR_DATA_NOUNS


def _not_a_figure(text: str, reading: _Reading, in_range: bool = False) -> bool:
    """General rules for numbers that are not figures (see the module docstring)."""
    if _year_alone(text, reading):
        return True  # the commonest number that is no figure, ruled out before the rules below (which only rule out)
    start, end = reading.start, reading.end
    after = text[end : end + 1]
    if text[start - 1 : start] == "[" and after == "]" and reading.bare:
        return True  # a reference marker: "[6][21]"
    if reading.bare and _POSSESSIVE.match(text, end):
        return True  # a name's number: "Llama 3's", "the 1990's"
    footnote = after.isdigit() and text[end - 1 : end].isalpha() and reading.scale > 1 and not reading.scale_letter
    if (
        (_word_character(after) and text[end - 1 : end] not in _CLOSING_SYMBOLS and not footnote)
        or after in ("_", "@")
        or (after in ("-", ".") and _word_character(text[end + 1 : end + 2]) and not in_range)
    ):
        return True  # 5G, 1080p, 16th, 1960s, 3D, 4o, two-way, 1.2.3, file names, e-mail addresses
    if text[start - 1 : start] in ("@", "/", "_") or text[start - 2 : start] == "//":
        return True  # inside an address or a path
    if _RATE_BASIS.search(text, max(0, start - 6), start):
        return True  # the basis of a rate or a price: "per 1M tokens", "(tokens used ÷ 1,000,000)"
    if reading.unit == "month" and _PERIOD_ENDED.match(text, end):
        return True  # "the six months ended June 30, 2025": a period's name (etl.timex reads it)
    if reading.unit not in _NEVER_RATES and _RATE.match(text, end) and not _PER_TIME.match(text, end):
        return True  # a rate the vocabulary has no unit for: "3.35 TB/s", "57 kgCO2e / kWh" (not "12x EV/EBITDA")
    before = text[start - 2 : start - 1]
    if text[start - 1 : start] == "(" and (before.isalnum() or before == ")") and after == ")":
        return True  # code: alert(1), f(2); a clause of a rule: "Rule 101(b)(1)"
    if after == "(" and _CLAUSE.match(text, end):
        return True  # a section with its clause: "101(b)"
    if _STREET.search(text, max(0, start - 8), start):
        return True  # an address: "No. 8, Li-Hsin Rd. 6", "1 Main Street 4"
    words = text[start:end].lower()
    if reading.form == "digits":
        raw = text[start : reading.number_end].lstrip("".join(CURRENCY_PREFIXES) + " ")
        if re.fullmatch(r"0\d+", raw):
            return True  # 002594, 08: codes, not quantities
        if text[start - 1 : start] == "-" and text[start - 2 : start - 1].isalnum() and not in_range:
            return True  # GPT-4o, ChatGPT-5, COVID-19
        if _AGE.match(text, reading.number_end):
            return True  # a 30-year-old engineer
    one_digit = re.fullmatch(r"\d", text[start : reading.number_end]) is not None
    if (
        reading.scale_letter
        and reading.unit == "count"
        and not reading.cur
        and reading.noun is None
        and (one_digit or text[end - 1] not in "kK")
        and not _SIZE_NOUN.match(text, end)
    ):
        return True  # 4K video, a 7B model (but "a 262K vocabulary", "280K GPU hours", "a 671B parameter model")
    if reading.form == "words" and reading.compound:
        return True  # two-way, one-stop, five-character
    if reading.compound and reading.value <= 10 and _head_noun(reading.noun) in DISCOURSE_NOUNS:
        return True  # the speaker's structure: "the 4-tier landscape", "a 5-point plan" (not "a 280-character limit")
    if reading.form == "words" and words.startswith(("hundred", "thousand")):
        return True  # "several hundred million", "hundreds of": no number given
    if (
        reading.form in ("words", "fraction", "ratio", "mult")
        and text[start].isupper()
        and not _sentence_start(text, start)
    ):
        return True  # a number word in a name: "the 14th Five-Year Plan", "Group of Seven"
    spelled_scale = reading.form == "article" or (reading.form == "words" and reading.scale > 1)
    if spelled_scale and _SCALE_AGAIN.match(text, end):
        return True  # "a billion, billion": a spelled-out product restating a figure ("one quintillion")
    if reading.unit in PHYSICAL_UNITS and _PRODUCT_CODE.search(text, max(0, start - 12), start):
        return True  # a variant in a product's name: "Nvidia A100 80GB"
    if reading.times and reading.form == "article":
        following = re.match(r"\s+(\w+)", text[end:])
        if not following or following.group(1).lower() not in COMPARATIVES:
            return True  # "a thousand times": an idiom
    if words in ("twice", "thrice"):
        following = re.match(r"\s+(\w+)", text[end:])
        return not following or following.group(1).lower() not in COMPARATIVES | {"its", "their", "what"}
    if reading.form == "mult" and not words.endswith(("ed", "ing", "fold")):
        before = text[max(0, start - 20) : start].lower()
        if after == "-" or not _MULTIPLIER_BEFORE.search(before):
            return True  # double-edged, a double act
    if reading.form == "fraction":
        by = re.search(r"\bby\s+$", text[max(0, start - 4) : start], re.I) or _ABOUT_A_SHARE.search(
            text, max(0, start - 16), start
        )
        if " " in words and not re.match(r"\s+of\b", text[end:], re.I) and not by:
            return True  # a third party, one quarter century (not "of a third of", "by a third", "about a third said")
        if words == "half" and re.match(r"[ \t]+(?!of\b|the\b|a\b|an\b|its\b|their\b|our\b|all\b)[a-zA-Z]", text[end:]):
            return True  # an adjective: "half precision", "half measures"
        if words == "half":
            before = text[max(0, start - 12) : start].lower()
            if re.search(r"\b(?:first|second|1st|2nd|latter|former|other|this|a|and)\s+$", before) or after == "-":
                return True  # the first half of 2024, half-year
            if re.match(r"\s+(?:an?\b|way\b|of\s+(?:the\s+|this\s+|last\s+|next\s+)?(?:year|(?:1[89]|2[01])\d\d)\b)",
                        text[end:], re.I):  # fmt: skip
                return True
    previous, previous_at = _previous_word(text, start)
    previous_lower = previous.lower().rstrip(".")
    plural_label = previous_lower.endswith("s") and previous_lower[:-1] in LABEL_WORDS
    labels_it = previous_lower in LABEL_WORDS and (reading.form == "digits" or previous_lower not in DIGIT_LABEL_WORDS)
    if reading.bare and (labels_it or plural_label or previous == "#"):
        return True  # version 2, top ten, No. 1
    if (reading.noun or "").split(" ")[0].lower() in PROCESS_NODE_WORDS:
        return True  # "3-nanometer chips": the name of a chip-making process, not a length
    if reading.unit == "count" and text.startswith("-", reading.number_end) and _PRODUCT_CODE.match(text, reading.end):
        return True  # "the 12-layer HBM3E": a product's specification that names it, not a count
    if reading.unit in _DURATION_UNITS and previous_lower == "first" and _OF_A_YEAR.match(text, end):
        return True  # "the first three months of 2025": the name of a period, not a duration
    if not reading.bare:
        return False
    # From here on: a count without unit, scale or currency, possibly with a counted noun.
    if _CALENDAR_PART.match(text, reading.number_end):
        return True  # "2023 年 11 月 30 日": a date written in Chinese or Japanese
    if reading.form == "words" and reading.value == 0:
        return True  # "zero waste", "effectively zero": a state, not a count
    if _CARBON_INTENSITY.match(text, reading.number_end):
        return True  # "~5 g CO2/kWh", as "57 kgCO2e / kWh" is
    if reading.noun is None and _DEFINES_A_SCALE.match(text, end):
        return True  # "1.0 = perfect, 1.10 = hyperscale": the scale of a metric's definition
    if _UNKNOWN_UNIT.fullmatch(reading.noun or "") or (reading.noun is None and _UNKNOWN_UNIT.match(text, end)):
        return True  # a unit the vocabulary lacks: "4,000 TOPS", "4 PetaOPS", "100 MB"
    value = reading.value
    if reading.form == "words" and value == 1:
        return True  # one of the, no one, one another, one word
    if reading.form == "words" and value <= 10:
        if (head := _head_noun(reading.noun)) in DISCOURSE_NOUNS or head in PLAYER_NOUNS:
            return True  # "two questions": the speaker's own points; "three tech giants": the players named next
        if reading.noun is None and previous_lower in {"the", "these", "those", "all", "both", "its", "their", "our"}:
            return True  # "the two": a reference back, not a figure
        if previous_lower in {"these", "those", "first", "last", "other", "remaining", "big"}:
            return True  # "these four industries", "the first two rounds", "the big five": counted again or ranked
    marker = re.match(r"[.)]\s|[ \t]?·[ \t]", text[end : end + 3]) and value < 100 and value.is_integer()
    if reading.form == "digits" and reading.noun is None and marker and _sentence_start(text, start):
        return True  # list markers "1. What ...", "(2) ...", "3 · Heading"
    if _names_something(text, reading, previous, previous_at):
        return True
    return _in_short_quote(text, start, end)


_TABLE_BAR = re.compile(r"[ \t]*\|")
_DURATION_UNITS = frozenset(unit for unit, _ in DURATIONS.values())
_OF_A_YEAR = re.compile(rf"[ \t]+of[ \t]+(?:{_YEAR}\b|(?:this|last|next|the)[ \t]+(?:fiscal[ \t]+)?year\b)", re.I)
"""After "the first N months": the year the months are the start of."""
_CALENDAR_PART = re.compile(r"[ \t]?[年月日]")
"""Year, month and day signs after a number in a Chinese or Japanese date."""
_CARBON_INTENSITY = re.compile(r"[ \t]?g[ \t]?CO[2₂]e?[ \t]?(?:/|per\b)", re.I)
"""Grams of a gas per unit of energy after a number ("~5 g CO2/kWh"): a rate the vocabulary has no unit for."""
_DEFINES_A_SCALE = re.compile(r"[ \t]?=[ \t]?[A-Za-z]")
"""A bare number set equal to words: a point of a scale being defined ("1.0 = perfect")."""
_CLAUSE = re.compile(r"\([a-z]\)")
_STREET = re.compile(r"\b(?:Rd|St|Ave|Blvd)\.[ \t]$|\b(?:Road|Street|Avenue|ROAD|STREET|AVENUE)[ \t]$")
"""A street before a number: the number is an address."""
_PRODUCT_CODE = re.compile(r"[ \t]+[A-Z][A-Za-z]*\d[A-Za-z0-9]*\b")
"""A product's code after a hyphenated count: "12-layer HBM3E", "8-core M4"."""
_ABOUT_A_SHARE = re.compile(
    r"\b(?:about|around|roughly|nearly|almost|approximately|over|than|just|some|at\s+least|up\s+to)\s+$", re.I
)
"""Words that make "a third" a share even without "of" after it ("roughly a third said", "more than a quarter")."""


def _names_something(text: str, reading: _Reading, previous: str, previous_at: int) -> bool:
    """Digits in a name or version: "Qwen 2.5", "Ernie 4.0", "Windows 11", "360 Group", "3 Idiots"."""
    start, end = reading.start, reading.end
    possessive = previous.endswith(("'s", "’s"))  # "China's 15": whose figure, not a name with a number
    capitalised = bool(previous) and (previous[0].isupper() or _acronym(previous)) and not possessive
    if capitalised and previous not in CAPITALISED_FUNCTION and not re.fullmatch(_MONTHS, previous):
        if "." in text[start : reading.number_end]:
            return True  # a decimal after a name is a version, even before a noun ("Qwen 2.5 models")
        if not _sentence_start(text, previous_at) or _TABLE_BAR.match(text, end):
            return True  # "Windows 11", "Fortune 500 companies", "Global 2000 companies", a cell "| Llama 2 |"
    if reading.noun is not None:
        return False
    following = re.match(r" ([A-Z][\w'’&.-]*)", text[end : end + 40])
    if following and not _acronym(following.group(1)):
        name = following.group(1)
        if name.rstrip(".") in ORG_SUFFIXES:
            return True
        rest = text[end + 1 + len(name) : end + 3 + len(name)]
        if not re.match(r" [a-z]", rest) and not re.fullmatch(_MONTHS, name):
            return True
    return False


def _read_ratio(text: str, reading: _Reading) -> None:
    """A share of a group, "three in four" or "1 out of 5", read as a percentage."""
    if reading.cur or (reading.form == "digits" and not re.fullmatch(r"\d{1,2}", text[reading.start : reading.end])):
        return
    found = _RATIO.match(text, reading.end)
    whole = found and (_words_value(found["whole"]) if found["whole"].isalpha() else float(found["whole"]))
    if found and whole and 0 < reading.value < whole:
        reading.value, reading.form = 100 * reading.value / whole, "ratio"
        reading.end = reading.number_end = found.end()


def _read(text: str, match: re.Match[str], dollar: str, yen: str) -> _Reading | None:
    reading = _read_number(match)
    if reading is None:
        return None
    if reading.form in ("digits", "words"):
        _read_ratio(text, reading)
    if reading.form == "digits" and not reading.cur and _negative(text, reading.start):
        reading.start -= 1
        reading.value = -reading.value
    if reading.form in ("digits", "words", "article"):  # (a ratio is read: a share)
        _read_scale(text, reading)
        _read_unit(text, reading)
    elif reading.form in ("fraction", "ratio"):
        reading.unit = "%"
    elif reading.form == "mult":
        reading.unit = "x"
    if reading.bare and reading.noun is None and _FACTOR_OF.search(text, max(0, reading.start - 24), reading.start):
        reading.unit = "x"
    if reading.cur:
        written = reading.cur.upper()  # a code before a bare sign ("CAD $2.4 billion") is the currency
        reading.unit = _PREFIX_CURRENCY.get(written) or _PREFIX_CURRENCY.get(written.rstrip("$ "), "USD")
        if written == "$":
            reading.unit = dollar
        elif written in _YEN_SIGNS:
            reading.unit = yen
    if not math.isfinite(reading.value * reading.scale * reading.factor):
        return None
    return reading


def _qualifier(text: str, start: int) -> str:
    window = text[max(0, start - 24) : start].rstrip("*_")  # markdown emphasis opened after it: "~**$2.85/hr**"
    last = window.rsplit(None, 1)[-1].lower() if window.strip() else ""
    if last.lstrip("\"“‘'([{«—–-") not in _QUALIFIER_LAST_WORDS and last[-1:] not in _QUALIFIER_SIGNS:
        return "exact"  # no qualifier phrase can end here: the regex below need not run
    found = _QUALIFIER_BEFORE.search(window)
    if not found:
        return "exact"
    word = re.sub(r"\s+(?:another|an\s+additional|a\s+further|an\s+extra)$", "", found.group(0).strip().lower())
    if word[0].isalpha() and found.start() > 0 and (window[found.start() - 1].isalnum()):
        return "exact"
    if word == ">" and _TAG_END.search(window):
        return "exact"  # "<td>128k": the end of a markup tag, not "more than"
    qualifier = _QUALIFIER_OF.get(word, "exact")
    if qualifier == "approx":  # a bound before the hedge wins: "up to approximately 67 TFLOPS" is at most 67
        bound = _QUALIFIER_BEFORE.search(window, 0, found.start())
        if (
            bound
            and _QUALIFIER_OF.get(bound.group(0).strip().lower()) in ("over", "under")
            and not window[bound.end() : found.start()].strip()
        ):
            return _QUALIFIER_OF[bound.group(0).strip().lower()]
    return qualifier


class _Masks:
    """Spans that cannot hold a figure: dates, times, phone numbers, tickers, URLs ..."""

    def __init__(self, text: str):
        spans = _mask_spans(text) if _DIGIT.search(text) else []
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def covers(self, pos: int) -> bool:
        at = bisect.bisect_right(self.starts, pos) - 1
        return at >= 0 and pos < self.ends[at]

    def end_of(self, pos: int) -> int:
        at = bisect.bisect_right(self.starts, pos) - 1
        return self.ends[at]


def _number_mask(text: str, pos: int) -> re.Match[str] | None:
    """The first span of `_MASK_NUMBERS` at or after `pos`."""
    for opener in _MASK_OPENERS.finditer(text, pos):
        found = _MASK_NUMBERS.match(text, opener.start())
        if found:
            return found
    return None


def _mask_spans(text: str) -> list[tuple[int, int]]:
    """The masked spans, left to right, as one scan of both mask patterns would find them (the two never
    open at the same character: a letter against a digit, '+' or '(')."""
    spans = []
    word = _MASK_WORDS.search(text) if _may_hold_word_mask(text) else None
    number = _number_mask(text, 0)
    while word or number:
        found = word if number is None or (word is not None and word.start() < number.start()) else number
        spans.append(found.span())  # type: ignore[union-attr]
        pos = found.end()  # type: ignore[union-attr]
        if word is not None and word.start() < pos:
            word = _MASK_WORDS.search(text, pos)
        if number is not None and number.start() < pos:
            number = _number_mask(text, pos)
    return spans


def _quantity(text: str, reading: _Reading, qualifier: str) -> Quantity:
    surface = text[reading.start : reading.end]
    stripped = surface.rstrip()
    value = reading.value * reading.scale * reading.factor
    return Quantity(reading.start, reading.start + len(stripped), stripped, value, reading.unit, qualifier)


def scan(text: str, dollar: str = "USD", yen: str = "CNY") -> Iterator[Quantity]:
    """Every quantity in `text`, in order, with offsets and the qualifier written before it; a bare "$" is
    `dollar` (the text's own: `etl.extract.bare_dollar`), a "¥" `yen` (`etl.extract.bare_yen`)."""
    skip_to = 0
    for quantity, previous in _pairs(_scan(text, dollar, yen)):
        if quantity.start < skip_to:
            continue  # read below as a spread's end
        if _shares_qualifier(text, previous, quantity):
            quantity = replace(quantity, qualifier=previous.qualifier)  # type: ignore[union-attr]
        elif _range_end(text, previous, quantity) or _spread_over(text, previous, quantity):
            quantity = replace(quantity, qualifier="exact")
        yield quantity
        spread = _SPREAD.match(text, quantity.end)
        if spread:
            skip_to = spread.end()
            yield from _spread_ends(spread, quantity)


_SPREAD = re.compile(
    r"[ \t]*\((?:IQR|interquartile\s+range|(?:\d{2}(?:\.\d)?%[ \t]+)?CI|range)[ \t]*[:=,]?[ \t]*"
    r"(?P<low>\d+(?:\.\d+)?)[ \t]*[-–][ \t]*(?P<high>\d+(?:\.\d+)?)[ \t]*\)",
    re.IGNORECASE,
)
"""A figure's spread in brackets after it: "0.34 Wh (IQR: 0.18-0.67)", "12% (95% CI: 9-15)"."""


def _spread_ends(spread: re.Match[str], figure: Quantity) -> Iterator[Quantity]:
    """Both ends of a spread, in the unit and scale of the figure it qualifies."""
    written = re.search(r"\d[\d,]*(?:\.\d+)?", figure.surface)
    number = float(written.group().replace(",", "")) if written else 0.0
    factor = figure.value / number if number else 1.0
    for end in ("low", "high"):
        yield Quantity(spread.start(end), spread.end(end), spread[end], float(spread[end]) * factor, figure.unit)


_TIMES_SIGN = re.compile(r"[ \t]+[x×][ \t]+")


def products(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """Factors of a product written in brackets after the figure it restates, "289 days (118 x 2.45)":
    the first factor has the figure's unit (118 days), a bare second factor is a multiple (2.45x)."""
    kept = list(quantities)
    for index in range(1, len(kept)):
        first, second = kept[index - 1], kept[index]
        if second.unit != "count" or not _TIMES_SIGN.fullmatch(text, first.end, second.start):
            continue
        kept[index] = replace(second, unit="x")
        before = kept[index - 2] if index >= 2 else None
        restates = before is not None and re.fullmatch(r"\s*\(\s*", text[before.end : first.start])
        if first.unit == "count" and restates and before.unit != "count":  # type: ignore[union-attr]
            kept[index - 1] = replace(first, unit=before.unit)  # type: ignore[union-attr]
    return kept


_SCALED = re.compile(rf"(?<![a-z])(?:{_alternation(w for w in SCALES if len(w) > 1 and SCALES[w] >= 1e3)})\b", re.I)
"""A scale word in a figure's surface: "14 billion reais", "$2bn"; at its end, a bare amount ("5 billion")."""


def carried_currencies(quantities: list[Quantity]) -> list[Quantity]:
    """A bare scaled amount after a scaled sum of money in the same sentence is in that money: "Nearly 14
    billion reais will go to innovation, while more than 5 billion will be invested in infrastructure"."""
    kept = list(quantities)
    money: Quantity | None = None
    for index, quantity in enumerate(kept):
        scale = _SCALED.search(quantity.surface)
        if scale and quantity.unit in _MONEY:
            money = quantity
        elif scale and money and quantity.unit == "count" and scale.end() == len(quantity.surface):
            kept[index] = replace(quantity, unit=money.unit)  # no counted noun after the scale word
    return kept


def _range_end(text: str, previous: Quantity | None, quantity: Quantity) -> bool:
    """ "160 TWh up to 590 TWh": the end of a range, not a bound."""
    return (
        previous is not None
        and quantity.qualifier == "under"
        and previous.unit == quantity.unit
        and re.fullmatch(r"\s+up\s+to\s+", text[previous.end : quantity.start], re.I) is not None
    )


def spread_over(text: str, previous: Quantity | None, quantity: Quantity) -> bool:
    """ "$10 billion over five years": `quantity` is the time the figure before it is spread over."""
    return (
        previous is not None
        and quantity.unit in ("year", "month", "day")
        and _SPAN_OVER.fullmatch(text, previous.end, quantity.start) is not None
    )


def _spread_over(text: str, previous: Quantity | None, quantity: Quantity) -> bool:
    """A time spread over, written "over", is not "more than five years"."""
    return quantity.qualifier == "over" and spread_over(text, previous, quantity)


def _shares_qualifier(text: str, previous: Quantity | None, quantity: Quantity) -> bool:
    """ "over 30 industries and 400 scenarios", "more than 1,000 employees and $50 million": the qualifier covers
    both figures; so does a restatement in brackets, "~1,000 TFLOPS (1 PFLOPS)", unless it gives the exact number
    of a fraction in words."""
    if previous is None or quantity.qualifier != "exact" or previous.qualifier == "exact":
        return False
    between = text[previous.end : quantity.start]
    if re.fullmatch(r"\s*\(\s*", between):
        return _DIGIT.search(previous.surface) is not None  # "one-quarter (27 per cent)": the exact share
    if re.fullmatch(r",?\s+(?:and|or)\s+", between):
        return True  # also of another unit: "more than 1,000 employees and $50 million in revenue"
    if previous.unit != quantity.unit:
        return False
    # a list of shares or amounts, each with its place: "about 33% in the US, 16% in Europe"
    return quantity.unit != "count" and re.fullmatch(r"(?:\s+[^\s\d,.;:]+){1,8},\s+(?:and\s+)?", between) is not None


def _pairs(quantities: Iterator[Quantity]) -> Iterator[tuple[Quantity, Quantity | None]]:
    previous = None
    for quantity in quantities:
        yield quantity, previous
        previous = quantity


def _openings(text: str) -> list[int]:
    """Every position where `_START` may match, in order: a digit, a currency sign or a word of `_OPENING_WORDS`
    (a word with other than ASCII letters too, as the case-blind `_START` reads "K" as "k"). Trying `_START`
    only there finds what `_START.search` finds, which tries the whole pattern at every character. Each word
    `_OPENER` finds is looked up in a set: quicker than one case-blind alternation of the opening words, which
    tries every word of it at every character (measured on the 48 real texts)."""
    return [
        found.start()
        for found in _OPENER.finditer(text)
        if not (word := found.group()).isalpha() or not word.isascii() or word.lower() in _OPENING_WORDS
    ]


def _search_start(text: str, openings: list[int], pos: int) -> re.Match[str] | None:
    """`_START.search(text, pos)`, tried at `openings` (from `_openings(text)`) only."""
    for index in range(bisect.bisect_left(openings, pos), len(openings)):
        found = _START.match(text, openings[index])
        if found:
            return found
    return None


def _scan(text: str, dollar: str, yen: str) -> Iterator[Quantity]:
    masks = _Masks(text)
    openings = _openings(text)
    pos = 0
    while True:
        match = _search_start(text, openings, pos)
        if match is None:
            return
        if masks.covers(match.start()):
            pos = max(masks.end_of(match.start()), match.start() + 1)
            continue
        first = _read(text, match, dollar, yen)
        if first is None:
            pos = match.end()
            continue
        second = None
        if (first.unit == "count" or first.cur) and first.noun is None and first.form in ("digits", "words"):
            second = _read_range(text, first, masks, dollar, yen)
        if second is None:
            if _not_a_figure(text, first):
                pos = match.end()
                continue
            yield _quantity(text, first, first.bound or _qualifier(text, first.start))
            pos = max(first.end, match.end())
            continue
        if first.cur is None and (second.unit != "count" or second.cur):
            first.unit, first.factor = second.unit, second.factor
        if first.scale == 1.0:
            first.scale = second.scale
        qualifier = first.bound or _qualifier(text, first.start)
        if not _not_a_figure(text, first, in_range=True):
            yield _quantity(text, first, qualifier)
        if first.cur and second.unit == "count" and second.noun is None:
            second.unit = first.unit
        if not _not_a_figure(text, second, in_range=True):
            yield _quantity(text, second, second.bound or qualifier)
        pos = max(second.end, match.end())


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
