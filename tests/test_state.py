"""URL parameters: kept only when they match known ids, otherwise a notice; never an exception."""

from __future__ import annotations

import pytest

from dashboard import state

SPEC = {
    "indicator": state.choices({"llm_share", "ai_spending"}, "indicator"),
    "figure": state.choices({"caict-llm-share-us"}, "figure", multi=False),
    "from": state.year(),
    "derived": state.flag(),
}


def test_known_values_are_kept_in_order_without_duplicates() -> None:
    parsed = state.parse({"indicator": ["llm_share", "ai_spending", "llm_share"]}, SPEC)
    assert parsed.values == {"indicator": ("llm_share", "ai_spending")}
    assert parsed.notices == []


@pytest.mark.parametrize(
    ("params", "kept", "notice"),
    [
        ({"indicator": ["nope"]}, {}, "no such indicator"),
        ({"indicator": ["llm_share", "nope"]}, {"indicator": ("llm_share",)}, "no such indicator"),
        ({"figure": ["x' OR 1=1 --"]}, {}, "no such figure"),
        ({"figure": ["caict-llm-share-us", "caict-llm-share-us2"]}, {"figure": "caict-llm-share-us"}, "no such"),
        ({"from": ["20x4"]}, {}, "expected a year"),
        ({"from": ["1066"]}, {}, "expected a year"),
        ({"derived": ["maybe"]}, {}, "expected 1 or 0"),
        ({"bogus": ["1"]}, {}, "unknown URL parameter"),
        ({"indicator": ["a" * 500]}, {}, "longer than"),
    ],
)
def test_bad_parameters_become_notices(params: dict[str, list[str]], kept: dict[str, object], notice: str) -> None:
    parsed = state.parse(params, SPEC)
    assert parsed.values == kept
    assert any(notice in n for n in parsed.notices), parsed.notices


def test_notices_escape_what_the_url_carried() -> None:
    parsed = state.parse({"[x](javascript:alert(1))": ["1"], "figure": ["**bold**"]}, SPEC)
    assert all("](" not in n and "**" not in n for n in parsed.notices), parsed.notices


def test_reserved_streamlit_parameters_are_left_alone() -> None:
    assert state.parse({"embed": ["true"], "embed_options": ["light_theme"]}, SPEC).notices == []


def test_values_parse_and_single_strings_work() -> None:
    parsed = state.parse({"from": "2024", "derived": ["0"]}, SPEC)
    assert parsed.values == {"from": 2024, "derived": False}


def test_encode_writes_only_what_differs_from_defaults() -> None:
    values = {"indicator": ("llm_share",), "entity": (), "from": 2016, "derived": False, "figure": "x"}
    defaults = {"indicator": ("llm_share",), "entity": (), "from": 2016, "derived": True, "figure": None}
    assert state.encode(values, defaults) == {"derived": "0", "figure": "x"}


def test_encode_then_parse_round_trips() -> None:
    values = {"indicator": ("ai_spending", "llm_share"), "from": 2020, "derived": False, "figure": "caict-llm-share-us"}
    encoded = state.encode(values, {})
    params = {name: value if isinstance(value, list) else [value] for name, value in encoded.items()}
    assert state.parse(params, SPEC).values == values
