"""The JSON API of `crosstally serve`, over real HTTP against the server run as a subprocess:
every endpoint, and bad input answered with a 4xx JSON error that leaves nothing half stored."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from threading import Thread
from typing import Any

import httpx
import jsonschema
import pytest
from live_server import Server, demo_files, running

from crosstally import demo

pytest.importorskip("fastapi", reason="needs the serve extra: pip install -e '.[serve]'")

CLIENT = {"X-Crosstally-Client": "tests"}
SCHEMA = json.loads((resources.files("crosstally.schema") / "report.schema.json").read_text())


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server whose library holds the demo corpus, uploaded through the API."""
    with running(tmp_path_factory.mktemp("home"), "--max-upload-mb", "0.05",
                 "--max-files", "12") as live, live.client(headers=CLIENT) as client:
        added = client.post("/api/sources", files=demo_files())
        assert added.status_code == 200, added.text
        yield live


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    with server.client(headers=CLIENT) as c:
        yield c


@pytest.fixture(scope="module")
def private_site() -> Iterator[str]:
    """A page on loopback that would be readable, were private addresses not refused."""
    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<html><title>t</title><body><p>At least 150,000 men left.</p></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    site = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    Thread(target=site.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{site.server_address[1]}/page.html"
    site.shutdown()
    site.server_close()


def _counts(client: httpx.Client) -> tuple[int, int]:
    health = client.get("/api/health").json()
    return health["sources"], health["reports"]


def test_health_and_the_openapi_document_name_every_endpoint(client: httpx.Client) -> None:
    health = client.get("/api/health")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert health.json()["sources"] == len(demo_files())
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/ask", "/api/jobs/{job_id}", "/api/sources", "/api/sources/{key}",
            "/api/reports", "/api/reports/{report_id}", "/api/health"} <= set(paths)
    assert set(paths["/api/sources"]) == {"get", "post"}


def test_sources_are_listed_and_uploading_the_same_file_again_changes_nothing(
        client: httpx.Client) -> None:
    listed = client.get("/api/sources").json()
    names = {Path(s["origin"]).name for s in listed}
    assert names == {name for _, (name, _) in demo_files()}
    again = client.post("/api/sources", files=demo_files()[:2]).json()
    assert [a["status"] for a in again["added"]] == ["unchanged", "unchanged"]
    assert len(client.get("/api/sources").json()) == len(listed)


def test_ask_answers_with_the_report_json_and_keeps_it(client: httpx.Client) -> None:
    asked = client.post("/api/ask", json={"question": demo.QUESTION})
    assert asked.status_code == 200, asked.text
    report = asked.json()
    jsonschema.validate(report, SCHEMA)
    assert report["question"] == demo.QUESTION and report["answer"]["low"] is not None
    assert report["verification"]["problems"] == []
    report_id = asked.headers["X-Crosstally-Report"]
    assert asked.headers["Location"] == f"/api/reports/{report_id}"
    assert client.get(f"/api/reports/{report_id}").json() == report
    kept = [r for r in client.get("/api/reports").json() if r["id"] == report_id]
    assert kept and kept[0]["question"] == demo.QUESTION
    assert kept[0]["asked_over"] == len(demo_files())
    markdown = client.get(f"/api/reports/{report_id}", params={"format": "md"})
    assert markdown.text.startswith(f"# {demo.QUESTION}")
    html = client.get(f"/api/reports/{report_id}", params={"format": "html"})
    assert html.text.startswith("<!DOCTYPE html>")
    assert html.headers["Content-Security-Policy"].startswith("sandbox;")


def test_a_stored_report_re_verifies_against_its_stored_text(client: httpx.Client) -> None:
    report_id = client.post("/api/ask", json={"question": demo.QUESTION}).headers[
        "X-Crosstally-Report"]
    checked = client.post(f"/api/reports/{report_id}/verify").json()
    stored = client.get(f"/api/reports/{report_id}").json()
    assert checked["ok"] and checked["same_as_stored"]
    assert checked["verification"] == stored["verification"]
    assert checked["spans_checked"] == len(stored["estimates"])


def test_a_job_reports_progress_then_its_report(client: httpx.Client) -> None:
    started = client.post("/api/ask", json={"question": demo.QUESTION, "wait": False})
    assert started.status_code == 202
    job_url = started.headers["Location"]
    deadline = time.monotonic() + 120
    while (job := client.get(job_url).json())["status"] in ("queued", "running"):
        assert time.monotonic() < deadline, job
        time.sleep(0.1)
    assert job["status"] == "done", job
    assert "reconciling" in job["progress"] and "verifying" in job["progress"]
    assert client.get(job["report_url"]).json()["question"] == demo.QUESTION


def test_ask_over_a_selection_uses_only_those_sources(client: httpx.Client) -> None:
    listed = client.get("/api/sources").json()
    chosen = [s for s in listed if Path(s["origin"]).name.startswith(("03_", "05_"))]
    report = client.post("/api/ask", json={
        "question": demo.QUESTION, "sources": [s["id"][:6] for s in chosen]}).json()
    assert {Path(s["doc"]).name for s in report["sources"]} <= {
        Path(s["origin"]).name for s in chosen}
    assert report["sources"]


@pytest.mark.parametrize(("body", "status", "words"), [
    ({"question": "   "}, 422, "the question is empty"),
    ({"question": "Why did they leave Russia?"}, 422, "does not ask for a number"),
    ({"question": demo.QUESTION, "sources": ["nosuchsource"]}, 404, "no source 'nosuchsource'"),
    ({"question": demo.QUESTION, "urls": ["/etc/passwd"]}, 400, "is not a URL"),
    ({"wait": True}, 422, "question"),
])
def test_bad_questions_get_a_json_error_and_store_nothing(
        client: httpx.Client, body: dict[str, Any], status: int, words: str) -> None:
    before = _counts(client)
    answer = client.post("/api/ask", json=body)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/json"
    assert words in answer.json()["error"] and answer.json()["status"] == status
    assert _counts(client) == before


def test_unknown_ids_get_404_json(client: httpx.Client) -> None:
    for method, path, words in (("GET", "/api/reports/0123456789abcdef", "no report"),
                                ("POST", "/api/reports/0123456789abcdef/verify", "no report"),
                                ("GET", "/api/jobs/feedface", "no job"),
                                ("DELETE", "/api/sources/zzzzzzzz", "no source")):
        answer = client.request(method, path)
        assert answer.status_code == 404, (path, answer.text)
        assert words in answer.json()["error"]


def test_an_oversize_upload_is_refused_whole(server: Server, client: httpx.Client) -> None:
    before = _counts(client)
    files = [("files", ("small.txt", b"At least 150,000 men left.\n")),
             ("files", ("big.txt", b"At least 150,000 men left.\n" * 4000))]
    answer = client.post("/api/sources", files=files)
    assert answer.status_code == 413, answer.text
    assert "'big.txt' is 0.1 MB; the limit is 0.05 MB per file" in answer.json()["error"]
    too_many = client.post("/api/sources", files=[("files", (f"{i}.txt", b"1 man"))
                                                  for i in range(13)])
    assert too_many.status_code == 413 and "the limit is 12" in too_many.json()["error"]
    assert _counts(client) == before
    assert not any("small.txt" in p.name for p in server.home.rglob("*"))


def test_a_url_on_a_private_address_is_refused_and_nothing_is_stored(
        client: httpx.Client, private_site: str) -> None:
    assert httpx.get(private_site, trust_env=False).status_code == 200  # the page is there
    before = _counts(client)
    added = client.post("/api/sources", json={"urls": [private_site]})
    assert added.status_code == 422, added.text
    assert "refused: 127.0.0.1 is a loopback address" in added.json()["error"]
    nato = next(s["id"] for s in client.get("/api/sources").json()
                if s["origin"].endswith("03_news_nato_assessment.txt"))
    asked = client.post("/api/ask", json={"question": demo.QUESTION, "urls": [private_site],
                                          "sources": [nato]})
    assert asked.status_code == 200, asked.text  # the library source answers; the page unused
    unused = asked.json()["sources_not_used"]
    assert [u["doc"] for u in unused] == [private_site] and "loopback" in unused[0]["reason"]
    assert _counts(client)[0] == before[0]


def test_removing_a_source_keeps_the_reports_that_cite_it(client: httpx.Client) -> None:
    text = b"About 12,000 men left Russia to avoid conscription."
    client.post("/api/sources", files=[("files", ("extra.txt", text))])
    listed = client.get("/api/sources").json()
    extra = next(s for s in listed if s["origin"].endswith("extra.txt"))
    asked = client.post("/api/ask", json={"question": demo.QUESTION, "sources": [extra["id"]]})
    assert asked.status_code == 200, asked.text
    removed = client.delete(f"/api/sources/{extra['id']}")
    assert removed.status_code == 200 and removed.json()["removed"]["id"] == extra["id"]
    assert len(client.get("/api/sources").json()) == len(listed) - 1
    checked = client.post(f"/api/reports/{asked.headers['X-Crosstally-Report']}/verify").json()
    assert checked["ok"] and checked["not_in_library"] == [f"[1] {extra['origin']}"]


def test_state_changes_from_another_site_or_a_plain_form_are_refused(server: Server) -> None:
    with server.client() as plain:
        form = plain.post("/api/sources", files=[("files", ("x.txt", b"12 men"))])
        assert form.status_code == 403 and "must be JSON" in form.json()["error"]
        page_form = plain.post("/sources", data={"urls": "https://example.org/"})
        assert page_form.status_code == 403 and "another site" in page_form.text
        other = plain.post("/api/ask", json={"question": demo.QUESTION},
                           headers={"Origin": "https://evil.example"})
        assert other.status_code == 403
        rebound = plain.get("/api/health", headers={"Host": "evil.example"})
        assert rebound.status_code == 421


def test_pages_send_a_policy_that_forbids_inline_and_foreign_scripts(server: Server) -> None:
    with server.client() as plain:
        page = plain.get("/")
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "<script>" not in page.text and 'src="/static/app.js"' in page.text
