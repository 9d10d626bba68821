"""What kind of body gives each figure: the estimate's `actor_type`, read from its `actor`.

The extractor gives the actor as a noun phrase ("Kazakhstan's interior ministry", "a senior
NATO official", "organisers"); this module types it, here because one type depends on the
question: a government is the *government concerned* when its place is the question's place
(or neither names one), and a *foreign government* when both name different countries.

Evidence, all general:
- no name, only "a source", "officials", "an unnamed official" (a rank at most): `anonymous`;
- WordNet hypernyms of each word of the phrase (first two senses; for capitalised words only
  the organisation senses, so a surname is never read as the president it shares a name
  with): a policeman, an organizer, the press, an international organization, an NGO, a
  scientist, an official or administrative unit... The most specific type wins, in the order
  of TYPE_HYPERNYMS ("UN Commission of Experts" is an international body, "Park Police" police);
- the general head words WordNet reads in other senses, in HEADS ("Institute", "Watch",
  "Ministry", "Times");
- places: a country named or implied by its adjective ("Kazakh officials") decides between the
  government concerned and a foreign one; "foreign"/"Western" and "alliance" say foreign.
Without evidence the type is None: the report then does not guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

from crosstally import wordnet
from crosstally.types import Estimate, Target

# Types by WordNet hypernym, most specific first: a phrase naming several takes the first.
TYPE_HYPERNYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("police", ("police", "lawman")),
    ("organisers", ("organizer",)),
    ("media", ("press", "broadcasting", "periodical", "journalist", "news", "news agency")),
    ("international_body", ("international organization", "un agency")),
    ("ngo", ("nongovernmental organization", "charity", "foundation", "reformer")),
    ("researchers", ("scientist", "scholar", "academician", "expert", "educational institution",
                     "think tank")),
    ("government", ("government", "official", "administrative unit", "government department",
                    "legislature", "head of state", "politician", "diplomat", "armed forces",
                    "military")),
)
ORDER = tuple(t for t, _ in TYPE_HYPERNYMS)
# Head words of organisations' names and roles whose first WordNet senses are something else
# ("watch" a timepiece, "times" an era, "institute" an association of any kind): word -> type.
HEADS = {
    **dict.fromkeys("ministry minister administration army embassy consulate court service "
                    "guard".split(), "government"),
    "committee": "government",  # committees that count report to a state
    # titles before a name ('Defence Minister X', 'President Y'), read as the role they name
    **dict.fromkeys("president premier chancellor governor mayor senator secretary".split(),
                    "government"),
    "professor": "researchers",
    **dict.fromkeys("publication outlet broadcaster reporter press news journal radio "
                    "television times post herald tribune chronicle gazette bulletin".split(),
                    "media"),
    **dict.fromkeys("university institute laboratory study survey analysis team author".split(),
                    "researchers"),  # a study speaks for its authors
    **dict.fromkeys("fund watch trust society association federation coalition campaigner "
                    "campaign advocate forum network group".split(), "ngo"),
    **dict.fromkeys("convenor convener promoter".split(), "organisers"),
}
# Roles that speak for a body named beside them ("a NATO official", "officials" alone), and
# what such a role with no body named and no name is: unnamed.
UNNAMED_ROLES = frozenset("official officials diplomat diplomats officer officers person people "
                          "source sources insider insiders".split())
SOURCES = frozenset("source sources insider insiders".split())  # unnamed whatever their place
# Words that leave a role unnamed: its rank, or that it has no name.
UNNAMED_WORDS = frozenset("a an one two three some several other senior top high-ranking "
                          "high-level junior former unnamed anonymous unidentified".split())
LINK_WORDS = ("of", "for", "at", "in", "from", "close", "with", "familiar")
FOREIGN_WORDS = frozenset("foreign western alliance".split())  # 'Western diplomats'
WORD = re.compile(r"[A-Za-z][\w.'’&]*")


def type_actors(estimates: Iterable[Estimate], target: Target,
                publishers: Mapping[str, str | None] | None = None) -> list[Estimate]:
    """The estimates, each with its actor_type for this question; `publishers`: each
    document's publisher (by `Estimate.doc`), which places a ministry its own page names."""
    places = tuple(target.places) or ((target.place,) if target.place else ())
    publishers = publishers or {}
    return [replace(e, actor_type=actor_type(e.actor, places, e.method, publishers.get(e.doc)))
            for e in estimates]


def actor_type(actor: str | None, places: Sequence[str] = (), method: str | None = None,
               publisher: str | None = None) -> str | None:
    """The kind of body `actor` is, for a question about `places`; `method` the estimate's
    method cue ('anonymous source' types a figure with no actor); `publisher` the source's,
    which, when a government publishes its own figures, says whose ministry 'the Interior
    Ministry' is."""
    if not actor:
        return "anonymous" if method == "anonymous source" else None
    words = [_unpossess(w) for w in WORD.findall(actor)]
    if not words:
        return None
    if _unnamed(words):
        return "anonymous"
    kind = _kind(words)
    low = {w.lower() for w in words}
    if kind is None and _country(" ".join(words)):
        kind = "government"  # 'Kazakhstan reported'
    if kind == "international_body" and _alliance(words):
        return "foreign_government"  # a treaty alliance: 'a NATO official'
    if kind == "government" or "alliance" in low and kind in (None, "international_body"):
        if publisher and not _named_countries(words):
            own = [_unpossess(w) for w in WORD.findall(publisher)]
            if "government" in _kinds(own):
                words = words + own  # the government's own page: its country is the actor's
        return "foreign_government" if low & FOREIGN_WORDS or _foreign(words, places) \
            else "government_concerned"
    return kind


def _unnamed(words: list[str]) -> bool:
    """'a source', 'officials', 'a senior official', 'an unnamed official': nobody named."""
    low = [w.lower() for w in words]
    if {"anonymous", "unnamed", "unidentified", "anonymity"} & set(low):
        return True  # 'an unnamed source in the ministry', 'an unnamed NATO official'
    link = next((i for i, w in enumerate(low) if i and w in LINK_WORDS), len(low))
    role = link - 1  # the head, before 'of/at/close to/familiar with ...'
    if low[role] in SOURCES:
        return True  # 'a government source', 'a source close to the talks'
    if low[role] not in UNNAMED_ROLES:
        return False
    return all(w in UNNAMED_WORDS for w in low[:role]) and not any(
        w[0].isupper() and w.lower() not in UNNAMED_WORDS for w in words[:role])


def _kind(words: list[str]) -> str | None:
    """The most specific type any word of the phrase names."""
    kinds = _kinds(words)
    return next((k for k in ORDER if k in kinds), None)


def _kinds(words: list[str]) -> set[str]:
    """The types the words of the phrase name. The first word is read as a common noun too
    ('Scientists said'); a capitalised word after it only as an organisation or a title
    ('Pressman' is a name, not a journalist)."""
    kinds = {k for i, w in enumerate(words) if (k := _word_kind(w, i == 0))}
    for size in (2, 3, 4):  # 'news agency', 'Red Cross', 'International Labour Organization'
        for n in range(len(words) - size + 1):
            if k := _word_kind(" ".join(words[n:n + size]), n == 0):
                kinds.add(k)
    if any(w.lower().endswith((".com", ".org", ".net")) for w in words):
        kinds.add("media")  # a website
    return kinds


@lru_cache(maxsize=4096)
def _word_kind(word: str, first: bool = False) -> str | None:
    low = word.lower()
    for lemma in (low, *wordnet.lemmas(low, "n")):
        if lemma in HEADS:
            return HEADS[lemma]
    if word[:1].isupper() and (_named_one(low) or not first and not _organisation(low)):
        return None  # a person's or a place's name: 'Kennedy' is not typed as a president
    if low.endswith("ing") and " " not in low:  # 'organising committee': its organisers
        agents = {n for verb in wordnet.synonyms(low, "v", senses=2)
                  for n in wordnet.derived(verb, "v")}  # 'organise' -> 'organize' -> 'organizer'
        return next((k for n in sorted(agents) if n != low
                     and "noun.person" in wordnet.lexnames(n) and (k := _word_kind(n))), None)
    return next((kind for kind, hypernyms in TYPE_HYPERNYMS
                 if any(wordnet.is_a(low, h, senses=2) for h in hypernyms)), None)


@lru_cache(maxsize=4096)
def _organisation(word: str) -> bool:
    """A name WordNet knows as an organisation ('NATO', 'Greenpeace', 'Police')."""
    return any(s.lexname == "noun.group" for s in wordnet.synsets(word, "n", senses=2))


@lru_cache(maxsize=4096)
def _named_one(word: str) -> bool:
    """Whether the word's first sense is one person or place (a WordNet instance)."""
    senses = wordnet.synsets(word, "n")
    return bool(senses) and senses[0].lexname in ("noun.person", "noun.location") \
        and _instance(senses[0])


def _instance(synset: wordnet.Synset) -> bool:
    return any(p.relation == "instance hypernym" for p in synset.pointers)


def _alliance(words: list[str]) -> bool:
    """An international organisation made by a treaty or alliance ('NATO')."""
    return any(_treaty(w.lower()) for w in words if w[:1].isupper())


@lru_cache(maxsize=1024)
def _treaty(word: str) -> bool:
    return any("treaty" in lemma or "alliance" in lemma for s in wordnet.synsets(word, "n")
               if s.lexname == "noun.group" for lemma in s.lemmas)


def _foreign(words: list[str], places: Sequence[str]) -> bool:
    """Whether the actor names a country other than the question's (both being countries)."""
    asked = [p for p in places if _country(p)]
    if not asked:
        return False
    named = _named_countries(words)
    if not named:
        return False
    asked_names = {n for p in asked for n in _country_names(p)}
    return not any(set(_country_names(c)) & asked_names for c in named)


def _named_countries(words: list[str]) -> list[str]:
    return [c for w in words if w[:1].isupper() for c in _countries_of(w)]


@lru_cache(maxsize=4096)
def _countries_of(word: str) -> tuple[str, ...]:
    """The countries a word names: itself ('Kazakhstan', 'U.S.'), or by its adjective or its
    people ('Kazakh', 'Georgian', 'Indian')."""
    if _country(word):
        return (word,)
    found = []
    for link in wordnet.links(word):
        if link.relation in ("pertainym", "derivation", "synonym") and _country(link.lemma):
            found.append(link.lemma)
    if not found:  # 'Kazakh' names a people and, as a synonym, the country
        found = [lemma for s in wordnet.synsets(word, "n") if s.lexname == "noun.location"
                 for lemma in s.lemmas[:1] if _country(lemma)]
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=4096)
def _country(place: str) -> bool:
    """A WordNet location one of whose kinds is a country or nation ('Asian country')."""
    word = place.replace(".", "")
    return any(s.lexname == "noun.location" and _instance(s) for s in wordnet.synsets(word, "n")) \
        and any(lemma == "country" or lemma.endswith((" country", " nation"))
                for lemma in wordnet.hypernyms(word, depth=1))


@lru_cache(maxsize=4096)
def _country_names(place: str) -> frozenset[str]:
    """Every name of the country ('U.S.' -> 'united states', 'america', 'usa', ...)."""
    names = {place.lower().replace(".", "")}
    for s in wordnet.synsets(place.replace(".", ""), "n"):
        if s.lexname == "noun.location":
            names |= set(s.lemmas)
    return frozenset(names)


def _unpossess(word: str) -> str:
    for tail in ("'s", "’s", "'", "’"):
        if word.endswith(tail) and len(word) > len(tail):
            return word[:-len(tail)]
    return word.rstrip(".") if not re.fullmatch(r"(?:[A-Z]\.)+", word) else word
