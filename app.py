"""AI Industry Indicators: `streamlit run app.py`. Builds the database if needed, then shows the pages."""

from pathlib import Path

import streamlit as st

from dashboard import navigation, open_data, queries, screen, startup, views

ICON = Path(__file__).resolve().parent / "dashboard" / "icon.png"  # a local file: no icon font fetched from elsewhere
st.set_page_config(page_title="AI Industry Indicators", page_icon=str(ICON), layout="wide")

with st.spinner("Building the database from the curated data (first start only)…"):
    started = startup.once()
if started.warnings:
    with st.sidebar.expander("Notices about this build", icon=":material/warning:"):
        for message in started.warnings:
            st.text(message)  # plain text: build messages quote input files
if not started.usable:
    st.error("The app cannot show any data: the database could not be built.", icon=":material/error:")
    for message in started.errors:
        st.text(message)
    st.stop()
published = open_data.publish_once(queries.current())
if published:
    st.sidebar.info(published)

screen.load()
st.navigation(navigation.pages(views.pages())).run()
