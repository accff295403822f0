"""Text-fragment links that land on a quote: the browser's find algorithm, simulated, and a link builder.

A URL text fragment is `#:~:text=[prefix-,]start[,end][,-suffix]`
(https://wicg.github.io/scroll-to-text-fragment/). The browser highlights the FIRST range of the page
that matches, so a start term that also occurs earlier (a headline, "For example,") lands there.
`find` follows the specification's "find a range from a text directive" on a plain text modelled as a
page: every line is a block (a term never matches across blocks), whitespace inside a block collapses to
one space, comparison is at the primary level (case, accents and curly/straight quote marks ignored)
and word boundaries are Unicode's default ones (UAX #29, via the `regex` package).
`fragment_for` tries directives from the shortest up and keeps the first whose simulated match lies
inside the quote; we can only promise that against the text we hold, not the live page.
"""

from __future__ import annotations

import unicodedata
import urllib.parse
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import regex

LONG_QUOTE_WORDS = 10
"""Quotes with more words than this link with the start,end form."""
EDGE_WORDS = 4
"""Words the start and end terms take from a long quote at first (more when that does not land)."""
CONTEXT_WORDS = 5
"""At most this many words of prefix or suffix context."""

_QUOTE_MARKS = str.maketrans("‘’‚′“”„″", "''''\"\"\"\"")
_LONG_RUN = regex.compile(r"\A\s+|\s+\Z|\s{2,}")
"""Whitespace runs that collapse to fewer characters (or to none, at either end of the text)."""
_LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"
_BREAK = regex.compile(f"[{_LINE_BREAKS}]")
_LONE_SPACE = regex.compile(r"[^\S \n]")
"""A whitespace character other than the space and newline: shown alone as a line break or a space."""
_NON_ASCII = regex.compile(r"[^\x00-\x7f]")
_STOP = "stop"
_BOUNDARY = regex.compile(r"\b", flags=regex.WORD | regex.V1)


def encode_term(term: str) -> str:
    """Percent-encode one term: everything but unreserved characters, and '-' too (the syntax uses it)."""
    return urllib.parse.quote(term, safe="").replace("-", "%2D")


@dataclass(frozen=True)
class Directive:
    """One text directive; `str()` gives its percent-encoded form (what follows `#:~:text=`)."""

    start: str
    end: str | None = None
    prefix: str | None = None
    suffix: str | None = None

    def __str__(self) -> str:
        terms = [f"{encode_term(self.prefix)}-"] if self.prefix else []
        terms.append(encode_term(self.start))
        terms += [encode_term(self.end)] if self.end else []
        terms += [f"-{encode_term(self.suffix)}"] if self.suffix else []
        return ",".join(terms)

    @classmethod
    def parse(cls, encoded: str) -> Directive:
        """The terms of `prefix-,start,end,-suffix` (percent-encoded), as the specification splits them."""
        parts = encoded.split(",")
        prefix = urllib.parse.unquote(parts.pop(0)[:-1]) if len(parts) > 1 and parts[0].endswith("-") else None
        suffix = urllib.parse.unquote(parts.pop()[1:]) if len(parts) > 1 and parts[-1].startswith("-") else None
        if not 1 <= len(parts) <= 2 or not parts[0]:
            raise ValueError(f"not a text directive: {encoded!r}")
        end = urllib.parse.unquote(parts[1]) if len(parts) == 2 else None
        return cls(urllib.parse.unquote(parts[0]), end, prefix, suffix)


def link(url: str, directive: Directive | str) -> str:
    """The article URL (any fragment dropped) with the text directive."""
    return f"{url.split('#', 1)[0]}#:~:text={directive}"


@cache
def _fold(char: str) -> str:
    """A character compared at the primary level: no case, no accents, straight quote marks."""
    decomposed = unicodedata.normalize("NFKD", char.casefold().translate(_QUOTE_MARKS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    return text.lower() if text.isascii() else "".join(_fold(char) for char in text)


class _Shifts:
    """Index maps between a string and one derived from it where a few stretches changed length."""

    def __init__(self) -> None:
        self.derived_at: list[int] = []
        self.source_at: list[int] = []
        self.deltas: list[int] = []

    def add(self, derived: int, source: int) -> None:
        """From derived index `derived` on, a character comes from source index `source` (and so on)."""
        self.derived_at.append(derived)
        self.source_at.append(source)
        self.deltas.append(source - derived)

    def source(self, derived: int) -> int:
        at = bisect_right(self.derived_at, derived)
        return derived + (self.deltas[at - 1] if at else 0)

    def derived(self, source: int) -> int:
        """Derived index of a source character that was kept (not inside a collapsed run)."""
        at = bisect_right(self.source_at, source)
        return source - (self.deltas[at - 1] if at else 0)


def _collapse(text: str) -> tuple[str, _Shifts]:
    """The text as shown: lines (blocks) joined by one newline, whitespace runs as one space, no blank
    lines, no space at either end of a line."""
    shifts = _Shifts()
    pieces: list[str] = []
    taken = length = 0
    for run in _LONG_RUN.finditer(text):
        start, end = run.span()
        pieces.append(text[taken:start])
        length += start - taken
        at_edge = start == 0 or end == len(text)
        joiner = "" if at_edge else "\n" if _BREAK.search(run.group()) else " "
        pieces.append(joiner)
        length += len(joiner)
        shifts.add(length, end)
        taken = end
    pieces.append(text[taken:])
    return _LONE_SPACE.sub(_shown_alone, "".join(pieces)), shifts


def _shown_alone(space: regex.Match[str]) -> str:
    return "\n" if space.group() in _LINE_BREAKS else " "


def _folded(shown: str) -> tuple[str, _Shifts, frozenset[int]]:
    """The shown text folded for comparison, its index map, and the folded indices inside one
    character's fold (no match may start or end there)."""
    shifts = _Shifts()
    if shown.isascii():
        return shown.lower(), shifts, frozenset()
    pieces: list[str] = []
    inner: set[int] = set()
    taken = length = 0
    for match in _NON_ASCII.finditer(shown):
        index = match.start()
        pieces.append(shown[taken:index].lower())
        length += index - taken
        folded = _fold(match.group())
        pieces.append(folded)
        inner.update(range(length + 1, length + len(folded)))
        length += len(folded)
        if len(folded) != 1:
            shifts.add(length, index + 1)
        taken = index + 1
    pieces.append(shown[taken:].lower())
    return "".join(pieces), shifts, frozenset(inner)


class Page:
    """A plain text searched the way a browser searches a page for a text fragment.

    Positions are indices in `shown` (blocks joined by newlines), which never match a term.
    """

    def __init__(self, text: str):
        self.shown, self._shown_shifts = _collapse(text)
        self.folded, self._fold_shifts, self._inner = _folded(self.shown)
        self.end = len(self.shown)
        self._found: dict[Directive, tuple[int, int] | None] = {}
        """`find`'s answers: a build checks each link it just made (etl.ledger.with_landing) on the same page."""

    def offsets(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the text of the shown characters [start, end)."""
        return self._shown_shifts.source(start), self._shown_shifts.source(end - 1) + 1

    def position(self, offset: int) -> int:
        """The shown index of the text character at `offset` (a character that is not whitespace)."""
        return self._shown_shifts.derived(offset)

    def next_shown(self, position: int) -> int:
        """The position of the next character that is not whitespace, crossing block ends."""
        while position < self.end and self.shown[position] in " \n":
            position += 1
        return position

    def is_boundary(self, position: int) -> bool:
        return _BOUNDARY.match(self.shown, position) is not None

    def find_string(self, query: str, start: int, end: int, word_start: bool, word_end: bool) -> tuple[int, int] | None:
        """ "Find a string in range": the first word-bounded match of `query` inside one block of
        [start, end); None when there is none or it ends past `end` (the specification stops there)."""
        wanted = fold(query)
        if not wanted or "\n" in wanted:
            return None
        at = self._fold_shifts.derived(start)
        while (at := self.folded.find(wanted, at)) >= 0:
            after = at + len(wanted)
            first, last = self._fold_shifts.source(at), self._fold_shifts.source(after)
            aligned = at not in self._inner and after not in self._inner and last > first
            if aligned and (not word_start or self.is_boundary(first)) and (not word_end or self.is_boundary(last)):
                return None if last > end else (first, last)
            at += 1
        return None

    def find(self, directive: Directive) -> tuple[int, int] | None:
        """ "Find a range from a text directive": the text offsets the browser highlights, or None."""
        if directive not in self._found:
            self._found[directive] = self._search(directive)
        return self._found[directive]

    def _search(self, directive: Directive) -> tuple[int, int] | None:
        search_start = 0
        bounded_end = directive.end is not None or directive.suffix is None
        while search_start < self.end:
            if directive.prefix:
                prefix = self.find_string(directive.prefix, search_start, self.end, True, False)
                if prefix is None:
                    return None
                search_start = prefix[0] + 1
                match_start = self.next_shown(prefix[1])
                if match_start >= self.end:
                    return None
                potential = self.find_string(directive.start, match_start, self.end, False, bounded_end)
                if potential is None:
                    return None
                if potential[0] != match_start:
                    continue
            else:
                potential = self.find_string(directive.start, search_start, self.end, True, bounded_end)
                if potential is None:
                    return None
                search_start = potential[0] + 1
            found = self._complete(directive, potential)
            if found == _STOP:
                return None
            if found is not None:
                return self.offsets(*found)
        return None

    def _complete(self, directive: Directive, potential: tuple[int, int]) -> tuple[int, int] | str | None:
        """Steps after a start match: the end term, then the suffix. _STOP ends the whole search;
        None moves on to the next start match."""
        match_start, match_end = potential
        end_search = match_end
        while end_search < self.end or directive.end is None:
            if directive.end is not None:
                end_match = self.find_string(directive.end, end_search, self.end, True, directive.suffix is None)
                if end_match is None:
                    return _STOP
                match_end = end_match[1]
            if directive.suffix is None:
                return match_start, match_end
            suffix_start = self.next_shown(match_end)
            suffix = self.find_string(directive.suffix, suffix_start, self.end, False, True)
            if suffix is None:
                return _STOP
            if suffix[0] == suffix_start:
                return match_start, match_end
            if directive.end is None:
                return None
            end_search = match_end
        return None


def lands(page: Page, directive: Directive, span: tuple[int, int]) -> bool:
    """True when the browser would highlight a non-empty stretch inside `span` (text offsets)."""
    found = page.find(directive)
    return found is not None and span[0] <= found[0] < found[1] <= span[1]


def link_lands(page: Page, url: str, span: tuple[int, int]) -> bool:
    """True when the text directive of `url` (a link made by `link`) lands inside `span`; a link without
    one (or with one we cannot parse) does not land."""
    _, marked, encoded = url.partition("#:~:text=")
    try:
        return bool(marked) and lands(page, Directive.parse(encoded), span)
    except ValueError:
        return False


def _lines(page: Page, start: int, end: int) -> list[list[str]]:
    """The shown words of [start, end), one list per block that has any."""
    return [line.split() for line in page.shown[start:end].split("\n") if line.strip()]


_CONTEXT_CHARS = 400
"""Characters looked at beside a quote for its context words (the whole block only when they hold too few)."""


def _words_before(page: Page, start: int) -> list[str]:
    """The words of the last block with any before shown position `start` (a prefix's words).

    Reads at most _CONTEXT_CHARS back, so a quote late in a long block costs no more than an early one."""
    block = page.shown.rfind("\n", 0, max(start - 1, 0)) + 1
    window = max(block, start - _CONTEXT_CHARS)
    lines = page.shown[window:start].split("\n")
    last = max((i for i, line in enumerate(lines) if line.strip()), default=None)
    if window == block or (last is not None and last > 0):
        return lines[last].split() if last is not None else []
    words = lines[0].split()[0 if page.shown[window - 1] in " \n" else 1 :]
    if len(words) >= CONTEXT_WORDS:
        return words
    found = _lines(page, block, start)
    return found[-1] if found else []


def _words_after(page: Page, end: int) -> list[str]:
    """The words of the first block with any from shown position `end` on (a suffix's words)."""
    following = page.shown.find("\n", end + 1)
    stop = following if following >= 0 else page.end
    window = min(stop, end + _CONTEXT_CHARS)
    lines = page.shown[end:window].split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if window == stop or (first is not None and first < len(lines) - 1):
        return lines[first].split() if first is not None else []
    words = lines[-1].split()
    words = words if page.shown[window] in " \n" else words[:-1]
    if len(words) >= CONTEXT_WORDS:
        return words
    found = _lines(page, end, stop)
    return found[0] if found else []


def candidates(page: Page, span: tuple[int, int]) -> Iterator[Directive]:
    """Directives for the quote at `span` (text offsets), shortest first: the quote alone, start,end
    from its edge words, then longer edges and words of context before and after it (made as tried:
    the first one usually lands)."""
    start, end = page.position(span[0]), page.position(span[1] - 1) + 1
    lines = _lines(page, start, end)
    if not lines:
        return
    first, last = lines[0], lines[-1]
    whole = " ".join(first) if len(lines) == 1 else None
    before, after = _words_before(page, start), _words_after(page, end)
    prefixes = [" ".join(before[-n:]) for n in range(1, CONTEXT_WORDS + 1) if n <= len(before)]
    suffixes = [" ".join(after[:n]) for n in range(1, CONTEXT_WORDS + 1) if n <= len(after)]
    shapes: list[tuple[str, str | None]] = []
    if whole is not None and len(first) <= LONG_QUOTE_WORDS:
        shapes.append((whole, None))
    edge = EDGE_WORDS
    while True:
        if len(lines) > 1 or 2 * edge < len(first):
            shapes.append((" ".join(first[:edge]), " ".join(last[-edge:])))
        if edge >= max(len(first), len(last)):
            break
        edge *= 2
    if len(lines) > 1:
        # Short first and last lines (a table row with one cell a line): the whole lines are the edges.
        shapes.append((" ".join(first), " ".join(last)))
    if whole is not None and (whole, None) not in shapes:
        shapes.append((whole, None))
    yield from (Directive(s, e) for s, e in shapes)
    yield from (Directive(s, e, prefix) for prefix in prefixes for s, e in shapes)
    yield from (Directive(s, e, None, suffix) for suffix in suffixes for s, e in shapes)
    yield from (Directive(s, e, p, x) for p, x in zip(prefixes, suffixes, strict=False) for s, e in shapes)


def fragment_for(page: Page, span: tuple[int, int]) -> Directive | None:
    """The shortest directive whose simulated match lies inside the quote at `span`, or None."""
    for directive in candidates(page, span):
        if lands(page, directive, span):
            return directive
    return None


def quote_fragment(quote: str) -> Directive | None:
    """A directive for a quote whose text we do not hold: built against the quote alone, so it lands
    on the quote only when no earlier stretch of the page matches it too."""
    return fragment_for(Page(quote), (0, len(quote)))
