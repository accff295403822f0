"""One list of pages: every page file has a constant in navigation.py and is listed (see test_app for the run)."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from dashboard import navigation
from etl import config, vocabulary


def _constants() -> dict[str, Path]:
    return {name: value for name, value in vars(navigation).items() if isinstance(value, Path) and name != "PAGES_DIR"}


def test_every_page_file_has_a_constant_and_exists() -> None:
    files = set(navigation.PAGES_DIR.glob("*.py"))
    assert set(_constants().values()) == files
    assert all(path.is_file() for path in _constants().values())


def test_every_constant_is_in_the_page_list_once_and_overview_is_home() -> None:
    scripts = [entry.script for entry in navigation.PAGES]
    assert sorted(scripts) == sorted(_constants().values())
    assert navigation.PAGES[0].script == navigation.OVERVIEW, "the first page is the default (home) page"
    assert len({entry.url_path for entry in navigation.PAGES}) == len(scripts), "addresses are unique"


def test_review_is_listed_only_where_it_can_work(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("A text.", encoding="utf-8")
    monkeypatch.setenv(config.CORPUS_ENV, str(texts))
    monkeypatch.setenv(config.HOSTED_ENV, "0")
    assert navigation.review_works()
    monkeypatch.setenv(config.HOSTED_ENV, "1")
    assert not navigation.review_works(), "hosted: read-only"
    monkeypatch.setenv(config.HOSTED_ENV, "0")
    (texts / "a.txt").unlink()
    assert not navigation.review_works(), "no source texts: nothing to review"
    assert "not review_works()" in inspect.getsource(navigation.pages), "pages() lists Review only then"


def test_the_apps_own_addresses_are_the_ones_a_view_may_not_take() -> None:
    own = {entry.url_path for entry in navigation.PAGES} | set(navigation.HOME_ALIASES)
    assert own == set(vocabulary.APP_PAGES), "etl/vocabulary.py APP_PAGES lists every address of PAGES"


@pytest.mark.parametrize("script", [config.ROOT / "app.py", *sorted(navigation.PAGES_DIR.glob("*.py"))], ids=str)
def test_a_page_script_holds_no_bare_string_but_its_docstring(script: Path) -> None:
    """Streamlit's magic draws a page script's bare string as text: a constant's docstring became a paragraph of
    developer prose on the Data page."""
    body = ast.parse(script.read_text(encoding="utf-8")).body
    bare = [node.lineno for node in body[1:] if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)]
    assert not bare, f"{script.name}: bare strings at lines {bare}"
