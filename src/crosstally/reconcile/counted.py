"""What a related figure counts when its own words do not say ("338,000 joined the march",
"the figure was 54,000"): a noun phrase of the same source, taken as written, whose head is
the question's counted thing or a kind of it (WordNet): "protesters" when people are asked
about. The nearest one before the figure in its sentence wins, then one after it in the
sentence, then the nearest in the text just before; a figure stays without one rather than
borrow a phrase from further away.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from crosstally import wordnet
from crosstally.reconcile.evidence import SUPPLETIVE, prepare
from crosstally.reconcile.relate import Relation
from crosstally.types import Estimate, Target

# Nouns that name a tally, not what it counts (closed class: "the figure", "the total").
TALLY_NOUNS = frozenset(["figure", "figures", "estimate", "estimates", "total", "totals",
                         "count", "counts", "number", "numbers", "tally", "tallies", "toll",
                         "tolls", "amount", "sum", "it", "them", "those", "these"])
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
CLAUSE_END = re.compile(r"[,;:.!?()]")
LOOK_BACK = 300  # characters before the figure's sentence searched for the phrase
MODIFIERS = 2  # words kept before the head ("black-clad protesters")


def name_counted(estimates: Sequence[Estimate], relations: Sequence[Relation], target: Target,
                 contexts: Sequence[str]) -> list[Estimate]:
    """Estimates related to the question whose `counted` is empty or a tally noun get the
    nearest phrase of their source that names what the question counts."""
    names = _Names(target)
    out = []
    for e, r, text in zip(estimates, relations, contexts, strict=True):
        if r.relation != "unrelated" and _needs_name(e.counted) \
                and e.kind in ("count", "money", "percent", "fraction"):
            found = _nearest_phrase(e, text, names)
            e = replace(e, counted=found) if found else e
        out.append(e)
    return out


class _Names:
    """The nouns that say what the question counts: its counted thing, the kinds of it and, for
    people, the wider words for people it is a kind of ("people" for men); the nouns of its
    event ("deaths" for died, "attendance" for attended, "spending" for spent), and the people
    an event of people counts ("victims" for a death toll); for money, the nouns of possession
    WordNet files with cost ("budget", "cost")."""

    def __init__(self, target: Target) -> None:
        head = target.head if target.measure == "count" else None
        verb = (target.event or "").split()[:1]
        self.event = frozenset(w for v in verb for w in wordnet.derived(v, "v")
                               if wordnet.lemmas(w, "n")) - TALLY_NOUNS - set(verb)
        # a toll of deaths counts the people who died: persons name it too
        self.heads = frozenset(filter(None, [head, "person" if head in self.event else None]))
        people = [h for h in self.heads if wordnet.is_a(h, "person", "n", senses=1)
                  and not wordnet.is_a(h, "animal", "n", senses=2)]  # a tiger is no person
        self.wider = frozenset(w for w in (
            *(w for h in people for w in wordnet.hypernyms(h, "n", depth=3, senses=1)),
            *(prepare(target).people_of_place if people else ()))
            if wordnet.is_a(w, "person", "n", senses=1))
        self.money = target.measure == "money"

    def __call__(self, word: str) -> bool:
        return _names(word.lower(), self.heads, self.wider, self.event, self.money)


@cache
def _names(low: str, heads: frozenset[str], wider: frozenset[str], event: frozenset[str],
           money: bool) -> bool:
    if low in TALLY_NOUNS:
        return False
    # A plural reads as its base form only ("parks" is a park, not the person WordNet lists)
    lemmas = set(wordnet.lemmas(low, "n"))
    lemmas = (lemmas - {low} or lemmas) | ({SUPPLETIVE[low]} if low in SUPPLETIVE else set())
    if lemmas & (event | wider):
        return True
    if any(lemma == head or wordnet.is_a(lemma, head, "n", senses=1)
           for head in heads for lemma in lemmas):
        return True
    return money and any("noun.possession" in wordnet.lexnames(lemma, "n", senses=1)
                         for lemma in lemmas)


def _needs_name(counted: str | None) -> bool:
    return not counted or counted.split()[-1].lower() in TALLY_NOUNS


def _nearest_phrase(e: Estimate, text: str, names: _Names) -> str | None:
    before, after = e.around
    sentence_start = e.start - len(before)
    windows = (
        (before, True),  # the figure's sentence before it, nearest last
        (after, False),  # then after it
        (text[max(0, sentence_start - LOOK_BACK):max(0, sentence_start)], True),
    )
    for chunk, from_end in windows:
        if not from_end:  # after the figure, only its own clause
            chunk = CLAUSE_END.split(chunk, maxsplit=1)[0]
        words = list(WORD.finditer(chunk))
        for k in (range(len(words) - 1, -1, -1) if from_end else range(len(words))):
            if names(words[k].group(0)) and not _speaks(words, k, chunk):
                first = k
                while first > 0 and k - first < MODIFIERS and _modifier(words[first - 1], words,
                                                                       first, chunk):
                    first -= 1
                return chunk[words[first].start():words[k].end()]
    return None


def _speaks(words: list[re.Match[str]], k: int, chunk: str) -> bool:
    """The noun gives the figure rather than being counted by it: followed by a verb of
    saying or thinking ("officials said", "organisers believe") or after "according to"."""
    if k + 1 < len(words) and words[k + 1].start() - words[k].end() <= 1 \
            and _saying(words[k + 1].group(0).lower()):
        return True
    return chunk[max(0, words[k].start() - 40):words[k].start()].lower().rstrip().endswith(
        ("according to", "according to the", "by the", "by"))


@cache
def _saying(word: str) -> bool:
    return any(lex in ("verb.communication", "verb.cognition")
               for lemma in wordnet.lemmas(word, "v")
               for lex in wordnet.lexnames(lemma, "v", senses=1))


def _modifier(word: re.Match[str], words: list[re.Match[str]], at: int, chunk: str) -> bool:
    """A word that modifies the noun after it: adjacent (a space between), an adjective or a
    noun, not a function word."""
    gap = chunk[word.end():words[at].start()]
    text = word.group(0)
    pos = wordnet.parts_of_speech(text.lower())
    compound = not pos and "-" in text  # "black-clad", "mid-sized"
    if gap != " " or len(text) <= 2 or "noun.quantity" in wordnet.lexnames(text.lower(), "n"):
        return False  # not adjacent, a function word, or a number word ("billion")
    return compound or bool(pos & {"a", "n"}) and "v" not in pos
