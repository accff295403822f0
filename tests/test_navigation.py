"""One list of pages: every page file has a constant in navigation.py and is listed (see test_app for the run)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from dashboard import navigation


def _constants() -> dict[str, Path]:
    return {name: value for name, value in vars(navigation).items() if isinstance(value, Path) and name != "PAGES_DIR"}


def test_every_page_file_has_a_constant_and_exists() -> None:
    files = {p for p in navigation.PAGES_DIR.glob("*.py") if p.name != "review.py"}
    assert set(_constants().values()) == files
    assert all(path.is_file() for path in _constants().values())


def test_every_constant_is_in_the_page_list() -> None:
    source = inspect.getsource(navigation.pages)
    assert all(re.search(rf"st\.Page\(\s*{name},", source) for name in _constants())
    assert source.count("default=True") == 1 and "st.Page(OVERVIEW," in source.split("default=True")[0]
