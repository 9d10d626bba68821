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
