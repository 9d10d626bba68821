"""Errors crosstally raises on purpose.

    CrosstallyError
    ├── SourceError    a file or URL that cannot be read
    │   ├── UrlRefused     a URL crosstally will not fetch (scheme, private address, robots.txt)
    │   ├── FetchError     a fetch that failed (timeout, status, size, content type)
    │   └── NothingUsableError  no source could be read, or none read holds a figure
    ├── StoreError     the SQLite store
    │   └── LibraryError   the persistent library
    ├── SearchError    a web search provider (web/search/base.py)
    ├── ConfigError    bad settings or arguments
    └── QuestionError  a question no figure can answer (why, who, yes/no, comparisons)

UrlRefused and FetchError live in web/, LibraryError in library.py, beside the code that
raises them.

The CLI turns each into 'Error: ...' on stderr and its `exit_code`: 1, or 2 for a question
no figure answers (a usage error: the command was given something it cannot take).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crosstally.types import SourceFailure


class CrosstallyError(Exception):
    """Base class: the CLI turns these into 'Error: ...' and `exit_code`."""

    exit_code = 1


class SourceError(CrosstallyError):
    pass


class NothingUsableError(SourceError):
    """Nothing to answer from: no source could be read, or none read holds a figure.
    `summary` says which; `failures` are the sources that could not be read, each with its
    reason, one line each under the summary in the message."""

    def __init__(self, summary: str, failures: Sequence[SourceFailure] = ()) -> None:
        super().__init__(summary + "".join(f"\n  {f.reason}" for f in failures))
        self.summary = summary
        self.failures = tuple(failures)


class StoreError(CrosstallyError):
    pass


class ConfigError(CrosstallyError):
    pass


class QuestionError(CrosstallyError):
    """A question no figure answers; refused before any source is read, exit code 2."""

    exit_code = 2
