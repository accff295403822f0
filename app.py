"""AI Industry Indicators: `streamlit run app.py`. Builds the database if needed, then shows the pages."""

import streamlit as st

from dashboard import navigation, startup

st.set_page_config(page_title="AI Industry Indicators", page_icon=":material/query_stats:", layout="wide")

with st.spinner("Building the database from the curated data (first start only)…"):
    started = startup.ensure_database()
for message in started.warnings:
    st.sidebar.warning(message)
if not started.usable:
    st.error("\n\n".join(started.errors))
    st.stop()

st.navigation(navigation.pages()).run()
