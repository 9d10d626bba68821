"""An HTTP cache keyed by URL: fresh entries are used without a request, stale ones are
revalidated with If-None-Match / If-Modified-Since, and `--refresh` always revalidates.

Freshness follows the response: `Cache-Control: no-store` is not kept, `no-cache` is kept but
revalidated every time, `max-age` or `Expires` say how long an entry is fresh, and without any
of these an entry is fresh for `default_fresh` (a day, unless the caller says otherwise).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Self

import httpx

from crosstally.errors import StoreError
from crosstally.store.sqlite import SqliteFile

SCHEMA = """
CREATE TABLE IF NOT EXISTS http_cache (
    url TEXT PRIMARY KEY,          -- canonical URL as asked (no credentials)
    final_url TEXT NOT NULL,       -- after redirects
    content_type TEXT,
    etag TEXT,
    last_modified TEXT,
    fresh_until TEXT,              -- ISO 8601 UTC; NULL: revalidate before every use
    retrieved TEXT NOT NULL,       -- ISO 8601 UTC: when the server last sent or confirmed it
    body BLOB NOT NULL
);
"""


@dataclass(frozen=True, slots=True)
class CachedResponse:
    url: str
    final_url: str
    content_type: str | None
    etag: str | None
    last_modified: str | None
    fresh_until: datetime | None
    retrieved: datetime
    body: bytes

    def is_fresh(self, now: datetime) -> bool:
        return self.fresh_until is not None and now < self.fresh_until

    def validators(self) -> dict[str, str]:
        """Headers that make the next request conditional on this entry having changed."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


def freshness(headers: httpx.Headers, now: datetime,
              default_fresh: timedelta) -> tuple[bool, datetime | None]:
    """(keep it?, fresh until) for a response with these headers, received at `now`."""
    directives = _cache_control(headers.get("cache-control", ""))
    if "no-store" in directives:
        return False, None
    if "no-cache" in directives:
        return True, None
    if (max_age := directives.get("max-age")) is not None:
        try:
            return True, now + timedelta(seconds=max(0, int(max_age)))
        except ValueError:
            return True, None
    if expires := headers.get("expires"):
        when, date = _http_date(expires), _http_date(headers.get("date", "")) or now
        return True, (now + (when - date)) if when else None  # an invalid Expires is stale
    return True, now + default_fresh


class HttpCache:
    """The cache's SQLite file; safe to share between the fetcher's threads."""

    def __init__(self, path: Path | str) -> None:
        self._file = SqliteFile(Path(path), "web cache",
                                "delete it (it only saves downloads) or set CROSSTALLY_HOME "
                                "to another folder")
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreError(f"{path}: cannot open the web cache ({err}); check the folder's "
                             "permissions or set CROSSTALLY_HOME to another folder") from err
        self._db = self._file.connect(SCHEMA, threads=True)
        self._db.isolation_level = "DEFERRED"  # `with self._db` commits each write, as before
        self._lock = threading.Lock()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str) -> CachedResponse | None:
        with self._lock, self._file.errors("reading the web cache"):
            row = self._db.execute(
                "SELECT url, final_url, content_type, etag, last_modified, fresh_until, "
                "retrieved, body FROM http_cache WHERE url = ?", (url,)).fetchone()
        if row is None:
            return None
        fresh = datetime.fromisoformat(row[5]) if row[5] else None
        return CachedResponse(url=row[0], final_url=row[1], content_type=row[2], etag=row[3],
                              last_modified=row[4], fresh_until=fresh,
                              retrieved=datetime.fromisoformat(row[6]), body=bytes(row[7]))

    def put(self, entry: CachedResponse) -> None:
        with self._lock, self._file.errors("writing the web cache"), self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO http_cache VALUES (?,?,?,?,?,?,?,?)",
                (entry.url, entry.final_url, entry.content_type, entry.etag,
                 entry.last_modified, entry.fresh_until.isoformat() if entry.fresh_until else None,
                 entry.retrieved.isoformat(), entry.body))

    def drop(self, url: str) -> None:
        with self._lock, self._file.errors("writing the web cache"), self._db:
            self._db.execute("DELETE FROM http_cache WHERE url = ?", (url,))


def _cache_control(value: str) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for part in value.split(","):
        key, eq, arg = part.strip().partition("=")
        if key:
            out[key.lower()] = arg.strip('"') if eq else None
    return out


def _http_date(value: str) -> datetime | None:
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)
