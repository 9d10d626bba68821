"""Question -> words and their WordNet variants -> FTS5 query -> ranked passages."""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache

from crosstally import wordnet
from crosstally.store.db import ALL
from crosstally.store.index import Index
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

WORD = re.compile(r"[a-zA-Z][a-zA-Z'-]+")
# A run of capitalised words ("Hurricane Katrina", "Women's March"): a name.
NAME = re.compile(r"[A-Z][\w-]*(?:'s)?(?:\s+[A-Z][\w-]*(?:'s)?)+")
TOKEN = re.compile(r"[^\W_]+")  # what FTS5's unicode61 tokenizer keeps of a word
SENSES = 2  # a question word's senses whose WordNet relatives are its variants


def variants_of(word: str) -> tuple[str, ...]:
    """`word` (lowercased), its WordNet lemmas, then the words WordNet links to its first two
    senses (synonyms, derivations, entailments, causes) whose own dominant sense links back:
    "died" gives die, death, decease, perish, kill...; "spend" gives spending; "left" gives
    leave, emigrate, leaver... Checking both ways keeps other meanings of a common word out
    ("go" is first of all travel, so it is no variant of "die")."""
    return _variants(word.lower())


@cache
def _variants(word: str) -> tuple[str, ...]:
    own = set(wordnet.lemmas(word)) or {word}
    found = [word, *sorted(own - {word})]
    for other in sorted(wordnet.related(word, senses=SENSES) - set(found)):
        if own & _dominant_relatives(other):
            found.append(other)
    return tuple(found)


@cache
def _dominant_relatives(word: str) -> frozenset[str]:
    return frozenset(wordnet.related(word, senses=1))


def inflections(word: str) -> tuple[str, ...]:
    """Regular English inflections of a one-word noun or verb lemma (none for a word that is
    itself an inflected form): plural or third person (-s, -es, -ies), past (-ed, -d, -ied)
    and -ing. Irregular forms ("spent", "fled") are not made; a form that English lacks
    only matches nothing."""
    if " " in word or "-" in word:
        return ()
    out: list[str] = []
    if wordnet.lemmas(word, "n") == (word,):
        out.append(_plural(word))
    if wordnet.lemmas(word, "v") == (word,):
        out += [_plural(word), _past(word), _gerund(word)]
    return tuple(dict.fromkeys(out))


def _plural(w: str) -> str:
    if w.endswith(("s", "x", "z", "ch", "sh")):
        return w + "es"
    return w[:-1] + "ies" if _consonant_y(w) else w + "s"


def _past(w: str) -> str:
    if w.endswith("e"):
        return w + "d"
    return w[:-1] + "ied" if _consonant_y(w) else w + "ed"


def _gerund(w: str) -> str:
    if w.endswith("ie"):
        return w[:-2] + "ying"
    return w[:-1] + "ing" if w.endswith("e") and not w.endswith("ee") else w + "ing"


def _consonant_y(w: str) -> bool:
    return len(w) > 2 and w.endswith("y") and w[-2] not in "aeiou"


def _content_words(question: str) -> list[tuple[str, str]]:
    """(word, kind) for each content word, once: kind "name" inside a multi-word name
    ("Hurricane Katrina"), "proper" for another capitalised word past the first ("Russia"),
    else "common"."""
    spans = [m.span() for m in NAME.finditer(question)]
    words: list[tuple[str, str]] = []
    for m in WORD.finditer(question):
        w = m.group(0).strip("'-").removesuffix("'s").lower()
        if w in STOPWORDS or len(w) < 3 or any(w == seen for seen, _ in words):
            continue
        if any(a <= m.start() < b for a, b in spans):
            words.append((w, "name"))
        else:
            words.append((w, "proper" if m.start() and m.group(0)[0].isupper() else "common"))
    return words


def _group(word: str, kind: str) -> tuple[str, ...]:
    """A name stands for itself; a proper noun adds its lemmas and derived forms ("Russia":
    Russian, "Rwandan": Rwanda), not its synonyms ("Manila": manila paper); a common word
    adds its variants and their regular inflections (exact-word matching needs "deaths" and
    "died"; FTS5's porter stemmer has "die" and "died" apart)."""
    if kind == "name":
        return (word,)
    if kind == "proper":
        more = [*wordnet.lemmas(word), *sorted(wordnet.derived(word, senses=1))]
        return tuple(dict.fromkeys((word, *more)))
    forms = variants_of(word)
    return tuple(dict.fromkeys((*forms, *(f for v in forms for f in inflections(v)))))


def question_terms(question: str) -> list[str]:
    """Content words of the question plus their WordNet variants and inflections, in a
    stable order."""
    terms: list[str] = []
    for group in word_groups(question):
        terms.extend(t for t in group if t not in terms)
    return terms


def word_groups(question: str) -> list[tuple[str, ...]]:
    """One group per content word of the question: the word, then its WordNet variants."""
    return [_group(w, kind) for w, kind in _content_words(question)]


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


def find_passages(store: Index, question: str, limit: int = 400,
                  within: Collection[str] | None = None) -> list[Passage]:
    """Passages matching any question term, best BM25 first; all passages if none match.
    With `within` (the documents about the question), every passage of those documents:
    the matching ones first, best BM25 first, then the rest in document order, since a
    paragraph of an article on the event is about it whether or not it repeats the question's
    words ("the wave killed 230,000")."""
    terms = question_terms(question)
    if within is None:
        found = store.ranked(terms, limit)
        return found or list(store.passages())[:limit]
    found = store.ranked(terms, ALL, within)
    seen = {(p.doc_id, p.start) for p in found}
    rest = [p for p in store.passages(within) if (p.doc_id, p.start) not in seen]
    return (found + rest)[:limit]
