"""The Streamlit dashboard over data/indicators.duckdb.

queries (all SQL, cached), charts (Plotly figures, no st), formatting (human units, summaries),
links (text-fragment links, citations), state (URL parameters), downloads (CSV, Parquet),
components (shared page pieces), navigation (the page list), views (every ready view of
data/views.toml, drawn by the same code), startup (build the database) and pages/ (one thin layout
script per page of its own).
"""
