"""Issue #9, reading side: files and libraries that used to hang crosstally or end it with a
traceback. Each one now gives a clear message or a "Sources not used" row, and the other
sources still go through. Real files, real pipes and links, real SQLite files, the real CLI
(in this process, or in a child process where a hang or a resource limit must be contained).
All texts and figures are invented."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF
from pypdf import PdfWriter
from test_web_site import cli_env, crosstally

import crosstally as crosstally_package
from crosstally.errors import SourceError
from crosstally.extract import default_extractor
from crosstally.library import Library, LibraryError
from crosstally.sources import read_file, read_sources
from crosstally.sources.files import read_bytes
from crosstally.sources.html import MAX_ATTRIBUTES, parse_html
from crosstally.sources.origin import ReadSource
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
        "reason": "encrypted PDF that needs a password; give a decrypted copy"}]


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


# ---------------------------------------------------------------------- SQLite libraries


def library_with_sources(tmp_path: Path, count: int = 40) -> tuple[dict[str, str | None], Path]:
    """A library at tmp_path/home holding `count` files, big enough for several pages."""
    corpus = tmp_path / "notes"
    corpus.mkdir()
    for i in range(count):
        (corpus / f"n{i:02}.txt").write_text(
            f"Report {i}: about {i + 1},000 people crossed the border that week.\n" * 40)
    env = cli_env(tmp_path / "home")
    added = crosstally("add", str(corpus), env=env)
    assert added.exit_code == 0, added.stderr
    return env, tmp_path / "home" / "library.sqlite"


def test_a_damaged_library_is_one_clear_error(tmp_path: Path) -> None:
    env, path = library_with_sources(tmp_path)
    size = path.stat().st_size
    with path.open("r+b") as f:  # overwrite pages in the middle of the file
        f.seek(size // 2 - 4096)
        f.write(b"\xa5" * 8192)

    result = crosstally("sources", env=env)

    assert result.exit_code == 1
    line = one_error_line(result.stderr)
    # Which damage SQLite meets depends on the pages hit: a malformed image, or a record whose
    # text is no longer UTF-8; either way one line says the file is damaged and what to do.
    assert re.fullmatch(
        re.escape(f"Error: {path}: listing the sources failed: the file is damaged (")
        + r"(database disk image is malformed|Could not decode to UTF-8 column .*)"
        + re.escape("); restore a backup, or move the file away and start again (set "
                    "CROSSTALLY_HOME to another folder to use another library)"), line), line


def test_a_library_of_another_application_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "home" / "library.sqlite"
    path.parent.mkdir()
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    (tmp_path / "a.txt").write_text(GOOD)
    before = path.read_bytes()

    for args in (("sources",), ("add", str(tmp_path / "a.txt"))):
        result = crosstally(*args, env=cli_env(tmp_path / "home"))
        assert result.exit_code == 1
        assert one_error_line(result.stderr) == (
            f"Error: {path}: not a crosstally library: it holds other tables (notes); set "
            "CROSSTALLY_HOME to another folder to use another library")
    assert path.read_bytes() == before


def test_a_library_table_of_another_shape_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE library_sources (id TEXT, origin TEXT)")

    with pytest.raises(LibraryError, match="holds other tables \\(library_sources\\)"):
        Library(path)


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "home" / "library.sqlite"
    path.parent.mkdir()
    path.write_text("These are my notes, not a database.\n" * 50)

    result = crosstally("sources", env=cli_env(tmp_path / "home"))

    assert result.exit_code == 1
    assert one_error_line(result.stderr) == (
        f"Error: {path}: opening the library failed: the file is not a SQLite database; set "
        "CROSSTALLY_HOME to another folder to use another library")


def test_a_store_of_another_application_is_refused(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(GOOD)
    with sqlite3.connect(tmp_path / "other.sqlite") as other:
        other.execute("CREATE TABLE documents (name TEXT, size INTEGER)")

    result = crosstally("ask", QUESTION, "--corpus", str(tmp_path / "corpus"), "--db",
                        str(tmp_path / "other.sqlite"), env=cli_env(tmp_path / "home"))

    assert result.exit_code == 1
    assert one_error_line(result.stderr) == (
        f"Error: {tmp_path / 'other.sqlite'}: not a crosstally store: it holds other tables "
        "(documents); give another --db file")


@pytest.fixture
def read_only() -> Iterator[Callable[[Path], None]]:
    """Makes a file read-only for this process: chmod, or as root (whom chmod does not stop)
    the immutable attribute, removed again after the test."""
    made: list[Path] = []

    def make(path: Path) -> None:
        if os.geteuid() != 0:
            path.chmod(0o444)
            return
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False) \
            if shutil.which("chattr") else None
        if done is None or done.returncode:
            pytest.skip("running as root, where chmod does not stop writes, and chattr +i is "
                        "not available on this file system")
        made.append(path)

    yield make
    for path in made:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_library_can_be_listed_and_adding_says_what_to_do(
        tmp_path: Path, read_only: Callable[[Path], None]) -> None:
    env, path = library_with_sources(tmp_path, count=2)
    (tmp_path / "new.txt").write_text(GOOD)
    read_only(path)

    listed = crosstally("sources", "--json", env=env)
    added = crosstally("add", str(tmp_path / "new.txt"), env=env)

    assert listed.exit_code == 0 and len(json.loads(listed.stdout)) == 2
    assert added.exit_code == 1
    assert one_error_line(added.stderr) == (
        f"Error: {path}: adding {tmp_path / 'new.txt'} failed: the file is read-only; make it "
        "writable (chmod u+w), or set CROSSTALLY_HOME to another folder to use another library")


def test_a_full_disk_while_adding_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    with Library(tmp_path / "library.sqlite") as library:
        library._db.execute("PRAGMA max_page_count = 8")  # SQLite's own "disk full"
        big = ReadSource(Document("x", str(tmp_path / "a.txt"), GOOD * 2000), b"x" * 300_000)

        with pytest.raises(LibraryError) as info:
            library.add(big)

        assert str(info.value) == (
            f"{tmp_path / 'library.sqlite'}: adding {tmp_path / 'a.txt'} failed: the disk is "
            "full; free some space and try again")
        assert library.entries() == []


def test_a_file_size_limit_hit_by_the_cli_is_one_clear_error(tmp_path: Path) -> None:
    env, path = library_with_sources(tmp_path, count=2)
    (tmp_path / "big.txt").write_text("About 5,000 people crossed the border that day.\n" *
                                      20_000)
    cap = path.stat().st_size + 64 * 1024

    def no_bigger() -> None:  # writes past `cap` fail as on a full disk (EFBIG, no signal)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (cap, cap))

    result = run_cli("add", "big.txt", home=tmp_path / "home", cwd=tmp_path, limit=no_bigger)

    assert result.returncode == 1
    line = one_error_line(result.stderr)
    assert line.startswith(f"Error: {path}: adding {tmp_path / 'big.txt'} failed: ")
    assert "has space" in line or "disk is full" in line
    listed = crosstally("sources", "--json", env=env)  # nothing half-written
    assert listed.exit_code == 0 and len(json.loads(listed.stdout)) == 2


def _add_at_once(path: str, library: str, start: Any) -> str:
    source = ReadSource(read_file(Path(path)), Path(path).read_bytes())
    with Library(library) as opened:
        start.wait()
        return opened.add(source).status


def test_processes_adding_one_file_at_once_all_succeed_and_keep_one_entry(tmp_path: Path
                                                                          ) -> None:
    (tmp_path / "a.txt").write_text(GOOD * 50_000)  # 3.6 MB: one insert takes a while
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, context.Pool(4) as pool:
        start = manager.Barrier(4)  # the four add() calls begin together, in every round
        for round_ in range(3):
            library = str(tmp_path / f"library{round_}.sqlite")
            Library(library).close()

            statuses = pool.starmap(_add_at_once,
                                    [(str(tmp_path / "a.txt"), library, start)] * 4, chunksize=1)

            assert sorted(statuses) == ["added", "unchanged", "unchanged", "unchanged"]
            with Library(library) as opened:
                assert len(opened.entries()) == 1


def test_two_add_commands_at_once_both_succeed(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD * 50_000)
    runs = [subprocess.Popen([sys.executable, "-m", "crosstally", "add", "a.txt"],
                             cwd=tmp_path, env=child_env(tmp_path / "home"), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [run.communicate(timeout=60) for run in runs]

    assert [run.returncode for run in runs] == [0, 0, 0], [err for _, err in outputs]
    assert sorted(out.split()[0] for out, _ in outputs) == ["added", "unchanged", "unchanged"]
    listed = crosstally("sources", "--json", env=cli_env(tmp_path / "home"))
    assert len(json.loads(listed.stdout)) == 1


# ---------------------------------------------------------------------- readers that raise


def test_front_matter_with_a_date_that_is_no_day_keeps_it_as_text(tmp_path: Path) -> None:
    path = tmp_path / "odd.md"
    path.write_text("---\ntitle: Odd date\ndate: 2022-13-45\n---\nAbout 5,000 people left.\n",
                    encoding="utf-8")
    doc = read_file(path)
    assert doc.title == "Odd date" and "5,000" in doc.text


def test_a_reader_that_raises_costs_its_own_file_in_a_folder_walk(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from crosstally.sources import files

    def broken(data: bytes, path: str) -> object:
        raise RuntimeError("reader bug")

    monkeypatch.setitem(files.READERS, ".pdf", broken)
    (tmp_path / "a.txt").write_text("About 5,000 people left.\n", encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4 nothing")
    out = list(files.read_sources([tmp_path]))
    assert [type(x).__name__ for x in out] == ["Document", "SourceFailure"]
    assert "crosstally failed reading it (RuntimeError: reader bug)" in out[1].reason


def test_a_damaged_web_cache_is_one_clear_error(tmp_path: Path) -> None:
    from crosstally.errors import StoreError
    from crosstally.web.cache import HttpCache

    path = tmp_path / "cache.sqlite"
    with HttpCache(path) as cache:
        assert cache.get("https://example.org/") is None
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError) as caught:
        HttpCache(path)
    assert str(caught.value).startswith(f"{path}: opening the web cache failed")
    assert "delete it" in str(caught.value)
