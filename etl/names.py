"""Organisation and country names the gazetteer does not know, found by where they stand.

A name is a run of capitalised words (or an acronym, or a camel-case word such as "CoreWeave") that
- owns something: "Arm's revenue", "Cerebras' chips";
- is the subject of a reporting or business verb at the start of a sentence: "CoreWeave reported",
  "Groq raised", "In 2024, Mistral signed";
- or ends in a company suffix: "Zhipu AI Inc", "Foxconn Technology Group";
- or opens a heading line, a dash before its figure: "True Anomaly — $600M (Undisclosed Round)";
- or is followed by its stock ticker: "Ameren (AEE.N)", "Arm (NASDAQ: ARM)", "Digital China (00861)";
- or is a place introduced as one: "the southwestern city of Chengdu", "Guizhou province";
- or opens a sentence before a clause describing it and its verb: "Sakana, which means 'fish' in Japanese,
  has completed", "Among them, Sarvam, co-founded by ..., secured";
- or follows the noun for what it is: "AI company Sakana AI", "French startup Mistral", or comes before a clause
  saying so: "‘HUMAIN’, a state-backed AI company".
A line may also name the organisation a whole page is from (`page_subject`): "About Acme Corp", "Model
developer: Meta", "Microsoft Corp (MSFT)" alone in a footer.
A clause after a semicolon has a subject of its own ("...; Chengdu strives to reach ..."), as a
sentence does.
A capitalised word that the same text also writes in lower case ("Revenue", "Data") is a common word,
not a name, and so is a word that stands first in a sentence and nowhere else capitalised, unless it
looks like no common word (an acronym, camel case, digits). People met as "X, CEO of Y" are left to
the extractor's people rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.words import Words, first_words


def _words(text: str) -> list[str]:
    """A word list written as one string, to keep long lists readable."""
    return text.split()


_TOKEN = r"(?:[A-Z][\w&.-]*[\w&]|[A-Z]|\d+[A-Za-z][\w-]*)"
_NAME = rf"{_TOKEN}(?:[ \t]+(?:of[ \t]+|&[ \t]+|and[ \t]+)?{_TOKEN}){{0,4}}"
_POSSESSIVE = re.compile(rf"(?<![\w&.-])(?P<name>{_NAME})(?:['’]s\b|(?<=s)['’](?=\s))")
_SUBJECT_VERBS = (
    r"reported|reports|posted|posts|announced|announces|expects|raised|raises|generated|generates|earned|"
    r"shipped|ships|sold|sells|spent|spends|invested|invests|recorded|delivered|booked|secured|signed|won|"
    r"employs|forecast|forecasts|projected|estimates|estimated|committed|pledged|pledges|allocated|agreed|"
    r"bought|acquired|valued|produced|produces|supplies|supplied|received|ordered|deployed|plans|aims|"
    r"targets|intends|funds|funded|guided|guides|grew|said|says|strives|seeks|vows|clarifies|denies|confirms"
)
"""Verbs whose subject is an organisation far more often than a product or a common noun."""
_SUBJECT = re.compile(
    rf"(?:(?:In|By|During|For|Over|Since|Last|This|Meanwhile|Separately|Overall)\b[^,]{{0,40}},\s+)?"
    rf"(?P<name>{_NAME})(?:\s*\((?P<acronym>[A-Z][A-Z\d&]{{1,7}})\)|\s*\([^)]{{1,40}}\))?"
    rf"\s+(?:also\s+|now\s+|has\s+|have\s+|had\s+)?(?:{_SUBJECT_VERBS})\b"
)
"""A sentence's (or a clause's) subject, matched where it starts; "Advanced Micro Devices (AMD) reported"
names AMD, as the text goes on to."""
_SUBJECT_VERB_WORDS = first_words(_SUBJECT_VERBS)
_CLAUSE = re.compile(r";\s+(?=[A-Z])")
"""Where a clause with a subject of its own starts after a semicolon."""
_LEGAL_SUFFIX = re.compile(r"(?:,?[ \t]+(?:Inc|Corp|Corporation|Co|Ltd|Limited|LLC|PLC|plc|AG|SA|NV|GmbH)\.?)+$")
"""A legal form after a name, left out of the entity: "Intel Corp" is Intel."""


def without_legal_form(name: str) -> str:
    """A name without the legal form after it ("Scout AI Inc." is Scout AI); a legal form alone stays as written."""
    return _LEGAL_SUFFIX.sub("", name) or name


_COMPANY_WORDS = "Inc|Corp|Corporation|Ltd|Limited|LLC|PLC|plc|AG|SA|NV|GmbH|Holdings|Holding|Group|Technologies|Labs"
"""Words that end a company's name: legal forms and "Holdings", "Group", "Technologies", "Labs"."""
_SUFFIX_WORD = re.compile(rf"\b(?:{_COMPANY_WORDS})\b")
_COMPANY_WORD_SET = first_words(_COMPANY_WORDS)
_TITLE_SUBJECT = re.compile(rf"^(?P<name>{_NAME}?)\s+(?i:{_SUBJECT_VERBS})\b")
"""A headline's subject: in title case its verb is capitalised too ("Groq Raises $640 Million")."""
_SUFFIXED = re.compile(
    rf"(?<![\w&.-])(?P<name>{_TOKEN}(?:[ \t]+(?:&[ \t]+|and[ \t]+)?{_TOKEN}){{0,2}}[ \t]+(?:{_COMPANY_WORDS})\b\.?)"
)
"""A company name: up to three words and its suffix ("Foxconn Technology Group"), so that a heading run
into the sentence is no part of it ("Interim Results Summary Digital China Holdings announced")."""
_EXCHANGES = "NYSE|NASDAQ|Nasdaq|HKEX|HKSE|SEHK|SSE|SZSE|TSE|TYO|LSE|ASX|TSX|KRX|KOSDAQ|TWSE|NSE|BSE|ETR|XETRA|EPA"
_TICKER = re.compile(
    rf"(?<![\w&.-])(?P<name>{_NAME})['’]?s?[ \t]*\((?:(?:{_EXCHANGES})[ \t]*:[ \t]*[A-Z][A-Z\d.]{{0,7}}"
    rf"|[A-Z][A-Z\d]{{0,5}}\.[A-Z]{{1,2}}|\d{{4,6}}(?:\.[A-Z]{{2}})?)\)"
)
"""A name followed by its stock ticker, with an exchange ("NASDAQ: ARM") or a market suffix ("CEG.O"), or
a listing number ("00861"): a plain acronym in brackets ("Gross Value Added (GVA)") names no company."""
_LINE_HEAD = re.compile(rf"\s*(?P<name>{_NAME})[ \t]+[—–-][ \t]+(?=[$€£¥\d])")
"""A heading line that opens with a name and a dash before its figure: "True Anomaly — $600M (Series B)"."""
_PLACE_KINDS = "city|province|region|state|county|town|municipality|prefecture|district|emirate"
_PLACE_OF = re.compile(rf"\b(?:{_PLACE_KINDS})\s+of\s+(?P<name>{_NAME})")
_PLACE_KIND_WORDS = first_words(_PLACE_KINDS)
_PLACE_BEFORE = re.compile(rf"(?<![\w&.-])(?P<name>{_NAME})[ \t]+(?i:province|city|municipality|prefecture|county)\b")
"""A place the text introduces as one ("the southwestern city of Chengdu", "Guizhou province")."""
_APPOSITION_OPENERS = "which|who|co-founded|founded|based|headquartered|backed"
_APPOSED_SUBJECT = re.compile(
    rf"(?:[A-Z][\w'’-]*(?:\s+[\w'’-]+){{0,3}},\s+)?(?P<name>{_NAME}),\s+(?:{_APPOSITION_OPENERS})\b[^,;]{{1,100}},"
    rf"\s+(?:has\s+|have\s+|had\s+|also\s+)?[a-z]+(?:ed|s)\b"
)
"""A subject set off by a clause that describes it, then its verb: "Sakana, which means 'fish' in Japanese, has
completed"; the describing clause stands where no common noun's would ("Revenue, which rose, reached" is
no name: the text writes "revenue" in lower case)."""
_APPOSITION_WORDS = first_words(_APPOSITION_OPENERS)
_KIND_OF_ORGANISATION = (
    "company|startup|start-up|firm|chipmaker|unicorn|lab|developer|operator|provider|platform|designer|manufacturer"
)
_AFTER_KIND = re.compile(rf"\b(?:{_KIND_OF_ORGANISATION})[ \t]+(?P<name>{_NAME})")
"""A name after the noun for what it is: "AI company Sakana AI", "French startup Mistral"."""
_BEFORE_KIND = re.compile(
    rf"(?<![\w&.-])(?P<name>{_NAME})['’\"”]?,\s+(?:an?|the)\s+(?:[\w-]+\s+){{0,3}}?(?:{_KIND_OF_ORGANISATION})\b"
    r"(?!['’]s|\s+(?:said|says|reported|added|noted|expects)\b)"
)
"""A name before a clause saying what it is: "announced ‘HUMAIN’, a state-backed AI company", "LMArena, the AI model
evaluation platform that runs ...": the clause vouches for a name opening a sentence, as for one inside it; not a
word before an aside about a company ("Shipments, the company said, rose")."""
_KIND_WORDS = first_words(_KIND_OF_ORGANISATION) | {"start"}
_KINDS = frozenset(_KIND_OF_ORGANISATION.split("|"))
"""The nouns for an organisation alone, never its name: a headline's "Chipmaker posts another blowout quarter"."""
_LEADING = frozenset(
    _words(
        "The A An This That These Those Its It Their Our We They He She In On At By For From With As And But "
        "Or If When While After Before Since During Over Under About Some Most Many More Less All Each Every "
        "Both Total Revenue Sales Data Global World Today Yesterday Tomorrow Monday Tuesday Wednesday "
        "Thursday Friday Saturday Sunday January February March April May June July August September October "
        "November December Q1 Q2 Q3 Q4 Image Photo Source Note Table Figure Chart Year Company Group Industry "
        "Market Government Analysts Investors Meanwhile Separately Overall Also However Still Yet Last Next "
        "First Second Third One Two Three How What Why Who Where Which Here There Such Nation Firm Country "
        "Sector Region City State Bank Agency Report Study Summary Overview Highlights Announcement Results "
        "Interim Update Abstract Introduction Background Findings Us Me Author Authors Editor Contributors "
        "Even Only Just Notably Instead Similarly Likewise Additionally Moreover Furthermore Elsewhere Despite"
    )
)
"""Capitalised words that start sentences (or headings run into them) far more often than they name anything."""


_COMMON_ACRONYMS = frozenset(
    _words(
        "AI GenAI AGI ML NLP LLM LLMs GPU GPUs CPU CPUs NPU TPU API APIs IT ICT GDP CEO CFO CTO COO R&D IoT "
        "PC PCs HBM SaaS PaaS IaaS IPO EV EVs ESG AR VR XR 5G 6G CAGR YoY QoQ FY EPS GAAP HPC AIGC B2B B2C "
        "SME SMEs"
    )
)
"""Acronyms of common nouns ("AI's potential", "GPUs"), never an organisation's name."""


def _looks_coined(word: str) -> bool:
    """An acronym, a camel-case word or a word with digits: no common word is written so."""
    core = word.rstrip(".")
    return (
        (len(core) >= 2 and core.isupper())
        or bool(re.search(r"[a-z][A-Z]", core))
        or (any(c.isdigit() for c in core) and any(c.isalpha() for c in core))
    )


_INSIDE = re.compile(r" (?<=[a-z,;] )([a-zA-Z][\w&-]*)")
"""Words inside a sentence, after a lower-case word or a comma, that open with an ASCII letter: where a capitalised
word is a name (the pattern opens with the space, which the regex engine looks for directly)."""
_LOWER_FIRST = re.compile(r"[a-z][\w-]*")


@dataclass
class NameMemory:
    """Words a text has written in lower case, and capitalised words met inside sentences."""

    lower: set[str] = field(default_factory=set)
    proper: set[str] = field(default_factory=set)

    def learn(self, sentence: str) -> None:
        """Remember the words after a lower-case word or a comma, and a lower-case first word."""
        for word in _INSIDE.findall(sentence):
            if word[0] >= "a":
                self.lower.add(word.lower())
            else:
                self.proper.add(word)
        first = _LOWER_FIRST.match(sentence) if "a" <= sentence[:1] <= "z" else None
        if first:
            self.lower.add(first.group(0).lower())

    def without_common_words(self, name: str) -> str:
        """A name without the common words written before it ("Shares of Ameren" is Ameren)."""
        words = name.split()
        while len(words) > 1 and (words[0] in _LEADING or words[0].lower() in self.lower or words[0] == "of"):
            words.pop(0)
        if len(words) > 2 and words[1] == "of" and words[0] not in self.proper:
            words = words[2:]  # "Shares of Arm", not "Bank of America" (written capitalised elsewhere)
        return " ".join(words)

    def plausible(self, name: str, at_start: bool) -> bool:
        """Whether a capitalised run reads as a name rather than a common word."""
        words = name.split()
        first = words[0]
        if first in _LEADING or first.lower() in self.lower:
            return False
        if words[-1] in _COMMON_ACRONYMS and (len(words) == 1 or words[-1] != "AI"):
            return False  # "Nvidia GPUs" is no name, "Scale AI" and "Mistral AI" are
        if len(words) == 1 and not _looks_coined(first):
            return first.lower() not in _KINDS and (not at_start or first in self.proper)  # "Chipmaker posts"
        return True


def without_leading_words(name: str) -> str:
    """A name without the heading or sentence-opening words before it ("Summary Digital China Holdings")."""
    words = name.split()
    while len(words) > 1 and words[0] in _LEADING:
        words.pop(0)
    return " ".join(words)


_ABOUT_LINE = re.compile(rf"\s*(?:#+\s*)?About\s+(?:the\s+)?(?P<name>{_NAME})\.?\s*:?\s*")
"""A press release's closing section, "About Acme Corp": the company the release is from."""
_MAKER_LINE = re.compile(
    rf"\s*(?i:(?:model\s+)?(?:developer|developed\s+by|company|issuer|manufacturer|maker|created\s+by))\s*[:：]\s*"
    rf"(?P<name>{_NAME})\s*\.?\s*"
)
"""A `key: value` line of a model card or a fact sheet naming who made what the page describes ("Model
developer: Meta"); not "Published by", a publisher being no party to the figures."""
_LISTED_LINE = re.compile(
    rf"\s*(?P<name>{_NAME})\s*\((?:(?:{_EXCHANGES})[ \t]*:[ \t]*[A-Z][A-Z\d.]{{0,7}}"
    rf"|[A-Z][A-Z\d]{{0,5}}(?:\.[A-Z]{{1,2}})?|\d{{4,6}}(?:\.[A-Z]{{2}})?)\)\s*"
)
"""A line holding nothing but a company's name and its ticker, as an earnings page's footer does ("Microsoft
Corp (MSFT)"); with a plain ticker, only a name ending in a company word (an acronym heading such as
"Gross Value Added (GVA)" names no company)."""


def page_subject(line: str) -> str | None:
    """The organisation a line says the whole page is from or about, without its legal form: an "About X"
    heading, a maker's `key: value` line, a name alone with its ticker."""
    if len(line) > 120:
        return None
    hints = (_ABOUT_LINE, "About"), (_MAKER_LINE, ":"), (_MAKER_LINE, "："), (_LISTED_LINE, ")")
    for pattern, hint in hints:
        found = pattern.fullmatch(line) if hint in line else None
        if found is None:
            continue
        name = without_leading_words(found["name"].strip())
        plain_ticker = pattern is _LISTED_LINE and not _TICKER.search(line)
        if plain_ticker and not _SUFFIX_WORD.search(name):
            return None
        bare = without_legal_form(name)
        return bare if bare and bare.split()[0] not in _LEADING and bare not in _COMMON_ACRONYMS else None
    return None


def _candidates(sentence: str, words: Words, title: bool) -> list[tuple[re.Match[str], bool]]:
    """(match, at sentence start) of every place a new name may stand, surest first (a ticker's name); a
    pattern that needs a word the sentence lacks (a verb, a company word) is not tried."""
    candidates = []
    if "(" in sentence:
        candidates += [(m, False) for m in _TICKER.finditer(sentence)]
    if "'" in sentence or "’" in sentence:  # "Cerebras's" owns: a name anywhere
        candidates += [(m, False) for m in _POSSESSIVE.finditer(sentence)]
    if "—" in sentence or "–" in sentence or " - " in sentence:
        candidates += [(m, False) for m in [_LINE_HEAD.match(sentence)] if m]
    if title:
        subject = _TITLE_SUBJECT.match(sentence)
    else:
        subject = _SUBJECT.match(sentence) if words.has(_SUBJECT_VERB_WORDS) else None
    if subject:
        candidates.append((subject, True))
    if ";" in sentence and not title and words.has(_SUBJECT_VERB_WORDS):
        clauses = (_SUBJECT.match(sentence, clause.end()) for clause in _CLAUSE.finditer(sentence))
        candidates += [(m, False) for m in clauses if m]  # capitalised after "; ": no sentence start
    if " of " in sentence and words.has(_PLACE_KIND_WORDS):
        candidates += [(m, False) for m in _PLACE_OF.finditer(sentence)]
    lower = sentence.lower()
    if any(map(lower.__contains__, ("province", "city", "municipality", "prefecture", "county"))):
        candidates += [(m, False) for m in _PLACE_BEFORE.finditer(sentence)]
    if not title and words.has(_APPOSITION_WORDS):
        candidates += [(m, False) for m in [_APPOSED_SUBJECT.match(sentence)] if m]  # its clause vouches for it
    if words.has(_KIND_WORDS):
        candidates += [(m, False) for m in _AFTER_KIND.finditer(sentence)]
        candidates += [(m, False) for m in _BEFORE_KIND.finditer(sentence)]
    if words.has(_COMPANY_WORD_SET):
        candidates += [(m, m.start("name") == 0) for m in _SUFFIXED.finditer(sentence)]
    return candidates


def new_names(
    sentence: str, known: frozenset[str], memory: NameMemory, title: bool = False, words: Words | None = None
) -> list[tuple[int, int, str]]:
    """(start, end, name) of names in a sentence that `known` (the gazetteer's names) lacks; `title`
    for a headline, where every word is capitalised and the first is no more suspect than the rest. A
    name with its ticker is a name whatever its words, once the common words before it are left out
    ("Shares of Ameren (AEE.N)"); `words`, the sentence's words when the caller has found them already."""
    found: list[tuple[int, int, str]] = []
    for match, at_start in _candidates(sentence, words or Words(sentence), title):
        name = match["name"].strip()
        name = memory.without_common_words(name) if match.re is _TICKER else without_leading_words(name)
        name = re.sub(r"^(?:The|A|An)\s+", "", name)
        start = match.start("name") + match["name"].rfind(name)
        if not name or name in known:
            continue
        if match.re is not _TICKER and not memory.plausible(name, not title and at_start):
            continue
        if any(a < start + len(name) and start < b for a, b, _ in found):
            continue
        acronym = match.groupdict().get("acronym")
        name = name.rstrip(".") if match.re is _SUFFIXED else name  # "Kingdom Holding." ends a sentence
        found.append((start, start + len(name), acronym or without_legal_form(name)))
    return sorted(found)
