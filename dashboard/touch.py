"""Touch screens: one tap on a chart point opens its quote, as one click does (`tap_selects.js`)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

SCRIPT = Path(__file__).with_name("tap_selects.js")


def tap_selects() -> None:
    """Load the script once per page (it guards itself against running twice); in the sidebar, where the
    empty element takes no room above the page."""
    st.sidebar.html(f"<script>{SCRIPT.read_text(encoding='utf-8')}</script>", unsafe_allow_javascript=True)
