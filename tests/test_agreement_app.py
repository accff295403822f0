"""What a reader sees of agreement between sources, on the repository's own curated data (no texts needed):
the Checks page lists disagreements with both quotes; a quote card names the other sources; quotes from
tables (which only the curated data has) read as rows in tables, verbatim in the card."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import views
from etl.build import Inputs, build
from tests.dashboard_fixture import APP, app_database, prepared


@pytest.fixture(scope="module", autouse=True)
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("agreement") / "indicators.duckdb"
    build(Inputs(corpus=tmp_path_factory.mktemp("no-texts")), out)
    with app_database(out) as path:
        yield path


def page(path: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if path:
        at.switch_page(path)
    at.query_params.update(params)
    return at.run()


def test_checks_page_lists_the_disagreement_with_both_quotes() -> None:
    at = page("dashboard/pages/checks.py")
    assert not at.exception
    table = next(d.value for d in at.dataframe if "Other quote" in d.value.columns)
    tokens = table[table["Figure"].str.startswith("Daily LLM tokens") | table["Quote"].str.contains("token")]
    assert not tokens.empty, "the 1 trillion vs 100 billion daily tokens reports must be listed"
    said = [c.value for c in at.caption if "disagreement" in c.value]
    assert said == [said[0].replace("(s)", "")] and f"{len(table)} disagreements." in said[0], said
    assert {"Quote", "Other quote", "Source", "Other source"} <= set(table.columns)
    said = list(tokens["One source says"]) + list(tokens["Other source says"])
    assert all(value.split()[-1].startswith("tokens") for value in said), f"each value with its unit: {said}"


def test_a_quote_card_names_the_sources_that_corroborate_it() -> None:
    at = page("dashboard/pages/checks.py", figure="ernie-api-calls-2024-08-asiaict")
    assert not at.exception
    shown = "\n".join(t.value for t in at.text)
    assert "Also reported by:" in shown and "wuwenjie" in shown


def test_disagreements_tell_apart_before_their_quotes_and_checks_name_no_developer_note() -> None:
    """Two IT-Online articles state Gartner's 2026 total AI spending (2.53T and 2.52T in the later one): rows that
    differ only in a value or an article must show it before the wide quote columns, which need a scroll."""
    at = page("dashboard/pages/checks.py")
    checks = at.dataframe[0].value
    table = next(d.value for d in at.dataframe if "Other quote" in d.value.columns)
    shown = list(table.columns[: list(table.columns).index("Quote")])
    assert shown[:3] == ["Figure", "One source says", "Other source says"], "the values that differ come first"
    assert not table[shown].duplicated().any(), table[shown][table[shown].duplicated(keep=False)].to_string()
    titles = page("dashboard/pages/sources.py").selectbox[0].options  # every source, by the title it is shown by
    names = "\n".join([*checks["Check"], *table["Source"], *table["Other source"], *titles])
    notes = re.findall(r"\((?:no headline stored|descriptive title|title[^)]*slug)\)", names)
    assert not notes, f"a manifest's note to a developer, shown as a name: {notes}"


def test_a_quote_from_a_table_reads_as_its_cells_in_tables_and_verbatim_in_its_card() -> None:
    at = page("dashboard/pages/sources.py", source="gartner-genai-2025")
    quotes = list(at.dataframe[0].value["Quote"])
    assert "Services: $10,569M · 177.0% · $27,760M · 162.6%" in quotes, quotes
    assert not [q for q in quotes if "|" in q], "a table's separators shown verbatim"
    card = page("dashboard/pages/sources.py", figure="gartner-2025-03-table-genai-services-spending-2024")
    shown = "\n".join(m.value for m in [*card.markdown, *card.text])
    assert "“Services \\| " in shown, "the card keeps the verbatim row (its '|' escaped for Markdown) to find it by"


def test_without_texts_the_extracted_switch_is_off_and_says_why() -> None:
    """A build without texts (a hosted one) has no extracted figures: switched on (a link from a local copy), it
    drew nothing and said under every chart that none was suggested for that indicator."""
    at = prepared("explore", extracted="true").run()
    switch = at.toggle(key="explore-extracted")
    assert switch.disabled and switch.value is False and views.NONE_EXTRACTED in switch.help
    assert not [c for c in at.caption if "No extracted, unreviewed figure" in c.value]
