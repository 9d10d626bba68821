"""What a source or a file name holds never reaches the terminal raw.

Run for real: the console command in a subprocess. All documents are invented.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crosstally.safe_text import visible

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


def test_visible_escapes_controls_and_bidi_and_nothing_else() -> None:
    assert visible("a\x1b[2Jb\x07\x9b\u202e\u2066\u200f\u061c\n\t") == \
        "a\\x1b[2Jb\\x07\\x9b\\u202e\\u2066\\u200f\\u061c\\n\\t"
    assert visible("line\nnext", keep="\n") == "line\nnext"
    ordinary = "Ünïcode — 200,000 [1] (approx.) café \u200d emoji 👨‍👩‍👧 ‘quotes’"
    assert visible(ordinary) == ordinary
