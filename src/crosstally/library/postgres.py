"""The library in PostgreSQL, for an archive several people or processes share:
`--db postgresql://...` or `CROSSTALLY_DATABASE_URL`.

The same tables as the SQLite file (crosstally.library.sqlite), with PostgreSQL's own full-text
search: each passage keeps a `tsvector` (the 'english' configuration: stemmed, as SQLite's
porter tokenizer is) under a GIN index, and passages are ranked with `ts_rank_cd`.

Writers take turns: each batch of sources is one transaction that first takes a transaction
advisory lock, so a source's origin is looked up and its story found against everything added
before it, as in SQLite. Questions read a consistent snapshot and never wait for writers.

Every database failure is a LibraryError of one line naming the database (its URL without the
password) and what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Self
from urllib.parse import urlsplit, urlunsplit

import psycopg

from crosstally.library.base import (
    LISTED,
    MIN_PREFIX,
    Addable,
    Added,
    LibraryEntry,
    LibraryError,
    Prepared,
    add_in_transactions,
    document_of,
    one_entry,
    outcomes,
    prefix_pattern,
    stories_of,
)
from crosstally.sources.origin import ReadSource, is_url
from crosstally.types import Document, Passage, SourceFailure

SCHEMA = """
CREATE TABLE IF NOT EXISTS library_sources (
    id TEXT PRIMARY KEY,
    origin TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    url TEXT,
    title TEXT, publisher TEXT, date TEXT, author TEXT,
    format TEXT NOT NULL,
    content_type TEXT,
    raw BYTEA NOT NULL,
    text TEXT NOT NULL,
    retrieved TEXT NOT NULL,
    added TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS library_passages (
    id BIGSERIAL PRIMARY KEY,
    source TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    tsv TSVECTOR NOT NULL
);
CREATE INDEX IF NOT EXISTS library_passages_source ON library_passages (source);
CREATE INDEX IF NOT EXISTS library_passages_tsv ON library_passages USING GIN (tsv);
CREATE TABLE IF NOT EXISTS library_words (
    source TEXT PRIMARY KEY,
    tsv TSVECTOR NOT NULL           -- every lexeme of the source's passages, no positions
);
CREATE INDEX IF NOT EXISTS library_words_tsv ON library_words USING GIN (tsv);
CREATE TABLE IF NOT EXISTS library_stories (
    source TEXT PRIMARY KEY,
    story TEXT NOT NULL,
    size INTEGER NOT NULL,
    signature BYTEA NOT NULL
);
CREATE INDEX IF NOT EXISTS library_stories_story ON library_stories (story);
CREATE TABLE IF NOT EXISTS library_bands (
    key BIGINT NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (key, source)
);
"""
LOCK = 0x63726F7373  # the advisory lock writers and schema creation take ("cross")
CONFIG = "english"
COLUMNS = ", ".join(LISTED)
BATCH = 200  # sources prepared and written at a time when adding many
HINT = ("check that the server is running and the URL is right (--db or "
        "CROSSTALLY_DATABASE_URL)")


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def without_password(url: str) -> str:
    """The URL as it may be shown: no password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def tsquery(terms: Sequence[str]) -> tuple[str, list[str]]:
    """SQL for a tsquery matching any of `terms` (a phrase keeps its word order), and its
    parameters."""
    sql = " || ".join(f"phraseto_tsquery('{CONFIG}', %s)" for _ in terms)
    return sql, list(terms)


class PostgresLibrary:
    def __init__(self, url: str, *, now: Callable[[], str] = _now) -> None:
        self.url = url
        self.where = without_password(url)
        self._now = now
        with self._errors("opening the library"):
            try:
                self._db = psycopg.connect(url, autocommit=True)
            except psycopg.OperationalError as err:
                raise LibraryError(f"{self.where}: cannot connect to the library "
                                   f"({_first_line(err)}); {HINT}") from err
            self._db.execute("SET client_min_messages = warning")
            with self._db.transaction():
                self._db.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))
                self._check_tables()
                self._db.execute(SCHEMA)
                self._index_older_entries()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except psycopg.Error as err:
            raise LibraryError(f"{self.where}: {doing} failed ({_first_line(err)}); "
                               f"{HINT}") from err

    def _index_older_entries(self) -> None:
        """A library made before `library_words` existed gets it, once (schema lock held)."""
        words, stories = self._db.execute(
            "SELECT (SELECT count(*) FROM library_words), "
            "(SELECT count(*) FROM library_stories)").fetchone() or (0, 0)
        if words != stories:
            self._index_words()

    def _check_tables(self) -> None:
        found = [row[0] for row in self._db.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name = 'library_sources' ORDER BY ordinal_position")]
        expected = ["id", "origin", "kind", "url", "title", "publisher", "date", "author",
                    "format", "content_type", "raw", "text", "retrieved", "added"]
        if found and found != expected:
            raise LibraryError(f"{self.where}: not a crosstally library: its table "
                               "library_sources has other columns; use another database")

    # -- adding ---------------------------------------------------------------------------

    def add(self, source: ReadSource) -> Added:
        [added] = self.add_many([source])
        assert isinstance(added, Added)  # a read source is never a failure
        return added

    def add_many(self, sources: Iterable[Addable], batch: int = BATCH
                 ) -> Iterator[Added | SourceFailure]:
        """A batch is written in a few round trips (a statement per table, not per source): on
        a busy machine every round trip waits for the server to be scheduled."""
        return add_in_transactions(sources, batch, self._adding, self._add_batch)

    @contextmanager
    def _adding(self, what: str) -> Iterator[None]:
        with self._errors(what), self._db.transaction():
            self._db.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))
            yield

    def _add_batch(self, group: list[Prepared]) -> list[Added]:
        """Sources of distinct origins, in order: unchanged ones refreshed, changed ones
        replacing their older copy, new ones added, with their index and stories."""
        old: dict[str, str] = dict(self._db.execute(
            "SELECT origin, id FROM library_sources WHERE origin = ANY(%s)",
            ([p.origin for p in group],)).fetchall())
        same = [p for p in group if old.get(p.origin) == p.id]
        new = [p for p in group if old.get(p.origin) != p.id]
        now = self._now()
        with self._db.cursor() as cur:
            if same:
                cur.executemany(
                    "UPDATE library_sources SET url = %s, title = %s, publisher = %s, "
                    "date = %s, author = %s WHERE id = %s",
                    [(d.url, d.title, d.publisher, d.date, d.author, p.id)
                     for p in same for d in [p.document]])
            for p in new:
                if p.origin in old:
                    self._delete(old[p.origin])
            if new:
                cur.executemany(
                    f"INSERT INTO library_sources VALUES ({', '.join(['%s'] * 14)})",
                    [(p.id, p.origin, p.kind, d.url, d.title, d.publisher, d.date, d.author,
                      d.format, p.source.content_type, p.source.raw, d.text,
                      d.retrieved or now, now) for p in new for d in [p.document]])
                rows = [(p.id, start, end, text) for p in new
                        for start, end, text in p.passage_rows()]
                if rows:  # one statement over arrays: a row at a time costs the server more
                    cur.execute(
                        'INSERT INTO library_passages (source, start, "end", tsv) '
                        f"SELECT s, b, e, to_tsvector('{CONFIG}', t) FROM unnest(%s::text[], "
                        "%s::int[], %s::int[], %s::text[]) WITH ORDINALITY AS r(s, b, e, t, n) "
                        "ORDER BY n", [list(column) for column in zip(*rows, strict=True)])
                self._index_words([p.id for p in new])
                stories = self._stories_of(new)
                cur.executemany("INSERT INTO library_stories VALUES (%s, %s, %s, %s)",
                                [(p.id, stories[p.id], p.size, p.signature) for p in new])
                bands = [(key, p.id) for p in new for key in p.bands]
                if bands:
                    cur.execute("INSERT INTO library_bands SELECT * FROM unnest(%s::bigint[], "
                                "%s::text[]) ON CONFLICT DO NOTHING",
                                [list(column) for column in zip(*bands, strict=True)])
        return outcomes(group, old, self._entries([p.id for p in group]))

    def _index_words(self, ids: list[str] | None = None) -> None:
        """The document-level words of these sources (or of every source without them): the
        union of their passages' lexemes, so that `holders` of a common word reads one row
        per document instead of one per passage."""
        sources = "unnest(%s::text[]) AS s(source)" if ids is not None else \
            "library_stories s WHERE s.source NOT IN (SELECT source FROM library_words)"
        self._db.execute(
            "INSERT INTO library_words (source, tsv) SELECT s.source, coalesce((SELECT "
            "array_to_tsvector(array_agg(DISTINCT lexeme)) FROM library_passages p, "
            "unnest(tsvector_to_array(p.tsv)) AS lexeme WHERE p.source = s.source), ''::tsvector"
            f") FROM {sources}", [] if ids is None else [ids])

    def _stories_of(self, new: list[Prepared]) -> dict[str, str]:
        """Each new source's story (base.stories_of): the stored candidates of the batch's
        band keys read in one query."""
        keys = list({key for p in new for key in p.bands})
        rows = self._db.execute(
            "SELECT b.key, s.source, s.story, s.size, s.signature FROM library_bands b "
            "JOIN library_stories s ON s.source = b.source WHERE b.key = ANY(%s) "
            "ORDER BY s.source", (keys,)).fetchall()
        return stories_of(new, rows, self._text_of, self._merge_stories)

    def _text_of(self, source: str) -> str:
        row = self._db.execute("SELECT text FROM library_sources WHERE id = %s",
                               (source,)).fetchone()
        return row[0] if row else ""

    def _merge_stories(self, story: str, others: list[str]) -> None:
        self._db.execute("UPDATE library_stories SET story = %s WHERE story = ANY(%s)",
                         (story, others))

    def _delete(self, id_: str) -> None:
        row = self._db.execute("SELECT signature FROM library_stories WHERE source = %s",
                               (id_,)).fetchone()
        if row is not None:  # its band keys, found by key (the index), not by a scan
            from crosstally.store.neardup import band_keys  # numpy: only once indexed

            self._db.execute("DELETE FROM library_bands WHERE key = ANY(%s) AND source = %s",
                             (band_keys(bytes(row[0])), id_))
        for table, column in (("library_passages", "source"), ("library_words", "source"),
                              ("library_stories", "source"), ("library_sources", "id")):
            self._db.execute(f"DELETE FROM {table} WHERE {column} = %s", (id_,))

    # -- listing, finding, removing -------------------------------------------------------

    def entries(self) -> list[LibraryEntry]:
        with self._errors("listing the sources"):
            rows = self._db.execute(f"SELECT {COLUMNS} FROM library_sources "
                                    'ORDER BY added, origin COLLATE "C"').fetchall()
        return [LibraryEntry(*row) for row in rows]

    def count(self) -> int:
        with self._errors("counting the sources"):
            row = self._db.execute("SELECT count(*) FROM library_sources").fetchone()
        return int(row[0]) if row else 0

    def raw(self, key: str) -> bytes:
        entry = self.find(key)
        with self._errors(f"reading {entry.id}"):
            row = self._db.execute("SELECT raw FROM library_sources WHERE id = %s",
                                   (entry.id,)).fetchone()
        return bytes(row[0]) if row else b""

    def find(self, key: str) -> LibraryEntry:
        key = key.strip()
        with self._errors(f"looking up {key!r}"):
            rows = self._db.execute(f"SELECT {COLUMNS} FROM library_sources WHERE origin = %s "
                                    "OR id = %s", (key, key)).fetchall()
            if not rows and len(key) >= MIN_PREFIX:
                rows = self._db.execute(f"SELECT {COLUMNS} FROM library_sources "
                                        "WHERE id LIKE %s", (prefix_pattern(key),)).fetchall()
            if not rows and not is_url(key) and Path(key).exists():
                rows = self._db.execute(f"SELECT {COLUMNS} FROM library_sources "
                                        "WHERE origin = %s", (str(Path(key).resolve()),)
                                        ).fetchall()
        return one_entry(rows, key, self.where)

    def remove(self, key: str) -> LibraryEntry:
        entry = self.find(key)
        with self._errors(f"removing {entry.id}"), self._db.transaction():
            self._db.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))
            self._delete(entry.id)
        return entry

    def _entries(self, ids: list[str]) -> list[LibraryEntry]:
        rows = self._db.execute(f"SELECT {COLUMNS} FROM library_sources WHERE id = ANY(%s)",
                                (ids,)).fetchall()
        return [LibraryEntry(*row) for row in rows]

    # -- reading the index ----------------------------------------------------------------

    def documents(self, ids: Collection[str] | None = None) -> list[Document]:
        select = ("SELECT id, origin, text, url, title, publisher, date, author, format, kind, "
                  "retrieved FROM library_sources")
        with self._errors("reading the sources"):
            if ids is None:
                rows = self._db.execute(f'{select} ORDER BY origin COLLATE "C"').fetchall()
            else:
                rows = self._db.execute(f'{select} WHERE id = ANY(%s) ORDER BY origin '
                                        'COLLATE "C"', (list(ids),)).fetchall()
        return [document_of(row) for row in rows]

    def holders(self, terms: Sequence[str], at_most: int | None = None) -> set[str] | None:
        if not terms:
            return set()
        query, args = tsquery(terms)
        with self._errors("searching the index"):
            if at_most is not None:
                rows = self._db.execute(
                    f"SELECT source FROM library_passages WHERE tsv @@ ({query}) LIMIT %s",
                    [*args, at_most + 1]).fetchall()
                return None if len(rows) > at_most else {row[0] for row in rows}
            # a single word is looked up among documents (one row each, `library_words`), a
            # phrase among passages (word order); both say which documents hold it
            sizes = self._db.execute(
                f"SELECT numnode(phraseto_tsquery('{CONFIG}', t)) FROM unnest(%s::text[]) t",
                (list(terms),)).fetchall()
            words = [t for t, (n,) in zip(terms, sizes, strict=True) if n <= 1]
            phrases = [t for t, (n,) in zip(terms, sizes, strict=True) if n > 1]
            found: set[str] = set()
            if words:
                query, args = tsquery(words)
                with self._db.transaction():
                    # the planner reads a common word's documents sequentially, matching every
                    # row's tsvector (read from TOAST): ten times the GIN index's bitmap scan
                    self._db.execute("SET LOCAL enable_seqscan = off")
                    found.update(row[0] for row in self._db.execute(
                        f"SELECT source FROM library_words WHERE tsv @@ ({query})", args))
            if phrases:
                query, args = tsquery(phrases)
                found.update(row[0] for row in self._db.execute(
                    f"SELECT DISTINCT source FROM library_passages WHERE tsv @@ ({query})",
                    args))
            return found

    def ranked(self, terms: Sequence[str], within: Collection[str]) -> list[Passage]:
        if not terms:
            return []
        query, args = tsquery(terms)
        with self._errors("searching the index"):
            # the passages of a few documents first (B-tree on source), then the match: the
            # GIN index would visit every passage of the library holding a common word
            rows = self._db.execute(
                'WITH mine AS MATERIALIZED (SELECT source, start, "end", tsv '
                "FROM library_passages WHERE source = ANY(%s)) "
                f'SELECT source, start, "end", ts_rank_cd(tsv, q) AS score '
                f"FROM mine, (SELECT {query}) AS q(q) WHERE tsv @@ q "
                'ORDER BY score DESC, source COLLATE "C", start', [list(within), *args]
            ).fetchall()
        return [Passage(source, start, end, "", -score) for source, start, end, score in rows]

    def spans(self, within: Collection[str]) -> list[Passage]:
        with self._errors("reading the passages"):
            rows = self._db.execute(
                'SELECT source, start, "end" FROM library_passages WHERE source = ANY(%s) '
                'ORDER BY source COLLATE "C", start', (list(within),)).fetchall()
        return [Passage(source, start, end, "") for source, start, end in rows]

    def stories(self, ids: Collection[str]) -> dict[str, str]:
        with self._errors("reading the stories"):
            rows = self._db.execute("SELECT source, story FROM library_stories "
                                    "WHERE source = ANY(%s)", (list(ids),)).fetchall()
        return {source: story for source, story in rows}


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__

