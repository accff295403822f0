"""Find a quote in its source text, tolerant of whitespace and quote-mark differences."""

from __future__ import annotations

import re

_QUOTE_MARKS = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"'})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> tuple[str, list[int]]:
    """Text with quote marks straightened and whitespace runs collapsed to one space.

    Also returns, for each character of the result, its offset in the original text, so a match
    in the normalised text maps back to original offsets.
    """
    translated = text.translate(_QUOTE_MARKS)
    pieces: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in _SPACE.finditer(translated):
        pieces.append(translated[position : match.start()])
        offsets.extend(range(position, match.start()))
        pieces.append(" ")
        offsets.append(match.start())
        position = match.end()
    pieces.append(translated[position:])
    offsets.extend(range(position, len(translated)))
    return "".join(pieces), offsets


class SearchableText:
    """A source text normalised once, searched for many quotes."""

    def __init__(self, text: str):
        self.text = text
        self._normalised, self._offsets = normalise(text)

    def locate(self, needle: str) -> tuple[int, int] | None:
        """Offsets (start, end) of `needle` in the original text after normalising both, or None."""
        wanted, _ = normalise(needle.strip())
        if not wanted:
            return None
        at = self._normalised.find(wanted)
        if at < 0:
            return None
        return self._offsets[at], self._offsets[at + len(wanted) - 1] + 1


def locate(needle: str, text: str) -> tuple[int, int] | None:
    """Offsets of `needle` in `text` after normalising both, or None (one-off search)."""
    return SearchableText(text).locate(needle)
