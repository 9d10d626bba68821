"""The persistent library: sources a user added once and asks over many times.

One SQLite file (`library.sqlite` in `CROSSTALLY_HOME`, else the user data folder) keeps, per
source, the raw bytes it was read from, the text crosstally extracted (offsets in reports refer
to it), the metadata, where it came from (`origin`: an absolute path or a URL without
credentials) and when it was retrieved, so a report can be re-checked later against the exact
text it used. An id is a hash of origin and bytes: adding the same thing twice keeps one entry,
and a changed page replaces the older copy of the same origin.

Every SQLite failure (disk full, a read-only or damaged file, another application's database)
is a LibraryError of one line naming the file and what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from crosstally.errors import StoreError
from crosstally.sources.fields import Fields
from crosstally.sources.metadata import complete
from crosstally.store.sqlite import SqliteFile
from crosstally.types import Document
from crosstally.web.gather import ReadSource, is_url
from crosstally.web.page import source_id

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
"""
HINT = "set CROSSTALLY_HOME to another folder to use another library"
LISTED = "id, origin, kind, url, title, publisher, date, author, format, retrieved, added"
MIN_PREFIX = 4


class LibraryError(StoreError):
    """A library that cannot be opened, or an id that names no source."""


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    id: str
    origin: str
    kind: str
    url: str | None
    title: str | None
    publisher: str | None
    date: str | None
    author: str | None
    format: str
    retrieved: str
    added: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "publisher": self.publisher,
                "date": self.date, "origin": self.origin, "kind": self.kind, "url": self.url,
                "author": self.author, "format": self.format, "retrieved": self.retrieved,
                "added": self.added}


@dataclass(frozen=True, slots=True)
class Added:
    """What `add` did: 'added', 'unchanged' (same origin and bytes), or 'updated' (the origin's
    bytes changed; `replaced` is the old id)."""

    status: str
    entry: LibraryEntry
    replaced: str | None = None


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class Library:
    def __init__(self, path: Path | str, *, now: Callable[[], str] = _now) -> None:
        self.path = Path(path)
        self._now = now
        self._file = SqliteFile(self.path, "library", HINT, LibraryError)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise LibraryError(f"{self.path}: cannot create its folder ({err.strerror}); "
                               f"{HINT}") from err
        self._db = self._file.connect(SCHEMA)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, source: ReadSource) -> Added:
        """Keep a read source; the same origin with new bytes replaces the older copy. Another
        process adding the same origin at the same time waits, then finds it unchanged."""
        doc = source.document
        kind = "url" if is_url(doc.path) else "file"
        origin = doc.path if kind == "url" else str(Path(doc.path).resolve())
        new_id = source_id(origin, source.raw)
        with self._file.errors(f"adding {origin}"), self._file.writing(self._db):
            old = self._db.execute("SELECT id FROM library_sources WHERE origin = ?",
                                   (origin,)).fetchone()
            if old and old[0] == new_id:
                self._refresh(new_id, doc)
                return Added("unchanged", self._entry(new_id))
            now = self._now()
            if old:
                self._db.execute("DELETE FROM library_sources WHERE id = ?", (old[0],))
            self._db.execute(
                "INSERT INTO library_sources VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (new_id, origin, kind, doc.url, doc.title,
                 doc.publisher, doc.date, doc.author, doc.format, source.content_type,
                 source.raw, doc.text, doc.retrieved or now, now))
            return Added("updated" if old else "added", self._entry(new_id),
                         old[0] if old else None)

    def _refresh(self, id_: str, doc: Document) -> None:
        """Metadata as the readers now read it (a file's URL, a title found in its text):
        adding an unchanged source again brings an older entry up to date."""
        self._db.execute("UPDATE library_sources SET url = ?, title = ?, publisher = ?, "
                         "date = ?, author = ? WHERE id = ?",
                         (doc.url, doc.title, doc.publisher, doc.date, doc.author, id_))

    def entries(self) -> list[LibraryEntry]:
        with self._file.errors("listing the sources"):
            rows = self._db.execute(
                f"SELECT {LISTED} FROM library_sources ORDER BY added, origin").fetchall()
        return [LibraryEntry(*row) for row in rows]

    def documents(self) -> list[Document]:
        """Every source as the pipeline reads it: `doc` is the origin, `url` the web address."""
        with self._file.errors("reading the sources"):
            rows = self._db.execute(
                "SELECT id, origin, text, url, title, publisher, date, author, format, kind, "
                "retrieved FROM library_sources ORDER BY origin").fetchall()
        return [_document(row) for row in rows]

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
            rows = self._db.execute(f"SELECT {LISTED} FROM library_sources WHERE origin = ? "
                                    "OR id = ?", (key, key)).fetchall()
            if not rows and len(key) >= MIN_PREFIX:
                rows = self._db.execute(
                    f"SELECT {LISTED} FROM library_sources WHERE id LIKE ?",
                    (key.lower().replace("%", "").replace("_", "") + "%",)).fetchall()
            if not rows and not is_url(key) and Path(key).exists():
                rows = self._db.execute(
                    f"SELECT {LISTED} FROM library_sources WHERE origin = ?",
                    (str(Path(key).resolve()),)).fetchall()
        if len(rows) > 1:
            ids = ", ".join(r[0] for r in rows)
            raise LibraryError(f"{key!r} matches several sources ({ids}); give more of the id")
        if not rows:
            raise LibraryError(f"no source {key!r} in the library at {self.path}; "
                               "`crosstally sources` lists the ids")
        return LibraryEntry(*rows[0])

    def remove(self, key: str) -> LibraryEntry:
        entry = self.find(key)
        with self._file.errors(f"removing {entry.id}"), self._file.writing(self._db):
            self._db.execute("DELETE FROM library_sources WHERE id = ?", (entry.id,))
        return entry

    def _entry(self, id_: str) -> LibraryEntry:
        row = self._db.execute(f"SELECT {LISTED} FROM library_sources WHERE id = ?",
                               (id_,)).fetchone()
        return LibraryEntry(*row)


def _document(row: tuple[Any, ...]) -> Document:
    """A library row as a Document, its metadata completed as the readers do today (an entry
    added by an older crosstally may lack a title or hold a placeholder)."""
    id_, origin, text, url, title, publisher, date, author, fmt, kind, retrieved = row
    fields = complete(Fields(text=text, url=url, title=title, publisher=publisher, date=date,
                             author=author, format=fmt), url=origin if kind == "url" else None)
    return Document(id=id_, path=origin, text=text, url=fields.url, title=fields.title,
                    publisher=fields.publisher, date=fields.date, author=fields.author,
                    format=fmt, retrieved=retrieved if kind == "url" else None)
