"""Reading what `crosstally add` is given, one source at a time, for `add_many`."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path

from crosstally.sources.files import walk_files
from crosstally.sources.origin import ReadSource, is_url
from crosstally.types import SourceFailure
from crosstally.web.policy import FetchPolicy


def read_for_adding(locations: Sequence[str], policy: FetchPolicy,
                    env: Mapping[str, str] | None = None
                    ) -> Iterator[ReadSource | SourceFailure | Path]:
    """Files, folders and URLs in the order given, one at a time (web pages read through the
    persistent cache), so memory does not grow with the number of files. A local file is
    given as its path: `add_many` reads it in a worker process, beside its preparation."""
    env = os.environ if env is None else env
    with ExitStack() as stack:
        fetcher = None
        urls = [loc for loc in locations if is_url(loc)]
        if urls:  # the web stack is loaded only for web pages
            from crosstally.web.fetch import open_fetcher
            from crosstally.web.gather import each_source
            from crosstally.web.settings import cache_path

            fetcher = stack.enter_context(open_fetcher(policy, cache_path(env)))
        fetched = iter(each_source(list(dict.fromkeys(urls)), fetcher)) if urls else iter(())
        read = dict(zip(dict.fromkeys(urls), fetched, strict=True))
        for location in dict.fromkeys(locations):
            if location in read:
                yield read[location]
            else:
                yield from walk_files([Path(location)])
