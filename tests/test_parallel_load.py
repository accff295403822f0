"""Figures read by several processes give exactly what one process gives, duplicates and errors included."""

from __future__ import annotations

from pathlib import Path

from bench import synthetic
from etl.build import Inputs, load_inputs
from etl.curated import load_figures


def _load(inputs: Inputs, workers: int):
    sources, indicators, entities, _, _ = load_inputs(inputs)
    digests: dict[Path, tuple[str, int]] = {}
    table, problems = load_figures(
        inputs.figures_dir, {s.doc_id: s for s in sources}, indicators, entities, digests=digests, workers=workers
    )
    return table.arrow(), sorted(problems), table.verified, table.unverified_docs, digests


def test_two_processes_read_like_one(tmp_path: Path):
    root = tmp_path / "tree"
    synthetic.generate(root, scale=0.8)  # 4 sources
    figures = sorted((root / "data" / "figures").glob("*.csv"))
    first_id = figures[0].read_text().splitlines()[1].split(",")[0]
    last_row = figures[-1].read_text().splitlines()[1]
    repeated = first_id + last_row[last_row.index(",") :]
    # The last file repeats the first file's first id (twice, with its own valid rows) and has a bad row.
    with figures[-1].open("a", encoding="utf-8") as handle:
        handle.write(repeated + "\n" + repeated + "\n")
        handle.write("bad-row,nope,China,2027,5%,,reported,IDC,quote,,,,\n")
    inputs = Inputs(seeds_dir=root / "seeds", data_dir=root / "data", corpus=root / "corpus")
    one = _load(inputs, workers=1)
    two = _load(inputs, workers=2)
    assert one[0].equals(two[0])
    assert one[1:] == two[1:]
    messages = [str(p) for p in one[1]]
    assert sum("duplicate figure_id" in m for m in messages) == 2
    assert all(f"(first at {figures[0]}:2)" in m for m in messages if "duplicate" in m)
    assert any("unknown indicator 'nope'" in m for m in messages)
