"""A question over a library: the few documents worth reading, found in the index.

A library may hold 100,000 documents; `select_documents` compares the documents it is given
with one another, so it must not be given all of them. `LibraryIndex` picks the candidates from
the full-text index alone:

- **question words**: every document holding one of the question's word groups is scored by
  the IDF-weighted share of the groups it holds (a group's holders are one index lookup; IDF
  over the whole library, so a rare name weighs more than "people"). The best documents (at
  least 80% of the best score, ten at most) are the seeds.
- **the seeds' vocabulary**: articles on one event share its names, places and nouns even
  where they word the question differently ("fled the draft" for "left to avoid
  conscription"). The terms most seeds hold and few of the best-scored documents do are looked
  up in the index, each weighed by how many seeds hold it and its IDF over the library; the
  documents holding a quarter of their weight join the seeds. A document that only repeats
  the question's common words ("men", "left") without the event's vocabulary is not read.

At most `CANDIDATES` are kept and only their text is loaded; `select_documents` then decides
among them as it decides among the files of a folder. A library of `CANDIDATES` documents or
fewer is read whole, so a small library answers exactly as before.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from functools import cached_property

from crosstally.library.base import LibraryStore
from crosstally.retrieve.query import STOPWORDS, question_groups
from crosstally.retrieve.select import _idf
from crosstally.types import Document, Passage, SourceFailure

CANDIDATES = 400  # documents read at most per question (see the docstring)
MAX_SEEDS = 10  # the best documents by question words whose vocabulary widens the candidates
SEED_SHARE = 0.8  # a seed holds at least this share of the best document's question words
RARE_IN_POOL = 0.1  # a seed term held by at most this share of the rest of the pool is the
# seeds' own
VOCABULARY = 20  # such terms looked up in the index
COMMON_SHARE, COMMON_FLOOR = 20, 50  # a seed term in more passages than 1/20 of the documents
# (and 50) is common, not the event's own: not looked up further
MIN_CHOSEN = 4  # fewer candidates than this: the best by question words are added
SHARED_WEIGHT = 0.25  # a document holding this share of their weight joins the candidates
TOKEN = re.compile(r"[a-z][a-z]{3,}")


class LibraryIndex:
    """The retrieval interface (crosstally.store.index.Index) over a library, restricted to
    the candidates for one question. Extraction failures are kept for the report."""

    def __init__(self, library: LibraryStore, question: str,
                 limit: int = CANDIDATES) -> None:
        self.library = library
        self._holders: dict[tuple[str, ...], set[str]] = {}
        self._failures: list[SourceFailure] = []
        self.size = library.count()
        self.candidates = self._candidates(question, limit)

    def _candidates(self, question: str, limit: int) -> set[str] | None:
        """Ids of the documents to read (see the module docstring); None (every document)
        when the library holds no more than `limit`."""
        if self.size <= limit:
            return None
        score: defaultdict[str, float] = defaultdict(float)
        for group in question_groups(question):
            held = self._library_holders(group)
            weight = _idf(self.size, len(held))
            for doc_id in held:
                score[doc_id] += weight
        # the best `limit`, as sorted(...)[:limit] gives them, without sorting the whole
        # library (a common question word is held by half of it)
        pool = heapq.nsmallest(limit, score, key=lambda i: (-score[i], i))
        if not pool:
            return set()
        best = score[pool[0]]
        seeds = [i for i in pool[:MAX_SEEDS] if score[i] >= SEED_SHARE * best]
        joined = self._sharing_vocabulary(seeds, pool)
        chosen = list(dict.fromkeys([*seeds, *joined]))
        if len(chosen) < MIN_CHOSEN:  # no vocabulary of their own: the best by question words
            chosen = list(dict.fromkeys([*chosen, *pool]))
        return set(chosen[:limit])

    def _sharing_vocabulary(self, seeds: list[str], pool: list[str]) -> list[str]:
        """Documents sharing the seeds' own vocabulary, most shared first: an article on the
        event that words the question differently ('fled the draft'). The vocabulary: terms
        most seeds hold and few documents of the pool do (the event's names, places and
        nouns), each weighed by how many seeds hold it and its IDF over the whole library; a
        document joins when the terms it holds weigh `SHARED_WEIGHT` of them all."""
        texts = {d.id: d.text for d in self.library.documents(pool)}
        held = {i: _terms(texts.get(i, "")) for i in pool}
        in_pool = Counter(t for terms in held.values() for t in terms)
        in_seeds = Counter(t for i in seeds for t in held[i])
        need = min(2, len(seeds))
        own = sorted((t for t, n in in_seeds.items()
                      if n >= need and in_pool[t] - n <= len(pool) * RARE_IN_POOL),
                     key=lambda t: (-in_seeds[t], in_pool[t], t))[:VOCABULARY]
        weight: dict[str, float] = {}
        holders: dict[str, set[str]] = {}
        common = max(COMMON_FLOOR, self.size // COMMON_SHARE)  # passages holding a common term
        for term in own:
            docs = self.library.holders([term], at_most=common)
            if docs is not None:
                holders[term] = docs
                weight[term] = in_seeds[term] * _idf(self.size, len(docs))
        total = sum(weight.values())
        shared: defaultdict[str, float] = defaultdict(float)
        for term, docs in holders.items():
            for doc_id in docs:
                shared[doc_id] += weight[term]
        return sorted((i for i, w in shared.items() if total and w >= SHARED_WEIGHT * total),
                      key=lambda i: (-shared[i], i))

    def _library_holders(self, terms: Sequence[str]) -> set[str]:
        key = tuple(terms)
        if key not in self._holders:
            self._holders[key] = self.library.holders(terms) or set()
        return self._holders[key]

    @cached_property
    def _documents(self) -> list[Document]:
        return self.library.documents(self.candidates)  # texts loaded again: a few MB at most

    @cached_property
    def _text(self) -> dict[str, str]:
        return {d.id: d.text for d in self._documents}

    def documents(self) -> list[Document]:
        return list(self._documents)

    def holders(self, terms: Sequence[str]) -> set[str]:
        held = self._library_holders(terms)
        return held if self.candidates is None else held & self.candidates

    def ranked(self, terms: Sequence[str], limit: int,
               within: Collection[str] | None = None) -> list[Passage]:
        found = self.library.ranked(terms, self._restrict(within))
        return [self._with_text(p) for p in found[:limit]]

    def passages(self, within: Collection[str] | None = None) -> list[Passage]:
        return [self._with_text(p) for p in self.library.spans(self._restrict(within))]

    def stories(self, ids: Collection[str]) -> dict[str, str]:
        return self.library.stories(ids)

    def add_failure(self, failure: SourceFailure) -> None:
        self._failures.append(failure)

    def failures(self) -> list[SourceFailure]:
        return sorted(set(self._failures), key=lambda f: f.path)

    def _restrict(self, within: Collection[str] | None) -> Collection[str]:
        known = self._text.keys()
        return known if within is None else [i for i in within if i in known]

    def _with_text(self, p: Passage) -> Passage:
        return Passage(p.doc_id, p.start, p.end, self._text[p.doc_id][p.start:p.end], p.rank)


def _terms(text: str) -> set[str]:
    return {w for w in TOKEN.findall(text.lower()) if w not in STOPWORDS}
