"""The Streamlit dashboard over data/indicators.duckdb.

queries (all SQL, cached), blocks (what a chart block shows, shared by sessions), charts (Plotly
figures, no st), formatting (human units, summaries), links (citations; the ETL makes the links),
state (URL parameters), downloads (CSV, Parquet), open_data (the export at stable addresses),
components (shared page pieces), navigation (the page list), views (every ready view of
data/views.toml, drawn by the same code), screen (CSS and scripts for the screen's width), hosting
(hosted or writable), startup (build the database) and pages/ (one thin layout script per page of its own).
"""
