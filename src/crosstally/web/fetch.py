"""Fetching URLs: safely, politely, within limits, and through the cache.

`Fetcher.fetch(url)` checks the URL (scheme, address after DNS resolution: `safety`), answers
from the cache while an entry is fresh, honours robots.txt, follows redirects itself (checking
every hop), retries 429 and 5xx with backoff (or the server's Retry-After), keeps at most
`per_host` requests open to one host, and reads the body in a stream that stops at the size cap.
Each request (each try, each redirect hop) must be over within `total_timeout`: connecting,
the response headers and the body together, so a server that trickles bytes cannot hold a run.
Every failure is a `SourceError` whose message names the URL (never its credentials) and says
what to try. The `httpx.Client`, clock, sleep and DNS resolver are injected, so tests drive it
against a loopback server with a fixed clock.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx

from crosstally.errors import SourceError
from crosstally.types import SourceFailure
from crosstally.web.cache import CachedResponse, HttpCache, freshness
from crosstally.web.policy import AGENT_TOKEN, FetchPolicy
from crosstally.web.robots import MAX_ROBOTS_BYTES, RobotsRules
from crosstally.web.safety import (
    AddressRefused,
    DeadlinePassed,
    DeadlineTransport,
    GuardedBackend,
    Resolver,
    UrlRefused,
    canonical_url,
    check_address,
    deadline,
    parse_url,
    redact,
    system_resolver,
)

REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRY = frozenset({429, 500, 502, 503, 504})


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response body crosstally may read, with where and when it came from."""

    url: str          # canonical URL as asked (no credentials): the document's `doc`
    final_url: str    # after redirects: the document's `url`
    content_type: str | None
    body: bytes
    retrieved: str    # ISO 8601 UTC, when the server last sent or confirmed these bytes
    from_cache: bool = False


class FetchError(SourceError):
    """A URL that could not be fetched: timeout, HTTP error, too large, robots.txt, ..."""


def make_client(policy: FetchPolicy, resolve: Resolver = system_resolver) -> httpx.Client:
    """The client the CLI fetches with: a transport that holds each request to its total
    time and (unless private addresses are allowed) dials only public addresses, our
    User-Agent, no automatic redirects (the fetcher checks each hop)."""
    transport = DeadlineTransport(None if policy.allow_private else GuardedBackend(resolve))
    return httpx.Client(transport=transport, headers={"User-Agent": policy.user_agent},
                        timeout=policy.timeout(), follow_redirects=False)


@contextmanager
def open_fetcher(policy: FetchPolicy, cache_path: Path | None) -> Iterator[Fetcher]:
    """A Fetcher with its own client and (if a path is given) the persistent cache."""
    cache = HttpCache(cache_path) if cache_path else None
    try:
        with make_client(policy) as client:
            yield Fetcher(client, policy=policy, cache=cache)
    finally:
        if cache:
            cache.close()


class Fetcher:
    def __init__(self, client: httpx.Client, *, policy: FetchPolicy | None = None,
                 cache: HttpCache | None = None, resolve: Resolver = system_resolver,
                 now: Callable[[], datetime] = utc_now,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.policy = policy or FetchPolicy()
        self._client = client
        self._cache = cache
        self._resolve = resolve
        self._now = now
        self._sleep = sleep
        self._robots = RobotsRules(self._fetch_robots, AGENT_TOKEN)
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._slots_lock = threading.Lock()

    def fetch(self, url: str) -> Fetched:
        """The body at `url`, from the cache while fresh; SourceError saying why not."""
        parsed = parse_url(url)
        shown = canonical_url(url)
        self._check(parsed)
        cached = self._cache.get(shown) if self._cache else None
        if cached and not self.policy.refresh and cached.is_fresh(self._now()):
            self._check(parse_url(cached.final_url))
            return _from_cache(cached, cached.retrieved)
        return self._download(parsed, shown, cached)

    def fetch_all(self, urls: Sequence[str], workers: int = 8) -> list[Fetched | SourceFailure]:
        """Each URL fetched or explained, in the order given; up to `workers` at a time,
        still at most `per_host` per host."""
        def one(url: str) -> Fetched | SourceFailure:
            try:
                return self.fetch(url)
            except SourceError as err:
                return SourceFailure(_shown(url), str(err))

        if len(urls) <= 1:
            return [one(u) for u in urls]
        with ThreadPoolExecutor(max_workers=min(workers, len(urls))) as pool:
            return list(pool.map(one, urls))

    # -- one URL -------------------------------------------------------------------------

    def _download(self, url: httpx.URL, shown: str,
                  cached: CachedResponse | None) -> Fetched:
        headers = cached.validators() if cached else {}
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            self._check_robots(current, shown)
            with self._slot(current.host), self._send(current, headers, shown) as response:
                if response.status_code in REDIRECTS and "location" in response.headers:
                    current = self._redirect(current, response.headers["location"], shown)
                    continue
                if response.status_code == 304 and cached:
                    return self._revalidated(cached, response)
                if not 200 <= response.status_code < 300:
                    raise FetchError(_status_problem(shown, response, self.policy.retries))
                body = self._read(response, shown)
                return self._store(shown, current, response, body)
        raise FetchError(f"{shown}: more than {self.policy.max_redirects} redirects (the chain "
                         f"reached {redact(str(current))}); open it in a browser to see where "
                         "it leads")

    def _check(self, url: httpx.URL) -> None:
        if not self.policy.allow_private:
            check_address(url, self._resolve)

    def _redirect(self, current: httpx.URL, location: str, shown: str) -> httpx.URL:
        try:
            target = parse_url(str(current.join(location)))
            self._check(target)
        except SourceError as err:
            raise type(err)(f"{shown}: redirected to {err}") from err
        return target

    def _check_robots(self, url: httpx.URL, shown: str) -> None:
        if self.policy.ignore_robots:
            return
        if why := self._robots.why_refused(url):
            raise FetchError(f"{shown}: refused: {why}")

    @contextmanager
    def _slot(self, host: str) -> Iterator[None]:
        with self._slots_lock:
            slot = self._slots.setdefault(host, threading.BoundedSemaphore(self.policy.per_host))
        with slot:
            yield

    @contextmanager
    def _send(self, url: httpx.URL, headers: dict[str, str],
              shown: str) -> Iterator[httpx.Response]:
        """The response, streamed; 429 and 5xx retried with backoff before it is handed over.
        Each try, body included, must be over within the total timeout (on a client from
        `make_client`, whose transport keeps that deadline)."""
        for attempt in range(self.policy.retries + 1):
            with deadline(self.policy.total_timeout):
                request = self._client.build_request("GET", url, headers=headers,
                                                     timeout=self.policy.timeout())
                try:
                    response = self._client.send(request, stream=True, follow_redirects=False)
                except httpx.HTTPError as err:
                    raise _transport_problem(shown, err, self.policy) from err
                if response.status_code not in RETRY or attempt == self.policy.retries:
                    try:
                        yield response
                    finally:
                        response.close()
                    return
                delay = self._retry_delay(response, attempt)
                response.close()
            self._sleep(delay)

    def _retry_delay(self, response: httpx.Response, attempt: int) -> float:
        delay = self.policy.backoff * 2 ** attempt
        value = response.headers.get("retry-after", "").strip()
        if value.isdigit():
            delay = float(value)
        elif value:
            with suppress(TypeError, ValueError, IndexError):
                delay = float((parsedate_to_datetime(value) - self._now()).total_seconds())
        return min(max(float(delay), 0.0), self.policy.max_retry_after)

    def _read(self, response: httpx.Response, shown: str, cap: int | None = None) -> bytes:
        """The body, refused as soon as it passes the cap (decompressed bytes are counted)."""
        cap = cap or self.policy.max_bytes
        declared = response.headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(f"{shown}: too large ({_size(int(declared))} declared, the limit "
                             f"is {_size(cap)}); save a smaller extract and add it as a file")
        body = bytearray()
        try:
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > cap:
                    raise FetchError(f"{shown}: too large (more than the {_size(cap)} limit; "
                                     "stopped reading); save a smaller extract and add it as "
                                     "a file")
        except httpx.HTTPError as err:
            raise _transport_problem(shown, err, self.policy) from err
        return bytes(body)

    def _store(self, shown: str, final: httpx.URL, response: httpx.Response,
               body: bytes) -> Fetched:
        now = self._now()
        keep, fresh_until = freshness(response.headers, now, self.policy.fresh_for)
        entry = CachedResponse(
            shown, canonical_url(str(final)), response.headers.get("content-type"),
            response.headers.get("etag"), response.headers.get("last-modified"),
            fresh_until, now, body)
        if self._cache:
            if keep:
                self._cache.put(entry)
            else:
                self._cache.drop(shown)
        return _from_cache(entry, now, from_cache=False)

    def _revalidated(self, cached: CachedResponse, response: httpx.Response) -> Fetched:
        """304 Not Modified: the cached bytes, confirmed now, with the new freshness."""
        now = self._now()
        keep, fresh_until = freshness(response.headers, now, self.policy.fresh_for)
        entry = CachedResponse(
            cached.url, cached.final_url, cached.content_type,
            response.headers.get("etag", cached.etag),
            response.headers.get("last-modified", cached.last_modified), fresh_until, now,
            cached.body)
        if self._cache and keep:
            self._cache.put(entry)
        return _from_cache(entry, now)

    # -- robots.txt ----------------------------------------------------------------------

    def _fetch_robots(self, url: httpx.URL) -> tuple[int, str]:
        """(status, text) of a robots.txt, following up to five redirects, each hop checked."""
        shown = canonical_url(str(url))
        current = url
        for _ in range(6):
            with self._slot(current.host), self._send(current, {}, shown) as response:
                if response.status_code in REDIRECTS and "location" in response.headers:
                    current = self._redirect(current, response.headers["location"], shown)
                    continue
                if response.status_code != 200:
                    return response.status_code, ""
                body = self._read(response, shown, cap=MAX_ROBOTS_BYTES * 4)
                return 200, body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
        return 404, ""  # RFC 9309: more than five redirects -> treat as unavailable


def _from_cache(entry: CachedResponse, when: datetime, from_cache: bool = True) -> Fetched:
    stamp = when.astimezone(UTC).replace(microsecond=0).isoformat()
    return Fetched(entry.url, entry.final_url, entry.content_type, entry.body,
                   stamp.replace("+00:00", "Z"), from_cache)


def _shown(url: str) -> str:
    try:
        return canonical_url(url)
    except (httpx.InvalidURL, UnicodeError, ValueError):
        return redact(url)


def _transport_problem(shown: str, err: httpx.HTTPError, policy: FetchPolicy) -> SourceError:
    if isinstance(err.__cause__, AddressRefused):
        return UrlRefused(f"{shown}: {err}")
    if isinstance(err.__cause__, DeadlinePassed):
        return FetchError(f"{shown}: download took longer than {policy.total_timeout:g} s "
                          "(connecting, headers and body together); the server is slow or "
                          "stuck, try again later")
    if isinstance(err, httpx.ConnectTimeout):
        return FetchError(f"{shown}: timed out connecting after {policy.connect_timeout:g} s; "
                          "check the address, or try again later")
    if isinstance(err, httpx.TimeoutException):
        return FetchError(f"{shown}: timed out: no data for {policy.read_timeout:g} s; "
                          "the server is slow or stuck, try again later")
    if isinstance(err, httpx.ConnectError):
        return FetchError(f"{shown}: cannot connect ({err}); check the address and your network")
    if isinstance(err, httpx.TooManyRedirects):  # pragma: no cover - redirects are ours
        return FetchError(f"{shown}: too many redirects")
    return FetchError(f"{shown}: the connection failed ({type(err).__name__}: {err}); "
                      "try again later")


def _status_problem(shown: str, response: httpx.Response, retries: int) -> str:
    status = response.status_code
    what = f"HTTP {status} {response.reason_phrase}".rstrip()
    if status in RETRY:
        return (f"{shown}: {what} after {retries + 1} tries; the site is failing or limiting "
                "requests, try again later")
    if status in (401, 403):
        return f"{shown}: {what}; the page needs a login or refuses automated readers"
    if status in (404, 410):
        return f"{shown}: {what}; check the URL"
    return f"{shown}: {what}"


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 2**20:.1f} MB".replace(".0 MB", " MB")
    if n >= 1024:
        return f"{n / 1024:.1f} KB".replace(".0 KB", " KB")
    return f"{n} bytes"
