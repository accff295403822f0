"""Text-fragment links: the browser's find algorithm simulated from the specification, and links built to land."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from etl import fragments
from etl.build import Inputs, checked_inputs
from etl.fragments import Directive, Page

# A page in the spirit of the specification's web-platform tests: one block per line.
PAGE = """Won't scroll if matched: match suffix match suffix3
The quick brown fox jumped over the lazy dog. a a b b b c
foo foo foo bar bar bar
match suffix2 prefix match suffix3 matchEnd suffix4 matchEnd suffix5
Lorem

   Ipsum
Whitespace
Dipsum
She caught it in one hand and a net.
he's falling.
3.5
II
the cat
And I'm sure 't were a sin
This text appears at the end of the document
"""


@pytest.mark.parametrize(
    ("directive", "lands_below_first_line"),
    [
        ("jumped", True), ("u-,mped", False), ("ju-,mped", True), ("null-,The%20quick", False),
        ("foo%20foo-,bar", True), ("a%20a-,b", True), ("quick%20brown-,brown%20fox", False),
        ("quick%20brown-,fox", True), ("Lorem-,Ipsum", True), ("end%20of%20the%20document-,test", False),
        ("fox-,jum,over", False), ("fox-,jum", False), ("fox-,jum,-ped", True), ("jum-,ped", True),
        ("jumped-,null", False), ("brown-,jumped", False), ("foo-,bar", True), ("jum,over", False), ("jum", False),
        ("jum,-ped", True), ("umped", False), ("null,lazy", False), ("b%20b,-c", True), ("foo%20foo,-bar", True),
        ("brown,fox", True), ("brown,quick", False), ("quick,bro", False), ("quick,bro,-wn", True),
        ("quick,ro,-wn", False), ("bro,wn", False), ("quick,jumped,-fox", False), ("The-,quick,brown", True),
        ("The-,quick,fox,-brown", False), ("Lorem-,Ipsum,Whitespace,-Dipsum", True), ("quick,-bro", False),
        ("qu,-ick", True), ("quick,-null", False), ("quick,-fox", False), ("match,-suffix2", True),
        ("prefix-,match,-suffix3", True), ("prefix-,match,matchEnd,-suffix5", True), ("caught,and%20a", True),
        ("he%27s", True), ("he", False), ("%27t", True), ("5", False), ("3%2E", False), ("i-,the%20cat", False),
        ("QUICK%20Brown", True), ("quick%20%20brown", False),
    ],
)  # fmt: skip
def test_find_follows_the_specification(directive: str, lands_below_first_line: bool) -> None:
    found = Page(PAGE).find(Directive.parse(directive))
    assert (found is not None and found[0] > PAGE.index("\n")) == lands_below_first_line


def test_find_returns_the_highlighted_text_offsets() -> None:
    text = "Title\n\nThe  quick\tbrown fox.\n"
    start, end = Page(text).find(Directive("quick", "fox"))
    assert text[start:end] == "quick\tbrown fox"


@pytest.mark.parametrize(
    ("term", "encoded"),
    [("well-known", "well%2Dknown"), ("R&D", "R%26D"), ("1,328", "1%2C328"), ("a b", "a%20b"), ("$38", "%2438"),
     ("café", "caf%C3%A9"), ("#:~:", "%23%3A~%3A")],
)  # fmt: skip
def test_terms_escape_the_syntax_characters(term: str, encoded: str) -> None:
    assert fragments.encode_term(term) == encoded
    assert Directive.parse(f"{encoded}-,{encoded},{encoded},-{encoded}") == Directive(term, term, term, term)


def test_link_replaces_any_fragment_and_keeps_the_query() -> None:
    assert fragments.link("https://example.com/a?id=1#top", Directive("Hello world")) == (
        "https://example.com/a?id=1#:~:text=Hello%20world"
    )


def _span(text: str, quote: str) -> tuple[int, int]:
    start = text.rindex(quote)
    return start, start + len(quote)


# The four ways links missed in the seed articles, and quotes edged by apostrophes.
CASES = {
    "headline holds the first word": (
        "Huawei unveils Pangu models\n\nHuawei Cloud's Pangu large models serve 30 industries, to maximize AI's value.\n",
        "Huawei Cloud's Pangu large models serve 30 industries, to maximize AI's value.",
    ),
    "an earlier sentence starts the same": (
        "For example, the grid was upgraded.\nFor example, PetroChina's Kunlun model covers 50 scenarios and "
        "is expected to announce its findings.\n",
        "For example, PetroChina's Kunlun model covers 50 scenarios and is expected to announce its findings.",
    ),
    "quote starts with a word ending in an apostrophe": (
        "Investors’ money. Investors’ spending on AI reached $91.9 billion in 2022.\n",
        "Investors’ spending on AI reached $91.9 billion in 2022.",
    ),
    "quote ends with a word starting with an apostrophe": (
        "Back in the ’90s. Growth was the fastest since the ’90s\n",
        "Growth was the fastest since the ’90s",
    ),
    "straight apostrophes": (
        "Investors' spending fell. Investors' spending on AI rose 30 percent, as in the '90s\n",
        "Investors' spending on AI rose 30 percent, as in the '90s",
    ),
    "table row with one cell a line": (
        "Total |\n|Services\n|439\n|588\n|Software\n|283\n|452\n",
        "|Services\n|439\n|588",
    ),
    "quote across two paragraphs": (
        "Spending grew.\nSpending grew 25 percent a year\nto $38 billion in 2027.\n",
        "Spending grew 25 percent a year\nto $38 billion in 2027.",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_link_lands_inside_the_quote(case: str) -> None:
    text, quote = CASES[case]
    span = _span(text, quote)
    directive = fragments.fragment_for(Page(text), span)
    assert directive is not None
    start, end = Page(text).find(directive)
    assert span[0] <= start < end <= span[1]


@pytest.mark.parametrize(
    ("fragment", "lands"),
    [("#:~:text=Huawei%20Cloud%27s", True), ("#:~:text=Huawei", False), ("", False), ("#:~:text=,", False)],
)
def test_a_stored_link_lands_only_when_its_fragment_finds_the_quote_first(fragment: str, lands: bool) -> None:
    text, quote = CASES["headline holds the first word"]
    assert fragments.link_lands(Page(text), "https://example.com/a" + fragment, _span(text, quote)) is lands


def test_short_unique_quote_is_one_term() -> None:
    text = "Title\nErnie Bot has over 430 million users.\n"
    assert str(fragments.fragment_for(Page(text), _span(text, "Ernie Bot has over 430 million users."))) == (
        "Ernie%20Bot%20has%20over%20430%20million%20users."
    )


def test_every_curated_figure_link_lands_inside_its_quote(seed_corpus: object) -> None:
    """Each figure's stored fragment (what `figures.link` carries), simulated against its text."""
    from etl import ledger

    sources, figures, problems = checked_inputs(Inputs())
    assert not [p for p in problems if p.severity == "error"]
    entries = ledger.from_texts(sources, figures)
    texts = {s.doc_id: s.text for s in sources}
    checked = 0
    for entry in entries:
        if entry.figure_id:
            page = Page(texts[entry.doc_id] or "")
            assert entry.text_fragment, f"{entry.figure_id}: no link lands inside its quote"
            assert fragments.lands(page, Directive.parse(entry.text_fragment), (entry.quote_start, entry.quote_end)), (
                entry.figure_id
            )
            checked += 1
    assert checked == len(figures["figure_id"])


# --- generated texts: the simulation agrees with an independent matcher built on regular expressions ---

WORDS = ("a", "the", "AI", "For", "example,", "Investors’", "’90s", "38", "billion", "grew", "Grew.", "it's")


def _oracle(text: str, directive: Directive) -> tuple[int, int] | None:
    """Where regular expressions over the shown, lower-cased page find the directive (shown offsets).

    Start matches are tried at every position; once an end term is given, only the first start match
    counts, and its end is searched as the specification does: each search resumes after the last end
    match (never overlapping it), and a missing end or suffix ends the whole search."""
    shown = "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip()).lower()
    flags = regex.WORD | regex.V1 | regex.DOTALL

    def term(value: str) -> str:
        return regex.escape(value.lower().replace("’", "'")).replace("'", "['’]")

    def suffix_follows(position: int) -> bool:
        return directive.suffix is None or bool(
            regex.compile(r"[ \n]*" + term(directive.suffix) + r"\b", flags).match(shown, position)
        )

    bounded_end = directive.end is not None or directive.suffix is None
    prefix = r"\b" + term(directive.prefix) + r"[ \n]*" if directive.prefix else r"\b"
    starts = prefix + "(?P<match>" + term(directive.start) + (r"\b" if bounded_end else "") + ")"
    for start in regex.finditer(starts, shown, flags=flags, overlapped=True):
        if directive.end is None:
            if suffix_follows(start.end("match")):
                return start.span("match")
            continue
        ends = r"\b" + term(directive.end) + (r"\b" if directive.suffix is None else "")
        for end in regex.compile(ends, flags).finditer(shown, start.end("match")):
            if suffix_follows(end.end()):
                return start.start("match"), end.end()
        return None
    return None


def _shown_span(page: Page, span: tuple[int, int] | None) -> tuple[int, int] | None:
    return None if span is None else (page.position(span[0]), page.position(span[1] - 1) + 1)


lines = st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12), min_size=1, max_size=6)


@settings(max_examples=80, deadline=None)
@given(lines=lines, data=st.data())
def test_generated_texts_agree_with_an_independent_matcher(lines: list[list[str]], data: st.DataObject) -> None:
    text = "\n\n".join(" ".join(line) for line in lines) + "\n"
    page = Page(text)
    words = [(m.start(), m.end()) for m in regex.finditer(r"\S+", text)]
    first = data.draw(st.integers(0, len(words) - 1))
    last = data.draw(st.integers(first, min(first + 15, len(words) - 1)))
    span = (words[first][0], words[last][1])
    for directive in fragments.candidates(page, span):
        assert _shown_span(page, page.find(directive)) == _oracle(text, directive), str(directive)
    directive = fragments.fragment_for(page, span)
    if directive is not None:
        assert fragments.lands(page, directive, span)


def test_a_quote_of_short_table_lines_still_lands() -> None:
    text = "Spending |\nServices |\n$10,569M |\n177.0% |\nSoftware |\n$19,164M |\n255.1% |\n"
    span = _span(text, "Services |\n$10,569M |\n177.0% |")
    directive = fragments.fragment_for(Page(text), span)
    assert directive is not None and fragments.lands(Page(text), directive, span)


def test_an_end_term_is_searched_again_only_after_its_last_match_as_the_specification_says() -> None:
    text = "a a a a a a a a\n\nthe a the a the a a\n"
    directive = Directive("a a a a", "the a the a", None, "a")
    assert Page(text).find(directive) is None
    assert _oracle(text, directive) is None
