"""Figures read by several processes give exactly what one process gives, duplicates and errors included."""

from __future__ import annotations

from pathlib import Path

import pytest

import synthetic
from etl import build as build_module
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


@pytest.mark.parametrize("workers", [2, 3])
def test_load_inputs_in_shares_equals_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int):
    root = tmp_path / "tree"
    synthetic.generate(root, scale=1.2)  # 6 sources
    (root / "seeds" / "syn-000002.toml").write_text('id = "broken"\n')  # a broken manifest: its figures skipped
    (root / "data" / "figures" / "no-such-source.csv").write_text("figure_id\n")  # an unknown source
    (root / "corpus" / "syn-000004.txt").unlink()  # a missing text: a warning, quotes unverified
    inputs = Inputs(seeds_dir=root / "seeds", data_dir=root / "data", corpus=root / "corpus")
    digests_one: dict[Path, tuple[str, int]] = {}
    one = load_inputs(inputs, digests_one)
    monkeypatch.setattr(build_module, "workers_for", lambda files: workers)
    digests_many: dict[Path, tuple[str, int]] = {}
    many = load_inputs(inputs, digests_many)
    assert [s.doc_id for s in one[0]] == [s.doc_id for s in many[0]]
    assert [s.text for s in one[0]] == [s.text for s in many[0]]
    assert one[1:3] == many[1:3]
    assert one[3].arrow().equals(many[3].arrow())
    assert sorted(one[4]) == sorted(many[4])
    assert [p for p in one[4] if p.severity == "warning"] == [p for p in many[4] if p.severity == "warning"]
    assert digests_one == digests_many
    assert any("unknown source id 'no-such-source'" in str(p) for p in one[4])


@pytest.mark.parametrize("threads", [1, 2], ids=["forked", "threaded"])
def test_candidates_found_in_parts_come_out_as_found_in_one_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, threads: int
):
    import duckdb

    from etl.build import build
    from etl.candidates import candidate_finder
    from etl.extract import Gazetteer

    monkeypatch.setattr(build_module.threading, "active_count", lambda: threads)  # 2: as in a Streamlit server
    root = tmp_path / "tree"
    synthetic.generate(root, scale=0.8)  # 4 sources
    inputs = Inputs(seeds_dir=root / "seeds", data_dir=root / "data", corpus=root / "corpus")
    finder = candidate_finder(Gazetteer.from_csv(inputs.data_dir / "entities.csv"))
    build(inputs, tmp_path / "out.duckdb", find_candidates=finder)
    sources, _, _, figures, _ = load_inputs(inputs)
    direct = finder(sources, figures)
    with duckdb.connect(str(tmp_path / "out.duckdb"), read_only=True) as con:
        stored = con.execute('SELECT doc_id, start, "end", figure_id FROM candidates').fetchall()
    expected = [
        (d, s, e, None if f is None or f != f else f)
        for d, s, e, f in zip(direct["doc_id"], direct["start"], direct["end"], direct["figure_id"], strict=True)
    ]
    assert stored == expected and len(stored) > 0
