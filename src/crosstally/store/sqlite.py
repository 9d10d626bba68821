"""SQLite files crosstally keeps: opened only if they hold crosstally's tables (or none), and
every SQLite failure turned into one line that says what failed, on which file, what to do."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

from crosstally.errors import StoreError

BUSY_SECONDS = 30.0  # how long a write waits for another crosstally process to finish its own


@dataclass(frozen=True, slots=True)
class SqliteFile:
    """A SQLite file and how to talk about it: `what` it is ("library"), what the user can do
    instead (`hint`), and the error class to raise."""

    path: Path
    what: str
    hint: str
    error: type[StoreError] = StoreError

    def connect(self, schema: str, *, threads: bool = False,
                upgrade: Callable[[sqlite3.Connection], None] | None = None
                ) -> sqlite3.Connection:
        """A connection in autocommit mode (see `writing`), with `schema` created if missing;
        a file of another application, or no SQLite file at all, is refused. `threads`: the
        caller shares it between threads behind its own lock. `upgrade` brings a file of an
        older crosstally to `schema`'s tables first."""
        with self.errors(f"opening the {self.what}"):
            db = sqlite3.connect(str(self.path), timeout=BUSY_SECONDS, isolation_level=None,
                                 check_same_thread=not threads)
            try:
                if upgrade is not None:
                    upgrade(db)
                self._check_tables(db, schema)
                db.executescript(schema)
            except BaseException:
                db.close()
                raise
        return db

    @contextmanager
    def errors(self, doing: str) -> Iterator[None]:
        """sqlite3 errors inside become `self.error`, one line naming the file."""
        try:
            yield
        except sqlite3.Error as err:
            raise self.error(self.explain(err, doing)) from err

    def explain(self, err: sqlite3.Error, doing: str) -> str:
        code = getattr(err, "sqlite_errorname", "") or ""
        head = f"{self.path}: {doing} failed"
        if code.startswith("SQLITE_FULL"):
            return f"{head}: the disk is full; free some space and try again"
        if code.startswith("SQLITE_READONLY"):
            return (f"{head}: the file is read-only; make it writable (chmod u+w), or "
                    f"{self.hint}")
        if code.startswith("SQLITE_CORRUPT") or "Could not decode to UTF-8" in str(err):
            # a damaged page can also read as a record whose text is not UTF-8
            return (f"{head}: the file is damaged ({err}); restore a backup, or move the file "
                    f"away and start again ({self.hint})")
        if code.startswith("SQLITE_NOTADB"):
            return f"{head}: the file is not a SQLite database; {self.hint}"
        if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            return (f"{head}: another process kept the {self.what} locked for "
                    f"{BUSY_SECONDS:.0f} s; try again when it has finished")
        if code.startswith("SQLITE_CANTOPEN"):
            return (f"{head}: cannot open the file; check that its folder exists and is "
                    f"writable, or {self.hint}")
        if code.startswith("SQLITE_IOERR"):
            return (f"{head}: the disk could not be read or written ({code}); check that it "
                    "has space and that no quota or `ulimit -f` stops the file growing")
        return f"{head} ({err})"

    def writing(self, db: sqlite3.Connection) -> AbstractContextManager[None]:
        return writing(db)

    def _check_tables(self, db: sqlite3.Connection, schema: str) -> None:
        found = _tables(db)
        if not found:
            return
        memory = sqlite3.connect(":memory:")
        try:
            memory.executescript(schema)
            expected = _tables(memory)
        finally:
            memory.close()
        other = sorted(name for name, columns in found.items()
                       if expected.get(name) != columns)
        if other:
            raise self.error(f"{self.path}: not a crosstally {self.what}: it holds other "
                             f"tables ({', '.join(other)}); {self.hint}")


@contextmanager
def writing(db: sqlite3.Connection) -> Iterator[None]:
    """One transaction that holds the write lock from its first statement, so that what it
    reads cannot change before it writes (another process adding the same file waits)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if db.in_transaction:  # SQLite has already rolled back after some errors
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _tables(db: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    names = [row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {name: tuple(row[1] for row in db.execute("SELECT * FROM pragma_table_info(?)",
                                                     (name,)))
            for name in names}
