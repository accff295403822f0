"""Overview: headline figures as cards, two charts, and the quote card of whatever is clicked."""

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

columns = [*st.columns(3), *st.columns(3)]
for column, (title, figure_id, extras, delta) in zip(columns, CARDS, strict=False):
    with column:
        components.metric_card(title, figure_id, PAGE, extras, delta)

charts_column, card_column = st.columns([2, 1], gap="large")
card_slot = card_column.container()
selections: dict[str, list[str]] = {}
with charts_column:
    for indicator_id, preset in CHARTS:
        rows = queries.figures(indicators=(indicator_id,), entities=preset.entities)
        if not rows.empty:
            key = f"{PAGE}-{indicator_id}"
            selections[key] = components.chart_block(rows, indicator_id, PAGE, key)
figure_id = components.current_pick(PAGE, parsed.get("figure"), selections)
with card_slot:
    components.quote_card(figure_id, PAGE)
components.write_url({"figure": figure_id}, {"figure": None})
