"""Noun phrases, and the participant a phrase names: its head as a lemma.

A name keeps its words unless a common noun heads it as a kind ("Hurricane Katrina" ->
hurricane, "World War I" -> war, but "Black Death", "World Cup")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crosstally import wordnet as wn
from crosstally.reconcile.question.english import (
    AUX,
    CONJUNCTIONS,
    DETERMINERS,
    FUNCTION_WORDS,
    ROMAN,
)
from crosstally.reconcile.question.tokens import (
    Roles,
    Token,
    adverb,
    common,
    nominal,
    participle,
    plural,
    text_of,
)
from crosstally.reconcile.question.words import (
    compound_lemma,
    demonym,
    event_noun,
    exact_synsets,
    has_instance,
    known,
    name_only,
    noun_lemma,
    person_noun,
    pertains_to_place,
    place_synsets,
    pos_of,
    verb_lemma,
)


@dataclass(frozen=True, slots=True)
class Phrase:
    """A noun phrase: tokens [start, end), its head token, and the end of any of-phrase."""

    start: int
    end: int
    head: int
    outer: int  # end including "of X" complements ("the bombing of Dresden")


def noun_phrase(words: Sequence[Token], i: int, roles: Roles, *,
                counted: bool = False, oblique: bool = False) -> Phrase | None:
    """The noun phrase starting at i: determiners, modifiers and a head; coordination with
    and/or when `counted` ("Uyghurs and other Muslim minorities"). After a preposition
    (`oblique`) a word WordNet knows only as a verb is a noun ("opioid overdoses").
    None if there is no phrase."""
    while i < len(words) and (words[i].low in DETERMINERS | {"'s"}):
        i += 1
    j, head, fresh = i, -1, True  # fresh: just after a conjunction or a possessive
    while j < len(words):
        w = words[j]
        nxt = words[j + 1] if j + 1 < len(words) else None
        if w.low == "'s" or (counted and w.low in CONJUNCTIONS and head >= 0 and nxt is not None
                             and nominal(nxt)):
            j, fresh = j + 1, True  # "Uyghurs and other Muslim minorities", "Obama's"
            continue
        if w.low == "the" and j > i and words[j - 1].capitalised and nxt is not None \
                and nxt.capitalised:
            j += 1  # a name: "the Unite the Right rally"
            continue
        if not w.is_word or w.low in FUNCTION_WORDS or _ends_at_time(words, j, i, roles):
            break
        if head >= 0 and not fresh and _ends_after(words, head, j):
            break
        if not (nominal(w) or oblique and head >= 0 and known(w.low)) \
                and not (head < 0 and adverb(w)) and not (
                participle(w) and j + 1 < len(words) and nominal(words[j + 1])):
            break
        if not adverb(w) and not (head >= 0 and (w.text.isdigit() or w.low in ROMAN)):
            head, fresh = j, False  # "World War I", "Apollo 11 mission" keep their noun
        j += 1
    if head < 0:
        return None
    outer = j
    while outer + 1 < len(words) and words[outer].low == "of" \
            and roles.get(outer + 1) not in ("time", "purpose"):
        nested = noun_phrase(words, outer + 1, roles)
        if nested is None:
            break
        outer = nested.outer
    return Phrase(i, j, head, outer)


def _ends_at_time(words: Sequence[Token], j: int, i: int, roles: Roles) -> bool:
    """A time ends the phrase unless a noun follows it inside ("the 2015 Nepal earthquake")."""
    if roles.get(j) not in ("time", "purpose"):
        return False
    if roles.get(j) == "purpose" or j == i and j + 1 >= len(words):
        return True
    k = j
    while k < len(words) and roles.get(k) == "time":
        k += 1
    return k >= len(words) or not words[k].is_word or words[k].low in FUNCTION_WORDS \
        or not nominal(words[k])


def _ends_after(words: Sequence[Token], head: int, j: int) -> bool:
    """After a head noun: a plural noun ends the phrase ("people | work"), and so does a
    verb ("people | died"), or an adjective or adverb not before a noun ("Spanish |
    worldwide", but "Brazilian presidential election")."""
    prev, w = words[head], words[j]
    nxt = words[j + 1] if j + 1 < len(words) else None
    if plural(prev, guess=False) and not w.capitalised and "v" in pos_of(w.low):
        return True  # "people | work"; but "media workers", "the Eras Tour"
    if w.capitalised or not known(w.low) or w.text[0].isdigit():
        return False
    kinds = pos_of(w.low)
    if "n" not in kinds and kinds & {"a", "r"} and ("r" in kinds or nxt is None
                                                    or not nominal(nxt)):
        return True
    if w.low.endswith("ing") and nxt is not None and nominal(nxt) and nxt.low not in AUX:
        return False  # "the main bathing day"
    lemma = verb_lemma(w.low)
    noun_before = prev.capitalised or not known(prev.low) or "n" in pos_of(prev.low)
    return noun_before and "v" in kinds and lemma is not None and lemma != w.low \
        and not w.low.endswith("s")


def participant_of(words: Sequence[Token], phrase: Phrase, roles: Roles, text: str) -> str:
    """The participant's head as a lemma: a common noun's lemma ("hurricane" in "Hurricane
    Katrina"), else the name as typed ("Joe Biden", "Russia", "the Louvre")."""
    h = phrase.head
    head = words[h]
    if roles.get(h) == "place":
        lo, hi = h, h + 1
        while lo > phrase.start and roles.get(lo - 1) == "place":
            lo -= 1
        while hi < phrase.end and roles.get(hi) == "place":
            hi += 1
        return _name_case(words[lo:hi], text_of(words, text, lo, hi))
    lo = h  # the capitalised run that ends at the head: "Joe Biden", "Taylor Swift"
    while lo > phrase.start and words[lo - 1].is_word and words[lo - 1].capitalised:
        lo -= 1
    run = words[lo:h + 1]
    if head.capitalised and has_instance(head.low) and not any(
            common(w) and not has_instance(w.low) or roles.get(lo + k) == "place"
            for k, w in enumerate(run[:-1])):
        return text_of(words, text, lo, h + 1)  # a name: "the Louvre", "Taylor Swift", "Earth"
    if kept := _kept_name(words, phrase, lo, roles, text) or _kept_compound(words, phrase):
        return kept
    if common(head) or (not head.capitalised and (known(head.low) or compound_lemma(head.low))):
        lemma = noun_lemma(head.text)
        return lemma if pertains_to_place(lemma) else lemma.lower()
    for k in range(h - 1, phrase.start - 1, -1):  # "Hurricane Katrina", "hurricane katrina"
        w = words[k]
        if not w.is_word or roles.get(k) == "place" or w.text[0].isdigit():
            break
        if common(w) and not pertains_to_place(w.low):
            if person_noun(w.low):
                break  # "King Charles" is a person's name
            return noun_lemma(w.text).lower()
    if not head.capitalised:
        return noun_lemma(head.text).lower()  # "flods" -> flood; "katrina" stays
    names = [w for w in run if not common(w)] or [head]
    return _name_case(names, text[names[0].start:names[-1].end])


def _kept_name(words: Sequence[Token], phrase: Phrase, lo: int, roles: Roles,
               text: str) -> str | None:
    """A name of several capitalised words headed by a common noun is kept when it names no
    kind of that noun: "Black Death", "World Cup", "Super Bowl"; but "World War" is a war,
    and "Women's March", "Eras Tour" are a march and a tour (event nouns)."""
    head = words[phrase.head]
    if not head.capitalised or not common(head):
        return None
    while lo < phrase.head and (roles.get(lo) == "place" or demonym(words[lo].low)):
        lo += 1  # "the Qatar World Cup", "the Soviet Gulag": the place or people it is of
    if phrase.head - lo < 1:
        return None
    name = text_of(words, text, lo, phrase.head + 1)
    kind = noun_lemma(head.text).lower()
    if exact_synsets(name):
        return None if wn.is_a(name.lower(), kind) else name
    return None if event_noun(kind) else name


def _kept_compound(words: Sequence[Token], phrase: Phrase) -> str | None:
    """A compound WordNet lists that is no kind of its head: "poverty line" (but "prison
    camp" is a camp, "civil war" a war)."""
    head = words[phrase.head]
    if head.capitalised or phrase.head == phrase.start or words[phrase.head - 1].capitalised:
        return None
    kind = noun_lemma(head.text).lower()
    pair = f"{words[phrase.head - 1].low} {kind}"
    return pair if exact_synsets(pair) and not wn.is_a(pair, kind) else None


def _name_case(words: Sequence[Token], text: str) -> str:
    """A name as a lemma phrase: as typed when capitalised, else with WordNet's capitals."""
    if any(w.capitalised for w in words) or not place_synsets(text) and not name_only(text):
        return text
    return " ".join(w.capitalize() for w in text.split())

