"""The library in one SQLite file (`library.sqlite` in `CROSSTALLY_HOME`, else the user data
folder): the default home.

Per source it keeps the raw bytes it was read from, the text crosstally extracted (offsets in
reports refer to it), the metadata, where it came from (`origin`: an absolute path or a URL
without credentials) and when it was retrieved, so a report can be re-checked later against the
exact text it used; and, written in the same transaction, its passages (spans into the text),
their FTS5 entries (contentless: the words are indexed, the text is kept once) and its story
(LSH band keys, see crosstally.store.neardup). An id is a hash of origin and bytes: adding the
same thing twice keeps one entry, and a changed page replaces the older copy of the same origin.

The file runs in WAL mode: questions read while another process adds, and two processes adding
take turns a batch at a time. A library made by an older crosstally (sources only) gets its
index when it is first opened.

Every SQLite failure (disk full, a read-only or damaged file, another application's database)
is a LibraryError of one line naming the file and what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from crosstally.library.base import (
    LISTED,
    MIN_PREFIX,
    Addable,
    Added,
    LibraryEntry,
    LibraryError,
    Prepared,
    document_of,
    one_entry,
    prefix_pattern,
    prepare,
    prepare_all,
)
from crosstally.sources.origin import ReadSource, is_url
from crosstally.store.db import fts5_match
from crosstally.store.sqlite import SqliteFile
from crosstally.types import Document, Passage, SourceFailure

SCHEMA = """
CREATE TABLE IF NOT EXISTS library_sources (
    id TEXT PRIMARY KEY,            -- hash of origin and raw bytes
    origin TEXT NOT NULL UNIQUE,    -- absolute path, or the URL as asked (no credentials)
    kind TEXT NOT NULL,             -- file | url
    url TEXT,                       -- where the bytes came from after redirects, or the URL a
                                    -- file's own metadata names
    title TEXT, publisher TEXT, date TEXT, author TEXT,
    format TEXT NOT NULL,
    content_type TEXT,
    raw BLOB NOT NULL,              -- the bytes as read or downloaded
    text TEXT NOT NULL,             -- the extracted text; offsets refer to it
    retrieved TEXT NOT NULL,        -- ISO 8601 UTC: downloaded, or read from disk
    added TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS library_passages (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,           -- library_sources.id
    start INTEGER NOT NULL,         -- the passage is text[start:end] of its source
    "end" INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS library_passages_source ON library_passages(source);
CREATE VIRTUAL TABLE IF NOT EXISTS library_fts USING fts5(
    text, content='', tokenize='porter unicode61'
);
CREATE TABLE IF NOT EXISTS library_stories (
    source TEXT PRIMARY KEY,        -- library_sources.id; a row once its index is written
    story TEXT NOT NULL,            -- the id of the story's first source: copies share it
    size INTEGER NOT NULL,          -- how many word 5-shingles the text has
    signature BLOB NOT NULL         -- their MinHash signature (crosstally.store.neardup)
);
CREATE INDEX IF NOT EXISTS library_stories_story ON library_stories(story);
CREATE TABLE IF NOT EXISTS library_bands (
    key INTEGER NOT NULL,           -- an LSH band key of the source's MinHash signature
    source TEXT NOT NULL,
    PRIMARY KEY (key, source)
) WITHOUT ROWID;
"""
HINT = "set CROSSTALLY_HOME to another folder to use another library"
COLUMNS = ", ".join(LISTED)
BATCH = 200  # sources per transaction when adding many


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class SqliteLibrary:
    def __init__(self, path: Path | str, *, now: Callable[[], str] = _now) -> None:
        self.path = Path(path)
        self.where = str(self.path)
        self._now = now
        self._file = SqliteFile(self.path, "library", HINT, LibraryError)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise LibraryError(f"{self.path}: cannot create its folder ({err.strerror}); "
                               f"{HINT}") from err
        self._db = self._file.connect(SCHEMA)
        with self._file.errors("opening the library"):
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
        self._index_older_entries()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- adding ---------------------------------------------------------------------------

    def add(self, source: ReadSource) -> Added:
        """Keep a read source; the same origin with new bytes replaces the older copy. Another
        process adding the same origin at the same time waits, then finds it unchanged."""
        [added] = self.add_many([source])
        assert isinstance(added, Added)  # a read source is never a failure
        return added

    def add_many(self, sources: Iterable[Addable], batch: int = BATCH
                 ) -> Iterator[Added | SourceFailure]:
        for items in prepare_all(sources, batch):
            group = [p for p in items if isinstance(p, Prepared)]
            if group:
                what = group[0].origin if len(group) == 1 else f"{len(group)} sources"
                with self._file.errors(f"adding {what}"), self._file.writing(self._db):
                    done = [self._add(p) for p in group]
                yield from done
            yield from (f for f in items if isinstance(f, SourceFailure))

    def _add(self, p: Prepared) -> Added:
        doc = p.document
        old = self._db.execute("SELECT id FROM library_sources WHERE origin = ?",
                               (p.origin,)).fetchone()
        if old and old[0] == p.id:
            self._refresh(p.id, doc)
            return Added("unchanged", self._entry(p.id))
        now = self._now()
        if old:
            self._delete(old[0])
        self._db.execute(
            "INSERT INTO library_sources VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (p.id, p.origin, p.kind, doc.url, doc.title, doc.publisher, doc.date, doc.author,
             doc.format, p.source.content_type, p.source.raw, doc.text, doc.retrieved or now,
             now))
        self._index(p)
        return Added("updated" if old else "added", self._entry(p.id), old[0] if old else None)

    def _index(self, p: Prepared) -> None:
        """Passages, their FTS5 entries, band keys and story, for a source just inserted."""
        first = self._db.execute("SELECT coalesce(max(id), 0) + 1 FROM library_passages"
                                 ).fetchone()[0]  # the write lock is held: no one else adds
        rows = list(enumerate(p.passage_rows(), first))
        self._db.executemany('INSERT INTO library_passages VALUES (?,?,?,?)',
                             [(i, p.id, start, end) for i, (start, end, _) in rows])
        self._db.executemany("INSERT INTO library_fts (rowid, text) VALUES (?,?)",
                             [(i, text) for i, (_, _, text) in rows])
        self._db.execute("INSERT INTO library_stories VALUES (?,?,?,?)",
                         (p.id, self._story(p), p.size, p.signature))
        self._db.executemany("INSERT OR IGNORE INTO library_bands VALUES (?,?)",
                             [(key, p.id) for key in p.bands])

    def _story(self, p: Prepared) -> str:
        """The story of the stored copies this source repeats (merging theirs when it joins
        several), else its own id."""
        from crosstally.store.neardup import Candidate, same_story, shingles, worth_reading

        if not p.bands:
            return p.id
        marks = ",".join("?" * len(p.bands))
        candidates = self._db.execute(
            "SELECT source, story, size, signature FROM library_stories WHERE source IN "
            f"(SELECT source FROM library_bands WHERE key IN ({marks}))", p.bands).fetchall()
        found = set()
        shingled: set[int] | None = None  # computed only if a candidate is read
        stored = [Candidate(other, story, size, sig) for other, story, size, sig in candidates]
        for c in worth_reading(p.signature, p.size, stored):
            if c.story in found:
                continue
            row = self._db.execute("SELECT text FROM library_sources WHERE id = ?",
                                   (c.source,)).fetchone()
            shingled = shingles(p.document.text) if shingled is None else shingled
            if row and same_story(shingled, shingles(row[0])):
                found.add(c.story)
        if not found:
            return p.id
        story, *others = sorted(found)
        for other in others:
            self._db.execute("UPDATE library_stories SET story = ? WHERE story = ?",
                             (story, other))
        return story

    def _delete(self, id_: str) -> None:
        text = self._db.execute("SELECT text FROM library_sources WHERE id = ?",
                                (id_,)).fetchone()[0]
        for pid, start, end in self._db.execute(
                'SELECT id, start, "end" FROM library_passages WHERE source = ?',
                (id_,)).fetchall():
            self._db.execute("INSERT INTO library_fts (library_fts, rowid, text) "
                             "VALUES ('delete', ?, ?)", (pid, text[start:end]))
        for table, column in (("library_passages", "source"), ("library_bands", "source"),
                              ("library_stories", "source"), ("library_sources", "id")):
            self._db.execute(f"DELETE FROM {table} WHERE {column} = ?", (id_,))

    def _index_older_entries(self) -> None:
        """Sources kept by a crosstally from before the index get theirs, once."""
        with self._file.errors("indexing the library"):
            counts = [self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                      for table in ("library_sources", "library_stories")]
            if counts[0] == counts[1]:  # every source has its index (the usual case, quick)
                return
            missing = [row[0] for row in self._db.execute(
                "SELECT id FROM library_sources WHERE id NOT IN "
                "(SELECT source FROM library_stories) ORDER BY added, origin")]
            if not missing:
                return
            with self._file.writing(self._db):
                for id_ in missing:
                    [doc] = self._documents("WHERE id = ?", (id_,))
                    raw = self._db.execute("SELECT raw FROM library_sources WHERE id = ?",
                                           (id_,)).fetchone()[0]
                    p = prepare(ReadSource(doc, bytes(raw)))
                    self._index(Prepared(p.source, id_, doc.path, p.kind, p.spans, p.size,
                                         p.signature, p.bands))

    def _refresh(self, id_: str, doc: Document) -> None:
        """Metadata as the readers now read it (a file's URL, a title found in its text):
        adding an unchanged source again brings an older entry up to date."""
        self._db.execute("UPDATE library_sources SET url = ?, title = ?, publisher = ?, "
                         "date = ?, author = ? WHERE id = ?",
                         (doc.url, doc.title, doc.publisher, doc.date, doc.author, id_))

    # -- listing, finding, removing -------------------------------------------------------

    def entries(self) -> list[LibraryEntry]:
        with self._file.errors("listing the sources"):
            rows = self._db.execute(
                f"SELECT {COLUMNS} FROM library_sources ORDER BY added, origin").fetchall()
        return [LibraryEntry(*row) for row in rows]

    def count(self) -> int:
        with self._file.errors("counting the sources"):
            return int(self._db.execute("SELECT count(*) FROM library_sources").fetchone()[0])

    def raw(self, key: str) -> bytes:
        """The bytes a source was read from."""
        entry = self.find(key)
        with self._file.errors(f"reading {entry.id}"):
            row = self._db.execute("SELECT raw FROM library_sources WHERE id = ?",
                                   (entry.id,)).fetchone()
        return bytes(row[0])

    def find(self, key: str) -> LibraryEntry:
        """The source with this id, id prefix (at least 4 characters) or origin."""
        key = key.strip()
        with self._file.errors(f"looking up {key!r}"):
            rows = self._db.execute(f"SELECT {COLUMNS} FROM library_sources WHERE origin = ? "
                                    "OR id = ?", (key, key)).fetchall()
            if not rows and len(key) >= MIN_PREFIX:
                rows = self._db.execute(
                    f"SELECT {COLUMNS} FROM library_sources WHERE id LIKE ?",
                    (prefix_pattern(key),)).fetchall()
            if not rows and not is_url(key) and Path(key).exists():
                rows = self._db.execute(
                    f"SELECT {COLUMNS} FROM library_sources WHERE origin = ?",
                    (str(Path(key).resolve()),)).fetchall()
        return one_entry(rows, key, self.where)

    def remove(self, key: str) -> LibraryEntry:
        entry = self.find(key)
        with self._file.errors(f"removing {entry.id}"), self._file.writing(self._db):
            self._delete(entry.id)
        return entry

    def _entry(self, id_: str) -> LibraryEntry:
        row = self._db.execute(f"SELECT {COLUMNS} FROM library_sources WHERE id = ?",
                               (id_,)).fetchone()
        return LibraryEntry(*row)

    # -- reading the index ----------------------------------------------------------------

    def documents(self, ids: Collection[str] | None = None) -> list[Document]:
        """Every source (or those with these ids) as the pipeline reads it: `doc` is the
        origin, `url` the web address."""
        with self._file.errors("reading the sources"):
            if ids is None:
                return self._documents("", ())
            self._within(ids)
            return self._documents("WHERE id IN (SELECT id FROM temp.within)", ())

    def _documents(self, where: str, args: Sequence[object]) -> list[Document]:
        rows = self._db.execute(
            "SELECT id, origin, text, url, title, publisher, date, author, format, kind, "
            f"retrieved FROM library_sources {where} ORDER BY origin", args).fetchall()
        return [document_of(row) for row in rows]

    def holders(self, terms: Sequence[str], at_most: int | None = None) -> set[str] | None:
        if not terms:
            return set()
        with self._file.errors("searching the index"):
            if at_most is not None:
                rows = self._db.execute(
                    "SELECT p.source FROM library_fts JOIN library_passages p "
                    "ON p.id = library_fts.rowid WHERE library_fts MATCH ? LIMIT ?",
                    (fts5_match(terms), at_most + 1)).fetchall()
                return None if len(rows) > at_most else {row[0] for row in rows}
            # a source once per passage: the set drops the repeats, quicker than DISTINCT
            return {row[0] for row in self._db.execute(
                "SELECT p.source FROM library_fts JOIN library_passages p "
                "ON p.id = library_fts.rowid WHERE library_fts MATCH ?", (fts5_match(terms),))}

    def ranked(self, terms: Sequence[str], within: Collection[str]) -> list[Passage]:
        if not terms:
            return []
        with self._file.errors("searching the index"):
            self._within(within)
            rows = self._db.execute(
                'SELECT p.source, p.start, p."end", bm25(library_fts) AS score '
                "FROM library_fts JOIN library_passages p ON p.id = library_fts.rowid "
                "WHERE library_fts MATCH ? AND p.source IN (SELECT id FROM temp.within) "
                "ORDER BY score, p.source, p.start", (fts5_match(terms),)).fetchall()
        return [Passage(source, start, end, "", score) for source, start, end, score in rows]

    def spans(self, within: Collection[str]) -> list[Passage]:
        with self._file.errors("reading the passages"):
            self._within(within)
            rows = self._db.execute(
                'SELECT source, start, "end" FROM library_passages '
                "WHERE source IN (SELECT id FROM temp.within) ORDER BY source, start").fetchall()
        return [Passage(source, start, end, "") for source, start, end in rows]

    def stories(self, ids: Collection[str]) -> dict[str, str]:
        with self._file.errors("reading the stories"):
            self._within(ids)
            rows = self._db.execute(
                "SELECT source, story FROM library_stories "
                "WHERE source IN (SELECT id FROM temp.within)").fetchall()
        return dict(rows)

    def _within(self, ids: Collection[str]) -> None:
        """The ids a query is restricted to, in a temporary table of this connection."""
        self._db.execute("CREATE TEMP TABLE IF NOT EXISTS within (id TEXT PRIMARY KEY)")
        self._db.execute("DELETE FROM temp.within")
        self._db.executemany("INSERT OR IGNORE INTO temp.within VALUES (?)",
                             [(i,) for i in ids])


