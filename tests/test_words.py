"""The shared word pass (etl.words) and the word tests that spare a rule its pattern: each may say yes where
the pattern finds nothing, never no where it finds something."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from etl import extract, names, quantities
from etl.words import _CASE_FOLDS, Words, first_words


def test_words_are_what_a_word_boundary_pattern_sees() -> None:
    words = Words("Accordingly, the firm’s 2nd_quarter said-so: ſaid")
    assert words.written == {"Accordingly", "the", "firm", "s", "2nd_quarter", "said", "so", "ſaid"}
    assert words.has_folded(frozenset({"said"})) and words.has(frozenset({"said"}))
    assert not words.has(frozenset({"Said"}))
    assert words.contain("according") and not words.has_folded(frozenset({"according"}))
    assert words.spans[:2] == [(0, "Accordingly"), (13, "the")]


def test_the_folds_cover_every_character_a_case_blind_pattern_reads_as_an_ascii_letter() -> None:
    letter = re.compile("[a-z]", re.IGNORECASE)
    read_as_letters = {chr(c) for c in range(128, sys.maxunicode + 1) if letter.fullmatch(chr(c))}
    assert read_as_letters == {chr(c) for c in _CASE_FOLDS}


def test_first_words_of_an_alternation() -> None:
    assert first_words(r"said|pointed\s+out|start-up|chip\s*maker") == {"said", "pointed", "start", "chip"}


_PUNCTUATION = [" ", "  ", "-", ",", ".", "'", "’", "_", "$", "7"]
_LETTERS = ["\u017f", "\u212a", "\u0130", "\u0131", "x", "é"]
"""The characters a case-blind pattern reads as ASCII letters, and two it does not."""
_WORD_LIST = (
    "a an A the The US one Two third quarter dozen million doubled twice half hundred percent according to report "
    "by Acme Corp said company country city of Wuhan will won't we'll set estimated plans aims we I CEO Jane Doe It it"
    " at am I'm from Mr. Dr. chief Chief Officer Co-founder founder Chairman director vice-president"
    " Monday today day QUARTER quarterly headquarters 2024"
)
_PIECES = st.sampled_from([*_PUNCTUATION, *_LETTERS, *_WORD_LIST.split()])
_SENTENCES = st.lists(_PIECES, max_size=14).map("".join)


@settings(max_examples=400, deadline=None)
@given(_SENTENCES)
def test_offsets_and_folded_words_are_what_the_word_pattern_finds(sentence: str) -> None:
    words = Words(sentence)
    assert words.spans == [(found.start(), found.group()) for found in re.finditer(r"\w+", sentence)]
    assert words.folded == frozenset(re.findall(r"\w+", words.folded_text))


@settings(max_examples=400, deadline=None)
@given(_SENTENCES)
def test_a_sentence_the_figure_test_turns_away_holds_no_figure(sentence: str) -> None:
    if not quantities.may_hold_figure(sentence, Words(sentence)):
        assert list(quantities.scan(sentence)) == []


@settings(max_examples=400, deadline=None)
@given(_SENTENCES)
def test_word_tests_turn_away_only_sentences_their_patterns_miss(sentence: str) -> None:
    words = Words(sentence)
    gates = [
        (extract._ANAPHOR, words.has_folded(extract._ANAPHOR_WORDS)),
        (extract._PLACE_ANAPHOR, words.has_folded(extract._PLACE_ANAPHOR_WORDS)),
        (extract._ACCORDING, words.has_folded(extract._ACCORDING_WORDS)),
        (extract._BY_SOURCE, words.has_folded(extract._BY_SOURCE_WORDS)),
        (extract._SUBJECT_VERB, words.has(extract._VERB_WORDS)),
        (extract._APPOSITIVE_VERB, words.has(extract._VERB_WORDS)),
        (extract._SAID_NAME, words.has(extract._SAID_WORDS)),
        (extract._PRONOUN, words.has_folded(extract._VERB_WORDS)),
        (names._SUFFIX_WORD, words.has(names._COMPANY_WORD_SET)),
        (names._PLACE_OF, words.has(names._PLACE_KIND_WORDS)),
        (re.compile(rf"\s+(?:{names._SUBJECT_VERBS})\b"), words.has(names._SUBJECT_VERB_WORDS)),
    ]
    for pattern, characters, needed in extract._PERSON_ORG:
        may_match = any(map(sentence.__contains__, characters)) and (needed is None or words.has(needed))
        gates.append((pattern, may_match))
    gates.append((extract._OFFICER, words.has(extract._OFFICER_WORDS)))
    time_hint = re.search(r"\d|quarter|[a-z]day\b", sentence, re.IGNORECASE) is not None
    assert extract._may_state_time(sentence, words) == time_hint
    for pattern, may_match in gates:
        assert may_match or pattern.search(sentence) is None, pattern.pattern[:60]
    for pattern, stems in extract._STEMS.items():
        if not any(word.startswith(stems) for word in words.folded):
            assert pattern.search(sentence) is None, pattern.pattern[:60]
