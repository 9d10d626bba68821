"""What every library keeps and the one interface its two homes (a SQLite file, a PostgreSQL
database) implement.

A library is the index: when a source is added, its raw bytes, its text, its passages (exact
character spans), their full-text index entries and its story (the near-duplicates it copies)
are written once, in one transaction. A question then reads the index, never every document:
`holders` says which documents hold a word, `ranked` which passages match best, `documents`
loads the text of only the documents asked for.
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from crosstally.errors import StoreError
from crosstally.sources.fields import Fields
from crosstally.sources.files import read_or_explain
from crosstally.sources.metadata import complete
from crosstally.sources.origin import ReadSource, is_url, source_id
from crosstally.store.db import split_passages
from crosstally.types import Document, Passage, SourceFailure

if TYPE_CHECKING:
    from crosstally.store.neardup import Candidate  # numpy: imported where stories are made

MIN_PREFIX = 4
BATCH_BYTES = 32 * 1024 * 1024  # the files of one batch, at most (beyond a single one)
WORKERS = 2  # processes preparing sources while the library writes
NICE = 10  # their priority below the writing process's
AHEAD = 2  # batches being prepared while one is written
TASK = 20  # sources a worker prepares at a time
Addable = ReadSource | SourceFailure | Path  # what add_many takes: a path is read there
LISTED = ("id", "origin", "kind", "url", "title", "publisher", "date", "author", "format",
          "retrieved", "added")


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


@dataclass(frozen=True, slots=True)
class Prepared:
    """A read source with everything its index entries need, computed before any lock is
    taken: id, origin, passage spans, shingles, MinHash signature and LSH band keys."""

    source: ReadSource
    id: str
    origin: str
    kind: str
    spans: tuple[tuple[int, int], ...]
    shingled: bytes  # the text's word 5-shingles (neardup.shingle_hashes) as "<u4" values
    signature: bytes
    bands: tuple[int, ...]

    @property
    def document(self) -> Document:
        return self.source.document

    @property
    def size(self) -> int:
        """How many word 5-shingles the text has."""
        return len(self.shingled) // 4

    def passage_rows(self) -> Iterator[tuple[int, int, str]]:
        text = self.document.text
        for start, end in self.spans:
            yield start, end, text[start:end]


def prepare(source: ReadSource) -> Prepared:
    from crosstally.store.neardup import band_keys, shingle_hashes, signature  # numpy

    doc = source.document
    kind = "url" if is_url(doc.path) else "file"
    origin = doc.path if kind == "url" else os.path.realpath(doc.path)
    shingled = shingle_hashes(doc.text)
    sig = signature(shingled)
    return Prepared(source, source_id(origin, source.raw), origin, kind,
                    tuple((p.start, p.end) for p in split_passages(doc)),
                    shingled.astype("<u4").tobytes(), sig, tuple(band_keys(sig)))


def read_and_prepare(item: Addable) -> Prepared | SourceFailure:
    """`prepare` for a read source; a local file's path is read first (in the worker, so the
    writing process neither reads files nor receives their bytes twice)."""
    if isinstance(item, SourceFailure):
        return item
    if isinstance(item, Path):
        read = read_or_explain(item)
        if isinstance(read, SourceFailure):
            return read
        item = ReadSource(*read)
    return prepare(item)


def prepare_all(sources: Iterable[Addable], batch: int
                ) -> Iterator[list[Prepared | SourceFailure]]:
    """`read_and_prepare` for each item, `batch` at a time (fewer where their files weigh
    BATCH_BYTES), in worker processes (one per core, AHEAD batches prepared while the caller
    writes one); memory holds AHEAD + 1 batches at most. The workers run at a lower priority:
    the caller's writing is the slower side, and it should never wait for a core. Without a
    second core, in this process."""
    chunks = batches(sources, batch)
    first = next(chunks, [])
    second = next(chunks, None)
    workers = min(WORKERS, os.cpu_count() or 1)
    if workers < 2 or second is None:  # one batch in all: not worth starting workers
        if first:
            yield [read_and_prepare(s) for s in first]
        return
    import crosstally.store.neardup  # noqa: F401  (numpy) loaded once, before the workers fork

    with multiprocessing.get_context("fork").Pool(workers, os.nice, (NICE,)) as pool:
        pending: collections.deque[Any] = collections.deque()
        for chunk in itertools.chain([first, second], chunks):
            # small tasks: a worker that finishes first takes the next one
            pending.append(pool.map_async(read_and_prepare, chunk, chunksize=TASK))
            if len(pending) > AHEAD:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


class LibraryStore(Protocol):
    """One interface, two homes: `SqliteLibrary` (the default, one file) and
    `PostgresLibrary` (a shared archive). The same test suite runs against both."""

    where: str  # the file, or the database URL without its password: named in every error

    def close(self) -> None: ...

    def add(self, source: ReadSource) -> Added: ...

    def add_many(self, sources: Iterable[Addable], batch: int = ...
                 ) -> Iterator[Added | SourceFailure]:
        """Each source added as `add` would, `batch` of them to a transaction; a path is a
        local file read on the way, a failure (given, or reading it) is passed on."""
        ...

    def entries(self) -> list[LibraryEntry]: ...

    def count(self) -> int: ...

    def find(self, key: str) -> LibraryEntry: ...

    def remove(self, key: str) -> LibraryEntry: ...

    def raw(self, key: str) -> bytes: ...

    def documents(self, ids: Collection[str] | None = None) -> list[Document]:
        """The sources as the pipeline reads them (all, or those with these ids), by origin."""
        ...

    def holders(self, terms: Sequence[str], at_most: int | None = None) -> set[str] | None:
        """Ids of the documents with a passage holding any of `terms` (words or phrases);
        None when more than `at_most` passages hold them (a common word, not looked up
        further)."""
        ...

    def ranked(self, terms: Sequence[str], within: Collection[str]) -> list[Passage]:
        """Passages of the documents `within` that hold any of `terms`, best first, without
        their text (the caller slices it from the document)."""
        ...

    def spans(self, within: Collection[str]) -> list[Passage]:
        """Every passage of the documents `within`, by document then start, without text."""
        ...

    def stories(self, ids: Collection[str]) -> dict[str, str]:
        """Each document's story key: copies of one story share it."""
        ...


def document_of(row: Sequence[Any]) -> Document:
    """A library row (id, origin, text, url, title, publisher, date, author, format, kind,
    retrieved) as a Document, its metadata completed as the readers do today (an entry added
    by an older crosstally may lack a title or hold a placeholder)."""
    id_, origin, text, url, title, publisher, date, author, fmt, kind, retrieved = row
    fields = complete(Fields(text=text, url=url, title=title, publisher=publisher, date=date,
                             author=author, format=fmt), url=origin if kind == "url" else None)
    return Document(id=id_, path=origin, text=text, url=fields.url, title=fields.title,
                    publisher=fields.publisher, date=fields.date, author=fields.author,
                    format=fmt, retrieved=retrieved if kind == "url" else None)


COMMIT_BATCHES = 5  # batches of `add_many` per transaction


def add_in_transactions(sources: Iterable[Addable], batch: int,
                        transaction: Callable[[str], AbstractContextManager[object]],
                        add_batch: Callable[[list[Prepared]], list[Added]]
                        ) -> Iterator[Added | SourceFailure]:
    """`add_many` for both libraries: sources prepared `batch` at a time (prepare_all), each
    batch written by `add_batch` (a statement per table) while the next is prepared, and
    COMMIT_BATCHES batches to a `transaction` (fewer, larger commits: FTS5 segments, index
    pages written once for more rows); what each transaction did is given once it commits."""
    chunks = prepare_all(sources, batch)
    for first in chunks:
        if not any(isinstance(p, Prepared) for p in first):  # failures only: nothing to write
            yield from (f for f in first if isinstance(f, SourceFailure))
            continue
        done: list[Added | SourceFailure] = []
        one = first[0].origin if len(first) == 1 and isinstance(first[0], Prepared) else None
        with transaction(f"adding {one or 'sources'}"):
            for items in itertools.chain([first], itertools.islice(chunks, COMMIT_BATCHES - 1)):
                group = [p for p in items if isinstance(p, Prepared)]
                for part in distinct_origins(group):
                    done += add_batch(part)
                done += [f for f in items if isinstance(f, SourceFailure)]
        yield from done


def outcomes(group: list[Prepared], old: dict[str, str],
             entries: Iterable[LibraryEntry]) -> list[Added]:
    """What `add_batch` did to each source of `group`, given the ids its origins had before
    (`old`) and the entries now stored."""
    by_id = {e.id: e for e in entries}
    return [Added("unchanged", by_id[p.id]) if old.get(p.origin) == p.id else
            Added("updated" if p.origin in old else "added", by_id[p.id], old.get(p.origin))
            for p in group]


def distinct_origins(group: list[Prepared]) -> Iterator[list[Prepared]]:
    """The batch cut, in order, where an origin comes again (a later copy replaces it)."""
    part: list[Prepared] = []
    origins: set[str] = set()
    for p in group:
        if p.origin in origins:
            yield part
            part, origins = [], set()
        part.append(p)
        origins.add(p.origin)
    if part:
        yield part


def stories_of(new: list[Prepared], rows: Iterable[Sequence[Any]],
               text_of: Callable[[str], str], merge: Callable[[str, list[str]], None]
               ) -> dict[str, str]:
    """Each new source's story, as if they were added one after the other: the stored copies
    it repeats, or an earlier source of the same batch. `rows`: (band key, source, story,
    size, signature) of the stored sources sharing a band key with the batch, read in one
    query; `text_of` reads a stored source's text; `merge(story, others)` renames stored
    stories a source joins into one."""
    import numpy as np

    from crosstally.store.neardup import Candidate, same_story, shingles, worth_reading

    stored: collections.defaultdict[int, list[Sequence[Any]]] = collections.defaultdict(list)
    for row in rows:  # a row stays as read: a Candidate is made only for what a source meets
        stored[row[0]].append(row)
    hashes = {p.id: p.shingled for p in new}  # the batch's own: prepared in the workers

    def shingles_of(source: str) -> set[int]:
        if source in hashes:
            return set(np.frombuffer(hashes[source], dtype="<u4").tolist())
        return shingles(text_of(source))

    story_of: dict[str, str] = {}
    renamed: dict[str, str] = {}  # stories merged into another while this batch is added
    for p in new:
        seen: dict[str, Candidate] = {}
        for key in p.bands:
            for _, source, story, size, sig in stored.get(key, ()):
                if source not in seen:
                    story = story_of.get(source, story)
                    while story in renamed:
                        story = renamed[story]
                    seen[source] = Candidate(source, story, size, sig)
        found: set[str] = set()
        shingled: set[int] | None = None
        for c in worth_reading(p.signature, p.size, list(seen.values())) if seen else ():
            if c.story in found:
                continue
            shingled = shingles_of(p.id) if shingled is None else shingled
            if same_story(shingled, shingles_of(c.source)):
                found.add(c.story)
        story = min(found) if found else p.id
        if len(found) > 1:
            others = sorted(found - {story})
            merge(story, others)
            renamed.update({other: story for other in others})
            story_of.update({i: story for i, s in story_of.items() if s in others})
        story_of[p.id] = story
        mine = (None, p.id, story, p.size, p.signature)
        for key in p.bands:
            stored[key].append(mine)
    return story_of


def prefix_pattern(key: str) -> str:
    """A LIKE pattern for an id prefix; LIKE's wildcards in the key match nothing."""
    return key.lower().replace("%", "").replace("_", "") + "%"


def one_entry(rows: Sequence[Sequence[Any]], key: str, where: str) -> LibraryEntry:
    if len(rows) > 1:
        ids = ", ".join(r[0] for r in rows)
        raise LibraryError(f"{key!r} matches several sources ({ids}); give more of the id")
    if not rows:
        raise LibraryError(f"no source {key!r} in the library at {where}; "
                           "`crosstally sources` lists the ids")
    return LibraryEntry(*rows[0])


def batches(items: Iterable[Any], size: int, max_bytes: int = BATCH_BYTES
            ) -> Iterator[list[Any]]:
    """`size` items at a time, fewer where their files or bytes reach `max_bytes` first (at
    least one), so that a folder of large files never has many of them in memory at once."""
    batch: list[Any] = []
    held = 0
    for item in items:
        batch.append(item)
        held += _bytes_of(item)
        if len(batch) >= size or held >= max_bytes:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


def _bytes_of(item: Any) -> int:
    """What an item to add weighs before it is read: a file's size, a read source's bytes."""
    if isinstance(item, Path):
        try:
            return item.stat().st_size
        except OSError:  # reading it will say why
            return 0
    return len(item.raw) if isinstance(item, ReadSource) else 0
