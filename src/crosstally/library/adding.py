"""Reading what `crosstally add` is given, one source at a time, for `add_many`."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack

from crosstally.types import SourceFailure
from crosstally.web.fetch import FetchPolicy, open_fetcher
from crosstally.web.gather import ReadSource, each_source, is_url
from crosstally.web.settings import cache_path


def read_for_adding(locations: Sequence[str], policy: FetchPolicy,
                    env: Mapping[str, str] | None = None
                    ) -> Iterator[ReadSource | SourceFailure]:
    """Files, folders and URLs in the order given, read one at a time (web pages through the
    persistent cache), so memory does not grow with the number of files."""
    env = os.environ if env is None else env
    with ExitStack() as stack:
        fetcher = None
        if any(is_url(loc) for loc in locations):
            fetcher = stack.enter_context(open_fetcher(policy, cache_path(env)))
        yield from each_source(locations, fetcher)
