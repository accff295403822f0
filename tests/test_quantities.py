"""The parser of written figures: what `scan` finds in a sentence and what it must not find."""

from __future__ import annotations

import csv
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl import config
from etl.quantities import (
    _MASK_FLAGS,
    _MASK_NUMBERS,
    _MASK_WORDS,
    _START,
    ParseError,
    _mask_spans,
    _openings,
    _search_start,
    carried_currencies,
    parse_surface,
    products,
    scan,
)
from etl.vocabulary import UNITS

THIRD = 100 / 3

# (text, [(surface, value, unit, qualifier), ...]): every figure scan must find, in order, and nothing else.
FOUND = [
    # thousands written with a space (SI style), a title-case unit symbol
    ("more than 8 000 data centres", [("8 000 data centres", 8000, "count", "over")]),
    ("between 620-1 050 TWh in 2026", [("620", 620, "TWh", "exact"), ("1 050 TWh", 1050, "TWh", "exact")]),
    ("Consumption To Reach 945 Twh By 2030", [("945 Twh", 945, "TWh", "exact")]),
    ("China 175 450", [("175", 175, "count", "exact"), ("450", 450, "count", "exact")]),  # a plain table row
    # qualifiers: a bound before a hedge, restatements, lists with places, range ends
    ("Up to approximately 67 TFLOPS", [("67 TFLOPS", 67, "TFLOPS", "under")]),
    ("shares rose as much as 3%", [("3%", 3, "%", "under")]),  # an upper bound, as "up to"
    (
        "$2.7 billion in AI infrastructure in Brazil over three years.\u2078",
        [("$2.7 billion", 2.7e9, "USD", "exact"), ("three years", 3, "year", "exact")],
    ),  # a time spread over after a few words, a reference marker after it
    # a bound after the number, shares of a group, the exact share a fraction rounds
    (
        "firms with five or more staff and ten or fewer sites",
        [("five or more staff", 5, "count", "over"), ("ten or fewer sites", 10, "count", "under")],
    ),
    (
        "About three in four firms; 1 out of 5 users",
        [("three in four", 75, "%", "approx"), ("1 out of 5", 20, "%", "exact")],
    ),
    ("more than one-fifth (22 per cent) said so", [("one-fifth", 20, "%", "over"), ("22 per cent", 22, "%", "exact")]),
    # a note marker glued to a percentage, a K scale after two or more digits, values of key: value lines
    ("the main factor (41.2%Note ) was cost", [("41.2%", 41.2, "%", "exact")]),
    ("a 128K context window", [("128K", 128e3, "count", "exact")]),
    ("- Embedding Size: 4096\n- Layers: 32", [("4096", 4096, "count", "exact"), ("32", 32, "count", "exact")]),
    ("plans to build six plants", [("six plants", 6, "count", "exact")]),
    ("posts have a 280-character limit", [("280-character", 280, "count", "exact")]),  # a count, not structure
    # a spread in brackets after a figure is in its unit and scale, both ends
    (
        "a median of 0.34 Wh (IQR: 0.18-0.67)",
        [("0.34 Wh", 0.34, "Wh", "exact"), ("0.18", 0.18, "Wh", "exact"), ("0.67", 0.67, "Wh", "exact")],
    ),
    (
        "it cost $5 billion (95% CI: 3-7)",
        [("$5 billion", 5e9, "USD", "exact"), ("3", 3e9, "USD", "exact"), ("7", 7e9, "USD", "exact")],
    ),
    (
        "two-and-a-half times too high over two and a half years",
        [("two-and-a-half times", 2.5, "x", "exact"), ("two and a half years", 2.5, "year", "exact")],
    ),
    ("demand could double or triple by 2030", [("double", 2, "x", "exact"), ("triple", 3, "x", "exact")]),
    # a spelled-out product restating a figure is no figure of its own
    ("one quintillion (one billion, billion) operations", [("one quintillion", 1e18, "count", "exact")]),
    ("~1,000 TFLOPS (1 PFLOPS)", [("1,000 TFLOPS", 1000, "TFLOPS", "approx"), ("1 PFLOPS", 1, "PFLOPS", "approx")]),
    ("cooling makes up about another 40%", [("40%", 40, "%", "approx")]),
    ("an additional 160 TWh up to 590 TWh", [("160 TWh", 160, "TWh", "exact"), ("590 TWh", 590, "TWh", "exact")]),
    # an amount per day or year is the amount, as "$1.99/hour" is; a rate per second stays out
    (
        "about 0.8 GWh/day, or 300 TWh/year, at 5 W/kg",
        [("0.8 GWh", 0.8, "GWh", "approx"), ("300 TWh", 300, "TWh", "exact")],
    ),
    (
        "about 33% of these in the United States, 16% in Europe",
        [("33%", 33, "%", "approx"), ("16%", 16, "%", "approx")],
    ),
    (
        "more than 50 companies in China, 3 of which",
        [("50 companies", 50, "count", "over"), ("3", 3, "count", "exact")],
    ),
    # money: symbols, codes and words; scale words and suffixes
    ("spending will hit $38 billion in 2027", [("$38 billion", 38e9, "USD", "exact")]),
    ("a $632B market", [("$632B", 632e9, "USD", "exact")]),
    ("revenue of $10,569M last year", [("$10,569M", 10_569e6, "USD", "exact")]),
    ("US$1.2 trillion in deals", [("US$1.2 trillion", 1.2e12, "USD", "exact")]),
    ("approximately RMB 11.5 billion in assets", [("RMB 11.5 billion", 11.5e9, "CNY", "approx")]),
    ("revenue of 3.83 trillion yuan", [("3.83 trillion yuan", 3.83e12, "CNY", "exact")]),
    ("a €5bn fund and £300mn more", [("€5bn", 5e9, "EUR", "exact"), ("£300mn", 300e6, "GBP", "exact")]),
    ("EUR 40 million and 12 euros", [("EUR 40 million", 40e6, "EUR", "exact"), ("12 euros", 12, "EUR", "exact")]),
    ("26.44 billion U.S. dollars in 2026", [("26.44 billion U.S. dollars", 26.44e9, "USD", "exact")]),
    (
        "HK$2.5 billion and ¥100 million",
        [("HK$2.5 billion", 2.5e9, "HKD", "exact"), ("¥100 million", 1e8, "CNY", "exact")],
    ),
    ("every dollar will generate $4.6 in effects", [("$4.6", 4.6, "USD", "exact")]),
    ("reach $26,4-billion by 2026", [("$26,4-billion", 26.4e9, "USD", "exact")]),
    ("a $5k grant", [("$5k", 5e3, "USD", "exact")]),
    ("to raise USD 314m at a valuation", [("USD 314m", 314e6, "USD", "exact")]),
    # a code before a bare sign names the dollar: "CAD $2.4 billion" is Canadian
    (
        "adds CAD $2.4 billion, AUD$5bn and $3m",
        [("CAD $2.4 billion", 2.4e9, "CAD", "exact"), ("AUD$5bn", 5e9, "AUD", "exact"), ("$3m", 3e6, "USD", "exact")],
    ),
    ("to top 26 bln USD in 2026", [("26 bln USD", 26e9, "USD", "exact")]),
    ("its valuation exceeds 20 billion yuan", [("20 billion yuan", 20e9, "CNY", "over")]),
    ("246 quintillion operations", [("246 quintillion operations", 2.46e20, "count", "exact")]),
    # percentages and percentage points
    ("about 9 percent of the market", [("9 percent", 9, "%", "approx")]),
    (
        "36%, 36 per cent and 7 %",
        [("36%", 36, "%", "exact"), ("36 per cent", 36, "%", "exact"), ("7 %", 7, "%", "exact")],
    ),
    ("up nearly 6 percentage points", [("6 percentage points", 6, "pp", "approx")]),
    ("a 25 bps cut", [("25 bps", 0.25, "pp", "exact")]),
    ("Forty-one percent of executives", [("Forty-one percent", 41, "%", "exact")]),
    ("Seventeen percent are confident", [("Seventeen percent", 17, "%", "exact")]),
    # fractions
    ("more than one-third of the world's LLMs", [("one-third", THIRD, "%", "over")]),
    ("Half of the business leaders", [("Half", 50, "%", "exact")]),
    ("about two-thirds of firms", [("two-thirds", 200 / 3, "%", "approx")]),
    ("around a quarter of firms", [("a quarter", 25, "%", "approx")]),
    ("investment dropped by a third", [("a third", THIRD, "%", "exact")]),
    # multipliers
    ("a 30-fold increase", [("30-fold", 30, "x", "exact")]),
    ("a 10,000-fold speed improvement", [("10,000-fold", 10_000, "x", "exact")]),
    ("a 2x gain and a 10X one", [("2x", 2, "x", "exact"), ("10X", 10, "x", "exact")]),
    ("nearly 12 times more than China", [("12 times", 12, "x", "approx")]),
    ("sales doubled while costs tripled", [("doubled", 2, "x", "exact"), ("tripled", 3, "x", "exact")]),
    ("revenue more than doubled", [("doubled", 2, "x", "over")]),
    ("it will more than double by 2030", [("double", 2, "x", "over")]),
    ("a threefold rise", [("threefold", 3, "x", "exact")]),
    ("a cluster twice as large and nearly twice the size", [("twice", 2, "x", "exact"), ("twice", 2, "x", "approx")]),
    # counts with what they count
    ("reached 1,328 LLMs", [("1,328 LLMs", 1328, "count", "exact")]),
    ("over 430 million users since", [("430 million users", 430e6, "count", "over")]),
    ("more than 300,000 enterprises have access", [("300,000 enterprises", 3e5, "count", "over")]),
    ("implemented in 18 application scenarios;", [("18 application scenarios", 18, "count", "exact")]),
    ("a policy by seven Chinese ministries", [("seven Chinese ministries", 7, "count", "exact")]),
    (
        "closed two USD funds and seven RMB funds",
        [("two USD funds", 2, "count", "exact"), ("seven RMB funds", 7, "count", "exact")],
    ),
    ("three of the top ten", [("three", 3, "count", "exact")]),
    (
        "over 30 industries and 400 scenarios",
        [("30 industries", 30, "count", "over"), ("400 scenarios", 400, "count", "over")],
    ),
    ("about 1.5 billion API, or application", [("1.5 billion", 1.5e9, "count", "approx")]),
    ("from just 1 in 2016 to 37 in 2022", [("1", 1, "count", "exact"), ("37", 37, "count", "exact")]),
    ("China already has 103.", [("103", 103, "count", "exact")]),
    ("fewer than 100 samples", [("100 samples", 100, "count", "under")]),
    ("up to 20 agents", [("20 agents", 20, "count", "under")]),
    ("a 10K users beta", [("10K users", 10e3, "count", "exact")]),
    ("hired 2000 employees", [("2000 employees", 2000, "count", "exact")]),
    ("a million users", [("a million users", 1e6, "count", "exact")]),
    ("two hundred thousand servers", [("two hundred thousand servers", 2e5, "count", "exact")]),
    # compound adjectives
    ("a 256-million-parameter model", [("256-million-parameter", 256e6, "count", "exact")]),
    (
        "100,000-card clusters to 1 million-card clusters",
        [("100,000-card", 1e5, "count", "exact"), ("1 million-card", 1e6, "count", "exact")],
    ),
    ("a 16-second video", [("16-second", 16, "second", "exact")]),
    ("five-year CAGRs", [("five-year", 5, "year", "exact")]),
    ("for 7-day predictions", [("7-day", 7, "day", "exact")]),
    # ranges: both ends, unit and scale shared
    ("in six to 12 months", [("six", 6, "month", "exact"), ("12 months", 12, "month", "exact")]),
    ("3-4 years", [("3", 3, "year", "exact"), ("4 years", 4, "year", "exact")]),
    ("roughly three to four years", [("three", 3, "year", "approx"), ("four years", 4, "year", "approx")]),
    ("just one to two years", [("one", 1, "year", "exact"), ("two years", 2, "year", "exact")]),
    ("between 5 and 10 percent", [("5", 5, "%", "exact"), ("10 percent", 10, "%", "exact")]),
    ("$5-10 billion", [("$5", 5e9, "USD", "exact"), ("10 billion", 10e9, "USD", "exact")]),
    ("2 to 3 million users", [("2", 2e6, "count", "exact"), ("3 million users", 3e6, "count", "exact")]),
    ("from $1.4B to $77B", [("$1.4B", 1.4e9, "USD", "exact"), ("$77B", 77e9, "USD", "exact")]),
    (
        "from $123.16 billion in 2024 to $311.58 billion by 2029",
        [("$123.16 billion", 123.16e9, "USD", "exact"), ("$311.58 billion", 311.58e9, "USD", "exact")],
    ),
    # durations
    ("the past 22 months", [("22 months", 22, "month", "exact")]),
    ("after more than twenty months", [("twenty months", 20, "month", "over")]),
    ("just two weeks after", [("two weeks", 14, "day", "exact")]),
    ("40+ years of weather records", [("40+ years", 40, "year", "over")]),
    ("two decades", [("two decades", 20, "year", "exact")]),
    ("a 24-hour service", [("24-hour", 24, "hour", "exact")]),
    (
        "latency of 5 ms, at most 20 milliseconds",
        [("5 ms", 0.005, "second", "exact"), ("20 milliseconds", 0.02, "second", "under")],
    ),
    ("60 years ago", [("60 years", 60, "year", "exact")]),
    # data sizes, compute, power
    ("200TB of training data", [("200TB", 200, "TB", "exact")]),
    ("5 PB and 12 terabytes", [("5 PB", 5, "PB", "exact"), ("12 terabytes", 12, "TB", "exact")]),
    ("246 EFLOPS of compute", [("246 EFLOPS", 246, "EFLOPS", "exact")]),
    (
        "300 PFlops and 1,800 exabytes",
        [("300 PFlops", 300, "PFLOPS", "exact"), ("1,800 exabytes", 1800, "EB", "exact")],
    ),
    ("85 Eflops of computing power", [("85 Eflops", 85, "EFLOPS", "exact")]),
    ("a 100 MW data centre and 1.2 GW", [("100 MW", 100, "MW", "exact"), ("1.2 GW", 1.2, "GW", "exact")]),
    ("They released 2 LLMs, trouncing China’s 15.", [("2 LLMs", 2, "count", "exact"), ("15", 15, "count", "exact")]),
    (
        "used 600 million times a day, 1,000 times faster",
        [("600 million times", 6e8, "count", "exact"), ("1,000 times", 1000, "x", "exact")],
    ),
    # energy, mass, compute amounts and rates, GPU hours, currency subunits, unit adjectives (issue 11)
    ("820 TWh or 820 terawatt-hours", [("820 TWh", 820, "TWh", "exact"), ("820 terawatt-hours", 820, "TWh", "exact")]),
    (
        "2.5 billion kWh and 40 gigawatt hours",
        [("2.5 billion kWh", 2.5e9, "kWh", "exact"), ("40 gigawatt hours", 40, "GWh", "exact")],
    ),
    (
        "250 million tonnes, 3 metric tons and 10 MtCO2e",
        [
            ("250 million tonnes", 2.5e8, "t", "exact"),
            ("3 metric tons", 3, "t", "exact"),
            ("10 MtCO2e", 10, "Mt", "exact"),
        ],
    ),
    ("2500 kgCO2e", [("2500 kgCO2e", 2500, "kg", "exact")]),
    ("a 150-megawatt campus and a 1-GW site", [("150-megawatt", 150, "MW", "exact"), ("1-GW", 1, "GW", "exact")]),
    ("a 428 W card", [("428 W", 428, "W", "exact")]),
    # a non-breaking hyphen joins as a hyphen does; litres and reais (blind4)
    ("a 100\u2011megawatt site", [("100\u2011megawatt", 100, "MW", "exact")]),
    (
        "around 2 million litres, 25 liters and 23 billion reais",
        [
            ("2 million litres", 2e6, "L", "approx"),
            ("25 liters", 25, "L", "exact"),
            ("23 billion reais", 2.3e10, "BRL", "exact"),
        ],
    ),
    # the basis of a rate or a price is no figure
    (
        "$3 per 1M tokens, per 1 million tokens: (500,000 ÷ 1,000,000) × $3",
        [("$3", 3, "USD", "exact"), ("500,000", 5e5, "count", "exact"), ("$3", 3, "USD", "exact")],
    ),
    ("on the order of 560 billion litres", [("560 billion litres", 5.6e11, "L", "approx")]),
    (
        "40 cents a share, 50 pence and 12 euro cents",
        [("40 cents", 0.4, "USD", "exact"), ("50 pence", 0.5, "GBP", "exact"), ("12 euro cents", 0.12, "EUR", "exact")],
    ),
    (
        "300 GFLOPs per token, 1,500+ GFLOPs",
        [("300 GFLOPs", 300, "GFLOP", "exact"), ("1,500+ GFLOPs", 1500, "GFLOP", "over")],
    ),
    ("3.8e25 FLOP", [("3.8e25 FLOP", 3.8e25, "FLOP", "exact")]),
    ("2 PFLOP/s and 67 TFLOPS", [("2 PFLOP/s", 2, "PFLOPS", "exact"), ("67 TFLOPS", 67, "TFLOPS", "exact")]),
    (
        "1,082,990 GPU hours and 30,000 GPU-hours",
        [("1,082,990 GPU hours", 1082990, "hour", "exact"), ("30,000 GPU-hours", 30000, "hour", "exact")],
    ),
    # Indian scale words and digit grouping, rupee and rand prefixes, codes after an amount (blind5)
    (
        "Rs 10,371.92 crore (Rs.551.75 crore), 1,17,254 startups and 3.90 lakh direct jobs",
        [
            ("Rs 10,371.92 crore", 1.037192e11, "INR", "exact"),
            ("Rs.551.75 crore", 5.5175e9, "INR", "exact"),
            ("1,17,254 startups", 117254, "count", "exact"),
            ("3.90 lakh direct jobs", 3.9e5, "count", "exact"),
        ],
    ),
    (
        "$1.6 billion (R23.5 billion), 20 billion rand, 5 billion SGD and 3 billion CHF",
        [
            ("$1.6 billion", 1.6e9, "USD", "exact"),
            ("R23.5 billion", 2.35e10, "ZAR", "exact"),
            ("20 billion rand", 2e10, "ZAR", "exact"),
            ("5 billion SGD", 5e9, "SGD", "exact"),
            ("3 billion CHF", 3e9, "CHF", "exact"),
        ],
    ),
    # ringgit and the Australian dollar as Malaysian and Australian papers write them; "RM1" alone is a name
    (
        "a RM4.2 billion plant, 9 billion ringgit, the RM1 grade and an AU$310 million (US$203 million) contract",
        [
            ("RM4.2 billion", 4.2e9, "MYR", "exact"),
            ("9 billion ringgit", 9e9, "MYR", "exact"),
            ("AU$310 million", 3.1e8, "AUD", "exact"),
            ("US$203 million", 2.03e8, "USD", "exact"),
        ],
    ),
    # throughput in tokens per second and latencies (a benchmark page)
    (
        "GPT-3.5 Turbo (60 t/s), 60 tokens/second, 12 tokens per second and 0.32s; read time 5min 10sec",
        [
            ("60 t/s", 60, "count", "exact"),
            ("60 tokens/second", 60, "count", "exact"),
            ("12 tokens per second", 12, "count", "exact"),
            ("0.32s", 0.32, "second", "exact"),
            ("5min", 300, "second", "exact"),
            ("10sec", 10, "second", "exact"),
        ],
    ),
    # signs
    ("growth of −3.2% in 2024", [("−3.2%", -3.2, "%", "exact")]),
    ("Country\nChange\nChina\n-5%\n| Japan | -1.5 pp |", [("-5%", -5, "%", "exact"), ("-1.5 pp", -1.5, "pp", "exact")]),
    ("- Two companies and - 3 funds", [("Two companies", 2, "count", "exact"), ("3 funds", 3, "count", "exact")]),
    # simple tables: one cell per line
    ("Country\nShare\nChina\n36%\nUnited States\n44%", [("36%", 36, "%", "exact"), ("44%", 44, "%", "exact")]),
    ("Year\n2023\n2024\nLLMs\n1,328\n1,500", [("1,328", 1328, "count", "exact"), ("1,500", 1500, "count", "exact")]),
    # sizes and times with a scale letter in running text; a product's code inside a counted noun
    (
        "a 671B parameter model, 280K GPU hours, 100,000 H100 GPUs",
        [
            ("671B", 671e9, "count", "exact"),
            ("280K GPU hours", 280e3, "hour", "exact"),
            ("100,000 H100 GPUs", 1e5, "count", "exact"),
        ],
    ),
    # a range after a currency takes it at both ends
    ("Input: ¥0.5-2 per million tokens", [("¥0.5", 0.5, "CNY", "exact"), ("2", 2, "CNY", "exact")]),
    # bounds written as a minimum or maximum; a time a figure is spread over is no bound
    (
        "a minimum of twenty-fold, Maximum 4-node, $10 billion over five years",
        [
            ("twenty-fold", 20, "x", "over"),
            ("4-node", 4, "count", "under"),
            ("$10 billion", 10e9, "USD", "exact"),
            ("five years", 5, "year", "exact"),
        ],
    ),
    # a hedge written as the tilde operator or a fullwidth tilde, or before markdown emphasis
    (
        "Cost per unit: ∼$0.40 to $0.55; about *30%* of it; ~**$7.10/day** now; ～8 billion yen",
        [
            ("$0.40", 0.4, "USD", "approx"),
            ("$0.55", 0.55, "USD", "approx"),
            ("30%", 30, "%", "approx"),
            ("$7.10", 7.1, "USD", "approx"),
            ("8 billion yen", 8e9, "JPY", "approx"),
        ],
    ),
    # a multiple of a ratio is no rate: "EV/EBITDA", "P/E" after it name what it multiplies
    (
        "Retailers trade at 8x to 14x EV/EBITDA and 30x P/E",
        [("8x", 8, "x", "exact"), ("14x", 14, "x", "exact"), ("30x", 30, "x", "exact")],
    ),
]

# Text with numbers that are not figures: scan must find nothing.
NOT_FOUND = [
    "The 2024 Yunqi Conference opened on September 19 in Hangzhou.",
    "In 2024, AI entered a phase of accelerated development.",
    "from 2023 to 2027, and in 2023-27",
    "Published: 14:54, January 20, 2025",
    "Jan 08, 2025 05:44 PM (GMT+8)",
    "On July 21, a joint policy; on 5 March 2024; by 2024-11-05",
    "the 1960s and 1970s",
    "OpenAI's most advanced GPT-4o model",
    "its open-source Qwen 2.5 models",
    "its LLM called Ernie 4.0 Turbo.",
    "investments in 5G infrastructure",
    "Huawei Cloud launched Pangu 5.0 this year",
    "Zhou Hongyi, founder of 360 Group, likened",
    "shares of BYD (SZ:002594) rose",
    "listed on the Tokyo Stock Exchange (Prime Market: 9984), ticker: 2330",
    "Tencent (0700.HK) said",
    "during the 16th BRICS Summit",
    "Call +86 10 6512 3456 or 400-820-8820.",
    "1. What is your training data? 2. How do you use it?",
    "the famous movie 3 Idiots. In the film",
    'known as the "new three giants" of overseas',
    "AI is a double-edged sword",
    "the world's top ten companies",
    "the top three drivers of investment",
    "regulations torment us a thousand times, yet",
    "one of the earliest companies",
    "I asked three questions. We have two distinguishing features.",
    "Together, these four industries lead, and those two rivals follow",  # the ones just named, counted again
    "across the first two rounds, the other three firms and the big five tech companies",  # ranked or counted again
    "output of 3-nanometer chips and 5-nanometre wafers",  # a chip-making process's name, not a length
    "It covers the 4-tier landscape and the seven hidden costs, a 5-point plan.\nThree rules:",  # the page's structure
    "as permitted by Regulation S-T Rule 101(b)(1) and 101(b)(7)",  # clauses of a rule
    "No. 8, Li-Hsin Rd. 6, Hsinchu",  # an address
    "one word or within five characters",
    "My five-character phrase",
    "the O1 model and ChatGPT-5",
    "AI+3D and 3D vision at 1080p resolution",
    "in the first half of 2024 and the second half",
    "version 2 and level 4",
    "Enabler 1: Talent. The plan has three enablers and two pillars; Pillar 2 is compute",  # a strategy's own parts
    "visit https://example.com/page/2024/123 or mail a1@b2.com",
    "see 17355362586005.png.png",
    "a 30-year-old engineer",
    "a 4K video",
    "Microsoft shipped Windows 11 to Fortune 500 companies",
    "24/7 support",
    "under the 14th Five-Year Plan and the Group of Seven",
    "several hundred million yuan and hundreds of models",
    "a third party and the third round",
    "they met twice in 2024",
    "write to 123@qq.com or see example.com/items/42 and image_3.png",
    "<script>alert(1)</script>",
    "3.35 TB/s of bandwidth at 57 kgCO2e / kWh",  # rates the vocabulary has no unit for
    "France ~50 g CO2/kWh, Texas ~400 gCO2e per kWh",  # carbon intensities, in grams
    "截至 2023 年 11 月 30 日的第二財季",  # a date in Chinese
    "Effectively zero; zero waste by 2030",
    "PUE 1.0 = perfect, 1.10 = hyperscale; WUE 0 = no evap",  # the scale of a metric's definition
    "in the first three months of 2025 and the first ten months of the year",  # names of periods
    "Lesson 10/12 and Module 3",
    "1 · Overview\n2 · Where the watts come from",  # numbered headings
    "Up to 4,000 TOPS (4 PetaOPS), FP16 (half precision)",
    "FP16 (Half Precision) Performance",  # a unit the vocabulary lacks; "half" as an adjective
    "margin of [12][40] and sources [3]",  # reference markers
    "higher than 2022 levels",  # "2022 levels": a year's data, not 2022 levels
    "Released: 2024\nUpdated: 2025",  # a date key's value is a year
    "on an Nvidia H200 141GB server",  # a variant in a product's name
    "results for the six months ended June 30, 2025",  # a period's name (etl.timex reads it)
    "a 7B model beat Llama 3's scores",  # a size naming a model; a name's number
    "DeepSeek R1 and Cloudflare R2 in the 80s and the 5s",  # "R" is rand only before a scaled amount
]


def test_the_factors_of_a_product_in_brackets_take_the_figures_unit_and_x() -> None:
    text = "a total of 300 days (120 x 2.5) and 40 items (8 x 5 crates)"
    found = [(q.surface, q.unit) for q in products(text, list(scan(text)))]
    assert found[:3] == [("300 days", "day"), ("120", "day"), ("2.5", "x")]


def _found(text: str) -> list[tuple[str, float, str, str]]:
    return [(q.surface, q.value, q.unit, q.qualifier) for q in scan(text)]


@pytest.mark.parametrize(("text", "expected"), FOUND, ids=[t for t, _ in FOUND])
def test_scan_finds(text: str, expected: list[tuple[str, float, str, str]]) -> None:
    found = _found(text)
    assert [(s, u, q) for s, _, u, q in found] == [(s, u, q) for s, _, u, q in expected]
    for (_, value, _, _), (_, wanted, _, _) in zip(found, expected, strict=True):
        assert math.isclose(value, wanted, rel_tol=1e-12)


@pytest.mark.parametrize("text", NOT_FOUND)
def test_scan_rejects_non_figures(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(("text", "expected"), FOUND[:12], ids=[t for t, _ in FOUND[:12]])
def test_offsets_point_at_the_surface(text: str, expected: list[tuple[str, float, str, str]]) -> None:
    for quantity in scan(text):
        assert text[quantity.start : quantity.end] == quantity.surface
        assert quantity.unit in UNITS


@pytest.mark.parametrize(
    ("surface", "value", "unit", "qualifier"),
    [
        ("$38 billion", 38e9, "USD", "exact"),
        ("430 million users", 430e6, "count", "exact"),
        ("3.83 trillion yuan", 3.83e12, "CNY", "exact"),
        ("30-fold", 30, "x", "exact"),
        ("one-third", THIRD, "%", "exact"),
        ("over 50%", 50, "%", "over"),
        ("about 1,500", 1500, "count", "approx"),
        ("40+ years", 40, "year", "over"),
        ("1 million-card", 1e6, "count", "exact"),
        ("two", 2, "count", "exact"),
        ("Half", 50, "%", "exact"),
        ("200TB", 200, "TB", "exact"),
    ],
)
def test_parse_surface(surface: str, value: float, unit: str, qualifier: str) -> None:
    parsed = parse_surface(surface)
    assert (parsed.unit, parsed.qualifier) == (unit, qualifier)
    assert math.isclose(parsed.value, value)


@pytest.mark.parametrize(
    ("surface", "message"),
    [
        ("six to 12 months", "more than one figure"),
        ("GPT-4o", "no figure"),
        ("the $38 billion", "unexpected text"),
        ("", "no figure"),
    ],
)
def test_parse_surface_rejects(surface: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_surface(surface)


def test_every_curated_surface_still_parses() -> None:
    """The curated CSVs are read by parse_surface: a parser change must not break a row that has no override."""
    surfaces = []
    for path in sorted(config.FIGURES_DIR.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            surfaces += [(path.name, row["surface"]) for row in csv.DictReader(handle) if not row.get("override")]
    assert surfaces, "no curated figures found"
    failures = []
    for name, surface in surfaces:
        try:
            parse_surface(surface)
        except ParseError as error:
            failures.append(f"{name}: {error}")
    assert failures == []


MASK_PIECES = st.sampled_from(
    ["2024", "11", "05", "-", "/", ".", ":", " ", ", ", "+86", "(010)", "March", "Jan.", "20th", "of", "GMT", "+8",
     "SZ", "0700", ".HK", "a.m.", "pm", "to", "https://", "www.", "WWW.", "utc", "x", "é", "1.2.3", "1234567890",
     "400-820-8820", "EST", "−", "\t", "invest"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(MASK_PIECES, max_size=16))
def test_masks_are_those_one_scan_of_both_mask_patterns_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    both = re.compile(f"{_MASK_WORDS.pattern}|{_MASK_NUMBERS.pattern}", _MASK_FLAGS)
    assert _mask_spans(text) == [m.span() for m in both.finditer(text)]


START_PIECES = st.sampled_from(
    ["12", "3.5", " ", ", ", "-", "$", "US$", "€", "¥", "₹", "RMB", "USD ", "two", "Two", "a", "an", "hundred",
     "half", "one-third", "doubled", "triple", "million", "K", "k", "B", "x", "é", "Ünited", "GPUs", "H100", ".",
     "_", "word", "Twenty", "dozen"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(START_PIECES, max_size=14))
def test_figures_are_sought_only_where_one_may_open_and_none_is_missed(pieces: list[str]) -> None:
    """`_search_start` tries `_START` only at `_openings`; it must find what `_START.search` finds from any
    position, so a way of opening a figure added to `_START` but not to the openings fails here."""
    text = "".join(pieces)
    openings = _openings(text)
    for pos in range(len(text) + 1):
        found, expected = _search_start(text, openings, pos), _START.search(text, pos)
        assert (found and found.span()) == (expected and expected.span()), (text, pos)


def test_a_bare_scaled_amount_after_money_is_in_that_money() -> None:
    text = "Nearly 14 billion reais will go to firms, while more than 5 billion will be invested and 2 billion users"
    found = carried_currencies(list(scan(text)))
    assert [(q.surface, q.unit) for q in found] == [
        ("14 billion reais", "BRL"),
        ("5 billion", "BRL"),
        ("2 billion users", "count"),
    ]


def test_a_bare_dollar_sign_is_the_dollar_the_text_writes_so_and_other_signs_keep_theirs() -> None:
    text = "$2-3 billion, $1.50–$3.00, C$5 million, US$1 billion and CAD $4 million"
    assert [(q.surface, q.unit) for q in scan(text, "SGD")] == [
        ("$2", "SGD"), ("3 billion", "SGD"), ("$1.50", "SGD"), ("$3.00", "SGD"), ("C$5 million", "CAD"),
        ("US$1 billion", "USD"), ("CAD $4 million", "CAD"),
    ]  # fmt: skip
    assert {q.unit for q in scan(text)} == {"USD", "CAD"}


def test_a_count_of_the_players_a_story_names_and_a_products_specification_are_no_figures() -> None:
    text = "Three technology giants pledged £14bn. Sales of the 12-layer HBM3E rose, and a 12-layer stack shipped."
    assert [(q.surface, q.value) for q in scan(text)] == [("£14bn", 14e9), ("12-layer", 12)]


def test_a_fraction_after_a_hedge_is_a_share_without_of_after_it() -> None:
    text = "Roughly a third said yes, more than a quarter expect cuts, and a third party sells it."
    assert [(q.surface, q.unit, q.qualifier) for q in scan(text)] == [
        ("a third", "%", "approx"),
        ("a quarter", "%", "over"),
    ]


def test_a_qualifier_covers_the_next_figure_of_a_coordination_in_another_unit() -> None:
    found = scan("firms with more than 1,000 employees and $50 million in revenue")
    assert [(q.surface, q.qualifier) for q in found] == [("1,000 employees", "over"), ("$50 million", "over")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Orders were €3.1 billion1 in the quarter, and the round raised €1.2 billion ($1.4 bilion) from 5G2 funds.",
            [("€3.1 billion", 3.1e9, "EUR"), ("€1.2 billion", 1.2e9, "EUR"), ("$1.4 bilion", 1.4e9, "USD")],
        ),
        (
            "Costs fell by a factor of 4 and prices by a factor of about 3, across a factor of 2 people.",
            [("4", 4, "x"), ("3", 3, "x"), ("2 people", 2, "count")],
        ),
    ],
    ids=["footnote digit after a scale word, a misspelt scale word", "a number after 'a factor of'"],
)
def test_a_figure_keeps_its_scale_past_a_footnote_or_a_typo_and_a_factor_of_is_a_multiple(
    text: str, expected: list[tuple[str, float, str]]
) -> None:
    assert [(q.surface, q.value, q.unit) for q in scan(text)] == expected
