"""Shared pytest options and fixtures."""

from __future__ import annotations

import sqlite3

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*/expected/ from the current output instead of comparing",
    )


def pytest_report_header(config: pytest.Config) -> str:
    return f"sqlite {sqlite3.sqlite_version}, FTS5 {'yes' if _has_fts5() else 'NO'}"


def _has_fts5() -> bool:
    db = sqlite3.connect(":memory:")
    try:
        db.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
    except sqlite3.OperationalError:
        return False
    finally:
        db.close()
    return True


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when pytest runs with --update-golden: golden tests rewrite their files."""
    return bool(request.config.getoption("--update-golden"))
