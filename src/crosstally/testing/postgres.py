"""A throw-away PostgreSQL server for tests and benchmarks: `initdb` in a temporary folder, a
Unix socket only (no TCP port), stopped and deleted on exit.

PostgreSQL refuses to run as root, so when the caller is root the server runs as the `postgres`
user that Debian's `postgresql` package creates (the folder is handed to it). `initdb` and
`pg_ctl` are looked for on PATH, then under /usr/lib/postgresql/*/bin.

    with TemporaryPostgres() as url:
        library = open_library(url)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType

SERVER_USER = "postgres"
DATABASE = "crosstally"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine (install Debian's `postgresql`)."""


def find_binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    raise PostgresUnavailable(f"{name} not found on PATH or under /usr/lib/postgresql/*/bin; "
                              "install PostgreSQL (apt-get install postgresql)")


class TemporaryPostgres:
    def __init__(self, *, fast: bool = True) -> None:
        """`fast`: no fsync (tests); False keeps PostgreSQL's durable defaults (benchmarks)."""
        self.fast = fast
        self.folder: Path | None = None
        self.url = ""

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def start(self) -> str:
        import psycopg

        initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
        self.folder = Path(tempfile.mkdtemp(prefix="crosstally-pg-"))
        data, sock = self.folder / "data", self.folder / "sock"
        sock.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.folder, SERVER_USER)
            shutil.chown(sock, SERVER_USER)
        self._run(initdb, "-D", str(data), "-U", SERVER_USER, "--auth=trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        options = f"-k {sock} -c listen_addresses='' -c max_connections=50"
        if self.fast:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(pg_ctl, "-D", str(data), "-o", options, "-l", str(self.folder / "log"),
                  "-w", "-t", "60", "start")
        with psycopg.connect(f"postgresql://{SERVER_USER}@/postgres?host={sock}",
                             autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {DATABASE}")
        self.url = f"postgresql://{SERVER_USER}@/{DATABASE}?host={sock}"
        return self.url

    def stop(self) -> None:
        if self.folder is None:
            return
        try:
            if (self.folder / "data" / "postmaster.pid").exists():
                self._run(find_binary("pg_ctl"), "-D", str(self.folder / "data"), "-m",
                          "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def _run(self, *command: str) -> None:
        if os.geteuid() == 0:
            command = ("runuser", "-u", SERVER_USER, "--", *command)
        done = subprocess.run(command, capture_output=True, text=True, check=False,
                              cwd=self.folder)
        if done.returncode != 0:
            log = self.folder / "log" if self.folder else None
            tail = log.read_text()[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n"
                               f"{done.stdout}{done.stderr}{tail}")
