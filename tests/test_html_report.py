"""The HTML report is self-contained and inert: source text cannot inject markup or script."""

from __future__ import annotations

import re
from pathlib import Path

import crosstally
from crosstally.write import render_report

HOSTILE = (
    'TITLE: <script>alert("title")</script> Exodus report\n'
    "PUBLISHER: <img src=x onerror=alert(1)>\n"
    "URL: javascript:alert(2)\n\n"
    "Officials said at least 12,000 farmers left the valley <script>alert('body')</script> "
    "in the spring, according to the ministry.\n"
)


def _html(tmp_path: Path) -> str:
    (tmp_path / "evil.txt").write_text(HOSTILE, encoding="utf-8")
    report = crosstally.ask("How many farmers left the valley?", [tmp_path])
    return render_report(report, "html")


def test_script_in_a_source_comes_out_escaped(tmp_path: Path) -> None:
    html = _html(tmp_path)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;" in html
    assert "<img" not in html.lower()
    assert 'href="javascript:' not in html


def test_html_report_loads_nothing_from_the_network(tmp_path: Path) -> None:
    html = _html(tmp_path)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "default-src 'none'" in html  # the page forbids scripts and fetches outright
