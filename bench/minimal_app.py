"""The baseline for time to first chart: a minimal Streamlit app showing one Plotly chart."""

import plotly.express as px
import streamlit as st

st.plotly_chart(px.line(x=[2023, 2024, 2025, 2026, 2027], y=[10, 14, 19, 27, 38], markers=True))
