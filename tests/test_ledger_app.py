"""What a reader sees of a build without the source texts (the hosted case), on the repository's own data:
quotes the committed ledger verifies say so with its date on every page, never "not verified"; a quote
changed by one character since the ledger shows, alone, as not verified."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl import config
from etl.build import Inputs, build
from tests.dashboard_fixture import app_database, prepared
from tests.test_app import PAGES, all_markdown, plain

CHANGED = "idc-china-ai-spending-2027"
"""The figure whose curated quote the second build changes by one character, and its source."""
CHANGED_SOURCE = "chinadaily-seizing-the-future"
UNVERIFIED_WORDING = re.compile(r"not verified|unverified|not available|\b0 (of [\d,]+ )?quotes verified")


def _shown(at: AppTest) -> str:
    texts = all_markdown(at) + [t.value for t in at.text] + [w.value for w in at.sidebar.warning]
    return plain("\n".join(texts)).lower()


def _header_counts() -> tuple[int, int]:
    """(verified, figures) as the Overview's header states them."""
    found = re.search(r"([\d,]+) of ([\d,]+) quotes verified against the source texts", _shown(_open("overview")))
    assert found, "the header says how many quotes are verified"
    verified, figures = (int(n.replace(",", "")) for n in found.groups())
    return verified, figures


def _open(page: str, **params: str) -> AppTest:
    return prepared(page, 60, **params).run()


@pytest.fixture(scope="module")
def no_texts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("no-texts")


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory, no_texts: Path) -> Path:
    out = tmp_path_factory.mktemp("hosted") / "indicators.duckdb"
    build(Inputs(corpus=no_texts), out)
    return out


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory, no_texts: Path) -> Path:
    data = shutil.copytree(config.DATA_DIR, tmp_path_factory.mktemp("changed") / "data")
    path = data / "figures" / f"{CHANGED_SOURCE}.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    (at,) = [i for i, line in enumerate(lines) if line.startswith(f"{CHANGED},")]
    lines[at] = lines[at].replace("will likely hit", "will likely hiT", 1)
    assert "hiT" in lines[at]
    path.write_text("\n".join(lines), encoding="utf-8")
    out = data.parent / "indicators.duckdb"
    build(Inputs(data_dir=data, corpus=no_texts), out)
    return out


@pytest.fixture
def on_hosted(hosted: Path) -> Iterator[Path]:
    with app_database(hosted) as path:
        yield path


@pytest.fixture
def on_changed(changed: Path) -> Iterator[Path]:
    with app_database(changed) as path:
        yield path


@pytest.mark.parametrize("page", PAGES)
def test_no_page_says_not_verified_when_the_ledger_verifies_every_quote(on_hosted: Path, page: str) -> None:
    at = _open(page)
    assert not at.exception, [e.value for e in at.exception]
    shown = _shown(at)
    assert not UNVERIFIED_WORDING.findall(shown), shown


def test_the_header_sources_and_quote_card_say_verified_with_the_date(on_hosted: Path) -> None:
    assert "quotes verified against the source texts (last checked 20" in _shown(_open("overview"))
    verified, figures = _header_counts()
    assert verified == figures
    assert "(verification ledger)" in _shown(_open("overview", figure=CHANGED))
    sources = _shown(_open("sources"))
    assert "verified against the article text with the checksum below on 20" in sources


def test_a_quote_changed_since_the_ledger_alone_shows_as_not_verified(on_changed: Path) -> None:
    card = _shown(_open("overview", figure=CHANGED))
    assert "not verified: this quote has not been checked" in card
    verified, figures = _header_counts()
    assert verified == figures - 1
    assert "not verified" not in _shown(_open("sources")), "the sources listed first are all verified"
    changed_source = _shown(_open("sources", source=CHANGED_SOURCE))
    assert changed_source.count("not verified") == 1 and "1 changed since: not verified" in changed_source
