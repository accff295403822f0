"""Names found by where they stand: the lines that name the organisation a whole page is from, headlines' subjects."""

from __future__ import annotations

import pytest

from etl.names import NameMemory, new_names, page_subject


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Microsoft Corp (MSFT)", "Microsoft"),  # an earnings page's footer: a name alone with its ticker
        ("Ameren (AEE.N)", "Ameren"),  # a ticker with its market
        ("Arm Holdings (NASDAQ: ARM)", "Arm Holdings"),  # with its exchange
        ("About Acme Robotics", "Acme Robotics"),  # a press release's closing section
        ("## About Zeta Labs Inc.", "Zeta Labs"),  # a markdown heading, without the legal form
        ("Model developer: Meta", "Meta"),  # a model card's maker
        ("Developed by: Zeta Labs", "Zeta Labs"),
        ("Gross Value Added (GVA)", None),  # an acronym in brackets is no ticker
        ("About Us", None),
        ("About the Author", None),
        ("Published by: Reuters", None),  # a publisher is no party to the figures
        ("Model developer: the team behind it", None),
        ("Revenue rose 12% at Acme Corp (ACME) in 2024, the company said.", None),  # a sentence, not a line of its own
    ],
)
def test_lines_naming_the_page_subject(line: str, expected: str | None) -> None:
    assert page_subject(line) == expected


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("Groq Raises $640 Million", ["Groq"]),
        ("Chipmaker posts another blowout quarter", []),  # the noun for an organisation, not its name
        ("Startup Raises $5 Million", []),
    ],
)
def test_a_headline_names_its_subject_not_the_noun_for_one(headline: str, expected: list[str]) -> None:
    assert [name for _, _, name in new_names(headline, frozenset(), NameMemory(), title=True)] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a clause saying what a name is vouches for it at a sentence's start too, after "a" or "the"
        ("Kelvo, a clinical AI company focused on imaging, has raised $150 million.", ["Kelvo"]),
        ("BenchHub, the AI model evaluation platform that runs the arena, raised $150 million.", ["BenchHub"]),
        ("The deal closed with Varta, a chip designer based in Austin.", ["Varta"]),
        # not a word before an aside naming the company, nor a word the text writes in lower case
        ("Shipments, the company said, rose 5%.", []),
        ("Growth, a concern for the firm, slowed.", []),
    ],
)
def test_a_name_before_a_clause_saying_what_it_is(sentence: str, expected: list[str]) -> None:
    memory = NameMemory()
    memory.learn("Its growth was slow.")
    assert [name for _, _, name in new_names(sentence, frozenset(), memory)] == expected
