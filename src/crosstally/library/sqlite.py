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

import dataclasses
import json
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
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
    add_in_transactions,
    batches,
    document_of,
    one_entry,
    outcomes,
    prefix_pattern,
    prepare,
    stories_of,
)
from crosstally.sources.origin import ReadSource, is_url
from crosstally.store.db import fts5_match
from crosstally.store.sqlite import SqliteFile, writing
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
CREATE VIRTUAL TABLE IF NOT EXISTS library_fts USING fts5(
    text, content='', tokenize='porter unicode61'
);
"""
STORIES = """
CREATE TABLE IF NOT EXISTS library_stories (
    num INTEGER PRIMARY KEY,        -- the source's number in the index: band keys name it
    source TEXT NOT NULL UNIQUE,    -- library_sources.id (a row once its index is written)
    story TEXT NOT NULL,            -- the id of the story's first source: copies share it
    size INTEGER NOT NULL,          -- how many word 5-shingles the text has
    signature BLOB NOT NULL,        -- their MinHash signature (crosstally.store.neardup)
    first INTEGER NOT NULL,         -- its passages: library_passages.id first to last,
    last INTEGER NOT NULL           -- written together (none when last < first)
);
CREATE INDEX IF NOT EXISTS library_stories_story ON library_stories(story);
-- LSH band keys of the sources' signatures, in two tables as a log-structured index: a new
-- source's keys go to the small library_bands_new, which is merged into library_bands in
-- key order once it holds MERGE_KEYS (a key inserted at random into the large table would
-- rewrite one of its pages at every commit)
CREATE TABLE IF NOT EXISTS library_bands (
    key INTEGER NOT NULL,
    num INTEGER NOT NULL,           -- library_stories.num
    PRIMARY KEY (key, num)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS library_bands_new (
    key INTEGER NOT NULL,
    num INTEGER NOT NULL,
    PRIMARY KEY (key, num)
) WITHOUT ROWID
"""
SCHEMA += STORIES
HINT = "set CROSSTALLY_HOME to another folder to use another library"
COLUMNS = ", ".join(LISTED)
BATCH = 200  # sources prepared and written at a time when adding many
MERGE_KEYS = 400_000  # band keys of about 10,000 sources: library_bands_new merged past it
CACHE_KIB = 65_536  # SQLite's page cache (the default 2 MB spills a transaction's pages)


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
        self._db = self._file.connect(SCHEMA, upgrade=_upgrade)
        with self._file.errors("opening the library"):
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
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
        return add_in_transactions(sources, batch, self._adding, self._add_batch)

    @contextmanager
    def _adding(self, what: str) -> Iterator[None]:
        with self._file.errors(what), self._file.writing(self._db):
            yield
            self._merge_bands()

    def _merge_bands(self) -> None:
        """The new band keys into the large table, in key order, once there are enough."""
        if self._db.execute("SELECT count(*) FROM library_bands_new").fetchone()[0] >= MERGE_KEYS:
            self._db.execute("INSERT OR IGNORE INTO library_bands SELECT key, num "
                             "FROM library_bands_new")
            self._db.execute("DELETE FROM library_bands_new")

    def _add_batch(self, group: list[Prepared]) -> list[Added]:
        """Sources of distinct origins, in order: unchanged ones refreshed, changed ones
        replacing their older copy, new ones added, with their index and stories."""
        old = dict(self._db.execute(
            "SELECT origin, id FROM library_sources WHERE origin IN (SELECT value FROM "
            "json_each(?))", (json.dumps([p.origin for p in group]),)).fetchall())
        same = [p for p in group if old.get(p.origin) == p.id]
        new = [p for p in group if old.get(p.origin) != p.id]
        self._db.executemany("UPDATE library_sources SET url = ?, title = ?, publisher = ?, "
                             "date = ?, author = ? WHERE id = ?",
                             [(d.url, d.title, d.publisher, d.date, d.author, p.id)
                              for p in same for d in [p.document]])
        for p in new:
            if p.origin in old:
                self._delete(old[p.origin])
        now = self._now()
        self._db.executemany(
            "INSERT INTO library_sources VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(p.id, p.origin, p.kind, d.url, d.title, d.publisher, d.date, d.author, d.format,
              p.source.content_type, p.source.raw, d.text, d.retrieved or now, now)
             for p in new for d in [p.document]])
        self._index(new)
        return outcomes(group, old, self._entries([p.id for p in group]))

    def _index(self, new: list[Prepared]) -> None:
        """Passages, their FTS5 entries, stories and band keys, for sources just inserted."""
        first = self._db.execute("SELECT coalesce(max(id), 0) + 1 FROM library_passages"
                                 ).fetchone()[0]  # the write lock is held: no one else adds
        rows = list(enumerate(((p.id, *row) for p in new for row in p.passage_rows()), first))
        self._db.executemany("INSERT INTO library_passages VALUES (?,?,?,?)",
                             [(i, source, start, end) for i, (source, start, end, _) in rows])
        self._db.executemany("INSERT INTO library_fts (rowid, text) VALUES (?,?)",
                             [(i, text) for i, (*_, text) in rows])
        stories = self._stories_of(new)
        num = self._db.execute("SELECT coalesce(max(num), 0) + 1 FROM library_stories"
                               ).fetchone()[0]
        story_rows = []
        for n, p in enumerate(new, num):
            story_rows.append((n, p.id, stories[p.id], p.size, p.signature,
                               first, first + len(p.spans) - 1))
            first += len(p.spans)
        self._db.executemany("INSERT INTO library_stories VALUES (?,?,?,?,?,?,?)", story_rows)
        # in key order: neighbouring rows of the band index, fewer of its pages written
        self._db.executemany("INSERT OR IGNORE INTO library_bands_new VALUES (?,?)",
                             sorted((key, n) for n, p in enumerate(new, num) for key in p.bands))

    def _stories_of(self, new: list[Prepared]) -> dict[str, str]:
        """Each new source's story (base.stories_of): the stored candidates of the batch's
        band keys read in one query."""
        keys = sorted({key for p in new for key in p.bands})
        rows = self._db.execute(
            "SELECT b.key, s.source, s.story, s.size, s.signature FROM (SELECT key, num FROM "
            "library_bands WHERE key IN (SELECT value FROM json_each(?1)) UNION ALL "
            "SELECT key, num FROM library_bands_new WHERE key IN (SELECT value FROM "
            "json_each(?1))) b JOIN library_stories s ON s.num = b.num ORDER BY s.source",
            (json.dumps(keys),))
        return stories_of(new, rows, self._text_of, self._merge_stories)

    def _text_of(self, source: str) -> str:
        row = self._db.execute("SELECT text FROM library_sources WHERE id = ?",
                               (source,)).fetchone()
        return row[0] if row else ""

    def _merge_stories(self, story: str, others: list[str]) -> None:
        self._db.executemany("UPDATE library_stories SET story = ? WHERE story = ?",
                             [(story, other) for other in others])

    def _delete(self, id_: str) -> None:
        row = self._db.execute("SELECT num, signature, first, last FROM library_stories "
                               "WHERE source = ?", (id_,)).fetchone()
        if row is not None:  # a source of an older crosstally may not have its index yet
            num, signature, first, last = row
            _delete_passages(self._db, id_, first, last)
            from crosstally.store.neardup import band_keys  # numpy: only once indexed

            # its keys are its signature's (stable since the keys were made); a key left over
            # would only make a candidate that the story rule reads and rejects
            for table in ("library_bands", "library_bands_new"):
                self._db.executemany(f"DELETE FROM {table} WHERE key = ? AND num = ?",
                                     [(key, num) for key in band_keys(bytes(signature))])
            self._db.execute("DELETE FROM library_stories WHERE num = ?", (num,))
        self._db.execute("DELETE FROM library_sources WHERE id = ?", (id_,))

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
                for ids in batches(missing, BATCH):
                    prepared = []
                    for id_ in ids:
                        [doc] = self._documents("WHERE id = ?", (id_,))
                        raw = self._db.execute("SELECT raw FROM library_sources WHERE id = ?",
                                               (id_,)).fetchone()[0]
                        p = prepare(ReadSource(doc, bytes(raw)))
                        prepared.append(dataclasses.replace(p, id=id_, origin=doc.path))
                    self._index(prepared)

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

    def _entries(self, ids: list[str]) -> list[LibraryEntry]:
        rows = self._db.execute(f"SELECT {COLUMNS} FROM library_sources WHERE id IN "
                                "(SELECT value FROM json_each(?))", (json.dumps(ids),))
        return [LibraryEntry(*row) for row in rows]

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
                'SELECT s.source, p.start, p."end" FROM library_stories s JOIN library_passages '
                "p ON p.id BETWEEN s.first AND s.last WHERE s.source IN "
                "(SELECT id FROM temp.within) ORDER BY s.source, p.start").fetchall()
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


def _delete_passages(db: sqlite3.Connection, source: str, first: int, last: int) -> None:
    """A source's passages (ids `first` to `last`) and their FTS5 entries: a contentless
    table is told each entry's text to forget it."""
    text = db.execute("SELECT text FROM library_sources WHERE id = ?", (source,)).fetchone()[0]
    rows = db.execute('SELECT id, start, "end" FROM library_passages WHERE id BETWEEN ? AND ?',
                      (first, last)).fetchall()
    db.executemany("INSERT INTO library_fts (library_fts, rowid, text) VALUES ('delete', ?, ?)",
                   [(pid, text[start:end]) for pid, start, end in rows])
    db.execute("DELETE FROM library_passages WHERE id BETWEEN ? AND ?", (first, last))


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute("SELECT * FROM pragma_table_info(?)", (table,))]


def _upgrade(db: sqlite3.Connection) -> None:
    """A library made before band keys named sources by number (stories and band keys by
    source id, passages indexed by source) is brought to SCHEMA in one transaction, from its
    own rows: no text is read or prepared again."""
    if "num" in _columns(db, "library_stories") or "signature" not in _columns(
            db, "library_stories"):
        return  # the current layout, a new file, or not a library (refused by the check)
    with writing(db):
        if "num" in _columns(db, "library_stories"):
            return  # another process upgraded it while this one waited for the lock
        db.execute("ALTER TABLE library_stories RENAME TO old_stories")
        db.execute("ALTER TABLE library_bands RENAME TO old_bands")
        db.execute("DROP INDEX IF EXISTS library_stories_story")
        for statement in STORIES.split(";"):
            db.execute(statement)
        # every crosstally writes a source's passages together, under consecutive ids
        if db.execute("SELECT count(*) FROM (SELECT source FROM library_passages GROUP BY "
                      "source HAVING count(*) != max(id) - min(id) + 1)").fetchone()[0]:
            raise sqlite3.DatabaseError(
                "its passages are not numbered a source at a time, as crosstally writes them; "
                "move the file away and add the sources again")
        db.execute(
            "INSERT INTO library_stories (source, story, size, signature, first, last) "
            "SELECT s.source, s.story, s.size, s.signature, coalesce(min(p.id), 1), "
            "coalesce(max(p.id), 0) FROM old_stories s LEFT JOIN library_passages p "
            "ON p.source = s.source GROUP BY s.source ORDER BY min(s.rowid)")
        db.execute("INSERT INTO library_bands SELECT b.key, s.num FROM old_bands b JOIN "
                   "library_stories s ON s.source = b.source ORDER BY 1, 2")
        for name in ("old_bands", "old_stories"):
            db.execute(f"DROP TABLE {name}")
        db.execute("DROP INDEX IF EXISTS library_passages_source")
