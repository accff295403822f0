"""What each page sends the browser besides Streamlit's elements: the layout rules that follow the screen's
width (`screen.css`: CSS media queries and flex sizes) and the scripts for what CSS cannot do (`skip_link.js`:
the first Tab stop skips to the first chart's table, where the keyboard opens quotes; `tap_selects.js`: one
tap selects a chart point on touch screens; `fold_filters.js`: filters start folded in a narrow window)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent
STYLESHEET = HERE / "screen.css"
SCRIPTS = (HERE / "skip_link.js", HERE / "tap_selects.js", HERE / "fold_filters.js")


@cache
def _asset(path: Path) -> str:
    """A file's text, read once per process: the assets change only with a new deployment."""
    return path.read_text(encoding="utf-8")


def load() -> None:
    """Send the stylesheet and scripts once per page run (each script guards itself against running twice).

    Streamlit keeps one `<script>` element of an `st.html` call and drops `<style>` next to it, so the
    stylesheet goes alone (a style-only `st.html` takes no room on the page) and the scripts as one, in the
    sidebar, where the empty element takes no room above the page."""
    st.html(f"<style>{_asset(STYLESHEET)}</style>")
    scripts = "\n".join(_asset(script) for script in SCRIPTS)
    st.sidebar.html(f"<script>{scripts}</script>", unsafe_allow_javascript=True)
