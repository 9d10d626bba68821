"""The persistent library: `add`, `sources`, `remove`, and `ask` over it, with CROSSTALLY_HOME
in the test's folder and pages from the loopback site. All figures are invented."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import platformdirs
import pytest
from test_web_site import ARTICLE_ETAG, FIXTURES, Site, cli_env, crosstally, site_server  # noqa: F401

from crosstally.library import Library, LibraryError
from crosstally.sources.origin import ReadSource
from crosstally.types import Document
from crosstally.web.settings import cache_path, data_home, library_path

QUESTION = "How many men have left Russia to avoid conscription?"
TODAY = datetime.now(UTC).date().isoformat()  # retrieval dates are UTC


def read_source(path: str, text: str, raw: bytes | None = None,
                retrieved: str | None = None) -> ReadSource:
    doc = Document("x", path, text, url=path if "://" in path else None, title="T",
                   retrieved=retrieved)
    return ReadSource(doc, raw if raw is not None else text.encode())


# ---------------------------------------------------------------------- where it lives


def test_crosstally_home_moves_the_library_and_the_cache(tmp_path: Path) -> None:
    env = {"CROSSTALLY_HOME": str(tmp_path / "home")}

    assert library_path(env) == tmp_path / "home" / "library.sqlite"
    assert cache_path(env).parent == tmp_path / "home"


def test_without_crosstally_home_the_user_data_folder_is_used() -> None:
    assert data_home({}) == platformdirs.user_data_path("crosstally", appauthor=False)


# ---------------------------------------------------------------------- the Library class


def test_the_library_keeps_raw_bytes_text_and_retrieval_time(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite", now=lambda: "2024-01-01T00:00:00Z") as library:
        done = library.add(read_source("https://example.org/a", "About 200,000 men left.",
                                       raw=b"<p>About 200,000 men left.</p>",
                                       retrieved="2023-12-31T23:00:00Z"))
        entry = library.find(done.entry.id)

        assert done.status == "added" and entry.kind == "url"
        assert library.raw(entry.id) == b"<p>About 200,000 men left.</p>"
        assert entry.retrieved == "2023-12-31T23:00:00Z" and entry.added == "2024-01-01T00:00:00Z"
        [doc] = library.documents()
        assert (doc.id, doc.path, doc.text, doc.retrieved) == (
            entry.id, "https://example.org/a", "About 200,000 men left.", "2023-12-31T23:00:00Z")


def test_adding_the_same_source_twice_keeps_one_entry(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite") as library:
        first = library.add(read_source("https://example.org/a", "v1"))
        second = library.add(read_source("https://example.org/a", "v1"))

        assert (first.status, second.status) == ("added", "unchanged")
        assert len(library.entries()) == 1


def test_a_changed_page_replaces_its_older_copy(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite") as library:
        old = library.add(read_source("https://example.org/a", "v1")).entry
        new = library.add(read_source("https://example.org/a", "v2"))

        assert new.status == "updated" and new.replaced == old.id != new.entry.id
        assert [e.id for e in library.entries()] == [new.entry.id]


def test_ids_come_from_origin_and_bytes(tmp_path: Path) -> None:
    with Library(tmp_path / "one.sqlite") as one, Library(tmp_path / "two.sqlite") as two:
        a = one.add(read_source("https://example.org/a", "same")).entry.id
        b = two.add(read_source("https://example.org/a", "same")).entry.id
        c = two.add(read_source("https://example.org/b", "same")).entry.id

    assert a == b != c and re.fullmatch(r"[0-9a-f]{12}", a)


def test_files_are_kept_under_their_absolute_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                  ) -> None:
    (tmp_path / "notes.txt").write_text("About 5 men.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with Library(tmp_path / "lib.sqlite") as library:
        entry = library.add(read_source("notes.txt", "About 5 men.")).entry
        [doc] = library.documents()

    assert entry.origin == str(tmp_path / "notes.txt") and entry.kind == "file"
    assert doc.retrieved is None  # "retrieved" is for web pages


def test_remove_by_id_prefix_or_origin(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite") as library:
        a = library.add(read_source("https://example.org/a", "a")).entry
        b = library.add(read_source("https://example.org/b", "b")).entry
        c = library.add(read_source("https://example.org/c", "c")).entry

        assert library.remove(a.id).id == a.id
        assert library.remove(b.id[:6]).id == b.id
        assert library.remove("https://example.org/c").id == c.id
        assert library.entries() == []


def test_an_unknown_id_is_an_error_that_says_where_to_look(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite") as library, \
            pytest.raises(LibraryError, match="no source 'ffff' in the library .* "
                                              "`crosstally sources` lists the ids"):
        library.remove("ffff")


def test_the_library_adds_its_own_tables_and_no_other(tmp_path: Path) -> None:
    Library(tmp_path / "lib.sqlite").close()
    tables = {r[0] for r in sqlite3.connect(tmp_path / "lib.sqlite").execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}

    assert tables == {"library_sources", "library_passages", "library_stories", "library_bands",
                      "library_bands_new",
                      "library_fts", "library_fts_data", "library_fts_idx",
                      "library_fts_docsize", "library_fts_config"}


# ---------------------------------------------------------------------- the commands


def test_add_a_url_then_ask_answers_from_it_with_full_provenance(site: Site, tmp_path: Path
                                                                 ) -> None:
    env = cli_env(tmp_path / "home")
    added = crosstally("add", site.url("/article.html"), "--allow-private", env=env)
    assert added.exit_code == 0, added.stderr
    assert re.match(r"added\s+[0-9a-f]{12}  Men crowd the borders  <http://127\.0\.0\.1:\d+/"
                    r"article\.html>", added.stdout)

    asked = crosstally("ask", QUESTION, "--format", "json", env=env)
    assert asked.exit_code in (0, 3), asked.stderr
    report = json.loads(asked.stdout)
    [source] = report["sources"]
    assert source["url"] == site.url("/article.html") == source["doc"]
    assert (source["title"], source["publisher"], source["date"]) == (
        "Men crowd the borders", "Example Wire", "2022-10-04")
    assert source["retrieved"].startswith(TODAY)
    assert any(e["text"] == "About 200,000" and e["source"] == 1 for e in report["estimates"])


def test_the_markdown_source_list_shows_the_retrieval_date(site: Site, tmp_path: Path) -> None:
    env = cli_env(tmp_path / "home")
    crosstally("add", site.url("/article.html"), "--allow-private", env=env)
    markdown = crosstally("ask", QUESTION, env=env).stdout

    line = next(ln for ln in markdown.splitlines() if ln.startswith("1. "))
    assert line == (f"1. Men crowd the borders, Example Wire, 2022-10-04. "
                    f"{site.url('/article.html')}, retrieved {TODAY} (story 1)")


def test_add_without_allow_private_refuses_loopback_and_adds_nothing(site: Site, tmp_path: Path
                                                                     ) -> None:
    env = cli_env(tmp_path / "home")
    result = crosstally("add", site.url("/article.html"), env=env)

    assert result.exit_code == 1
    assert "127.0.0.1 is a loopback address" in result.stderr
    assert "pass --allow-private" in result.stderr
    assert crosstally("sources", "--json", env=env).stdout.strip() == "[]"


def test_a_second_add_uses_the_cache_and_refresh_revalidates(site: Site, tmp_path: Path) -> None:
    env = cli_env(tmp_path / "home")
    url = site.url("/article.html")
    crosstally("add", url, "--allow-private", env=env)
    hits = site.count("/article.html")

    again = crosstally("add", url, "--allow-private", env=env)
    assert site.count("/article.html") == hits, "a fresh cache entry makes no request"
    assert again.stdout.startswith("unchanged")

    before = len(site.seen("/article.html"))
    refreshed = crosstally("add", url, "--allow-private", "--refresh", env=env)
    [request] = site.seen("/article.html")[before:]
    assert request.headers["if-none-match"] == ARTICLE_ETAG
    assert refreshed.stdout.startswith("unchanged")  # 304: the same bytes


def test_add_files_and_folders_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("At least 150,000 men fled Russia.\n")
    (tmp_path / "notes" / "b.md").write_text("---\ntitle: B\n---\nAbout 200,000 men left.\n")
    env = cli_env(tmp_path / "home")

    result = crosstally("add", "notes", env=env)
    listed = json.loads(crosstally("sources", "--json", env=env).stdout)

    assert result.exit_code == 0, result.stderr
    assert sorted(e["origin"] for e in listed) == [str(tmp_path / "notes" / "a.txt"),
                                                   str(tmp_path / "notes" / "b.md")]
    assert {e["kind"] for e in listed} == {"file"}


def test_add_reports_each_failure_on_one_line_and_exits_1(site: Site, tmp_path: Path) -> None:
    env = cli_env(tmp_path / "home")
    result = crosstally("add", site.url("/notes.txt"), site.url("/missing"),
                        site.url("/image.png"), "--allow-private", env=env)

    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"not added: {site.url('/missing')}: HTTP 404 Not Found; check the URL"
    assert lines[1].startswith(f"not added: {site.url('/image.png')}: binary content")
    assert lines[2] == "Error: 2 of 3 sources could not be added (listed above)"
    assert len(json.loads(crosstally("sources", "--json", env=env).stdout)) == 1


def test_sources_lists_id_title_publisher_date_origin_and_retrieved(site: Site, tmp_path: Path
                                                                    ) -> None:
    env = cli_env(tmp_path / "home")
    crosstally("add", site.url("/article.html"), site.url("/notes.txt"), "--allow-private",
               env=env)
    table = crosstally("sources", env=env).stdout.splitlines()

    assert table[0].split() == ["ID", "TITLE", "PUBLISHER", "DATE", "ORIGIN", "RETRIEVED"]
    row = next(r for r in table if "Men crowd the borders" in r)
    assert re.match(r"[0-9a-f]{12}  Men crowd the borders\s+Example Wire\s+2022-10-04\s+"
                    + re.escape(site.url("/article.html")) + rf"\s+{TODAY}$", row)
    assert len(table) == 3


def test_sources_on_an_empty_library_says_how_to_add(tmp_path: Path) -> None:
    result = crosstally("sources", env=cli_env(tmp_path / "home"))

    assert result.exit_code == 0 and result.stdout == ""
    assert "is empty; add sources with `crosstally add PATH|URL`" in result.stderr


def test_remove_takes_an_id_and_the_entry_is_gone(site: Site, tmp_path: Path) -> None:
    env = cli_env(tmp_path / "home")
    crosstally("add", site.url("/notes.txt"), "--allow-private", env=env)
    [entry] = json.loads(crosstally("sources", "--json", env=env).stdout)

    removed = crosstally("remove", entry["id"], env=env)
    missing = crosstally("remove", entry["id"], env=env)

    assert removed.exit_code == 0
    assert removed.stdout.startswith(f"removed  {entry['id']}  Field notes")
    assert missing.exit_code == 1 and f"no source '{entry['id']}'" in missing.stderr


def test_ask_over_an_empty_library_says_what_to_do(tmp_path: Path) -> None:
    result = crosstally("ask", QUESTION, env=cli_env(tmp_path / "home"))

    assert result.exit_code == 1
    assert "is empty; add sources with `crosstally add PATH|URL`, or ask with --corpus" in (
        result.stderr)


def test_ask_with_a_corpus_leaves_the_library_out(site: Site, tmp_path: Path) -> None:
    env = cli_env(tmp_path / "home")
    crosstally("add", site.url("/article.html"), "--allow-private", env=env)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("At least 150,000 men fled Russia to evade the draft.\n")

    report = json.loads(crosstally("ask", QUESTION, "--corpus", str(corpus), "--format", "json",
                                   env=env).stdout)

    assert [s["doc"] for s in report["sources"]] == [str(corpus / "a.txt")]
    assert report["sources"][0]["retrieved"] is None


def test_the_installed_command_adds_and_lists_in_a_real_process(site: Site, tmp_path: Path
                                                                ) -> None:
    env = {"CROSSTALLY_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-m", "crosstally", "add", site.url("/notes.txt"),
                          "--allow-private"], check=False, capture_output=True, text=True, env=env,
                         timeout=60)

    assert run.returncode == 0, run.stderr
    assert (tmp_path / "home" / "library.sqlite").is_file()
    assert "Field notes from the Upper Lars crossing" in run.stdout


def test_batches_of_files_are_cut_by_count_and_by_size(tmp_path: Path) -> None:
    from crosstally.library.base import batches

    sizes = [10, 10, 10, 50, 10, 10, 10]
    files = []
    for n, size in enumerate(sizes):
        files.append(tmp_path / f"{n}.txt")
        files[-1].write_bytes(b"x" * size)
    missing = tmp_path / "missing.txt"  # weighs nothing: reading it will say why

    by_size = [[f.name for f in b] for b in batches([*files, missing], 4, max_bytes=30)]
    by_count = [[f.name for f in b] for b in batches(files, 3, max_bytes=1000)]

    assert by_size == [["0.txt", "1.txt", "2.txt"], ["3.txt"], ["4.txt", "5.txt", "6.txt"],
                       ["missing.txt"]]
    assert by_count == [["0.txt", "1.txt", "2.txt"], ["3.txt", "4.txt", "5.txt"], ["6.txt"]]
