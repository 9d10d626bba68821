"""Errors crosstally raises on purpose.

    CrosstallyError
    ├── SourceError    a file or URL that cannot be read
    │   ├── UrlRefused     a URL crosstally will not fetch (scheme, private address, robots.txt)
    │   └── FetchError     a fetch that failed (timeout, status, size, content type)
    ├── StoreError     the SQLite store
    │   └── LibraryError   the persistent library
    ├── SearchError    a web search provider (web/search/base.py)
    ├── ExtractError   the number extractor
    ├── ConfigError    bad settings or arguments
    ├── QuestionError  a question no figure can answer (why, who, yes/no, comparisons)
    └── VerifyError    a report that fails verification where that is fatal

UrlRefused and FetchError live in web/, LibraryError in library.py, beside the code that
raises them.
"""

from __future__ import annotations


class CrosstallyError(Exception):
    """Base class: the CLI turns these into 'Error: ...' and exit code 1."""


class SourceError(CrosstallyError):
    pass


class StoreError(CrosstallyError):
    pass


class ExtractError(CrosstallyError):
    pass


class ConfigError(CrosstallyError):
    pass


class QuestionError(CrosstallyError):
    pass


class VerifyError(CrosstallyError):
    pass
