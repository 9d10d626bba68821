"""Question -> FTS5 query (terms and their obvious variants) -> ranked passages."""

from __future__ import annotations

import re

from crosstally.store import Store
from crosstally.types import Passage

STOPWORDS = frozenset("""
how many much what which who whom when where why is are was were be been being have has had do
does did the a an of to in on at for from by with and or not there their its it this that these
those than as into about over under per all any each every some such only own same so too very
can could should would will may might must shall today now ever total number
""".split())

# Obvious variants of common predicates and populations, as data: one group per line.
VARIANTS = [
    "leave left fled flee fleeing emigrate emigrated emigration emigrants exodus depart departed departures exit outflow relocated relocation abroad",
    "die died dead deaths death killed fatalities toll mortality",
    "spend spent spending cost costs budget invested investment bill price",
    "men people persons individuals citizens",
    "worker workers labourers laborers employees",
    "build built building construction constructing constructed",
    "connection connected linked related tied",
    "avoid evade evasion evaders dodge draft conscription mobilisation mobilization call-up",
]
VARIANTS_OF = {w: tuple(line.split()) for line in VARIANTS for w in line.split()}
WORD = re.compile(r"[a-zA-Z][a-zA-Z'-]+")


def question_terms(question: str) -> list[str]:
    """Content words of the question plus their variants, in a stable order."""
    terms: list[str] = []
    for w in WORD.findall(question.lower()):
        w = w.strip("'-")
        if w in STOPWORDS or len(w) < 3:
            continue
        for t in (w, *VARIANTS_OF.get(w, ())):
            if t not in terms:
                terms.append(t)
    return terms


def find_passages(store: Store, question: str, limit: int = 400) -> list[Passage]:
    """Passages matching any question term, best BM25 first; all passages if none match."""
    terms = question_terms(question)
    if terms:
        match = " OR ".join('"' + t.replace('"', "") + '"' for t in terms)
        if found := store.search(match, limit):
            return found
    return list(store.passages())[:limit]
