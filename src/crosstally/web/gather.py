"""Paths and URLs -> read sources (Document + the raw bytes) and failures; web search -> the
same. One failed source is a `SourceFailure` with its reason, never the end of a run."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from crosstally.errors import SourceError
from crosstally.sources.files import read_or_explain, walk_files
from crosstally.sources.origin import ReadSource, is_url
from crosstally.types import Document, SourceFailure
from crosstally.web.fetch import Fetched, Fetcher, open_fetcher
from crosstally.web.page import read_fetched
from crosstally.web.policy import FetchPolicy
from crosstally.web.safety import DeadlineTransport, canonical_url, deadline
from crosstally.web.search import (
    DEFAULT_PROVIDER,
    SearchError,
    SearchHit,
    SearchProvider,
    provider_spec,
)
from crosstally.web.search.queries import search_queries
from crosstally.web.settings import cache_path

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Gathered:
    sources: tuple[ReadSource, ...] = ()
    failures: tuple[SourceFailure, ...] = ()

    @property
    def documents(self) -> tuple[Document, ...]:
        return tuple(s.document for s in self.sources)

    def __add__(self, other: Gathered) -> Gathered:
        return Gathered(self.sources + other.sources, self.failures + other.failures)


@dataclass(frozen=True, slots=True)
class WebSearch:
    """`--web [--provider NAME] [--max-sources N]`."""

    provider: str = DEFAULT_PROVIDER
    max_sources: int = 8


def read_locations(locations: Sequence[str], fetcher: Fetcher | None) -> Gathered:
    """Files, folders (recursively) and URLs, in the order given; URLs fetched concurrently."""
    sources: list[ReadSource] = []
    failures: list[SourceFailure] = []
    for item in each_source(locations, fetcher):
        if isinstance(item, SourceFailure):
            failures.append(item)
        else:
            sources.append(item)
    return Gathered(tuple(sources), tuple(failures))


def each_source(locations: Sequence[str], fetcher: Fetcher | None
                ) -> Iterator[ReadSource | SourceFailure]:
    """`read_locations` one source at a time, so that a folder of 100,000 files is never
    held in memory at once."""
    urls = list(dict.fromkeys(loc for loc in locations if is_url(loc)))
    if urls and fetcher is None:
        raise ValueError("read_locations needs a fetcher for URLs")
    fetched = dict(zip(urls, fetcher.fetch_all(urls), strict=True)) if fetcher and urls else {}
    for location in dict.fromkeys(locations):
        if location in fetched:
            yield _read(fetched[location])
            continue
        for path in walk_files([Path(location)]):
            read = read_or_explain(path)
            yield read if isinstance(read, SourceFailure) else ReadSource(*read)


def find_pages(provider: SearchProvider, question: str, max_sources: int,
               total_timeout: float | None = None) -> list[SearchHit]:
    """Up to `max_sources` distinct hits over a few queries from the question, interleaved so
    each query's best hits come first. Each query is over within `total_timeout` (with a
    client on `DeadlineTransport`, as `search_client` makes; by default the fetch policy's)."""
    total_timeout = FetchPolicy().total_timeout if total_timeout is None else total_timeout
    queries = search_queries(question)
    if not queries:
        raise SearchError("the question has no words to search for; rephrase it")
    results = []
    for q in queries:
        with deadline(total_timeout):
            results.append(provider.search(q, max_sources))
    hits: dict[str, SearchHit] = {}
    for rank in range(max_sources):
        for found in results:
            if rank < len(found):
                hits.setdefault(canonical_url(found[rank].url), found[rank])
    if not hits:
        raise SearchError(f"{provider.name} found no pages for "
                          f"{' / '.join(repr(q) for q in queries)}; rephrase the question or "
                          "choose another --provider")
    return list(hits.values())[:max_sources]


def collect(question: str, locations: Sequence[str], web: WebSearch | None,
            policy: FetchPolicy, *, env: Mapping[str, str] | None = None,
            progress: Progress | None = None) -> Gathered:
    """One-off sources and web search results for a run, with the persistent web cache."""
    env = os.environ if env is None else env
    note = progress or (lambda _msg: None)
    spec = provider_spec(web.provider) if web else None
    with ExitStack() as stack:
        fetcher = None
        if web or any(is_url(loc) for loc in locations):
            fetcher = stack.enter_context(open_fetcher(policy, cache_path(env)))
        found = Gathered()
        if web and spec and fetcher:
            note(f"searching {web.provider}")
            with search_client(policy) as client:
                provider = spec.create(client, env)
                pages = find_pages(provider, question, web.max_sources, policy.total_timeout)
            note(f"reading {len(pages)} pages from {web.provider}")
            found += read_locations([p.url for p in pages], fetcher)
        if locations:
            note("reading sources")
            found += read_locations(locations, fetcher)
    return found


@contextmanager
def search_client(policy: FetchPolicy) -> Iterator[httpx.Client]:
    """The client for search APIs: endpoints the user configured, so private addresses (a
    SearXNG on localhost) are fine here; result pages go through the guarded fetcher. Its
    transport holds each request to the `deadline()` around it, so a trickling endpoint stops."""
    with httpx.Client(headers={"User-Agent": policy.user_agent}, transport=DeadlineTransport(),
                      timeout=httpx.Timeout(20.0, connect=5.0), follow_redirects=True,
                      max_redirects=5) as client:
        yield client


def _read(item: Fetched | SourceFailure) -> ReadSource | SourceFailure:
    if isinstance(item, SourceFailure):
        return item
    try:
        return ReadSource(read_fetched(item), item.body, item.content_type)
    except SourceError as err:
        return SourceFailure(item.url, str(err))

