"""The question's words as retrieval reads them: WordNet variants, inflections, names."""

from __future__ import annotations

from crosstally.retrieve import variants_of
from crosstally.retrieve.query import inflections, names, question_groups


def test_variants_of_a_verb_follow_wordnet_both_ways() -> None:
    died = variants_of("Died")

    assert died[:2] == ("died", "die")
    assert {"death", "perish", "kill"} <= set(died)
    assert "go" not in died, "'go' is first of all travel: not a variant of 'die'"


def test_a_second_sense_brings_its_own_derivations() -> None:
    assert "spending" in variants_of("spend")


def test_regular_inflections_of_nouns_and_verbs_and_none_of_inflected_forms() -> None:
    assert {"dies", "died", "dying"} <= set(inflections("die"))
    assert inflections("tiger") == ("tigers",)
    assert set(inflections("country")) == {"countries"}
    assert inflections("died") == ()
    assert inflections("pass away") == ()


def test_names_are_phrases_as_fts5_tokenizes_them() -> None:
    question = "How many people took part in the Women's March across the United States?"

    assert names(question) == ["women s march", "united states"]
    assert names("How Many people were displaced by Hurricane Katrina?") == ["hurricane katrina"]


def test_words_of_a_name_are_not_expanded_and_a_proper_noun_adds_its_derived_forms() -> None:
    groups = question_groups("How many men have left Russia across the United States?")

    assert ("states",) in groups, "'States' in a name is no verb 'state' (say, tell)"
    assert next(g for g in groups if g[0] == "russia") == ("russia", "russian")
