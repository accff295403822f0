"""`etl extract-corpus`: the same candidates as `etl extract`, as Parquet partitioned by document hash."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

import synthetic
from etl import config
from etl.__main__ import main
from etl.extract import Gazetteer
from etl.extract_corpus import CorpusError, bucket_of, extract_documents, plan


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "tree"
    synthetic.generate(root, scale=1.2)  # 6 texts
    return root


def _plain_extract(tree: Path, out: Path) -> list[dict[str, object]]:
    files = sorted(str(path) for path in (tree / "corpus").glob("*.txt"))
    assert main(["extract", *files, "--seeds", str(tree / "seeds"), "--out", str(out)]) == 0
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_same_candidates_as_plain_extract_in_doc_id_hash_partitions(tree: Path, tmp_path: Path, capsys) -> None:
    pytest.importorskip("dask.distributed", reason="the engine group: uv sync --group engine")
    out = tmp_path / "candidates"
    args = ["extract-corpus", "--corpus", str(tree / "corpus"), "--seeds", str(tree / "seeds"), "--out", str(out)]
    assert main([*args, "--workers", "1", "--buckets", "4"]) == 0
    plain = _plain_extract(tree, tmp_path / "plain.jsonl")
    assert f"wrote {len(plain)} candidates of 6 texts" in capsys.readouterr().err
    with duckdb.connect() as con:
        found = con.execute(
            f"SELECT * FROM read_parquet('{out}/**/*.parquet', hive_partitioning = true) ORDER BY doc, start"
        ).df()
    assert sorted(map(str, out.iterdir())) == sorted({f"{out}/doc_bucket={bucket_of(row['doc'], 4)}" for row in plain})
    assert (found["doc_bucket"] == found["doc"].map(lambda doc: bucket_of(doc, 4))).all()
    rows = found.drop(columns="doc_bucket").astype(object).where(found.notna(), None).to_dict("records")
    assert rows == sorted(plain, key=lambda row: (row["doc"], row["start"]))
    assert {row["kind"] for row in plain} >= {"forecast", "reported"} and len({row["doc"] for row in plain}) == 6


def test_tasks_hold_documents_of_one_bucket(tree: Path) -> None:
    files = sorted((tree / "corpus").glob("*.txt"))
    tasks = plan(files, {}, buckets=2, per_task=2)
    assert sorted(doc.doc for task in tasks for doc in task) == [path.stem for path in files]
    assert all(len({bucket_of(doc.doc, 2) for doc in task}) == 1 and len(task) <= 2 for task in tasks)
    sizes = sorted(len(task) for task in plan([Path(f"{n}.txt") for n in range(250)], {}, buckets=1, per_task=100))
    assert sizes == [83, 83, 84]  # not 100, 100, 50: workers finish together


def test_a_text_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Spending reached €5 billion in 2024.".encode("cp1252"))
    [task] = plan([bad], {})
    with pytest.raises(CorpusError, match=r"latin1\.txt: not UTF-8 text \(byte 17: .*convert it to UTF-8 first"):
        extract_documents(task, Gazetteer.from_csv(config.ENTITIES_CSV))
