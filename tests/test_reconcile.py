"""Reconciliation: the scope rules (one piece of evidence the relation model weighs), stories
and the answer, each on its own small invented example."""

from __future__ import annotations

import pytest

import crosstally
from crosstally.reconcile import derive_answer, group_stories, parse_question, rules
from crosstally.types import Document, Finding

FLED = "How many farmers have left the valley to escape the drought?"
DIED = "How many divers died in connection with building the harbour?"
SPENT = "How much did Chile spend on hosting the 2030 Games?"


def relations(question: str, text: str, doc_text: str | None = None) -> dict[str, str]:
    """{estimate text: relation} for every estimate in `text`."""
    target = parse_question(question)
    ests = crosstally.extract_estimates(text)
    rels = rules.relate_all(ests, target, [doc_text or text] * len(ests))
    return {e.text: r.relation for e, r in zip(ests, rels)}


def test_question_names_measure_population_purpose_and_place() -> None:
    t = parse_question("How many men have left Russia to avoid conscription?")
    assert (t.measure, t.population, t.place) == ("count", "men", "Russia")
    assert t.purpose == "to avoid conscription"
    assert parse_question(DIED).event.startswith("die")
    assert parse_question(SPENT).measure == "money"


def test_a_count_of_the_asked_population_is_direct() -> None:
    text = "Farmers fled the drought: about 12,000 farmers have left the valley, officials said."
    assert relations(FLED, text)["about 12,000"] == "direct"


def test_a_call_up_target_is_not_a_count_of_leavers() -> None:
    text = ("About 12,000 farmers have left the valley to escape the drought. "
            "The ministry plans to resettle 40,000 farmers next year.")
    assert relations(FLED, text)["40,000"] == "unrelated"


def test_a_different_counted_noun_is_unrelated() -> None:
    text = "About 12,000 farmers have left the valley since the drought destroyed 300 wells."
    assert relations(FLED, text)["300"] == "unrelated"


def test_a_daily_flow_is_a_rate() -> None:
    text = "At the peak, up to 900 farmers a day left the valley to escape the drought."
    assert relations(FLED, text)["up to 900"] == "rate"


def test_a_share_is_a_rate_only_when_it_is_about_the_question() -> None:
    text = ("About 40% of the farmers who left named the drought as the reason. "
            "Rents in the town rose by 25% over the summer.")
    rel = relations(FLED, text)
    assert rel["About 40%"] == "rate"
    assert rel["25%"] == "unrelated"


def test_arrivals_in_one_destination_are_narrower() -> None:
    text = ("About 12,000 farmers have left the valley to escape the drought. "
            "Kenya said 3,000 farmers from the valley entered Kenya in the first month.")
    assert relations(FLED, text)["3,000"] == "narrower"


def test_a_first_weekend_count_is_narrower() -> None:
    text = "Some 2,500 farmers left the valley over the first weekend to escape the drought."
    assert relations(FLED, text)["Some 2,500"] == "narrower"


def test_all_emigrants_for_any_reason_are_broader() -> None:
    text = ("The drought drove farmers out. In total about 30,000 people left the valley "
            "for any reason last year.")
    assert relations(FLED, text)["about 30,000"] == "broader"


def test_deaths_not_tied_to_the_asked_cause_are_broader() -> None:
    text = ("Some 120 divers died at work along the coast last decade. "
            "Only 9 divers died while building the harbour, the inspectorate said.")
    rel = relations(DIED, text)
    assert rel["Some 120"] == "broader"
    assert rel["9"] == "direct"


def test_a_sum_for_another_country_is_unrelated() -> None:
    text = ("Chile spent about $9bn on hosting the Games. "
            "By comparison, Peru spent about $4bn on the 2026 edition.")
    rel = relations(SPENT, text)
    assert rel["about $9bn"] == "direct"
    assert rel["about $4bn"] == "unrelated"


def test_a_sum_for_one_component_is_narrower() -> None:
    text = "Organisers said about $2bn was spent on stadiums for the Games in Chile."
    assert relations(SPENT, text)["about $2bn"] == "narrower"


def test_an_unlabelled_figure_joins_the_direct_ones_when_of_the_same_order() -> None:
    text = ("About 12,000 farmers have left the valley to escape the drought. "
            "Another survey team's figure was 15,000. A village clock has 12 bells.")
    rel = relations(FLED, text)
    assert rel["15,000"] == "direct"
    assert rel.get("12") != "direct"


def test_an_age_is_not_a_count() -> None:
    text = "About 12,000 farmers have left the valley, most of them aged 30 to 45."
    rel = relations(FLED, text)  # an age is no estimate at all (kind age, under --all only)
    assert not [t for t in rel if "30" in t or "45" in t], rel


# -- stories ----------------------------------------------------------------------------------

def _doc(i: int, text: str) -> Document:
    return Document(id=str(i), path=f"d{i}.txt", text=text)


def test_a_lightly_edited_copy_shares_the_story_and_a_different_report_does_not() -> None:
    wire = ("Up to 70,000 farmers may have left the valley in the two weeks since the drought "
            "was declared, a regional newspaper reported, citing an unnamed official. The "
            "agency could not verify the figure, and the ministry did not respond to requests.")
    copy = wire.replace("70,000", "70 000").replace("could not verify", "was unable to verify")
    other = ("The ministry said 12,000 farmers had registered for relief, and that the drought "
             "had cut the harvest by half across the southern districts this season.")
    assert group_stories([_doc(1, wire), _doc(2, copy), _doc(3, other)]) == [1, 1, 2]


# -- the answer -------------------------------------------------------------------------------

def _finding(i: int, text: str, relation: str = "direct", source: int | None = None) -> Finding:
    est = crosstally.extract_estimates(text)[0]
    return Finding(f"e{i}", est, source or i, relation, "test")


def test_answer_spans_the_direct_estimates_and_names_its_magnitude() -> None:
    fs = [_finding(1, "at least 150,000 farmers left"), _finding(2, "about 200,000 farmers left"),
          _finding(3, "up to 700,000 farmers left")]
    a = derive_answer(fs, {1: 1, 2: 2, 3: 3})
    assert (a.low, a.high, a.magnitude) == (150000, 700000, "hundreds of thousands")
    assert "at least 150,000 [1]" in a.one_line and "up to 700,000 [3]" in a.one_line


def test_copies_of_one_story_do_not_raise_confidence() -> None:
    fs = [_finding(1, "about 200,000 farmers left"), _finding(2, "about 210,000 farmers left")]
    assert derive_answer(fs, {1: 1, 2: 1}).confidence == "low"
    assert derive_answer(fs, {1: 1, 2: 2}).confidence == "medium"


def test_an_outlier_and_an_old_figure_do_not_stretch_the_range() -> None:
    fs = [_finding(1, "about 200,000 farmers left"), _finding(2, "about 300,000 farmers left"),
          _finding(3, "only 90 farmers left"),
          _finding(4, "An earlier estimate put it at 20,000 farmers.")]
    a = derive_answer(fs, {1: 1, 2: 2, 3: 3, 4: 4})
    assert (a.low, a.high) == (200000, 300000)


def test_no_direct_estimate_means_no_answer() -> None:
    a = derive_answer([_finding(1, "about 200,000 farmers left", "broader")], {1: 1})
    assert a.low is None and a.high is None and a.magnitude is None
    assert "no defensible range" in a.one_line


@pytest.mark.parametrize(("low", "high", "words"), [
    (150000, 700000, "hundreds of thousands"), (17e6, 100e6, "tens of millions"),
    (6700, 7200, "thousands"), (2.5e12, 3.5e12, "trillions")])
def test_magnitude_words_follow_the_middle_of_the_range(low: float, high: float, words: str) -> None:
    from crosstally.reconcile.answer import magnitude_words
    assert magnitude_words(low, high) == words


TREES = "How many wells are there on Earth?"


def test_a_general_population_far_above_the_answers_is_unrelated() -> None:
    text = ("About 12,000 farmers have left the valley to escape the drought. Some 14,000 "
            "farmers left, the union said. The region is home to some 9 million people who "
            "left their mark on history.")
    assert relations(FLED, text)["some 9 million"] == "unrelated"


def test_a_year_used_as_a_label_is_not_a_count() -> None:
    text = "There are about 40,000 wells on Earth. The 2021 total was a little lower."
    rel = relations(TREES, text)
    assert rel.get("2021", "unrelated") == "unrelated"


def test_a_figure_for_one_country_of_a_world_question_is_narrower() -> None:
    text = ("There are about 40,000 wells on Earth, a survey found. "
            "In Kenya, which has the most, there are about 6,000 wells.")
    assert relations(TREES, text)["about 6,000"] == "narrower"


def test_a_figure_for_one_region_is_narrower() -> None:
    text = ("There are about 40,000 wells on Earth. The tropics hold the largest share, "
            "with about 15,000 wells.")
    assert relations(TREES, text)["about 15,000"] == "narrower"


def test_a_promise_is_not_a_count() -> None:
    text = "There are about 40,000 wells on Earth. One charity promises 100,000 wells by 2040."
    assert relations(TREES, text)["100,000"] == "unrelated"


def test_vague_words_widen_the_answer_only_when_firm_figures_give_no_span() -> None:
    firm = [_finding(1, "more than 1,000 divers died"), _finding(2, "hundreds of divers died")]
    a = derive_answer(firm, {1: 1, 2: 2})
    assert (a.low, a.high) == (100, 1000)
    spread = [_finding(1, "at least 150,000 farmers left"), _finding(2, "up to 700,000 farmers left"),
              _finding(3, "hundreds of thousands of farmers left")]
    b = derive_answer(spread, {1: 1, 2: 2, 3: 3})
    assert (b.low, b.high) == (150000, 700000)


def test_a_motive_may_be_stated_anywhere_in_the_document() -> None:
    doc = ("Farmers are fleeing to escape the drought. Officials say about 12,000 farmers have "
           "left the valley since March.")
    assert relations(FLED, doc.split(". ")[1], doc_text=doc)["about 12,000"] == "direct"


def test_relation_weights_name_every_feature_in_words() -> None:
    from crosstally.reconcile.model import shipped_model
    from crosstally.reconcile.relate import SAYS

    model = shipped_model()
    features = set(model.first.weights) | set(model.second.weights)
    assert not {f for f in features if f != "bias" and f not in SAYS}


LEFT_CHILE = "How many farmers have left Chile to escape the drought?"


@pytest.mark.parametrize(("text", "fires"), [
    ("About 12,000 farmers have left Chile, officials said.", True),
    ("At least 9,000 farmers fled Chile before the harvest.", True),  # fleeing is leaving
    ("Some 8,000 farmers had left their country by spring.", True),  # Chile is a country
    ("Some 8,000 farmers had left their village by spring.", False),
    ("About 3,000 farmers crossed into Chile last year.", False),
    ("About 12,000 farmers have left the city of Orrin.", False),
])
def test_the_question_predicate_in_the_figure_clause_is_evidence(text: str, fires: bool) -> None:
    from crosstally.reconcile.evidence import features, prepare

    estimate = crosstally.extract_estimates(text)[0]
    found = features(estimate, prepare(parse_question(LEFT_CHILE)), text)
    assert found["clause_is_question_predicate"] == float(fires)
    if "their country" in text:  # the noun names the question's own place, not another one
        assert found["near_location_word"] == 0.0


def test_a_count_of_none_is_no_part_of_a_total() -> None:
    from crosstally.reconcile import relate_all

    text = "About 12,000 farmers have left Chile. Arrests tied to the march: 0"
    estimates = crosstally.extract_estimates(text)
    relations = relate_all(estimates, parse_question(LEFT_CHILE), [text] * len(estimates))
    by_text = {e.text: r.relation for e, r in zip(estimates, relations)}
    assert by_text["0"] in ("rate", "unrelated")
