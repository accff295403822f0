"""The build: atomic write, summary, build without texts, the real data, derived figures' arithmetic."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from etl import config, database
from etl.__main__ import main
from etl.build import Inputs, build, is_stale
from tests.conftest import Project


def _query(db: Path, sql: str, *params):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_build_writes_tables_and_prints_summary(project: Project, capsys):
    assert main(project.cli_args()) == 0
    out = capsys.readouterr().out
    assert "1 sources (1 with text), 2 figures, 2 quotes verified" in out
    rows = _query(
        project.out,
        "SELECT figure_id, value, unit, qualifier, verified, quote_start, quote_end FROM figures ORDER BY 1",
    )
    assert rows[0][:5] == ("tiny-china-ai-spending-2027", 38e9, "USD", "exact", True)
    assert rows[1][:5] == ("tiny-ernie-users", 430e6, "count", "over", True)
    text = (project.root / "corpus" / "tiny.txt").read_text()
    start, end = rows[1][5:]
    assert text[start:end] == "Ernie Bot has garnered over 430 million users since its debut."
    curly_start, curly_end = rows[0][5:]
    assert text[curly_start:curly_end].startswith("China’s spending"), "offsets point into the original text"


def test_a_build_imports_neither_numpy_pandas_nor_pyarrow(project: Project):
    """Importing them is most of a build's start-up; DuckDB reads the build's columns without them."""
    script = (
        "import sys; from etl.__main__ import main; code = main(sys.argv[1:]); "
        "print(code, sorted(name for name in ('numpy', 'pandas', 'pyarrow') if name in sys.modules))"
    )
    command = [sys.executable, "-c", script, *project.cli_args()]
    run = subprocess.run(command, capture_output=True, text=True, cwd=config.ROOT)
    assert run.stdout.splitlines()[-1] == "0 []", run.stderr


def test_large_tables_go_in_as_arrays_with_the_same_rows(project: Project, tmp_path, monkeypatch):
    build(project.inputs, project.out)
    monkeypatch.setattr(database, "PARAMETER_ROWS", 0)
    build(project.inputs, tmp_path / "arrays.duckdb")
    for table in ("sources", "indicators", "entities", "figures", "build_inputs"):
        sql = f"FROM {table} ORDER BY ALL"
        assert _query(project.out, sql) == _query(tmp_path / "arrays.duckdb", sql), table


def test_build_info_records_inputs(project: Project):
    build(project.inputs, project.out)
    info = _query(project.out, "SELECT build_id, code_version, sources, figures, verified_quotes FROM build_info")
    assert len(info) == 1
    build_id, version, sources, figures, verified = info[0]
    assert len(build_id) == 12 and len(version) == 12
    assert (sources, figures, verified) == (1, 2, 2)
    paths = {row[0] for row in _query(project.out, "SELECT path FROM build_inputs")}
    assert any(p.endswith("tiny-times.csv") for p in paths)
    assert any(p.endswith("tiny-times.toml") for p in paths)


def test_same_inputs_give_same_build_id(project: Project, tmp_path):
    first = build(project.inputs, project.out).tables.build_id
    second = build(project.inputs, tmp_path / "again.duckdb").tables.build_id
    assert first == second


def test_failed_write_leaves_previous_database_byte_identical(project: Project, monkeypatch):
    build(project.inputs, project.out)
    before = project.out.read_bytes()
    original = database.insert

    def fail_on_figures(con, table, frame):
        if table == "figures":
            raise duckdb.ConstraintException("simulated failure mid-write")
        original(con, table, frame)

    monkeypatch.setattr(database, "insert", fail_on_figures)
    with pytest.raises(duckdb.ConstraintException):
        build(project.inputs, project.out)
    assert project.out.read_bytes() == before
    assert sorted(p.name for p in project.out.parent.iterdir()) == ["indicators.duckdb"]


def test_build_without_texts_warns_and_marks_unverified(project: Project, capsys):
    shutil.rmtree(project.root / "corpus")
    (project.root / "corpus").mkdir()
    assert main(project.cli_args()) == 0
    out = capsys.readouterr().out
    assert "tiny-times.toml:7: text_file: warning: tiny.txt not found in corpus" in out
    assert "(0 with text), 2 figures, 0 quotes verified" in out
    assert _query(project.out, "SELECT text_available, verified FROM sources") == [(False, False)]
    assert _query(project.out, "SELECT DISTINCT verified FROM figures") == [(False,)]
    assert _query(project.out, "SELECT count(*) FROM figures WHERE quote_start IS NULL") == [(2,)]


def test_is_stale_when_missing_or_older_than_inputs(project: Project):
    assert is_stale(project.out, project.inputs)
    build(project.inputs, project.out)
    assert not is_stale(project.out, project.inputs)
    later = project.out.stat().st_mtime + 10
    os.utime(project.figures_csv, (later, later))
    assert is_stale(project.out, project.inputs)


@pytest.fixture(scope="module")
def real_db(tmp_path_factory) -> Path:
    """The repository's own data, built with the seed texts when present (else unverified)."""
    out = tmp_path_factory.mktemp("real") / "indicators.duckdb"
    build(Inputs(corpus=config.corpus_dir()), out)
    return out


def test_real_data_builds_and_every_quote_verifies_with_texts(real_db: Path, seed_corpus):
    unverified = _query(real_db, "SELECT figure_id FROM figures WHERE NOT verified")
    assert unverified == []
    assert _query(real_db, "SELECT count(*) FROM sources WHERE NOT verified") == [(0,)]


def test_real_data_has_the_headline_figures(real_db: Path):
    rows = dict(
        _query(
            real_db,
            "SELECT figure_id, value FROM figures WHERE figure_id IN (?, ?, ?, ?, ?, ?)",
            "idc-china-ai-spending-2027", "caict-llm-count-global", "baidu-ernie-api-calls-2024-11",
            "idc-ai-global-economy-contribution-2030", "baidu-ernie-bot-users", "caict-llm-share-china",
        )
    )  # fmt: skip
    assert rows == {
        "idc-china-ai-spending-2027": 38e9, "caict-llm-count-global": 1328,
        "baidu-ernie-api-calls-2024-11": 1.5e9, "idc-ai-global-economy-contribution-2030": 19.9e12,
        "baidu-ernie-bot-users": 430e6, "caict-llm-share-china": 36,
    }  # fmt: skip


def test_derived_figures_arithmetic(real_db: Path):
    derived = dict(_query(real_db, "SELECT derived_id, value FROM derived_figures"))
    assert derived["derived-global-ai-spending-2027"] == pytest.approx(38e9 / 0.09)
    assert derived["derived-china-ai-spending-2023"] == pytest.approx(38e9 / 1.25**4)
    assert derived["derived-llm-count-china"] == round(1328 * 0.36)
    assert derived["derived-llm-count-us"] == round(1328 * 0.44)
    assert derived["derived-llm-count-other"] == round(1328 * 0.20)
    assert derived["derived-llm-share-other"] == pytest.approx(20)
    assert derived["derived-ernie-api-calls-2024-11"] == pytest.approx(1.5e9)
    inputs = dict(_query(real_db, "SELECT derived_id, inputs FROM derived_figures"))
    assert inputs["derived-llm-count-other"] == [
        "caict-llm-count-global",
        "caict-llm-share-china",
        "caict-llm-share-us",
    ]


def test_checks_pass_on_real_data_and_name_their_formula(real_db: Path):
    checks = _query(real_db, "SELECT check_id, status, formula, inputs FROM checks")
    assert {c[0] for c in checks} >= {"ernie-api-growth", "llm-china-share-over-one-third", "llm-us-largest"}
    assert all(formula and inputs for _, _, formula, inputs in checks)
    assert [c for c in checks if c[1] != "pass"] == []


def test_failing_check_is_shown_not_hidden(project: Project):
    """Shares of one whole over 100% fail the share-sum check, and the row stays in `checks`."""
    project.write_figures(
        project.figures_csv.read_text().split("\n", 1)[1],
        "tiny-share-a,ai_spending_share_of_global,China,2027,9 percent,approx,forecast,IDC,"
        "\"China's spending on AI will likely hit $38 billion in 2027, and account for about 9 percent of "
        'the global market, the consultancy estimated.",,,,\n',
        "tiny-share-b,ai_spending_share_of_global,Global,2027,9 percent,,forecast,IDC,"
        "\"China's spending on AI will likely hit $38 billion in 2027, and account for about 9 percent of "
        'the global market, the consultancy estimated.",95,%,"differs: test: a share that overflows",\n',
    )
    (project.root / "data" / "checks.csv").write_bytes((config.DATA_DIR / "checks.csv").read_bytes())
    build(project.inputs, project.out)
    rows = _query(project.out, "SELECT status, actual, passed FROM checks WHERE check_id LIKE 'share-sum-%'")
    assert rows == [("fail", 104.0, False)]
    missing = _query(project.out, "SELECT status FROM checks WHERE check_id = 'ernie-api-growth'")
    assert missing == [("missing input",)]
