"""What a source or a file name holds never reaches the terminal raw, nor becomes Markdown markup.

Run for real: the console command in a subprocess, and report.md read by a CommonMark parser
(markdown-it-py, which comes with rich). All documents are invented.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import crosstally
from crosstally.safe_text import md_line, md_prose, md_text, md_url, visible
from crosstally.write import render_report

# Terminal escapes: set the window title, clear the screen, the one-byte C1 form of ESC [,
# right-to-left override; and rich markup, which must stay text.
TITLE = "Valley \x1b]0;pwned\x07 exodus \x1b[2J \x9b31m [bold]loud[/bold] \u202eodaryalp"
PUBLISHER = "Hill \u202eGazette\u202c \u2066 Weekly"
HTML_TITLE = "River \x1b]0;meta\x07 news \x1b[2J"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\u202c", "\u2066")
QUESTION = "How many farmers left the valley?"

GOOD_NAME = "farm\x1b[31m\n\u202etxt.md"
EMPTY_NAME = "empty\x1b]0;x\x07.txt"
ODD_NAME = "notes\u202e\n[bold]x.xyz"


def hostile_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "wire.txt").write_text(
        f"TITLE: {TITLE}\nPUBLISHER: {PUBLISHER}\nDATE: 2031-05-02\n\n"
        "Officials said at least 12,000 farmers left the valley in the spring.\n",
        encoding="utf-8")
    (corpus / "page.html").write_text(
        f'<html><head><meta name="title" content="{HTML_TITLE}"><title>x</title></head>'
        "<body><article><p>A later count by the river monitor found that about 9,000 farmers "
        "left the valley by June, the monitor said in its bulletin on the floods.</p>"
        "</article></body></html>", encoding="utf-8")
    (corpus / GOOD_NAME).write_text("Up to 15,000 farmers left the valley by May.\n",
                                    encoding="utf-8")
    (corpus / EMPTY_NAME).write_text("", encoding="utf-8")
    (corpus / ODD_NAME).write_text("About 3,000 farmers left.\n", encoding="utf-8")
    return corpus


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CROSSTALLY_")}
    return subprocess.run(
        [sys.executable, "-m", "crosstally", *args], check=False, cwd=cwd, capture_output=True,
        text=True, encoding="utf-8", timeout=180, env={**env, "CROSSTALLY_HOME": str(cwd / "home")})


def assert_nothing_raw(result: subprocess.CompletedProcess[str]) -> None:
    for stream, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        found = [f"U+{ord(c):04X}" for c in RAW if c in text]
        assert not found, f"{' '.join(found)} reached {stream} raw:\n{text!r}"
        assert "Traceback" not in text, text


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    hostile_corpus(root)
    return root


def test_add_and_sources_show_hostile_titles_and_names_as_escapes(workdir: Path) -> None:
    added = run("add", "corpus", cwd=workdir)
    assert_nothing_raw(added)
    assert added.returncode == 1  # the empty file and the .xyz file are named, the rest added
    assert "Valley \\x1b]0;pwned\\x07 exodus \\x1b[2J \\x9b31m [bold]loud[/bold] \\u202eodaryalp" \
        in added.stdout
    assert "River \\x1b]0;meta\\x07 news \\x1b[2J" in added.stdout
    assert "farm\\x1b[31m\\n\\u202etxt.md" in added.stdout  # the origin of an added file
    assert "empty\\x1b]0;x\\x07.txt" in added.stderr
    assert "notes\\u202e\\n[bold]x.xyz" in added.stderr  # rich markup stays text

    listed = run("sources", cwd=workdir)
    assert_nothing_raw(listed)
    assert "Valley \\x1b]0;pwned\\x07" in listed.stdout and "Hill \\u202eGazette" in listed.stdout

    as_json = run("sources", "--json", cwd=workdir)
    assert_nothing_raw(as_json)
    titles = {e["title"] for e in json.loads(as_json.stdout)}
    assert {TITLE, HTML_TITLE} <= titles  # JSON escapes keep the data exact

    entry = next(e for e in json.loads(as_json.stdout) if e["title"] == TITLE)
    removed = run("remove", entry["id"], cwd=workdir)
    assert_nothing_raw(removed)
    assert removed.returncode == 0 and "Valley \\x1b]0;pwned" in removed.stdout


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_ask_prints_no_raw_control_character_in_any_format(workdir: Path, fmt: str) -> None:
    result = run("ask", QUESTION, "--corpus", "corpus", "--format", fmt, cwd=workdir)
    assert_nothing_raw(result)
    assert result.returncode == 0, result.stderr
    assert "empty\\x1b]0;x\\x07.txt" in result.stderr  # warned about, by name
    if fmt == "json":
        report = json.loads(result.stdout)
        assert TITLE in {s["title"] for s in report["sources"]}
    else:  # Markdown also escapes the ']'
        assert "\\x1b]0;pwned\\x07" in result.stdout.replace("\\]", "]")


def test_extract_names_a_hostile_file_in_valid_json(workdir: Path) -> None:
    path = str(Path("corpus") / GOOD_NAME)
    result = run("extract", path, cwd=workdir)
    assert_nothing_raw(result)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and all(r["doc"] == path for r in records)


# -- report.md -------------------------------------------------------------------------------

EVIL = "https://evil.example/"
MD_DOCS = {
    "wire.txt": (
        "TITLE: [click me](https://evil.example/) ![pixel](http://evil.example/track.png)\n"
        "PUBLISHER: <script>alert(1)</script> *Wire* | News &#x202e; www.evil.example\n"
        "URL: javascript:alert(2)\n"
        "DATE: 2031-05-02\n\n"
        "Officials at the <img src=x onerror=alert(1)> ministry said at least 12,000 farmers "
        "[evil](https://evil.example/) left the valley in the spring.\n"
        "A later count by the [River](http://evil.example/) Watch found that about 9,000 farmers "
        "<b>left</b> the valley by June ![x](http://evil.example/p.png).\n"
    ),
    "courier.txt": (
        "TITLE: # Farmers | leave\n"
        "PUBLISHER: 1. Courier <a href=https://evil.example/>here</a>\n"
        "URL: https://courier.example/a b(c)<d>\n"
        "DATE: 2031-05-20\n\n"
        "The River Watch group <script>x</script> estimated that up to 15,000 farmers_x left "
        "the valley by May, from https://evil.example/records and www.evil.example files.\n"
    ),
    "<img src=x onerror=alert(3)>.xyz": "About 3,000 farmers left.\n",
}
MD_QUESTION = "How many farmers left the valley? <img src=x onerror=alert(4)> [q](https://evil.example/)"


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    corpus = tmp_path_factory.mktemp("md") / "docs"
    corpus.mkdir()
    for name, text in MD_DOCS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    report = crosstally.ask(MD_QUESTION, [corpus])
    return report.to_json(), render_report(report, "md")


def test_hostile_text_reaches_the_prose_of_the_report(
        hostile_report: tuple[dict[str, Any], str]) -> None:
    """The corpus is hostile where it counts: source text stands in the prose and the table.
    (An actor is a noun phrase read word by word, so markup no longer rides into the prose
    inside one; the source's own words still do: 'farmers_x' would be Markdown emphasis.)"""
    data, _ = hostile_report
    prose = " ".join(s["text"] for s in data["sections"])
    assert "farmers_x" in prose, prose
    assert data["sources_not_used"], "the .xyz file should be a 'Sources not used' row"


def test_report_md_holds_no_html_link_or_image_made_from_a_source(
        hostile_report: tuple[dict[str, Any], str]) -> None:
    data, md = hostile_report
    html = MarkdownIt("commonmark").enable("table").render(md)  # raw HTML passes through
    assert not re.search(r"<(?:img|script|b)\b", html), html
    links = re.findall(r'<a href="([^"]*)"', html)
    assert links == ["https://courier.example/a%20b%28c%29%3Cd%3E"]  # the source's own URL
    assert not re.search(r"(?<!\\)[<>]", _without_source_links(md, data))
    assert not re.search(r"(?<!\\)\]\(|(?<!\\)!\[", md)
    assert not re.search(r"(?<!\\)://|(?<![\w\\])www\.", _without_source_links(md, data))
    # still recognisable: a reader sees the text as the source wrote it
    assert "&lt;img src=x onerror=alert(4)&gt; [q](https://evil.example/)</h1>" in html
    assert "&lt;img src=x onerror=alert(3)&gt;.xyz" in html
    assert "[click me](https://evil.example/) ![pixel](http://evil.example/track.png)" in html


def test_report_md_headings_and_table_rows_keep_their_shape(
        hostile_report: tuple[dict[str, Any], str]) -> None:
    data, md = hostile_report
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    headings = [t.content for i, t in enumerate(tokens) if tokens[i - 1].type == "heading_open"]
    assert headings[0].startswith("How many farmers left the valley?")
    assert headings[1:] == [s["title"] for s in data["sections"]] + [
        "Estimates", "Sources", "Sources not used"]
    rows = [t for t in tokens if t.type == "tr_open"]
    relevant = [e for e in data["estimates"] if e["relation"] != "unrelated"]
    assert len(rows) == 1 + len(relevant)
    cells = sum(t.type == "td_open" for t in tokens)
    assert cells == 7 * len(relevant)  # a '|' in source text never adds a column
    items = [t for t in tokens if t.type == "list_item_open"]
    assert len(items) == len(data["sources"]) + len(data["sources_not_used"])


def test_escaping_keeps_every_number_the_verifier_reads(
        hostile_report: tuple[dict[str, Any], str]) -> None:
    """The verifier reads numbers from the prose: report.md, as a reader sees it, shows the same
    numbers (and citations) as the prose that was verified."""
    data, md = hostile_report
    assert data["verification"]["problems"] == []
    assert data["verification"]["numbers"] > 0
    shown = _paragraphs(md)
    for section in data["sections"]:
        seen = shown[section["title"]]
        assert seen == section["text"]
        assert [e.text for e in crosstally.extract_estimates(seen, include_all=True)] == \
            [e.text for e in crosstally.extract_estimates(section["text"], include_all=True)]


def _paragraphs(md: str) -> dict[str, str]:
    """The text a reader sees under each '## ' heading of report.md (its first paragraph)."""
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    out: dict[str, str] = {}
    heading = ""
    for i, t in enumerate(tokens):
        if t.type == "inline" and tokens[i - 1].type == "heading_open":
            heading = t.content
        elif t.type == "inline" and tokens[i - 1].type == "paragraph_open" and heading:
            out.setdefault(heading, "".join(c.content for c in t.children or ()))
    return out


def _without_source_links(md: str, data: dict[str, Any]) -> str:
    for source in data["sources"]:
        if source["url"]:
            md = md.replace(md_url(source["url"]), "")
    return md


# -- the helpers themselves ------------------------------------------------------------------

def test_visible_escapes_controls_and_bidi_and_nothing_else() -> None:
    assert visible("a\x1b[2Jb\x07\x9b\u202e\u2066\u200f\u061c\n\t") == \
        "a\\x1b[2Jb\\x07\\x9b\\u202e\\u2066\\u200f\\u061c\\n\\t"
    assert visible("line\nnext", keep="\n") == "line\nnext"
    ordinary = "Ünïcode — 200,000 [1] (approx.) café \u200d emoji 👨‍👩‍👧 ‘quotes’"
    assert visible(ordinary) == ordinary


def test_ordinary_prose_is_left_as_it_is() -> None:
    text = ("About 200,000 men (officials, since the call-up began) [1]; up to 40% [2] and "
            "US$ 3.5 million [3]. Kazakhstan's data: 98,000 [1] [2].")
    assert md_prose(text) == text


@pytest.mark.parametrize(("text", "shown"), [
    ("[3]: https://evil.example/ then [2]", "\\[3]: https\\://evil.example/ then [2]"),
    ("up to 700 [2](https://evil.example/)", "up to 700 [2]\\(https\\://evil.example/)"),
    ("1. first [1]", "1\\. first [1]"),
    ("- item [1]", "\\- item [1]"),
    ("# not a heading [1]", "\\# not a heading [1]"),
    ("    code? [1]", "code? [1]"),
    ("x\ny\r\n> quote [1]", "x y \\> quote [1]"),
])
def test_prose_can_never_start_a_block_or_a_link(text: str, shown: str) -> None:
    assert md_prose(text) == shown


@pytest.mark.parametrize(("url", "shown"), [
    ("https://news.example/2031/05/02/story-1?page=2", "https://news.example/2031/05/02/story-1?page=2"),
    ("https://news.example/_a_b_?q=1&r=2#top", "<https://news.example/_a_b_?q=1&r=2#top>"),
    ("https://news.example/a b(c)<d>", "<https://news.example/a%20b%28c%29%3Cd%3E>"),
    ("javascript:alert(1)", "javascript:alert(1)"),
    ("data:text/html,<b>x</b>", "data:text/html,\\<b\\>x\\</b\\>"),
    ("http://[::1", "http\\://\\[::1"),
    (f"{EVIL}\u202e\x1b", "<https://evil.example/%E2%80%AE%1B>"),
])
def test_only_an_http_url_becomes_a_link(url: str, shown: str) -> None:
    assert md_url(url) == shown


def test_md_text_escapes_entities_only_where_they_would_form_one() -> None:
    assert md_text("A & B &amp; &#x202e;") == "A & B \\&amp; \\&\\#x202e;"


# Markdown's and HTML's metacharacters, line breaks, controls and bidi, and plain text between.
MARKUP = st.text(st.sampled_from(list("<>[]()!*_`\\&#;:/.-+=|~@ \n\r\t\x1b\u202ewx1a")) | st.characters(
    exclude_categories=["Cs"]), max_size=60)


def _read(markdown: str) -> tuple[list[str], str]:
    """The block tokens of `markdown`, and the text a reader sees in its one paragraph."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    inline = [t for t in tokens if t.type == "inline"]
    children = inline[0].children or [] if inline else []
    assert all(c.type in ("text", "text_special") for c in children), children
    return [t.type for t in tokens], "".join(c.content for c in children)


@settings(max_examples=400, deadline=None)
@given(MARKUP)
def test_any_source_text_is_one_paragraph_that_reads_as_itself(text: str) -> None:
    types, seen = _read(md_line(text))
    expected = visible(re.sub(r"[\r\n]+", " ", text)).strip()
    assert types == (["paragraph_open", "inline", "paragraph_close"] if expected else [])
    assert " ".join(seen.split()) == " ".join(expected.split())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(MARKUP, st.integers(1, 12)), max_size=4), MARKUP)
def test_prose_keeps_its_citations_and_nothing_else_becomes_markup(
        pieces: list[tuple[str, int]], last: str) -> None:
    text = "".join(f"{part}[{n}]" for part, n in pieces) + last
    types, seen = _read(md_prose(text))
    assert "link_open" not in types and "image" not in types
    expected = visible(re.sub(r"[\r\n]+", " ", text)).strip()
    assert " ".join(seen.split()) == " ".join(expected.split())
