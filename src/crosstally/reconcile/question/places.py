"""Places a question names: WordNet location instances (and bodies of water and landforms),
the extractor's gazetteer, and a capitalised or unknown name where English puts a place: after
"in/at/from" ("in Tahrir Square") or before an event noun ("the Kahramanmaras earthquake")."""

from __future__ import annotations

from collections.abc import Sequence

from crosstally import wordnet as wn
from crosstally.reconcile.question.english import (
    CONJUNCTIONS,
    DETERMINERS,
    DIRECTIONS,
    FILLERS,
    FUNCTION_WORDS,
    NOT_PLACES,
    OPENERS,
    PLACE_PREPOSITIONS,
    PREPOSITIONS,
)
from crosstally.reconcile.question.tokens import (
    YEAR,
    Span,
    Token,
    nominal,
    plural,
    span_text,
    text_of,
)
from crosstally.reconcile.question.words import (
    common_noun,
    demonym,
    event_noun,
    gazetteer,
    known,
    known_place,
    mend_typo,
    name_only,
    noun_lemma,
    place_synsets,
)


def find_places(words: Sequence[Token], text: str) -> list[Span]:
    """Every place named, longest first at each position (see the module docstring); a
    direction before it ("eastern Congo"), a kind of place after it ("Guantanamo Bay",
    "Copacabana beach") and a larger place after a comma ("Bethel, New York") belong to it."""
    found: list[Span] = []
    i = 0
    while i < len(words):
        span = _place_at(words, text, i)
        if span is None:
            i += 1
            continue
        start, end = span.start, span.end
        if start and words[start - 1].low in DIRECTIONS:
            start -= 1
        if end < len(words) and _kind_of_place(words[end]) and not (
                end + 1 < len(words) and nominal(words[end + 1])):
            end += 1
        if found and found[-1].end + 1 == start and words[start - 1].text == "," \
                and not wn.is_a(span_text(words, text, found[-1]) or "", "country"):
            start = found.pop().start  # "Bethel, New York"
        found.append(Span(start, end))
        i = end
    return found


def _kind_of_place(w: Token) -> bool:
    """beach, bay, border, park, square: a noun for a kind of place, ending a place's name."""
    return w.is_word and not w.text[0].isdigit() and not plural(w, guess=False) and (
        wn.lexnames(w.low, "n", senses=1) == {"noun.location"}
        or wn.is_a(w.low, "geological formation", senses=1)
        or wn.is_a(w.low, "body of water", senses=1))


def _place_at(words: Sequence[Token], text: str, i: int) -> Span | None:
    first = words[i]
    if not first.is_word or first.low in FUNCTION_WORDS or first.text[0].isdigit():
        return None
    if i == 0 and first.capitalised and first.low in FILLERS | OPENERS:
        return None
    prev = words[i - 1] if i else None
    if prev and prev.capitalised and prev.is_word and i > 1 and first.capitalised \
            and not known_place(prev.text):
        return None  # inside a longer name, "King Charles"; a place before it ends it
    if prev and prev.low in CONJUNCTIONS and i > 1 and demonym(words[i - 2].low) \
            and words[i - 2].capitalised:
        return None  # "Confederate and Union soldiers": used as a demonym
    for end in range(min(len(words), i + 5), i, -1):
        last = words[end - 1]
        if not last.is_word or last.low in FUNCTION_WORDS:
            continue
        if _typed_place(words, i, end, text_of(words, text, i, end)):
            return Span(i, end)
    parts = first.text.split("-")
    if len(parts) > 1 and (all(known_place(part) for part in parts) or not (
            prev and prev.capitalised) and all(p[:1].isupper() and not known(p) for p in parts)):
        return Span(i, i + 1)  # "US-Mexico", "Nagorno-Karabakh"
    return _place_by_position(words, i)


def _typed_place(words: Sequence[Token], i: int, end: int, name: str) -> bool:
    first = words[i]
    prev = words[i - 1].low if i else ""
    if first.acronym:  # US, UK; not "NHS" -> "NH"
        return name.lower() in gazetteer() or (len(name) == 2 and bool(place_synsets(name)))
    if not first.capitalised:  # typed in lower case
        return _lower_case_place(name, prev)
    if not known_place(name) or name.lower() in NOT_PLACES:
        return False
    after = words[end] if end < len(words) else None
    # "Nelson Mandela", "Washington Post": part of a longer name that is no place
    return not (after and after.capitalised and after.is_word and not common_noun(after.low)
                and not known_place(after.text))


def _lower_case_place(name: str, prev: str) -> bool:
    """A place typed in lower case: a name WordNet knows only as names ("germany"), the
    gazetteer's ("lagos"; "uk" after "the"), or a place first ("arctic" after "the")."""
    low = name.lower()
    if low in NOT_PLACES or low in FUNCTION_WORDS:
        return False
    if low in gazetteer() and (len(low) > 3 or prev == "the"):
        return True
    if len(low) <= 3 or not place_synsets(name):
        return False
    first_sense = wn.synsets(low, "n", senses=1)
    return name_only(low) or (prev in PLACE_PREPOSITIONS | {"the", "of"} and bool(first_sense)
                              and first_sense[0] in place_synsets(name))


def _place_by_position(words: Sequence[Token], i: int) -> Span | None:
    """A name WordNet lacks, where English puts a place: a capitalised run after in/at/on/from
    ("in Tahrir Square", "at the Maracanã"), or before the event noun that heads its phrase
    ("the Tohoku tsunami", "the Halabja chemical attack", "the Gezi Park protests")."""
    first = words[i]
    if not first.is_word or known(first.low) or first.text.isupper() or len(first.text) < 4 \
            or not first.text.replace("-", "").isalpha() \
            or "-" in first.text and all(known(part) for part in first.low.split("-")):
        return None  # "anti-war" is made of words
    after = words[i + 1] if i + 1 < len(words) else None
    if not first.capitalised and i and words[i - 1].low in PLACE_PREPOSITIONS \
            and mend_typo(first.low) is None and (after is None or after.low in PREPOSITIONS):
        return Span(i, i + 1)  # "destroyed in mariupol": a name in lower case
    end = i + 1
    if first.capitalised:
        while end < len(words) and words[end].capitalised and words[end].is_word:
            end += 1
    if end < len(words) and words[end].low == "'s":
        return None  # "Obama's inauguration": a person's
    before = i - 1 if i and words[i - 1].low != "the" else i - 2
    nxt = words[end] if end < len(words) else None
    if first.capitalised and before >= 0 and words[before].low in PLACE_PREPOSITIONS and (
            nxt is None or not nominal(nxt) or _kind_of_place(nxt)):
        return Span(i, end)  # "in Tahrir Square", "on Copacabana beach"; not "the Covid scheme"
    k = end
    while k < len(words) and words[k].is_word and not words[k].capitalised \
            and nominal(words[k]) and words[k].low not in FUNCTION_WORDS:
        k += 1
    head = words[k - 1] if k > end else None
    prev = words[i - 1] if i else None
    if head is None or prev is None or not (prev.low in DETERMINERS or YEAR.match(prev.text)):
        return None
    # a capitalised name before any event noun ("the Srebrenica massacre"); a lower-case one
    # only before a happening, such as "the bhola cyclone" (not "the brexit referendum")
    kind = noun_lemma(head.text)
    if first.capitalised and event_noun(kind) or not first.capitalised and bool(
            wn.lexnames(kind, "n") & {"noun.event", "noun.phenomenon"}):
        return Span(i, end)
    return None

