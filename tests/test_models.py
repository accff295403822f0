"""The pydantic models are the one statement of the rules: a rule added to a model is enforced by
`python -m etl build` (no second, faster copy of the rules can let a row past it)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from annotated_types import MaxLen

from etl import curated, models
from etl.__main__ import main
from tests.conftest import Project


@contextmanager
def rule_added(model_name: str, field: str, limit: int) -> Iterator[None]:
    """`max_length=limit` added to a field of a model, as a developer would add it to etl/models.py."""
    model = getattr(models, model_name)
    rule = MaxLen(limit)
    model.model_fields[field].metadata.append(rule)
    model.model_rebuild(force=True)
    curated._adapter.cache_clear()
    try:
        yield
    finally:
        model.model_fields[field].metadata.remove(rule)
        model.model_rebuild(force=True)
        curated._adapter.cache_clear()


@pytest.mark.parametrize(
    ("model", "field", "where"),
    [
        ("FigureRow", "quote", "data/figures/tiny-times.csv:2: quote: String should have at most 10 characters"),
        ("Manifest", "title", "seeds/tiny-times.toml:2: title: String should have at most 10 characters"),
        ("IndicatorRow", "name", "data/indicators.csv:3: name: String should have at most 10 characters"),
    ],
)
def test_a_rule_added_to_a_model_is_enforced_by_the_build(project: Project, capsys, model, field, where):
    assert main([*project.cli_args(), "--no-candidates"]) == 0
    with rule_added(model, field, 10):
        assert main([*project.cli_args(), "--no-candidates"]) == 1
    assert where in capsys.readouterr().err.replace(f"{project.root}/", "")
    assert main([*project.cli_args(), "--no-candidates"]) == 0, "the model is back as it was"


def test_an_indicator_says_what_it_counts_only_if_it_is_a_count() -> None:
    row = {"indicator_id": "llm_count", "name": "LLMs", "topic": "Models", "chart": "bar", "description": "LLMs."}
    assert models.IndicatorRow(**row, unit="count", counts="LLMs").counts == "LLMs"
    assert models.IndicatorRow(**row, unit="count", counts="").counts is None, "an empty cell says nothing"
    with pytest.raises(ValueError, match="counts is for indicators whose unit is count"):
        models.IndicatorRow(**row, unit="%", counts="LLMs")
