"""The question -> its reading (Target): what is counted, by which event, where, when and why.

The reader is a small grammar of English quantitative questions. Word classes come from
WordNet (`crosstally.wordnet`); the only lists here are closed classes of English (question
words, auxiliaries, prepositions, connectives) and the few nouns that stand for verbs.

    question := [filler] FRAME [clause]        "roughly how many ...", "do you know how many ..."
    FRAME    := "how many" NP                  count; money for a currency, other for a unit
              | "how much" [NP]                money; other when the verb changes a magnitude
              | "how large/big" be "the" TALLY "how large was the crowd at ..."
              | "how long/far/big ..."         other ("in square kilometres" names the unit)
              | [what be | estimate] [the] [adjectives] TALLY (of|in|at|for|from|that) ...
    TALLY    := number | total | toll | crowd | attendance | turnout | population | cost | rate
    clause   := [PP] verb-group complements    "people [in Belarus] have been detained ..."
              | aux subject verb complements   "did Joe Biden get", "has Russia lost"
              | "be there" | be PP             a static count: no event
    verb-group := aux* ["thought to have" | "had to" | "forced to"] verb [particle | adjective]
                  [("and"|"or") verb]           "take part", "go extinct", "kill or wound"
    complements := (object NP | preposition NP)* then a purpose ("to avoid ...", "because of ...")

A question asks nothing a number answers when it opens with why/who/when/where/which, or
compares ("more ... than"), or has no frame ("How did ...", "Is ...", "What is a ...").

The event is the verb's lemma plus the head of the participant that identifies it: an
oblique naming an act, event, phenomenon or state (WordNet lexnames: "died in the earthquake"),
else the object ("left Russia"), else another oblique ("spend on refugees"), else the agent
("displaced by the hurricane", "did Joe Biden get"); a place as subject or agent is the
question's place, not its event ("how many trees has Ethiopia planted": plant). A name keeps
its words unless a common noun heads it as a kind ("Hurricane Katrina" -> hurricane, "World
War I" -> war, but "Black Death", "World Cup"). Noun frames stand for verbs: a death toll or
deaths is "die X", a crowd or attendance "attend X", an election turnout "vote X".

Places are WordNet location instances (and bodies of water and landforms), the extractor's
gazetteer, and a capitalised or unknown name where English puts a place: after "in/at/from"
("in Tahrir Square") or before an event noun ("the Kahramanmaras earthquake").
Periods are dates, years, decades and relative times ("last year", "every year"), with
since/between/before/after/until/when and what follows them. Purposes start at a connective
("to avoid", "because of", "in search of", "for protesting ...") after the verb.

    python -m crosstally.reconcile.question --bank PATH   prints per-field accuracy and misses
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from crosstally import wordnet as wn
from crosstally.extract.lexicon import load_lexicon
from crosstally.retrieve import question_terms
from crosstally.types import Target

# ---------------------------------------------------------------------------------------------
# Closed classes of English (each short, each general)

WH_NOT_NUMERIC = frozenset(["why", "who", "whom", "whose", "when", "where", "which", "whether"])
AUX = frozenset({
    "am", "is", "are", "was", "were", "be", "been", "being", "'s", "do", "does", "did", "have",
    "has", "had", "having", "will", "would", "shall", "should", "can", "could", "may", "might",
    "must", "get", "gets", "got", "gotten"
})  # fmt: skip
BE = frozenset(["am", "is", "are", "was", "were", "be", "been", "being", "'s"])
DO = frozenset(["do", "does", "did"])
HAVE = frozenset(["have", "has", "had", "having"])
GET = frozenset(["get", "gets", "got", "gotten"])
DETERMINERS = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our",
    "your", "my", "all", "some", "any", "every", "each"
})  # fmt: skip
PREPOSITIONS = frozenset({
    "in", "on", "at", "to", "for", "from", "by", "with", "of", "during", "since", "between",
    "before", "after", "as", "until", "till", "into", "onto", "over", "under", "across",
    "through", "throughout", "against", "among", "amid", "within", "without", "near", "around",
    "about", "per", "via", "toward", "towards", "following"
})  # fmt: skip
CONJUNCTIONS = frozenset({"and", "or"})
RELATIVES = frozenset({"who", "that", "which", "whom"})
# Words that only steer the question ("roughly how many"); they are skipped before a frame.
FILLERS = frozenset({
    "roughly", "approximately", "about", "around", "so", "and", "ok", "okay", "please", "exactly",
    "in", "total", "overall", "now", "then", "well", "hey", "hi", "just", "estimated"
})  # fmt: skip
# how + these adjectives asks for a magnitude; every other "how" asks for a manner
HOW_MAGNITUDE = frozenset({
    "many", "much", "large", "big", "long", "far", "old", "high", "tall", "deep", "wide", "heavy"
})  # fmt: skip
# Nouns that name a tally of something; "size" and "scale" only point at another tally.
TALLIES = frozenset({
    "number", "numbers", "total", "count", "tally", "figure", "figures", "amount", "toll",
    "tolls", "crowd", "attendance", "turnout", "audience", "population", "cost", "costs", "price",
    "spending", "expenditure", "budget", "gdp", "debt", "revenue", "rate", "percentage",
    "percent", "proportion", "share", "fraction", "ratio", "size", "scale"
})  # fmt: skip
TALLY_ADJECTIVES = frozenset({
    "estimated", "approximate", "total", "official", "overall", "actual", "real", "true",
    "current", "final", "reported", "latest", "confirmed", "likely", "average", "annual", "exact",
    "combined", "global"
})  # fmt: skip
TRANSPARENT = frozenset({"size", "scale", "amount"})  # "the size of the crowd" = the crowd
COUNTS = frozenset(["number", "numbers", "total", "count", "tally", "figure", "figures", "amount"])
TALLY_PREPOSITIONS = frozenset(["of", "in", "at", "from", "for", "on", "during"])
COST_NOUNS = frozenset({"cost", "costs", "price"})
MODALS = frozenset(["will", "would", "can", "could", "may", "might", "must", "shall", "should"])
REQUESTS = frozenset({
    "can", "you", "tell", "me", "give", "i", "want", "to", "know", "do", "please"
})  # fmt: skip
DEATH_NOUNS = frozenset({"toll", "tolls", "death", "deaths", "fatality", "fatalities"})
ATTEND_NOUNS = frozenset({"crowd", "attendance", "turnout", "audience"})  # attend X
MONEY_NOUNS = frozenset({
    "cost", "costs", "price", "spending", "expenditure", "budget", "gdp", "debt", "revenue"
})  # fmt: skip
SPEND_NOUNS = frozenset({"spending", "expenditure"})  # spend on X; the others: cost X
RATE_NOUNS = frozenset({
    "rate", "percentage", "percent", "proportion", "share", "fraction", "ratio"
})  # fmt: skip
# "people" is its own WordNet lemma; README's heads say person. "ppl" is the common shorthand.
PERSON_WORDS = frozenset({"people", "ppl", "persons", "folks", "peeps"})
# Adjectival complements: "gone extinct", "left homeless", "fell ill"
COPULAR_VERBS = frozenset({
    "go", "become", "get", "fall", "turn", "grow", "leave", "render", "make"
})  # fmt: skip
# Raising verbs: "are thought to have died", "are estimated to have"
RAISING = frozenset({
    "estimated", "thought", "believed", "said", "reported", "expected", "feared", "known",
    "likely", "understood", "presumed", "alleged", "set"
})  # fmt: skip
ADVERBS = frozenset({
    "still", "ever", "never", "already", "just", "now", "reportedly", "actually", "officially",
    "currently", "really", "also", "yet", "even", "altogether"
})  # fmt: skip
UNIT_MODIFIERS = frozenset({"square", "cubic"})
# Particles that go with the verb even before a bare noun ("went on strike"); "in", "with",
# "at" before a noun open a phrase of their own ("live with diabetes")
ADVERBIAL_PARTICLES = frozenset({"on", "off", "out", "up", "down", "over"})
# README: no places
NOT_PLACES = frozenset({
    "world", "globe", "planet", "abroad", "worldwide", "overseas"
})  # fmt: skip
PLACE_PREPOSITIONS = frozenset({
    "in", "at", "on", "from", "to", "across", "near", "into", "inside", "throughout", "around"
})  # fmt: skip
DIRECTIONS = frozenset({
    "northern", "southern", "eastern", "western", "central", "north", "south", "east", "west",
    "northeastern", "northwestern", "southeastern", "southwestern", "north-eastern",
    "north-western", "south-eastern", "south-western"
})  # fmt: skip
# Connectives that open a purpose or a cause, longest first within each first word.
PURPOSE_LEADS = (
    ("in", "order", "to"), ("so", "as", "to"), ("because", "of"), ("because",), ("due", "to"),
    ("owing", "to"), ("as", "a", "result", "of"), ("as", "a", "consequence", "of"),
    ("in", "connection", "with"), ("in", "search", "of"), ("in", "protest", "against"),
    ("in", "protest", "at"), ("in", "protest", "over"), ("in", "response", "to"),
    ("for", "fear", "of"), ("out", "of", "fear"),
)
TIME_LEADS = frozenset({
    "since", "before", "after", "until", "till", "between", "when", "by", "following"
})  # fmt: skip
RELATIVE_LEADS = frozenset(["last", "this", "next", "each", "every", "per", "a"])
FIXED_TIMES = (("right", "now"), ("so", "far"), ("to", "date"), ("at", "the", "moment"),
               ("at", "present"), ("today",), ("currently",), ("nowadays",), ("annually",),
               ("these", "days"))
MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec"
})  # fmt: skip
ROMAN = frozenset(["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"])
# Typed shorthand for function words, beyond one typo from the word ("wat", "hw" are one)
SHORTHAND = {"whats": "what", "wats": "what", "wat": "what", "wht": "what", "howmany": "how many",
             "abt": "about", "r": "are", "u": "you"}
# Words a typo is mended to, when a lower-case word is unknown and one edit away ("mnay")
MENDABLE = ("what", "how", "many", "much", "there", "were", "was", "are", "did", "does")
FUNCTION_WORDS = (WH_NOT_NUMERIC | AUX | DETERMINERS | PREPOSITIONS | CONJUNCTIONS | RELATIVES
                  | HOW_MAGNITUDE | {"how", "what", "there", "many", "much", "because", "than",
                                     "not", "while", "if", "although", "though", "unless"})

TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+|[^\W_][\w]*(?:[-.'’][\w]+)*|\S")
YEAR = re.compile(r"^(?:1[0-9]\d\d|20\d\d)(?:s|[-–](?:1[0-9]\d\d|20\d\d|\d\d))?$")
DAY = re.compile(r"^(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?$")


# ---------------------------------------------------------------------------------------------
# Tokens


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # as typed
    start: int
    end: int
    low: str  # lower case, shorthand and one-letter typos of function words mended

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum() and self.low != "'s"

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()


def tokens_of(text: str) -> list[Token]:
    """Words, numbers and punctuation with their offsets; a possessive 's is its own token."""
    out: list[Token] = []
    for m in TOKEN.finditer(text):
        word, start = m.group(0), m.start()
        if word in ("'", "’") and out and out[-1].end == start and out[-1].low.endswith("s"):
            out.append(Token(word, start, m.end(), "'s"))  # "the Rolling Stones' concert"
        elif len(word) > 2 and word[-2:].lower() in ("'s", "’s"):
            out.append(Token(word[:-2], start, start + len(word) - 2, _mend(word[:-2])))
            out.append(Token(word[-2:], start + len(word) - 2, m.end(), "'s"))
        else:
            out.append(Token(word, start, m.end(), _mend(word)))
    return out


def _mend(word: str) -> str:
    """Lower case, with a function word's shorthand or one-letter typo mended ("wat", "mnay")."""
    low = word.lower()
    if low in SHORTHAND:
        return SHORTHAND[low]
    if low in FUNCTION_WORDS or not word.isalpha() or not word.islower() or known(low) \
            or not 2 <= len(low) <= 5:
        return low
    close = [f for f in MENDABLE if _one_edit(low, f)]
    return close[0] if len(close) == 1 else low


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


# ---------------------------------------------------------------------------------------------
# Word knowledge, all of it from WordNet (and the extractor's gazetteer for places)


@cache
def known(word: str) -> bool:
    return bool(wn.parts_of_speech(word))


@cache
def pos_of(word: str) -> frozenset[str]:
    return frozenset(wn.parts_of_speech(word))


def is_verb_form(word: str) -> bool:
    return "v" in pos_of(word)


def is_noun_form(word: str) -> bool:
    return "n" in pos_of(word)


@cache
def _exact_synsets(word: str, pos: str = "n") -> tuple[wn.Synset, ...]:
    """Senses whose lemmas include `word` as written (no inflection: "nhs" is not "nh")."""
    low = " ".join(word.lower().split())
    return tuple(s for s in wn.synsets(low, pos) if low in s.lemmas)  # type: ignore[arg-type]


def _is_instance(synset: wn.Synset) -> bool:
    return any(p.relation == "instance hypernym" for p in synset.pointers)


@cache
def common_noun(word: str) -> bool:
    """A noun WordNet knows as a kind of thing, not only as a name ("march", not "Louvre")."""
    return any(not _is_instance(s) for s in wn.synsets(word.lower(), "n"))


@cache
def name_only(word: str) -> bool:
    """A word WordNet knows only as names of particular things or people."""
    senses = wn.synsets(word.lower(), "n")
    return bool(senses) and all(_is_instance(s) for s in senses)


@cache
def event_noun(word: str, senses: int | None = None) -> bool:
    """Nouns for what happens (earthquake, war, march, crisis, diabetes): WordNet lexnames
    of the first `senses` senses (all when None)."""
    return bool(wn.lexnames(word.lower(), "n", senses=senses) & {
        "noun.act", "noun.event", "noun.phenomenon", "noun.process", "noun.state"})


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
    return any(link.relation == "pertainym" and _place_synsets(link.lemma)
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
def _place_synsets(text: str) -> tuple[wn.Synset, ...]:
    """Senses naming a particular place: a location, or a sea, river, mountain, continent
    or planet ("Earth"; "the world" is no place, see NOT_PLACES)."""
    return tuple(s for s in _exact_synsets(text) if _is_instance(s)
                 and s.lexname in ("noun.location", "noun.object"))


def known_place(text: str) -> bool:
    plain = _unaccented(text)
    return plain.lower() in gazetteer() or bool(_place_synsets(plain))


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
    found = _best_lemma(low)
    if found is None and word.islower() and not known(low) and (compound := _compound(low)):
        return compound  # "landmines" -> landmine, "bushfires" -> bushfire
    if found is None and word.islower() and len(low) > 3 and not known(low) \
            and (mended := _mend_typo(low)):
        return noun_lemma(mended)
    if found is None:  # a name or a word WordNet lacks: strip a plural -s
        base = word[:-1] if len(word) > 3 and low.endswith("s") and not low.endswith("ss") else word
        return base if word[0].isupper() else base.lower()
    if found in PERSON_WORDS:
        return "person"
    if demonym(found) or name_only(found):
        return " ".join(w.capitalize() for w in found.split())
    return found


def _best_lemma(low: str) -> str | None:
    """Of WordNet's lemmas for a noun form, the one with most senses of its own; on a tie the
    singular ("troops" -> troop, "species" -> species)."""
    candidates = wn.lemmas(low, "n")
    if not candidates:
        return None
    return max(candidates, key=lambda lemma: (len(_exact_synsets(lemma)), lemma != low))


def _compound(low: str) -> str | None:
    """A closed compound of two WordNet words, the last lemmatised: "landmines" -> landmine."""
    for k in range(4, len(low) - 3):
        first, last = low[:k], low[k:]
        if known(first) and (lemma := _best_lemma(last)):
            return first + lemma
    return None


@cache
def _mend_typo(low: str) -> str | None:
    """A WordNet noun one edit away: a letter left out, then two swapped, one mistyped, one
    extra (typists leave letters out most); within a kind, the word with most senses
    ("peple" -> people, "flods" -> floods, "refugess" -> refugees)."""
    for candidates in _edits(low):
        nouns = {c for c in candidates if c in PERSON_WORDS or _regular_noun(c)}
        if nouns:
            return max(sorted(nouns), key=lambda c: len(wn.synsets(c, "n")))
    return None


def _edits(low: str) -> tuple[list[str], ...]:
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
def verb_lemma(word: str) -> str | None:
    """The verb's lemma: an inflected form prefers its base ("found" -> find, "born" -> bear)."""
    found = wn.lemmas(word.lower(), "v")
    if not found:
        return None
    others = [lemma for lemma in found if lemma != word.lower()]
    return others[0] if others else found[0]


def participle(token: Token) -> bool:
    """A verb form that can follow "be/have": past participles and -ing forms."""
    lemma = verb_lemma(token.low)
    return not token.capitalised and lemma is not None and (
        lemma != token.low or token.low.endswith(("ed", "en", "ing")))


def name_case(words: Sequence[Token], text: str) -> str:
    """A name as a lemma phrase: as typed when capitalised, else with WordNet's capitals."""
    if any(w.capitalised for w in words) or not _place_synsets(text) and not name_only(text):
        return text
    return " ".join(w.capitalize() for w in text.split())


# ---------------------------------------------------------------------------------------------
# Spans: places, the period, the purpose


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # token indices, end exclusive
    end: int


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
                end + 1 < len(words) and _nominal(words[end + 1])):
            end += 1
        if found and found[-1].end + 1 == start and words[start - 1].text == "," \
                and not wn.is_a(_span_text(words, text, found[-1]) or "", "country"):
            start = found.pop().start  # "Bethel, New York"
        found.append(Span(start, end))
        i = end
    return found


def _kind_of_place(w: Token) -> bool:
    """beach, bay, border, park, square: a noun for a kind of place, ending a place's name."""
    return w.is_word and not w.text[0].isdigit() and not _plural(w, guess=False) and (
        wn.lexnames(w.low, "n", senses=1) == {"noun.location"}
        or wn.is_a(w.low, "geological formation", senses=1)
        or wn.is_a(w.low, "body of water", senses=1))


def _place_at(words: Sequence[Token], text: str, i: int) -> Span | None:
    first = words[i]
    if not first.is_word or first.low in FUNCTION_WORDS or first.text[0].isdigit():
        return None
    if i == 0 and first.capitalised and first.low in FILLERS | {"number", "estimate"}:
        return None
    prev = words[i - 1] if i else None
    if prev and prev.capitalised and prev.is_word and i > 1 and first.capitalised \
            and not _place_at_boundary(words, i - 1):
        return None  # inside a longer name: "King Charles", "Million Man March"
    if prev and prev.low in CONJUNCTIONS and i > 1 and demonym(words[i - 2].low) \
            and words[i - 2].capitalised:
        return None  # "Confederate and Union soldiers": used as a demonym
    for end in range(min(len(words), i + 5), i, -1):
        last = words[end - 1]
        if not last.is_word or last.low in FUNCTION_WORDS:
            continue
        name = text[first.start:last.end]
        if _typed_place(words, i, end, name):
            return Span(i, end)
    parts = first.text.split("-")
    if len(parts) > 1 and (all(known_place(part) for part in parts) or not (
            prev and prev.capitalised) and all(p[:1].isupper() and not known(p) for p in parts)):
        return Span(i, i + 1)  # "US-Mexico", "Nagorno-Karabakh"
    return _place_by_position(words, i)


def _place_at_boundary(words: Sequence[Token], k: int) -> bool:
    """The capitalised word at k is a place itself, so a name after it starts afresh."""
    return known_place(words[k].text)


def _typed_place(words: Sequence[Token], i: int, end: int, name: str) -> bool:
    first = words[i]
    prev = words[i - 1].low if i else ""
    if first.text.isupper() and len(first.text) > 1:  # an acronym: US, UK; not "NHS" -> "NH"
        return name.lower() in gazetteer() or (len(name) == 2 and bool(_place_synsets(name)))
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
    if len(low) <= 3 or not _place_synsets(name):
        return False
    first_sense = wn.synsets(low, "n", senses=1)
    return name_only(low) or (prev in PLACE_PREPOSITIONS | {"the", "of"} and bool(first_sense)
                              and first_sense[0] in _place_synsets(name))


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
            and _mend_typo(first.low) is None and (after is None or after.low in PREPOSITIONS):
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
            nxt is None or not _nominal(nxt) or _kind_of_place(nxt)):
        return Span(i, end)  # "in Tahrir Square", "on Copacabana beach"; not "the Covid scheme"
    k = end
    while k < len(words) and words[k].is_word and not words[k].capitalised \
            and _nominal(words[k]) and words[k].low not in FUNCTION_WORDS:
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


def find_period(words: Sequence[Token], purposes: Sequence[Span],
                roles: dict[int, str] | None = None) -> Span | None:
    """The first time named (see the module docstring); a lead such as "since" is kept with
    the phrase or clause it opens, up to a purpose, a comma, or a place after a phrase
    ("after the 2016 coup attempt | in Turkey")."""
    stop = min((p.start for p in purposes), default=len(words))
    roles = {k: v for k, v in (roles or {}).items() if v == "place"}
    for i, w in enumerate(words):
        if w.low in TIME_LEADS and i + 1 < len(words):
            if w.low == "between" and (span := _date_at(words, i + 1)) \
                    and span.end < len(words) and words[span.end].low == "and" \
                    and (second := _date_at(words, span.end + 1)):
                return Span(i, second.end)
            if span := _date_at(words, i + 1) or _relative_at(words, i + 1):
                return _coordinated(words, Span(i, span.end))
            if w.low in {"since", "after", "before", "until", "till", "when", "following"} and i:
                limit = stop if stop > i else len(words)
                return _open_period(words, i, limit, roles)
            continue
        if w.low in {"on", "during", "in", "over"} and (span := _time_phrase(words, i + 1, roles)):
            return span
        if span := _date_at(words, i) or _relative_at(words, i):
            return _coordinated(words, span)
    return None


def time_spans(words: Sequence[Token]) -> list[Span]:
    """Every date and relative time ("2011", "last winter"), for the clause to skip."""
    spans, i = [], 0
    while i < len(words):
        span = _date_at(words, i) or _relative_at(words, i)
        spans.append(span) if span else None
        i = span.end if span else i + 1
    return spans


def _open_period(words: Sequence[Token], i: int, limit: int, roles: dict[int, str]
                 ) -> Span | None:
    """since/after/before/when + a clause ("since the war began in April 2023") or a phrase
    ("after the 2016 coup attempt"), which ends at a place phrase."""
    clause = words[i].low == "when" or any(
        words[k].low in AUX or words[k].is_word and pos_of(words[k].low) == {"v"}
        for k in range(i + 1, limit))
    end = i + 1
    while end < limit and words[end].text not in ",;":
        if not clause and words[end].low in PLACE_PREPOSITIONS and roles.get(end + 1) == "place":
            break
        end += 1
    return Span(i, end) if end > i + 1 else None


def _coordinated(words: Sequence[Token], span: Span) -> Span:
    """ "2019 and 2020": a date coordinated with another is part of the period."""
    if span.end + 1 < len(words) and words[span.end].low == "and" \
            and (second := _date_at(words, span.end + 1)):
        return Span(span.start, second.end)
    return span


def _time_phrase(words: Sequence[Token], i: int, roles: dict[int, str]) -> Span | None:
    """ "the main bathing day [in 2019]", "election day": a phrase headed by a time noun."""
    phrase = noun_phrase(words, i, roles)
    if phrase is None or not time_word(words[phrase.head].low) or words[phrase.head].low in MONTHS \
            or any(_date_at(words, k) or _relative_at(words, k) or roles.get(k) == "place"
                   for k in range(i, phrase.end)):
        return None
    end = phrase.end
    if end + 1 < len(words) and words[end].low in {"in", "of"} and (
            date := _date_at(words, end + 1)):
        end = date.end
    return Span(i, end)


def _date_at(words: Sequence[Token], i: int) -> Span | None:
    """[day] month [day][,] [year] | year | decade | "the 1990s" | season "of" year."""
    if i >= len(words):
        return None
    w = words[i]
    if w.low in {"early", "late", "mid"} and i + 1 < len(words) and YEAR.match(words[i + 1].text):
        return Span(i, i + 2)  # "early 2020"
    if YEAR.match(w.text):
        return Span(i, i + 1)
    if w.low == "the" and i + 1 < len(words) and YEAR.match(words[i + 1].text) \
            and words[i + 1].text.endswith("s"):
        return Span(i, i + 2)
    start, j = i, i
    if DAY.match(w.text) and j + 1 < len(words) and words[j + 1].low in MONTHS:
        j += 1
    if words[j].low not in MONTHS:
        if time_word(w.low) and j + 2 < len(words) and words[j + 1].low == "of" \
                and YEAR.match(words[j + 2].text):
            return Span(i, j + 3)  # "summer of 2003"
        return None
    month, j = j, j + 1
    if j < len(words) and DAY.match(words[j].text):
        j += 1
        if j + 1 < len(words) and words[j].text == "," and YEAR.match(words[j + 1].text):
            j += 2
        elif j < len(words) and YEAR.match(words[j].text):
            j += 1
    elif j < len(words) and YEAR.match(words[j].text):
        j += 1
    if j == month + 1 and start == month:  # a bare month name: only after a time preposition
        before = words[i - 1].low if i else ""
        if before not in {"in", "since", "during", "last", "this", "next", "until", "before",
                          "after", "by", "early", "late", "mid"} or not words[month].capitalised:
            return None
    return Span(start, j)


def _relative_at(words: Sequence[Token], i: int) -> Span | None:
    for fixed in FIXED_TIMES:
        end = i + len(fixed)
        if tuple(w.low for w in words[i:end]) == fixed \
                and not (end < len(words) and words[end].low == "'s"):  # "today's dollars"
            return Span(i, end)
    if words[i].low in RELATIVE_LEADS and i + 1 < len(words) and words[i + 1].is_word \
            and time_word(words[i + 1].low) and words[i + 1].low not in MONTHS:
        return Span(i, i + 2)
    return None


def find_purpose(words: Sequence[Token], after: int) -> Span | None:
    """A purpose or cause opened by a connective after the verb (index `after`); it runs to a
    comma or to a time that closes the question. "to" + verb counts only once something
    stands between it and the verb, as "forced to leave" or "trying to cross" is the verb's own."""
    for i in range(after, len(words)):
        lows = tuple(w.low for w in words[i:i + 4])
        lead = next((p for p in PURPOSE_LEADS if lows[:len(p)] == p), None)
        if lead is None and lows[:1] == ("for",) and len(lows) > 1 and lows[1].endswith("ing") \
                and is_verb_form(lows[1]):
            lead = ("for",)
        if lead is None and lows[:1] == ("to",) and i > after and _purpose_verb(words, i + 1) \
                and not (words[i - 1].low.endswith("ing") or participle(words[i - 1])):
            lead = ("to",)
        if lead:
            return Span(i, _purpose_end(words, i + len(lead)))
    return None


def _purpose_end(words: Sequence[Token], i: int) -> int:
    for j in range(i + 1, len(words)):
        if words[j].text in ",;" or words[j].low in TIME_LEADS - {"by", "when"} \
                or (words[j].low in {"in", "during", "on"}
                    and (_date_at(words, j + 1) or _relative_at(words, j + 1))) \
                or (_relative_at(words, j) and words[j].low not in {"a", "this"}):
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
    return pos_of(w.low) == {"v"} or nxt in DETERMINERS or nxt in {"their", "his", "her"}


# ---------------------------------------------------------------------------------------------
# Noun phrases and the clause


@dataclass(frozen=True, slots=True)
class Phrase:
    """A noun phrase: tokens [start, end), its head token, and the end of any of-phrase."""

    start: int
    end: int
    head: int
    outer: int  # end including "of X" complements ("the bombing of Dresden")


def noun_phrase(words: Sequence[Token], i: int, roles: dict[int, str], *,
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
                             and _nominal(nxt)):
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
        if not (_nominal(w) or oblique and head >= 0 and known(w.low)) \
                and not (head < 0 and _adverb(w)) and not (
                participle(w) and j + 1 < len(words) and _nominal(words[j + 1])):
            break
        if not _adverb(w) and not (head >= 0 and (w.text.isdigit() or w.low in ROMAN)):
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


def _ends_at_time(words: Sequence[Token], j: int, i: int, roles: dict[int, str]) -> bool:
    """A time ends the phrase unless a noun follows it inside ("the 2015 Nepal earthquake")."""
    if roles.get(j) not in ("time", "purpose"):
        return False
    if roles.get(j) == "purpose" or j == i and j + 1 >= len(words):
        return True
    k = j
    while k < len(words) and roles.get(k) == "time":
        k += 1
    return k >= len(words) or not words[k].is_word or words[k].low in FUNCTION_WORDS \
        or not _nominal(words[k])


def _ends_after(words: Sequence[Token], head: int, j: int) -> bool:
    """After a head noun: a plural noun ends the phrase ("people | work"), and so does a
    verb ("people | died"), or an adjective or adverb not before a noun ("Spanish |
    worldwide", but "Brazilian presidential election")."""
    prev, w = words[head], words[j]
    nxt = words[j + 1] if j + 1 < len(words) else None
    if _plural(prev, guess=False) and not w.capitalised and "v" in pos_of(w.low):
        return True  # "people | work"; but "media workers", "the Eras Tour"
    if w.capitalised or not known(w.low) or w.text[0].isdigit():
        return False
    kinds = pos_of(w.low)
    if "n" not in kinds and kinds & {"a", "r"} and ("r" in kinds or nxt is None
                                                    or not _nominal(nxt)):
        return True
    if w.low.endswith("ing") and nxt is not None and _nominal(nxt) and nxt.low not in AUX:
        return False  # "the main bathing day"
    lemma = verb_lemma(w.low)
    noun_before = prev.capitalised or not known(prev.low) or "n" in pos_of(prev.low)
    return noun_before and "v" in kinds and lemma is not None and lemma != w.low \
        and not w.low.endswith("s")


def _nominal(w: Token) -> bool:
    """Can be part of a noun phrase: a noun, adjective, number, name or unknown word."""
    if not w.is_word or w.low in FUNCTION_WORDS:
        return False
    if w.capitalised or w.text[0].isdigit() or not known(w.low):
        return True
    return bool(pos_of(w.low) & {"n", "a"})


def _adverb(w: Token) -> bool:
    return not w.capitalised and pos_of(w.low) == {"r"} or (
        w.low.endswith("ly") and "r" in pos_of(w.low) and "n" not in pos_of(w.low))


def _plural(w: Token, guess: bool = True) -> bool:
    """A plural noun; a word WordNet lacks is plural when it ends in -s and `guess` is set."""
    low = w.low
    if low in PERSON_WORDS or low in {"children", "women", "men"}:
        return True
    if w.text.isupper() and len(w.text) > 1:
        return False  # an acronym: "US" is no plural of "u"
    lemma = _best_lemma(low)
    if lemma is None:
        return guess and len(low) > 3 and low.endswith("s") and not low.endswith("ss")
    return lemma != low


@dataclass(frozen=True, slots=True)
class Clause:
    verb: str | None  # lemma phrase, "kill or wound", "take part"; None for a static count
    participant: str | None  # head lemma of the participant that identifies the event
    start: int  # the predicate's first token (an auxiliary or the verb)
    end: int  # the end of its complements
    after_verb: int
    passive: bool = False


def read_clause(words: Sequence[Token], i: int, roles: dict[int, str], text: str) -> Clause:
    """The verb group and complements from i (just after the counted noun phrase)."""
    while i < len(words) and words[i].low in PREPOSITIONS and not _verb_at(words, i):
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
                and nxt is not None and nxt.low == "to" and _verb_at(words, i + 2):
            i += 2  # "are thought to have died", "have had to flee", "were forced to leave"
            continue
        if w.low in BE:
            passive = True
        if w.low in GET and nxt is not None and not participle(nxt):
            break  # "got sick", "did X get": the main verb
        if w.low in AUX or w.low in ADVERBS or _adverb(w):
            i += 1
            continue
        break
    mended = _mend_verb(words[i]) if i < len(words) else None
    if not (_verb_at(words, i) or mended) or (passive and not participle(words[i])
                                              and "a" in pos_of(words[i].low)):
        return Clause(None, None, start, len(words), i)  # "are there", "are in", "are homeless"
    verb, i = _verb_group(words, i, mended)
    if verb == "leave" and (passive or start == i - 1 and words[start].low == "left") \
            and not _complement_object(words, i, roles):
        return Clause(None, None, start, len(words), i)  # "leopards left in the wild": remain
    return _complements(words, i, roles, text, verb, start, subject, passive)


def _verb_follows(words: Sequence[Token], i: int) -> bool:
    return i < len(words) and (words[i].low in AUX or _verb_at(words, i))


def _complement_object(words: Sequence[Token], i: int, roles: dict[int, str]) -> bool:
    return i < len(words) and words[i].is_word and words[i].low not in PREPOSITIONS \
        and roles.get(i) != "time" and noun_phrase(words, i, roles) is not None


@cache
def _mend_verb_form(low: str) -> str | None:
    """A verb form one edit from an unknown lower-case word: "arested" -> arrested."""
    if known(low) or len(low) < 5 or not low.isalpha():
        return None
    for candidates in _edits(low):
        verbs = [c for c in candidates if c.endswith(("ed", "en")) and wn.lemmas(c, "v")]
        if verbs:
            return verbs[0]
    return None


def _mend_verb(w: Token) -> str | None:
    return None if not w.is_word or w.capitalised else _mend_verb_form(w.low)


def _verb_at(words: Sequence[Token], i: int) -> bool:
    if i >= len(words):
        return False
    w = words[i]
    return w.is_word and not w.capitalised and w.low not in FUNCTION_WORDS - HAVE - GET \
        and verb_lemma(w.low) is not None


def _inverted_subject(words: Sequence[Token], i: int, roles: dict[int, str]
                      ) -> tuple[int, Phrase | None]:
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
        elif j > i and _verb_at(words, j):
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
    if i + 1 < len(words) and words[i].low in CONJUNCTIONS and _verb_at(words, i + 1) \
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
        and is_noun_form(nxt.low) and not _plural(nxt) and nxt.low not in FUNCTION_WORDS \
        and not known_place(nxt.low) and not YEAR.match(nxt.text)


def _complements(words: Sequence[Token], i: int, roles: dict[int, str], text: str, verb: str,
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
        if not w.is_word or (w.low.endswith("ing") and _verb_at(words, i)) or (
                w.low == "to" and i + 1 < len(words) and _verb_at(words, i + 1)):
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
    participant = _participant(words, chosen, roles, text) if chosen else None
    return Clause(verb, participant, start, i, after_verb, passive)


def _measure_word(w: Token) -> bool:
    lemma = noun_lemma(w.text).lower()
    return is_unit(lemma) or is_currency(lemma)


def _noun_head(w: Token) -> bool:
    """Can head a participant: a noun, a name, a number or an unknown word ("worldwide" not)."""
    return w.capitalised or not known(w.low) or "n" in pos_of(w.low) or w.text[0].isdigit()


def _event_word(w: Token) -> bool:
    if w.capitalised and not _common(w):
        return False
    return event_noun(noun_lemma(w.text).lower())


def _participant(words: Sequence[Token], phrase: Phrase, roles: dict[int, str],
                 text: str) -> str:
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
        return name_case(words[lo:hi], text[words[lo].start:words[hi - 1].end])
    lo = h  # the capitalised run that ends at the head: "Joe Biden", "Taylor Swift"
    while lo > phrase.start and words[lo - 1].is_word and words[lo - 1].capitalised:
        lo -= 1
    run = words[lo:h + 1]
    if head.capitalised and _has_instance(head.low) and not any(
            _common(w) and not _has_instance(w.low) or roles.get(lo + k) == "place"
            for k, w in enumerate(run[:-1])):
        return text[run[0].start:head.end]  # a name: "the Louvre", "Taylor Swift", "Earth"
    if kept := _kept_name(words, phrase, lo, roles, text) or _kept_compound(words, phrase):
        return kept
    if _common(head) or (not head.capitalised and (known(head.low) or _compound(head.low))):
        lemma = noun_lemma(head.text)
        return lemma if pertains_to_place(lemma) else lemma.lower()
    for k in range(h - 1, phrase.start - 1, -1):  # "Hurricane Katrina", "hurricane katrina"
        w = words[k]
        if not w.is_word or roles.get(k) == "place" or w.text[0].isdigit():
            break
        if _common(w) and not pertains_to_place(w.low):
            if person_noun(w.low):
                break  # "King Charles" is a person's name
            return noun_lemma(w.text).lower()
    if not head.capitalised:
        return noun_lemma(head.text).lower()  # "flods" -> flood; "katrina" stays
    names = [w for w in run if not _common(w)] or [head]
    return name_case(names, text[names[0].start:names[-1].end])


def _kept_name(words: Sequence[Token], phrase: Phrase, lo: int, roles: dict[int, str],
               text: str) -> str | None:
    """A name of several capitalised words headed by a common noun is kept when it names no
    kind of that noun: "Black Death", "World Cup", "Super Bowl"; but "World War" is a war,
    and "Women's March", "Eras Tour" are a march and a tour (event nouns)."""
    head = words[phrase.head]
    if not head.capitalised or not _common(head):
        return None
    while lo < phrase.head and (roles.get(lo) == "place" or demonym(words[lo].low)):
        lo += 1  # "the Qatar World Cup", "the Soviet Gulag": the place or people it is of
    if phrase.head - lo < 1:
        return None
    name = text[words[lo].start:head.end]
    kind = noun_lemma(head.text).lower()
    if _exact_synsets(name):
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
    return pair if _exact_synsets(pair) and not wn.is_a(pair, kind) else None


def _has_instance(low: str) -> bool:
    return any(_is_instance(s) for s in _exact_synsets(low))


def _common(w: Token) -> bool:
    """A common noun as typed: "March" in "Women's March"; not "HIV", "Maria" or "2010"."""
    if not w.is_word or w.text[0].isdigit() or (w.text.isupper() and len(w.text) > 1):
        return False
    if w.capitalised:
        return any(not _is_instance(s) for s in _exact_synsets(w.low))
    return common_noun(w.low)


# ---------------------------------------------------------------------------------------------
# Frames and the reading


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
    """What the question asks to be counted (see the module docstring). A question no number
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
    if not words or _not_numeric(words):
        return NOT_NUMERIC
    frame = next((f for f in (_frame_from(words, s) for s in _segments(words)) if f), None)
    if frame is None:
        return NOT_NUMERIC
    places = find_places(words, text)
    roles: dict[int, str] = {k: "place" for s in places for k in range(s.start, s.end)}
    for span in [*time_spans(words), find_period(words, [], roles)]:
        if span:
            roles.update({k: "time" for k in range(span.start, span.end)})
    kind, at = frame
    if kind == "how many":
        reading = _read_how_many(words, at, roles, text)
    elif kind == "how much":
        reading = _read_how_much(words, at, roles, text)
    elif kind == "tally":
        reading = _read_tally(words, at, roles, text)
    else:
        reading = _read_how_adjective(words, at, roles, text, kind)
    named = (text[words[s.start].start:words[s.end - 1].end] for s in places)
    return _with(reading, places=tuple(dict.fromkeys(named)))


def _not_numeric(words: Sequence[Token]) -> bool:
    """why/who/when/which questions and comparisons."""
    lows = [w.low for w in words]
    first = next((w for w in lows if w not in FILLERS), lows[0])
    if first in WH_NOT_NUMERIC:
        return True
    if "than" in lows:
        k = lows.index("than")
        return any(w in {"more", "fewer", "less"} or (
            w.endswith("er") and bool(pos_of(w) & {"a", "r"}) and "n" not in pos_of(w))
            for w in lows[:k])
    return False


def _segments(words: Sequence[Token]) -> list[int]:
    """Where the sentences of a question start: its start, and after ":", ";" or " - "."""
    return [0] + [k + 1 for k, w in enumerate(words) if w.text in (":", ";", "-", "–", "—")]


def _frame_from(words: Sequence[Token], start: int) -> tuple[str, int] | None:
    if start >= len(words) or (start and _not_numeric(words[start:])):
        return None
    frame = _frame(words[start:])
    return (frame[0], frame[1] + start) if frame else None


def _frame(words: Sequence[Token]) -> tuple[str, int] | None:
    """Where the quantity is asked: ("how many", index after it), ("how much", ...),
    ("tally", index of the tally noun) or ("how long", ...) for other magnitudes."""
    lows = [w.low for w in words]
    for k, w in enumerate(lows[:-1]):
        if w == "how" and lows[k + 1] in HOW_MAGNITUDE:
            if lows[k + 1] in ("many", "much"):
                return f"how {lows[k + 1]}", k + 2
            if (tally := _tally_after(words, k + 2, lead=True)) is not None:
                return "tally", tally
            return f"how {lows[k + 1]}", k + 2
    lead = 0
    while lead < len(lows) and lows[lead] in FILLERS | REQUESTS:
        lead += 1
    if lead < len(lows) and lows[lead] == "what":
        tally = _tally_after(words, lead + 1, lead=True)
    elif lead < len(lows) and lows[lead] in {"estimate", "give", "find", "calculate"}:
        tally = _tally_after(words, lead + 1, lead=False)
    else:
        tally = _tally_after(words, lead, lead=False)
    return ("tally", tally) if tally is not None else None


def _tally_after(words: Sequence[Token], i: int, *, lead: bool) -> int | None:
    """The tally noun after "what was", "estimate": skips a be-verb (when `lead`), a
    determiner and modifiers ("the estimated number", "voter turnout", "the death toll")."""
    j = i
    if lead and j < len(words) and words[j].low in BE:
        j += 1
    while j < len(words) and j < i + 6:
        low = words[j].low
        if low in TALLIES and (j + 1 >= len(words) or words[j + 1].low not in TALLIES):
            return j
        if low in DETERMINERS or low in TALLY_ADJECTIVES or _nominal(words[j]):
            j += 1
            continue
        return None
    return None


def _parse(words: Sequence[Token], at: int, roles: dict[int, str], text: str
           ) -> tuple[Clause, Span | None, Span | None]:
    """The clause from `at`, its purpose and the period; the clause is read again once the
    purpose and period are known, so that neither gives it a participant."""
    clause = read_clause(words, at, roles, text)
    purpose = find_purpose(words, clause.after_verb) if clause.verb else None
    period = find_period(words, [purpose] if purpose else [], roles)
    marked = {k: v for k, v in roles.items() if v != "time"}
    for span, role in ((purpose, "purpose"), *((t, "time") for t in time_spans(words)),
                       (period, "time")):
        if span:
            marked.update({k: role for k in range(span.start, span.end)})
    return read_clause(words, at, marked, text), purpose, period


def _read_how_many(words: Sequence[Token], at: int, roles: dict[int, str],
                   text: str) -> Reading:
    phrase = noun_phrase(words, at, roles, counted=True)
    if phrase is None:
        return _clause_reading(words, at, roles, text, None, "person")
    return _counted_reading(words, phrase, roles, text)


def _counted_reading(words: Sequence[Token], phrase: Phrase, roles: dict[int, str],
                     text: str) -> Reading:
    """The reading of a counted phrase and the clause after it; deaths stand for "die", with
    the cause a modifier may name ("malaria deaths")."""
    head = _counted_head(words, phrase)
    reading = _clause_reading(words, phrase.outer, roles, text,
                              _phrase_text(words, text, phrase), head)
    k = phrase.head - 1
    if reading.event == "die" and k >= phrase.start and roles.get(k) is None \
            and words[k].is_word and (event_noun(words[k].low)
                                      or words[k].capitalised and not _common(words[k])):
        cause = _participant(words, Phrase(phrase.start, phrase.head, k, phrase.head), roles, text)
        return _with(reading, event=f"die {cause}")
    return reading


def _clause_reading(words: Sequence[Token], at: int, roles: dict[int, str], text: str,
                    counted: str | None, head: str) -> Reading:
    clause, purpose, period = _parse(words, at, roles, text)
    event = _event(clause)
    if head == "death" and (event is None or clause.verb == "be"):
        event = _joined("die", _tally_participant(words, at, roles, text))
    return Reading(True, _measure_of(head), counted, head, event,
                   _predicate(words, text, clause, purpose, period), (),
                   _span_text(words, text, period), _span_text(words, text, purpose))


def _phrase_text(words: Sequence[Token], text: str, phrase: Phrase) -> str:
    return text[words[phrase.start].start:words[phrase.end - 1].end]


def _counted_head(words: Sequence[Token], phrase: Phrase) -> str:
    """Head lemma of the counted phrase; the first conjunct's under coordination; a unit
    keeps "square"/"cubic" ("square kilometre"); a capitalised word stays so ("Uyghur")."""
    conj = next((k for k in range(phrase.start + 1, phrase.end)
                 if words[k].low in CONJUNCTIONS and _plural(words[k - 1])), None)
    head = words[conj - 1 if conj is not None else phrase.head]
    lemma = noun_lemma(head.text)
    if head.capitalised and lemma != "person" and not head.text.isupper():
        lemma = lemma[:1].upper() + lemma[1:]
    before = words[(conj - 1 if conj is not None else phrase.head) - 1]
    if before.low in UNIT_MODIFIERS and is_unit(lemma.split()[-1]):
        lemma = f"{before.low} {lemma}"
    return lemma


def _measure_of(head: str) -> str:
    last = head.split()[-1].lower()
    if is_currency(last):
        return "money"
    if is_unit(last) or last in RATE_NOUNS:
        return "other"
    return "count"


def _event(clause: Clause) -> str | None:
    return _joined(clause.verb, clause.participant) if clause.verb else None


def _joined(verb: str, participant: str | None) -> str:
    return f"{verb} {participant}" if participant else verb


def _predicate(words: Sequence[Token], text: str, clause: Clause, purpose: Span | None,
               period: Span | None) -> str | None:
    """The event as typed, from the auxiliary or verb to its last complement."""
    if clause.verb is None:
        return None
    end = clause.end
    for span in (purpose, period):
        # a time inside a phrase stays ("in the 2020 california wildfires"); one after it goes
        if span and clause.start < span.start < end and (
                span is purpose or words[span.start - 1].low in PREPOSITIONS | TIME_LEADS
                or words[span.start].low in TIME_LEADS | RELATIVE_LEADS):
            end = span.start
    while end > clause.start and (words[end - 1].low in PREPOSITIONS | CONJUNCTIONS
                                  or not words[end - 1].is_word):
        end -= 1
    return text[words[clause.start].start:words[end - 1].end] if end > clause.start else None


def _span_text(words: Sequence[Token], text: str, span: Span | None) -> str | None:
    if span is None or span.end <= span.start:
        return None
    return text[words[span.start].start:words[span.end - 1].end].rstrip(",; ")


def _currency(words: Sequence[Token]) -> str:
    """The currency the question names, else dollar."""
    return next((noun_lemma(w.text).lower() for w in words
                 if w.is_word and not w.capitalised and is_currency(w.low)), "dollar")


def _read_how_much(words: Sequence[Token], at: int, roles: dict[int, str],
                   text: str) -> Reading:
    """how much [money] did X cost/spend ...: money, the currency named or dollar; other
    (a percentage) when an intransitive verb changes a magnitude ("did the economy grow")."""
    phrase = None
    if at < len(words) and words[at].low not in AUX and _nominal(words[at]):
        phrase = noun_phrase(words, at, roles, counted=True)
    counted = _phrase_text(words, text, phrase) if phrase else None
    reading = _clause_reading(words, phrase.outer if phrase else at, roles, text, counted,
                              _currency(words))
    reading = _with(reading, measure="money")
    verb = reading.event.split()[0] if reading.event else ""
    clause = read_clause(words, phrase.outer if phrase else at, roles, text)
    if verb and counted is None and not clause.passive and magnitude_verb(verb):
        return _with(reading, measure="other", head="percentage")
    return reading


def _read_how_adjective(words: Sequence[Token], at: int, roles: dict[int, str], text: str,
                        kind: str) -> Reading:
    """how long/far/old/large ...: another magnitude; the unit is the adjective's usual one."""
    unit = {"how long": "day", "how far": "kilometre", "how old": "year"}.get(kind, "metre")
    reading = _with(_clause_reading(words, at, roles, text, None, unit), measure="other")
    for k in range(at, len(words) - 1):  # "... in square kilometres" names the unit
        if words[k].low == "in" and (phrase := noun_phrase(words, k + 1, roles)) is not None \
                and is_unit(noun_lemma(words[phrase.head].text)):
            return _with(reading, counted=_phrase_text(words, text, phrase),
                         head=_counted_head(words, phrase))
    return reading


def _read_tally(words: Sequence[Token], at: int, roles: dict[int, str], text: str) -> Reading:
    """the (estimated) number of X ..., the death toll of X, the crowd at X, the cost of X."""
    tally = words[at].low
    i = at + 1
    if tally in TRANSPARENT and i + 1 < len(words) and words[i].low == "of" \
            and (inner := _tally_after(words, i + 1, lead=False)) is not None:
        return _read_tally(words, inner, roles, text)
    if tally in COUNTS and i < len(words) and words[i].low == "of" \
            and (phrase := noun_phrase(words, i + 1, roles, counted=True)) is not None:
        reading = _counted_reading(words, phrase, roles, text)
        if reading.event is None and phrase.outer < len(words) \
                and words[phrase.outer].low == "at":  # "spectators at the Melbourne Cup"
            return _with(reading, event=_joined(
                "attend", _tally_participant(words, phrase.outer, roles, text)))
        return reading
    if tally in RATE_NOUNS and i < len(words) and words[i].low == "of" \
            and (phrase := noun_phrase(words, i + 1, roles)) is not None:
        reading = _clause_reading(words, phrase.outer, roles, text, words[at].text, "percentage")
        return _with(reading, measure="other")  # "what percentage of voters voted ..."
    if tally in MONEY_NOUNS and i + 1 < len(words) and words[i].low == "of" \
            and words[i + 1].low.endswith("ing") and _verb_at(words, i + 1):
        reading = _clause_reading(words, i + 1, roles, text, None, _currency(words))
        return _with(reading, measure="money")  # "the cost of rebuilding Ukraine"
    before = {w.low for w in words[max(0, at - 3):at]}
    participant = _tally_participant(words, i, roles, text)
    base = Reading(True, "count", None, "person", None, None, (),
                   _span_text(words, text, find_period(words, [], roles)), None)
    if i < len(words) and words[i].low in RELATIVES:  # "the crowd that greeted Nelson Mandela"
        reading = _clause_reading(words, i, roles, text, None, "person")
        if reading.event:
            return _with(base, event=reading.event, predicate=reading.predicate,
                         period=reading.period, purpose=reading.purpose)
    if tally in DEATH_NOUNS or before & DEATH_NOUNS:
        return _with(base, head="death", event=_joined("die", participant))
    if tally in ATTEND_NOUNS:
        if tally == "turnout" and (before & {"voter", "voters", "election", "electoral"} or (
                participant is not None and wn.is_a(participant.split()[-1], "vote"))):
            return _with(base, head="voter", event=_joined("vote", participant))
        return _with(base, event=_joined("attend", participant))
    if tally in MONEY_NOUNS:
        money = _with(base, measure="money", head=_currency(words))
        if tally in SPEND_NOUNS:
            return _with(money, event=_joined("spend", participant))
        if tally in COST_NOUNS:
            return _with(money, event=_joined("cost", participant))
        return money
    if tally in RATE_NOUNS:
        return _with(base, measure="other", head="percentage")
    return base  # population: a static count of people


def _tally_participant(words: Sequence[Token], i: int, roles: dict[int, str],
                       text: str) -> str | None:
    """The event a tally is of: the first noun phrase after of/in/at/from/for/on that is
    neither a place nor a time ("the death toll of the 2010 Haiti earthquake"), or right
    after the tally ("Death toll Morocco earthquake 2023")."""
    if i < len(words) and words[i].is_word and words[i].low not in FUNCTION_WORDS \
            and (phrase := noun_phrase(words, i, roles)) is not None \
            and roles.get(phrase.head) not in ("place", "time"):
        return _participant(words, phrase, roles, text)
    while i < len(words):
        if words[i].low in TALLY_PREPOSITIONS \
                and (phrase := noun_phrase(words, i + 1, roles)) is not None:
            if roles.get(phrase.head) not in ("place", "time"):
                return _participant(words, phrase, roles, text)
            i = phrase.outer
            continue
        i += 1
    return None


def _with(r: Reading, **changes: Any) -> Reading:
    return Reading(**{**{name: getattr(r, name) for name in READING_FIELDS}, **changes})


READING_FIELDS = ("quantitative", "measure", "counted", "head", "event", "predicate", "places",
                  "period", "purpose")


# ---------------------------------------------------------------------------------------------
# Scoring against a question bank (README fields), for the tests and `--bank`

BANK_FIELDS = ("quantitative", "measure", "counted", "counted_head", "event", "place",
               "period", "purpose")


def bank_reading(question: str) -> dict[str, Any]:
    """The reading in the bank's fields: place is a string, a list of several, or None."""
    r = read(question)
    places: Any = None if not r.places else r.places[0] if len(r.places) == 1 else list(r.places)
    return {"quantitative": r.quantitative, "measure": r.measure, "counted": r.counted,
            "counted_head": r.head, "event": r.event, "place": places, "period": r.period,
            "purpose": r.purpose}


def field_matches(name: str, got: Any, want: Any, *, ignore_case: bool = False) -> bool:
    """Places compare as sets; with `ignore_case` strings compare case-insensitively."""
    def norm(value: Any) -> Any:
        if isinstance(value, str):
            return value.lower() if ignore_case else value
        return value

    def as_set(value: Any) -> frozenset[Any]:
        values = [] if value is None else value if isinstance(value, list) else [value]
        return frozenset(norm(v) for v in values)

    if name == "place":
        return as_set(got) == as_set(want)
    return bool(norm(got) == norm(want))


def score(entries: Iterable[dict[str, Any]], *, ignore_case: bool = True
          ) -> tuple[int, dict[str, int], list[tuple[str, list[str]]]]:
    """Entries read fully right, right per field, and the misses (question, wrong fields)."""
    right, per_field, misses = 0, dict.fromkeys(BANK_FIELDS, 0), []
    for entry in entries:
        got = bank_reading(entry["q"])
        wrong = []
        for name in BANK_FIELDS:
            if field_matches(name, got[name], entry[name], ignore_case=ignore_case):
                per_field[name] += 1
            else:
                wrong.append(f"{name}: {got[name]!r}, want {entry[name]!r}")
        right += not wrong
        if wrong:
            misses.append((entry["q"], wrong))
    return right, per_field, misses


def main(argv: Sequence[str]) -> int:
    import yaml

    if len(argv) != 2 or argv[0] != "--bank":
        print("usage: python -m crosstally.reconcile.question --bank PATH", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        entries = yaml.safe_load(f)
    right, per_field, misses = score(entries)
    n = len(entries)
    for q, wrong in misses:
        print(q)
        for line in wrong:
            print("   ", line)
    print(f"\nfully right: {right}/{n} = {right / n:.3f}")
    for name, count in per_field.items():
        print(f"  {name:13s} {count / n:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
