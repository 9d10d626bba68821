#!/usr/bin/env python3
"""Take the README's screenshot of the web app's report page: docs/web-report.png.

Run from the repository root after `./scripts/test` (needs the `serve` extra, the `playwright`
package and Debian's /usr/bin/chromium):

    .venv/bin/python scripts/screenshot_web.py

It starts `crosstally serve` on a free loopback port with a fresh CROSSTALLY_HOME, adds the
demo corpus through the API, asks the demo question and photographs the report page; no request
leaves 127.0.0.1.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "web-report.png"
sys.path.insert(0, str(ROOT / "tests"))

from live_server import demo_files, running
from test_html_browser import CHROMIUM, CHROMIUM_ARGS

from crosstally import demo


def main() -> int:
    from playwright.sync_api import Route, sync_playwright

    with tempfile.TemporaryDirectory() as home, running(Path(home)) as server, \
            server.client(headers={"X-Crosstally-Client": "screenshot"}) as client:
        client.post("/api/sources", files=demo_files()).raise_for_status()
        asked = client.post("/api/ask", json={"question": demo.QUESTION})
        asked.raise_for_status()
        report_id = asked.headers["X-Crosstally-Report"]
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1060, "height": 1000},
                                    device_scale_factor=1)

            def only_the_app(route: Route) -> None:
                if route.request.url.startswith(server.url + "/"):
                    route.continue_()
                else:
                    route.abort()

            page.route("**/*", only_the_app)
            page.goto(f"{server.url}/reports/{report_id}")
            page.locator("#chart .row text.figure").nth(1).hover()  # a quote in the panel
            OUT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(OUT))
            browser.close()
    print(f"wrote {OUT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
