"""Which stored documents are about the question, before any passage is read.

A library holds many topics; a question asks about one. Two signals, both computed over the
whole store, decide:

- **question words**: the IDF-weighted share of the question's word groups (each content word
  with its WordNet variants and their inflections, a proper noun with its derived forms, each
  multi-word name as a phrase) that a document contains, relative to the best document. "Katrina" or "tsunami" weigh a lot, "people" or "died" little.
- **topic words**: the cosine between a document's TF-IDF vector and the centroid of the
  documents that share the most question words (the seeds), relative to how close the seeds
  are to one another. Documents on one event share its vocabulary (names, places, the event's
  own nouns) even where they do not repeat every word of the question.

A document is kept when the product of the two reaches `ABOUT`: it must share enough of the
question's words *and* read like the documents that share them most. A seed is kept too unless
it reads unlike the other seeds (in a small store the seeds include documents that share only
a few of the question's words: "fled" and "draft" are no WordNet kin of "left" and
"conscription", yet the document is about the question). Then every document most
of whose nearest neighbours (by the same vectors) are kept is kept too, until none is left:
an article on the event that happens not to repeat the question's words sits among articles
on the event, while one on another march or another famine sits among its own kind. A folder
on one topic so keeps all its documents.

IDF is computed as if the store also held `BACKGROUND` documents on other subjects: in a
folder of one topic every document names the event, and without that prior its name would
look as common as "the".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from crosstally.retrieve.query import STOPWORDS, question_groups
from crosstally.store.index import Index
from crosstally.types import Document

BACKGROUND = 50  # documents on other subjects assumed beside the store (see the docstring)
SEED_SHARE = 0.8  # seeds hold at least this share of the best document's question words
MIN_SEEDS = 3
ABOUT = 0.5  # keep a document when question-word share x topic closeness reaches this
CLOSE = 0.5  # a seed reading at least this close to the other seeds is kept whatever its share
NEIGHBOURS = 3  # a document joins the kept ones when most of these nearest ones are kept
SALIENT = 60  # heaviest terms of each document compared when finding its neighbours
TOKEN = re.compile(r"[a-z][a-z]+")

Vector = dict[str, float]


@dataclass(frozen=True, slots=True)
class DocumentScore:
    """Why a document was kept or left out: its share of the question's words (1.0 for the
    best document), its closeness to the seeds' vocabulary (1.0 for a typical seed)."""

    doc_id: str
    words: float
    topic: float

    @property
    def about(self) -> float:
        return self.words * self.topic


@dataclass(frozen=True, slots=True)
class Selection:
    """The documents about the question (`kept`, ids in store order) and every score."""

    kept: tuple[str, ...]
    scores: tuple[DocumentScore, ...]


def select_documents(store: Index, question: str,
                     documents: Sequence[Document] | None = None) -> Selection:
    """The stored documents about `question`; all of them when the question has no content
    words, no document has any of them, or the store holds too few documents to tell topics
    apart."""
    docs = list(store.documents() if documents is None else documents)
    groups = question_groups(question)
    words = _word_shares(store, groups, [d.id for d in docs]) if groups else {}
    if len(docs) <= MIN_SEEDS or not any(words.values()):
        return Selection(tuple(d.id for d in docs), ())
    vectors = _vectors(docs)
    ranked = sorted(words, key=lambda i: -words[i])
    seeds = [i for i in ranked if words[i] >= SEED_SHARE]
    if len(seeds) < MIN_SEEDS:
        seeds = ranked[:MIN_SEEDS]
    topic = _closeness(vectors, seeds)
    scores = tuple(DocumentScore(d.id, words[d.id], topic[d.id]) for d in docs)
    about = {s.doc_id for s in scores
             if s.about >= ABOUT or (s.doc_id in seeds and s.topic >= CLOSE)}
    kept = _with_neighbours(about, _neighbours(vectors))
    return Selection(tuple(d.id for d in docs if d.id in kept), scores)


def _neighbours(vectors: dict[str, Vector]) -> dict[str, list[str]]:
    """Each document's `NEIGHBOURS` most similar documents, on their `SALIENT` heaviest terms."""
    short = {i: _unit(dict(sorted(v.items(), key=lambda kv: -kv[1])[:SALIENT]))
             for i, v in vectors.items()}
    postings: dict[str, list[tuple[str, float]]] = {}
    for i, v in short.items():
        for t, x in v.items():
            postings.setdefault(t, []).append((i, x))
    out = {}
    for i, v in short.items():
        sims: dict[str, float] = {}
        for t, x in v.items():
            for j, y in postings[t]:
                if j != i:
                    sims[j] = sims.get(j, 0.0) + x * y
        out[i] = sorted(sims, key=lambda j: -sims[j])[:NEIGHBOURS]
    return out


def _with_neighbours(kept: set[str], near: dict[str, list[str]]) -> set[str]:
    """Add, until none is left, every document most of whose nearest neighbours are kept."""
    kept = set(kept)
    while grown := {i for i, ns in near.items()
                    if i not in kept and 2 * sum(n in kept for n in ns) > len(ns)}:
        kept |= grown
    return kept


def _idf(n_docs: int, df: int) -> float:
    return math.log((n_docs + BACKGROUND + 1) / (df + 0.5))


def _word_shares(store: Index, groups: Sequence[tuple[str, ...]],
                 ids: Sequence[str]) -> dict[str, float]:
    """Each document's IDF-weighted share of the question's word groups, best = 1.0."""
    known = set(ids)
    holders = [store.holders(g) & known for g in groups]
    weights = [_idf(len(ids), len(h)) for h in holders]
    total = sum(weights)
    share = {i: sum(w for w, h in zip(weights, holders) if i in h) / total for i in ids}
    best = max(share.values(), default=0.0)
    return {i: s / best if best else 0.0 for i, s in share.items()}


def _vectors(docs: Sequence[Document]) -> dict[str, Vector]:
    """Unit-length TF-IDF vectors (log term frequency) of each document's content words."""
    counts = {d.id: Counter(_stem(w) for w in TOKEN.findall(d.text.lower())
                            if w not in STOPWORDS) for d in docs}
    df = Counter(t for c in counts.values() for t in c)
    out = {}
    for doc_id, c in counts.items():
        v = {t: (1 + math.log(n)) * _idf(len(docs), df[t]) for t, n in c.items()}
        out[doc_id] = _unit(v)
    return out


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _unit(v: Vector) -> Vector:
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {t: x / norm for t, x in v.items()}


def _cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


def _centroid(vectors: dict[str, Vector], members: Sequence[str]) -> Vector:
    total: Vector = {}
    for m in members:
        for t, x in vectors[m].items():
            total[t] = total.get(t, 0.0) + x
    return _unit(total)


def _closeness(vectors: dict[str, Vector], seeds: Sequence[str]) -> dict[str, float]:
    """Cosine of each document to the seeds' centroid (a seed: to the other seeds'), divided
    by the median seed's, so 1.0 reads 'as close as a typical seed'."""
    centre = _centroid(vectors, seeds)
    close = {i: _cosine(v, centre) for i, v in vectors.items()}
    for s in seeds:
        close[s] = _cosine(vectors[s], _centroid(vectors, [o for o in seeds if o != s]))
    typical = sorted(close[s] for s in seeds)[len(seeds) // 2]
    return {i: c / typical if typical > 0 else 1.0 for i, c in close.items()}
