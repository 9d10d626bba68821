"""Each estimate against the target: direct, broader, narrower, rate or unrelated, with why."""

from __future__ import annotations

import re
from dataclasses import dataclass

from crosstally.retrieve.query import _GROUPS, STOPWORDS
from crosstally.types import Estimate, Target

WORD = re.compile(r"[a-zA-Z][a-zA-Z'-]+")
# Words near a number that say it is not a count of the thing asked about.
NOT_A_COUNT = re.compile(
    r"\b(?:target|targets|plans?|planned|aims?|aimed|goal|quota|intends?|intended|wants? to|"
    r"seeks? to|capacity|"
    r"prices?|rents?|salar(?:y|ies)|wages?|fees?|tickets?|sample|respondents|surveyed|"
    r"population of|populations?|threshold|ceiling|pledged?|promised?|would have|could have|"
    r"enlisted|mobilised|mobilized|drafted|recruited|conscripted)\b", re.I)
BROADER = re.compile(
    r"\b(?:all|every|any|overall|total|in total|altogether|for all reasons|of all kinds|"
    r"all causes|of every kind|whatever|including|regardless|broader|wider|entire)\b", re.I)
NARROWING_MOVE = re.compile(
    r"\b(?:into|entered|entering|arrived|arrivals?|crossed|crossing|registered in|in the region|"
    r"province|city|one border|single|weekend)\b", re.I)
SHORT_WINDOW = re.compile(r"\b(?:first|single|one|two|three|four|seven)\s+(?:days?|weekend|week)\b|\bweekend\b", re.I)


@dataclass(frozen=True, slots=True)
class Relation:
    relation: str
    why: str


def relate(est: Estimate, target: Target) -> Relation:
    """Decide how `est` bears on the question; `why` is one checkable line."""
    if est.kind == "measure":
        return Relation("unrelated", f"a measure in {est.unit}, not a count")
    if est.kind in ("percent", "fraction"):
        return Relation("rate", "a share, to be combined with a total")
    if est.per:
        return Relation("rate", f"a flow per {est.per}, not a total")
    if target.measure == "money" and est.kind != "money":
        return Relation("unrelated", "not a sum of money, and the question asks for one")
    if target.measure != "money" and est.kind == "money":
        return Relation("unrelated", "a sum of money, and the question asks for a count")
    if re.fullmatch(r"[A-Za-z -]+", est.text) and est.value is not None and est.value < 100:
        return Relation("unrelated", "a small number in words: part of the prose, not an estimate")
    near = _window(est, 60)
    if m := NOT_A_COUNT.search(near):
        return Relation("unrelated", f"'{m.group(0)}' beside it: not a count of what is asked")
    overlap = _overlap(est, target)
    if not overlap:
        return Relation("unrelated", "what it counts shares nothing with the question")
    what = est.counted or "it"
    if target.place and est.place and est.place != target.place and _moves_into(est):
        return Relation("narrower", f"counts {what} in {est.place}: one destination of many")
    if est.time and SHORT_WINDOW.search(est.time):
        return Relation("narrower", f"covers {est.time} only")
    if (b := BROADER.search(est.quote)) and b.group(0).lower() not in ("including",):
        return Relation("broader", f"counts {what} '{b.group(0)}': wider than the question")
    return Relation("direct", f"counts {what} ({', '.join(overlap)})")


def _window(est: Estimate, width: int) -> str:
    s = est.start - est.quote_start
    e = est.end - est.quote_start
    return est.quote[max(0, s - width):e + width]


def _overlap(est: Estimate, target: Target) -> list[str]:
    """Question terms (with variants) found in what the estimate counts or its clause."""
    text = " ".join(filter(None, [est.counted, _window(est, 80)])).lower()
    words = {w for w in WORD.findall(text)}
    wanted = [t for t in target.terms if t not in STOPWORDS]
    hits = [t for t in wanted if t in words or any(w.startswith(t[:5]) for w in words if len(t) > 5)]
    pop = (target.population or "").lower().split()
    pop_terms = {w for p in pop for w in (p, *_GROUPS.get(p, ()))}
    if est.counted and any(w in pop_terms or w.rstrip("s") in pop_terms
                           for w in WORD.findall(est.counted.lower())):
        hits.append("population")
    elif est.counted and re.search(r"\b[A-Z][a-z]+(?:ns|ans|is|s)\b", est.counted):
        hits.append("people")  # a demonym: Russians, Nepalis
    return hits


def _moves_into(est: Estimate) -> bool:
    return bool(NARROWING_MOVE.search(est.quote))
