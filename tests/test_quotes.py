"""Quote matching: the fast normaliser gives exactly what the plain definition gives."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl import quotes
from etl.quotes import SearchableText, locate_figure, normalised

_MARKS = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"'})


def reference_normalise(text: str) -> tuple[str, list[int]]:
    """The definition: straighten quote marks, collapse each whitespace run; offset of every character."""
    translated = text.translate(_MARKS)
    pieces: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in re.finditer(r"\s+", translated):
        pieces.append(translated[position : match.start()])
        offsets.extend(range(position, match.start()))
        pieces.append(" ")
        offsets.append(match.start())
        position = match.end()
    pieces.append(translated[position:])
    offsets.extend(range(position, len(translated)))
    return "".join(pieces), offsets


def reference_locate(needle: str, text: str) -> tuple[int, int] | None:
    haystack, offsets = reference_normalise(text)
    wanted, _ = reference_normalise(needle.strip())
    at = haystack.find(wanted) if wanted else -1
    return None if at < 0 else (offsets[at], offsets[at + len(wanted) - 1] + 1)


def test_whitespace_lists_are_exactly_what_regex_s_matches():
    every = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert sorted(quotes._OTHER_SPACES + quotes._UNICODE_SPACES + " ") == every
    assert re.fullmatch(r"\s+", "".join(every))


PIECES = st.sampled_from(
    ["China", "’s", "'s", " ", "  ", "\n", "\n\n", "\t", "\xa0", "\u3000", "“AI”", '"AI"', "38", "$38 billion", "a",
     "b", ".", "壹沓", " \n ", "\r\n", "\x1c"]
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_searchable_text_normalises_like_the_definition(text: str):
    expected, offsets = reference_normalise(text)
    searchable = SearchableText(text)
    assert searchable.normalised == expected
    assert [searchable.original(i) for i in range(len(expected))] == offsets
    assert normalised(text) == expected


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.integers(0, 40), st.integers(1, 40))
def test_locate_finds_what_the_definition_finds(text: str, start: int, length: int):
    needle = text[start : start + length]
    assert SearchableText(text).locate(needle) == reference_locate(needle, text)
    assert SearchableText(text).locate(needle + "x") == reference_locate(needle + "x", text)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(0, 40), st.integers(1, 60), st.integers(0, 20), st.integers(1, 10))
def test_surface_span_equals_locating_it_inside_the_matched_quote(text, start, length, inner, inner_length):
    quote = text[start : start + length]
    surface = quote[inner : inner + inner_length]
    if not quote.strip() or not surface.strip():
        return
    in_quote, quote_span, surface_span = locate_figure(quote, surface, SearchableText(text))
    assert in_quote == (reference_locate(surface, quote) is not None)
    if not in_quote:
        return
    assert quote_span == reference_locate(quote, text)
    if quote_span is None:
        assert surface_span is None
        return
    found = reference_locate(surface, text[quote_span[0] : quote_span[1]])
    expected = None if found is None else (quote_span[0] + found[0], quote_span[0] + found[1])
    assert surface_span == expected


@pytest.mark.parametrize(
    ("text", "needle", "span"),
    [
        ("China’s  spending\n on AI", "China's spending on AI", (0, 24)),
        ("a “b” c", 'a "b" c', (0, 7)),
        ("x\r\ny z", "y z", (3, 6)),
        ("no match here", "absent", None),
        ("  leading", "leading", (2, 9)),
    ],
)
def test_locate_cases(text, needle, span):
    assert SearchableText(text).locate(needle) == span
