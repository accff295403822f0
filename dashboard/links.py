"""Links that open an article at the quoted sentence, and citations of a figure.

A URL text fragment (https://wicg.github.io/scroll-to-text-fragment/) is `#:~:text=[prefix-,]start[,end][,-suffix]`.
Each term is percent-encoded, including the three characters the syntax itself uses: '-', '&' and ','.
Short quotes are matched whole; long quotes by their first and last words (the `start,end` form),
which keeps URLs short and survives small differences in the middle of a sentence.

Curators may type straight quote marks where the page has curly ones (and the browser matches text
literally), so the words chosen for the terms avoid quote marks and apostrophes where possible.
"""

from __future__ import annotations

import urllib.parse

LONG_QUOTE_WORDS = 10
"""Quotes with more words than this link with the start,end form."""
EDGE_WORDS = 4
"""How many words the start and end terms take from a long quote."""

QUOTE_MARKS = "\"'‘’‚′“”„″«»"


def encode_term(term: str) -> str:
    """Percent-encode one text-fragment term: everything but unreserved characters, and '-' too."""
    return urllib.parse.quote(term, safe="").replace("-", "%2D")


def _clean(word: str) -> str:
    return word.strip(QUOTE_MARKS)


def _has_mark(word: str) -> bool:
    return any(mark in word for mark in QUOTE_MARKS)


def _leading(words: list[str], count: int) -> list[str]:
    """Up to `count` words from the first word without a quote mark, stopping at the next word with one."""
    clean = [index for index, word in enumerate(words) if not _has_mark(word)]
    if not clean:
        return words[:count]
    taken: list[str] = []
    for word in words[clean[0] : clean[0] + count]:
        if _has_mark(word):
            break
        taken.append(word)
    return taken


def fragment_terms(quote: str) -> tuple[str, str | None]:
    """The (start, end) terms for a quote; end is None when the whole quote is one term.

    Short quotes without quote marks are one term. Otherwise the start term is the first few words
    (skipping words with quote marks, whose curly or straight form may differ from the page) and the
    end term the last few.
    """
    words = quote.split()
    if words:
        words[0], words[-1] = _clean(words[0]), _clean(words[-1])
    words = [word for word in words if word]
    if not words:
        raise ValueError("an empty quote has no text fragment")
    if len(words) <= LONG_QUOTE_WORDS and not any(_has_mark(word) for word in words):
        return " ".join(words), None
    start = _leading(words, EDGE_WORDS)
    first = words.index(start[0]) if start else 0
    rest = words[first + len(start) :]
    end = list(reversed(_leading(list(reversed(rest)), EDGE_WORDS))) if rest else []
    return " ".join(start), " ".join(end) if end else None


def fragment_link(url: str, quote: str | None) -> str:
    """The article URL with a text fragment that scrolls to and highlights the quote."""
    if not quote or not quote.strip():
        return url
    start, end = fragment_terms(quote)
    directive = encode_term(start) + (f",{encode_term(end)}" if end else "")
    base = url.split("#", 1)[0]
    return f"{base}#:~:text={directive}"


def citation(
    *,
    figure_id: str,
    surface: str | None,
    attributed_to: str,
    publisher: str,
    title: str,
    published: str,
    url: str,
    build_id: str,
    indicator: str,
    entity: str,
    period: str,
) -> str:
    """A ready citation: producer, publisher, date, URL and the data build."""
    stated = f"{surface!s} " if surface else ""
    return (
        f"{attributed_to}, {indicator} — {entity}, {period}: {stated}(reported in {publisher}, "
        f"“{title}”, {published}, {url}). Via AI Industry Indicators, figure {figure_id}, "
        f"data build {build_id}."
    )
