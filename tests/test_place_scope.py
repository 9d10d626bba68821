"""Where a figure's place stands to the question's, read from WordNet's part-of links."""

from __future__ import annotations

import pytest

from crosstally import wordnet
from crosstally.reconcile import parse_question
from crosstally.reconcile.evidence import (
    HARM_OTHER,
    INCLUDING,
    _cues,
    _lemmas,
    _place_scopes,
    prepare,
)


def scopes(question: str, text: str) -> set[str]:
    q = prepare(parse_question(question))
    return set(_place_scopes(text, q.place_senses, q.place_around))


def test_wholes_follow_part_of_links_upwards() -> None:
    city = next(s for s in wordnet.synsets("Los Angeles", "n") if s.lexname == "noun.location")
    wholes = {lemma for i in wordnet.wholes(city) for lemma in wordnet._synset(i).lemmas}
    assert {"california", "united states", "north america"} <= wholes
    assert "mexico" not in wholes


US = "How many people took part in the march on January 21, 2017 across the United States?"


@pytest.mark.parametrize(("text", "expected"), [
    ("In New York, with 400,000 protesters", {"inside"}),
    ("Boston, Mass.: 100,000", {"inside"}),
    ("more than 470,000 people were on hand in Washington", {"inside"}),
    ("protesters across the U.S. numbered 3.3 million", {"same"}),
    ("London: 100,000", {"elsewhere"}),
    ("5,000 people marched in Sydney, Australia", {"elsewhere"}),
    ("Protesters beyond U.S. borders: 263,000", {"elsewhere"}),
    ("marches across North America drew 4 million", {"around"}),
    ("the crowd was large", set()),
])
def test_a_place_is_inside_around_or_outside_the_question_place(text: str,
                                                                 expected: set[str]) -> None:
    assert scopes(US, text) == expected


def test_a_place_name_used_as_a_modifier_sets_no_scope() -> None:
    question = "How many men have left Russia to avoid conscription?"
    assert scopes(question, "a Moscow business newspaper, reported that 700,000 left") == set()
    assert scopes(question, "about 20,000 people queued in Moscow") == {"inside"}


def test_the_country_sense_of_a_name_is_the_one_asked_about() -> None:
    # WordNet also calls the Soviet Union "Russia"; Ukraine is no part of the Russia asked of.
    assert scopes("How many men have left Russia?", "sent to fight in Ukraine") == {"elsewhere"}


def test_a_question_of_the_whole_world_has_every_country_inside_it() -> None:
    q = prepare(parse_question("How many wild tigers are left in the world?"))
    assert q.worldwide
    assert not prepare(parse_question(US)).worldwide


def test_cue_words_match_every_inflection_through_their_lemma() -> None:
    assert _lemmas("a total that included the wounded") & _cues(INCLUDING)
    assert _lemmas("14,100 are missing") & _cues(HARM_OTHER)
    assert not _lemmas("14,100 people died") & _cues(HARM_OTHER)
