"""Find a quote in its source text, tolerant of whitespace and quote-mark differences.

Normalising means: curly quote marks become straight ones, and every run of whitespace becomes one
space. A text is normalised once (`SearchableText`), then searched for many quotes. Offsets found in
the normalised text map back to the original through the few whitespace runs that changed length,
so no per-character table is kept.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_MARKS = (("‘", "'"), ("’", "'"), ("‚", "'"), ("′", "'"), ("“", '"'), ("”", '"'), ("„", '"'), ("″", '"'))
_SPACE = re.compile(r"\s+")
_OTHER_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"
"""The ASCII whitespace other than the space (what `\\s` and str.isspace() match below 128)."""
_UNICODE_SPACES = (
    "\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""The rest of what `\\s` matches (tests/test_quotes.py checks both lists against str.isspace)."""


def straighten(text: str) -> str:
    """Curly quote marks replaced by straight ones (one character for one: offsets do not move)."""
    if text.isascii():
        return text
    for curly, straight in _MARKS:
        if curly in text:
            text = text.replace(curly, straight)
    return text


def normalised(text: str) -> str:
    """`text` with quote marks straightened and whitespace runs collapsed to one space."""
    text = straighten(text)
    if "  " not in text and text.isprintable():
        return text
    return _SPACE.sub(" ", text)


def _changed_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every whitespace run that normalising changes, in order.

    Finds the few places with str.find (memchr speed) rather than a regex over every character.
    """
    hits: list[int] = []
    for char in _OTHER_SPACES if text.isascii() else _OTHER_SPACES + _UNICODE_SPACES:
        at = text.find(char)
        while at >= 0:
            hits.append(at)
            at = text.find(char, at + 1)
    at = text.find("  ")
    while at >= 0:
        hits.append(at)
        at = text.find("  ", at + 2)
    hits.sort()
    runs: list[tuple[int, int]] = []
    end = -1
    size = len(text)
    for hit in hits:
        if hit < end:
            continue
        start = hit
        while start > 0 and text[start - 1].isspace():
            start -= 1
        end = hit + 1
        while end < size and text[end].isspace():
            end += 1
        runs.append((start, end))
    return runs


def _compact(text: str) -> str:
    """The same text stored one byte per character when it is ASCII (str.replace keeps the wider form)."""
    if text.isascii():
        return text
    try:
        return text.encode("ascii").decode("ascii")
    except UnicodeEncodeError:
        return text


class SearchableText:
    """A source text normalised once, searched for many quotes."""

    def __init__(self, text: str):
        self.text = text
        straight = _compact(straighten(text))
        pieces: list[str] = []
        self._positions: list[int] = []
        """Normalised index of each collapsed run that was longer than one character."""
        self._shifts: list[int] = []
        """Characters removed up to and including that run."""
        position = length = removed = 0
        for start, end in _changed_runs(straight):
            pieces.append(straight[position:start])
            pieces.append(" ")
            length += start - position
            if end - start > 1:
                removed += end - start - 1
                self._positions.append(length)
                self._shifts.append(removed)
            length += 1
            position = end
        pieces.append(straight[position:])
        self.normalised = "".join(pieces) if len(pieces) > 1 else straight

    def original(self, index: int) -> int:
        """Offset in the original text of the character at `index` in the normalised text."""
        before = bisect_left(self._positions, index)
        return index + (self._shifts[before - 1] if before else 0)

    def find(self, wanted: str, start: int = 0, end: int | None = None) -> tuple[int, int, int] | None:
        """(normalised index, original start, original end) of an already normalised needle, or None; `start`
        and `end` bound the search in the normalised text, as str.find's do."""
        at = self.normalised.find(wanted, start, end) if wanted else -1
        if at < 0:
            return None
        return at, self.original(at), self.original(at + len(wanted) - 1) + 1

    def locate(self, needle: str) -> tuple[int, int] | None:
        """Offsets (start, end) of `needle` in the original text after normalising both, or None."""
        found = self.find(normalised(needle.strip()))
        return None if found is None else found[1:]


def locate_figure(
    quote: str, surface: str, text: SearchableText | None
) -> tuple[bool, tuple[int, int] | None, tuple[int, int] | None]:
    """(surface found in the quote, quote's span in the text, surface's span in the text).

    Without a text only the first is known. The surface is looked for inside the stretch of text
    the quote matched, so its span is where this quote states it.
    """
    wanted, needle = normalised(surface.strip()), normalised(quote.strip())
    if not wanted or wanted not in needle:
        return False, None, None
    if text is None or (found := text.find(needle)) is None:
        return True, None, None
    at, start, end = found
    inner = text.find(wanted, at, at + len(needle))
    return True, (start, end), None if inner is None else inner[1:]
