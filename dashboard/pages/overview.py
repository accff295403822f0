"""Overview: headline figures as cards and two charts; a card's button or a point opens its quote."""

import streamlit as st

from dashboard import components, queries, views

PAGE = "overview"
CARDS = (
    # (title, figure id, related figure ids shown under it, figure id shown as the change)
    ("China AI spending, 2027 (IDC)", "idc-china-ai-spending-2027",
     ("idc-china-share-global-ai-spending-2027", "idc-china-ai-spending-cagr-2023-2027"), None),
    ("Large language models worldwide (CAICT)", "caict-llm-count-global",
     ("caict-llm-share-china", "caict-llm-share-us"), None),
    ("Ernie daily API calls, latest (Baidu)", "baidu-ernie-api-calls-2024-11",
     ("baidu-ernie-api-calls-2023-11",), "baidu-ernie-api-calls-growth"),
    ("Ernie Bot users (Baidu)", "baidu-ernie-bot-users", (), None),
    ("AI's contribution to the global economy (IDC)", "idc-ai-global-economy-contribution-2030",
     ("idc-ai-share-global-gdp-2030",), None),
)  # fmt: skip
CHARTS = (("llm_share", views.LLMS_BY_COUNTRY), ("api_calls_daily", views.ERNIE_API_CALLS))

parsed = components.read_url(components.figure_spec())
st.title("AI Industry Indicators", anchor=False)
st.caption(
    "Figures about the AI industry, each traced to the sentence it came from. Click a card's button or any "
    "point for its quote and source."
)
components.build_caption()
components.show_notices(parsed)
components.start_page(PAGE, parsed.get("figure"))

first_row, second_row = st.columns(3), st.columns(2)
for column, (title, figure_id, extras, delta) in zip([*first_row, *second_row], CARDS, strict=False):
    with column:
        components.metric_card(title, figure_id, PAGE, extras, delta)

with st.container(horizontal=True, gap="large", key=f"{PAGE}-charts"):  # side by side where both fit
    for indicator_id, preset in CHARTS:
        query = queries.Query(indicators=(indicator_id,), entities=preset.entities)
        if not queries.figures(**query.arguments()).empty:
            components.chart_block(query, indicator_id, PAGE, PAGE, f"{PAGE}-{indicator_id}")
components.show_quote(PAGE)
components.write_url({"figure": st.session_state.get(f"{PAGE}-figure")}, {"figure": None})
