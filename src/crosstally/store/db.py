"""A SQLite file holding documents once each, their passages, and a BM25-ranked index."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Self

from crosstally.store.sqlite import SqliteFile
from crosstally.types import Document, Passage, SourceFailure

PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")
MAX_PASSAGE = 4000
ALL = 1_000_000  # "no limit" for a search


def fts5_match(terms: Sequence[str]) -> str:
    """An FTS5 query matching any of `terms` (each a word or a phrase)."""
    return " OR ".join('"' + t.replace('"', "") + '"' for t in terms)


class Store:
    def __init__(self, path: Path | str) -> None:
        self.file = SqliteFile(Path(path), "store", "give another --db file")
        self.db = self.file.connect(
            resources.files("crosstally.store").joinpath("schema.sql").read_text("utf-8"))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, doc: Document) -> bool:
        """Store a document and its passages; False if the same content is already there."""
        with self.file.errors(f"storing {doc.path}"), self.file.writing(self.db):
            cur = self.db.execute(
                "INSERT OR IGNORE INTO documents VALUES (?,?,?,?,?,?,?,?,?)",
                (doc.id, doc.path, doc.url, doc.title, doc.publisher, doc.date, doc.author,
                 doc.format, doc.text),
            )
            if cur.rowcount == 0:
                return False
            for p in split_passages(doc):
                row = self.db.execute(
                    "INSERT INTO passages (doc_id, start, end, text) VALUES (?,?,?,?)",
                    (doc.id, p.start, p.end, p.text),
                )
                self.db.execute("INSERT INTO passages_fts (rowid, text) VALUES (?,?)",
                                (row.lastrowid, p.text))
        return True

    def add_failure(self, failure: SourceFailure) -> None:
        with self.file.errors(f"storing {failure.path}"), self.file.writing(self.db):
            self.db.execute("INSERT OR REPLACE INTO source_failures VALUES (?,?)",
                            (failure.path, failure.reason))

    def documents(self) -> list[Document]:
        with self.file.errors("reading the documents"):
            rows = self.db.execute(
                "SELECT id, path, text, url, title, publisher, date, author, format "
                "FROM documents ORDER BY path").fetchall()
        return [Document(*row) for row in rows]

    def failures(self) -> list[SourceFailure]:
        with self.file.errors("reading the failures"):
            rows = self.db.execute(
                "SELECT path, reason FROM source_failures ORDER BY path").fetchall()
        return [SourceFailure(*row) for row in rows]

    def search(self, match: str, limit: int) -> list[Passage]:
        """Passages matching an FTS5 query, best BM25 first."""
        with self.file.errors(f"search {match!r}"):
            rows = self.db.execute(
                "SELECT p.doc_id, p.start, p.end, p.text, bm25(passages_fts) AS score "
                "FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
                "WHERE passages_fts MATCH ? ORDER BY score, p.doc_id, p.start LIMIT ?",
                (match, limit),
            ).fetchall()
        return [Passage(*row) for row in rows]

    def passages(self, within: Collection[str] | None = None) -> Iterator[Passage]:
        with self.file.errors("reading the passages"):
            for row in self.db.execute(
                    "SELECT doc_id, start, end, text FROM passages ORDER BY doc_id, start"):
                if within is None or row[0] in within:
                    yield Passage(*row)

    # -- the retrieval interface (crosstally.retrieve.index.Index) ---------------------------

    def holders(self, terms: Sequence[str]) -> set[str]:
        """Ids of the documents with a passage holding any of `terms`."""
        return {p.doc_id for p in self.search(fts5_match(terms), ALL)} if terms else set()

    def ranked(self, terms: Sequence[str], limit: int,
               within: Collection[str] | None = None) -> list[Passage]:
        """Passages holding any of `terms` (of the documents `within`), best BM25 first."""
        if not terms:
            return []
        found = self.search(fts5_match(terms), limit if within is None else ALL)
        return found if within is None else [p for p in found if p.doc_id in within][:limit]


def split_passages(doc: Document) -> Iterator[Passage]:
    """Paragraphs (blank-line separated; long ones cut at sentence ends) with exact spans."""
    for m in PARAGRAPH.finditer(doc.text):
        start, end = m.start(), m.end()
        while end - start > MAX_PASSAGE:
            cut = doc.text.rfind(". ", start, start + MAX_PASSAGE)
            cut = cut + 1 if cut > start else start + MAX_PASSAGE
            yield Passage(doc.id, start, cut, doc.text[start:cut])
            start = cut
            while start < end and doc.text[start].isspace():
                start += 1
        if end > start:
            yield Passage(doc.id, start, end, doc.text[start:end])
