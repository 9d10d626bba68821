"""`crosstally serve` as a real subprocess on a free loopback port, for the API, browser and
README tests: started with its own CROSSTALLY_HOME, waited for until /api/health answers,
stopped (and its stderr shown on failure) at the end."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from crosstally import demo

STARTUP_SECONDS = 30.0


@dataclass
class Server:
    url: str
    home: Path
    process: subprocess.Popen[str]

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=120.0, trust_env=False, **kwargs)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CROSSTALLY_")}
    env.update({"CROSSTALLY_HOME": str(home), "NO_PROXY": "*", **extra})
    return env


@contextmanager
def running(home: Path, *args: str, command: Sequence[str] | None = None,
            env: dict[str, str] | None = None, connect: str = "127.0.0.1") -> Iterator[Server]:
    """`crosstally serve --port N ARGS` (or `command`) until the block ends."""
    port = free_port()
    argv = list(command or [sys.executable, "-m", "crosstally", "serve"]) + [
        "--port", str(port), *args]
    process = subprocess.Popen(argv, env=env or serve_env(home), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    server = Server(f"http://{connect}:{port}", home, process)
    try:
        _wait_until_up(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()
        if process.stderr:
            process.stderr.close()


def _wait_until_up(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"crosstally serve exited with {server.process.returncode}: "
                                 f"{server.process.stderr.read() if server.process.stderr else ''}")
        try:
            with httpx.Client(timeout=2.0, trust_env=False) as client:
                if client.get(f"{server.url}/api/health").status_code in (200, 401):
                    return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"crosstally serve did not answer at {server.url} within "
                         f"{STARTUP_SECONDS:.0f} s")


def demo_files() -> list[tuple[str, tuple[str, bytes]]]:
    """The demo corpus as multipart `files` parts."""
    return [("files", (p.name, p.read_bytes())) for p in sorted(demo.corpus_dir().iterdir())
            if p.is_file()]
