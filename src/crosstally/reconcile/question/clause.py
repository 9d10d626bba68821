"""The clause after the counted noun phrase: its verb group, the complements that give the
event its participant, and the purpose that follows ("to avoid ...", "because of ...").

The participant is an oblique naming an act, event, phenomenon or state ("died in the
earthquake"), else the object ("left Russia"), else another oblique ("spend on refugees"),
else the agent ("displaced by the hurricane", "did Joe Biden get"); a place as subject or
agent is the question's place, not its event ("how many trees has Ethiopia planted": plant)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crosstally import wordnet as wn
from crosstally.reconcile.question.english import (
    ADVERBIAL_PARTICLES,
    ADVERBS,
    AUX,
    BE,
    CONJUNCTIONS,
    COPULAR_VERBS,
    DETERMINERS,
    DO,
    FUNCTION_WORDS,
    GET,
    HAVE,
    MODALS,
    PREPOSITIONS,
    PURPOSE_LEADS,
    RAISING,
    RELATIVE_LEADS,
    RELATIVES,
    TIME_LEADS,
)
from crosstally.reconcile.question.periods import date_at, relative_at
from crosstally.reconcile.question.phrases import Phrase, noun_phrase, participant_of
from crosstally.reconcile.question.tokens import (
    YEAR,
    Roles,
    Span,
    Token,
    adverb,
    common,
    participle,
    plural,
)
from crosstally.reconcile.question.words import (
    event_noun,
    is_currency,
    is_unit,
    known,
    known_place,
    mend_verb_form,
    noun_lemma,
    pos_of,
    verb_lemma,
)


@dataclass(frozen=True, slots=True)
class Clause:
    """A predicate: its verb and participant as lemmas, and where its parts lie (tokens)."""

    verb: str | None  # lemma phrase, "kill or wound", "take part"; None for a static count
    participant: str | None  # head lemma of the participant that identifies the event
    start: int  # the predicate's first token (an auxiliary or the verb)
    end: int  # the end of its complements
    after_verb: int  # the first token after the verb group
    passive: bool = False


def read_clause(words: Sequence[Token], i: int, roles: Roles, text: str) -> Clause:
    """The verb group and complements from i (just after the counted noun phrase)."""
    while i < len(words) and words[i].low in PREPOSITIONS and not is_verb_at(words, i):
        phrase = noun_phrase(words, i + 1, roles)  # "people [in Belarus] have been ..."
        if phrase is None or not _verb_follows(words, phrase.outer):
            break
        i = phrase.outer
    if i < len(words) and words[i].low in RELATIVES:
        i += 1
    start, subject, passive = i, None, False
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        if w.low in DO | HAVE | MODALS and subject is None and nxt is not None \
                and nxt.low not in AUX | ADVERBS | {"to", "there"} and not participle(nxt):
            verb_at, subject = _inverted_subject(words, i + 1, roles)
            if subject is None and w.low in HAVE:  # "people have HIV": the main verb
                return _complements(words, i + 1, roles, text, "have", start, None, False)
            i = verb_at
            break
        if (w.low in RAISING or w.low in HAVE and i > start or passive and participle(w)) \
                and nxt is not None and nxt.low == "to" and is_verb_at(words, i + 2):
            i += 2  # "are thought to have died", "have had to flee", "were forced to leave"
            continue
        if w.low in BE:
            passive = True
        if w.low in GET and nxt is not None and not participle(nxt):
            break  # "got sick", "did X get": the main verb
        if w.low in AUX or w.low in ADVERBS or adverb(w):
            i += 1
            continue
        break
    mended = _mend_verb(words[i]) if i < len(words) else None
    if not (is_verb_at(words, i) or mended) or (passive and not participle(words[i])
                                              and "a" in pos_of(words[i].low)):
        return Clause(None, None, start, len(words), i)  # "are there", "are in", "are homeless"
    verb, i = _verb_group(words, i, mended)
    if verb == "leave" and (passive or start == i - 1 and words[start].low == "left") \
            and not _complement_object(words, i, roles):
        return Clause(None, None, start, len(words), i)  # "leopards left in the wild": remain
    return _complements(words, i, roles, text, verb, start, subject, passive)


def _verb_follows(words: Sequence[Token], i: int) -> bool:
    return i < len(words) and (words[i].low in AUX or is_verb_at(words, i))


def _complement_object(words: Sequence[Token], i: int, roles: Roles) -> bool:
    return i < len(words) and words[i].is_word and words[i].low not in PREPOSITIONS \
        and roles.get(i) != "time" and noun_phrase(words, i, roles) is not None


def _mend_verb(w: Token) -> str | None:
    """The verb form a lower-case word mistypes ("arested"), if any."""
    return None if not w.is_word or w.capitalised else mend_verb_form(w.low)


def is_verb_at(words: Sequence[Token], i: int) -> bool:
    """A lower-case word at i that WordNet knows as a verb ("have" and "get" too)."""
    if i >= len(words):
        return False
    w = words[i]
    return w.is_word and not w.capitalised and w.low not in FUNCTION_WORDS - HAVE - GET \
        and verb_lemma(w.low) is not None


def _inverted_subject(words: Sequence[Token], i: int, roles: Roles) -> tuple[int, Phrase | None]:
    """After "did/has/does": the subject runs up to the verb, the last verb-capable lower-case
    word of the first run of content words that has one ("did the Labour Party win in",
    "did the bank bailout cost US taxpayers"). Its head is its last word before a
    preposition ("the economy of Argentina")."""
    j, verb = i, None
    while j < len(words):
        w = words[j]
        if not w.is_word and w.low != "'s" or roles.get(j) == "purpose":
            break
        if w.low in FUNCTION_WORDS - HAVE - GET or roles.get(j) == "time":
            if verb is not None:
                break
        elif j > i and is_verb_at(words, j):
            verb = j
        j += 1
    if verb is None:
        return i, None
    first = i
    while first < verb and words[first].low in DETERMINERS:
        first += 1
    end = next((k for k in range(first, verb) if words[k].low in PREPOSITIONS), verb)
    return verb, Phrase(first, verb, max(first, end - 1), verb)


def _verb_group(words: Sequence[Token], i: int, mended: str | None = None) -> tuple[str, int]:
    """verb [particle | adjective] [and/or verb]: "take part", "gone extinct", "kill or wound".
    `mended`: the verb form to read when the word typed is a typo of one."""
    lemma = verb_lemma(mended or words[i].low) or words[i].low
    first = words[i]
    i += 1
    for size in (2, 1):  # "take part", "turn out", "take in" (when no noun phrase follows)
        if i + size <= len(words) and all(w.is_word for w in words[i:i + size]):
            phrase = " ".join([lemma, *(w.low for w in words[i:i + size])])
            nxt = words[i + size] if i + size < len(words) else None
            if phrase in wn.lemmas(phrase, "v") and _particle_ends(words[i + size - 1], nxt):
                lemma, i = phrase, i + size
                break
    if i < len(words) and lemma in COPULAR_VERBS and "a" in pos_of(words[i].low) \
            and "v" not in pos_of(words[i].low) and words[i].low not in FUNCTION_WORDS:
        lemma, i = f"{lemma} {words[i].low}", i + 1  # "go extinct", "leave homeless"
    if i + 1 < len(words) and words[i].low in CONJUNCTIONS and is_verb_at(words, i + 1) \
            and participle(words[i + 1]) == participle(first):
        lemma = f"{lemma} {words[i].low} {verb_lemma(words[i + 1].low)}"
        i += 2
    return lemma, i


def _particle_ends(particle: Token, nxt: Token | None) -> bool:
    """A particle belongs to the verb when no noun phrase follows it ("take in in 2015",
    "turned out for"), or a bare singular noun does ("went on strike")."""
    if particle.low not in PREPOSITIONS:
        return True
    if nxt is None or not nxt.is_word or nxt.low in PREPOSITIONS or nxt.low in RELATIVE_LEADS:
        return True
    return particle.low in ADVERBIAL_PARTICLES and not nxt.capitalised \
        and "n" in pos_of(nxt.low) and not plural(nxt) and nxt.low not in FUNCTION_WORDS \
        and not known_place(nxt.low) and not YEAR.match(nxt.text)


def _complements(words: Sequence[Token], i: int, roles: Roles, text: str, verb: str,
                 start: int, subject: Phrase | None, passive: bool) -> Clause:
    """Objects and prepositional phrases after the verb, and the participant they give:
    an oblique naming an event, else the object, else another oblique, else the agent."""
    after_verb = i
    events: list[Phrase] = []
    objects: list[Phrase] = []
    obliques: list[Phrase] = []
    agents: list[Phrase] = []
    last: list[Phrase] | None = None
    while i < len(words):
        w = words[i]
        if roles.get(i) in ("purpose", "time"):
            i += 1
            continue
        if not w.is_word or (w.low.endswith("ing") and is_verb_at(words, i)) or (
                w.low == "to" and i + 1 < len(words) and is_verb_at(words, i + 1)):
            break  # "died trying to cross", "forced to leave": the verb's own clause
        joined = w.low in CONJUNCTIONS
        preposition = w.low in PREPOSITIONS
        phrase = noun_phrase(words, i + 1 if preposition or joined else i, roles,
                             oblique=preposition)
        if phrase is None:
            i += 1
            continue
        i = max(phrase.outer, i + 1)
        if roles.get(phrase.head) == "time" or not (
                _noun_head(words[phrase.head]) or preposition and "a" not in pos_of(
                    words[phrase.head].low)):
            continue
        place = roles.get(phrase.head) == "place"
        if preposition and _measure_word(words[phrase.head]):
            continue  # "in today's dollars", "in square kilometres": a measure, not a participant
        if joined:
            kind = last  # "in Turkey and Syria": the same role as the phrase before
        elif not preposition:
            kind = objects
        elif w.low == "by":
            kind = agents if passive and not place else None
        elif place:
            kind = None
        else:
            kind = events if _event_word(words[phrase.head]) else obliques
        if kind is not None and not (joined and place):
            kind.append(phrase)
        last = kind if not joined else last
    if subject is not None and roles.get(subject.head) == "place":
        subject = None  # "how many trees has Ethiopia planted": the place is the place
    order = events + obliques + ([subject] if subject else []) + objects if subject \
        else events + objects + obliques + agents
    chosen = order[0] if order else None
    if verb == "have" and chosen is None and start < after_verb:
        return Clause(None, None, start, i, after_verb, passive)  # "does Russia have"
    participant = participant_of(words, chosen, roles, text) if chosen else None
    return Clause(verb, participant, start, i, after_verb, passive)


def _measure_word(w: Token) -> bool:
    """A unit or a currency: "in square kilometres", "in today's dollars"."""
    lemma = noun_lemma(w.text).lower()
    return is_unit(lemma) or is_currency(lemma)


def _noun_head(w: Token) -> bool:
    """Can head a participant: a noun, a name, a number or an unknown word ("worldwide" not)."""
    return w.capitalised or not known(w.low) or "n" in pos_of(w.low) or w.text[0].isdigit()


def _event_word(w: Token) -> bool:
    """A common noun for what happens: "earthquake", "the Women's March"; not "Katrina"."""
    if w.capitalised and not common(w):
        return False
    return event_noun(noun_lemma(w.text).lower())


# ---------------------------------------------------------------------------------------------
# The purpose


def find_purpose(words: Sequence[Token], after: int) -> Span | None:
    """A purpose or cause opened by a connective after the verb (index `after`); it runs to a
    comma or to a time that closes the question. "to" + verb counts only once something
    stands between it and the verb, as "forced to leave" or "trying to cross" is the verb's own."""
    for i in range(after, len(words)):
        lows = tuple(w.low for w in words[i:i + 4])
        lead = next((p for p in PURPOSE_LEADS if lows[:len(p)] == p), None)
        if lead is None and lows[:1] == ("for",) and len(lows) > 1 and lows[1].endswith("ing") \
                and "v" in pos_of(lows[1]):
            lead = ("for",)
        if lead is None and lows[:1] == ("to",) and i > after and _purpose_verb(words, i + 1) \
                and not (words[i - 1].low.endswith("ing") or participle(words[i - 1])):
            lead = ("to",)
        if lead:
            return Span(i, _purpose_end(words, i + len(lead)))
    return None


def _purpose_end(words: Sequence[Token], i: int) -> int:
    """Where a purpose from i ends: a comma, a time lead, or a time after a preposition."""
    for j in range(i + 1, len(words)):
        if words[j].text in ",;" or words[j].low in TIME_LEADS - {"by", "when"} \
                or (words[j].low in {"in", "during", "on"}
                    and (date_at(words, j + 1) or relative_at(words, j + 1))) \
                or (relative_at(words, j) and words[j].low not in {"a", "this"}):
            return j
    return len(words)


def _purpose_verb(words: Sequence[Token], i: int) -> bool:
    """A bare verb after "to": verb-only ("avoid"), or a verb with an object after it."""
    if i >= len(words):
        return False
    w = words[i]
    if not w.is_word or w.capitalised or "v" not in pos_of(w.low) or verb_lemma(w.low) != w.low:
        return False
    nxt = words[i + 1].low if i + 1 < len(words) else ""
    return pos_of(w.low) == {"v"} or nxt in DETERMINERS

