"""Shared fixtures: a tiny, valid project tree (one source, two figures) that tests can break."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from etl import config
from etl.agreement import AGREEMENT_TOML
from etl.build import Inputs

# Builds inside the tests leave data/verification.csv alone, so test_ledger checks the committed ledger.
os.environ[config.LEDGER_ENV] = "keep"

ARTICLE = (
    "Tiny Times\n\n"
    "China’s spending on AI will likely hit $38 billion in 2027, and account for about 9 percent "
    "of the global market, the consultancy estimated.\n"
    "Ernie Bot has garnered over 430 million users since its debut.\n"
)
INDICATORS = """indicator_id,name,unit,topic,chart,description
ai_spending,AI spending,USD,Spending,line,"Spending on AI, in US dollars (USD)."
ai_spending_share_of_global,Share of global AI spending,%,Spending,share,"Share of world AI spending, in percent."
chatbot_users,Chatbot users,count,Adoption,bar,"Users of a chatbot (count)."
"""
ENTITIES = """entity,type,aliases
Global,global,world;worldwide
China,country,Chinese;PRC
Baidu,company,Baidu Inc
"""
FIGURE_HEADER = (
    "figure_id,indicator_id,entity,period,surface,qualifier,kind,attributed_to,quote,value,unit,override,note\n"
)
FIGURE_ROWS = [
    "tiny-china-ai-spending-2027,ai_spending,China,2027,$38 billion,,forecast,IDC,\"China's spending on AI will "
    "likely hit $38 billion in 2027, and account for about 9 percent of the global market, the consultancy "
    'estimated.",,,,\n',
    "tiny-ernie-users,chatbot_users,Baidu,2024-11,430 million users,over,reported,Baidu,"
    '"Ernie Bot has garnered over 430 million users since its debut.",,,,\n',
]


def manifest(text_sha: str, published: str = "date = 2025-01-20") -> str:
    return f"""id = "tiny-times"
title = "Tiny article"
publisher = "Tiny Times"
author = "A. Writer"
url = "https://example.com/tiny"
language = "en"
text_file = "tiny.txt"
sha256 = "{text_sha}"

[published]
{published}
"""


@dataclass
class Project:
    """A throw-away project tree: seeds/, data/, corpus/ and an output path."""

    root: Path

    @property
    def inputs(self) -> Inputs:
        return Inputs(seeds_dir=self.root / "seeds", data_dir=self.root / "data", corpus=self.root / "corpus")

    @property
    def out(self) -> Path:
        return self.root / "out" / "indicators.duckdb"

    @property
    def figures_csv(self) -> Path:
        return self.root / "data" / "figures" / "tiny-times.csv"

    @property
    def manifest_toml(self) -> Path:
        return self.root / "seeds" / "tiny-times.toml"

    def cli_args(self) -> list[str]:
        return [
            "build", "--seeds", str(self.root / "seeds"), "--data", str(self.root / "data"),
            "--corpus", str(self.root / "corpus"), "--out", str(self.out),
        ]  # fmt: skip

    def write_figures(self, *rows: str) -> None:
        self.figures_csv.write_text(FIGURE_HEADER + "".join(rows), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    for folder in ("seeds", "data/figures", "corpus", "out"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "corpus" / "tiny.txt").write_text(ARTICLE, encoding="utf-8")
    digest = hashlib.sha256(ARTICLE.encode()).hexdigest()
    (tmp_path / "seeds" / "tiny-times.toml").write_text(manifest(digest), encoding="utf-8")
    (tmp_path / "data" / "indicators.csv").write_text(INDICATORS, encoding="utf-8")
    (tmp_path / "data" / "entities.csv").write_text(ENTITIES, encoding="utf-8")
    (tmp_path / "data" / AGREEMENT_TOML).write_bytes((config.DATA_DIR / AGREEMENT_TOML).read_bytes())
    built = Project(tmp_path)
    built.write_figures(*FIGURE_ROWS)
    return built


@pytest.fixture(scope="session")
def seed_corpus() -> Path:
    """The real seed texts (CI copies them into seeds/); tests that need them skip without them."""
    corpus = config.corpus_dir()
    if not any(corpus.glob("*.txt")):
        pytest.skip(f"seed texts not found in {corpus}: copy them there or set {config.CORPUS_ENV}")
    return corpus


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The dashboard's fixture project built once per test module, the dashboard pointed at it ($AII_DB);
    a module of the app's tests asks for it with `pytestmark = pytest.mark.usefixtures("database")`."""
    from tests.dashboard_fixture import app_database, build_fixture_db  # imports Streamlit: only when used

    with app_database(build_fixture_db(tmp_path_factory.mktemp("dashboard"))) as path:
        yield path
