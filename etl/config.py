"""Paths and settings in one place; every path resolves from the repository root."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "seeds"
DATA_DIR = ROOT / "data"
FIGURES_DIR = DATA_DIR / "figures"
INDICATORS_CSV = DATA_DIR / "indicators.csv"
ENTITIES_CSV = DATA_DIR / "entities.csv"
DEFAULT_DB = DATA_DIR / "indicators.duckdb"
STATIC_DIR = ROOT / "static"
"""Streamlit serves this folder at /app/static/ (server.enableStaticServing): the app's current export."""
ETL_DIR = ROOT / "etl"
SCHEMA_SQL = ETL_DIR / "schema.sql"
DERIVED_SQL = ETL_DIR / "derived.sql"

CORPUS_ENV = "AII_CORPUS"
"""Environment variable naming the folder that holds the source texts (default: seeds/)."""


def corpus_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding source texts: --corpus, else $AII_CORPUS, else seeds/."""
    chosen = cli_value or os.environ.get(CORPUS_ENV) or SEEDS_DIR
    return Path(chosen).expanduser().resolve()


def display_path(path: Path) -> str:
    """A path as errors show it: relative to the repository root when inside it."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


DB_ENV = "AII_DB"
"""Environment variable naming the database the app opens (default: data/indicators.duckdb)."""


def db_path() -> Path:
    """The database the app opens: $AII_DB, else data/indicators.duckdb."""
    chosen = os.environ.get(DB_ENV)
    return Path(chosen).expanduser().resolve() if chosen else DEFAULT_DB


LEDGER_ENV = "AII_LEDGER"
"""Environment variable: `keep` makes a build leave data/verification.csv as it is (the tests set it, so that
a build inside them cannot rewrite a stale ledger before the check sees it); `python -m etl verify` still writes."""
