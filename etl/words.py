"""The words of one sentence, found once and shared by the extractor's rules.

A rule that needs a word ("said", "the company", "Inc") asks `Words` whether the sentence holds it, a set
lookup, before it runs its own pattern; the time-expression finder tries its patterns only at the words'
offsets. A word is a maximal run of word characters, what a regular expression's `\\b...\\b` sees as
one word, so `\\bsaid\\b` can match only where "said" is one of the words.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
_ASCII_NON_WORD = bytes(c if chr(c).isalnum() or c == ord("_") else ord(" ") for c in range(256))
"""Each ASCII character `_WORD` does not match as a space: what splits an ASCII sentence into its words."""
_CASE_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
"""The characters besides ASCII letters that a case-blind pattern reads as an ASCII letter ("ſaid" matches
`(?i)said`), written as that letter: with them, folded words meet every word a case-blind pattern meets."""


class Words:
    """The words of a sentence as written; in lower case and with their offsets when first asked for."""

    __slots__ = ("_folded", "_folded_text", "_in_order", "_spans", "sentence", "written")

    def __init__(self, sentence: str) -> None:
        self.sentence = sentence
        self._in_order = _ascii_words(sentence) if sentence.isascii() else _WORD.findall(sentence)
        self.written = frozenset(self._in_order)
        self._folded: frozenset[str] | None = None
        self._folded_text: str | None = None
        self._spans: list[tuple[int, str]] | None = None

    @property
    def folded_text(self) -> str:
        """The sentence in lower case, folded as a case-blind pattern reads it."""
        if self._folded_text is None:
            text = self.sentence if self.sentence.isascii() else self.sentence.translate(_CASE_FOLDS)
            self._folded_text = text.lower()
        return self._folded_text

    @property
    def folded(self) -> frozenset[str]:
        """The words in lower case, folded as a case-blind pattern reads them."""
        if self._folded is None:
            ascii_only = self.sentence.isascii()  # then lower case changes no word's extent: fold the words found
            self._folded = frozenset(map(str.lower, self.written) if ascii_only else _WORD.findall(self.folded_text))
        return self._folded

    @property
    def spans(self) -> list[tuple[int, str]]:
        """(offset, word) of every word, in order."""
        if self._spans is None:
            self._spans = []
            position = 0
            for word in self._in_order:  # each word opens at the first word character after the one before it
                position = self.sentence.find(word, position)
                self._spans.append((position, word))
                position += len(word)
        return self._spans

    def has(self, words: frozenset[str]) -> bool:
        """Whether the sentence holds one of `words` as written (a case-sensitive pattern's words)."""
        return not self.written.isdisjoint(words)

    def has_folded(self, words: frozenset[str]) -> bool:
        """Whether the sentence holds one of `words` (lower case) in any case (a case-blind pattern's words)."""
        return not self.folded.isdisjoint(words)

    def contain(self, part: str) -> bool:
        """Whether a word holds `part` (lower-case word characters) in any case: "accordingly" holds "according"."""
        return part in self.folded_text


def fold_word(word: str) -> str:
    """A word in lower case, folded as a case-blind pattern reads it (as `Words.folded` holds it)."""
    return word.lower() if word.isascii() else word.translate(_CASE_FOLDS).lower()


def _ascii_words(sentence: str) -> list[str]:
    """What `_WORD.findall` finds in an ASCII sentence, found by byte translation (several times quicker)."""
    return sentence.encode("ascii").translate(_ASCII_NON_WORD).decode("ascii").split()


def first_words(alternation: str) -> frozenset[str]:
    """The first word of each branch of a plain alternation such as "said|says|pointed\\s+out" ("pointed")."""
    return frozenset(re.split(r"\W", branch, maxsplit=1)[0] for branch in alternation.split("|"))
