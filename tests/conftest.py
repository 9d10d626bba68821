"""Shared pytest options and fixtures."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

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


@pytest.fixture(scope="session", autouse=True)
def pattern_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The compiled-pattern cache of the commands the tests run (crosstally/pattern_cache.py),
    in a folder of the test session rather than the user's cache folder."""
    from crosstally.pattern_cache import CACHE_ENV

    folder = tmp_path_factory.mktemp("pattern-cache")
    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(folder)
    yield folder
    if before is None:
        del os.environ[CACHE_ENV]
    else:
        os.environ[CACHE_ENV] = before


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when pytest runs with --update-golden: golden tests rewrite their files."""
    return bool(request.config.getoption("--update-golden"))


# -- libraries: one test suite, two homes (tests/test_library_store.py) -----------------------

LIBRARY_BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A real PostgreSQL server for the whole session: initdb in a temporary folder, a Unix
    socket, run as the `postgres` user when the tests run as root. Under CI=true a machine
    without PostgreSQL fails here (.ci/run installs it); elsewhere the tests that need it skip."""
    from crosstally.testing.postgres import PostgresUnavailable, TemporaryPostgres

    server = TemporaryPostgres()
    try:
        url = server.start()
    except PostgresUnavailable as err:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(str(err))
    try:
        yield url
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: str, request: pytest.FixtureRequest) -> str:
    """A URL whose tables live in a schema of their own, new for each test."""
    import psycopg

    name = "t_" + hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:16]
    with psycopg.connect(postgres_server, autocommit=True) as db:
        db.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        db.execute(f"CREATE SCHEMA {name}")
    return f"{postgres_server}&options=-csearch_path%3D{name}"


@pytest.fixture(params=LIBRARY_BACKENDS)
def library_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a fresh library lives: a SQLite file, or a PostgreSQL URL (`--db` either way)."""
    if request.param == "sqlite":
        return str(tmp_path / "library.sqlite")
    return str(request.getfixturevalue("postgres_url"))
