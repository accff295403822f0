"""Agreement between sources: data/agreement.toml read and validated, and the SQL of the `source_agreement`
and `agreement_rule` views with its tolerances filled in."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from etl import config
from etl.models import Agreement, error_problems
from etl.problems import Problem
from etl.sources import line_of_key, read_toml

AGREEMENT_SQL = config.ETL_DIR / "agreement.sql"
AGREEMENT_TOML = "agreement.toml"
"""Its name in the data folder."""


def load_agreement(data_dir: Path) -> tuple[Agreement | None, list[Problem]]:
    """The tolerances declared in the data folder's agreement.toml, or None and its problems."""
    path = data_dir / AGREEMENT_TOML
    shown = config.display_path(path)
    read = read_toml(path, shown)
    if isinstance(read, list):
        return None, read
    text, document = read
    try:
        return Agreement.model_validate(document), []
    except ValidationError as error:
        return None, error_problems(error, shown, lambda at: line_of_key(text, str(at[-1]) if at else ""), {})


def agreement_sql(declared: Agreement) -> str:
    """The views' DDL with the declared tolerances filled in (numbers only: validated by the model)."""
    return AGREEMENT_SQL.read_text(encoding="utf-8").format(**declared.model_dump())
