"""The reading: from a question's frame, its counted phrase and its clause to the fields of a
`Target` (measure, counted phrase and head, event, predicate, places, period, purpose).

Noun frames stand for verbs: a death toll or deaths is "die X", a crowd or attendance
"attend X", an election turnout "vote X", spending "spend X", a cost "cost X"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from crosstally import wordnet as wn
from crosstally.reconcile.question.clause import Clause, find_purpose, is_verb_at, read_clause
from crosstally.reconcile.question.english import (
    ATTEND_NOUNS,
    AUX,
    BE,
    CONJUNCTIONS,
    COST_NOUNS,
    COUNTS,
    DEATH_NOUNS,
    DEFAULT_MAGNITUDE_UNIT,
    FUNCTION_WORDS,
    MAGNITUDE_UNITS,
    MONEY_NOUNS,
    PREPOSITIONS,
    RATE_NOUNS,
    RELATIVE_LEADS,
    RELATIVES,
    SPEND_NOUNS,
    TALLY_PREPOSITIONS,
    TIME_LEADS,
    TRANSPARENT,
    UNIT_MODIFIERS,
    VOTING_WORDS,
)
from crosstally.reconcile.question.frames import find_frame, not_numeric, tally_after
from crosstally.reconcile.question.periods import find_period, time_spans
from crosstally.reconcile.question.phrases import Phrase, noun_phrase, participant_of
from crosstally.reconcile.question.places import find_places
from crosstally.reconcile.question.tokens import (
    Roles,
    Span,
    Token,
    common,
    nominal,
    plural,
    span_text,
    text_of,
    tokens_of,
)
from crosstally.reconcile.question.words import (
    event_noun,
    is_currency,
    is_unit,
    magnitude_verb,
    noun_lemma,
    pos_of,
)
from crosstally.retrieve import question_terms
from crosstally.types import Target


@dataclass(frozen=True, slots=True)
class Reading:
    """Every field of the bank's reading, before it becomes a Target."""

    quantitative: bool
    measure: str | None = None
    counted: str | None = None
    head: str | None = None
    event: str | None = None
    predicate: str | None = None
    places: tuple[str, ...] = ()
    period: str | None = None
    purpose: str | None = None


NOT_NUMERIC = Reading(False)


def read_question(question: str) -> Target:
    """What the question asks to be counted (see the package docstring). A question no number
    answers has quantitative False, an empty measure and no other field."""
    r = read(question)
    return Target(
        measure=r.measure or "",
        population=r.counted,
        predicate=r.predicate,
        purpose=r.purpose,
        place=r.places[0] if r.places else None,
        period=r.period,
        terms=tuple(question_terms(question)),
        quantitative=r.quantitative,
        head=r.head,
        event=r.event,
        places=r.places,
    )


def read(question: str) -> Reading:
    """The reading in the question bank's fields."""
    text = question.strip().rstrip("?!. ")
    words = tokens_of(text)
    if not words or not_numeric(words):
        return NOT_NUMERIC
    frame = find_frame(words)
    if frame is None:
        return NOT_NUMERIC
    places = find_places(words, text)
    roles: Roles = {k: "place" for s in places for k in range(s.start, s.end)}
    for span in [*time_spans(words), find_period(words, roles)]:
        if span:
            roles.update({k: "time" for k in range(span.start, span.end)})
    at = frame.at
    if frame.kind == "how many":
        reading = _read_how_many(words, at, roles, text)
    elif frame.kind == "how much":
        reading = _read_how_much(words, at, roles, text)
    elif frame.kind == "tally":
        reading = _read_tally(words, at, roles, text)
    else:
        reading = _read_how_adjective(words, at, roles, text, frame.kind)
    named = (text_of(words, text, s.start, s.end) for s in places)
    return replace(reading, places=tuple(dict.fromkeys(named)))


@dataclass(frozen=True, slots=True)
class Parse:
    """The clause as read with its purpose and period marked, and those two spans."""

    clause: Clause
    purpose: Span | None
    period: Span | None


def _parse(words: Sequence[Token], at: int, roles: Roles, text: str) -> Parse:
    """The clause from `at`, its purpose and the period; the clause is read again once the
    purpose and period are known, so that neither gives it a participant."""
    clause = read_clause(words, at, roles, text)
    purpose = find_purpose(words, clause.after_verb) if clause.verb else None
    period = find_period(words, roles, purpose)
    marked = {k: v for k, v in roles.items() if v != "time"}
    for span, role in ((purpose, "purpose"), *((t, "time") for t in time_spans(words)),
                       (period, "time")):
        if span:
            marked.update({k: role for k in range(span.start, span.end)})
    return Parse(read_clause(words, at, marked, text), purpose, period)


def _read_how_many(words: Sequence[Token], at: int, roles: Roles, text: str) -> Reading:
    """how many X [clause], or how many [clause] when no phrase is counted: people."""
    phrase = noun_phrase(words, at, roles, counted=True)
    if phrase is None:
        return _clause_reading(words, at, roles, text, None, "person")
    return _counted_reading(words, phrase, roles, text)


def _counted_reading(words: Sequence[Token], phrase: Phrase, roles: Roles, text: str
                     ) -> Reading:
    """The reading of a counted phrase and the clause after it; deaths stand for "die", with
    the cause a modifier may name ("malaria deaths")."""
    head = _counted_head(words, phrase)
    reading = _clause_reading(words, phrase.outer, roles, text,
                              text_of(words, text, phrase.start, phrase.end), head)
    k = phrase.head - 1
    if reading.event == "die" and k >= phrase.start and roles.get(k) is None \
            and words[k].is_word and (event_noun(words[k].low)
                                      or words[k].capitalised and not common(words[k])):
        modifier = Phrase(phrase.start, phrase.head, k, phrase.head)
        return replace(reading, event=f"die {participant_of(words, modifier, roles, text)}")
    return reading


def _clause_reading(words: Sequence[Token], at: int, roles: Roles, text: str,
                    counted: str | None, head: str) -> Reading:
    """The reading of the clause from `at`, for a counted phrase (or none) and its head."""
    parse = _parse(words, at, roles, text)
    clause = parse.clause
    event = _joined(clause.verb, clause.participant) if clause.verb else None
    if head == "death" and (event is None or clause.verb == "be"):
        event = _joined("die", _tally_participant(words, at, roles, text))
    return Reading(True, measure=_measure_of(head), counted=counted, head=head, event=event,
                   predicate=_predicate(words, text, parse),
                   period=span_text(words, text, parse.period),
                   purpose=span_text(words, text, parse.purpose))


def _counted_head(words: Sequence[Token], phrase: Phrase) -> str:
    """Head lemma of the counted phrase; the first conjunct's under coordination; a unit
    keeps "square"/"cubic" ("square kilometre"); a capitalised word stays so ("Uyghur")."""
    conj = next((k for k in range(phrase.start + 1, phrase.end)
                 if words[k].low in CONJUNCTIONS and plural(words[k - 1])), None)
    at = conj - 1 if conj is not None else phrase.head
    head, before = words[at], words[at - 1]
    lemma = noun_lemma(head.text)
    if head.capitalised and lemma != "person" and not head.text.isupper():
        lemma = lemma[:1].upper() + lemma[1:]
    if before.low in UNIT_MODIFIERS and is_unit(lemma.split()[-1]):
        lemma = f"{before.low} {lemma}"
    return lemma


def _measure_of(head: str) -> str:
    """money for a currency, other for a unit or a rate, else count."""
    last = head.split()[-1].lower()
    if is_currency(last):
        return "money"
    if is_unit(last) or last in RATE_NOUNS:
        return "other"
    return "count"


def _joined(verb: str, participant: str | None) -> str:
    return f"{verb} {participant}" if participant else verb


def _predicate(words: Sequence[Token], text: str, parse: Parse) -> str | None:
    """The event as typed, from the auxiliary or verb to its last complement."""
    clause, purpose = parse.clause, parse.purpose
    if clause.verb is None:
        return _state(words, text, clause)
    end = clause.end
    for span in (purpose, parse.period):
        # a time inside a phrase stays ("in the 2020 california wildfires"); one after it goes
        if span and clause.start < span.start < end and (
                span is purpose or words[span.start - 1].low in PREPOSITIONS | TIME_LEADS
                or words[span.start].low in TIME_LEADS | RELATIVE_LEADS):
            end = span.start
    while end > clause.start and (words[end - 1].low in PREPOSITIONS | CONJUNCTIONS
                                  or not words[end - 1].is_word):
        end -= 1
    return text_of(words, text, clause.start, end) if end > clause.start else None


def _state(words: Sequence[Token], text: str, clause: Clause) -> str | None:
    """A state the counted are in, with no verb: "are homeless", "were unemployed"; not
    "are there" or "are in"."""
    at = clause.after_verb
    if not (clause.start < at < len(words) and words[clause.start].low in BE):
        return None
    w = words[at]
    if not w.is_word or w.capitalised or w.low in FUNCTION_WORDS or "a" not in pos_of(w.low):
        return None
    return text_of(words, text, clause.start, at + 1)


def _currency(words: Sequence[Token]) -> str:
    """The currency the question names, else dollar."""
    return next((noun_lemma(w.text).lower() for w in words
                 if w.is_word and not w.capitalised and is_currency(w.low)), "dollar")


def _read_how_much(words: Sequence[Token], at: int, roles: Roles, text: str) -> Reading:
    """how much [money] did X cost/spend ...: money, the currency named or dollar; other
    (a percentage) when an intransitive verb changes a magnitude ("did the economy grow")."""
    phrase = None
    if at < len(words) and words[at].low not in AUX and nominal(words[at]):
        phrase = noun_phrase(words, at, roles, counted=True)
    counted = text_of(words, text, phrase.start, phrase.end) if phrase else None
    at = phrase.outer if phrase else at
    reading = replace(_clause_reading(words, at, roles, text, counted, _currency(words)),
                      measure="money")
    verb = reading.event.split()[0] if reading.event else ""
    # voice from the clause as read before purpose and period are marked, as it always was
    if verb and counted is None and magnitude_verb(verb) \
            and not read_clause(words, at, roles, text).passive:
        return replace(reading, measure="other", head="percentage")
    return reading


def _read_how_adjective(words: Sequence[Token], at: int, roles: Roles, text: str,
                        kind: str) -> Reading:
    """how long/far/old/large ...: another magnitude; the unit is the adjective's usual one."""
    unit = MAGNITUDE_UNITS.get(kind, DEFAULT_MAGNITUDE_UNIT)
    reading = replace(_clause_reading(words, at, roles, text, None, unit), measure="other")
    for k in range(at, len(words) - 1):  # "... in square kilometres" names the unit
        if words[k].low == "in" and (phrase := noun_phrase(words, k + 1, roles)) is not None \
                and is_unit(noun_lemma(words[phrase.head].text)):
            return replace(reading, counted=text_of(words, text, phrase.start, phrase.end),
                           head=_counted_head(words, phrase))
    return reading


def _read_tally(words: Sequence[Token], at: int, roles: Roles, text: str) -> Reading:
    """the (estimated) number of X ..., the death toll of X, the crowd at X, the cost of X."""
    tally = words[at].low
    i = at + 1
    if tally in TRANSPARENT and i + 1 < len(words) and words[i].low == "of" \
            and (inner := tally_after(words, i + 1, lead=False)) is not None:
        return _read_tally(words, inner, roles, text)
    if tally in COUNTS and i < len(words) and words[i].low == "of" \
            and (phrase := noun_phrase(words, i + 1, roles, counted=True)) is not None:
        reading = _counted_reading(words, phrase, roles, text)
        if reading.event is None and phrase.outer < len(words) \
                and words[phrase.outer].low == "at":  # "spectators at the Melbourne Cup"
            return replace(reading, event=_joined(
                "attend", _tally_participant(words, phrase.outer, roles, text)))
        return reading
    if tally in RATE_NOUNS and i < len(words) and words[i].low == "of" \
            and (phrase := noun_phrase(words, i + 1, roles)) is not None:
        reading = _clause_reading(words, phrase.outer, roles, text, words[at].text, "percentage")
        return replace(reading, measure="other")  # "what percentage of voters voted ..."
    if tally in MONEY_NOUNS and i + 1 < len(words) and words[i].low == "of" \
            and words[i + 1].low.endswith("ing") and is_verb_at(words, i + 1):
        reading = _clause_reading(words, i + 1, roles, text, None, _currency(words))
        return replace(reading, measure="money")  # "the cost of rebuilding Ukraine"
    before = {w.low for w in words[max(0, at - 3):at]}
    participant = _tally_participant(words, i, roles, text)
    base = Reading(True, measure="count", head="person",
                   period=span_text(words, text, find_period(words, roles)))
    if i < len(words) and words[i].low in RELATIVES:  # "the crowd that greeted Nelson Mandela"
        reading = _clause_reading(words, i, roles, text, None, "person")
        if reading.event:
            return replace(base, event=reading.event, predicate=reading.predicate,
                           period=reading.period, purpose=reading.purpose)
    if tally in DEATH_NOUNS or before & DEATH_NOUNS:
        return replace(base, head="death", event=_joined("die", participant))
    if tally in ATTEND_NOUNS:
        if tally == "turnout" and (before & VOTING_WORDS or (
                participant is not None and wn.is_a(participant.split()[-1], "vote"))):
            return replace(base, head="voter", event=_joined("vote", participant))
        return replace(base, event=_joined("attend", participant))
    if tally in MONEY_NOUNS:
        money = replace(base, measure="money", head=_currency(words))
        if tally in SPEND_NOUNS:
            return replace(money, event=_joined("spend", participant))
        if tally in COST_NOUNS:
            return replace(money, event=_joined("cost", participant))
        return money
    if tally in RATE_NOUNS:
        return replace(base, measure="other", head="percentage")
    return base  # population: a static count of people


def _tally_participant(words: Sequence[Token], i: int, roles: Roles, text: str
                       ) -> str | None:
    """The event a tally is of: the first noun phrase after of/in/at/from/for/on that is
    neither a place nor a time ("the death toll of the 2010 Haiti earthquake"), or right
    after the tally ("Death toll Morocco earthquake 2023")."""
    if i < len(words) and words[i].is_word and words[i].low not in FUNCTION_WORDS \
            and (phrase := noun_phrase(words, i, roles)) is not None \
            and roles.get(phrase.head) not in ("place", "time"):
        return participant_of(words, phrase, roles, text)
    while i < len(words):
        if words[i].low in TALLY_PREPOSITIONS \
                and (phrase := noun_phrase(words, i + 1, roles)) is not None:
            if roles.get(phrase.head) not in ("place", "time"):
                return participant_of(words, phrase, roles, text)
            i = phrase.outer
            continue
        i += 1
    return None


