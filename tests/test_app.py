"""Every page, headless (Streamlit AppTest) on the fixture database; one test on the real repository data.

Charts are read from their Plotly spec (customdata[0] of each point is its figure id); a click is
simulated by putting a selection into the chart's session state, as the browser would.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import blocks, components, downloads, navigation, queries, views
from etl import config
from etl.build import Inputs, build
from tests.dashboard_fixture import APP, INJECTION_QUOTE, app_database, prepared, view_keys

VIEWS = view_keys()
"""The ready views of data/views.toml, which the fixture builds with."""
PAGES = [entry.url_path for entry in navigation.PAGES if entry.script != navigation.REVIEW] + VIEWS
"""Every page's address but Review's (it needs a writable data folder: tests/test_review.py)."""
CHART_PAGES = ("overview", "explore", "idc-ai-spending", "llms-by-country", "ernie-api-calls")
"""The pages whose default charts the fixture has figures for."""


pytestmark = pytest.mark.usefixtures("database")


def open_page(page: str, **params: str | list[str]) -> AppTest:
    return prepared(page, **params).run()


def chart_ids(at: AppTest) -> dict[str, list[str]]:
    """Figure ids of each chart's points, by the chart's widget key."""
    found = {}
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        key = chart.proto.id.split("-", 2)[-1]
        found[key] = [point[0] for trace in spec["data"] for point in trace.get("customdata", [])]
    return found


def plain(markdown: str) -> str:
    """Markdown as shown: escaping backslashes removed."""
    return markdown.replace("\\", "")


def card_text(at: AppTest) -> str:
    return "\n".join(t.value for t in at.text)


def all_markdown(at: AppTest) -> list[str]:
    """Every string Streamlit renders as Markdown on the page."""
    texts = [e.value for kind in ("markdown", "caption", "warning", "info", "success", "title", "header", "subheader")
             for e in getattr(at, kind)]  # fmt: skip
    texts += [m.label for m in at.metric] + [str(m.value) for m in at.metric] + [b.label for b in at.button]
    return texts


def select(at: AppTest, chart_key: str, figure_id: str) -> AppTest:
    at.session_state[chart_key] = {
        "selection": {"points": [{"customdata": [figure_id, "", "", "", "", "", ""]}], "point_indices": [0],
                      "box": [], "lasso": []}
    }  # fmt: skip
    return at.run()


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_without_exception(page: str) -> None:
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    if page in VIEWS:
        assert [t.value for t in at.title] == [views.declared()[page].title], "the view's own page"
    assert not at.error
    assert not at.warning, "no notices without URL parameters"
    if page in CHART_PAGES:
        charts = chart_ids(at)
        assert charts and all(charts.values())
        assert len(at.download_button) >= len(charts), "every chart offers its CSV"
        assert len(at.dataframe) >= len(charts), "every chart has its table"


def test_overview_cards_show_the_latest_figure_of_their_declared_series_and_open_its_quote() -> None:
    at = open_page("overview")
    values = {plain(m.label): plain(str(m.value)) for m in at.metric}
    assert values == {
        "China AI spending, 2027 (IDC)": "$38B",
        "Large language models worldwide (CAICT)": "1,328",
        "Ernie daily API calls, latest (Baidu)": "~1.5B",
        "Ernie Bot users (Baidu)": ">430M",
        "AI's contribution to the global economy (IDC)": "$19.9T",
    }
    captions = " ".join(c.value for c in at.caption).replace("\\", "")
    assert "forecast · IDC via Tiny Daily" in captions
    assert "36% (China, 2024)" in captions, "a related figure: of one period, the exact one before 'over one-third'"
    at.button(key="overview-open-idc-china-ai-spending-2027").click().run()
    assert "As written: $38 billion" in card_text(at)
    assert at.query_params["figure"] == "idc-china-ai-spending-2027"


def test_explore_has_its_widgets() -> None:
    at = open_page("explore")
    for name in ("indicator", "entity", "kind", "source", "producer"):
        assert at.multiselect(key=f"explore-{name}") is not None
    assert at.multiselect(key="explore-indicator").value == list(views.declared()["explore"].indicators)
    assert at.slider(key="explore-period").value == (2023, 2030)
    assert at.toggle(key="explore-derived").value is True
    assert at.toggle(key="explore-extracted").value is False, "extracted, unreviewed figures only on request"
    assert set(chart_ids(at)) == {
        "explore-ai_spending-chart",
        "explore-llm_share-chart",
        "explore-api_calls_daily-chart",
    }


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("idc-ai-spending", {
            "idc-ai-spending-ai_spending-chart": {"derived-global-ai-spending-2027"},
        }),
        ("llms-by-country", {
            "llms-by-country-llm_share-chart": {"caict-llm-share-china", "caict-llm-share-us",
                                                "derived-llm-share-other", "caict-llm-share-china-over-one-third"},
            "llms-by-country-llm_count-chart": {"caict-llm-count-global", "derived-llm-count-china",
                                                "derived-llm-count-us", "derived-llm-count-other"},
        }),
        ("ernie-api-calls", {
            "ernie-api-calls-api_calls_daily-chart": {"baidu-ernie-api-calls-2023-11", "baidu-ernie-api-calls-2024-11",
                                                      "derived-ernie-api-calls-2024-11"},
            "ernie-api-calls-chatbot_users-chart": {"baidu-ernie-bot-users"},
            "ernie-api-calls-api_calls_growth-chart": {"baidu-ernie-api-calls-growth"},
        }),
    ],
)  # fmt: skip
def test_ready_views_open_with_their_default_charts(page: str, expected: dict[str, set[str]]) -> None:
    at = open_page(page)
    assert {key: set(ids) for key, ids in chart_ids(at).items()} == expected


@pytest.mark.parametrize("page", CHART_PAGES)
def test_csv_bytes_are_made_only_when_a_download_is_asked_for(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[pd.DataFrame] = []
    monkeypatch.setattr(downloads, "csv_bytes", lambda table: made.append(table) or b"")
    at = prepared(page)
    at.run()
    assert chart_ids(at) and len(at.download_button) >= len(chart_ids(at))
    assert made == [], "no CSV is built while the page is drawn"


@pytest.mark.parametrize("page", CHART_PAGES)
def test_csv_offered_for_each_chart_equals_its_rows(page: str) -> None:
    at = open_page(page)
    build_id = queries.build_id()
    for key, ids in chart_ids(at).items():
        indicator_id = key.rsplit("-", 2)[-2]
        query = next(q for q in _chart_queries(at) if indicator_id in q.indicators)
        preset = views.declared().get(page)
        rows = blocks.chart(query, indicator_id, dict(preset.charts).get(indicator_id) if preset else None).rows
        table = downloads.chart_table(rows, build_id, queries.table_columns("figures"))
        assert sorted(table["figure_id"]) == sorted(ids)
        assert set(downloads.PROVENANCE) <= set(table.columns)
        assert set(table["build_id"]) == {build_id}


def _chart_queries(at: AppTest) -> list[queries.Query]:
    """The queries a page's charts were drawn from, as its widgets state them."""
    page = next((p for p in VIEWS if f"{p}-indicator" in at.session_state), None)
    if page is None:
        return queries.overview_charts()
    state = at.session_state
    year_from, year_to = state[f"{page}-period"]
    return [
        queries.Query(
            indicators=tuple(state[f"{page}-indicator"]), entities=tuple(state[f"{page}-entity"]),
            kinds=tuple(state[f"{page}-kind"]), sources=tuple(state[f"{page}-source"]),
            producers=tuple(state[f"{page}-producer"]), year_from=year_from, year_to=year_to,
            derived=bool(state[f"{page}-derived"]),
        )
    ]  # fmt: skip


def test_csv_file_names_name_the_view_and_build() -> None:
    at = open_page("llms-by-country")
    assert [b.key for b in at.download_button] == ["llms-by-country-llm_share-csv", "llms-by-country-llm_count-csv"]
    assert downloads.file_name("llms-by-country-llm_share", queries.build_id()).startswith(
        "aii-llms-by-country-llm-share-"
    )


def test_url_parameters_restore_the_selection() -> None:
    at = open_page(
        "explore",
        indicator="llm_count",
        entity=["China", "United States"],
        kind="estimate",
        **{"from": "2024", "to": "2024"},
    )
    assert at.multiselect(key="explore-indicator").value == ["llm_count"]
    assert at.multiselect(key="explore-entity").value == ["China", "United States"]
    assert at.multiselect(key="explore-kind").value == ["estimate"]
    assert at.slider(key="explore-period").value == (2024, 2024)
    assert chart_ids(at) == {"explore-llm_count-chart": ["derived-llm-count-china", "derived-llm-count-us"]}
    assert not at.warning


def test_changed_selection_is_written_to_the_url() -> None:
    at = open_page("explore")
    at.multiselect(key="explore-indicator").set_value(["llm_share"]).run()
    assert not at.toggle, "a filter change redraws the charts alone: the filters stay as the visitor set them"
    at.run()  # a full page run, as the browser shows it: the filters and the charts
    at.toggle(key="explore-derived").set_value(False).run()
    assert at.query_params["indicator"] == "llm_share"
    assert at.query_params["derived"] == "0"
    shared = open_page("explore", **dict(at.query_params))
    assert chart_ids(shared) == chart_ids(at)


def test_header_says_how_many_quotes_are_verified_and_when() -> None:
    at = open_page("overview")
    captions = " ".join(c.value for c in at.caption).replace("\\", "")
    assert "of" in captions and "quotes verified against the source texts (last checked " in captions
    assert "figures quoted from" in captions and "derived apart" not in captions, "in words a visitor reads"


def test_figure_parameter_opens_its_quote_card() -> None:
    at = open_page("llms-by-country", figure="caict-llm-share-us")
    text = card_text(at)
    assert "As written: 44 percent" in text
    assert "Produced by: CAICT" in text
    assert "Published by: Tiny Daily, 2025-01-20" in text
    quote = " ".join(all_markdown(at)).replace("\\", "")
    assert "“The number of LLMs worldwide has reached 1,328" in quote
    assert ":orange-background[**44 percent**]" in quote, "the figure is highlighted inside its quote"
    assert "As written: 44 percent  (normalised: 44 %)" in text
    assert "Quote found in the source text by this build" in quote
    citation = at.code[0].value
    assert "CAICT" in citation and "Tiny Daily" in citation and "https://example.com/tiny-daily" in citation
    assert queries.build_id() in citation
    assert at.query_params["figure"] == "caict-llm-share-us"


def test_a_counts_stored_value_says_what_it_counts() -> None:
    """The card said '(normalised: 50,000,000 count)'; a count is of something (data/indicators.csv counts)."""
    text = card_text(open_page("overview", figure="baidu-ernie-api-calls-2023-11"))
    assert "As written: 50 million  (normalised: 50,000,000 calls/day)" in text


@pytest.mark.parametrize(
    ("figure", "shown"),
    [("caict-llm-count-global", "As written: 1,328"), ("derived-llm-share-other", "Formula: 100 - China share")],
)
def test_a_figure_link_draws_its_quote_alone_then_the_page_behind_it(figure: str, shown: str) -> None:
    at = open_page("llms-by-country", figure=figure)
    assert shown in card_text(at)
    assert not chart_ids(at), "the quote alone: the browser places the dialog without drawing charts first"
    assert at.session_state["llms-by-country-page-due"], "the browser is left a timer for the next run"
    at.run()  # the run the browser's timer asks for
    assert shown in card_text(at) and chart_ids(at), "the page drawn behind the quote, still open"
    assert at.query_params["figure"] == figure
    at.button(key="llms-by-country-close-card").click().run()
    assert "As written" not in card_text(at) and "figure" not in at.query_params
    assert chart_ids(at), "closed: the page is there"


def test_a_figure_link_closed_at_once_draws_the_page() -> None:
    at = open_page("llms-by-country", figure="caict-llm-count-global")
    at.button(key="llms-by-country-close-card").click().run()
    assert "As written" not in card_text(at) and chart_ids(at)


@pytest.mark.parametrize("page", CHART_PAGES)
def test_a_link_to_an_unknown_figure_says_so_and_draws_the_page(page: str) -> None:
    at = open_page(page, figure="no-such-figure")
    assert "no such figure" in " ".join(w.value for w in at.warning)
    assert chart_ids(at) and "As written" not in card_text(at)


def test_a_picked_figure_keeps_the_page_drawn_behind_its_quote() -> None:
    at = open_page("llms-by-country")
    select(at, "llms-by-country-llm_share-chart", "caict-llm-share-china")
    assert "As written: 36 percent" in card_text(at) and chart_ids(at), "a click is no followed link"


@pytest.mark.parametrize("page", list(PAGES))
def test_bogus_parameters_show_a_notice_not_an_exception(page: str) -> None:
    at = open_page(page, figure="no-such-figure", indicator="zzz", bogus="<b>1</b>", **{"from": "20x4"})
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert ("no such figure" if page != "data" else "unknown URL parameter 'figure'") in notices
    assert "unknown URL parameter" in notices
    assert "bogus" not in at.query_params, "ignored parameters are dropped from the address"


def test_simulated_click_shows_the_quote_card_and_updates_the_url() -> None:
    at = open_page("llms-by-country")
    assert "As written" not in card_text(at)
    select(at, "llms-by-country-llm_share-chart", "caict-llm-share-china")
    assert "As written: 36 percent" in card_text(at)
    assert at.query_params["figure"] == "caict-llm-share-china"
    at.button(key="llms-by-country-close-card").click().run()  # the quote is modal: closed before the next click
    assert "As written" not in card_text(at) and "figure" not in at.query_params
    select(at, "llms-by-country-llm_count-chart", "caict-llm-count-global")
    assert "As written: 1,328" in card_text(at), "the newest click wins"


def test_a_table_row_opens_its_quote() -> None:
    at = open_page("llms-by-country")
    at.session_state["llms-by-country-llm_count-table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert "As written" in card_text(at) or "Formula:" in card_text(at)
    assert at.query_params["figure"]


def test_clicking_the_remainder_opens_no_card() -> None:
    at = open_page("explore", indicator="ai_spending_share_of_global")
    select(at, "explore-ai_spending_share_of_global-chart", "")
    assert "As written" not in card_text(at) and not at.exception


def test_derived_card_shows_formula_and_opens_its_inputs() -> None:
    at = open_page("llms-by-country", figure="derived-llm-share-other")
    text = card_text(at)
    assert "Produced by: AI Industry Indicators (derived)" in text
    assert text.count("Produced by: CAICT") == 2, "each input with its own producer"
    shown = " ".join(all_markdown(at)).replace("\\", "")
    assert ":orange-background[**36 percent**]" in shown and ":orange-background[**44 percent**]" in shown
    citation = at.code[0].value
    assert citation.startswith("AI Industry Indicators (derived), ") and "computed as 100 - China share" in citation
    assert "Formula: 100 - China share - United States share" in text
    at.button(key="llms-by-country-input-caict-llm-share-us").click().run()
    assert "As written: 44 percent" in card_text(at)


def test_side_by_side_sources_keep_their_vintage() -> None:
    at = open_page("explore", indicator="ai_spending", entity="China", derived="0")
    names = {trace["name"] for chart in at.get("plotly_chart") for trace in json.loads(chart.proto.spec)["data"]}
    assert names == {"IDC via Tiny Daily (2025-01-20)", "IDC via Tiny *Weekly* (2024-05-01)"}


def test_quotes_and_source_strings_render_as_text_only() -> None:
    at = open_page("explore", indicator="ai_spending", figure="weekly-idc-china-ai-spending-2027")
    before, after = INJECTION_QUOTE.split("$40 billion")
    shown = " ".join(all_markdown(at)).replace("\\", "")
    assert f"“{before}:orange-background[**$40 billion**]{after}”" in shown, "the quote, as text, figure highlighted"
    assert "Published by: Tiny *Weekly*, 2024-05-01" in card_text(at)
    for text in all_markdown(at):
        assert "<script>" not in text and "](javascript" not in text and "*Weekly*" not in text, text
    assert "Not verified: this quote has not been checked" in " ".join(w.value for w in at.warning)
    at.button(key="explore-close-card").click().run()
    spec = " ".join(chart.proto.spec for chart in at.get("plotly_chart"))
    assert "Tiny *Weekly*" in spec and "<script>" not in spec


def test_sources_page_lists_sources_with_status_and_figures() -> None:
    at = open_page("sources")
    assert [s.value for s in at.header] == ["Tiny daily article", "Tiny weekly \\[article\\]"]
    assert any("All 13 quotes found verbatim" in s.value for s in at.success)
    assert any("not available to this build" in i.value and "1 quote not verified" in i.value for i in at.info)
    assert len(at.dataframe) == 2
    focused = open_page("sources", source="tiny-weekly")
    assert focused.selectbox(key="sources-source").value == "tiny-weekly"
    assert len(focused.dataframe) == 1


def test_checks_page_shows_status_and_formulas() -> None:
    at = open_page("checks")
    assert {m.label: m.value for m in at.metric}["Checks passed"] == "6", "5 declared, 1 link check (1 text)"
    checks = at.dataframe[0].value
    link = next(c for c in checks["Check"] if "Tiny daily article" in c)
    assert link.startswith("Every link opens at its quote, in “Tiny daily article”"), "what was checked, first"
    assert "link opens the article at the sentence it quotes" in link, "in words, by name"
    jargon = ("lands inside", "simulated", "text we hold")
    assert not [c for c in checks["Check"] if any(word in c for word in jargon)], "a journalist's words"
    shown = " ".join(caption.value for caption in at.caption)
    assert "**pass**: it holds" in shown and "**FAIL**: it does not" in shown, "what passing means"
    assert "Check id" not in checks.columns, "checks are named in words, not by id"
    assert any("≤" in formula for formula in checks["Formula"]), "formulas read as maths, not code"
    derived = at.dataframe[1].value
    assert "100 - China share - United States share" in set(derived["Formula"])
    row = list(at.dataframe[1].value["Derived figure"]).index(
        next(d for d in derived["Derived figure"] if "Ernie" in d or "API" in d)
    )
    at.session_state["checks-derived-table"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    assert "Formula: daily API calls a year earlier x growth multiple" in card_text(at)


def test_checks_page_states_the_agreement_rule_the_database_was_built_with() -> None:
    rule = queries.agreement_rule()
    shown = " ".join(caption.value for caption in open_page("checks").caption)
    assert (
        f"exact ±{rule['exact_tolerance']:.0%}" in shown and f"within {rule['vintage_window_days']:.0f} days" in shown
    )


def test_checks_page_names_the_input_figures_instead_of_their_ids() -> None:
    at = open_page("checks")
    ids = set(queries.catalog().figure_ids)
    checks, derived = at.dataframe[0].value, at.dataframe[-1].value
    for table in (checks, derived):
        shown = [name for cell in table["Inputs"] for name in cell.split("; ")]
        assert shown and not ids & set(shown), "no input is shown by its id"
    ernie = next(cell for cell in checks["Inputs"] if "1.5B calls/day" in cell)
    assert "Daily model API calls, Baidu, 2024-11" in ernie, "an input says what it measures, of whom and when"


def test_data_page_has_filters_dictionary_and_downloads() -> None:
    at = open_page("data", indicator="llm_share")
    assert at.multiselect(key="data-indicator").value == ["llm_share"]
    assert len(at.dataframe[0].value) == 4
    dictionaries = [d.value for d in at.dataframe[1:]]
    assert len(dictionaries) == len(queries.TABLES) + 1, "every table, then the columns a chart's CSV adds"
    assert "review_status" in set(dictionaries[-1]["Column"])
    assert all("(no description)" not in set(d["Description"]) for d in dictionaries)
    keys = {b.key for b in at.download_button}
    for table in queries.TABLES:
        assert {f"data-full-{table}-csv", f"data-full-{table}-parquet"} <= keys


@pytest.mark.parametrize("page", ["data", "explore"])
def test_every_empty_filter_reads_all(page: str) -> None:
    """Explore's filters said Streamlit's "Choose options" where the Data page's said "All"; four columns at
    1024 px cut that to "Choose optior"."""
    at = open_page(page)
    empty = [m.placeholder for m in at.multiselect if not m.value]
    assert len(empty) >= 3 and set(empty) == {"All"}, f"the empty filters' placeholders: {empty}"


def test_real_repository_data_renders_every_page(tmp_path: Path) -> None:
    """The committed curated data, built as the app would (texts if present in the corpus)."""
    out = tmp_path / "indicators.duckdb"
    build(Inputs(corpus=config.corpus_dir()), out)
    with app_database(out):
        key_ids = {
            "idc-china-ai-spending-2027", "caict-llm-count-global", "caict-llm-share-china", "caict-llm-share-us",
            "baidu-ernie-api-calls-2024-11", "baidu-ernie-bot-users", "idc-ai-global-economy-contribution-2030",
        }  # fmt: skip
        assert key_ids <= queries.catalog().figure_ids
        indicator_ids = set(queries.table("indicators")["indicator_id"])
        for page in PAGES:
            at = open_page(page)
            assert not at.exception, (page, [e.value for e in at.exception])
            assert not at.warning, page
            if page in CHART_PAGES:
                assert chart_ids(at), page
            described = [
                cell for d in at.dataframe if "What it measures" in d.value for cell in d.value["What it measures"]
            ]
            shown = " ".join([*(plain(m) for m in all_markdown(at)), *described])
            assert not {i for i in indicator_ids if re.search(rf"(?<![\w-]){i}(?![\w-])", shown)}, (
                f"{page}: ids, not names"
            )
        at = open_page("llms-by-country", figure="caict-llm-share-china")
        assert "As written: 36 percent" in card_text(at)


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("explore", {"indicator": "ai_spending", "kind": "target"}),
        ("idc-ai-spending", {"source": "tiny-weekly", "kind": "reported"}),
        ("explore", {"indicator": "ai_spending", "entity": "Baidu"}),
    ],
)
def test_a_filter_that_matches_nothing_says_so_and_offers_the_way_back(page: str, params: dict[str, str]) -> None:
    at = open_page(page, **params)
    assert not at.exception, [e.value for e in at.exception]
    shown = " ".join(plain(m) for m in all_markdown(at))
    assert "No figures match" in shown
    reset = [b for b in at.button if b.label.startswith("Clear the filters")]
    assert reset, "a button leads back to the unfiltered view"
    reset[0].click().run()
    assert chart_ids(at), "the charts are back"


def test_build_errors_are_shown_as_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard import startup

    hostile = "data/figures/x.csv:3: kind: ![i](http://example.com/t.png) **b**"
    failed = startup.Startup(errors=["The database could not be built:", hostile])
    monkeypatch.setattr(startup, "ensure_database", lambda db=None: failed)
    startup.forget()
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert any(hostile in t.value for t in [*at.text, *at.code]), "shown verbatim as text"
    assert not any("![i]" in m for m in all_markdown(at) + [e.value for e in at.error]), "never as Markdown"


def test_build_warnings_are_shown_as_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard import startup

    hostile = "seeds/x.toml:1: note: ![i](http://example.com/t.png)"
    monkeypatch.setattr(startup, "ensure_database", lambda db=None: startup.Startup(warnings=["Previous:", hostile]))
    startup.forget()
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert not any("![i]" in m for m in all_markdown(at) + [w.value for w in at.sidebar.warning])
    assert any(hostile in t.value for t in [*at.sidebar.text, *at.sidebar.code])


@pytest.mark.parametrize("content", [b"", b"\x00" * 10, bytes(range(256)) * 64])
def test_a_corrupt_database_is_set_aside_and_rebuilt(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "indicators.duckdb"
    db.write_bytes(content)
    with app_database(db):
        at = AppTest.from_file(APP, default_timeout=120).run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.metric, "the overview shows its figures"
    assert list(tmp_path.glob("indicators.duckdb.corrupt-*")), "the damaged file is kept aside, not deleted"


@pytest.mark.parametrize("page", list(PAGES))
def test_no_page_shows_nan_none_or_code_comments(page: str) -> None:
    at = open_page(page)
    shown = [plain(m) for m in all_markdown(at)] + [t.value for t in at.text]
    for text in shown:
        for word in (" nan", "None", "listed per page", "At most this many"):
            assert word not in f" {text}", f"{word!r} in {text!r}"


def test_sources_picker_says_all_sources() -> None:
    at = open_page("sources")
    assert at.selectbox(key="sources-source").format_func(at.selectbox(key="sources-source").value) == "All sources"


def test_explore_catalogue_searches_and_charts_the_chosen_indicators() -> None:
    at = open_page("explore")
    at.text_input(key="explore-catalogue-search").set_value("Baidu").run()
    listed = at.dataframe(key="explore-catalogue").value
    assert set(listed["Indicator"]) == {"Chatbot users", "Daily model API calls", "Growth of model API calls"}
    assert {"Figures", "Sources"} <= set(listed.columns)
    rows = list(listed["Indicator"])
    at.session_state["explore-catalogue"] = {"selection": {"rows": [rows.index("Chatbot users")], "columns": []}}
    at.run()
    at.button(key="explore-catalogue-chart").click().run()
    assert set(chart_ids(at)) == {"explore-chatbot_users-chart"}


def test_explore_search_finds_figures_by_their_quote_and_opens_one() -> None:
    at = open_page("explore")
    at.text_input(key="explore-figure-search").set_value("ernie bot").run()
    found = at.dataframe(key="explore-search-results").value
    assert list(found["Figure id"]) == ["baidu-ernie-bot-users"]
    at.session_state["explore-search-results"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert "As written: 430 million users" in card_text(at)


def test_explore_pages_its_charts(monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard import views

    monkeypatch.setattr(views, "CHARTS_PER_PAGE", 2)
    at = open_page("explore")
    assert len(chart_ids(at)) == 2
    at.number_input(key="explore-chart-page").set_value(2).run()
    assert set(chart_ids(at)) == {"explore-api_calls_daily-chart"}


def test_a_single_value_is_a_labelled_dot_not_a_time_axis() -> None:
    at = open_page("explore", indicator="ai_spending_cagr")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [t["type"] for t in spec["data"]] == ["scatter"]
    assert spec["layout"]["xaxis"]["type"] == "category"
    assert spec["data"][0]["text"] == ["~25%"]


def test_charts_have_an_accessible_name_with_their_summary() -> None:
    at = open_page("llms-by-country")
    for chart in at.get("plotly_chart"):
        assert (
            chart.proto.alt.startswith("Chart. Share of the world's large language models") or "LLM" in chart.proto.alt
        )


def test_embed_shows_one_chart_with_its_source_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(components, "embedded", lambda: True)  # AppTest has no ?embed=true (st.context reads it)
    at = open_page("llms-by-country")
    assert not at.exception
    assert len(chart_ids(at)) == 1
    assert any(plain(c.value).startswith("Source: CAICT") for c in at.caption)
    assert not at.multiselect, "no filters in an embedded chart"


def test_a_cards_stated_change_says_from_what_to_what() -> None:
    at = open_page("overview")
    (ernie,) = [m for m in at.metric if "Ernie daily API calls" in m.label]
    assert plain(ernie.proto.delta) == "30× as stated"
    assert any(
        plain(c.value) == "30× as stated: 50M calls/day (2023-11) → ~1.5B calls/day (2024-11)" for c in at.caption
    ), "the card says what the stated change compares, in words that wrap"
