"""The persistent library: sources a user added once and asks over many times, kept with
their index (passages, full-text entries, stories) so that a question reads only what it needs.

Two homes behind one interface (`LibraryStore`, in base.py): a SQLite file, the default
(`library.sqlite` in `CROSSTALLY_HOME`, else the user data folder), and a PostgreSQL database
for an archive several people or processes share (`--db postgresql://...` or
`CROSSTALLY_DATABASE_URL`). `open_library` picks one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from crosstally.library.base import (
    Added,
    LibraryEntry,
    LibraryError,
    LibraryStore,
    Prepared,
    prepare,
)
from crosstally.library.sqlite import SqliteLibrary

Library = SqliteLibrary  # the default home, by its older name
DATABASE_ENV = "CROSSTALLY_DATABASE_URL"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")

__all__ = ["DATABASE_ENV", "Added", "Library", "LibraryEntry", "LibraryError", "LibraryStore",
           "Prepared", "SqliteLibrary", "is_database_url", "open_library", "prepare"]


def is_database_url(location: str | Path | None) -> bool:
    return isinstance(location, str) and location.startswith(POSTGRES_SCHEMES)


def open_library(location: str | Path | None = None,
                 env: Mapping[str, str] | None = None) -> LibraryStore:
    """The library at `location` (a SQLite file or a postgresql:// URL), else at
    `CROSSTALLY_DATABASE_URL`, else the SQLite file in the data folder."""
    from crosstally.web.settings import library_path

    env = os.environ if env is None else env
    where = location if location else (env.get(DATABASE_ENV, "").strip() or None)
    if is_database_url(where):
        from crosstally.library.postgres import PostgresLibrary

        return PostgresLibrary(str(where))
    return SqliteLibrary(Path(where) if where else library_path(env))
