"""Overview: headline figures as cards and charts, declared in data/views.toml (tables overview_cards and
overview_charts); a card's button or a point opens its quote."""

import streamlit as st

from dashboard import components, queries

PAGE = "overview"

parsed = components.read_url(components.figure_spec())
components.start_page(PAGE, parsed.get("figure"))
st.title("AI Industry Indicators", anchor=False)
st.caption(
    "Figures about the AI industry, each traced to the sentence it came from. Click a card's button or any "
    "point for its quote and source."
)
components.build_caption()
components.show_notices(parsed)

with st.container(horizontal=True, key=f"{PAGE}-cards"):  # as many to a row as have room (screen.css)
    for _, lines in queries.overview_cards().groupby("card", sort=True):
        components.declared_card(lines, PAGE)

with st.container(horizontal=True, gap="large", key=f"{PAGE}-charts"):  # side by side where both fit
    for query in queries.overview_charts():
        if not queries.figures(**query.arguments()).empty:
            components.chart_block(query, query.indicators[0], PAGE, PAGE, f"{PAGE}-{query.indicators[0]}")
components.write_url({"figure": st.session_state.get(f"{PAGE}-figure")}, {"figure": None})
