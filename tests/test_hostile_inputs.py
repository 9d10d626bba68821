"""Issue #9, reading side: files and libraries that used to hang crosstally or end it with a
traceback. Each one now gives a clear message or a "Sources not used" row, and the other
sources still go through. Real files, real pipes and links, real SQLite files, the real CLI
(in this process, or in a child process where a hang or a resource limit must be contained).
All texts and figures are invented."""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF
from pypdf import PdfWriter
from test_web_site import cli_env, crosstally

import crosstally as crosstally_package
from crosstally.errors import SourceError
from crosstally.extract import default_extractor
from crosstally.sources import read_file, read_sources
from crosstally.sources.files import read_bytes
from crosstally.sources.html import MAX_ATTRIBUTES, parse_html
from crosstally.types import Document, SourceFailure
from crosstally.web.page import read_html_text

QUESTION = "How many people crossed the border?"
GOOD = "Officials said about 12,000 people crossed the border in the first week.\n"
DEADLINE = 20.0  # seconds: far beyond what any of these takes now; only a hang reaches it


def within(seconds: float, call: Callable[..., Any], *args: Any) -> Any:
    """`call(*args)` in a daemon thread; fails the test if it is still running after `seconds`
    (a hung read stays blocked in its thread, and the test suite goes on)."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call(*args)
        except BaseException as err:  # noqa: BLE001  (raised again in the test's thread)
            outcome["error"] = err

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"{getattr(call, '__name__', call)} still running after {seconds:.0f} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def run_cli(*args: str, home: Path, cwd: Path, limit: Callable[[], None] | None = None,
            ) -> subprocess.CompletedProcess[str]:
    """The command in a child process, with the code under test and `limit` applied."""
    return subprocess.run([sys.executable, "-m", "crosstally", *args], cwd=cwd,
                          env=child_env(home), capture_output=True, text=True, timeout=60,
                          check=False, preexec_fn=limit)


def child_env(home: Path) -> dict[str, str]:
    """This process's environment, the crosstally it imported first on the path (wherever
    the child starts), and CROSSTALLY_HOME."""
    code = str(Path(crosstally_package.__file__).parents[1])
    path = os.pathsep.join([code, os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return {**os.environ, "PYTHONPATH": path, "CROSSTALLY_HOME": str(home)}


def one_error_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    [line] = [ln for ln in stderr.splitlines() if ln.strip()]
    assert line.startswith("Error: ")
    return line


# ---------------------------------------------------------------------- special files


def test_a_fifo_given_to_add_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_text(GOOD)

    result = run_cli("add", "pipe.txt", "good.txt", home=tmp_path / "home", cwd=tmp_path)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "not added: pipe.txt: a named pipe (FIFO), not a regular file" in result.stderr
    assert result.stdout.startswith("added")  # the good file still went in


def test_dev_zero_behind_a_link_is_refused_not_read(tmp_path: Path) -> None:
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "good.txt").write_text(GOOD)

    def two_gigabytes() -> None:  # reading /dev/zero must not be able to take the machine
        resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))

    result = run_cli("add", "zero.txt", "good.txt", home=tmp_path / "home", cwd=tmp_path,
                     limit=two_gigabytes)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert ("not added: zero.txt: a character device (behind a symbolic link), not a regular "
            "file; only regular files are read") in result.stderr
    assert result.stdout.startswith("added")


def test_every_special_entry_in_a_folder_is_named_with_its_reason(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(GOOD)
    (root / "sub" / "b.txt").write_text("Monitors counted 9,500 crossings.\n")
    os.mkfifo(root / "pipe.txt")
    (root / "dangling.txt").symlink_to(root / "nowhere.txt")
    (root / "loop.txt").symlink_to(root / "loop.txt")
    (root / "sub" / "up").symlink_to(root)  # a folder loop
    (root / "zero.txt").symlink_to("/dev/zero")

    items = within(DEADLINE, lambda: list(read_sources([root])))

    docs = sorted(i.path for i in items if isinstance(i, Document))
    reasons = {Path(f.path).name: f.reason for f in items if isinstance(f, SourceFailure)}
    assert docs == [str(root / "a.txt"), str(root / "sub" / "b.txt")]
    assert reasons == {
        "pipe.txt": f"{root / 'pipe.txt'}: a named pipe (FIFO), not a regular file; only "
                    "regular files are read",
        "dangling.txt": f"{root / 'dangling.txt'}: a broken symbolic link (its target does "
                        "not exist); fix or remove it",
        "loop.txt": f"{root / 'loop.txt'}: a symbolic link loop; fix or remove the link",
        "up": f"{root / 'sub' / 'up'}: a link to a folder; links inside a folder are not "
              "followed, so give the folder itself",
        "zero.txt": f"{root / 'zero.txt'}: a character device (behind a symbolic link), not "
                    "a regular file; only regular files are read",
    }


def test_special_entries_become_sources_not_used_in_the_report(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GOOD)
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "dangling.md").symlink_to(corpus / "gone.md")

    result = run_cli("ask", QUESTION, "--corpus", "corpus", "--format", "json",
                     home=tmp_path / "home", cwd=tmp_path)

    assert result.returncode in (0, 3), result.stderr
    report = json.loads(result.stdout)
    assert [s["doc"] for s in report["sources"]] == ["corpus/a.txt"]
    not_used = {row["doc"]: row["reason"] for row in report["sources_not_used"]}
    assert set(not_used) == {"corpus/pipe.txt", "corpus/dangling.md"}
    assert "a named pipe (FIFO)" in not_used["corpus/pipe.txt"]
    assert "broken symbolic link" in not_used["corpus/dangling.md"]


def test_the_size_cap_holds_while_reading_not_only_by_the_reported_size(tmp_path: Path) -> None:
    maps = Path("/proc/self/maps")  # a regular file whose reported size is 0
    if not maps.is_file() or maps.stat().st_size:
        pytest.skip("needs Linux /proc, where files report size 0")
    (tmp_path / "maps.txt").symlink_to(maps)

    with pytest.raises(SourceError, match=r"maps\.txt: too large .*; split it"):
        read_bytes(tmp_path / "maps.txt", limit=64)
    assert len(read_bytes(tmp_path / "maps.txt", limit=2**20)) > 64


# ---------------------------------------------------------------------- encodings

FRENCH = ("Le conseil a compté environ 12 500 réfugiés arrivés à Zürich pendant l'été. "
          "Selon l'équipe d'accueil, à peu près 3 400 d'entre eux sont déjà repartis vers la "
          "côte, où les hôtels ont ouvert leurs portes.\n\n"
          "Les bénévoles estiment que près de 800 familles dorment encore dans des gymnases.\n")
RUSSIAN = ("По данным пограничной службы, около 12 500 человек пересекли границу за первую "
           "неделю октября. Ещё 3 400 ждали в очереди на главном пункте пропуска.\n\n"
           "Независимые наблюдатели назвали более низкую оценку: 9 500 пересечений.\n")
ENCODED = [  # file, its encoding, its text, the encoding a warning names (None: no guess)
    ("utf-16-le-bom.txt", "utf-16", FRENCH, None),
    ("utf-16-be-bom.txt", "utf-16-be", RUSSIAN, None),
    ("latin-1.txt", "latin-1", FRENCH, "cp1252"),  # its superset, as on the web
    ("windows-1252.md", "cp1252", FRENCH.replace("l'", "l’"), "cp1252"),
    ("windows-1251.txt", "cp1251", RUSSIAN, "cp1251"),
]


def encoded(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-be":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode(encoding)  # Python's utf-16 writes its byte-order mark first


@pytest.mark.parametrize("name, encoding, text, guess", ENCODED)
def test_common_encodings_are_decoded_and_quotes_come_from_the_decoded_text(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, name: str, encoding: str, text: str,
        guess: str | None) -> None:
    path = tmp_path / name
    path.write_bytes(encoded(text, encoding))

    doc = read_file(path)
    estimates = list(default_extractor().extract(doc.text, str(path)))

    assert doc.text == text
    assert {e.value for e in estimates} >= {12500, 3400}
    for e in estimates:
        assert doc.text[e.start:e.end] == e.text and e.quote in doc.text
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    expected = (f"{path}: not UTF-8; read as {guess}, a guess from its bytes (re-save it as "
                "UTF-8 if its text looks wrong)")
    assert warnings == ([expected] if guess else [])


def test_the_guessed_encoding_is_shown_when_a_file_is_added(tmp_path: Path) -> None:
    (tmp_path / "wire.txt").write_bytes(RUSSIAN.encode("cp1251"))

    result = crosstally("add", str(tmp_path / "wire.txt"), env=cli_env(tmp_path / "home"))

    assert result.exit_code == 0, result.stderr
    assert "wire.txt: not UTF-8; read as cp1251" in result.stderr


@pytest.mark.parametrize("name, data, title", [
    ("no-charset.html", f"<title>Café</title><p>{FRENCH}</p>".encode(), "Café"),
    ("meta-charset.html", f'<meta charset="windows-1251"><title>Граница</title><p>{RUSSIAN}</p>'
     .encode("cp1251"), "Граница"),
    ("bom.htm", f"<title>Café</title><p>{FRENCH}</p>".encode("utf-16"), "Café"),
])
def test_html_files_are_decoded_like_web_pages(tmp_path: Path, name: str, data: bytes,
                                                title: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)

    doc = read_file(path)

    assert doc.title == title
    assert "12 500" in doc.text and "\ufeff" not in doc.text and "Ã" not in doc.text


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
    bytes(range(128, 256)) * 16,
])
def test_real_binary_is_still_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "picture.txt"
    path.write_bytes(data)

    with pytest.raises(SourceError, match=r"picture\.txt: binary content"):
        read_file(path)


# ---------------------------------------------------------------------- encrypted PDF


def encrypted_pdf(text: str, password: str) -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    pdf.cell(text=text)
    writer = PdfWriter(clone_from=io.BytesIO(bytes(pdf.output())))
    writer.encrypt(user_password=password, owner_password="owner-secret", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_aes_pdf_without_a_user_password_is_read(tmp_path: Path) -> None:
    path = tmp_path / "open.pdf"
    path.write_bytes(encrypted_pdf("About 4,200 people left the valley.", ""))

    assert read_file(path).text == "About 4,200 people left the valley."


def test_an_aes_pdf_that_needs_a_password_is_a_source_not_used(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GOOD)
    (corpus / "locked.pdf").write_bytes(encrypted_pdf("About 4,200 people left.", "secret"))

    result = crosstally("ask", QUESTION, "--corpus", str(corpus), "--format", "json",
                        env=cli_env(tmp_path / "home"))

    assert result.exit_code in (0, 3), result.stderr
    report = json.loads(result.stdout)
    assert [s["doc"] for s in report["sources"]] == [str(corpus / "a.txt")]
    assert report["sources_not_used"] == [{
        "doc": str(corpus / "locked.pdf"),
        "reason": f"{corpus / 'locked.pdf'}: encrypted PDF that needs a password; give a "
                  "decrypted copy"}]


# ---------------------------------------------------------------------- crowded HTML

ARTICLE = ("<p>Officials in the region said that about 12,000 people crossed the northern "
           "border during the first week of October, far more than in any week before.</p>"
           "<p>Independent monitors gave a lower estimate of 9,500 crossings, citing gaps in "
           "how the service counts people who return on the same day.</p>")


def crowded_page(attributes: int) -> str:
    crowd = " ".join(f'data-a{i}="{i}"' for i in range(attributes))
    return (f"<html><head><title>Crossings</title></head><body><main><article {crowd}>"
            f"<h1>Crossings rise</h1>{ARTICLE}</article></main></body></html>")


def test_a_page_with_200000_attributes_is_read_in_bounded_time(tmp_path: Path) -> None:
    path = tmp_path / "crowded.html"
    path.write_text(crowded_page(200_000))

    doc = within(DEADLINE, read_file, path)

    assert "about 12,000 people crossed the northern border" in doc.text
    assert "9,500 crossings" in doc.text


def test_a_crowded_web_page_is_read_in_bounded_time() -> None:
    fields = within(DEADLINE, read_html_text, crowded_page(200_000), "https://example.org/a",
                    "https://example.org/a")

    assert "about 12,000 people crossed the northern border" in fields.text


def test_a_crowded_tag_keeps_its_first_attributes_and_other_tags_are_untouched() -> None:
    long_meta = '<meta name="description" content="{}">'.format(" ".join(["word"] * 500))
    tree = parse_html(long_meta + crowded_page(1000), "page.html")

    [article] = tree.iter("article")
    assert list(article.attrib) == [f"data-a{i}" for i in range(MAX_ATTRIBUTES)]
    [meta] = tree.iter("meta")
    assert meta.get("content") == " ".join(["word"] * 500)
