"""The app's pages, in one list: app.py passes it to st.navigation.

To add a page, add one `st.Page(...)` line below. The extractor's Review page
(`dashboard/pages/review.py`) is listed only where it can work: writable (not hosted, data folder
writable: `etl.review.mode()`) and with source texts to find candidates in.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import hosting
from etl import config

PAGES_DIR = Path(__file__).resolve().parent / "pages"

OVERVIEW = PAGES_DIR / "overview.py"
EXPLORE = PAGES_DIR / "explore.py"
IDC_SPENDING = PAGES_DIR / "idc_ai_spending.py"
LLMS_BY_COUNTRY = PAGES_DIR / "llms_by_country.py"
ERNIE_API_CALLS = PAGES_DIR / "ernie_api_calls.py"
SOURCES = PAGES_DIR / "sources.py"
CHECKS = PAGES_DIR / "checks.py"
DATA = PAGES_DIR / "data.py"
REVIEW = PAGES_DIR / "review.py"


def pages() -> dict[str, list[st.Page]]:
    """Sections of the sidebar and their pages (st.navigation input)."""
    return {
        "Dashboard": [
            st.Page(OVERVIEW, title="Overview", icon=":material/dashboard:", url_path="overview", default=True),
            st.Page(EXPLORE, title="Explore", icon=":material/query_stats:", url_path="explore"),
        ],
        "Ready views": [
            st.Page(
                IDC_SPENDING, title="IDC AI spending forecasts", icon=":material/payments:", url_path="idc-ai-spending"
            ),
            st.Page(LLMS_BY_COUNTRY, title="LLMs by country", icon=":material/public:", url_path="llms-by-country"),
            st.Page(
                ERNIE_API_CALLS, title="Ernie API calls", icon=":material/trending_up:", url_path="ernie-api-calls"
            ),
        ],
        "Provenance": [
            st.Page(SOURCES, title="Sources", icon=":material/article:", url_path="sources"),
            st.Page(CHECKS, title="Checks", icon=":material/fact_check:", url_path="checks"),
            st.Page(DATA, title="Data", icon=":material/table:", url_path="data"),
            *(
                [st.Page(REVIEW, title="Review candidates", icon=":material/rule:", url_path="review")]
                if review_works()
                else []
            ),
        ],
    }


def review_works() -> bool:
    """The Review page can accept candidates here: a local, writable data folder and source texts present."""
    return hosting.mode().writable and any(config.corpus_dir().glob("*.txt"))
