"""Each estimate against the question: direct, broader, narrower, rate or unrelated, with why.

The evidence is read by `evidence.py` (general English and WordNet, nothing per topic) and
weighed by `model.py` (weights fit on annotated topics). Two passes: each figure alone, then
each figure against the centre of the figures the first pass found direct, so that a stray
figure of another order of magnitude is seen for what it is.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from crosstally.reconcile import rules
from crosstally.reconcile.evidence import (
    Question,
    crossed,
    features,
    magnitude_features,
    prepare,
    repeat_features,
)
from crosstally.reconcile.model import RelationModel, Stage, current_model
from crosstally.types import CHANGE_SIZES, Estimate, Target

NOT_NUMERIC = "the question does not ask for a number"
NOT_A_LEVEL = ("rate", "unrelated")  # the relations a change's size may have
# A part or a wider count needs a reason in the figure's own words: a place inside or around
# the question's, a group, a window, a share, another year. Without one the model's lean
# towards either is only its prior, and a figure that counts what is asked answers it. Its
# order of magnitude alone is no reason: it is measured against figures that may not answer.
NEEDS_EVIDENCE = {
    "narrower": frozenset(["place_inside_clause", "place_inside_sentence", "part_near",
                           "short_time", "counted_extra_modifier", "counted_kind_of_head",
                           "some_place_no_question_place", "other_place",
                           "other_year", "rule=narrower", "question_modifier_missing",
                           "line_label", "previous_near", "other_named_instance"]),
    # a figure that counts what is asked, beside the question's event, is unrelated only for
    # a reason its words give
    "unrelated": frozenset(["plan_near", "modality_near", "other_year", "other_place",
                            "place_elsewhere_clause", "sentence_other_place", "other_harm_near",
                            "other_named_instance", "previous_near", "age", "year_like", "tiny",
                            "bracketed", "change_word", "rule=unrelated", "far_above",
                            "far_below", "headline", "line_label"]),
    "broader": frozenset(["place_around", "wider_scope_near", "including_near",
                          "head_kind_of_counted", "other_harm&event",
                          "rule=broader", "counted_people_of_place", "other_year"]),
}

# One phrase per feature, for `why`: what the figure's evidence says, in words.
SAYS = {
    "kind=count": "a count", "kind=money": "a sum of money", "kind=share": "a share",
    "kind=measure": "a measure, not a count", "kind_matches": "the kind of number asked for",
    "counted_is_head": "counts what the question counts",
    "counted_kind_of_head": "counts a kind of what the question counts",
    "head_kind_of_counted": "counts a wider class than the question",
    "counted_is_event": "counts the question's event",
    "counted_people_of_place": "counts the people of the question's place",
    "counted_none": "the sentence does not say what it counts",
    "near_head": "names what the question counts beside it",
    "near_event": "speaks of the question's event beside it",
    "sentence_event": "its sentence speaks of the question's event",
    "sentence_head": "its sentence names what the question counts",
    "sentence_participant": "its sentence names the question's event",
    "sentence_place": "its sentence names the question's place",
    "purpose_in_sentence": "its sentence gives the question's purpose",
    "purpose_in_document": "its source speaks of the question's purpose",
    "document_participant": "its source is about the question's event",
    "modality_near": "a plan, forecast or capacity, not a count",
    "plan_near": "a plan, forecast or capacity, not a count",
    "other_harm_near": "counts another harm (injured, missing)",
    "including_near": "its sentence says it includes more",
    "part_near": "a part only ('alone', 'of them')",
    "change_word": "a change, not a level", "age": "an age",
    "rate_word": "a rate per period or per unit", "short_time": "covers a short window only",
    "other_place": "about another place",
    "sentence_other_place": "its sentence names another place",
    "clause_is_question_predicate": "its clause says what the question asks, of its place",
    "near_location_word": "counts one place (a city, a region)", "some_place_no_question_place": "about one place",
    "place_inside_clause": "names a place inside the question's",
    "place_inside_sentence": "its sentence names a place inside the question's",
    "place_around": "names a wider area than the question's place",
    "place_elsewhere_clause": "names another place beside it",
    "place_same_clause": "names the question's place beside it",
    "wider_scope_near": "a worldwide or international count",
    "whole_scope_near": "a count of the whole ('nationwide', 'in total')",
    "tiny": "a very small number", "year_like": "a year", "bracketed": "a reference marker",
    "order_gap": "far from the order of the figures that first read as direct",
    "far_below": "an order of magnitude below the figures that first read as direct",
    "far_above": "an order of magnitude above the figures that first read as direct",
    "same_order": "of the same order as the figures that first read as direct",
    "no_centre": "no other figure answers directly",
    "other_scale": "a share or a change, not a level",
    "below": "below the figures that first read as direct",
    "below&about": "below the first direct figures, yet about the question's thing or event",
    "below&label": "below the first direct figures, on a labelled line of a list",
    "same_order&about": "of the order of the first direct figures, and about the question",
    "other_harm&event": "counts the question's harm together with another (dead and missing)",
    "other_harm&no_event": "counts another harm only (missing, injured)",
    "counted_extra_modifier": "counts a qualified kind of what is asked",
    "counted_same_lex": "counts the same kind of thing as the question",
    "document_event": "its source speaks of the question's event",
    "document_place": "its source names the question's place",
    "line_label": "a labelled line of a list",
    "next_is_event": "the word after it is the question's event",
    "next_is_head": "the word after it names what the question counts",
    "next_kind_of_head": "the word after it names a kind of what the question counts",
    "other_year": "its sentence names another year than the question's",
    "other_named_instance": "its sentence names another of the kind asked about",
    "previous_near": "an earlier occurrence ('previous', 'earlier')",
    "question_modifier_missing": "its sentence lacks the question's qualifying words",
    "qualifier=about": "an approximate figure", "qualifier=exact": "an exact figure",
    "qualifier=at_least": "a lower bound", "qualifier=more_than": "a lower bound",
    "qualifier=at_most": "an upper bound", "qualifier=less_than": "an upper bound",
    "qualifier=up_to": "an upper bound", "qualifier=range": "a range",
    "qualifier=vague": "a vague magnitude",
    "repeated": "several sources give the same figure",
    "after_word_event": "the words after it say it is the question's event",
    "before_word_event": "the words before it say it is the question's event",
    "after_word_head": "the word after it names what the question counts",
    "before_word_head": "the word before it names what the question counts",
    "after_word_other_harm": "the words after it name another harm (missing, injured)",
    "before_word_other_harm": "the words before it name another harm (missing, injured)",
    "headline": "a headline", "question_overlap": "its sentence shares the question's words",
    "repeated_widely": "many sources give the same figure",
    "rule=direct": "the scope rules read it as a direct count",
    "rule=broader": "the scope rules read it as wider than asked",
    "rule=narrower": "the scope rules read it as a part of what is asked",
    "rule=rate": "the scope rules read it as a rate",
    "rule=unrelated": "the scope rules read it as something else",
}


@dataclass(frozen=True, slots=True)
class Relation:
    relation: str
    why: str
    confidence: float = 1.0


def relate_all(estimates: Sequence[Estimate], target: Target,
               contexts: Sequence[str] | None = None,
               model: RelationModel | None = None) -> list[Relation]:
    """Relations for all estimates of one question; `contexts` are their documents' texts."""
    if not target.quantitative:
        return [Relation("unrelated", NOT_NUMERIC) for _ in estimates]
    model = model or current_model()
    contexts = contexts or [""] * len(estimates)
    first = first_features(estimates, target, contexts)
    out = []
    for est, full in zip(estimates, second_features(estimates, first, model.first)):
        probs = model.second.probabilities(full)
        # The size of a change ('rose 7%', 'up 500') is never a level, and nor is a count of
        # none ('arrests: 0'): a rate or unrelated.
        allowed = NOT_A_LEVEL if est.change in CHANGE_SIZES or _none(est) else [
            c for c in probs if (c not in NEEDS_EVIDENCE or _has_evidence(full, c))
            and not (c == "direct" and any(full.get(n) for n in NOT_AN_ANSWER))]
        relation = max(allowed, key=lambda c: probs[c])
        out.append(Relation(relation, _why(model, full, relation), probs[relation]))
    return out


NOT_AN_ANSWER = ("plan_near", "other_named_instance")


def _has_evidence(features: Mapping[str, float], relation: str) -> bool:
    if relation == "unrelated" and not (
            (features.get("counted_is_head") or features.get("next_is_head"))
            and features.get("near_event") and features.get("kind_matches")):
        return True
    return any(features.get(name) for name in NEEDS_EVIDENCE[relation])


def _none(est: Estimate) -> bool:
    """A count of zero: no part of any total the question asks about."""
    return est.kind == "count" and not any((est.value, est.low, est.high))


def first_features(estimates: Sequence[Estimate], target: Target,
                   contexts: Sequence[str]) -> list[dict[str, float]]:
    """What each figure's own sentence and source say, with the scope rules' verdict."""
    q = prepare(target)
    first = [features(e, q, c) for e, c in zip(estimates, contexts, strict=True)]
    for f, verdict in zip(first, rules.relate_all(estimates, target, contexts)):
        f[f"rule={verdict.relation}"] = 1
    return first


def second_features(estimates: Sequence[Estimate], first: Sequence[dict[str, float]],
                    stage: Stage) -> list[dict[str, float]]:
    """Each figure against the others: its distance from the centre of the figures `stage`
    finds direct, and how many sources repeat it."""
    centre = direct_centre(estimates, [stage.probabilities(f)["direct"] for f in first])
    repeats = repeat_counts(estimates)
    return [crossed({**f, **magnitude_features(e, centre), **repeat_features(n)})
            for e, f, n in zip(estimates, first, repeats)]


def repeat_counts(estimates: Sequence[Estimate]) -> list[int]:
    """For each figure, the number of documents giving the same value (within 0.5%; a range
    by its geometric middle). Equal values are neighbours once sorted, so one pass groups them."""
    middles = [_middle(e) for e in estimates]
    order = sorted((m, i) for i, m in enumerate(middles) if m > 0)
    counts = [1] * len(estimates)
    start = 0
    for k in range(1, len(order) + 1):
        if k == len(order) or order[k][0] - order[start][0] > 0.005 * order[k][0]:
            group = [i for _, i in order[start:k]]
            docs = len({estimates[i].doc for i in group})
            for i in group:
                counts[i] = docs
            start = k
    return counts


def _middle(e: Estimate) -> float:
    if e.value is not None:
        return e.value
    if e.low and e.high and e.low > 0:
        return math.sqrt(e.low * e.high)
    return e.low or e.high or 0.0


def relate(est: Estimate, target: Target, context: str = "") -> Relation:
    """One estimate alone (no other figure to compare its order of magnitude with)."""
    return relate_all([est], target, [context])[0]


def direct_centre(estimates: Sequence[Estimate], weights: Sequence[float]) -> float | None:
    """Weighted median of log10 values of figures the first pass leans towards direct."""
    points = []
    for e, w in zip(estimates, weights):
        values = [math.log10(v) for v in (e.value, e.low, e.high) if v and v > 0]
        if values and w >= 0.2:
            points.append((sum(values) / len(values), w))
    if sum(w for _, w in points) < 0.5:
        return None
    points.sort()
    half, run = sum(w for _, w in points) / 2, 0.0
    for value, w in points:
        run += w
        if run >= half:
            return value
    return points[-1][0]


def _why(model: RelationModel, features: Mapping[str, float], relation: str) -> str:
    reasons = [SAYS.get(name, name) for name in model.second.reasons(features, relation)]
    verdict = {"direct": "answers the question", "broader": "counts more than asked",
               "narrower": "counts part of what is asked", "rate": "a rate or share",
               "unrelated": "does not measure what is asked"}[relation]
    return f"{verdict}: {'; '.join(reasons)}" if reasons else verdict


__all__ = ["Question", "Relation", "direct_centre", "first_features", "relate", "relate_all",
           "second_features"]
