"""The question reader (crosstally.reconcile.question) against two question banks.

tests/questions.yaml is ours: every field of every entry must be read exactly. The shared
bank (shared/questions/bank.yaml beside the checkout, or $CROSSTALLY_QUESTION_BANK) was held
out while the reader was written; its share read fully right must stay at or above
SHARED_FLOOR. Fields are those of the shared bank's README.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from crosstally.reconcile import parse_question
from crosstally.reconcile.question import BANK_FIELDS, bank_reading, field_matches, score

OURS = Path(__file__).with_name("questions.yaml")
SHARED = Path(os.environ.get("CROSSTALLY_QUESTION_BANK")
              or Path(__file__).resolve().parents[2] / "shared" / "questions" / "bank.yaml")
SHARED_FLOOR = 0.95
SPANS = ("counted", "period", "purpose")  # copied from the question as typed


def load(path: Path) -> list[dict[str, Any]]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(entries, list)
    return entries


OUR_ENTRIES = load(OURS)


def _our_cases() -> list[Any]:
    """Each entry; one marked known_miss is expected to fail (strict: fixing it shows)."""
    return [pytest.param(e, id=e["q"][:60], marks=[pytest.mark.xfail(
        reason=e["known_miss"], strict=True)] if e.get("known_miss") else [])
        for e in OUR_ENTRIES]


@pytest.mark.parametrize("entry", _our_cases())
def test_our_bank_is_read_exactly(entry: dict[str, Any]) -> None:
    got = bank_reading(entry["q"])
    wrong = {name: (got[name], entry[name]) for name in BANK_FIELDS
             if not field_matches(name, got[name], entry[name])}
    assert not wrong, f"(got, want): {wrong}"


def test_our_bank_covers_the_forms_and_is_well_formed() -> None:
    quantitative = [e for e in OUR_ENTRIES if e["quantitative"]]
    assert len(quantitative) >= 150
    assert len(OUR_ENTRIES) - len(quantitative) >= 15
    assert len({e["q"].lower() for e in OUR_ENTRIES}) == len(OUR_ENTRIES)
    assert sum(bool(e.get("known_miss")) for e in OUR_ENTRIES) <= 5
    assert len({e["domain"] for e in OUR_ENTRIES}) >= 10
    for e in OUR_ENTRIES:
        places = e["place"] if isinstance(e["place"], list) else [e["place"]]
        for span in [e[k] for k in SPANS] + places:
            assert span is None or span.lower() in e["q"].lower(), (e["q"], span)
        if not e["quantitative"]:
            assert all(e[k] is None for k in BANK_FIELDS[1:]), e["q"]
        assert set(e) <= {"q", "domain", "known_miss", *BANK_FIELDS}, e["q"]
    lows = [e["q"].lower() for e in quantitative]
    for form in ("how many", "how much", "death toll", "how large was the crowd",
                 "number of", "are there in", "attendance at", "turned out for",
                 "estimate the number of"):
        assert sum(form in q for q in lows) >= 3, form
    assert sum(not e["q"].rstrip().endswith("?") for e in OUR_ENTRIES) >= 15
    assert sum(e["q"][0].islower() for e in OUR_ENTRIES) >= 10


@pytest.mark.skipif(not SHARED.is_file(), reason=f"no shared question bank at {SHARED}")
def test_shared_bank_is_read_right_at_least_at_the_floor() -> None:
    entries = load(SHARED)
    right, per_field, misses = score(entries, ignore_case=True)
    share = right / len(entries)
    summary = ", ".join(f"{name} {count / len(entries):.3f}" for name, count in per_field.items())
    detail = "\n".join(f"{q}\n    " + "\n    ".join(wrong) for q, wrong in misses)
    assert share >= SHARED_FLOOR, f"fully right {share:.3f}; {summary}\n{detail}"


def test_the_target_carries_the_reading() -> None:
    target = parse_question("How many Russians have left Russia to avoid conscription since 2022?")
    assert (target.measure, target.population, target.head, target.event) == (
        "count", "Russians", "Russian", "leave Russia")
    assert (target.predicate, target.purpose, target.period) == (
        "have left Russia", "to avoid conscription", "since 2022")
    assert target.place == "Russia" and target.places == ("Russia",)
    assert target.quantitative and "russians" in target.terms
    assert target.reading == ("a count of Russians that have left Russia, to avoid conscription;"
                              " place: Russia; period: since 2022")


def test_every_place_is_kept_and_the_first_is_the_place() -> None:
    target = parse_question("How much did the US spend on the war in Afghanistan?")
    assert (target.measure, target.head, target.event) == ("money", "dollar", "spend war")
    assert (target.place, target.places) == ("US", ("US", "Afghanistan"))


def test_noun_frames_stand_for_verbs() -> None:
    toll = parse_question("what was the death toll of the 1902 Quelmar landslide")
    assert (toll.head, toll.event, toll.place, toll.period) == (
        "death", "die landslide", "Quelmar", "1902")
    crowd = parse_question("How large was the crowd at the Harvest Parade in Dunmore?")
    assert (crowd.head, crowd.event, crowd.population) == ("person", "attend parade", None)
    turnout = parse_question("What was the turnout in the 1999 regional election?")
    assert (turnout.head, turnout.event) == ("voter", "vote election")
    assert crowd.reading == "a count of people (attend parade); place: Dunmore"


@pytest.mark.parametrize("question", [
    "Why did so many people leave the valley?",
    "Who counted the marchers?",
    "Did more people vote in 2020 than in 2016?",
    "How do census takers count nomads?",
    "What is a refugee?",
])
def test_a_question_no_number_answers_is_said_to_be_so(question: str) -> None:
    target = parse_question(question)
    assert not target.quantitative
    assert (target.head, target.event, target.place, target.period) == (None, None, None, None)
    assert target.reading == "not a question a number answers"


def test_typos_shorthand_and_lower_case_are_read() -> None:
    target = parse_question("how mnay ppl were evacuated from lagos last year")
    assert (target.population, target.head, target.event) == ("ppl", "person", "evacuate")
    assert (target.place, target.period) == ("lagos", "last year")
    assert parse_question("how many refugess are there in kenya").head == "refugee"


@pytest.mark.parametrize(("question", "predicate"), [
    ("How many people are homeless in Los Angeles County?", "are homeless"),
    ("How many Americans are unemployed?", "are unemployed"),
    ("How many adults are obese in Mexico?", "are obese"),
    ("How many prisoners are there in the United States?", None),
    ("How many people are in prison in the US?", None),
])
def test_a_state_without_a_verb_is_the_predicate(question: str, predicate: str | None) -> None:
    target = parse_question(question)
    assert target.predicate == predicate
    assert target.event is None
