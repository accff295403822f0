"""Overview: headline figures as cards and charts, declared in data/views.toml (tables overview_cards and
overview_charts); a card's button or a point opens its quote."""

import streamlit as st

from dashboard import components, queries

PAGE = "overview"
CARDS_PER_ROW = 3

parsed = components.read_url(components.figure_spec())
components.start_page(PAGE, parsed.get("figure"))
st.title("AI Industry Indicators", anchor=False)
st.caption(
    "Figures about the AI industry, each traced to the sentence it came from. Click a card's button or any "
    "point for its quote and source."
)
components.build_caption()
components.show_notices(parsed)

cards = list(queries.overview_cards().groupby("card", sort=True))
for first in range(0, len(cards), CARDS_PER_ROW):
    row = cards[first : first + CARDS_PER_ROW]
    for column, (_, lines) in zip(st.columns(len(row)), row, strict=True):
        with column:
            components.declared_card(lines, PAGE)

with st.container(horizontal=True, gap="large", key=f"{PAGE}-charts"):  # side by side where both fit
    for query in queries.overview_charts():
        if not queries.figures(**query.arguments()).empty:
            components.chart_block(query, query.indicators[0], PAGE, PAGE, f"{PAGE}-{query.indicators[0]}")
components.write_url({"figure": st.session_state.get(f"{PAGE}-figure")}, {"figure": None})
