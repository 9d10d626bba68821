"""A question over a library: the few documents worth reading, found in the index.

A library may hold 100,000 documents; `select_documents` compares the documents it is given
with one another, so it must not be given all of them. `LibraryIndex` first ranks every
document by the IDF-weighted share of the question's word groups it holds, read from the
full-text index alone (a group's holders are one index lookup; IDF over the whole library, so a
rare name weighs more than "people"), and keeps the best `CANDIDATES`. Only their text is
loaded, and only their passages are searched; `select_documents` then decides among them as it
decides among the files of a folder. A library of `CANDIDATES` documents or fewer is read
whole, so a small library answers exactly as before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from functools import cached_property

from crosstally.library.base import LibraryStore
from crosstally.retrieve.query import question_groups
from crosstally.retrieve.select import _idf
from crosstally.types import Document, Passage, SourceFailure

CANDIDATES = 400  # documents read at most per question (see the docstring)


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
        """Ids of the `limit` documents holding the most of the question's words (IDF
        weighted, ties by id); None (every document) when the library is no larger."""
        if self.size <= limit:
            return None
        score: Counter[str] = Counter()
        for group in question_groups(question):
            held = self._library_holders(group)
            weight = _idf(self.size, len(held))
            for doc_id in held:
                score[doc_id] += weight
        return set(sorted(score, key=lambda i: (-score[i], i))[:limit])

    def _library_holders(self, terms: Sequence[str]) -> set[str]:
        key = tuple(terms)
        if key not in self._holders:
            self._holders[key] = self.library.holders(terms)
        return self._holders[key]

    @cached_property
    def _documents(self) -> list[Document]:
        return self.library.documents(self.candidates)

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
