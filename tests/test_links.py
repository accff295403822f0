"""Text-fragment links (#:~:text=) and citations."""

from __future__ import annotations

import urllib.parse

import pytest

from dashboard import links

LONG = (
    "China's spending on AI will likely hit $38 billion in 2027, and account for about 9 percent of the global "
    "market, the consultancy estimated."
)


@pytest.mark.parametrize(
    ("term", "encoded"),
    [
        ("well-known", "well%2Dknown"),
        ("R&D", "R%26D"),
        ("1,328", "1%2C328"),
        ("a b", "a%20b"),
        ("$38", "%2438"),
        ("30-fold", "30%2Dfold"),
        ("café", "caf%C3%A9"),
        ("#:~:", "%23%3A~%3A"),
    ],
)
def test_encode_term_escapes_syntax_characters(term: str, encoded: str) -> None:
    assert links.encode_term(term) == encoded
    assert urllib.parse.unquote(encoded) == term


def test_short_quote_is_one_term() -> None:
    link = links.fragment_link("https://example.com/a", "Ernie Bot has over 430 million users.")
    assert link == "https://example.com/a#:~:text=Ernie%20Bot%20has%20over%20430%20million%20users."


def test_long_quote_uses_start_end_form_avoiding_apostrophes() -> None:
    assert links.fragment_terms(LONG) == ("spending on AI will", "market, the consultancy estimated.")
    link = links.fragment_link("https://example.com/a", LONG)
    assert link == "https://example.com/a#:~:text=spending%20on%20AI%20will,market%2C%20the%20consultancy%20estimated."


def test_terms_are_in_the_quote_in_order() -> None:
    start, end = links.fragment_terms(LONG)
    assert end is not None
    assert LONG.index(start) < LONG.rindex(end)


def test_surrounding_quote_marks_are_dropped() -> None:
    assert links.fragment_terms("“AI is the future”") == ("AI is the future", None)


def test_short_quote_with_apostrophe_switches_to_start_end() -> None:
    start, end = links.fragment_terms("China's share is 36 percent of models")
    assert (start, end) == ("share is 36 percent", "of models")


def test_existing_fragment_is_replaced_and_query_kept() -> None:
    link = links.fragment_link("https://example.com/a?id=1#top", "Hello world")
    assert link == "https://example.com/a?id=1#:~:text=Hello%20world"


def test_no_quote_gives_the_plain_url() -> None:
    assert links.fragment_link("https://example.com/a", None) == "https://example.com/a"
    assert links.fragment_link("https://example.com/a", "  ") == "https://example.com/a"


def test_citation_names_producer_publisher_date_url_and_build() -> None:
    text = links.citation(
        figure_id="idc-china-ai-spending-2027", surface="$38 billion", attributed_to="IDC", publisher="China Daily",
        title="Seizing the future", published="2025-01-20", url="https://example.com/a", build_id="abc123",
        indicator="AI spending", entity="China", period="2027",
    )  # fmt: skip
    assert text == (
        "IDC, AI spending — China, 2027: $38 billion (reported in China Daily, “Seizing the future”, 2025-01-20, "
        "https://example.com/a). Via AI Industry Indicators, figure idc-china-ai-spending-2027, data build abc123."
    )
