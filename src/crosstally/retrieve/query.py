"""Question -> FTS5 query (terms and their obvious variants) -> ranked passages."""

from __future__ import annotations

import re
from collections.abc import Collection

from crosstally.store import Store
from crosstally.types import Passage

# Function words and question words: never what a question is about.
STOPWORDS = frozenset((
    "how", "many", "much", "what", "which", "who", "whom", "when", "where", "why", "is", "are",
    "was", "were", "be", "been", "being", "have", "has", "had", "do", "does", "did", "the",
    "a", "an", "of", "to", "in", "on", "at", "for", "from", "by", "with", "and", "or", "not",
    "there", "their", "its", "it", "this", "that", "these", "those", "than", "as", "into",
    "about", "over", "under", "per", "all", "any", "each", "every", "some", "such", "only",
    "own", "same", "so", "too", "very", "can", "could", "should", "would", "will", "may",
    "might", "must", "shall", "today", "now", "ever", "total", "number", "during", "across",
    "since", "until", "between", "among", "through", "within",
))

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
# A run of capitalised words ("Hurricane Katrina", "Women's March"): a name.
NAME = re.compile(r"[A-Z][\w-]*(?:'s)?(?:\s+[A-Z][\w-]*(?:'s)?)+")
TOKEN = re.compile(r"[^\W_]+")  # what FTS5's unicode61 tokenizer keeps of a word


def _content_words(question: str) -> list[str]:
    words = []
    for w in WORD.findall(question.lower()):
        w = w.strip("'-").removesuffix("'s")
        if w not in STOPWORDS and len(w) >= 3 and w not in words:
            words.append(w)
    return words


def question_terms(question: str) -> list[str]:
    """Content words of the question plus their variants, in a stable order."""
    terms: list[str] = []
    for group in word_groups(question):
        terms.extend(t for t in group if t not in terms)
    return terms


def word_groups(question: str) -> list[tuple[str, ...]]:
    """One group per content word of the question: the word, then its variants."""
    return [tuple(dict.fromkeys((w, *VARIANTS_OF.get(w, ())))) for w in _content_words(question)]


def names(question: str) -> list[str]:
    """Multi-word names in the question, lowercased, as FTS5 tokens ("women s march");
    a question word opening the question ("How", "What") is not part of a name."""
    out = []
    for m in NAME.finditer(question):
        tokens = TOKEN.findall(m.group(0).lower().removesuffix("'s"))
        if m.start() == 0 and tokens[0] in STOPWORDS:
            tokens = tokens[1:]
        if len(tokens) > 1 and (name := " ".join(tokens)) not in out:
            out.append(name)
    return out


def question_groups(question: str) -> list[tuple[str, ...]]:
    """What a document about the question should contain: each multi-word name as a phrase,
    then each content word with its variants."""
    return [(n,) for n in names(question)] + word_groups(question)


def fts_match(terms: Collection[str]) -> str:
    """An FTS5 query matching any of `terms` (each a word or a phrase)."""
    return " OR ".join('"' + t.replace('"', "") + '"' for t in terms)


def find_passages(store: Store, question: str, limit: int = 400,
                  within: Collection[str] | None = None) -> list[Passage]:
    """Passages matching any question term, best BM25 first; all passages if none match.
    With `within` (document ids), only passages of those documents."""
    def keep(found: list[Passage]) -> list[Passage]:
        return found if within is None else [p for p in found if p.doc_id in within]

    terms = question_terms(question)
    wide = limit if within is None else 1_000_000
    if terms and (found := keep(store.search(fts_match(terms), wide))):
        return found[:limit]
    return keep(list(store.passages()))[:limit]
