"""What the reader knows about a word, all of it from WordNet (`crosstally.wordnet`) and, for
places, the extractor's gazetteer: parts of speech, lemmas, kinds, names, places, typos."""

from __future__ import annotations

import unicodedata
from functools import cache

from crosstally import wordnet as wn
from crosstally.extract.lexicon import load_lexicon
from crosstally.reconcile.question.english import PERSON_WORDS

# Lexicographer files of nouns for what happens: acts, events, phenomena, processes, states
EVENT_LEXNAMES = frozenset({"noun.act", "noun.event", "noun.phenomenon", "noun.process",
                            "noun.state"})


@cache
def known(word: str) -> bool:
    return bool(wn.parts_of_speech(word))


@cache
def pos_of(word: str) -> frozenset[str]:
    return frozenset(wn.parts_of_speech(word))


@cache
def exact_synsets(word: str, pos: str = "n") -> tuple[wn.Synset, ...]:
    """Senses whose lemmas include `word` as written (no inflection: "nhs" is not "nh")."""
    low = " ".join(word.lower().split())
    return tuple(s for s in wn.synsets(low, pos) if low in s.lemmas)  # type: ignore[arg-type]


def is_instance(synset: wn.Synset) -> bool:
    return any(p.relation == "instance hypernym" for p in synset.pointers)


@cache
def common_noun(word: str) -> bool:
    """A noun WordNet knows as a kind of thing, not only as a name ("march", not "Louvre")."""
    return any(not is_instance(s) for s in wn.synsets(word.lower(), "n"))


@cache
def name_only(word: str) -> bool:
    """A word WordNet knows only as names of particular things or people."""
    senses = wn.synsets(word.lower(), "n")
    return bool(senses) and all(is_instance(s) for s in senses)


@cache
def event_noun(word: str) -> bool:
    """A noun for what happens (earthquake, war, march, crisis, diabetes), by the lexnames
    of its WordNet senses."""
    return bool(wn.lexnames(word.lower(), "n") & EVENT_LEXNAMES)


@cache
def person_noun(word: str) -> bool:
    return word.lower() in PERSON_WORDS or wn.is_a(word.lower(), "person")


@cache
def time_word(word: str) -> bool:
    """year, month, winter, weekend: a noun whose first sense is a time."""
    return wn.lexnames(word.lower(), "n", senses=1) == {"noun.time"}


@cache
def is_unit(word: str) -> bool:
    low = word.lower()  # the first sense: "partition" is first an act, only later a unit
    return wn.is_a(low, "unit of measurement", senses=1) or wn.is_a(low, "time unit", senses=1)


@cache
def is_currency(word: str) -> bool:
    return wn.is_a(word.lower(), "monetary unit")


@cache
def magnitude_verb(word: str) -> bool:
    """grow, shrink, rise, fall: a verb that changes a magnitude (asks for a percentage)."""
    return any(wn.is_a(lemma, "change magnitude", "v") for lemma in wn.lemmas(word, "v"))


@cache
def pertains_to_place(word: str) -> bool:
    """A demonym or language adjective: "Ukrainian", "Spanish" (capitalised in a lemma)."""
    return any(link.relation == "pertainym" and place_synsets(link.lemma)
               for link in wn.links(word.lower(), "a"))


@cache
def demonym(word: str) -> bool:
    """A people or a language named after a place: "Ukrainian", "Spanish", "Filipino"."""
    low = word.lower()  # "ukranian" is a "european", an "inhabitant"; "resident" just one
    return pertains_to_place(low) or (wn.is_a(low, "inhabitant")
                                      and "inhabitant" not in wn.hypernyms(low, depth=1))


@cache
def gazetteer() -> frozenset[str]:
    places = load_lexicon("en").places
    return frozenset(p.lower().removeprefix("the ") for p in places)


@cache
def place_synsets(text: str) -> tuple[wn.Synset, ...]:
    """Senses naming a particular place: a location, or a sea, river, mountain, continent
    or planet ("Earth"; "the world" is no place, see NOT_PLACES)."""
    return tuple(s for s in exact_synsets(text) if is_instance(s)
                 and s.lexname in ("noun.location", "noun.object"))


def known_place(text: str) -> bool:
    plain = _unaccented(text)
    return plain.lower() in gazetteer() or bool(place_synsets(plain))


def _unaccented(text: str) -> str:
    """ "São Paulo" -> "Sao Paulo": the gazetteer and WordNet spell names without accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@cache
def noun_lemma(word: str) -> str:
    """The singular lemma, typo mended for a lower-case unknown word, proper nouns and
    demonyms capitalised: "ppl" -> person, "ukranians" -> Ukrainian, "Uyghurs" -> Uyghur."""
    low = word.lower()
    if low in PERSON_WORDS:
        return "person"
    if word.isupper() and len(word) > 1:
        return word  # an acronym: "NGOs" stays as typed
    found = best_lemma(low)
    if found is None and word.islower() and not known(low) and (compound := compound_lemma(low)):
        return compound  # "landmines" -> landmine, "bushfires" -> bushfire
    if found is None and word.islower() and len(low) > 3 and not known(low) \
            and (mended := mend_typo(low)):
        return noun_lemma(mended)
    if found is None:  # a name or a word WordNet lacks: strip a plural -s
        base = word[:-1] if len(word) > 3 and low.endswith("s") and not low.endswith("ss") else word
        return base if word[0].isupper() else base.lower()
    if found in PERSON_WORDS:
        return "person"
    if demonym(found) or name_only(found):
        return " ".join(w.capitalize() for w in found.split())
    return found


def best_lemma(low: str) -> str | None:
    """Of WordNet's lemmas for a noun form, the one with most senses of its own; on a tie the
    singular ("troops" -> troop, "species" -> species)."""
    candidates = wn.lemmas(low, "n")
    if not candidates:
        return None
    return max(candidates, key=lambda lemma: (len(exact_synsets(lemma)), lemma != low))


def compound_lemma(low: str) -> str | None:
    """A closed compound of two WordNet words, the last lemmatised: "landmines" -> landmine."""
    for k in range(4, len(low) - 3):
        first, last = low[:k], low[k:]
        if known(first) and (lemma := best_lemma(last)):
            return first + lemma
    return None


@cache
def mend_typo(low: str) -> str | None:
    """A WordNet noun one edit away: a letter left out, then two swapped, one mistyped, one
    extra (typists leave letters out most); within a kind, the word with most senses
    ("peple" -> people, "flods" -> floods, "refugess" -> refugees)."""
    for candidates in edits(low):
        nouns = {c for c in candidates if c in PERSON_WORDS or _regular_noun(c)}
        if nouns:
            return max(sorted(nouns), key=lambda c: len(wn.synsets(c, "n")))
    return None


def edits(low: str) -> tuple[list[str], ...]:
    """Words one edit from `low`, by kind: insertions, transpositions, substitutions, deletions,
    none touching the first letter (which typists seldom get wrong)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(low[:k], low[k:]) for k in range(1, len(low) + 1)]  # the first letter is right
    return (
        [a + c + b for a, b in splits for c in letters],
        [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1 and b[0] != b[1]],
        [a + c + b[1:] for a, b in splits if b for c in letters if c != b[0]],
        [a + b[1:] for a, b in splits if b],
    )


def _regular_noun(form: str) -> bool:
    """A noun lemma or its regular plural; a rare irregular form ("pepla") is no likely typo."""
    found = wn.lemmas(form, "n")
    return any(form in (lemma, lemma + "s", lemma + "es", lemma[:-1] + "ies") for lemma in found)


@cache
def mend_verb_form(low: str) -> str | None:
    """A verb form one edit from an unknown lower-case word: "arested" -> arrested."""
    if known(low) or len(low) < 5 or not low.isalpha():
        return None
    for candidates in edits(low):
        verbs = [c for c in candidates if c.endswith(("ed", "en")) and wn.lemmas(c, "v")]
        if verbs:
            return verbs[0]
    return None


@cache
def verb_lemma(word: str) -> str | None:
    """The verb's lemma: an inflected form prefers its base ("found" -> find, "born" -> bear)."""
    found = wn.lemmas(word.lower(), "v")
    if not found:
        return None
    others = [lemma for lemma in found if lemma != word.lower()]
    return others[0] if others else found[0]


def has_instance(low: str) -> bool:
    """A name WordNet lists as written: "Louvre", "Earth", "Taylor Swift"."""
    return any(is_instance(s) for s in exact_synsets(low))

