"""The benchmark's reading of a measured command's output (bench/processes.py)."""

from __future__ import annotations

import sys

import pytest

from bench.processes import last_json_object, measure
from etl import config


@pytest.mark.parametrize(
    "output",
    [
        '{"checks": {"first": 0.5}}\n',
        'Warning: {braces} in a log line\n{"checks": {"first": 0.5}}\n',
        '{"checks": {"first": 0.5}}\n2026-11-30 WARNING missing ScriptRunContext {thread}\n',
        '{"old": 1}\n{not json}\n{"checks": {"first": 0.5}}',
    ],
)
def test_the_result_is_the_last_json_object_on_its_own_line(output: str):
    assert last_json_object(output) == {"checks": {"first": 0.5}}


def test_output_without_a_json_object_is_a_value_error():
    with pytest.raises(ValueError):
        last_json_object('Traceback (most recent call last):\n  ["a list", "not an object"]\n')


def test_a_recorded_output_names_paths_in_the_repository_relative_to_it():
    written = config.ROOT / "bench" / "corpus" / "plain.parquet"
    run = measure([sys.executable, "-c", f"print('wrote 3 candidates to {written}')"], timeout=60)
    assert run.output == "wrote 3 candidates to bench/corpus/plain.parquet\n"
