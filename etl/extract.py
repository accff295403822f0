"""Candidate figures in any text: every quantity `etl.quantities.scan` finds, with its context.

Pure functions, one document at a time: `extract(text, doc, published, gazetteer)` yields
`Candidate`s; `extract_file` streams a file of any size line by line (offsets stay those of the
whole text); the build's `candidates` table, and what curated figures already cover, is made from them in
`etl.candidates`.

Context comes from general rules, not from the seed articles:
- `qualifier`: the words written before the figure (about -> approx, over -> over, up to -> under).
- `period`: the time expression nearest the figure in its sentence ("in 2027", "by 2030", "from 2023
  to 2027", "in the first half of 2024", "by early November", "a year ago"), resolved against the
  publication date when it is relative; otherwise "currently/at present" -> the publication month,
  else the publication year.
- `entity`: the nearest name from the gazetteer (data/entities.csv) in the sentence, outside the
  attribution; else the speaker's organisation when the sentence says "we/our"; else the nearest
  name in the previous sentences of the paragraph.
- `attributed_to`: "according to X", "a report by X", "X said/estimated/predicts", "..., said X",
  a pronoun ("the consultancy estimated") -> the last source named; people are mapped to their
  organisation when the text says so ("Alibaba's CEO Wu Yongming", "Zhong Zhenshan, vice-president
  of IDC China").
- `kind`: target (aims/plans to), forecast (future tense, forecasting verbs, or a period after
  publication), estimate (estimated), else reported.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
import itertools
import os
import re
import stat
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from etl import config
from etl.candidate import Candidate
from etl.names import NameMemory, new_names, page_subject, without_leading_words, without_legal_form
from etl.quantities import CURRENCY_PREFIXES, Quantity, carried_currencies, may_hold_figure, products, scan, spread_over
from etl.tables import (
    Caption,
    LoneCell,
    TableState,
    cell_quantity,
    table_quantities,
    unflattened,
    with_lone_cells,
    with_stat_labels,
    with_year_rows,
)
from etl.timex import (
    PeriodContext,
    compound_span,
    fiscal_year_end,
    part_of,
    period_for,
    stated_period,
    time_expressions,
    with_year,
    yearless,
)
from etl.vocabulary import CURRENCIES
from etl.words import Words, first_words

MAX_SENTENCE = 2000
"""Longest sentence kept whole (characters); longer runs without a full stop are cut at a space."""
DOMINANT_MENTIONS = 2
"""Times a text must name an entity before a figure that names none is taken to be about it."""
MAX_PER_SENTENCE = 40
"""Most candidates kept from one sentence: a run of bare numbers ("1 1 1 ...") is not 8,000 figures,
and each candidate carries its sentence, so this bounds the output per sentence."""
LEAD_CHARS = 1000
"""The opening of a text (headline and lead) where it says which quarter or half it reports on."""
CHUNK_CHARS = 1 << 20
"""How much of a file is read at a time when streaming."""
MAX_UNDECIDED = 200
"""Most candidates held back while their entity waits for the page to name its subject (a footer "About X"):
past that they take the fallback, so memory stays bounded on a long text that never names one."""


# --- gazetteer -------------------------------------------------------------------------------------


class Gazetteer:
    """Names of countries, regions and companies (data/entities.csv) and the aliases they go by."""

    def __init__(
        self,
        entries: Iterable[tuple[str, Iterable[str]]],
        default: str | None = None,
        organisations: Iterable[str] = (),
        companies: Iterable[str] = (),
        localities: Iterable[str] = (),
        dollars: Mapping[str, str] | None = None,
    ):
        self.default = default
        self.localities = frozenset(localities)
        """Places below a country (states, provinces, large cities: data/places.csv): a figure's place, never what a
        whole text is about nor the country "the country" stands for."""
        self.companies = frozenset(companies)
        """Entities that are companies: one that reports a figure is usually what the figure is about."""
        """The entity of a figure that names no place or company (the one of type `global`)."""
        self.organisations = frozenset(organisations)
        """Entities that are companies or organisations (a longer name may start with theirs)."""
        self.canonical: dict[str, str] = {}
        for entity, aliases in entries:
            for name in (entity, *aliases):
                name = name.strip()
                if name and name not in self.canonical:
                    self.canonical[name] = entity
        self.places = frozenset(self.canonical.values()) - self.organisations
        """Entities that are places: countries, regions, the world."""
        self.countries = self.places - self.localities - {default}
        """Places "the country" may stand for: countries and regions."""
        self._folded = {name.casefold(): entity for name, entity in self.canonical.items()}
        self.names = frozenset(self.canonical)
        """Every name and alias the gazetteer knows."""
        self._by_first_word: dict[str, list[str]] = defaultdict(list)
        """Case-sensitive names by their first word, the longest first (a name opening with a sign is never found)."""
        for name in sorted((n for n in self.canonical if not n.islower()), key=len, reverse=True):
            first = Words(name).spans[:1]
            self._by_first_word[first[0][1] if first and first[0][0] == 0 else ""].append(name)
        self._first_words = frozenset(self._by_first_word)
        lower = [n for n in self.canonical if n.islower()]
        self._lower = self._pattern(lower)
        self._lower_stems = frozenset(name[:5] for name in lower)
        """The first letters of every lower-case alias: a sentence without any of them names none."""
        self.dollars = dict(dollars or {})
        """Each country that writes its own dollar as "$" (data/dollars.csv), with that dollar's ISO code."""
        dollar_names = sorted((n for n, e in self.canonical.items() if e in self.dollars), key=len, reverse=True)
        self.dollar_names = (
            re.compile(
                rf"(?P<us>{_US_DOLLARS})|(?<![A-Za-z])(?P<sign>{_DOLLAR_SIGNS})"
                rf"|(?<![\w&])(?:{'|'.join(map(re.escape, dollar_names))})(?![\w&])"
            )
            if dollar_names
            else None
        )
        """US dollars written apart, a dollar's own sign, or a dollar country's name (what `bare_dollar` looks for)."""
        self.local_dollar_names = tuple(n for n in dollar_names if self.dollars[self.canonical[n]] != "USD")
        """Names of the countries whose dollar is not the US dollar: a text naming none writes "$" for US dollars."""

    @staticmethod
    def _pattern(names: list[str]) -> re.Pattern[str] | None:
        """Any of the lower-case `names` in any case (the longest first where several fit), also as adverbs
        (global -> globally), standing alone: no word character or '&' on either side."""
        if not names:
            return None
        body = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        return re.compile(rf"(?<![\w&])(?:{body})(?:ly)?(?![\w&])", re.IGNORECASE)

    def cased_spans(self, text: str, words: Words | None = None) -> list[tuple[int, int]]:
        """(start, end) of each case-sensitive name standing alone in `text` (no word character or '&' on
        either side), the longest where several start at one place, left to right and not overlapping: what one
        alternation of every name would find. A name's first word is a whole word of the text, so only where the
        text writes a word that opens a name is tried, and a text none of whose words does is passed over at once."""
        opening = self._first_words.intersection((words or Words(text)).written)
        spans: list[tuple[int, int]] = []
        for start, word in sorted(_places_of(text, opening)) if opening else ():
            if spans and start < spans[-1][1]:
                continue
            for name in self._by_first_word[word]:
                if text.startswith(name, start) and not _WORD_OR_AMPERSAND.match(text, start + len(name)):
                    spans.append((start, start + len(name)))
                    break
        return spans

    @classmethod
    def from_csv(cls, path: Path) -> Gazetteer:
        """Read `entity,type,aliases` leniently: a missing file or a bad row only loses names."""
        entries: list[tuple[str, list[str]]] = []
        organisations: list[str] = []
        companies: list[str] = []
        default = None
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                for row in csv.DictReader(handle):
                    entity = (row.get("entity") or "").strip()
                    if entity:
                        entries.append((entity, (row.get("aliases") or "").split(";")))
                    kind = (row.get("type") or "").strip()
                    if kind == "global" and default is None:
                        default = entity
                    if kind in ("company", "organization"):
                        organisations.append(entity)
                    if kind == "company":
                        companies.append(entity)
        except (OSError, csv.Error, UnicodeDecodeError):
            pass
        places, dollars = (path.with_name(name) for name in config.GAZETTEER_TABLES)
        return cls(entries, default, organisations, companies, _read_places(places, entries), _read_dollars(dollars))

    def mentions(self, text: str, words: Words | None = None) -> list[tuple[int, int, str]]:
        """(start, end, entity) of every name in `text`, longest names first where they overlap."""
        found: list[tuple[int, int, str]] = []
        folded = text.lower()
        lower = self._lower if self._lower and any(map(folded.__contains__, self._lower_stems)) else None
        spans = itertools.chain(
            self.cased_spans(text, words), (m.span() for m in (lower.finditer(text) if lower else ()))
        )
        for start, end in spans:
            name = text[start:end]
            entity = self.canonical.get(name) or self._folded.get(name.casefold())
            entity = entity or self._folded[name.casefold().removesuffix("ly")]
            if (
                entity not in self.organisations
                and _NAME_GOES_ON.match(text, end)
                and not _MARKET_NAMED.match(text, end)
            ):
                continue  # part of a longer name: "China Daily", "European Centre for ..."
            if text.startswith("$", end):
                continue  # a currency sign: "US$124.7 billion", "HK$3"
            if _LANGUAGE_NAMED.match(text, end):
                continue  # a language, not the place: "Spanish-language content", "French-speaking staff"
            found.append((start, end, entity))
        found.sort(key=lambda m: (m[0], m[0] - m[1]))
        kept: list[tuple[int, int, str]] = []
        for mention in found:
            if kept and mention[0] < kept[-1][1]:
                continue
            kept.append(mention)
        return kept

    def lookup(self, name: str) -> str | None:
        """The entity a name stands for, if the gazetteer knows it."""
        name = name.strip()
        return self.canonical.get(name) or self._folded.get(name.casefold())

    def is_new(self, entity: str | None) -> bool:
        """Whether a candidate's entity is one the gazetteer does not know (the Review page offers to add it)."""
        return entity is not None and self.lookup(entity) is None


_NAME_GOES_ON = re.compile(r"[ \t]+[A-Z][a-z]")
_MARKET_NAMED = re.compile(r"(?:[ \t]+[A-Z][\w-]*){0,4}?[ \t]+(?:Market|Industry|Sector|Economy)\b")
"""After a place, title-case words that name its market, not a longer name: "The Latin America Data Center Market
reached", "The U.S. Market is Estimated at"."""
_WORD_OR_AMPERSAND = re.compile(r"[\w&]")
_US_DOLLARS = r"US\$|\bUSD\b|\bU\.?S\.?[ \t]+dollars?\b"
"""US dollars written apart from a bare "$": "US$5 billion", "USD 5 billion", "5 billion U.S. dollars"."""
_DOLLAR_SIGNS = "|".join(
    re.escape(sign) for sign in CURRENCY_PREFIXES if sign.endswith("$") and sign not in ("$", "US$")
)
"""The signs of the other dollars ("C$", "HK$"): a text that writes its dollar so writes US dollars as "$"."""
_DATELINE = re.compile(
    r"[A-Z][A-Z'’.-]+(?:[ \t][A-Z][A-Z'’.-]+)*(?:,[ \t]*[A-Z][\w.'’]*(?:[ \t][A-Z][\w.'’]*)*){0,3}"
    r"(?:[ \t]*\([^)\n]{1,40}\))?[ \t]*(?:[–—]|--?)[ \t]"
)
"""A news dateline opening a line: a city in capitals, its region or country, the agency ("BEIJING (Reuters) –")."""
_LANGUAGE_NAMED = re.compile(r"[-\u2011 ](?:language|speaking)\b")
"""After a demonym, the word that makes it a language's name."""


def _places_of(text: str, words: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(offset, word) wherever one of `words` opens in `text` after no word character or '&' (a text search
    for each word: far fewer steps than walking every word of the text)."""
    for word in words:
        start = text.find(word)
        while start >= 0:
            if not start or not _WORD_OR_AMPERSAND.match(text, start - 1):
                yield start, word
            start = text.find(word, start + 1)


def _read_places(path: Path, entries: list[tuple[str, list[str]]]) -> list[str]:
    """Add the places of `place,type,country,aliases` rows (data/places.csv, beside entities.csv) the entities lack
    to `entries`; their names. Read leniently, as entities.csv is."""
    known = {name.strip() for entity, aliases in entries for name in (entity, *aliases)}
    places: list[str] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                place = (row.get("place") or "").strip()
                if place and place not in known:
                    entries.append((place, (row.get("aliases") or "").split(";")))
                    places.append(place)
    except (OSError, csv.Error, UnicodeDecodeError):
        pass
    return places


def _read_dollars(path: Path) -> dict[str, str]:
    """The `country,currency` rows of data/dollars.csv (beside entities.csv) whose code is a currency of the
    vocabulary. Read leniently, as entities.csv is."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [
                ((row.get("country") or "").strip(), (row.get("currency") or "").strip())
                for row in csv.DictReader(handle)
            ]
    except (OSError, csv.Error, UnicodeDecodeError):
        return {}
    return {country: code for country, code in rows if country and code in CURRENCIES}


@functools.cache
def default_gazetteer() -> Gazetteer:
    return Gazetteer.from_csv(config.ENTITIES_CSV)


# --- sentences ---------------------------------------------------------------------------------------

ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "rd",
        "ave",
        "blvd",
        "inc",
        "ltd",
        "co",
        "corp",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
        "no",
        "approx",
        "fig",
        "est",
        "dept",
        "gov",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
        "rep",
        "sen",
        "gen",
        "col",
        "lt",
        "vol",
        "pp",
        "al",
    ]
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’)\]]*(?:[⁰¹²³⁴-⁹]+|(?:\[\d{1,3}\])+)?(?=\s+[\"“‘(\[]?[A-Z0-9])")
"""The end of a sentence, with its closing quotes and the reference markers after it ("... growth rate.¹ Brazil")."""
_WORD_REVERSED = re.compile(r"[\w.]+")
_LONGEST_ABBREVIATION = max(map(len, ABBREVIATIONS))
_LIST_MARKER = re.compile(r"\s*(?:\d{1,2}|[a-zA-Z])")


def _abbreviation_before(line: str, start: int, end: int) -> bool:
    """Whether the word before `end` (not before `start`) is an abbreviation or an initial: only the last
    characters are read, as a longer word is neither."""
    window = line[max(start, end - _LONGEST_ABBREVIATION - 1) : end][::-1]
    found = _WORD_REVERSED.match(window)
    word = found.group(0)[::-1].lower() if found else ""
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def sentences(line: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence in one line of text, stripped of surrounding spaces."""
    start = 0
    for match in _SENTENCE_END.finditer(line):
        if _abbreviation_before(line, start, match.start()):
            continue  # Mr. Fan, U.S. policy, J. Smith
        if _LIST_MARKER.fullmatch(line, start, match.start()):
            continue  # a list marker "1. " stays with its item
        yield from _capped(line, start, match.end())
        start = match.end()
    yield from _capped(line, start, len(line))


def _stripped(line: str, start: int, end: int) -> tuple[int, int]:
    """`line[start:end]` without the spaces around it, as (start, end); str.strip finds them, not a loop."""
    part = line[start:end]
    inner = part.strip()
    if not inner:
        return end, end
    start += part.find(inner)
    return start, start + len(inner)


def _capped(line: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    start, end = _stripped(line, start, end)
    while end - start > MAX_SENTENCE:
        cut = line.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        yield start, cut
        start = _stripped(line, cut, end)[0]
    if end > start:
        yield start, end


# --- attribution ------------------------------------------------------------------------------------

_NAME_TOKEN = r"(?:[A-Z]|\d+[A-Za-z])[\w&.'’-]*"
_ORG = rf"{_NAME_TOKEN}(?:\s+(?:(?:of|and|for|&)\s+(?:the\s+)?)?{_NAME_TOKEN}){{0,8}}"
_PERSON = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}"
_VERBS = (
    r"said|says|estimated|estimates|predicted|predicts|forecast|forecasts|projected|projects|expects|"
    r"noted|notes|stated|states|reported|reports|found|finds|showed|shows|indicated|indicates|believes|believed|"
    r"announced|announces|revealed|reveals|added|adds|pointed\s+out|mentioned|emphasized|emphasised|explained|"
    r"wrote|writes|told|estimate|predict|expect|show|find|say"
)
_SOURCE_NOUNS = "report|survey|study|paper|analysis|data|figures|statistics|research|index"
"""What a source publishes: "a report by X", "X's survey found"."""
_ACCORDING = re.compile(r"\b(?:according\s+to|as\s+per)\s+(?P<rest>[^,;.]*(?:\.(?=\w)[^,;.]*)*)", re.I)
_BY_SOURCE = re.compile(
    rf"\b(?:{_SOURCE_NOUNS}|forecast),?\s+"
    r"(?:(?:released|published|issued|compiled|conducted|produced|commissioned|carried\s+out)\s+(?:[a-z]+\s+){0,3}?)?"
    r"(?:by|from)\s+(?P<rest>[^,;.]*)",
    re.I,
)
_CO_SOURCE = re.compile(rf"\s+and\s+(?:[a-z][\w-]*\s+){{0,4}}{_ORG}")
"""A second source after the first ("conducted by Wharton and marketing consulting firm GBK Collective")."""
_SUBJECT_VERB = re.compile(
    rf"(?P<org>{_ORG})(?:['’]s)?\s+(?:(?:latest|recent|new|annual)\s+)?"
    rf"(?:(?:report|survey|study|data|analysis|research|white\s+paper|estimates?)\s+)?(?:{_VERBS})\b"
)
_APPOSITIVE_VERB = re.compile(rf"(?P<org>{_PERSON}),\s+[^,;]{{3,100}},\s+(?:{_VERBS})\b")
_SAID = r"said|says|according\s+to|noted|added|stated"
_SAID_NAME = re.compile(rf"\b(?:{_SAID})\s+(?P<org>{_PERSON})\b")
_PRONOUN = re.compile(
    rf"\b(?:he|she|they|it|the\s+(?:report|company|consultancy|firm|white\s+paper|survey|study|paper|agency|group"
    rf"|bank|ministry|research|institute|analysts?))\s+(?:also\s+)?(?:{_VERBS})\b",
    re.I,
)
_ORG_IN = re.compile(rf"(?P<org>{_ORG})(?:\s+\((?P<acr>[A-Z][\w&.-]+)\))?")
_ROLE = (
    r"(?:CEO|CTO|CFO|COO|founder|co-founder|chairman|chairwoman|president|vice-president|director|partner|"
    r"chief\s+[\w ]{0,30}?officer|head|manager|general\s+manager|executive\s+director|spokesperson|analyst|"
    r"economist|researcher|professor|lead|[\w-]+\s+director|overseas\s+partner|managing\s+partner)"
)
_PERSON_ORG = [
    (
        re.compile(rf"(?P<org>{_ORG})['’]s\s+(?:[\w-]+\s+){{0,3}}?(?i:{_ROLE})\s+(?P<person>{_PERSON})"),
        "'’",
        None,
    ),
    (
        re.compile(
            rf"(?P<person>{_PERSON}),\s+(?:the\s+)?[^.;:]{{0,80}}?\b(?:of|at)\s+(?:the\s+)?(?P<org>{_ORG})"
            rf"(?:\s+\((?P<acr>[A-Z][\w&.-]+)\))?"
        ),
        ",",
        frozenset(("of", "at")),
    ),
    (
        re.compile(
            rf"\b(?:I\s+am|I'm)\s+(?P<person>{_PERSON})\s+from\s+(?:the\s+)?(?P<org>{_ORG})"
            rf"(?:\s+\((?P<acr>[A-Z][\w&.-]+)\))?"
        ),
        "I",
        frozenset(("I",)),
    ),
    (
        re.compile(
            rf"(?P<org>{_ORG})\s+(?:[\w-]+\s+){{0,3}}?(?i:{_ROLE})\s+(?:Mr\.|Ms\.|Mrs\.|Dr\.)\s*(?P<person>{_PERSON})"
        ),
        ".",
        frozenset(("Mr", "Ms", "Mrs", "Dr")),
    ),
]
"""Who works for whom ("Alibaba's CEO Wu Yongming", "Zhong Zhenshan, vice-president of IDC China"), each pattern with
the characters one of which it needs and the words, as written, one of which it needs (None: any)."""
_OFFICER = re.compile(
    rf"\b(?:CEO|CFO|CTO|COO|[Cc]hief\s+(?:[Ee]xecutive|[Ff]inancial|[Tt]echnology|[Oo]perating)(?:\s+[Oo]fficer)?|"
    rf"[Ff]ounder|[Cc]o-founder|[Cc]hairman|[Cc]hairwoman)\s+(?P<person>{_PERSON})\b"
)
"""A company officer named by title alone ("CEO Sundar Pichai"): works for the company the text is about."""
_OFFICER_WORDS = frozenset(
    ("CEO", "CFO", "CTO", "COO", "Chief", "chief", "Founder", "founder", "Co", "co", "Chairman", "chairman",
     "Chairwoman", "chairwoman")
)  # fmt: skip
"""The words, as written, one of which `_OFFICER` needs."""
_A_PERSON = re.compile(_PERSON)
_ROLE_STEMS = (
    "ceo", "cto", "cfo", "coo", "founder", "chair", "president", "director", "partner", "officer", "head", "manager",
    "spokes", "analyst", "economist", "researcher", "professor", "lead",
)  # fmt: skip
"""Pieces of the words that give someone's role ("vice-president", "spokesperson"), in lower case: a sentence
with none of them, and no "I am", says whom no one works for."""
_I_AM = re.compile(r"\b(?:I\s+am|I'm)\b")
_OFFICES = (
    "minister", "Minister", "President", "president", "Chancellor", "Secretary", "Senator", "Governor", "Mayor",
    "Premier", "King", "Queen", "Prince", "Sheikh", "Emir", "Commissioner", "Representative",
)  # fmt: skip
"""Public offices, as written before a person's name; a sentence holds one of them if `_OFFICE_HOLDER` matches."""
_OFFICE_HOLDER = re.compile(
    rf"\b(?:Prime|Deputy|Vice|Crown|Foreign|Finance|Trade|Digital|Technology)?\s*(?:{'|'.join(_OFFICES)})"
    rf"\s+(?P<person>{_PERSON})\b"
)
"""A person named with a public office ("Prime minister Keir Starmer", "President Donald Trump"): never an
organisation, though a headline's "Starmer's AI revolution" reads like one."""
_OFFICE_WORDS = frozenset(_OFFICES)
_VERB_WORDS = first_words(_VERBS)
_ATTRIBUTION_WORDS = _VERB_WORDS | first_words(_SOURCE_NOUNS)
"""Words one of which every attribution pattern needs (besides "according"): a sentence with none names no source."""
_ACCORDING_WORDS = frozenset(("according", "per"))  # "according to X", "as per X"
_BY_SOURCE_WORDS = first_words(f"{_SOURCE_NOUNS}|forecast")
"""The words, in lower case, one of which `_ACCORDING` or `_BY_SOURCE` needs."""
_SAID_WORDS = first_words(_SAID)
"""The words, as written, one of which `_SAID_NAME` needs."""
_SPEAKER = re.compile(r"^\s*(?:Moderator\s*\(\s*)?(?P<name>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})\s*\)?\s*[:：]")
_BULLET = re.compile(r"\s*(?:[•·*▪◦]|-\s|\d{1,2}[.)]\s)")
_FIRST_PERSON = frozenset(("we", "our", "us", "i", "my"))
"""Words of a speaker about themselves, in lower case."""
_LEADING_LOWER = re.compile(r"^(?:(?:[a-z][\w-]*|\d[\w-]*)\s+)*?(?=[A-Z0-9])")


@dataclass
class _DocState:
    """What earlier text of the same document says: who people work for, who spoke last."""

    people: dict[str, str] = field(default_factory=dict)
    ambiguous: set[str] = field(default_factory=set)
    last_source: str | None = None
    speaker: str | None = None
    named: dict[str, str] = field(default_factory=dict)  # names the text introduced, to their entity
    subject: str | None = None  # the last organisation a sentence was about: what "the company" refers to
    country: str | None = None  # the last country or region named: what "the country's" refers to
    office_holders: set[str] = field(default_factory=set)  # people named with a public office, and their surnames

    def learn(self, person: str, org: str) -> None:
        for key in (person, *person.split()):
            if len(key) < 2:
                continue
            if key in self.people and self.people[key] != org:
                self.ambiguous.add(key)
            self.people[key] = org

    def short_for(self, name: str) -> str | None:
        """The entity of a longer name the text introduced earlier that `name` opens: "Sakana" after "Sakana AI"."""
        return next((entity for full, entity in self.named.items() if full.startswith(f"{name} ")), None)

    def organisation_of(self, name: str) -> str | None:
        if name in self.people and name not in self.ambiguous:
            return self.people[name]
        for token in name.split():
            if token in self.people and token not in self.ambiguous:
                return self.people[token]
        return None


def _clean_org(name: str, acronym: str | None, gazetteer: Gazetteer) -> str:
    name = re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.I).rstrip(".'’")
    name = re.sub(r"['’]s$", "", name)
    for candidate in (acronym, name):
        if candidate and gazetteer.lookup(candidate):
            return gazetteer.lookup(candidate) or candidate
    for start, end, entity in gazetteer.mentions(name):
        if end - start >= len(name) * 0.8 or (start == 0 and entity in gazetteer.organisations):
            return entity  # "Alibaba Cloud Intelligence", "IDC China", "Meridian Capital Overseas"
    return acronym or without_legal_form(name)  # "Scout AI Inc. announced": Scout AI


def _org_after(rest: str, gazetteer: Gazetteer) -> tuple[str, int, int] | None:
    """The first capitalised name in a phrase such as 'a report released by global research firm IDC'."""
    lead = _LEADING_LOWER.match(rest)
    offset = lead.end() if lead else 0
    found = _ORG_IN.match(rest, offset)
    if not found:
        return None
    return _clean_org(found["org"], found["acr"], gazetteer), found.start(), found.end()


def _learn_people(sentence: str, words: Words, state: _DocState, gazetteer: Gazetteer) -> None:
    for match in _OFFICE_HOLDER.finditer(sentence) if words.has(_OFFICE_WORDS) else ():
        state.office_holders.update((match["person"], match["person"].split()[-1]))
    lower = sentence.lower()
    if not any(map(lower.__contains__, _ROLE_STEMS)) and not (
        ("i am" in lower or "i'm" in lower) and _I_AM.search(sentence)
    ):
        return
    if not _A_PERSON.search(sentence):
        return  # every pattern of _PERSON_ORG and _OFFICER names a person; half the role words come without one
    for pattern, characters, needed in _PERSON_ORG:
        if not any(map(sentence.__contains__, characters)) or (needed and not words.has(needed)):
            continue
        for match in pattern.finditer(sentence):
            org = _clean_org(match["org"], match.groupdict().get("acr"), gazetteer)
            state.learn(match["person"], org)
    for match in _OFFICER.finditer(sentence) if state.subject and words.has(_OFFICER_WORDS) else ():
        if state.organisation_of(match["person"]) is None:
            state.learn(match["person"], state.subject or "")  # "CEO Sundar Pichai": of the company last named


def attribution(
    sentence: str, words: Words, state: _DocState, gazetteer: Gazetteer
) -> tuple[str | None, tuple[int, int] | None]:
    """Who the sentence says produced its numbers, and where that name is written."""
    if not words.has(_ATTRIBUTION_WORDS) and not words.contain("according") and not words.has_folded(_ACCORDING_WORDS):
        return None, None
    for pattern, needed in ((_ACCORDING, _ACCORDING_WORDS), (_BY_SOURCE, _BY_SOURCE_WORDS)):
        match = pattern.search(sentence) if words.has_folded(needed) else None
        if match:
            start = match.start()
            if pattern is _ACCORDING:  # "according to a July report by X": X, not the month
                match = _BY_SOURCE.search(sentence, match.start("rest"), match.end("rest")) or match
            found = _org_after(match["rest"], gazetteer)
            if found:
                name = found[0]  # the span ends with the source's name (or a second one's), not with the clause
                end = match.start("rest") + found[2]
                also = _CO_SOURCE.match(sentence, end) if pattern is _BY_SOURCE else None
                return state.organisation_of(name) or name, (start, also.end() if also else end)
    for match in _SUBJECT_VERB.finditer(sentence) if words.has(_VERB_WORDS) else ():
        org = match["org"]
        lead = _LEADING_LOWER.match(org)
        if org.split()[0] in {"The", "A", "An", "This", "It", "He", "She", "They", "We", "I"} and len(org.split()) == 1:
            continue
        name = org[lead.end() :] if lead else org
        name = without_leading_words(name)
        if not name or (not name[0].isupper() and not name[0].isdigit()):
            continue
        person_org = state.organisation_of(name)
        described = re.search(r"(?:^|[,;:(—–]\s*)((?:[a-z][\w-]*\s+){1,5})$", sentence[: match.start("org")])
        start = described.start(1) if described else match.start("org")  # "global consultancy Accenture said"
        return person_org or _clean_org(name, None, gazetteer), (start, match.end("org"))
    match = _APPOSITIVE_VERB.search(sentence) if words.has(_VERB_WORDS) else None
    if match:  # "Li Wei, General Manager of Huawei Cloud, stated"
        name = match["org"]
        return state.organisation_of(name) or name, (match.start(), match.end())
    match = _SAID_NAME.search(sentence) if words.has(_SAID_WORDS) else None
    if match:
        name = match["org"]
        return state.organisation_of(name) or name, (match.start("org"), match.end("org"))
    if state.last_source and words.has_folded(_VERB_WORDS) and _PRONOUN.search(sentence):
        return state.last_source, None
    return None, None


# --- kind -------------------------------------------------------------------------------------------

_TARGET = re.compile(
    r"\b(?:aims?|aiming|aimed|plans?|planning|planned|strives?|striving|intends?|intending|seeks?|seeking|"
    r"targets?|targeting|targeted|vows?|pledged?|pledges)\s+to\b|\btarget(?:s|ed)?\s+of\b|\bgoal\s+of\b",
    re.I,
)
_FORECAST = re.compile(
    r"\b(?:will|shall|won't|going\s+to)\b|['’]ll\b|\b(?:expected|forecast|forecasted|projected|predicted|poised|"
    r"set|likely|anticipated)\s+to\b|\bpredict(?:s|ed|ing)?\b|\bforecast(?:s|ed|ing)?\b|\bprojections?\b|\boutlook\b",
    re.I,
)
_ESTIMATE = re.compile(r"\bestimat\w*", re.I)
_STEMS = {
    _TARGET: ("aim", "plan", "striv", "intend", "seek", "target", "vow", "pledge", "goal"),
    _FORECAST: (
        "will", "shall", "won", "going", "ll", "expected", "forecast", "projected", "predict", "poised", "set",
        "likely", "anticipated", "projection", "outlook",
    ),
    _ESTIMATE: ("estimat",),
}  # fmt: skip
"""How the first word of everything each pattern finds begins, in lower case ("won" of "won't", "ll" of
"we'll"): a sentence with no word that begins so has none of the pattern's words."""


def _says(pattern: re.Pattern[str], sentence: str, words: Words) -> bool:
    """A word of `pattern` used as a word, not inside a capitalised name ("Weather Forecasts"); the sentence's
    words are first checked for how the pattern's words begin (_STEMS), which is much quicker."""
    stems = _STEMS[pattern]
    if not any(map(words.folded_text.__contains__, stems)) or not any(word.startswith(stems) for word in words.folded):
        return False
    return any(m.start() == 0 or not m.group(0)[0].isupper() for m in pattern.finditer(sentence))


@dataclass(frozen=True)
class _Verbs:
    """What a sentence's verbs say about its figures, read once per sentence."""

    target: bool
    forecast: bool
    estimate: bool

    @classmethod
    def of(cls, sentence: str, words: Words) -> _Verbs:
        says = [_says(pattern, sentence, words) for pattern in (_TARGET, _FORECAST, _ESTIMATE)]
        return cls(*says)

    def kind(self, period: str | None, published: dt.date | None) -> str:
        if self.target:
            return "target"
        if self.forecast or (period and published and period[:4].isdigit() and int(period[:4]) > published.year):
            return "forecast"
        return "estimate" if self.estimate else "reported"


def kind_of(sentence: str, period: str | None, published: dt.date | None) -> str:
    """target, forecast, estimate or reported, from the sentence's verbs and the figure's period."""
    return _Verbs.of(sentence, Words(sentence)).kind(period, published)


# --- extraction -------------------------------------------------------------------------------------


_NEWS_ROUND = re.compile(
    r"\b(?:funding|financing|investment|series\s+[a-h])\s+round\b|\bround\s+of\s+funding\b"
    r"|\b(?:million|billion|[mb]n?)\s+(?:round|series\s+[a-h])\b|\b(?:post|pre)-money\s+valuation\b"
    r"|\braised\s+\S+(?:\s+(?:million|billion))?\s+at\s+an?\s+\S+(?:\s+(?:million|billion))?\s+valuation\b",
    re.I,
)
_EARLIER_ROUND = re.compile(r"\b(?:previous|prior|earlier|last|first|past)\b", re.I)
_ROUND_WORDS = frozenset(("round", "series", "valuation"))


def _news_round(sentence: str, words: Words) -> bool:
    """Whether a sentence reports a funding round as the news ("Sakana has completed a $135 million funding round", "led
    a $225 million round into X", "a $170 million Series A", "raised $150 million at a $1.7 billion valuation", "its
    post-money valuation"), not an earlier one ("The previous $6bn Series B funding round"): without a time of its own,
    a round is of the month a dated text was published, as the labels date a round "this week"."""
    return words.has_folded(_ROUND_WORDS) and bool(_NEWS_ROUND.search(sentence)) and not _EARLIER_ROUND.search(sentence)


def _may_state_time(sentence: str, words: Words) -> bool:
    """Whether a sentence may state a time (a sentence without figures is read for its time only then): a digit,
    "quarter" inside a word (any case), a word ending in a letter and "day" ("Monday", "today"); what the pattern
    `\\d|quarter|[a-z]day\\b` (case-blind) finds, read from the sentence's words."""
    return (
        _DIGIT.search(sentence) is not None
        or "quarter" in words.folded_text
        or ("day" in words.folded_text and any(w.endswith("day") and "a" <= w[-4:-3] <= "z" for w in words.folded))
    )


_OPENING_PHRASE = r"(?:\s*\([^)]{1,30}\)\s*[-–—]?\s*)?[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,5},\s+"
_DATELINE_LEAD = re.compile(r"(?:\s*\([^)]{1,30}\)\s*[-–—]?\s*)?(?:The\s+)?")
"""A dateline "(Reuters) -" and an article before a sentence's subject."""
_PHRASE_LEADS = (
    re.compile(rf"{_OPENING_PHRASE}(?:the\s+)?"),
    re.compile(rf"{_OPENING_PHRASE}[a-z][\w'’-]*(?:\s+[\w'’-]+){{0,5}},\s+(?:the\s+)?"),
)
"""One or two opening phrases before a sentence's subject, each ending at a comma ("Looking ahead,", "In 2024,", "A
day later, during an event in Bengaluru,"), and an article."""
_DESCRIPTION = re.compile(r"(?:[a-z][\w-]*\s+){0,2}")
"""Up to two lower-case words of description between a lead and the subject ("rival Nvidia's shares")."""


@functools.lru_cache(maxsize=8)
def _subject_starts(sentence: str) -> tuple[int, ...]:
    """Where the sentence's subject may start: its start (a name standing for one: "The company formed"), after its
    `_DATELINE_LEAD`, and after each of `_PHRASE_LEADS` that opens it, only in a sentence with a comma (read once for
    every figure and name of a sentence)."""
    leads = (_DATELINE_LEAD, *_PHRASE_LEADS) if "," in sentence else (_DATELINE_LEAD,)
    return (0, *(opening.end() for lead in leads if (opening := lead.match(sentence)) is not None))


def _subject(sentence: str, mentions: list[tuple[int, int, str]]) -> tuple[int, int, str] | None:
    """The name a sentence opens with (its grammatical subject), if any."""
    for start in _subject_starts(sentence) if mentions else ():
        for mention in mentions:
            if mention[0] >= start and _DESCRIPTION.fullmatch(sentence, start, mention[0]):
                return mention
    return None


def _at_opening(sentence: str, span: tuple[int, int] | None) -> bool:
    """Whether a name written at `span` is the sentence's subject ("Arm reported", not "according to Arm")."""
    if span is None:
        return True
    return any(
        span[0] >= start and _DESCRIPTION.fullmatch(sentence, start, span[0]) for start in _subject_starts(sentence)
    )


def _subject_before(
    quantity: Quantity, sentence: str, first: tuple[int, int, str] | None
) -> tuple[int, int, str] | None:
    """The name the sentence opens with (`first`, its grammatical subject) when it states the figure later in the
    same clause: "TSMC will add 100,000 wafers a month for Nvidia" is TSMC's figure."""
    inside = first is not None and first[1] <= quantity.start
    return first if inside and first and not re.search(r"[;:]", sentence[first[1] : quantity.start]) else None


_GROUPS = (
    "start-?ups|companies|firms|businesses|enterprises|utilities|investors|hyperscalers|operators|vendors|"
    "providers|developers|manufacturers|makers|organi[sz]ations|governments|countries|consumers|households|users"
)
_GROUP_SUBJECT = re.compile(
    r"(?:(?:In|By|During|For|Over|Since|Last|This|Meanwhile|Overall)\b[^,]{0,40},\s+)?"
    r"(?:(?!(?i:to|from|of|for|by|with|in|on|at|than)\b)[\w-]+\s+){0,3}?"
    rf"(?i:{_GROUPS})\s+(?:have\s+|had\s+|also\s+)?[a-z]+(?:ed|s)?\b"
)
"""A sentence whose subject is a group of organisations or people ("AI startups raised ...", "Chinese
companies spent ..."): its figures name no one company, so they are not the page's subject's."""
_GROUP_WORDS = frozenset(
    ("start", "startups", "organisations", "organizations", *(w for w in _GROUPS.split("|") if w.isalpha()))
)
"""The words, in lower case, one of which a sentence `_GROUP_SUBJECT` matches holds: its group noun stands between
spaces (or opens the sentence), "start-ups" as "start"."""


def _group_subject(sentence: str, words: Words) -> bool:
    """Whether a sentence's subject is a group (`_GROUP_SUBJECT`), its pattern tried only if it holds a group noun."""
    return words.has_folded(_GROUP_WORDS) and _GROUP_SUBJECT.match(sentence) is not None


_DIGIT = re.compile(r"\d")
_ONE_OF = re.compile(r"\bone\s+of\s+(?:the\s+)?$", re.I)
_CLASS_OF = re.compile(r"['’]s?\s+(?:[a-z]+est|most|top)\b")
"""A name ranked among ("one of Japan's largest data centers"): the class, not whose the figure is."""
_WE_BETWEEN = re.compile(r"\b(?:we|our|us)\b", re.I)
"""A speaker's "we" between a name and the figure: the figure is the speaker's ("when Facebook released SAM,
we integrated it in two weeks")."""


_PARTY_AFTER = re.compile(r"\b(?:from|with|such\s+as|like|including|among)\s+(?:[\w'’-]+,?\s+(?:and\s+)?){0,6}$")
"""Words before a name after the figure that make it another party (a client, a buyer, a partner) rather
than the figure's owner: "revenue totaled $3 billion, driven by demand from clients such as Nvidia"."""
_PARTNER = re.compile(
    r"\b(?:partnership|agreement|deal|contract|collaboration|alliance|partner(?:ed|ing|s)?)\s+with\s+$", re.I
)
"""Words before a name that make it a partner of whom the text is about, on either side of the figure: "It also
entered a partnership with Amazon Web Services (AWS), involving over $5 billion"."""
_INVESTEE = re.compile(
    r"\b(?:(?:investments?|stakes?|invest(?:s|ed|ing)?(?:\s+\S+)?|(?P<round>round))\s+(?:in|into|for)"
    r"|acquir(?:e|es|ed|ing)|(?:acquisition|takeover|purchase)\s+of|buy(?:s|ing)?|bought)\s+(?:the\s+)?"
    r"(?:(?:[\w-]+\s+){0,3}?(?:startup|start-up|company|firm|developer|lab|operator|maker|provider)\s+)?$",
    re.I,
)
"""Words before a name that make it what is invested in or bought, not who invests: "their $13 billion investment
in OpenAI", "invest $500m in AI infrastructure startup Nscale", "agreed to acquire data centre operator AirTrunk for
A$24 billion", "its A$8.9 billion takeover of casino operator Crown Resorts"; a round's, when the investor's stake
follows ("led a series C round for Mistral with a €1.3bn investment", but "the $14.3bn round for Scale AI" is Scale
AI's)."""


_ROUND_FOR = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:round|series\s+[a-h]|raise)(?:\s+(?:round|financing|funding))?\s+(?:in|into|for)\s+"
    r"(?:(?:[\w-]+\s+){0,3}?(?:startup|start-up|company|firm|developer|lab|operator|provider|designer)\s+)?",
    re.I,
)
"""Between a round's amount and the organisation it is raised by: "a $225 million round into Cerebras", "a $40 million
Series A for AI startup Orbo": the figure is that organisation's, whoever led or joined the round."""


def _other_party(
    sentence: str,
    quantity: Quantity,
    mention: tuple[int, int, str],
    subject: str | None,
    investor: str | None,
    places: frozenset[str],
) -> bool:
    """Whether an organisation is another party than the figure's owner, when the text is about someone else
    (`subject`, or the sentence's `investor`): a client after the figure ("demand from clients such as Nvidia"),
    a partner ("a partnership with Amazon Web Services, involving over $5 billion"), what is invested in ("their
    $13 billion investment in OpenAI", "a stake in X")."""
    start, end, entity = mention
    if subject and entity not in places:
        if start >= quantity.end and _PARTY_AFTER.search(sentence, quantity.end, start):
            return True
        if _PARTNER.search(sentence, max(0, start - 40), start):
            return True
    invested = _INVESTEE.search(sentence, max(0, start - 60), start) if investor and entity != investor else None
    return bool(invested and (invested["round"] is None or end <= quantity.start))


def _entity_for(
    quantity: Quantity,
    sentence: str,
    mentions: list[tuple[int, int, str]],
    recent: list[list[tuple[int, int, str]]],
    default: str | None = None,
    subject: str | None = None,
    places: frozenset[str] = frozenset(),
    speaker: str | None = None,
    opening: tuple[int, int, str] | None = None,
    localities: frozenset[str] = frozenset(),
) -> str | None:
    """The nearest name in the sentence, on the same side of any ';' or ':' if possible, skipping the
    world as a share's whole ("9 percent of the global market"); else the first name of a recent sentence.
    A place named inside a count is the count's ("seven Chinese ministries"); an organisation, the maker of what
    is counted ("4096 Nvidia GPUs"), only when the sentence names no one else (the buyer, the receiver).
    An organisation named after the figure as another party (_PARTY_AFTER) loses to `subject`, what the
    text was last about; a place does not ("36 percent from China"). A name across a ';' or ':' loses to
    `speaker`, the organisation of a speaker saying "we" ("We have two shareholders: Weimob, ... in Hong Kong"), and
    so does a name with the speaker's "we" between it and the figure. `opening`: the sentence's subject among
    `mentions` (`_subject`), found once for all its figures."""
    best: tuple[tuple[int, int, int, int], str] | None = None
    parties: set[str] = set()
    world_whole = False  # the world named as the whole of a share after the figure: "1% to 1.5% of global electricity"
    opening = _subject_before(quantity, sentence, opening)
    opens = opening is not None
    investor = subject or (opening[2] if opening else None)
    maker = None
    for start, end, entity in mentions:
        if start < quantity.end and end > quantity.start:
            if quantity.unit == "count" and entity in places:
                return entity  # named inside the figure: "seven Chinese ministries"
            maker = maker or (entity if quantity.unit == "count" else None)  # "4096 Nvidia H100 GPUs": who made them
            continue
        between = sentence[end : quantity.start] if end <= quantity.start else sentence[quantity.end : start]
        if start >= quantity.end and entity not in places and _ROUND_FOR.fullmatch(between):
            return entity  # "The firm co-led a $170 million Series A into Starcloud": the round is Starcloud's
        if entity == default and quantity.unit == "%" and _SHARE_OF.search(sentence, max(0, start - 16), start):
            world_whole = world_whole or start >= quantity.end
            continue  # the whole a share is taken of ("6.6% of global GDP"), not whose share this or another is
            # (an amount may be the world's: "2 per cent of global AI spending of $151.4 billion")
        if start >= quantity.end and re.search(r"\bthan\s+(?:the\s+)?$", between):
            continue  # the base of a comparison: "12 times more than China"
        if entity in places and (
            _OWNED_PLACE.search(sentence, max(0, start - 16), start)
            or (
                (
                    _SEGMENT_PLACE.search(sentence, max(0, start - 24), start)
                    or _PRESENT_IN.search(sentence, max(0, start - 80), start)
                )
                and any(m[2] not in places for m in mentions)
            )
        ):
            continue  # "invest £1.15bn into its UK business", "Nvidia said revenue from China fell", "X is present in
            # Japan and Singapore, with 800 MW": where the owner's business is, not whose the figure is
        if entity in localities and (
            _VENUE_BEFORE.search(sentence, max(0, start - 60), start) or _VENUE_AFTER.match(sentence, end)
        ):
            continue  # "announced at a summit in Beijing", "Directions 2026 in Beijing, where ... gathered": a venue
        if entity in parties or _other_party(sentence, quantity, (start, end, entity), subject, investor, places):
            parties.add(entity)  # named again: "Amazon Web Services (AWS)"
            continue
        if _CLASS_OF.match(sentence, end) and _ONE_OF.search(sentence, max(0, start - 12), start):
            continue  # the class a superlative ranks in: "making it one of Japan's largest"
        if entity == default and start >= quantity.end and not between.strip():
            return entity  # "23% globally", "12 GW worldwide"
        if entity == default and start >= quantity.end and _DIGIT.search(between):
            continue  # "the world" after another figure is that figure's: "(66% vs. 49% globally)"
        later = opens and start >= quantity.end  # a name after the figure loses to the sentence's subject
        comma = "," in between  # "33% in the United States, 16% in Europe": Europe's, after the figure
        across = re.search(r"[;:]", between) or (speaker and _WE_BETWEEN.search(between))  # "when X did, we ..."
        rank = (1 if across else 0, 1 if later else 0, 1 if comma else 0, len(between))
        if best is None or rank < best[0]:
            best = (rank, entity)
    if best:
        return speaker if speaker and best[0][0] else best[1]
    if world_whole and not parties:
        return default  # a share of the world's whole naming no one else: "data centres used 1% of global electricity"
    if parties:
        return subject or investor
    if maker:
        return maker  # the maker of what is counted, when the sentence names no one else
    for earlier in reversed(recent):
        if earlier:
            return earlier[0][2]
    return None


_OWNED_PLACE = re.compile(r"\b(?:its|their|our)\s+(?:(?:first|second|third|new|largest|biggest|own)\s+)?$", re.I)
"""Right before a place that says where an owner's business is: "its UK business", "their US data centres"."""
_SEGMENT_PLACE = re.compile(
    r"\b(?:revenues?|sales|income|shipments|orders|bookings)\s+(?:from|in)\s+(?:the\s+)?$", re.I
)
"""Right before a place that is a segment of a company's business named in the sentence ("revenue from China")."""
_PRESENT_IN = re.compile(
    r"\b(?:present|operates|operating|operations|presence|active)\s+(?:in|across)\s+"
    r"(?:[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*(?:,\s*|\s+and\s+|\s*&\s*))*$"
)
"""Right before a place of a list saying where an organisation the sentence names does business ("AirTrunk is present
in Australia, Japan and Singapore")."""
_VENUE_BEFORE = re.compile(
    r"\b(?:conference|forum|summit|expo|exhibition|congress|convention|fair|festival|ceremony|event|meeting|held|hosted"
    r"|took\s+place)\b[^,.;]{0,40}?\bin\s+$",
    re.I,
)
_VENUE_AFTER = re.compile(r",\s+where\b")
"""Around a city or state where an event took place: the place of the event, not whose its figures are."""
_SHARE_OF = re.compile(r"(?:%|\bper\s?cent)\s+of\s+(?:the\s+)?$", re.I)
"""Right before the world named as the whole a share is taken of: "6.6% of global GDP", "2 per cent of the world's"."""


_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)")
"""What joins the items of a list: "Japan and Canada", "A, B and C", "67% and 64%"."""
_RESPECTIVELY = re.compile(r"\)?,?\s*respectively\b")


def _respective_names(
    sentence: str, quantities: list[Quantity], mentions: list[tuple[int, int, str]]
) -> dict[int, str]:
    """Figures listed with "respectively" after a list of as many names: each figure is the name's in the same
    place ("Germany and India (67% and 64%, respectively)", "Japan and Canada ... 1.0% and 4.7% respectively")."""
    owners: dict[int, str] = {}
    for last, quantity in enumerate(quantities):
        if not _RESPECTIVELY.match(sentence, quantity.end):
            continue
        first = last
        while first > 0 and _LIST_JOIN.fullmatch(sentence, quantities[first - 1].end, quantities[first].start):
            first -= 1
        names = _listed_names([m for m in mentions if m[1] <= quantities[first].start], sentence)
        if last > first and len(names) == last - first + 1:
            owners.update((quantities[i].start, name) for i, name in zip(range(first, last + 1), names, strict=True))
    return owners


def _listed_names(mentions: list[tuple[int, int, str]], sentence: str) -> list[str]:
    """The entities of the last list of names among `mentions` (names joined by commas and "and")."""
    listed: list[str] = []
    for index in range(len(mentions) - 1, -1, -1):
        listed.insert(0, mentions[index][2])
        if index == 0 or not _LIST_JOIN.fullmatch(sentence, mentions[index - 1][1], mentions[index][0]):
            break
    return listed


def _in_cells(
    sentence: str, row: list[tuple[int, int]], header: list[str], start: int, end: int, quantities: list[Quantity]
) -> tuple[list[Quantity], dict[int, str]]:
    """Quantities of a sentence that is (part of) a table row, read cell by cell with the headers
    (only when the sentence holds the whole row, so that cells line up with header columns)."""
    inside = [(a - start, b - start) for a, b in row if start <= a and b <= end]
    if len(inside) != len(row):
        return quantities, {}
    found, periods = table_quantities(sentence, inside, header, quantities)
    return found[:MAX_PER_SENTENCE], periods


def _in_lone_cell(
    sentence: str, sentence_start: int, cell: LoneCell, quantities: list[Quantity]
) -> tuple[list[Quantity], dict[int, str]]:
    """Quantities of a line holding one table cell ("|250"), read with its column and row headers."""
    start, end = cell.span[0] - sentence_start, cell.span[1] - sentence_start
    if start < 0 or end > len(sentence):
        return quantities, {}
    quantity = cell_quantity(sentence, (start, end), cell.context, quantities)
    if quantity is not None:
        quantities = [q for q in quantities if not (q.start < quantity.end and quantity.start < q.end)] + [quantity]
    periods = {q.start: cell.period for q in quantities if cell.period and start <= q.start < end}
    return sorted(quantities, key=lambda q: q.start), periods


def _iter_lines(blocks: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """(offset, line) for every line of every block; a block always ends at a line end or a space."""
    for offset, block in blocks:
        position = 0
        while position < len(block):
            newline = block.find("\n", position)
            end = len(block) if newline < 0 else newline
            yield offset + position, block[position:end]
            position = end + 1


_SENTENCE_ENDS = frozenset('.!?:;|"”)')


def _wrapped(line: str) -> bool:
    """A line of six words or more that stops without ending its sentence."""
    tail = line.rstrip()
    return bool(tail) and tail[-1] not in _SENTENCE_ENDS and tail == line and line.count(" ") >= 5


def _figure_row(line: str) -> bool:
    """A line of figures that ends no sentence ("2026 $91.2 billion 28.5%"): a table row, not wrapped prose."""
    words = line.split()
    tail = line.rstrip()
    return (
        bool(tail)
        and tail[-1] not in _SENTENCE_ENDS
        and 2 * sum(not w.isalpha() and any(map(str.isdigit, w)) for w in words) >= len(words)
    )  # a word of letters alone holds no digit: only the others are read character by character


_WRAPPED_START = re.compile(r"[a-z0-9(]")


def _unwrapped(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """Lines of prose hard-wrapped mid-sentence joined back (a long line that does not end a sentence,
    then one that starts lower-case or with a digit): "consumed about 460 TWh in" + "2022." is one
    sentence. The line break becomes a space, so offsets in the joined line stay those of the text."""
    pending: tuple[int, str] | None = None
    for offset, line in lines:
        if pending is not None:
            if _WRAPPED_START.match(line) and "|" not in line and not _BULLET.match(line) and not _figure_row(line):
                pending = (pending[0], f"{pending[1]} {line}")
                if len(pending[1]) < MAX_SENTENCE and _wrapped(pending[1]):
                    continue
                yield pending
                pending = None
                continue
            yield pending
            pending = None
        if "|" not in line and len(line) < MAX_SENTENCE and _wrapped(line):
            pending = (offset, line)
        else:
            yield offset, line
    if pending is not None:
        yield pending


def _lines(blocks: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str, LoneCell | None]]:
    """The lines the extractor reads: tables run onto one line cut into rows, wrapped prose joined, lone
    table cells with their headers, years run into their values split, figures written above their labels
    with the label."""
    return with_stat_labels(with_year_rows(with_lone_cells(_unwrapped(unflattened(_iter_lines(blocks))))))


_ITEM_ENDS = frozenset('.!?"”’)')
_HEADING_WORDS = 8
_DIGIT_OR_CELL = re.compile(r"[\d|]")


def _heading(line: str) -> bool:
    """A short line of words that ends no sentence: a section's heading ("Brazil leads regional investment"), not a
    table's cell ("|+130") nor a label of figures."""
    text = line.strip()
    return (
        bool(text)
        and text[-1] not in _SENTENCE_ENDS
        and text.count(" ") < _HEADING_WORDS
        and not _DIGIT_OR_CELL.search(text)
    )


@dataclass
class _Listing:
    """A list's lead-in ("X reported:", "Here are the deals announced in 2024:"): its subject carries to
    bullets below it, its period to every item, bullets or one-line paragraphs, until a line of another
    kind (a heading, prose right after the last item) ends the list."""

    entity: str | None = None
    period: str | None = None
    open: bool = False
    blank_before: bool = False

    def lead_in(self, entity: str | None, period: str | None) -> None:
        self.entity, self.period, self.open = entity, period, True

    def read(self, line: str, bullet: bool) -> None:
        text = line.strip()
        if not text:
            self.blank_before = True
            return
        paragraph_item = self.blank_before and text[-1] in _ITEM_ENDS
        if self.open and not text.endswith(":") and not (bullet or paragraph_item):
            self.open = False
        self.blank_before = False


@dataclass
class _Context:
    """Where a figure with no name in its own sentence looks next, nearest first."""

    recent: list[list[tuple[int, int, str]]] = field(default_factory=list)  # names of the last sentences
    listing: _Listing = field(default_factory=lambda: _Listing())  # the list a line ending in ':' opens
    headline: str | None = None  # the one entity the text's first line names
    page_subject: str | None = None  # the organisation a line said the page is from ("About X", a footer)
    lines_seen: int = 0
    named: Counter[str] = field(default_factory=Counter)  # how often each entity was named so far
    caption: Caption | None = None  # a table title stating the unit of the plain numbers below it

    def sole_company(self, companies: frozenset[str]) -> str | None:
        """The one company the text names, if it names exactly one: whose a table's figures are when no row names
        anyone (a model table whose note names its maker once)."""
        named = [entity for entity in self.named if entity in companies]
        return named[0] if len(named) == 1 else None

    def dominant(self, default: str | None) -> str | None:
        """The entity the text is about, when it has named one at least 3 times and more than all others."""
        counts = [(n, e) for e, n in self.named.items() if e != default]
        if not counts:
            return None
        count, entity = max(counts)
        return entity if count >= DOMINANT_MENTIONS and count * 2 > sum(n for n, _ in counts) else None


def bare_dollar(text: str, gazetteer: Gazetteer) -> str:
    """The currency a bare "$" stands for in `text`: the dollar of the one dollar country (data/dollars.csv) it names,
    where it writes US dollars apart ("US$", "USD") or names no other dollar country and is about that one (its
    dominant entity): the Canadian Press writes "$" where Reuters writes "C$". Else, and in a text that writes that
    country's own sign ("C$"), US dollars. One search for the dollar countries' names and signs; the gazetteer's names
    are counted only in a text of one dollar country and no US dollars written apart."""
    if not gazetteer.dollar_names or "$" not in text or not any(map(text.__contains__, gazetteer.local_dollar_names)):
        return "USD"
    found = list(gazetteer.dollar_names.finditer(text))
    named = {gazetteer.canonical[m[0]] for m in found if not m["us"] and not m["sign"]}
    local = [country for country in named if gazetteer.dollars[country] != "USD"]
    signs = {CURRENCY_PREFIXES[m["sign"]] for m in found if m["sign"]}
    if len(local) != 1 or gazetteer.dollars[local[0]] in signs:
        return "USD"
    if any(m["us"] for m in found):
        return gazetteer.dollars[local[0]]
    if len(named) > 1:
        return "USD"  # the United States named, no US dollars written apart
    mentions = Counter(m[2] for m in gazetteer.mentions(text) if m[2] not in gazetteer.localities)
    return gazetteer.dollars[local[0]] if _Context(named=mentions).dominant(gazetteer.default) == local[0] else "USD"


_YEN_WRITTEN = re.compile(r"\byen\b|\bJPY\b|円")
_YUAN_WRITTEN = re.compile(r"\byuan\b|\bRMB\b|\bCNY\b|\brenminbi\b|人民币|元")
_JAPAN_NAMED = re.compile(r"\bJapan(?:ese)?\b|\bTokyo\b")
_CHINA_NAMED = re.compile(r"\bChin(?:a|ese)\b|\bBeijing\b|\bShanghai\b|中国")


def bare_yen(text: str) -> str:
    """The currency a "¥" stands for in `text`: JPY where the text writes yen ("Units: million yen") or names Japan,
    and writes no yuan and names no Chinese place; else CNY, the yuan."""
    if ("¥" not in text and "￥" not in text) or _YUAN_WRITTEN.search(text) or _CHINA_NAMED.search(text):
        return "CNY"
    return "JPY" if _YEN_WRITTEN.search(text) or _JAPAN_NAMED.search(text) else "CNY"


_STUDY = re.compile(r"(?:survey|study|poll|research|analysis|index)\b", re.I)
"""A source named as the author of one of these ("a survey conducted by X") studies others, not its own results."""
_RESEARCH_WORDS = re.compile(
    r"\b(?:Research|Institute|Analytics|Consult\w*|Intelligence|Agency|University|Association|Council|Ministry|"
    r"Administration|Commission|Bureau|Office|Survey|Index|Insights|Economics)\b"
)


_SELF_REPORT = re.compile(
    r"\b(?:reported|reports|posted|posts|announced|announces|recorded|records|generated|generates|earned|booked|"
    r"shipped|ships|sold|raised|secured|delivered|achieved|grew|guided)\b"
)


_OWN_RESULTS = re.compile(
    r"\b(?:its|revenue|revenues|sales|profit|profits|earnings|income|margin|shipments|bookings|backlog|orders)\b"
)
"""Words of a company's own results: "X said revenue rose 9%" is X's figure, "X said the market will grow" is not."""


def _reporter(source: str | None, sentence: str, gazetteer: Gazetteer) -> str | None:
    """The source as the figure's entity when it is a company reporting its own results ("Arm reported", "AMD
    said its revenue rose")."""
    if not source or not (_SELF_REPORT.search(sentence) or _OWN_RESULTS.search(sentence)):
        return None
    entity = gazetteer.lookup(source)
    if entity is not None:
        return entity if entity in gazetteer.companies else None
    return None if _RESEARCH_WORDS.search(source) or len(source.split()) > 4 else source


_WHOLE_MARKET = re.compile(r"\bthe\s+(?:overall|entire|whole)\s+(?:[\w-]+\s+){0,2}?(?:market|industry)\b", re.I)
"""A whole market named without a place ("the overall AI market is projected to be worth $909bn"): the world's."""
_WHOLE_WORDS = frozenset(("overall", "entire", "whole"))
_PLACES_STOOD_FOR = "country|nation|bloc|government"
_OFFICIALS_STOOD_FOR = r"prime\s+minister|ministers"
"""A country's officials, who stand for it as "the country" does ("Prime minister Keir Starmer", "Ministers")."""
_PLACE_ANAPHOR = re.compile(
    rf"\bthe\s+(?:{_PLACES_STOOD_FOR})(?:['’]s)?\b|\b(?:{_OFFICIALS_STOOD_FOR})\b(?!\s+of\b)", re.I
)
"""Words that stand for the country or region the text last named: "the country's total capacity", "the bloc",
"the government", "Prime minister Keir Starmer backed", "Ministers pledged"."""
_ORGANISATIONS_STOOD_FOR = (
    r"company|firm|group|chipmaker|chip\s*maker|chip\s+designer|startup|start-up|lab|developer|manufacturer|giant|"
    r"provider|operator"
)
"""Nouns for an organisation: "the company" stands for one, "French AI company Mistral" describes one."""
_REPORTS_ON = re.compile(
    r"\s+(?:reports|reported|says|said|writes|wrote|notes|noted)\s+(?:that\s+)?"
    rf"the\s+(?:[\w-]+\s+)?(?:{_ORGANISATIONS_STOOD_FOR})\b",
    re.I,
)
"""After a source: what it says is about another ("Reuters reports the company has raised"), not its own results
("Scale AI said it had raised": "it" is the source)."""


_DESCRIBED_NAME = re.compile(rf"(?:[ \t]+[\w-]+){{0,2}}?[ \t]+(?:{_ORGANISATIONS_STOOD_FOR})[ \t]+", re.I)
"""Between a place and a name: the place describes the organisation ("French AI company Mistral", "UK startup
Wayve"), it is not a party of its own."""
_ANAPHOR = re.compile(
    rf"\b(?:the|this)\s+(?:world['’]s\s+)?(?:[\w-]+\s+){{0,2}}?(?:{_ORGANISATIONS_STOOD_FOR})\b(?:['’]s)?"
    r"|\bit\s+(?=(?:has\s+|had\s+|also\s+)?(?:reported|posted|earned|raised|generated|recorded|booked|sold|shipped|"
    r"expects|said|forecast)\b)",
    re.I,
)
"""Words that stand for the organisation the text was last about: "the company earned", "it had raised"."""
_ANAPHOR_WORDS = first_words(_ORGANISATIONS_STOOD_FOR) | {"it"}
_PLACE_ANAPHOR_WORDS = first_words(f"{_PLACES_STOOD_FOR}|{_OFFICIALS_STOOD_FOR}")
"""Words, in lower case, one of which each of the patterns above needs."""


_BEFORE_A_NAME = re.compile(r"[\w&.-]")
_AFTER_A_NAME = re.compile(r"[\w&-]")


def _written_again(sentence: str, name: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each place `sentence` writes a name (not empty) as a whole name, left to right: no
    word character, '&', '.' or '-' before it, none of those but '.' after ("AMD." ends a sentence)."""
    start = sentence.find(name)
    while start >= 0 and name:
        end = start + len(name)
        if not (start and _BEFORE_A_NAME.match(sentence, start - 1)) and not _AFTER_A_NAME.match(sentence, end):
            yield start, end
            start = sentence.find(name, end)
        else:
            start = sentence.find(name, start + 1)


def _overlaps(mentions: list[tuple[int, int, str]], start: int, end: int) -> bool:
    """Whether the text from `start` to `end` overlaps a name already found: the first reading of a stretch wins."""
    return any(a < end and start < b for a, b, _ in mentions)


def _names(
    sentence: str,
    words: Words,
    gazetteer: Gazetteer,
    memory: NameMemory,
    state: _DocState,
    source_span: tuple[int, int] | None,
    reporter: str | None = None,
) -> list[tuple[int, int, str]]:
    """Every name in a sentence: the gazetteer's, then new ones (people mapped to their organisation), and
    words standing for one ("the company": the sentence's reporting subject, else the last one)."""
    mentions = gazetteer.mentions(sentence, words)
    for start, end, name in new_names(sentence, gazetteer.names, memory, words=words):
        if _overlaps(mentions, start, end) or name in state.office_holders:
            continue
        organisation = state.organisation_of(name)
        if organisation is None and re.fullmatch(_PERSON, name) and name.split()[-1] in state.people:
            continue
        entity = gazetteer.lookup(organisation or name) or organisation or state.short_for(name) or name
        mentions.append((start, end, entity))
        state.named.setdefault(name, entity)
        state.named.setdefault(sentence[start:end], entity)  # "Intel Corp" and "Intel" both name Intel
    for name, entity in state.named.items() if state.named else ():
        if name in state.office_holders:
            continue
        for start, end in _written_again(sentence, name) if name in sentence else ():
            if not _overlaps(mentions, start, end):
                mentions.append((start, end, entity))  # named again later: "AMD shares rose"
    referent = reporter or state.subject
    stood_for = referent and words.has_folded(_ANAPHOR_WORDS)
    own = _subject(sentence, sorted(mentions)) if stood_for else None
    own = own if own and own[2] not in gazetteer.places else None  # the organisation the sentence opens with
    for anaphor in _ANAPHOR.finditer(sentence) if stood_for else ():  # "the company", "the world's largest chipmaker"
        if _apposed(sentence, anaphor.start(), mentions):
            continue  # "OpenAI, the company behind ChatGPT": it describes the name before it
        mentions = [m for m in mentions if m[1] <= anaphor.start() or m[0] >= anaphor.end()]
        # "Zeta Inc., a startup ..., revealed it has raised": the sentence's own subject, not the last one's
        stands_for = own[2] if own and own[1] <= anaphor.start() else referent
        mentions.append((anaphor.start(), anaphor.end(), stands_for or ""))
    for whole in _WHOLE_MARKET.finditer(sentence) if gazetteer.default and words.has_folded(_WHOLE_WORDS) else ():
        if not _overlaps(mentions, whole.start(), whole.end()):
            mentions.append((whole.start(), whole.end(), gazetteer.default or ""))  # "the overall AI market"
    country = state.country or ""
    for anaphor in _PLACE_ANAPHOR.finditer(sentence) if country and words.has_folded(_PLACE_ANAPHOR_WORDS) else ():
        if not _overlaps(mentions, anaphor.start(), anaphor.end()):
            mentions.append((anaphor.start(), anaphor.end(), country))  # "the country's total capacity"
    if source_span:  # who says it is no party to the figures, unless a place ("South Korea's President said") or
        # a company reporting its own ("Microsoft announced plans to invest $3 billion in India")
        mentions = [
            m
            for m in mentions
            if m[1] <= source_span[0] or m[0] >= source_span[1] or m[2] in gazetteer.places or m[2] == reporter
        ]
    mentions = _without_describing_places(sentence, sorted(mentions), gazetteer.places, gazetteer.default)
    places = [m[2] for m in mentions if m[2] in gazetteer.countries]
    state.country = places[-1] if places else state.country
    return mentions


_DESCRIBING_CLAUSE = re.compile(
    r",\s+(?:(?:which|who|co-founded|founded|based|headquartered)\b|(?:the|an?)\s+(?=[a-z]|[A-Z]\w*\s+[a-z]))"
    r"[^,;]{1,100},"
)
"""A clause set off after a name that says what it is ("ASML, the Dutch maker of lithography technology, led";
"Sakana, which means 'fish' in Japanese, has completed"; "China, the world's second largest economy, is"): a
place in it describes the name. Not the next item of a list ("Japan, the US, and China")."""


def _apposed(sentence: str, start: int, mentions: list[tuple[int, int, str]]) -> bool:
    """Whether words at `start` follow a name and a comma, describing that name ("OpenAI, the company behind")."""
    before = sentence[max(0, start - 3) : start]
    if not before.endswith((", ", ",\t")):
        return False
    comma = start - len(before) + before.rindex(",")
    return any(end == comma for _, end, _ in mentions)


def _without_describing_places(
    sentence: str, mentions: list[tuple[int, int, str]], places: frozenset[str], world: str | None = None
) -> list[tuple[int, int, str]]:
    """Mentions less the places that only describe an organisation, named next ("French AI company Mistral") or
    in a clause set off after it (_DESCRIBING_CLAUSE), and less the `world` in such a clause after a place ("China,
    the world's second largest economy,"; another country there stays: "China, the second-largest after the
    United States,")."""
    clauses = [
        (found.start(), found.end(), {world} if mention[2] in places else places)
        for mention in mentions
        if sentence.startswith(",", mention[1])
        for found in [_DESCRIBING_CLAUSE.match(sentence, mention[1])]
        if found
    ]
    kept = []
    for mention, following in zip(mentions, [*mentions[1:], None], strict=False):
        describes_next = (
            following is not None
            and following[2] not in places
            and mention[2] in places
            and bool(_DESCRIBED_NAME.fullmatch(sentence, mention[1], following[0]))
        )
        in_clause = any(a < mention[0] and mention[1] < b and mention[2] in dropped for a, b, dropped in clauses)
        if not (describes_next or in_clause):
            kept.append(mention)
    return kept


def _remember_subject(
    state: _DocState, reporter: str | None, opening: tuple[int, int, str] | None, gazetteer: Gazetteer
) -> None:
    """Keep the organisation a sentence is about as what "the company" stands for in the sentences after."""
    subject = reporter or (opening[2] if opening else None)
    if subject and (subject in gazetteer.organisations or gazetteer.lookup(subject) is None):
        state.subject = subject


def _headline(line: str, gazetteer: Gazetteer, memory: NameMemory) -> str | None:
    """The one entity a title line names (known, or a name that owns or does something), if just one; or the one
    organisation it names besides places."""
    if not line.strip() or len(line) > 200 or re.search(r"[.!]\s*$", line.strip()):
        return None
    named = {entity for _, _, entity in gazetteer.mentions(line)}
    named |= {name for _, _, name in new_names(line, gazetteer.names, memory, title=True)}
    named.discard(gazetteer.default or "")
    if len(named) > 1:  # "SoftBank's Bold Bet in Japan": the one organisation among places
        named -= gazetteer.places
    return named.pop() if len(named) == 1 else None


@dataclass
class _Undecided:
    """Candidates whose sentence, paragraph, list and headline name no entity, held back (with every candidate
    after them, to keep the text's order) until a line names the page's subject (`names.page_subject`: a footer
    "Microsoft Corp (MSFT)", "Model developer: Meta"), the text ends, or MAX_UNDECIDED are waiting."""

    gazetteer: Gazetteer
    held: list[tuple[Candidate, bool, bool]] = field(default_factory=list)  # (candidate, still undecided, in a table)

    def add(
        self, candidate: Candidate, undecided: bool, fallback: str | None, in_table: bool = False
    ) -> Iterator[Candidate]:
        if not undecided and not self.held:
            yield candidate
            return
        self.held.append((candidate, undecided, in_table))
        if len(self.held) >= MAX_UNDECIDED:
            yield from self.release(fallback)

    def release(self, entity: str | None, table_entity: str | None = None) -> Iterator[Candidate]:
        """Every held candidate, in order, the undecided ones about `entity` (a table's about `table_entity` if any)."""
        held, self.held = self.held, []
        table_about = table_entity or entity
        new = {about: self.gazetteer.is_new(about) for about in (entity, table_about)} if held else {}
        for candidate, undecided, in_table in held:
            about = table_about if in_table else entity
            yield dataclasses.replace(candidate, entity=about, entity_new=new[about]) if undecided else candidate


@dataclass
class _AwaitingYear:
    """Candidates of a quarter or half without its year ("second-quarter revenue" in a text without a date), held
    back with every candidate after them, to keep the text's order, until the text states the year of its own
    figures ("cost savings for 2023"), the text ends (their period stays unknown), or MAX_UNDECIDED are waiting."""

    held: list[Candidate] = field(default_factory=list)

    def add(self, candidates: Iterable[Candidate], year: str | None) -> Iterator[Candidate]:
        for candidate in candidates:
            if not self.held and not yearless(candidate.period):
                yield candidate
                continue
            self.held.append(candidate)
            if year or len(self.held) >= MAX_UNDECIDED:
                yield from self.release(year)

    def release(self, year: str | None) -> Iterator[Candidate]:
        """Every held candidate, in order, a yearless period in `year` (unknown without one)."""
        held, self.held = self.held, []
        for candidate in held:
            yield dataclasses.replace(candidate, period=with_year(candidate.period, year))


def _page_subject(line: str, gazetteer: Gazetteer) -> str | None:
    """The organisation a line names as the page's subject: the gazetteer's name for it, or the name as written."""
    name = page_subject(line)
    known = gazetteer.lookup(name) if name else None
    if known is None:
        return name
    return known if known in gazetteer.organisations else None


def _extract_lines(
    lines: Iterable[tuple[int, str, LoneCell | None]],
    doc: str,
    published: dt.date | None,
    gazetteer: Gazetteer,
    dollar: str,
    fiscal_end: int | None = None,
    yen: str = "CNY",
) -> Iterator[Candidate]:
    state = _DocState()
    context = _Context()
    memory = NameMemory()
    table = TableState()
    periods = PeriodContext()
    undecided = _Undecided(gazetteer)
    awaiting = _AwaitingYear()
    for offset, line, lone in lines:
        subject = _page_subject(line, gazetteer)
        if subject:
            context.page_subject = subject
            yield from awaiting.add(undecided.release(subject), periods.year)
        speaker = _SPEAKER.match(line) if ":" in line or "：" in line else None
        if speaker:
            state.speaker = speaker["name"]
        bullet = bool(_BULLET.match(line))
        row = table.read(line)
        if not line.strip() or bullet or row:
            context.recent.clear()  # a blank line ends a paragraph, a bullet or a table row is an item of its own
        periods.new_line()
        if not line.strip() or (not bullet and not row and _heading(line)):
            periods.new_paragraph()  # a blank line or a heading ends what the paragraph's last period dates
        context.listing.read(line, bullet or bool(row) or line.lstrip().startswith("|"))  # a table's rows are items too
        periods.listed = context.listing.period if context.listing.open else None
        if line.strip() and not context.lines_seen:
            context.headline = _headline(line, gazetteer, memory)
        context.lines_seen += bool(line.strip())
        first_person = False
        caption = Caption.of(line)
        if caption is not None or (context.caption is not None and context.caption.ends_at(line)):
            context.caption = caption
        for start, end in sentences(line):
            sentence = line[start:end]
            words = Words(sentence)
            memory.learn(sentence)
            _learn_people(sentence, words, state, gazetteer)
            source, source_span = attribution(sentence, words, state, gazetteer)
            if source:
                state.last_source = source
            reporter = _reporter(source, sentence, gazetteer) if _at_opening(sentence, source_span) else None
            if reporter and source_span and _REPORTS_ON.match(sentence, source_span[1]):
                reporter = None  # "Reuters reports the company has raised its forecast": it reports on another
            if reporter and source_span and _STUDY.match(sentence, source_span[0]):
                # "The survey, conducted by Wharton, covers ... $50 million in revenue": it studies others
                reporter = None
            mentions = _names(sentence, words, gazetteer, memory, state, source_span, reporter)
            dateline = _DATELINE.match(sentence) if start == 0 else None
            if dateline and any(m[2] not in gazetteer.places for m in mentions):
                # "HSINCHU, Taiwan, R.O.C. – TSMC announced": where the story was filed, not a party to what an
                # organisation reports ("SEOUL, South Korea — The government will invest" keeps its country)
                mentions = [m for m in mentions if m[0] >= dateline.end() or m[2] not in gazetteer.places]
            first_person = first_person or words.has_folded(_FIRST_PERSON)
            quantities = (
                list(itertools.islice(scan(sentence, dollar, yen), MAX_PER_SENTENCE))
                if may_hold_figure(sentence, words)
                else []
            )
            cell_periods: dict[int, str] = {}
            if row:
                quantities, cell_periods = _in_cells(sentence, row, table.header, start, end, quantities)
            if lone is not None:
                quantities, cell_periods = _in_lone_cell(sentence, start, lone, quantities)
            if context.caption is not None and not row:
                quantities, caption_periods = context.caption.read(sentence, quantities)
                cell_periods = {**caption_periods, **cell_periods}
            quantities = carried_currencies(products(sentence, quantities))
            money = [q for q in quantities if q.unit in CURRENCIES]
            if money:
                mentions = [
                    m for m in mentions if not any(q.start < m[1] and m[0] < q.end for q in money)
                ]  # US$, U.S. dollars
            reference = periods.reference or published  # relative times count from the event reported on
            timexes = (
                time_expressions(sentence, reference, periods.fallback, words, fiscal_end)
                if quantities or _may_state_time(sentence, words) else []
            )  # fmt: skip
            in_prose = not row and context.caption is None and not line.lstrip().startswith("|")
            if in_prose and offset + start < LEAD_CHARS:
                periods.lead(timexes, sentence)
            opening = _subject(sentence, mentions)
            if quantities:
                verbs = _Verbs.of(sentence, words)
                group = _group_subject(sentence, words)
                now_words = any(t.period and not t.absolute and re.search(
                    r"present|currently|date|far|now|moment", sentence[t.start : t.end], re.I
                ) for t in timexes) or _news_round(sentence, words)  # fmt: skip
                speaker_org = state.organisation_of(state.speaker) if state.speaker else None
                speaker_entity = gazetteer.lookup(speaker_org) if speaker_org else None
                we = speaker_entity if speaker_entity and words.has_folded(_FIRST_PERSON) else None
                respective = _respective_names(sentence, quantities, mentions) if "respectively" in sentence else {}
                entity = None
                for index, quantity in enumerate(quantities):
                    spread = index and entity and spread_over(sentence, quantities[index - 1], quantity)
                    entity = (entity if spread else None) or respective.get(quantity.start) or _entity_for(
                        quantity, sentence, mentions, [], gazetteer.default, state.subject, gazetteer.places, we,
                        opening, gazetteer.localities,
                    )  # fmt: skip
                    if entity is None and lone is not None:
                        entity = gazetteer.lookup(lone.row_label)  # "|United States |250 |600"
                    entity = entity or we  # "we manage ...": the speaker's organisation
                    entity = entity or reporter or _entity_for(quantity, sentence, [], context.recent[-3:])
                    if entity is None and group:
                        entity = gazetteer.default  # "AI startups raised $19 billion": no one company's figure
                    if entity is None and bullet and context.listing.open:
                        entity = context.listing.entity
                    if entity is None and speaker_entity and first_person:
                        entity = speaker_entity
                    headline = context.headline if context.headline not in state.office_holders else None
                    entity = entity or headline or context.dominant(gazetteer.default) or context.page_subject
                    rate_span = compound_span(sentence, quantity, timexes, periods.rate_span)
                    periods.rate_span = rate_span or periods.rate_span
                    period = (
                        part_of(cell_periods.get(quantity.start), periods.reported)
                        or rate_span
                        or period_for(
                            quantity,
                            timexes,
                            reference,
                            now_words,
                            periods.fallback,
                            periods.reported,
                            sentence,
                            quantities[index + 1] if index + 1 < len(quantities) else None,
                        )
                    )
                    candidate = Candidate(
                        doc, offset + start + quantity.start, offset + start + quantity.end, quantity.surface,
                        quantity.value, quantity.unit, quantity.qualifier, period, entity or gazetteer.default,
                        gazetteer.is_new(entity),
                        source or (speaker_org if first_person else None), verbs.kind(period, published),
                        sentence,
                    )  # fmt: skip
                    held = undecided.add(candidate, entity is None, gazetteer.default, bool(row))
                    yield from awaiting.add(held, periods.year)
            _remember_subject(state, reporter, opening, gazetteer)
            if in_prose:
                periods.saw(timexes, bool(quantities))  # prose, not a table's years
                if periods.year and awaiting.held:
                    yield from awaiting.release(periods.year)
            if line.rstrip().endswith(":") and end >= len(line.rstrip()) - 1 and not bullet:
                context.listing.lead_in((mentions[0][2] if mentions else None) or reporter, stated_period(timexes))
            context.recent.append(mentions)
            del context.recent[:-3]
            context.named.update(entity for _, _, entity in mentions if entity not in gazetteer.localities)
    whole = context.dominant(gazetteer.default) or gazetteer.default
    yield from awaiting.add(undecided.release(whole, context.sole_company(gazetteer.companies)), periods.year)
    yield from awaiting.release(periods.year)


def extract(
    text: str, doc: str, published: dt.date | None = None, gazetteer: Gazetteer | None = None
) -> Iterator[Candidate]:
    """Every candidate figure in `text`, in order; `text[c.start:c.end] == c.surface`."""
    gazetteer = gazetteer or default_gazetteer()
    dollar = bare_dollar(text, gazetteer)
    return _extract_lines(_lines([(0, text)]), doc, published, gazetteer, dollar, fiscal_year_end(text), bare_yen(text))


class NotUtf8Error(ValueError):
    def __init__(self, path: Path, position: int, reason: str):
        self.path, self.position = path, position
        super().__init__(f"{path}: not UTF-8 text (byte {position}: {reason})")


class NotARegularFileError(OSError):
    """A FIFO, device, socket or folder given as a text: reading it could block forever or mean nothing."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(f"{path}: not a regular file")


def require_regular_file(path: Path) -> None:
    """Raise NotARegularFileError unless `path` is a regular file (symlinks followed); OSError if missing."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise NotARegularFileError(path)


def check_utf8(path: Path) -> None:
    """Raise NotUtf8Error naming the file and the first bad byte; reads the file in chunks."""
    import codecs

    require_regular_file(path)
    decoder = codecs.getincrementaldecoder("utf-8")()
    consumed = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_CHARS):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                raise NotUtf8Error(path, consumed + error.start, error.reason) from None
            consumed += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            raise NotUtf8Error(path, consumed + error.start, error.reason) from None


def read_blocks(path: Path, chunk_chars: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(character offset, text) of consecutive blocks of a file, each ending at a line end (or, for a
    line longer than four chunks, at a space), so no figure or sentence is cut at a chunk border.
    Offsets count characters of the text as decoded without newline translation."""
    offset = 0
    pending = ""
    require_regular_file(path)
    with path.open(encoding="utf-8", newline="") as handle:
        while chunk := handle.read(chunk_chars):
            pending += chunk
            cut = pending.rfind("\n")
            if cut < 0:
                if len(pending) < 4 * chunk_chars:
                    continue
                cut = pending.rfind(" ")
                cut = cut if cut > 0 else len(pending) - 1
            yield offset, pending[: cut + 1]
            offset += cut + 1
            pending = pending[cut + 1 :]
    if pending:
        yield offset, pending


def extract_file(
    path: Path, doc: str | None = None, published: dt.date | None = None, gazetteer: Gazetteer | None = None
) -> Iterator[Candidate]:
    """Candidates of a UTF-8 file of any size, read a chunk at a time (check_utf8 first for a clear error); which
    dollar a bare "$" is, which money a "¥", and the fiscal calendar the text states, are read from the first chunk
    (the whole of any article)."""
    gazetteer = gazetteer or default_gazetteer()
    blocks = read_blocks(path)
    first = next(blocks, (0, ""))
    lines = _lines(itertools.chain([first], blocks))
    dollar = bare_dollar(first[1], gazetteer)
    end, yen = fiscal_year_end(first[1]), bare_yen(first[1])
    yield from _extract_lines(lines, doc or path.stem, published, gazetteer, dollar, end, yen)
