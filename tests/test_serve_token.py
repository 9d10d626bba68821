"""Binding beyond loopback needs CROSSTALLY_TOKEN; with a token, nothing answers without it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from live_server import free_port, running, serve_env

pytest.importorskip("fastapi", reason="needs the serve extra: pip install -e '.[serve]'")

TOKEN = "test-token-0123456789abcdef"


def test_a_non_loopback_bind_without_a_token_refuses_to_start(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "crosstally", "serve", "--host", "0.0.0.0",
                           "--port", str(free_port())], env=serve_env(tmp_path),
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert "refusing to listen on 0.0.0.0" in done.stderr and "CROSSTALLY_TOKEN" in done.stderr
    assert not (tmp_path / "library.sqlite").exists()


def test_a_short_token_is_refused(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "crosstally", "serve", "--host", "0.0.0.0",
                           "--port", str(free_port())],
                          env=serve_env(tmp_path, CROSSTALLY_TOKEN="short"),
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1 and "use at least 16 random" in done.stderr


def test_with_a_token_every_request_needs_it(tmp_path: Path) -> None:
    env = serve_env(tmp_path, CROSSTALLY_TOKEN=TOKEN)
    with running(tmp_path, "--host", "0.0.0.0", env=env) as server:
        with server.client() as anonymous:
            for path in ("/api/health", "/api/sources", "/api/reports", "/api/openapi.json"):
                answer = anonymous.get(path)
                assert answer.status_code == 401, path
                assert "token" in answer.json()["error"]
            assert anonymous.post("/api/ask", json={"question": "How many?"}).status_code == 401
            assert anonymous.get("/api/sources", headers={
                "Authorization": "Bearer wrong-token-0123456789"}).status_code == 401
            page = anonymous.get("/sources")
            assert page.status_code == 401 and 'name="token"' in page.text
            assert TOKEN not in page.text
        with server.client(headers={"Authorization": f"Bearer {TOKEN}"}) as bearer:
            assert bearer.get("/api/health").json()["status"] == "ok"
            assert bearer.get("/api/sources").json() == []
        with server.client() as browser:  # the token typed once into the page: a cookie
            wrong = browser.post("/login", data={"token": "nope", "next": "/sources"})
            assert wrong.status_code == 401
            login = browser.post("/login", data={"token": TOKEN, "next": "/sources"})
            assert login.status_code == 303 and login.headers["location"] == "/sources"
            assert browser.get("/sources").status_code == 200
            assert browser.get("/api/health").status_code == 200


def test_the_login_page_sends_nobody_elsewhere(tmp_path: Path) -> None:
    env = serve_env(tmp_path, CROSSTALLY_TOKEN=TOKEN)
    with running(tmp_path, env=env) as server, server.client() as browser:
        for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example/x"):
            answer = browser.post("/login", data={"token": TOKEN, "next": target})
            assert answer.headers["location"] == "/"
        assert httpx.get(f"{server.url}/api/health", trust_env=False).status_code == 401
