"""The ETL: source manifests, texts and curated data in, one DuckDB file out (`python -m etl`)."""
