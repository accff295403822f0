"""Agreement between sources: the SQL of the `source_agreement` view with the tolerances of data/agreement.toml."""

from __future__ import annotations

import tomllib

from etl import config

AGREEMENT_SQL = config.ETL_DIR / "agreement.sql"
AGREEMENT_TOML = config.DATA_DIR / "agreement.toml"
SETTINGS = ("exact_tolerance", "approx_tolerance", "vintage_window_days")


def tolerances() -> dict[str, float]:
    """The declared tolerances (numbers only: checked before they reach SQL)."""
    declared = tomllib.loads(AGREEMENT_TOML.read_text(encoding="utf-8"))
    missing = [name for name in SETTINGS if not isinstance(declared.get(name), int | float)]
    assert not missing, f"{AGREEMENT_TOML.name}: give a number for {', '.join(missing)}"
    return {name: float(declared[name]) for name in SETTINGS}


def agreement_sql() -> str:
    """The view's DDL with the declared tolerances filled in."""
    return AGREEMENT_SQL.read_text(encoding="utf-8").format(**tolerances())


def rule_in_words() -> str:
    """The agreement rule as a reader sees it on the Checks page."""
    declared = tolerances()
    return (
        f"ranges overlap when they agree (exact ±{declared['exact_tolerance']:.0%}, approximate "
        f"±{declared['approx_tolerance']:.0%}, 'over'/'under' one-sided); forecasts are compared only within "
        f"{declared['vintage_window_days']:.0f} days of each other's publication (a later one is a revision)"
    )
