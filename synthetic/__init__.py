"""A synthetic project tree, shared by tests and bench/: N sources, M figures whose quotes occur in their texts.

    uv run python -m synthetic --scale 100 --out bench/corpus/x100
    uv run python -m etl build --seeds bench/corpus/x100/seeds --data bench/corpus/x100/data \
        --corpus bench/corpus/x100/corpus --out bench/corpus/x100/indicators.duckdb

The tree has the layout the ETL reads: `seeds/<id>.toml` (manifests with the sha256 of the text),
`corpus/<id>.txt` (generated articles), `data/indicators.csv`, `data/entities.csv`,
`data/figures/<id>.csv`, `data/views.toml` (the app's ready views at the repository's addresses) and the
repository's `data/agreement.toml`.
Scale 1 is today's size: 5 sources and about 100 figures (each source has 4-36 figures, 20 on average);
scale 10,000 has 50,000 sources and about 1,000,000 figures.

Everything is deterministic: each source is drawn from its own `random.Random(f"{seed}:{index}")`,
so the same (scale, seed) gives byte-identical files, and source i is the same at every scale.
The texts imitate news articles: each figure sentence is written as a curator would quote it, but the
text may use curly apostrophes and break lines inside it (the ETL's quote matching must cope), and
filler sentences carry the usual non-figures (years, dates, GPT-4o, Qwen 2.5, 5G). Numbers are rounded
the way reporters write them (1 to 4 significant digits), so surfaces repeat as they do in real data.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
import random
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from etl import config
from etl.agreement import AGREEMENT_TOML

GENERATOR_VERSION = "5"
"""Bump when the output changes, so cached trees under bench/corpus/ are regenerated."""

BASE_SOURCES = 5
FIGURES_PER_SOURCE = (4, 36)
"""Uniform range of figures per source: 20 on average, about 100 figures at scale 1."""

FIGURE_HEADER = (
    "figure_id", "indicator_id", "entity", "period", "surface", "qualifier", "kind",
    "attributed_to", "quote", "value", "unit", "override", "note",
)  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Vocabularies. A surface maker returns (surface as written, value in base units).

Surface = tuple[str, float]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]


def _decimal(rng: random.Random, low: float, high: float) -> str:
    """A number as reporters write it: 38, 4.6, 19.9 (at most one decimal)."""
    value = rng.uniform(low, high)
    return f"{value:.0f}" if value >= 20 or rng.random() < 0.4 else f"{value:.1f}"


def _money(forms: list[str]) -> Callable[[random.Random], Surface]:
    """Surfaces in one currency; a form fills {n} (number), {w} (million ...), {b} (M/B/T), {bn} (mn/bn/tn)."""
    scales = [("million", "M", "mn", 1e6), ("billion", "B", "bn", 1e9), ("trillion", "T", "tn", 1e12)]

    def make(rng: random.Random) -> Surface:
        number = _decimal(rng, 1.1, 950)
        word, letter, short, factor = rng.choice(scales)
        return rng.choice(forms).format(n=number, w=word, b=letter, bn=short), float(number) * factor

    return make


def _percent(low: float, high: float) -> Callable[[random.Random], Surface]:
    def make(rng: random.Random) -> Surface:
        number = _decimal(rng, low, high)
        return f"{number}{rng.choice([' percent', '%', ' per cent', ' percent'])}", float(number)

    return make


def _rounded(number: int, rng: random.Random) -> int:
    """The number as reporters round it: 1 to 4 significant digits (1,328; 300,000; 7,900,000)."""
    digits = rng.choice([1, 2, 2, 3, 3, 4])
    drop = max(0, len(str(number)) - digits)
    return max(1, round(number, -drop))


def _count(nouns: list[str], low: int, high: int) -> Callable[[random.Random], Surface]:
    def make(rng: random.Random) -> Surface:
        noun = rng.choice(nouns)
        draw = rng.random()
        if draw < 0.15 and high >= 12:
            number = rng.randrange(2, 13)
            return f"{NUMBER_WORDS[number - 2]} {noun}", float(number)
        if draw < 0.45 and high >= 10**7:
            number = _decimal(rng, 1.1, 950)
            return f"{number} million {noun}", float(number) * 1e6
        number = _rounded(rng.randint(low, min(high, 9_999_999)), rng)
        return f"{number:,} {noun}", float(number)

    return make


def _multiple(rng: random.Random) -> Surface:
    number = rng.choice([2, 3, 4, 5, 8, 10, 12, 20, 30, 50, 100])
    return rng.choice([f"{number}-fold", f"{number}x", f"{number} times"]), float(number)


def _duration(unit: str, low: int, high: int) -> Callable[[random.Random], Surface]:
    def make(rng: random.Random) -> Surface:
        number = rng.randint(low, high)
        written = NUMBER_WORDS[number - 2] if 2 <= number <= 12 and rng.random() < 0.5 else str(number)
        return f"{written} {unit}s", float(number)

    return make


def _symbol(symbol: str, low: float, high: float, space: bool) -> Callable[[random.Random], Surface]:
    def make(rng: random.Random) -> Surface:
        number = _decimal(rng, low, high)
        return f"{number}{' ' if space else ''}{symbol}", float(number)

    return make


USD = _money(["${n} {w}", "US${n} {w}", "USD {n} {w}", "{n} {w} dollars", "${n}{b}", "${n}{bn}"])
CNY = _money(["RMB {n} {w}", "{n} {w} yuan", "¥{n} {w}"])
EUR = _money(["€{n} {w}", "{n} {w} euros"])

# (indicator_id, name, unit, topic, chart, surface maker)
INDICATORS: list[tuple[str, str, str, str, str, Callable[[random.Random], Surface]]] = [
    ("ai_spending", "AI spending", "USD", "Spending & market", "line", USD),
    ("ai_market_size", "AI market size", "USD", "Spending & market", "line", USD),
    ("ai_market_size_cny", "AI market size (CNY)", "CNY", "Spending & market", "line", CNY),
    ("ai_investment", "AI investment", "USD", "Investment", "line", USD),
    ("ai_investment_eur", "AI investment (EUR)", "EUR", "Investment", "line", EUR),
    ("vc_fund_size_cny", "Size of an investment fund", "CNY", "Investment", "bar", CNY),
    ("government_ai_budget", "Government AI budget", "USD", "Policy", "bar", USD),
    ("ai_economic_contribution", "AI contribution to the economy", "USD", "Economic impact", "bar", USD),
    ("company_revenue", "AI revenue", "CNY", "Companies", "line", CNY),
    ("ai_spending_share_of_global", "Share of global AI spending", "%", "Spending & market", "share",
     _percent(1, 30)),
    ("llm_share", "Share of the world's large language models", "%", "Models", "share", _percent(1, 30)),
    ("market_share", "Share of the AI cloud market", "%", "Companies", "share", _percent(1, 30)),
    ("ai_spending_cagr", "AI spending growth rate", "%", "Spending & market", "bar", _percent(5, 60)),
    ("ai_share_of_gdp", "AI share of GDP", "%", "Economic impact", "bar", _percent(0.5, 9)),
    ("survey_adoption", "Companies adopting AI", "%", "Surveys", "bar", _percent(10, 95)),
    ("revenue_growth", "AI revenue growth", "%", "Companies", "line", _percent(3, 120)),
    ("adoption_change", "Change in AI adoption", "pp", "Surveys", "bar",
     _symbol("percentage points", 1, 25, space=True)),
    ("llm_count", "Number of large language models", "count", "Models", "bar",
     _count(["LLMs", "large models", "models"], 20, 3000)),
    ("chatbot_users", "Chatbot users", "count", "Adoption & usage", "bar",
     _count(["users", "monthly active users"], 10_000, 10**9)),
    ("api_calls_daily", "Daily model API calls", "count", "Adoption & usage", "line",
     _count(["calls", "API calls"], 10_000, 10**9)),
    ("ai_company_count", "Active AI companies", "count", "Companies", "bar",
     _count(["companies", "enterprises", "firms"], 12, 500_000)),
    ("ai_accelerator_cards", "AI accelerator cards", "count", "Compute", "bar",
     _count(["GPUs", "cards", "accelerators"], 1000, 100_000)),
    ("ai_laws_passed", "AI laws passed", "count", "Policy", "line", _count(["laws", "regulations"], 2, 12)),
    ("llm_application_scenarios", "Application scenarios of a large model", "count", "Adoption & usage", "bar",
     _count(["scenarios", "use cases"], 2, 900)),
    ("model_parameters", "Model size (parameters)", "count", "Models", "bar",
     _count(["parameters"], 10**6, 10**12)),
    ("api_calls_growth", "Growth of model API calls", "x", "Adoption & usage", "bar", _multiple),
    ("ai_efficiency_gain", "Efficiency gain from AI", "x", "Productivity", "bar", _multiple),
    ("ai_experience_years", "Years of experience in AI", "year", "Companies", "bar", _duration("year", 2, 40)),
    ("forecast_horizon_years", "Horizon of an adoption forecast", "year", "Surveys", "bar",
     _duration("year", 2, 12)),
    ("genai_wave_duration", "Length of the generative-AI wave", "month", "Adoption & usage", "bar",
     _duration("month", 2, 36)),
    ("model_integration_time", "Time to integrate a new model", "day", "Models", "bar", _duration("day", 2, 90)),
    ("training_data_size", "Training data size", "TB", "Models", "bar", _symbol("TB", 2, 900, space=False)),
    ("training_data_size_pb", "Training data size (PB)", "PB", "Models", "bar", _symbol("PB", 1.1, 90, space=True)),
    ("compute_capacity", "AI computing capacity", "EFLOPS", "Compute", "line", _symbol("EFLOPS", 2, 900, space=True)),
    ("datacenter_power", "AI data-centre power", "GW", "Compute", "line", _symbol("GW", 1.1, 60, space=True)),
    ("datacenter_power_mw", "AI data-centre power (MW)", "MW", "Compute", "bar", _symbol("MW", 5, 900, space=True)),
]  # fmt: skip

ENTITIES: list[tuple[str, str, str]] = [
    ("Global", "global", "world;worldwide;global"),
    ("China", "country", "Chinese;PRC;mainland China"),
    ("United States", "country", "US;U.S.;USA"),
    ("India", "country", ""),
    ("Japan", "country", "Japanese"),
    ("Germany", "country", "German"),
    ("France", "country", "French"),
    ("United Kingdom", "country", "UK;Britain"),
    ("South Korea", "country", "Korea"),
    ("Singapore", "country", ""),
    ("Brazil", "country", ""),
    ("Europe", "region", "EU;European Union"),
    ("Asia-Pacific", "region", "APAC"),
    ("Southeast Asia", "region", "ASEAN"),
    ("Middle East", "region", ""),
    ("Baidu", "company", "Baidu Inc"),
    ("Alibaba", "company", "Alibaba Group"),
    ("Tencent", "company", "Tencent Holdings"),
    ("Huawei", "company", "Huawei Technologies"),
    ("Microsoft", "company", "Microsoft Corporation"),
    ("Oracle", "company", ""),
    ("Nvidia", "company", "NVIDIA"),
    ("Samsung", "company", "Samsung Electronics"),
    ("CAICT", "organization", "China Academy of Information and Communications Technology"),
    ("OECD", "organization", ""),
]
SYLLABLES = ["nor", "vex", "tal", "qui", "ran", "zen", "mo", "lix", "dar", "ka", "sor", "bel", "tri", "on", "ga"]
PRODUCERS = ["IDC", "Gartner", "McKinsey", "CAICT", "Stanford AI Index", "PwC", "Goldman Sachs", "the ministry"]
PUBLISHERS = ["Tech Daily", "Market Wire", "Asia Business Review", "The Compute Post", "Policy Journal"]
TOPICS = ["generative AI", "cloud computing", "AI chips", "large models", "smart manufacturing", "AI policy"]
CITIES = ["Hangzhou", "Beijing", "Shenzhen", "San Francisco", "Singapore", "Paris", "Seoul", "Bangalore"]
PRODUCTS = ["GPT-4o", "Qwen 2.5", "Ernie 4.0", "Pangu 5.0", "Llama 3", "Gemini 1.5", "Claude 3"]
QUALIFIER_WORDS = {"approx": ["about", "nearly", "roughly"], "over": ["more than", "over"], "under": ["up to"]}
MONTHS = [dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)]

FIGURE_SENTENCES = [
    "{attr} expects {owner} {ind} to reach {q}{s} {period}.",
    "According to {attr}, {ind} in {entity} stood at {q}{s} {period}.",
    "{entity} reported {ind} of {q}{s} {period}, {attr} said on {weekday}.",
    "{Period_}, {ind} for {entity} was {q}{s}, data from {attr} showed.",
    "{attr} estimates that {owner} {ind} will be {q}{s} {period}, driven by demand for {topic}.",
]
PAIR_SENTENCE = "{attr} puts {owner} {ind} at {q}{s} {period}, up from {q2}{s2} {period2}."
FILLERS = [
    "The company unveiled {product} at its annual conference in {city} in {year}.",
    "Analysts said adoption of {topic} would depend on regulation and the cost of computing power.",
    "The report, released on {month} {day}, {year}, surveyed executives across {n} industries.",
    "Executives in {city} said {product} had changed how their teams write software.",
    "The 5G rollout and new data centres in {city} were mentioned as reasons for the shift.",
    "Shares of the company rose after the announcement, and trading in {city} was brisk.",
    "Critics warned that the race in {topic} could widen the gap between large and small firms.",
    "The conference ran from {month} {day} to {day2}, with sessions on {topic} and {topic2}.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


# ---------------------------------------------------------------------------------------------
# Drawing one source.


@dataclass(frozen=True)
class Counts:
    scale: float
    seed: int
    sources: int
    figures: int
    text_bytes: int
    entities: int
    indicators: int


def source_count(scale: float) -> int:
    return max(1, round(BASE_SOURCES * scale))


def entity_names(scale: float) -> list[tuple[str, str, str]]:
    """The fixed entities plus synthetic companies, growing with the square root of the scale."""
    extra = 5 * math.ceil(math.sqrt(scale)) if scale > 1 else 0
    companies = []
    for index in range(extra):
        a, b, c = index % 15, index // 15 % 15, index // 225 % 15
        name = (SYLLABLES[a] + SYLLABLES[b] + SYLLABLES[c]).capitalize()
        companies.append((f"{name} {index}", "company", ""))
    return ENTITIES + companies


def _period(rng: random.Random, published: dt.date) -> tuple[str, str, dt.date]:
    """A period (as the CSV writes it), how the text says it, and the period's last day."""
    year = rng.randint(published.year - 6, published.year + 6)
    draw = rng.random()
    if draw < 0.55:
        return str(year), f"in {year}", dt.date(year, 12, 31)
    if draw < 0.7:
        first = year - rng.randint(2, 6)
        return f"{first}-{year}", f"from {first} to {year}", dt.date(year, 12, 31)
    if draw < 0.82:
        month = rng.randint(1, 12)
        return f"{year}-{month:02d}", f"in {MONTHS[month - 1]} {year}", dt.date(year, month, 28)
    if draw < 0.9:
        half = rng.randint(1, 2)
        return f"{year}-H{half}", f"in the {['first', 'second'][half - 1]} half of {year}", dt.date(year, 6 * half, 30)
    if draw < 0.97:
        quarter = rng.randint(1, 4)
        words = ["first", "second", "third", "fourth"][quarter - 1]
        return f"{year}-Q{quarter}", f"in the {words} quarter of {year}", dt.date(year, 3 * quarter, 28)
    day = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    return day.isoformat(), f"on {MONTHS[day.month - 1]} {day.day}, {year}", day


def _lower_first(name: str) -> str:
    """'AI spending' stays, 'Chatbot users' -> 'chatbot users'."""
    return name if name[1:2].isupper() else name[0].lower() + name[1:]


def _possessive(entity: str) -> str:
    return f"{entity}'" if entity.endswith("s") else f"{entity}'s"


def _qualifier(rng: random.Random) -> tuple[str, str]:
    """(qualifier column, words before the figure in the sentence)."""
    draw = rng.random()
    if draw < 0.7:
        return rng.choice(["", "exact"]), ""
    qualifier = "approx" if draw < 0.82 else "over" if draw < 0.93 else "under"
    return qualifier, rng.choice(QUALIFIER_WORDS[qualifier]) + " "


def _as_printed(sentence: str, rng: random.Random) -> str:
    """The sentence as the article prints it: curly apostrophes, sometimes a line break or two spaces."""
    printed = sentence.replace("'", "’") if rng.random() < 0.5 else sentence
    if rng.random() < 0.2:
        spaces = [i for i, char in enumerate(printed) if char == " "]
        at = rng.choice(spaces)
        printed = printed[:at] + rng.choice(["\n", "  "]) + printed[at + 1 :]
    return printed


def _filler(rng: random.Random) -> str:
    return rng.choice(FILLERS).format(
        product=rng.choice(PRODUCTS), city=rng.choice(CITIES), year=rng.randint(2018, 2026),
        topic=rng.choice(TOPICS), topic2=rng.choice(TOPICS), month=rng.choice(MONTHS), day=rng.randint(1, 14),
        day2=rng.randint(15, 28), n=rng.randint(5, 40),
    )  # fmt: skip


@dataclass(frozen=True)
class Source:
    doc_id: str
    manifest: str
    text: str
    figures: list[list[str]]


def draw_source(index: int, seed: int, entities: list[tuple[str, str, str]]) -> Source:
    """Source number `index`: its manifest, article text and curated figures, from its own RNG."""
    rng = random.Random(f"{seed}:{index}")
    doc_id = f"syn-{index:06d}"
    published = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(900))
    publisher = rng.choice(PUBLISHERS)
    topic = rng.choice(TOPICS)
    title = f"{topic.capitalize()} in {rng.choice(CITIES)}: what the numbers say ({index})"
    rows: list[list[str]] = []
    sentences: list[str] = []
    wanted = rng.randint(*FIGURES_PER_SOURCE)
    while len(rows) < wanted:
        indicator_id, name, _unit, _topic, _chart, make = rng.choice(INDICATORS)
        entity = rng.choice(entities)[0]
        attr = rng.choice([*PRODUCERS, entity]) if entity != "Global" else rng.choice(PRODUCERS)
        period, said, last_day = _period(rng, published)
        qualifier, q_words = _qualifier(rng)
        surface, value = make(rng)
        kind = "forecast" if last_day > published else rng.choice(["reported", "reported", "estimate"])
        fields = {
            "attr": attr, "owner": _possessive(entity), "entity": entity, "ind": _lower_first(name),
            "q": q_words, "s": surface, "period": said, "Period_": said[0].upper() + said[1:],
            "weekday": rng.choice(WEEKDAYS), "topic": rng.choice(TOPICS),
        }  # fmt: skip
        pair = None
        if wanted - len(rows) >= 2 and rng.random() < 0.15:
            period2, said2, _ = _period(rng, published)
            qualifier2, q2_words = _qualifier(rng)
            surface2, value2 = make(rng)
            if surface2 != surface and period2 != period:
                pair = (period2, qualifier2, surface2, value2)
                sentence = PAIR_SENTENCE.format(**fields, q2=q2_words, s2=surface2, period2=said2)
        if pair is None:
            sentence = rng.choice(FIGURE_SENTENCES).format(**fields)
        sentence = sentence[0].upper() + sentence[1:]
        note = rng.choice(["", "", "", f"Period inferred from the article ({said})."])
        stated = [(period, qualifier, surface, value, kind)]
        if pair:
            stated.append((pair[0], pair[1], pair[2], pair[3], "reported"))
        for period_k, qualifier_k, surface_k, value_k, kind_k in stated:
            figure_id = f"{doc_id}-{len(rows):03d}-{indicator_id.replace('_', '-')}"
            typed_value = f"{value_k:.12g}" if rng.random() < 0.1 else ""
            rows.append([
                figure_id, indicator_id, entity, period_k, surface_k, qualifier_k, kind_k, attr, sentence,
                typed_value, "", "", note,
            ])  # fmt: skip
        sentences.append(_as_printed(sentence, rng))
        sentences.extend(_filler(rng) for _ in range(rng.choice([0, 1, 1, 2])))
    paragraphs = []
    while sentences:
        size = rng.randint(2, 5)
        paragraphs.append(" ".join(sentences[:size]))
        sentences = sentences[size:]
    text = f"{title}\n\n{publisher}\n\n" + "\n\n".join(paragraphs) + "\n"
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if rng.random() < 0.8:
        when = f"date = {published.isoformat()}"
    else:
        when = f'earliest = {published.isoformat()}\nnote = "date not printed; reports events of that day"'
    manifest = (
        f'id = "{doc_id}"\ntitle = "{title}"\npublisher = "{publisher}"\nauthor = ""\n'
        f'url = "https://example.com/synthetic/{doc_id}"\nlanguage = "en"\ntext_file = "{doc_id}.txt"\n'
        f'sha256 = "{sha}"\n\n[published]\n{when}\n'
    )
    return Source(doc_id, manifest, text, rows)


def _csv(rows: list[list[str]] | list[tuple[str, ...]], header: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


VIEWS_TOML = """\
[[view]]
key = "explore"
title = "Explore"
section = "Dashboard"
icon = ":material/query_stats:"
intro = "Every synthetic indicator."
indicators = ["ai_spending", "llm_share", "api_calls_daily"]
catalogue = true

[[view]]
key = "idc-ai-spending"
title = "AI spending forecasts"
section = "Ready views"
icon = ":material/payments:"
intro = "Forecasts by vintage."
indicators = ["ai_spending", "ai_spending_cagr"]
entities = ["Global"]
charts = { ai_spending = "vintages" }

[[view]]
key = "llms-by-country"
title = "LLMs by country"
section = "Ready views"
icon = ":material/public:"
intro = "Counts and shares."
indicators = ["llm_share", "llm_count"]
definitions = true

[[view]]
key = "ernie-api-calls"
title = "API calls and users"
section = "Ready views"
icon = ":material/trending_up:"
intro = "Calls and users over time."
indicators = ["api_calls_daily", "chatbot_users", "api_calls_growth"]
checks = true

[[card]]
title = "China AI spending"
indicator = "ai_spending"
entity = "China"
related = [{ indicator = "ai_spending_share_of_global" }, { indicator = "ai_spending_cagr" }]

[[card]]
title = "Large language models worldwide"
indicator = "llm_count"
entity = "Global"

[[overview_chart]]
indicator = "llm_share"

[[overview_chart]]
indicator = "api_calls_daily"
"""
"""The ready views and Overview cards of every tree: the app's pages at the repository's addresses, over
synthetic indicators, so a benchmark measures the same pages as on the real data."""


# ---------------------------------------------------------------------------------------------
# Writing the tree.


def generate(root: Path, scale: float = 1, seed: int = 0) -> Counts:
    """Write the tree under `root` (replacing what is there) and return what it holds."""
    if root.exists():
        shutil.rmtree(root)
    for folder in ("seeds", "corpus", "data/figures"):
        (root / folder).mkdir(parents=True)
    entities = entity_names(scale)
    indicators = [(i, n, u, t, c, f"{n}, in {u}.") for i, n, u, t, c, _ in INDICATORS]
    (root / "data" / "indicators.csv").write_text(
        _csv(indicators, ("indicator_id", "name", "unit", "topic", "chart", "description")), encoding="utf-8"
    )
    (root / "data" / "entities.csv").write_text(_csv(entities, ("entity", "type", "aliases")), encoding="utf-8")
    (root / "data" / "views.toml").write_text(VIEWS_TOML, encoding="utf-8")
    (root / "data" / AGREEMENT_TOML).write_bytes((config.DATA_DIR / AGREEMENT_TOML).read_bytes())
    figures = text_bytes = 0
    for index in range(source_count(scale)):
        source = draw_source(index, seed, entities)
        (root / "seeds" / f"{source.doc_id}.toml").write_text(source.manifest, encoding="utf-8")
        data = source.text.encode("utf-8")
        (root / "corpus" / f"{source.doc_id}.txt").write_bytes(data)
        (root / "data" / "figures" / f"{source.doc_id}.csv").write_text(
            _csv(source.figures, FIGURE_HEADER), encoding="utf-8"
        )
        figures += len(source.figures)
        text_bytes += len(data)
    counts = Counts(scale, seed, source_count(scale), figures, text_bytes, len(entities), len(indicators))
    (root / "synthetic.json").write_text(json.dumps({"version": GENERATOR_VERSION, **asdict(counts)}, indent=1))
    return counts


def ensure(root: Path, scale: float, seed: int = 0) -> Counts:
    """The tree at `root`, generated only if missing or made by another version, scale or seed."""
    stamp = root / "synthetic.json"
    if stamp.is_file():
        recorded = json.loads(stamp.read_text())
        if recorded.pop("version", None) == GENERATOR_VERSION and (recorded["scale"], recorded["seed"]) == (
            scale,
            seed,
        ):
            return Counts(**recorded)
    return generate(root, scale, seed)


def build_args(root: Path, out: Path | None = None) -> list[str]:
    """Arguments of `python -m etl` that build this tree."""
    out = out or root / "indicators.duckdb"
    return [
        "build", "--seeds", str(root / "seeds"), "--data", str(root / "data"),
        "--corpus", str(root / "corpus"), "--out", str(out),
    ]  # fmt: skip
