"""What a figure counts ends where the sentence starts saying something about it: the counted
phrase is a noun phrase (WordNet's parts of speech), never the verb that follows it."""

from __future__ import annotations

import pytest

import crosstally


def counted(text: str) -> list[tuple[str, str | None]]:
    return [(e.text, e.counted) for e in crosstally.extract_estimates(text)]


@pytest.mark.parametrize(("text", "want"), [
    # a verb after a plural noun ends the phrase
    ("Organisers say close to two million people took to the streets.", "people"),
    ("History made as 2 million city protesters march for 12 hours.", "city protesters"),
    ("Two Million Protesters Calling For The Mayor To Quit", "Protesters"),
    ("Some 5,000 refugees registered in the camp last month.", "refugees"),
    # names and unknown compounds stay in the phrase
    ("The storm scattered 1.3 million Gulf Coast households across every state.",
     "Gulf Coast households"),
    ("Thousands of black-clad marchers filled the road.", "black-clad marchers"),
    # an adjective used as a noun stays
    ("About 1,500 injured were taken to hospital.", "injured"),
])
def test_counted_is_the_noun_phrase(text: str, want: str) -> None:
    assert counted(text)[0][1] == want


@pytest.mark.parametrize("text", [
    "According to police, 338,000 joined the designated route at the peak.",
    "Roughly 240,000 headed for Atlanta, Dallas and Houston.",
    "Almost 2 million turned out on Sunday.",
    "Between 800,000 and 900,000 of them live in the coastal zones.",
])
def test_a_verb_or_a_pronoun_is_not_what_is_counted(text: str) -> None:
    assert counted(text)[0][1] is None


def test_the_phrase_is_still_read_from_a_neighbour_when_the_number_has_none() -> None:
    text = "Police counted 338,000 marchers, while organisers said 2 million joined the march."
    assert counted(text) == [("338,000", "marchers"), ("2 million", "marchers")]


# ------------------------------------------------------------ naming what a related figure counts

def named(question: str, text: str, relation: str = "direct") -> list[tuple[str, str | None]]:
    from crosstally.reconcile import parse_question
    from crosstally.reconcile.counted import name_counted
    from crosstally.reconcile.relate import Relation

    estimates = crosstally.extract_estimates(text)
    relations = [Relation(relation, "")] * len(estimates)
    done = name_counted(estimates, relations, parse_question(question), [text] * len(estimates))
    return [(e.text, e.counted) for e in done]


MARCH = "How many people marched in Tarsis on 3 May?"


def test_a_figure_without_a_phrase_takes_the_nearest_kind_of_the_counted_thing_before_it() -> None:
    text = "Black-clad protesters filled the avenue. Police said 38,000 joined the march."
    assert named(MARCH, text) == [("38,000", "Black-clad protesters")]


def test_a_tally_noun_is_replaced_by_what_the_sentence_counts() -> None:
    text = "Organisers counted marchers at every gate and put the figure at 90,000."
    assert named(MARCH, text) == [("90,000", "marchers")]


def test_the_speaker_is_not_what_is_counted() -> None:
    text = "Officials said the total was 1,200, and organisers put it higher."
    assert named(MARCH, text) == [("1,200", "total")]  # nothing else names people


def test_the_event_names_what_a_toll_counts() -> None:
    text = "The flood struck at night. The total was 1,200, officials said."
    question = "How many people died in the Tarsis flood?"
    assert named(question, text) == [("1,200", "total")]  # nothing names people or deaths
    text = "Deaths rose through the week. The total was 1,200, officials said."
    assert named(question, text) == [("1,200", "Deaths")]


def test_money_takes_a_noun_of_spending_or_cost() -> None:
    text = "The city's spending on the games was put at $4 billion."
    assert named("How much did Tarsis spend on the games?", text) == [("$4 billion", "spending")]


def test_an_unrelated_figure_and_a_figure_that_names_its_own_count_keep_theirs() -> None:
    text = "Police said 38,000 joined the march. Another 40 protesters were detained."
    assert named(MARCH, text, "unrelated") == [("38,000", None), ("40", "protesters")]
    assert named(MARCH, "About 5,000 marchers crossed the bridge.") == [("About 5,000", "marchers")]


def test_a_plural_is_read_as_its_base_form_not_as_a_name_wordnet_lists() -> None:
    text = "Marchers filled the parks. Police said 12,000 joined the march."
    assert named(MARCH, text) == [("12,000", "Marchers")]


def test_people_and_the_people_of_the_place_name_a_count_of_men() -> None:
    question = "How many men have left Chile to avoid the draft?"
    assert named(question, "Chileans crowded the border. He said 12,000 joined the queue.") == [
        ("12,000", "Chileans")]
    assert named(question, "People crowded the border. He said 5,000 joined the queue.") == [
        ("5,000", "People")]


def test_a_toll_of_deaths_is_named_by_the_people_who_died() -> None:
    text = "Victims were buried on Monday. The toll reached 1,200 by then."
    assert named("What was the death toll of the Tarsis flood?", text) == [("1,200", "Victims")]


def test_an_animal_count_is_not_named_by_people() -> None:
    text = "People watched from the road. The total was 3,900 that year."
    assert named("How many wild tigers are left?", text) == [("3,900", "total")]


def test_a_line_break_ends_what_is_counted() -> None:
    text = "Attendance by city\nDenver: 40,000\nU.S. totals follow below"
    assert counted(text) == [("40,000", None)]
