"""A small project for dashboard tests: two sources, the figure ids the dashboard relies on, built by etl.build.

Its views, cards and derived figures are the repository's (data/views.toml, derived.csv, checks.csv); the
indicators those views name that the fixture lacks are added from data/indicators.csv, without figures.

- `tiny-daily` (published 2025-01-20, text present): IDC spending, CAICT LLMs, Baidu Ernie figures.
- `tiny-weekly` (published 2024-05-01, text absent so quotes are unverified): an older IDC forecast of
  China's 2027 AI spending ($40 billion), for side-by-side comparison with tiny-daily's $38 billion,
  in a quote carrying Markdown and HTML that must be shown as text.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from dashboard import charts, queries
from etl import config
from etl.agreement import AGREEMENT_TOML
from etl.build import Inputs, build
from etl.candidates import candidate_finder
from etl.views_toml import VIEWS_TOML, load_views, named_in

DAILY = (
    "Tiny Daily\n\n"
    "China's spending on AI will likely hit $38 billion in 2027, and account for about 9 percent of the global "
    "market, with a compound annual growth rate of about 25 percent from 2023 to 2027, the consultancy estimated.\n"
    "AI is forecast to contribute $19.9 trillion to the global economy through 2030, and drive 3.5 percent of "
    "global GDP in 2030, the research firm said.\n"
    "The number of LLMs worldwide has reached 1,328, with 36 percent from China, the second-largest after the "
    "United States, which accounts for 44 percent of the total, the white paper noted.\n"
    "China is now home to more than one-third of the world's LLMs.\n"
    "Ernie Bot has garnered over 430 million users since its debut.\n"
    "It handled about 1.5 billion API daily calls by early November, a 30-fold increase from the 50 million "
    "announced a year ago.\n"
)
INJECTION_QUOTE = (
    "Analysts said <script>alert(1)</script> [click here](javascript:alert(1)) that spending could reach "
    "$40 billion in 2027."
)
INDICATORS = """indicator_id,name,unit,topic,chart,description,counts
ai_spending,AI spending,USD,Spending,line,"Spending on AI, in US dollars (USD).",
ai_spending_share_of_global,Share of global AI spending,%,Spending,share,"Share of world AI spending, in percent (%).",
ai_spending_cagr,AI spending CAGR,%,Spending,bar,"Growth rate of AI spending, in percent (%).",
ai_economic_contribution,AI contribution to the economy,USD,Economy,bar,"Contribution of AI, in US dollars (USD).",
ai_share_of_gdp,AI share of GDP,%,Economy,bar,"Contribution of AI as a percentage (%) of GDP.",
llm_count,Number of large language models,count,Models,bar,"Number of LLMs, as a count.",LLMs
llm_share,Share of the world's large language models,%,Models,share,"Share of the world's LLMs, in percent (%).",
chatbot_users,Chatbot users,count,Adoption,bar,"Users of a chatbot, as a count.",users
api_calls_daily,Daily model API calls,count,Adoption,line,"Calls per day to a model API, as a count.",calls/day
api_calls_growth,Growth of model API calls,x,Adoption,bar,"Growth multiple of API calls, as a factor (x).",
"""
ENTITIES = """entity,type,aliases
Global,global,world
China,country,PRC
United States,country,US
Baidu,company,Baidu Inc
Other countries,region,rest of the world
"""
HEADER = "figure_id,indicator_id,entity,period,surface,qualifier,kind,attributed_to,quote,value,unit,override,note\n"
SPENDING = DAILY.splitlines()[2]
ECONOMY = DAILY.splitlines()[3]
LLMS = DAILY.splitlines()[4]
THIRD = DAILY.splitlines()[5]
USERS = DAILY.splitlines()[6]
CALLS = DAILY.splitlines()[7]
DAILY_FIGURES = [
    ("idc-china-ai-spending-2027", "ai_spending", "China", "2027", "$38 billion", "", "forecast", "IDC", SPENDING),
    ("idc-china-share-global-ai-spending-2027", "ai_spending_share_of_global", "China", "2027", "9 percent", "approx",
     "forecast", "IDC", SPENDING),
    ("idc-china-ai-spending-cagr-2023-2027", "ai_spending_cagr", "China", "2023-2027", "25 percent", "approx",
     "forecast", "IDC", SPENDING),
    ("idc-ai-global-economy-contribution-2030", "ai_economic_contribution", "Global", "2024-2030", "$19.9 trillion",
     "", "forecast", "IDC", ECONOMY),
    ("idc-ai-share-global-gdp-2030", "ai_share_of_gdp", "Global", "2030", "3.5 percent", "", "forecast", "IDC",
     ECONOMY),
    ("caict-llm-count-global", "llm_count", "Global", "2024", "1,328", "", "reported", "CAICT", LLMS),
    ("caict-llm-share-china", "llm_share", "China", "2024", "36 percent", "", "reported", "CAICT", LLMS),
    ("caict-llm-share-us", "llm_share", "United States", "2024", "44 percent", "", "reported", "CAICT", LLMS),
    ("caict-llm-share-china-over-one-third", "llm_share", "China", "2024", "one-third", "over", "reported", "CAICT",
     THIRD),
    ("baidu-ernie-bot-users", "chatbot_users", "Baidu", "2024-11", "430 million users", "over", "reported", "Baidu",
     USERS),
    ("baidu-ernie-api-calls-2024-11", "api_calls_daily", "Baidu", "2024-11", "1.5 billion", "approx", "reported",
     "Baidu", CALLS),
    ("baidu-ernie-api-calls-2023-11", "api_calls_daily", "Baidu", "2023-11", "50 million", "", "reported", "Baidu",
     CALLS),
    ("baidu-ernie-api-calls-growth", "api_calls_growth", "Baidu", "2024-11", "30-fold", "", "reported", "Baidu",
     CALLS),
]  # fmt: skip
WEEKLY_FIGURES = [
    ("weekly-idc-china-ai-spending-2027", "ai_spending", "China", "2027", "$40 billion", "", "forecast", "IDC",
     INJECTION_QUOTE),
]  # fmt: skip


def _manifest(doc_id: str, title: str, publisher: str, text_file: str, text: str, published: str) -> str:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return (
        f'id = "{doc_id}"\ntitle = "{title}"\npublisher = "{publisher}"\nauthor = ""\n'
        f'url = "https://example.com/{doc_id}"\nlanguage = "en"\ntext_file = "{text_file}"\nsha256 = "{digest}"\n\n'
        f"[published]\ndate = {published}\n"
    )


def _csv(rows: list[tuple[str, ...]]) -> str:
    def field(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    return HEADER + "".join(",".join(field(v) for v in (*row, "", "", "", "")) + "\n" for row in rows)


def view_keys() -> list[str]:
    """The keys (page addresses) of the repository's ready views, in navigation order."""
    return [view.key for view in load_views(config.DATA_DIR)[0].file.view]


def _indicators_views_name() -> str:
    """Rows of data/indicators.csv for the indicators the repository's views and cards name that INDICATORS
    lacks (so the fixture builds with the real data/views.toml)."""
    have = {line.split(",", 1)[0] for line in INDICATORS.splitlines()}
    named = {name for _, what, name in named_in(load_views(config.DATA_DIR)[0]) if what == "indicator"}
    with (config.DATA_DIR / "indicators.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.reader(handle) if row and row[0] in named - have]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def write_project(root: Path) -> Inputs:
    """Write seeds/, data/ and corpus/ under `root`; the weekly source's text is left out of the corpus."""
    for folder in ("seeds", "data/figures", "corpus"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "corpus" / "daily.txt").write_text(DAILY, encoding="utf-8")
    weekly_text = f"Tiny Weekly\n\n{INJECTION_QUOTE}\n"
    (root / "seeds" / "tiny-daily.toml").write_text(
        _manifest("tiny-daily", "Tiny daily article", "Tiny Daily", "daily.txt", DAILY, "2025-01-20"), encoding="utf-8"
    )
    (root / "seeds" / "tiny-weekly.toml").write_text(
        _manifest("tiny-weekly", "Tiny weekly [article]", "Tiny *Weekly*", "weekly.txt", weekly_text, "2024-05-01"),
        encoding="utf-8",
    )
    (root / "data" / "indicators.csv").write_text(INDICATORS + _indicators_views_name(), encoding="utf-8")
    (root / "data" / "entities.csv").write_text(ENTITIES, encoding="utf-8")
    (root / "data" / "figures" / "tiny-daily.csv").write_text(_csv(DAILY_FIGURES), encoding="utf-8")
    (root / "data" / "figures" / "tiny-weekly.csv").write_text(_csv(WEEKLY_FIGURES), encoding="utf-8")
    for declared in ("derived.csv", "checks.csv", VIEWS_TOML, AGREEMENT_TOML):  # the repository's declarations
        (root / "data" / declared).write_bytes((config.DATA_DIR / declared).read_bytes())
    return Inputs(seeds_dir=root / "seeds", data_dir=root / "data", corpus=root / "corpus")


def build_fixture_db(root: Path) -> Path:
    """The fixture project built into root/indicators.duckdb by the real ETL."""
    out = root / "indicators.duckdb"
    build(write_project(root), out)
    return out


@contextlib.contextmanager
def app_database(path: Path) -> Iterator[Path]:
    """Point the dashboard at `path` ($AII_DB) for the duration of the block."""
    previous = os.environ.get(config.DB_ENV)
    os.environ[config.DB_ENV] = str(path)
    try:
        yield path
    finally:
        if previous is None:
            os.environ.pop(config.DB_ENV, None)
        else:
            os.environ[config.DB_ENV] = previous


def open_address(at: AppTest, address: str) -> AppTest:
    """Send `at` (after its first run) to the page at /<address> on its next run.

    `AppTest.switch_page` reaches only pages that are files, and a ready view's page is a function
    registered under its address (dashboard.views.page). Streamlit tells every `st.Page` apart by the
    hash of its url_path (`Page._script_hash`), which is what a browser session sends on navigation;
    AppTest has no public way to send it, so its private `_page_hash` is set (streamlit is pinned in
    uv.lock; tests/test_app.py fails at once if this stops reaching a page).
    """
    at._page_hash = calc_hash(address)
    return at


APP = str(config.ROOT / "app.py")
"""The app as `streamlit run` starts it."""


def prepared(page: str, timeout: float = 30, **params: str | list[str]) -> AppTest:
    """The app switched to the page at /<page> with URL parameters set, before the run that shows it."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.run()
    if page != "overview":
        open_address(at, page)
    at.query_params.update(params)
    return at


def write_unreviewed_project(root: Path) -> Inputs:
    """The fixture project with every text present and without its '44 percent' figure (the United States' share
    of LLMs), so the extractor's candidate for it is unreviewed."""
    inputs = write_project(root)
    (root / "corpus" / "weekly.txt").write_text(f"Tiny Weekly\n\n{INJECTION_QUOTE}\n", encoding="utf-8")
    figures = inputs.figures_dir / "tiny-daily.csv"
    kept = [line for line in figures.read_text(encoding="utf-8").splitlines(True) if "caict-llm-share-us" not in line]
    figures.write_text("".join(kept), encoding="utf-8")
    return inputs


def build_as_the_app_does(inputs: Inputs) -> Path:
    """The project built with candidates and suggested indicators (as the app builds) into its indicators.duckdb."""
    db = inputs.data_dir.parent / "indicators.duckdb"
    build(inputs, db, find_candidates=candidate_finder(inputs.data_dir))
    return db


def point_app_at(patch: pytest.MonkeyPatch, inputs: Inputs, db: Path) -> None:
    """Point the app at a project: its database, data, seeds and texts, run locally (not hosted)."""
    for name, value in (
        (config.DB_ENV, db), (config.DATA_ENV, inputs.data_dir), (config.SEEDS_ENV, inputs.seeds_dir),
        (config.CORPUS_ENV, inputs.corpus),
    ):  # fmt: skip
        patch.setenv(name, str(value))
    patch.delenv(config.HOSTED_ENV, raising=False)


def chart_rows(indicator: str, **filters: object) -> pd.DataFrame:
    """The rows the dashboard charts for `indicator` with `filters` (a `queries.figures` query)."""
    return charts.plotted_rows(queries.figures(indicators=(indicator,), **filters), queries.catalog().charts[indicator])
