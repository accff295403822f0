"""The plain-Python checks that speed up the build accept only what the pydantic models accept unchanged.

Whatever a quick check accepts must validate with the model to the very same values; whatever it
declines goes to the model, so error messages stay the model's (tests/test_curated.py checks those).
"""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import HttpUrl, TypeAdapter, ValidationError

from etl import curated, models, sources
from etl.curated import FIGURE_COLUMNS, FigureFields

CELLS = {
    "figure_id": ["tiny-1", "Tiny-1", " tiny-1", "tiny_1", "", "1-a", "a-"],
    "indicator_id": ["ai_spending", " ai_spending", "", "x"],
    "entity": ["China", "China ", "", "\u3000China"],
    "period": ["2027", "2023-2027", "2024-11", "2024-H1", "2024-Q3", "2027-2023", "Nov 2024", "", " 2027"],
    "surface": ["$38 billion", " $38 billion", "", "9 percent"],
    "qualifier": ["", " ", "approx", " approx", "roughly", "exact", "over"],
    "kind": ["forecast", "reported", "rumour", "", " forecast"],
    "attributed_to": ["IDC", "", " IDC"],
    "quote": ["China will spend $38 billion.", " China.", "", "x\x1c"],
    "value": ["", " ", "38000000000", "3.8e10", "1e400", "nan", "inf", "lots", "+5", "5.", ".5", "-2", "1_000", " 7"],
    "unit": ["", "USD", "usd", " USD", "people", "%"],
    "override": ["", " ", "checked by hand", " by hand"],
    "note": ["", "a note", " padded ", "line\nbreak", "\t"],
}


def _model_fields(cells: dict[str, str]) -> FigureFields | None:
    try:
        checked = models.FigureRow.model_validate(cells)
    except ValidationError:
        return None
    return FigureFields(*(getattr(checked, name) for name in FigureFields._fields))


def _check_figure(cells: dict[str, str]) -> bool:
    """Quick check and model agree; True when the quick check took the row."""
    row = [cells[name] for name in FIGURE_COLUMNS]
    quick = curated._quick_figure(row, curated._picker(list(FIGURE_COLUMNS)))
    if quick is not None:
        assert quick == _model_fields(cells), cells
    return quick is not None


def test_quick_figure_agrees_with_the_model_for_every_single_change():
    plain = {name: values[0] for name, values in CELLS.items()}
    taken = sum(_check_figure(plain | {name: value}) for name, values in CELLS.items() for value in values)
    assert taken >= 30, "most single changes of a plain row are still plain"


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(list(CELLS)).flatmap(lambda name: st.tuples(st.just(name), st.sampled_from(CELLS[name]))),
        max_size=4,
    )
)
def test_quick_figure_agrees_with_the_model_for_combined_changes(changes: list[tuple[str, str]]):
    _check_figure({name: values[0] for name, values in CELLS.items()} | dict(changes))


def test_quick_figure_takes_the_plain_row_and_declines_padding():
    plain = {name: values[0] for name, values in CELLS.items()}
    pick = curated._picker(list(FIGURE_COLUMNS))
    assert curated._quick_figure([plain[name] for name in FIGURE_COLUMNS], pick) == _model_fields(plain)
    padded = plain | {"entity": " China"}
    assert curated._quick_figure([padded[name] for name in FIGURE_COLUMNS], pick) is None


def test_picker_handles_reordered_and_missing_optional_columns():
    header = ["note", "figure_id", "indicator_id", "entity", "period", "surface", "kind", "attributed_to", "quote"]
    cells = ["n", "f", "i", "e", "2027", "5%", "reported", "a", "q 5%"]
    picked = curated._picker(header)(cells)
    assert dict(zip(FIGURE_COLUMNS, picked, strict=True)) == {
        "figure_id": "f", "indicator_id": "i", "entity": "e", "period": "2027", "surface": "5%", "qualifier": None,
        "kind": "reported", "attributed_to": "a", "quote": "q 5%", "value": None, "unit": None, "override": None,
        "note": "n",
    }  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            "indicator_id": st.sampled_from(["ai_spending", "Ai", " x", "", "a1_b"]),
            "name": st.sampled_from(["AI spending", "", " n"]),
            "unit": st.sampled_from(["USD", "%", "usd", " USD"]),
            "topic": st.sampled_from(["Spending", ""]),
            "chart": st.sampled_from(["line", "bar", "share", "pie", " bar"]),
            "description": st.sampled_from(["Spending (USD).", " d "]),
        }
    )
)
def test_quick_indicator_agrees_with_the_model(fields: dict[str, str]):
    quick = curated._quick_indicator(fields)
    if quick is not None:
        assert quick == curated.Indicator(**models.IndicatorRow.model_validate(fields).model_dump())


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            "entity": st.sampled_from(["China", " China", "", "United States"]),
            "type": st.sampled_from(["country", "company", "planet", " country"]),
            "aliases": st.sampled_from(["", "US; U.S. ;USA", ";;", " PRC "]),
        }
    )
)
def test_quick_entity_agrees_with_the_model(fields: dict[str, str]):
    quick = curated._quick_entity(fields)
    if quick is not None:
        assert quick == curated.Entity(**models.EntityRow.model_validate(fields).model_dump())


TOML_LINES = st.sampled_from(
    [
        'id = "tiny-times"', 'title = "Tiny article"', "title = 'literal'", 'publisher = "A \\"quoted\\" one"',
        'author = ""', 'url = "https://example.com/tiny"', "# a comment", "", "   ", "[published]", "[ published ]",
        "date = 2025-01-20", "date = 2025-02-30", "date = 2025-01-20T10:00:00", "earliest = 2024-09-19 # note",
        'note = "on or after 2024-09-19"', 'note = "tab\there"', 'id = "again"', "key = 5", "a.b = 1",
        'text_file = "tiny.txt"  ', "\ufeffid = 'x'", 'x = "unterminated', "[other]",
    ]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(TOML_LINES, max_size=10).map("\n".join))
def test_simple_toml_reads_like_tomllib_or_declines(raw: str):
    quick = sources._simple_toml(raw)
    if quick is None:
        return
    assert quick == tomllib.loads(raw)


def _manifest(**changes: object) -> dict[str, object]:
    document: dict[str, object] = {
        "id": "tiny-times", "title": "Tiny article", "publisher": "Tiny Times", "author": "A. Writer",
        "url": "https://example.com/tiny", "language": "en", "text_file": "tiny.txt", "sha256": "a" * 64,
        "published": {"date": dt.date(2025, 1, 20)},
    }  # fmt: skip
    document.update(changes)
    return document


MANIFESTS = [
    _manifest(),
    _manifest(author=None),
    _manifest(id="Tiny"),
    _manifest(title=""),
    _manifest(language="en-US"),
    _manifest(language="EN"),
    _manifest(text_file="a/b.txt"),
    _manifest(sha256="A" * 64),
    _manifest(url="https://Example.com/x"),
    _manifest(published={"earliest": dt.date(2024, 9, 19), "note": "after"}),
    _manifest(published={"date": dt.date(2024, 1, 1), "earliest": dt.date(2024, 9, 19)}),
    _manifest(published={}),
    _manifest(published={"date": "2025-01-20"}),
    _manifest(published={"date": dt.datetime(2025, 1, 20)}),
    _manifest(extra="field"),
]


@pytest.mark.parametrize("document", MANIFESTS)
def test_quick_manifest_agrees_with_the_model(document: dict[str, object]):
    document = {key: value for key, value in document.items() if value is not None}
    quick = sources._quick_manifest(document)
    if quick is None:
        return
    checked = models.Manifest.model_validate(document)
    assert quick.url == str(checked.url)
    assert quick.published == sources.Published(
        checked.published.date, checked.published.earliest, checked.published.note
    )
    assert {
        k: getattr(quick, k) for k in ("id", "title", "publisher", "author", "language", "text_file", "sha256")
    } == (checked.model_dump(exclude={"url", "published"}))


def test_quick_manifest_takes_the_plain_manifest():
    assert sources._quick_manifest(_manifest()) is not None


URL_PIECES = st.sampled_from(
    ["https://", "http://", "example.com", "Example.com", "ex-ample.org", "1.2.3.4", "xn--bcher-kva.com", ":443",
     "/", "/a", "/./", "/../", "/.", "/..", "%2e", "%41", "?q=1", "&x=y", "'", " ", "#frag", "~", "(", ")", "*",
     "a.b", "UPPER", "\\", "@", ";", ",", "+", "=", "!", "$"]
)  # fmt: skip
_HTTP_URL = TypeAdapter(HttpUrl)


@settings(max_examples=800, deadline=None)
@given(st.lists(URL_PIECES, min_size=2, max_size=8).map("".join))
def test_safe_url_is_kept_exactly_by_httpurl(url: str):
    if sources._safe_url(url):
        assert str(_HTTP_URL.validate_python(url)) == url


@pytest.mark.parametrize(
    "url",
    [
        "https://abo-news.com/blog/the-halo-of-generative-ai?categoryId=23509",
        "https://chinadailyhk.com/article/602849",
        "https://cloudadvent.com/get_news/info/3920.html",
        "https://example.com/synthetic/syn-000001",
    ],
)
def test_the_usual_urls_take_the_quick_path(url: str):
    assert sources._safe_url(url)
    assert str(_HTTP_URL.validate_python(url)) == url
