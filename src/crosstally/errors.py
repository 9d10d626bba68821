"""Errors crosstally raises on purpose.

    CrosstallyError
    ├── SourceError    a file or URL that cannot be read
    ├── StoreError     the SQLite store
    ├── ExtractError   the number extractor
    ├── ConfigError    bad settings or arguments
    └── VerifyError    a report that fails verification where that is fatal
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


class VerifyError(CrosstallyError):
    pass
