"""The web app in real headless Chromium, against `crosstally serve` run as a subprocess: add
the demo corpus through the page, ask the demo question, read the report and its chart, open
a citation at its highlighted quote, filter the estimates, download the JSON; no console
error, and no request for anything but the app on 127.0.0.1.

Needs Debian's /usr/bin/chromium and the `playwright` package, as tests/test_html_browser.py:
skipped locally without them, a failure under CI=true."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema
import pytest
from live_server import Server, running
from test_html_browser import chromium

from crosstally import demo

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page, Route

pytest.importorskip("fastapi", reason="needs the serve extra: pip install -e '.[serve]'")

SCHEMA = json.loads((resources.files("crosstally.schema") / "report.schema.json").read_text())
HOSTILE = (
    "TITLE: Farmers leave <script>window.__pwned=1</script>\n"
    "DATE: 2031-05-02\n\n"
    "Officials said at least 12,000 farmers left the valley "
    '<img src=x onerror="window.__pwned=2"> in the spring.\n'
    "A later count found that about 9,000 farmers left the valley <b>by June</b>.\n")


@dataclass
class Session:
    """A browser on the app, with everything it logged and every request it tried."""

    server: Server
    page: Page
    console: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def errors(self) -> list[str]:
        return [line for line in self.console if line.startswith(("error", "pageerror"))]

    def goto(self, path: str) -> None:
        self.page.goto(self.server.url + path)


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    with chromium(tmp_path_factory.mktemp("chromium-profile"),
                  viewport={"width": 1100, "height": 900}, accept_downloads=True) as browser:
        yield browser


@pytest.fixture(scope="module")
def session(context: BrowserContext, tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[Session]:
    with running(tmp_path_factory.mktemp("home")) as server:
        page = context.new_page()
        visit = Session(server, page)

        def only_the_app(route: Route) -> None:
            url = route.request.url
            visit.requests.append(url)
            if url.startswith(server.url + "/"):
                route.continue_()
            else:  # nothing may leave the machine, even if a test is about to fail
                visit.refused.append(url)
                route.abort()

        page.route("**/*", only_the_app)
        page.on("console", lambda msg: visit.console.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda err: visit.console.append(f"pageerror: {err}"))
        yield visit
        page.close()


def _add_demo_corpus(s: Session) -> None:
    s.goto("/sources")
    files = sorted(p for p in demo.corpus_dir().iterdir() if p.is_file())
    s.page.set_input_files("#files", [str(p) for p in files])
    with s.page.expect_navigation():
        s.page.get_by_role("button", name="Add to the library").click()
    assert s.page.get_by_text(f"Added {len(files)} sources").is_visible()
    assert s.page.locator("table.sources tbody tr").count() == len(files)


def _ask_demo_question(s: Session) -> str:
    s.goto("/")
    s.page.get_by_label("Question", exact=True).fill(demo.QUESTION)
    s.page.get_by_role("button", name="Ask").click()
    s.page.wait_for_url(f"{s.server.url}/reports/*", timeout=120_000)
    return s.page.url.rsplit("/", 1)[1]


@pytest.fixture(scope="module")
def report_id(session: Session) -> str:
    _add_demo_corpus(session)
    return _ask_demo_question(session)


def test_the_report_page_shows_the_answer_and_the_chart(session: Session,
                                                        report_id: str) -> None:
    page = session.page
    session.goto(f"/reports/{report_id}")
    assert page.locator("h1").inner_text() == demo.QUESTION
    assert "hundreds of thousands" in page.locator(".answer").inner_text()
    chart = page.locator("#chart svg[role=img]")
    assert chart.is_visible() and page.locator("#chart .row").count() >= 3
    band = page.locator("#chart .band rect").bounding_box()
    assert band and band["width"] >= 3
    page.locator("#chart .row text.figure").first.hover()  # the chart's own quote panel
    assert page.locator("#chart .tip-box:visible").count() == 1
    assert session.errors() == [] and session.refused == []


def test_a_citation_opens_the_source_at_its_highlighted_quote(session: Session,
                                                              report_id: str) -> None:
    page = session.page
    session.goto(f"/reports/{report_id}")
    report = json.loads(page.request.get(f"{session.server.url}/api/reports/{report_id}").text())
    cite = page.locator("section a.cite").first
    estimate_id = (cite.get_attribute("href") or "").split("/quote/")[1].split("#")[0]
    estimate = next(e for e in report["estimates"] if e["id"] == estimate_id)
    cite.click()
    page.wait_for_url(f"**/quote/{estimate_id}#quote")
    mark = page.locator("mark#quote")
    assert mark.inner_text() == estimate["quote"]
    assert page.evaluate("getComputedStyle(document.getElementById('quote')).backgroundColor"
                         ) != "rgba(0, 0, 0, 0)"
    box, height = mark.bounding_box(), page.viewport_size["height"] if page.viewport_size else 0
    assert box and 0 <= box["y"] and box["y"] + min(box["height"], 40) <= height  # in view
    assert page.evaluate("document.activeElement.id") == "quote"
    assert session.errors() == [] and session.refused == []


def test_a_citation_works_from_the_keyboard(session: Session, report_id: str) -> None:
    page = session.page
    session.goto(f"/reports/{report_id}")
    page.locator("section a.cite").nth(1).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/quote/*")
    assert page.locator("mark#quote").is_visible()


def test_the_estimate_table_filters_and_sorts(session: Session, report_id: str) -> None:
    page = session.page
    session.goto(f"/reports/{report_id}")
    total = page.locator("table.estimates tbody tr").count()
    page.get_by_label("Relation").select_option("direct")  # applied at once by app.js
    page.wait_for_url("**relation=direct**")
    relations = page.locator("table.estimates tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.relation)")
    assert relations and set(relations) == {"direct"} and len(relations) < total
    page.get_by_role("link", name="Source", exact=True).click()
    page.wait_for_url("**sort=source**")
    sources = page.locator("table.estimates tbody tr td:nth-child(2)").all_inner_texts()
    numbers = [int(s.split("]")[0].lstrip("[")) for s in sources]
    assert numbers == sorted(numbers)
    assert "relation=direct" in page.url
    assert session.errors() == [] and session.refused == []


def test_the_json_download_validates_against_the_schema(session: Session, report_id: str,
                                                        tmp_path: Path) -> None:
    page = session.page
    session.goto(f"/reports/{report_id}")
    with page.expect_download() as info:
        page.get_by_role("link", name="JSON").click()
    path = tmp_path / "report.json"
    info.value.save_as(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    assert data["question"] == demo.QUESTION and data["verification"]["problems"] == []
    with page.expect_download() as info:
        page.get_by_role("link", name="Markdown").click()
    assert info.value.suggested_filename.endswith(".md")


def test_history_reopens_and_re_verifies_the_report(session: Session, report_id: str) -> None:
    page = session.page
    session.goto("/history")
    page.get_by_role("link", name=demo.QUESTION).first.click()
    page.wait_for_url(f"**/reports/{report_id}")
    with page.expect_navigation():
        page.get_by_role("button", name="Re-verify against the stored text").click()
    recheck = page.locator("#recheck")
    assert "Re-verified against the stored text" in recheck.inner_text()
    assert "the same as when the report was written" in recheck.inner_text()
    assert session.errors() == [] and session.refused == []


def test_no_request_left_the_app(session: Session, report_id: str) -> None:
    assert session.requests and session.refused == []
    assert all(url.startswith(session.server.url + "/") for url in session.requests)


def test_markup_in_an_uploaded_source_stays_text(session: Session, report_id: str,
                                                 tmp_path: Path) -> None:
    page = session.page
    hostile = tmp_path / "valley.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    session.goto("/")
    page.get_by_label("Question", exact=True).fill("How many farmers left the valley?")
    page.get_by_label("only the files or URLs below").check()
    page.set_input_files("#ask-files", str(hostile))
    page.get_by_role("button", name="Ask").click()
    page.wait_for_url(f"{session.server.url}/reports/*", timeout=120_000)
    page.locator("table.estimates tbody a").first.click()
    page.wait_for_url("**/quote/*")
    text = page.locator(".source-text").inner_text()
    assert "<script>" in page.locator("h1").inner_text() or "<script>" in text
    assert '<img src=x onerror="window.__pwned=2">' in text
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('main script, main img, main b').length") == 0
    assert session.errors() == [] and session.refused == []


def test_files_dropped_on_the_page_are_chosen_for_upload(session: Session,
                                                        report_id: str) -> None:
    page = session.page
    session.goto("/sources")
    page.evaluate("""() => {
        const data = new DataTransfer();
        data.items.add(new File(["About 12,000 farmers left."], "dropped.txt",
                                {type: "text/plain"}));
        const zone = document.getElementById("drop");
        zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: data, bubbles: true}));
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true}));
    }""")
    assert page.evaluate("document.getElementById('files').files.length") == 1
    assert page.locator("#chosen").inner_text() == "dropped.txt"
    assert session.errors() == []


def test_reading_a_report_works_without_javascript(context: BrowserContext, session: Session,
                                                  report_id: str) -> None:
    """Asking, following the run (the page reloads itself), the report, its filters and its
    citations: all plain HTML."""
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        session.server.url + "/") else route.abort())
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        page.goto(f"{session.server.url}/")
        page.get_by_label("Question", exact=True).fill(demo.QUESTION)
        page.get_by_role("button", name="Ask").click()
        page.wait_for_url(f"{session.server.url}/reports/*", timeout=120_000)
        assert page.locator("#chart .row").count() >= 3
        page.get_by_label("Relation").select_option("direct")
        with page.expect_navigation():
            page.get_by_role("button", name="Filter").click()
        relations = set(page.locator("table.estimates tbody tr").evaluate_all(
            "rows => rows.map(r => r.dataset.relation)"))
        assert relations == {"direct"}
        page.locator("section a.cite").first.click()
        page.wait_for_url("**/quote/**")
        assert page.locator("mark#quote").is_visible()
    finally:
        page.close()
