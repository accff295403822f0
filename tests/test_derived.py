"""Derived figures and checks are data (data/derived.csv, data/checks.csv): a new row needs no code."""

from __future__ import annotations

import duckdb
import pytest

from etl import fragments
from etl.__main__ import main
from tests.conftest import Project

DERIVED_HEADER = "derived_id,indicator_id,entity,period,unit,qualifier,kind,expression,inputs,formula,description\n"
CHECKS_HEADER = "check_id,description,formula,inputs,expected,actual,tolerance\n"


def _build(project: Project) -> int:
    return main([*project.cli_args(), "--no-candidates"])


DERIVED_ROWS = (
    DERIVED_HEADER + "derived-global-ai-spending-2027,ai_spending,Global,2027,USD,approx,forecast,"
    "spend / (share / 100),spend=tiny-china-ai-spending-2027; share=tiny-no-such-figure,"
    "China spending / share,Implied global spending\n"
    "derived-double-users,chatbot_users,Baidu,2024-11,count,approx,estimate,users * 2,"
    "users=tiny-ernie-users,users x 2,Twice the users\n"
)
CHECK_ROWS = (
    CHECKS_HEADER + "users-over-spending,users exceed a tenth of spending,users > spend / 10,"
    "users=tiny-ernie-users; spend=tiny-china-ai-spending-2027,spend / 10,users,\n"
    "users-near,users near 430 million,|users - 4.3e8| / 4.3e8 <= 1%,users=tiny-ernie-users,430000000,users,0.01\n"
)


@pytest.mark.parametrize(
    ("declared", "rows", "query", "expected"),
    [
        pytest.param(
            "derived.csv", DERIVED_ROWS, "SELECT derived_id, value, inputs, attributed_to FROM derived_figures",
            [("derived-global-ai-spending-2027", None, ["tiny-china-ai-spending-2027", "tiny-no-such-figure"],
              "AI Industry Indicators (derived)"),
             ("derived-double-users", 8.6e8, ["tiny-ernie-users"], "AI Industry Indicators (derived)")],
            id="a derived figure",
        ),
        pytest.param(
            "checks.csv", CHECK_ROWS, "SELECT check_id, status FROM checks WHERE check_id LIKE 'users-%'",
            [("users-near", "pass"), ("users-over-spending", "fail")],
            id="a check",
        ),
    ],
)  # fmt: skip
def test_a_row_in_data_becomes_a_derived_figure_or_a_check(
    project: Project, declared: str, rows: str, query: str, expected: list[tuple[object, ...]]
):
    (project.root / "data" / declared).write_text(rows, encoding="utf-8")
    assert _build(project) == 0
    with duckdb.connect(str(project.out), read_only=True) as con:
        assert con.execute(query).fetchall() == expected


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("spend; DROP TABLE figures", "unexpected ';"),
        ("spend / other", "other not among the inputs spend"),
        ("read_csv('x')", "unexpected"),
    ],
)
def test_a_derived_expression_is_only_arithmetic(project: Project, capsys, expression: str, message: str):
    (project.root / "data" / "derived.csv").write_text(
        DERIVED_HEADER + f'derived-x,ai_spending,Global,2027,USD,approx,forecast,"{expression}",'
        "spend=tiny-china-ai-spending-2027,x,x\n",
        encoding="utf-8",
    )
    assert _build(project) == 1
    errors = capsys.readouterr().err
    assert "data/derived.csv:2: " in errors.replace(f"{project.root}/", "") and message in errors, errors


def test_each_source_with_its_text_has_a_check_that_its_links_land(project: Project):
    assert _build(project) == 0
    with duckdb.connect(str(project.out), read_only=True) as con:
        rows = con.execute(
            "SELECT check_id, expected, actual, status FROM checks WHERE check_id LIKE 'link-%'"
        ).fetchall()
    assert rows == [("link-lands-tiny-times", 2.0, 2.0, "pass")]


def test_a_link_that_cannot_land_fails_its_sources_check_and_is_named_first(project: Project, monkeypatch):
    real = fragments.fragment_for
    monkeypatch.setattr(
        fragments,
        "fragment_for",
        lambda page, span: None if page.shown[page.position(span[0]) :].startswith("Ernie") else real(page, span),
    )
    assert _build(project) == 0
    with duckdb.connect(str(project.out), read_only=True) as con:
        row = con.execute(
            "SELECT inputs[1], actual, status FROM checks WHERE check_id = 'link-lands-tiny-times'"
        ).fetchone()
    assert row == ("tiny-ernie-users", 1.0, "fail")


def test_without_its_text_a_source_has_no_link_check(project: Project):
    (project.root / "corpus" / "tiny.txt").unlink()
    assert _build(project) == 0
    with duckdb.connect(str(project.out), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM checks WHERE check_id LIKE 'link-%'").fetchone() == (0,)
