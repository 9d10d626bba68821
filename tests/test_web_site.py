"""The loopback test site: a real ThreadingHTTPServer on 127.0.0.1, port 0, serving
tests/fixtures/site/ plus the routes that are behaviour rather than files (redirects, errors,
slow and huge responses, conditional requests, the search APIs). It counts hits per path so
the cache tests can see whether a request was made. Other web tests import `site` from here.

All figures in the fixture pages are invented.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from click.testing import CliRunner, Result
from fpdf import FPDF

from crosstally.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "site"
BRAVE_KEY = "test-brave-key-7f3a"
ARTICLE_ETAG = '"article-v1"'
ARTICLE_MODIFIED = "Tue, 04 Oct 2022 08:00:00 GMT"
TYPES = {".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8",
         ".json": "application/json"}
HUGE = 20 * 1024 * 1024 + 64 * 1024  # just over the default 20 MB cap
CHUNK = b"\0" * (64 * 1024)


@dataclass
class Request:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


@dataclass
class Site:
    """What the server saw: hits per path, every request, the most requests in flight."""

    base: str = ""
    hits: Counter[str] = field(default_factory=Counter)
    requests: list[Request] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    pdf: bytes = b""

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def host(self) -> str:
        return self.base.removeprefix("http://")

    def count(self, path: str) -> int:
        with self.lock:
            return self.hits[path]

    def seen(self, path: str) -> list[Request]:
        with self.lock:
            return [r for r in self.requests if r.path == path]


def make_pdf() -> bytes:
    pdf = FPDF()
    pages = (("Departures report. About 200,000 men have left Russia to avoid conscription, "
              "border services estimated."),
             "Page two. At least 150,000 of them crossed by land.")
    for text in pages:
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        pdf.multi_cell(0, 10, text)
    pdf.set_title("Departures report")
    pdf.set_author("Example Border Service")
    return bytes(pdf.output())


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: SiteServer

    def log_message(self, format: str, *args: object) -> None:  # keep pytest output quiet
        pass

    # -- plumbing ---------------------------------------------------------------------------

    def do_GET(self) -> None:
        site = self.server.site
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        with site.lock:
            site.hits[path] += 1
            hits = site.hits[path]
            site.requests.append(Request(path, query, {k.lower(): v for k, v in
                                                       self.headers.items()}))
            site.in_flight += 1
            site.max_in_flight = max(site.max_in_flight, site.in_flight)
        try:
            self.route(site, path, query, hits)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading (size cap, timeout): expected
        finally:
            with site.lock:
                site.in_flight -= 1

    def send(self, status: int, body: bytes = b"", content_type: str | None = None,
             **headers: str) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_json(self, name: str, status: int = 200) -> None:
        text = (FIXTURES / "search" / name).read_text(encoding="utf-8")
        text = text.replace("{base}", self.server.site.base).replace("{host}",
                                                                     self.server.site.host)
        self.send(status, text.encode("utf-8"), "application/json")

    def redirect(self, status: int, location: str) -> None:
        self.send(status, b"", None, Location=location)

    # -- routes -----------------------------------------------------------------------------

    def route(self, site: Site, path: str, query: dict[str, list[str]], hits: int) -> None:
        if path == "/article.html":
            return self.article()
        if path == "/nocache.html":
            return self.file("article.html", Cache_Control="no-cache", ETag='"nocache-v1"')
        if path == "/report.pdf":
            return self.send(200, site.pdf, "application/pdf")
        if path == "/download":  # a PDF behind an unhelpful content type: sniffed
            return self.send(200, site.pdf, "application/octet-stream")
        if path == "/cyrillic.html":  # windows-1251 bytes, no charset anywhere
            return self.send(200, (FIXTURES / "cyrillic-1251.html").read_bytes(), "text/html")
        if path.startswith("/redirect/"):
            return self.redirect_chain(path)
        if path == "/to-loopback":
            return self.redirect(302, f"http://127.0.0.1:{self.server.server_port}/article.html")
        if path == "/to-ftp":
            return self.redirect(302, "ftp://files.example/article.txt")
        if path == "/flaky":  # 500 on the first hit (per case), then 200
            case_hits = site.count(f"flaky:{query['case'][0]}") + 1
            with site.lock:
                site.hits[f"flaky:{query['case'][0]}"] += 1
            if case_hits == 1:
                return self.send(500, b"oops", "text/plain")
            return self.file("notes.txt")
        if path == "/busy":  # 429 with Retry-After, then 200
            with site.lock:
                site.hits[f"busy:{query['case'][0]}"] += 1
                n = site.hits[f"busy:{query['case'][0]}"]
            if n == 1:
                return self.send(429, b"slow down", "text/plain", Retry_After="7")
            return self.file("notes.txt")
        if path == "/always-503":
            return self.send(503, b"down", "text/plain")
        if path == "/slow":
            time.sleep(float(query.get("delay", ["1.0"])[0]))
            return self.file("notes.txt")
        if path == "/slowish":
            time.sleep(0.25)
            return self.send(200, b"Some 12 people queued.", "text/plain")
        if path == "/trickle":  # headers at once, then a byte every 0.1 s
            return self.trickle()
        if path == "/huge-declared":
            return self.huge(declare=True)
        if path == "/huge":
            return self.huge(declare=False)
        if path == "/image.png":
            return self.send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")
        if path == "/data.json":
            return self.send(200, b'{"men": 200000}', "application/json")
        if path == "/empty.html":
            return self.send(200, b"", "text/html")
        if path == "/robots-5xx/robots.txt":
            return self.send(500, b"", "text/plain")
        if path == "/searxng/search":
            if query.get("format") != ["json"]:
                return self.send(403, b"Forbidden", "text/html")
            return self.send_json("searxng.json")
        if path == "/w/api.php":
            return self.send_json("mediawiki.json")
        if path == "/api/v2/doc/doc":
            return self.send_json("gdelt.json")
        if path == "/gdelt-error/api/v2/doc/doc":  # GDELT explains bad queries in plain text
            return self.send(200, b"Your search contained a keyword that was too short.\n",
                             "text/html")
        if path == "/res/v1/web/search":
            if self.headers.get("X-Subscription-Token") != BRAVE_KEY:
                body = {"type": "ErrorResponse", "error": {
                    "id": "0f9e", "status": 401, "code": "SUBSCRIPTION_TOKEN_INVALID",
                    "detail": "The provided subscription token is invalid."}, "time": 1}
                return self.send(401, json.dumps(body).encode(), "application/json")
            return self.send_json("brave.json")
        target = (FIXTURES / path.lstrip("/")).resolve()
        if not target.is_file():
            target = target.with_name(target.name + ".html")  # /wiki/Title -> Title.html
        if FIXTURES in target.parents and target.is_file() and target.suffix in TYPES:
            return self.file(str(target.relative_to(FIXTURES)))
        self.send(404, b"<h1>Not found</h1>", "text/html")

    def file(self, name: str, **headers: str) -> None:
        target = FIXTURES / name
        self.send(200, target.read_bytes(), TYPES[target.suffix], **headers)

    def article(self) -> None:
        validators = {"ETag": ARTICLE_ETAG, "Last_Modified": ARTICLE_MODIFIED}
        if self.headers.get("If-None-Match") == ARTICLE_ETAG:
            return self.send(304, b"", None, Cache_Control="max-age=3600", **validators)
        self.file("article.html", Cache_Control="max-age=3600", **validators)

    def redirect_chain(self, path: str) -> None:
        step = path.removeprefix("/redirect/")
        if step == "loop":
            return self.redirect(302, "/redirect/loop")
        n = int(step)
        statuses = {1: 301, 2: 302, 3: 307}
        if n in statuses:
            return self.redirect(statuses[n], f"/redirect/{n + 1}")
        self.redirect(308, "/article.html")

    def trickle(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "100")
        self.end_headers()
        for _ in range(100):
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(0.1)

    def huge(self, *, declare: bool) -> None:
        """Just over 20 MB of zeros, generated chunk by chunk (never held in memory)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        if declare:
            self.send_header("Content-Length", str(HUGE))
            self.end_headers()
            return  # a declared size is refused before the body is read
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        sent = 0
        while sent < HUGE:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(CHUNK), CHUNK))
            sent += len(CHUNK)
        self.wfile.write(b"0\r\n\r\n")


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, site: Site) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.site = site

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up (size cap, timeout, closed pool) is expected here."""


@pytest.fixture(scope="session", name="site")
def site_server() -> Iterator[Site]:
    """The running site; other modules import `site_server` and ask for `site`."""
    site = Site(pdf=make_pdf())
    server = SiteServer(site)
    site.base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


PROVIDER_ENV = ("CROSSTALLY_SEARXNG_URL", "CROSSTALLY_WIKIPEDIA_URL", "CROSSTALLY_GDELT_URL",
                "CROSSTALLY_BRAVE_URL", "CROSSTALLY_BRAVE_API_KEY")


def cli_env(home: Path, **variables: str) -> dict[str, str | None]:
    """CROSSTALLY_HOME in the test's folder; provider settings only as the test gives them."""
    env: dict[str, str | None] = {name: None for name in PROVIDER_ENV}
    env.update(variables)
    env["CROSSTALLY_HOME"] = str(home)
    return env


def crosstally(*args: str, env: dict[str, str | None]) -> Result:
    """Run the real command in-process (click's runner): stdout, stderr and the exit code."""
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


# -- the site itself -------------------------------------------------------------------------


def test_the_site_serves_fixture_files_and_counts_hits(site: Site) -> None:
    before = site.count("/notes.txt")
    response = httpx.get(site.url("/notes.txt"), trust_env=False)

    assert response.status_code == 200
    assert "At least 150,000 men" in response.text
    assert site.count("/notes.txt") == before + 1


def test_the_site_answers_404_for_unknown_paths_and_never_serves_outside_fixtures(
        site: Site) -> None:
    assert httpx.get(site.url("/no-such-page"), trust_env=False).status_code == 404
    assert httpx.get(site.url("/../test_web_site.py"), trust_env=False).status_code == 404
