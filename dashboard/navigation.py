"""The app's pages: its own pages in one list, and the ready views declared in data/views.toml.

To add a page with code of its own, add one `PageEntry(...)` line to `PAGES` below (tests and bench read the
same list); a ready view (Explore with other defaults) is declared in data/views.toml instead, and
`dashboard.views.pages()` makes its page. The views are listed after the home page, in their sections.
Streamlit serves the default page only at the app's root: its own `url_path` would be reserved yet answer "Page
not found", so it is the empty one, and hidden pages at the home page's address (/overview) and at /home send
visitors, and the URL's parameters, to the root.
The extractor's Review page (`dashboard/pages/review.py`) is listed only where it can work: writable
(not hosted, data folder writable: `dashboard.hosting.mode()`) and with source texts to find candidates in.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard import hosting
from etl import config

PAGES_DIR = Path(__file__).resolve().parent / "pages"

OVERVIEW = PAGES_DIR / "overview.py"
SOURCES = PAGES_DIR / "sources.py"
CHECKS = PAGES_DIR / "checks.py"
DATA = PAGES_DIR / "data.py"
REVIEW = PAGES_DIR / "review.py"


@dataclass(frozen=True)
class PageEntry:
    """One page of the sidebar: its section, script, title, icon and address."""

    section: str
    script: Path
    title: str
    icon: str
    url_path: str

    @property
    def relative_script(self) -> str:
        """The script relative to the repository root (app.py's folder), as AppTest.switch_page wants it."""
        return self.script.relative_to(config.ROOT).as_posix()


PAGES = (
    PageEntry("Dashboard", OVERVIEW, "Overview", ":material/dashboard:", "overview"),
    PageEntry("Provenance", SOURCES, "Sources", ":material/article:", "sources"),
    PageEntry("Provenance", CHECKS, "Checks", ":material/fact_check:", "checks"),
    PageEntry("Provenance", DATA, "Data", ":material/table:", "data"),
    PageEntry("Provenance", REVIEW, "Review candidates", ":material/rule:", "review"),
)
"""Every page in sidebar order; the first is the default (home) page. The one list that app.py, the tests
and bench/app_pages.py read."""


def pages(views: Sequence[tuple[str, st.Page]] = ()) -> dict[str, list[st.Page]]:
    """Sections of the sidebar and their pages (st.navigation input): the home page, then the ready `views`
    ((section, page) pairs), then the other pages; Review only where it works."""
    sections: dict[str, list[st.Page]] = {}
    for entry in PAGES:
        if entry.script == REVIEW and not review_works():
            continue
        home = entry is PAGES[0]
        page = st.Page(
            entry.script, title=entry.title, icon=entry.icon, url_path="" if home else entry.url_path, default=home
        )
        sections.setdefault(entry.section, []).append(page)
        for address in (entry.url_path, *HOME_ALIASES) if home else ():
            alias = st.Page(functools.partial(to_page, page), title=entry.title, url_path=address,
                            visibility="hidden")  # fmt: skip
            sections[entry.section].append(alias)
        for section, view in views if home else ():
            sections.setdefault(section, []).append(view)
    return sections


HOME_ALIASES = ("home",)
"""Addresses people type for a home page that open it, besides its own (/overview)."""


def to_page(page: st.Page) -> None:
    """Run `page` instead, at its own address, keeping every URL parameter (repeated ones too)."""
    params = [(name, value) for name in st.query_params for value in st.query_params.get_all(name)]
    st.switch_page(page, query_params=params)


def review_works() -> bool:
    """The Review page can accept candidates here: a local, writable data folder and source texts present."""
    return hosting.mode().writable and any(config.corpus_dir().glob("*.txt"))
