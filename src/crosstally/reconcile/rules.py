"""Hand-written scope rules: one verdict per estimate, which `relate.py` weighs as one piece of
evidence among the others (the fitted model decides).

The decision reads what the estimate counts (`counted`, else its clause) against what the
question counts (population, measure, predicate), then its scope (place, window, subsets and
supersets) against the question's. No topic is special: every cue below is ordinary English.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from crosstally import wordnet
from crosstally.retrieve import variants_of
from crosstally.retrieve.query import STOPWORDS
from crosstally.types import CHANGE_SIZES, Estimate, Target


def _variants(word: str) -> tuple[str, ...]:
    """The word's WordNet relatives that retrieval uses too, single words only."""
    return tuple(w for w in variants_of(word) if " " not in w)


@cache
def _money_word(word: str) -> bool:
    """A noun whose main senses are a kind of cost, expenditure, money or sum ('budget',
    'price', 'expense'): it says a sentence's sum is money spent or paid."""
    return any(wordnet.is_a(word, kind, senses=2) for kind in ("cost", "expenditure", "money", "sum"))

WORD = re.compile(r"[a-zA-Z][a-zA-Z'-]+")
UNSAID = "the sentence does not say what it counts"
PEOPLE_ALIVE = 1e10  # more than have ever lived at once: a count of people above it is no count
SAME_ORDER = 0.5  # log10 distance within which an unlabelled figure joins the direct ones
# Words near a number that say it is not a count of the thing asked about.
NOT_A_COUNT = re.compile(
    r"\b(?:target|targets|plans?|planned|aims?|aimed|goal|quota|intends?|intended|wants? to|"
    r"seeks? to|capacity|prices?|rents?|salar(?:y|ies)|wages?|fees?|tickets?|sample|"
    r"respondents|interviewed|examined|reviewed|threshold|ceiling|pledg(?:e|es|ed|ing)|promis(?:e|es|ed|ing)|"
    r"would have|could have|could support|compensation|fund|equivalent today|in today's|"
    r"expects?|forecast|projected|injur(?:y|ies|ed)|population|would mean|could kill|"
    r"would kill|factor of|aged|age of)\b", re.IGNORECASE)
CHANGE = frozenset(["additional", "extra", "fewer", "more", "new", "added", "lost"])
ALONE = re.compile(r"\b[A-Z][\w'-]+(?:\s+[a-z]+)?\s+alone\b[^.;]{0,40}$")
MOTIVE = re.compile(r"(?:in order\s+)?to\s", re.IGNORECASE)
RATE_BEFORE = re.compile(r"\b(daily|weekly|monthly|per day|a day|each day|every day)\b[^.;]{0,70}$", re.IGNORECASE)
AGE = re.compile(r"^\s*(?:and\s+\d+\s+)?(?:years?[\s-]+old|-year-old)|\b(?:aged|age of|ages)\s*$", re.IGNORECASE)
ADVERBS = frozenset(["often", "usually", "now", "already", "still", "just", "only", "also", "again", "once", "even"])
DEATH_WORDS = frozenset(["died", "die", "dead", "deaths", "death", "killed", "kill", "killing", "lives", "fatalities", "fatal", "toll", "victims", "mortality", "perished", "lost", "loss"])
GENERIC_PEOPLE = frozenset(["people", "persons", "individuals", "citizens", "nationals", "residents", "men", "women", "adults"])
GENERIC_MODIFIERS = frozenset(["individual", "distinct", "different", "separate", "known", "recorded", "estimated", "total", "global", "worldwide"])
META_NOUNS = frozenset(["figure", "figures", "number", "numbers", "estimate", "estimates", "total", "totals", "count", "tally", "toll", "range", "ones"])
BROADER = re.compile(
    r"\b(?:for (?:all|any|every) reasons?|for whatever reason|all causes|any cause|from all causes|"
    r"of all kinds|of every kind|all sectors|every sector|any sector|nationwide|across the country|"
    r"including|includes|incl\.|all[- ]in|not only|as well as|of all ages|every kind)\b", re.IGNORECASE)
SHORT_WINDOW = re.compile(
    r"\b(?:first|single|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:days?|weekend)\b"
    r"|\bweekend\b|\b(?:first|single|one)\s+week\b|\bin a week\b", re.IGNORECASE)
# "per hectare", "for every resident", "a day", "each": a ratio, whatever the unit is.
PER_UNIT = re.compile(r"^[\s\w'-]{0,25}?\b(?:(?:per|for every|for each)\s+[a-z]\w*|(?:a|an)\s+(?:person|"
                      r"capita|head|year|day|week|month)\b)|^\s*(?:each|apiece)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Verdict:
    relation: str
    why: str
    explicit: bool = False  # broader because the sentence itself says the figure covers more


def relate(est: Estimate, target: Target, context: str = "") -> Verdict:
    """Decide how `est` bears on the question; `why` is one checkable line. `context` is the
    text of the estimate's document, read for the question's purpose."""
    sentence = est.quote
    before, after = est.around
    if est.kind == "measure":
        return Verdict("unrelated", f"a measure in {est.unit}, not a count")
    if target.measure == "money" and est.kind == "count":
        return Verdict("unrelated", "not a sum of money, and the question asks for one")
    if target.measure != "money" and est.kind == "money":
        return Verdict("unrelated", "a sum of money, and the question asks for a count")
    if est.kind == "count" and max(v or 0 for v in (est.value, est.low, est.high)) > PEOPLE_ALIVE \
            and wordnet.is_a(target.head or "", "person", "n", senses=2):
        return Verdict("unrelated", "more people than live on Earth")
    subject = _subject(est, target, sentence, context)
    if AGE.search(after[:20]) or AGE.search(before[-12:]):
        return Verdict("unrelated", "an age, not a count")
    if re.fullmatch(r"(?:1[5-9]|20)\d\d", est.text) and re.match(
            r"\s+(?:total|figure|estimate|edition|census|count|study|report|survey)\b", after):
        return Verdict("unrelated", f"the year {est.text}, used as a label")
    change = est.change in CHANGE_SIZES  # 'rose 7%', 'up 500': a change, never a level
    if change and est.kind not in ("percent", "fraction"):
        return Verdict("unrelated", f"a change ('{est.text}' {est.change}), not a level")
    if est.kind in ("percent", "fraction"):
        if _sentence_subject(target, sentence) or _words(sentence) & _purpose_terms(target):
            return Verdict("rate", "a change in what the question counts, not a level" if change
                           else "a share of what the question counts, to combine with a total")
        return Verdict("unrelated", "a change in something the question does not ask about"
                       if change else "a percentage of something the question does not ask about")
    if est.per:
        return Verdict("rate", f"a flow per {est.per}, not a total")
    if m := RATE_BEFORE.search(before):
        return Verdict("rate", f"a flow ('{m.group(1)}'), not a total")
    if PER_UNIT.match(after):
        return Verdict("rate", "a ratio per unit, not a total")
    if m := NOT_A_COUNT.search(_clause_before(before)[-45:] + " " + _clause_after(after)[:45]):
        return Verdict("unrelated", f"'{m.group(0)}' beside it: not a count of what is asked")
    if (est.counted or "").split(" ")[0].lower() in CHANGE:
        return Verdict("unrelated", f"a change ('{est.counted}'), not a total")
    if subject == "no":
        return Verdict("unrelated", f"counts {est.counted or 'something else'}, not what the question asks")
    if subject == "unknown":
        return Verdict("unknown", "the sentence does not say what it counts")
    return _scope(est, target, context or sentence, before, after)


def relate_all(estimates: Sequence[Estimate], target: Target,
               contexts: Sequence[str] | None = None) -> list[Verdict]:
    """Relations for all estimates. A figure whose sentence does not say what it counts is
    taken as direct when it is of the same order as the estimates that clearly are direct."""
    contexts = contexts or [""] * len(estimates)
    first = [relate(e, target, c) for e, c in zip(estimates, contexts, strict=True)]
    direct = [_log(v) for e, r in zip(estimates, first) if r.relation == "direct"
              for v in (e.value, e.low, e.high) if v]
    centre = statistics.median(direct) if direct else None
    out = []
    for e, r, c in zip(estimates, first, contexts):
        if r.relation == "direct" and centre is not None and _subset_below(e, target, centre):
            r = Verdict("narrower", f"counts {e.counted}, a kind of what is asked, and well "
                         "below the direct estimates")
        elif r.relation == "direct" and centre is not None and _far_above(e, centre) \
                and _generic(e):
            r = Verdict("unrelated", f"counts {e.counted} in general, far more than every "
                         "direct estimate: a population, not the answer")
        elif r.relation == "direct" and centre is not None and _far_below(e, centre):
            r = Verdict("narrower", f"counts {e.counted or 'it'}, a part far smaller than the "
                         "direct estimates") if _qualified(e) else Verdict(
                "unrelated", "far smaller than every direct estimate: not a total of what is asked")
        if r.relation == "unknown":
            scoped = scope(e, target, c)
            if scoped.relation == "narrower" or (centre is not None and _same_order(e, centre)):
                r = scoped if scoped.relation != "direct" else Verdict(
                    "direct", "a figure of the same order as the direct estimates, "
                    "given where the source discusses the question")
            else:
                r = Verdict("unrelated", UNSAID)
        out.append(r)
    return _propagate_breadth(estimates, out)


def _propagate_breadth(estimates: Sequence[Estimate], relations: list[Verdict]) -> list[Verdict]:
    """A figure that one source says covers more than asked is the same wider figure wherever
    it is repeated: direct mentions of an equal sum or count become broader too."""
    wide = [e for e, r in zip(estimates, relations) if r.explicit and e.value]
    out = []
    for e, r in zip(estimates, relations):
        open_to_it = r.relation == "direct" or r.why == UNSAID
        twin = next((w for w in wide if open_to_it and e.value and e.kind == w.kind
                     and e.unit == w.unit and abs(e.value - (w.value or 0)) <= 0.005 * e.value),
                    None)
        if twin is not None:
            r = Verdict("broader", f"the same figure as '{twin.text}', which a source says "
                         "covers more than the question asks")
        out.append(r)
    return out


def scope(est: Estimate, target: Target, context: str = "") -> Verdict:
    """The scope part of `relate` alone: narrower, broader or direct."""
    before, after = est.around
    return _scope(est, target, context or est.quote, before, after)


def _same_order(e: Estimate, centre: float) -> bool:
    """Within SAME_ORDER of the centre (an interval by its geometric middle)."""
    values = [_log(v) for v in (e.value, e.low, e.high) if v]
    return bool(values) and abs(sum(values) / len(values) - centre) <= SAME_ORDER


def _subset_below(e: Estimate, target: Target, centre: float) -> bool:
    """'2,680 indigenous languages' beside totals near 7,000: a qualified subset."""
    words = [w.lower() for w in WORD.findall(e.counted or "")]
    asked = set(target.terms) | _words(target.population or "")
    extra = [w for w in words[:-1] if w not in asked and w not in GENERIC_MODIFIERS]
    values = [_log(v) for v in (e.value, e.low, e.high) if v]
    return bool(extra) and bool(values) and max(values) < centre - math.log10(2)


def _far_above(e: Estimate, centre: float) -> bool:
    values = [_log(v) for v in (e.value, e.low, e.high) if v]
    return bool(values) and min(values) > centre + 1


def _generic(e: Estimate) -> bool:
    words = [w.lower() for w in WORD.findall(e.counted or "")]
    return bool(words) and words[-1] in GENERIC_PEOPLE


def _far_below(e: Estimate, centre: float) -> bool:
    values = [_log(v) for v in (e.value, e.low, e.high) if v]
    return bool(values) and max(values) < centre - 1


def _qualified(e: Estimate) -> bool:
    """Counted with a qualifying word ('sign languages') or a place: a subset, not noise."""
    return bool(e.place) or len(WORD.findall(e.counted or "")) > 1


def _purpose_terms(target: Target) -> set[str]:
    """Words of the question's purpose ('to avoid conscription'), without its names."""
    words = [w for w in WORD.findall(target.purpose or "") if not w[0].isupper()]
    return {t for w in words for t in (w.lower(), *_variants(w.lower())) if len(t) > 3}


@lru_cache(maxsize=256)  # a document's text is read once for all its figures
def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in WORD.findall(text))


def _log(v: float) -> float:
    return math.log10(v) if v > 0 else 0.0


def _scope(est: Estimate, target: Target, context: str, before: str, after: str) -> Verdict:
    what = est.counted or "it"
    sentence = est.quote
    if re.search(r"\b(?:share|portion|part)\b[^.;]{0,25}$", before) or ALONE.search(before) \
            or re.match(
            r"^\s*of\s+(?:them|those|these)\b", after) or (
            est.place and re.search(rf"\b{re.escape(est.place)}\s+alone\b", sentence)):
        return Verdict("narrower", f"counts a part only ('{what}', 'alone' or 'of them')")
    if _elsewhere(est, target, sentence):
        return Verdict("unrelated", f"about {est.place}, not {target.place}")
    if target.measure == "money" and (part := _component(target, before, after)):
        return Verdict("narrower", f"the cost of {part} only, one component")
    if est.place and est.place != target.place and (
            _same_clause(est, est.place) or re.match(rf"\s*(?:In|For|Across)\s+{re.escape(est.place)}\b",
                                                     sentence)) \
            and _local(est, target, sentence, before):
        return Verdict("narrower", f"counts {what} in {est.place} only: one place of many")
    if est.time and SHORT_WINDOW.search(est.time):
        return Verdict("narrower", f"covers {est.time} only")
    if re.match(r"\s+(?:add|adds|added|include|includes|cover|covers)\b", after):
        return Verdict("broader", "a total that adds more than the question asks", True)
    if b := BROADER.search(sentence):
        return Verdict("broader", f"counts {what} '{b.group(0)}': wider than the question", True)
    # A motive ("to avoid conscription") is rarely restated beside each figure: the document
    # must speak of it. A causal scope ("in connection with building X") is part of what a
    # figure counts: its own sentence must say it.
    purpose = _purpose_terms(target)
    scope_text = context if MOTIVE.match(target.purpose or "") else sentence
    if purpose and not any(_match(w, purpose) for w in _words(scope_text)):
        return Verdict("broader", f"counts {what} without tying them to '{target.purpose}'")
    return Verdict("direct", f"counts {what}, as the question asks")


def _subject(est: Estimate, target: Target, sentence: str, context: str = "") -> str:
    """'yes', 'no' or 'unknown'. A count of people
    in general ('Russians', 'citizens') needs the question's predicate ('left') in its
    sentence, or in its document when the sentence shows no border movement."""
    pop = _population_terms(target)
    words = {w.lower() for w in WORD.findall(sentence)}
    deaths_ok = not _deaths(target) or bool(words & DEATH_WORDS)
    counted = [w.lower() for w in WORD.findall(est.counted or "")]
    counted = [w for w in counted if w not in META_NOUNS and w not in ADVERBS
               and not w.endswith(("ly", "ing"))]
    if target.measure == "money":
        if est.kind != "money":
            return "no"
        return "yes" if words & set(target.terms) or any(map(_money_word, words)) else "unknown"
    if counted:
        head = counted[-1]
        if _is_people(head, est.counted or "") or any(_match(w, pop) for w in counted):
            strong = any(_match(w, pop) and w not in GENERIC_PEOPLE for w in counted)
            if deaths_ok and (strong or words & _predicate_terms(target)
                              or _deaths(target)):
                return "yes"
            return "yes" if deaths_ok and _words(context) & _predicate_terms(target) else "no"
        if _deaths(target) and head in DEATH_WORDS:
            return "yes"
        return "no"
    if _sentence_subject(target, sentence):
        return "yes"
    return "unknown" if deaths_ok or _deaths(target) else "no"


def _global(target: Target) -> bool:
    """No place, or the whole world ('on Earth', 'in the world')."""
    return (target.place or "world").lower() in ("world", "earth", "globe", "planet")


def _deaths(target: Target) -> bool:
    """The question counts deaths: 'death toll', 'how many died', 'were killed'."""
    return target.head == "death" or (target.event or "").partition(" ")[0] in DEATH_WORDS


def _sentence_subject(target: Target, sentence: str) -> bool:
    """The sentence itself names what the question counts (and, for deaths, deaths)."""
    words = {w.lower() for w in WORD.findall(sentence)}
    if _deaths(target):
        return bool(words & DEATH_WORDS)
    if target.measure == "money":
        return bool(words & set(target.terms)) or any(map(_money_word, words))
    return bool(words & (_population_terms(target) | _predicate_terms(target)))


def _population_terms(target: Target) -> set[str]:
    out: set[str] = set()
    for p in (target.population or "").lower().split():
        out |= {p, p.rstrip("s"), *_variants(p)}
    if _deaths(target):
        out |= DEATH_WORDS
    return out


def _predicate_terms(target: Target) -> set[str]:
    out: set[str] = set()
    for p in WORD.findall((target.predicate or "").lower()):
        if p not in ("have", "has", "had", "are", "is", "were", "was", "did", "do", "does", "the",
                     "there", "in", "on", "of", "to", "today"):
            out |= {p, *_variants(p)}
    return out


def _match(word: str, terms: set[str]) -> bool:
    return word in terms or word.rstrip("s") in terms or (len(word) > 5 and any(
        t.startswith(word[:5]) for t in terms if len(t) > 5))


def _is_people(head: str, counted: str) -> bool:
    return head in GENERIC_PEOPLE or bool(re.search(r"\b[A-Z][a-z]+(?:ans|ians|is|ese|ish|s)\b$", counted))


def _moves(sentence: str) -> bool:
    return bool(re.search(r"\b(?:entered|entering|entries|arrived|arrivals?|crossed|crossings?)\b",
                          sentence, re.IGNORECASE))


def _local(est: Estimate, target: Target, sentence: str, before: str) -> bool:
    """The estimate is about one place inside (or on the way out of) the question's scope."""
    if _global(target):
        return True
    if target.place and target.place in sentence and not _moves(sentence):
        return False
    return _moves(sentence) or bool(re.search(r"\b(?:in|for|across)\s+(?:the\s+)?$", before[-20:]))


def _elsewhere(est: Estimate, target: Target, sentence: str) -> bool:
    """A figure for another country, in its own clause, with no movement to or from the
    question's place."""
    return bool(target.place and not _global(target) and est.place
                and est.place != target.place and target.place not in sentence
                and not _moves(sentence) and _same_clause(est, est.place))


def _same_clause(est: Estimate, phrase: str, reach: int = 45) -> bool:
    """`phrase` stands within `reach` characters of the number with no clause break between."""
    sentence = est.quote
    s, e = est.start - est.quote_start, est.end - est.quote_start
    i = sentence.find(phrase, max(0, s - reach - len(phrase)), e + reach)
    if i == -1:
        return False
    between = sentence[i + len(phrase):s] if i < s else sentence[e:i]
    return not re.search(r"[,;:\"“”()]", between)


COMPONENT_AFTER = re.compile(r"^\s+(?:was\s+)?(?:spent\s+)?(?:on|for)\s+(?:the\s+)?(?P<n>[a-z][\w-]+)")
COMPONENT_BEFORE = re.compile(r"\b(?:cost of|put|spent on|spending on)\s+(?:the\s+)?"
                              r"(?:[\w-]+\s+){0,2}?(?P<n>[a-z][\w-]+)\s+(?:at|alone|as)?\s*[^.;]{0,25}$")


def _component(target: Target, before: str, after: str) -> str | None:
    """The thing a sum pays for ('on stadiums', 'the cost of the venues', 'the X development'),
    when the question does not name it."""
    asked = set(target.terms) | _words(target.predicate or "")
    clause = _clause_before(before)
    for m in (COMPONENT_AFTER.match(after), COMPONENT_BEFORE.search(before[-60:]),
              COST_OF.search(clause), NAMED_THING.search(clause)):
        if m and not _match(m.group("n").lower(), asked) and m.group("n").lower() not in STOPWORDS:
            return m.group("n")
    return None


COST_OF = re.compile(r"\bcost of (?:the |its |their )?(?:[\w-]+ ){0,3}?(?P<n>[a-z][\w-]+)"
                     r"(?= and | at | comprising | was | is | amounted | came | runs )")
NAMED_THING = re.compile(r"\bthe [A-Z][\w-]+(?: [A-Z][\w-]+)? (?P<n>[a-z][\w-]+)\s*$")


def _clause_before(before: str) -> str:
    return re.split(r"[,;:()\"“”]", before)[-1]


def _clause_after(after: str) -> str:
    return re.split(r"[,;:()\"“”]", after)[0]
