"""The benchmark's synthetic corpus: deterministic, quotes really in the texts, and it builds."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

import synthetic
from etl.__main__ import main
from etl.quantities import parse_surface


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'"))


def test_same_scale_and_seed_give_identical_files(tmp_path: Path):
    first = synthetic.generate(tmp_path / "a", scale=0.4, seed=7)
    second = synthetic.generate(tmp_path / "b", scale=0.4, seed=7)
    assert first == second
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    other = synthetic.generate(tmp_path / "c", scale=0.4, seed=8)
    assert _files(tmp_path / "c") != _files(tmp_path / "a")
    assert other.sources == 2


def test_a_source_is_the_same_at_every_scale():
    small = synthetic.draw_source(3, 0, synthetic.entity_names(1))
    again = synthetic.draw_source(3, 0, synthetic.entity_names(1))
    assert small == again


@pytest.mark.parametrize(("scale", "sources"), [(1, 5), (100, 500), (10_000, 50_000)])
def test_scale_sets_the_number_of_sources(scale, sources):
    assert synthetic.source_count(scale) == sources


def test_quotes_occur_in_texts_and_surfaces_parse_to_the_indicator_unit():
    units = {indicator[0]: indicator[2] for indicator in synthetic.INDICATORS}
    entities = synthetic.entity_names(100)
    figures = 0
    for index in range(40):
        source = synthetic.draw_source(index, 0, entities)
        text = _normalised(source.text)
        for row in source.figures:
            figure = dict(zip(synthetic.FIGURE_HEADER, row, strict=True))
            assert figure["quote"] in text, figure["figure_id"]
            assert figure["surface"] in figure["quote"]
            parsed = parse_surface(figure["surface"])
            assert parsed.unit == units[figure["indicator_id"]], figure["surface"]
            if figure["value"]:
                assert float(figure["value"]) == pytest.approx(parsed.value, rel=1e-9)
            figures += 1
    assert 40 * 4 <= figures <= 40 * 36


def test_synthetic_tree_builds_with_every_quote_verified(tmp_path: Path, capsys):
    counts = synthetic.generate(tmp_path / "tree", scale=1)
    assert counts.sources == 5 and 50 <= counts.figures <= 150
    out = tmp_path / "tree.duckdb"
    assert main(synthetic.build_args(tmp_path / "tree", out)) == 0
    assert f"5 sources (5 with text), {counts.figures} figures, {counts.figures} quotes verified" in (
        capsys.readouterr().out
    )
    with duckdb.connect(str(out), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM figures WHERE verified").fetchone() == (counts.figures,)


def test_ensure_reuses_a_tree_it_made(tmp_path: Path):
    root = tmp_path / "tree"
    synthetic.ensure(root, scale=0.2)
    marker = root / "seeds" / "marker"
    marker.write_text("kept")
    synthetic.ensure(root, scale=0.2)
    assert marker.exists(), "same scale and seed: reused"
    synthetic.ensure(root, scale=0.4)
    assert not marker.exists(), "another scale: regenerated"
