"""The HTML report in real headless Chromium: its chart renders, it loads nothing, runs nothing.

Needs Debian's /usr/bin/chromium and the `playwright` package (no downloaded browsers). Without
them these tests skip locally, and fail under CI=true so CI cannot skip them silently.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import crosstally
from crosstally import demo
from crosstally.write import render_report

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PLOTTED = ("direct", "broader", "narrower")  # rates and shares stay off the axis of totals

HOSTILE = (
    "TITLE: Farmers leave the valley <script>window.__pwned=1</script>\n"
    'PUBLISHER: The Hill Gazette <img src=x onerror="window.__pwned=2">\n'
    "DATE: 2031-05-02\n\n"
    "Officials said at least 12,000 farmers left the valley <script>window.__pwned=1</script> "
    "in the spring.\n"
    "A later count found that about 9,000 farmers left the valley "
    '<img src=x onerror="window.__pwned=3"> by June.\n'
)


def _browser_missing() -> str | None:
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    return None


@contextmanager
def chromium(profile: Path, **options: Any) -> Iterator[BrowserContext]:
    """Debian's Chromium through Playwright, with a fresh profile; skipped where it is
    missing, a failure under CI=true."""
    missing = _browser_missing()
    if missing and os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"CI must run the browser tests, but {missing}")
    if missing:
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            **options)
        yield context
        context.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    with chromium(tmp_path_factory.mktemp("chromium-profile"),
                  viewport={"width": 1000, "height": 1000}) as context:
        # Nothing may leave the machine even if a test is about to fail: abort all but file://.
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
            "file:") else route.abort())
        yield context


@dataclass
class Visit:
    """A page opened on a report, with everything it logged and fetched."""

    page: Page
    url: str
    console: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def errors(self) -> list[str]:
        return [line for line in self.console if line.startswith(("error", "pageerror"))]


def _open(browser: BrowserContext, html: str, folder: Path) -> Iterator[Visit]:
    path = folder / "report.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page()
    visit = Visit(page, path.as_uri())
    page.on("console", lambda msg: visit.console.append(f"{msg.type}: {msg.text}"))
    page.on("pageerror", lambda err: visit.console.append(f"pageerror: {err}"))
    page.on("request", lambda req: visit.requests.append(req.url))
    page.goto(visit.url, wait_until="load")
    yield visit
    page.close()


@pytest.fixture(scope="module")
def demo_report() -> crosstally.Report:
    return crosstally.ask(demo.QUESTION, [demo.corpus_dir()])


@pytest.fixture
def demo_json(demo_report: crosstally.Report) -> dict[str, Any]:
    return demo_report.to_json()


@pytest.fixture
def demo_page(browser: BrowserContext, demo_report: crosstally.Report, tmp_path: Path
              ) -> Iterator[Visit]:
    yield from _open(browser, render_report(demo_report, "html"), tmp_path)


@pytest.fixture
def hostile_page(browser: BrowserContext, tmp_path: Path) -> Iterator[Visit]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "valley.txt").write_text(HOSTILE, encoding="utf-8")
    report = crosstally.ask("How many farmers left the valley?", [corpus])
    yield from _open(browser, render_report(report, "html"), tmp_path)


def _tip(visit: Visit, row_id: str) -> Any:
    return visit.page.locator(f"#row-{row_id} .tip-box")


def test_the_chart_renders_every_relevant_total_without_errors_or_requests(
        demo_page: Visit, demo_json: dict[str, Any], tmp_path: Path) -> None:
    page = demo_page.page
    chart = page.locator("#chart svg[role=img]")
    assert chart.is_visible()
    assert "log scale" in (chart.get_attribute("aria-label") or "")
    rows = page.locator("#chart .row")
    assert rows.count() >= 3
    drawn = {rows.nth(i).get_attribute("data-relation") for i in range(rows.count())}
    expected = {e["relation"] for e in demo_json["estimates"] if e["relation"] in PLOTTED
                and e["kind"] in ("count", "money") and not e["per"]}
    assert expected <= drawn <= set(PLOTTED)
    band = page.locator("#chart .band rect").bounding_box()
    assert band and band["width"] >= 3 and band["height"] > 0
    answer = demo_json["answer"]
    if (answer["likely_low"], answer["likely_high"]) == (answer["low"], answer["high"]):
        assert page.locator("#chart .likely rect").count() == 0  # no narrower cluster to shade
    else:
        likely = page.locator("#chart .likely rect").bounding_box()  # the darker band
        assert likely and likely["width"] >= 2 and likely["height"] == band["height"]
        assert band["x"] - 0.5 <= likely["x"]
        assert likely["x"] + likely["width"] <= band["x"] + band["width"] + 0.5
    labels = page.locator("#chart .tick text").all_text_contents()
    assert any(label.endswith("K") for label in labels) and "1M" in labels
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    page.locator("#chart").screenshot(path=str(tmp_path / "chart.png"))
    assert demo_page.errors() == []
    assert demo_page.requests == [demo_page.url]


def test_a_row_shows_its_quote_on_hover_and_on_keyboard_focus(
        demo_page: Visit, demo_json: dict[str, Any]) -> None:
    page = demo_page.page
    quotes = {e["id"]: " ".join(e["quote"].split()) for e in demo_json["estimates"]}
    first, second = (page.locator("#chart .row").nth(i).get_attribute("id") for i in (0, 1))
    assert first and second
    first, second = first.removeprefix("row-"), second.removeprefix("row-")
    assert not _tip(demo_page, first).is_visible()

    page.locator(f"#row-{first} text.figure").hover()
    assert _tip(demo_page, first).is_visible()
    assert quotes[first] in _tip(demo_page, first).inner_text()
    page.mouse.move(0, 0)
    assert not _tip(demo_page, first).is_visible()

    page.keyboard.press("Tab")  # nothing before the chart takes focus: the first row does
    assert page.evaluate("document.activeElement.id") == f"row-{first}"
    assert _tip(demo_page, first).is_visible()
    page.keyboard.press("Tab")
    assert _tip(demo_page, second).is_visible()
    assert quotes[second] in _tip(demo_page, second).inner_text()
    assert not _tip(demo_page, first).is_visible()
    assert demo_page.errors() == []


def test_markup_in_a_source_stays_text_in_the_browser(hostile_page: Visit) -> None:
    page = hostile_page.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('script, img').length") == 0
    assert hostile_page.requests == [hostile_page.url]  # no request for 'x'
    shown = []
    for _ in range(page.locator("#chart .row").count()):
        page.keyboard.press("Tab")
        visible = page.locator("#chart .tip-box:visible").all_inner_texts()
        assert len(visible) == 1  # the focused row's quote, and only that
        shown += visible
    assert shown and any("<script>window.__pwned=1</script>" in text for text in shown)
    assert any('<img src=x onerror="window.__pwned=2">' in text for text in shown)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert hostile_page.errors() == []
