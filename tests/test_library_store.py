"""One storage interface, two homes: every test here runs against a SQLite file and against a
real PostgreSQL server (tests/conftest.py starts one for the session), through `open_library`,
as `--db PATH|URL` does. Documents are invented."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from test_web_site import cli_env, crosstally

import crosstally as api
from crosstally.library import LibraryError, LibraryStore, open_library
from crosstally.library.base import COMMIT_BATCHES, Added
from crosstally.pipeline import ask_library
from crosstally.retrieve.library import LibraryIndex
from crosstally.sources.origin import ReadSource
from crosstally.types import Document, SourceFailure
from crosstally.web.gather import read_locations

TOPICS = Path(__file__).parent / "fixtures" / "topics"
FLOOD = "How many people died in the Marrow River floods?"
FESTIVAL = "How many people have attended the Oskarsby Lantern Festival?"

WIRE = ("BRAKOV, March 3 (Example Wire) - At least 212 people died when the Marrow River burst "
        "its banks on Sunday, the interior ministry said, and some 14,000 were moved to "
        "shelters. Rescue teams were still searching flooded villages along the lower valley "
        "on Monday, and the regional governor asked the army for boats and helicopters.")
COPY = WIRE.replace("Example Wire", "Daily Courier").replace("on Monday", "on Monday morning")
OTHER = ("The Oskarsby Lantern Festival drew about 95,000 visitors over three nights, its "
         "organisers said, more than the 60,000 the town council had planned for. Police "
         "put the busiest night's crowd at 40,000 and reported no serious incidents.")


def source(path: str, text: str, raw: bytes | None = None) -> ReadSource:
    doc = Document("x", path, text, url=path if "://" in path else None, title="T")
    return ReadSource(doc, raw if raw is not None else text.encode())


@pytest.fixture
def library(library_location: str) -> LibraryStore:
    lib = open_library(library_location)
    yield lib
    lib.close()


# ---------------------------------------------------------------------- keeping sources


def test_a_source_keeps_raw_bytes_text_and_metadata(library: LibraryStore) -> None:
    done = library.add(source("https://example.org/a", WIRE, raw=b"<p>raw</p>"))

    assert done.status == "added" and done.entry.kind == "url"
    assert library.raw(done.entry.id) == b"<p>raw</p>"
    [doc] = library.documents()
    assert (doc.id, doc.path, doc.text) == (done.entry.id, "https://example.org/a", WIRE)
    assert library.count() == 1


def test_the_same_source_twice_is_unchanged_and_a_changed_one_replaces_it(
        library: LibraryStore) -> None:
    first = library.add(source("https://example.org/a", WIRE))
    again = library.add(source("https://example.org/a", WIRE))
    changed = library.add(source("https://example.org/a", OTHER))

    assert (first.status, again.status, changed.status) == ("added", "unchanged", "updated")
    assert changed.replaced == first.entry.id
    assert [e.id for e in library.entries()] == [changed.entry.id]
    assert library.holders(["Marrow"]) == set(), "the old text's index entries are gone"
    assert library.holders(["Lantern"]) == {changed.entry.id}


def test_find_and_remove_by_id_prefix_or_origin(library: LibraryStore) -> None:
    a = library.add(source("https://example.org/a", WIRE)).entry
    b = library.add(source("https://example.org/b", OTHER)).entry

    assert library.find(a.id[:5]).id == a.id
    assert library.remove("https://example.org/b").id == b.id
    assert library.remove(a.id).id == a.id
    assert library.entries() == [] and library.holders(["Marrow"]) == set()
    with pytest.raises(LibraryError, match=r"no source 'ffff' in the library at .*"
                                           r"`crosstally sources` lists the ids"):
        library.find("ffff")


def test_add_many_adds_each_once_in_batches(library: LibraryStore) -> None:
    sources = [source(f"https://example.org/{i}", f"Note {i}: about {i * 10} boats left.")
               for i in range(7)]

    done = list(library.add_many(sources, batch=3))
    again = list(library.add_many(sources, batch=3))

    assert [d.status for d in done] == ["added"] * 7
    assert [d.status for d in again] == ["unchanged"] * 7
    assert library.count() == 7 == len({e.origin for e in library.entries()})


def test_batches_over_several_transactions_keep_order_failures_and_stories(
        library: LibraryStore) -> None:
    # a batch of one source: 12 batches, COMMIT_BATCHES to a transaction, so three of them
    items: list[ReadSource | SourceFailure] = [
        source(f"https://example.org/{i}", f"Note {i}: about {i * 10} boats left the harbour.")
        for i in range(12)]
    items[1] = source("https://example.org/wire", WIRE)
    items[6] = SourceFailure("gone.txt", "gone.txt: no such file")
    items[9] = source("https://example.org/copy", COPY)  # a copy, two transactions later
    assert len(items) > 2 * COMMIT_BATCHES

    done = list(library.add_many(items, batch=1))

    assert [d.path if isinstance(d, SourceFailure) else d.entry.origin for d in done] == \
        [i.path if isinstance(i, SourceFailure) else i.document.path for i in items]
    assert library.count() == 11
    note, wire, copy = done[0], done[1], done[9]
    assert isinstance(note, Added) and isinstance(wire, Added) and isinstance(copy, Added)
    stories = library.stories([note.entry.id, wire.entry.id, copy.entry.id])
    assert stories[copy.entry.id] == stories[wire.entry.id] != stories[note.entry.id]


def test_sources_too_short_for_a_shingle_are_added_and_indexed(library: LibraryStore) -> None:
    # fewer words than a shingle: no signature, no band keys, each its own story
    short = [source(f"https://example.org/s{i}", f"{i} boats left.") for i in range(3)]

    done = list(library.add_many(short, batch=3))

    assert [d.status for d in done] == ["added"] * 3
    assert library.holders(["boats"]) == {d.entry.id for d in done}
    assert len(set(library.stories([d.entry.id for d in done]).values())) == 3


# ---------------------------------------------------------------------- the index


def test_the_index_finds_documents_by_stemmed_words_and_phrases(library: LibraryStore) -> None:
    wire = library.add(source("https://example.org/wire", WIRE)).entry.id
    other = library.add(source("https://example.org/fest", OTHER)).entry.id

    assert library.holders(["died"]) == {wire}
    assert library.holders(["shelter"]) == {wire}, "stemmed: 'shelters' holds 'shelter'"
    assert library.holders(["lantern festival"]) == {other}
    assert library.holders(["festival lantern"]) == set(), "a phrase keeps its word order"
    assert library.holders(["boats", "visitors"]) == {wire, other}


def test_holders_of_a_common_word_can_be_refused_past_a_limit(library: LibraryStore) -> None:
    ids = [library.add(source(f"https://example.org/{i}", f"Boats left port {i}.")).entry.id
           for i in range(5)]

    assert library.holders(["boats"], at_most=4) is None
    assert library.holders(["boats"], at_most=5) == set(ids)


def test_ranked_passages_stay_within_the_documents_asked_and_best_come_first(
        library: LibraryStore) -> None:
    text = ("Floods: the Marrow River floods killed 212.\n\nA quiet paragraph on trade.\n\n"
            "The Marrow rose again.")
    a = library.add(source("https://example.org/a", text)).entry.id
    b = library.add(source("https://example.org/b", WIRE)).entry.id

    ranked = library.ranked(["marrow", "floods"], [a])
    spans = library.spans([a])

    assert {p.doc_id for p in ranked} == {a} and b not in {p.doc_id for p in spans}
    assert [text[p.start:p.end] for p in ranked] == [
        "Floods: the Marrow River floods killed 212.", "The Marrow rose again."]
    assert [text[p.start:p.end] for p in spans] == text.split("\n\n")


# ---------------------------------------------------------------------- stories


def test_a_copy_of_a_wire_story_shares_its_story_and_other_news_does_not(
        library: LibraryStore) -> None:
    wire = library.add(source("https://example.org/wire", WIRE)).entry.id
    copy = library.add(source("https://example.org/copy", COPY)).entry.id
    other = library.add(source("https://example.org/fest", OTHER)).entry.id

    stories = library.stories([wire, copy, other])

    assert stories[wire] == stories[copy] != stories[other]


def test_copies_added_in_one_batch_share_a_story_and_a_repeated_origin_keeps_the_last(
        library: LibraryStore) -> None:
    done = list(library.add_many([source("https://example.org/wire", WIRE),
                                  source("https://example.org/copy", COPY),
                                  source("https://example.org/fest", WIRE),
                                  source("https://example.org/fest", OTHER)], batch=10))

    assert [d.status for d in done] == ["added", "added", "added", "updated"]
    stories = library.stories([d.entry.id for d in done])
    assert stories[done[0].entry.id] == stories[done[1].entry.id] != stories[done[3].entry.id]
    assert library.count() == 3 and done[2].entry.id not in stories


def test_stories_are_kept_with_the_library(library_location: str) -> None:
    with open_library(library_location) as lib:
        wire = lib.add(source("https://example.org/wire", WIRE)).entry.id
    with open_library(library_location) as lib:
        copy = lib.add(source("https://example.org/copy", COPY)).entry.id
        assert lib.stories([wire, copy])[copy] == wire


# ---------------------------------------------------------------------- questions


@pytest.fixture
def topics(library: LibraryStore) -> LibraryStore:
    gathered = read_locations([str(TOPICS / "flood"), str(TOPICS / "festival")], None)
    assert not gathered.failures
    list(library.add_many(gathered.sources))
    return library


@pytest.mark.parametrize("topic,question", [("flood", FLOOD), ("festival", FESTIVAL)])
def test_a_question_over_the_index_answers_as_over_its_own_folder(
        topics: LibraryStore, tmp_path: Path, topic: str, question: str) -> None:
    shared = ask_library(question, topics)
    alone = api.ask(question, [TOPICS / topic], db=tmp_path / "alone.sqlite")

    assert alone.answer.low is not None
    assert (shared.answer.low, shared.answer.high) == (alone.answer.low, alone.answer.high)
    assert {Path(s.document.path).parent.name for s in shared.sources} == {topic}
    assert shared.verification.problems == ()


def test_only_candidates_are_read_when_the_library_is_larger_than_the_limit(
        topics: LibraryStore, tmp_path: Path) -> None:
    index = LibraryIndex(topics, FLOOD, limit=4)
    flood = {d.id for d in topics.documents() if Path(d.path).parent.name == "flood"}

    assert index.candidates == flood, "the four flood documents hold the most question words"
    assert {d.id for d in index.documents()} == flood
    assert {p.doc_id for p in index.passages()} == flood


def test_a_document_in_the_seeds_vocabulary_is_a_candidate_without_the_questions_words(
        library: LibraryStore) -> None:
    seeds = [
        ("The Marrow River floods killed at least 212 people in Brakov, where the embankment "
        "failed and helicopters lifted villagers from Ostrel to shelters."),
        ("At least 198 people died in the Marrow River floods around Brakov; the embankment at "
        "Ostrel gave way and helicopters ferried families to shelters.")]
    worded_otherwise = ("In Brakov and Ostrel, helicopters and boats took 14,000 villagers to "
                        "shelters after the embankment broke.")
    others = [f"Many people died of heat in city {i} last summer, officials said."
              for i in range(6)]
    ids = [library.add(source(f"https://example.org/{n}", text)).entry.id
           for n, text in enumerate([*seeds, worded_otherwise, *others])]

    index = LibraryIndex(library, FLOOD, limit=4)

    assert index.candidates is not None and len(index.candidates) == 4
    assert set(ids[:3]) <= index.candidates


def test_the_report_lists_only_documents_whose_passages_were_used(
        library: LibraryStore) -> None:
    library.add(source("https://example.org/wire", WIRE))
    library.add(source("https://example.org/copy", COPY))
    library.add(source("https://example.org/fest", OTHER))
    list(library.add_many(read_locations([str(TOPICS / "festival")], None).sources))

    report = ask_library(FLOOD, library)

    assert [s.document.path for s in report.sources] == [
        "https://example.org/copy", "https://example.org/wire"]
    assert [s.story for s in report.sources] == [1, 1], "one story, counted once"


# ---------------------------------------------------------------------- the commands


def test_add_sources_ask_and_remove_with_db(library_location: str, tmp_path: Path) -> None:
    env = cli_env(tmp_path / "home")
    added = crosstally("add", "--db", library_location, str(TOPICS / "flood"), env=env)
    listed = json.loads(crosstally("sources", "--db", library_location, "--json",
                                   env=env).stdout)
    asked = crosstally("ask", FLOOD, "--db", library_location, "--format", "json", env=env)
    removed = crosstally("remove", "--db", library_location, listed[0]["id"], env=env)

    assert added.exit_code == 0, added.stderr
    assert len(listed) == 4 and not (tmp_path / "home" / "library.sqlite").exists()
    assert asked.exit_code in (0, 3), asked.stderr
    assert json.loads(asked.stdout)["answer"]["low"] is not None
    assert removed.exit_code == 0 and removed.stdout.startswith(f"removed  {listed[0]['id']}")


def test_crosstally_database_url_names_the_library(library_location: str, tmp_path: Path
                                                  ) -> None:
    env = cli_env(tmp_path / "home", CROSSTALLY_DATABASE_URL=library_location)
    crosstally("add", str(TOPICS / "festival"), env=env)

    with open_library(library_location) as lib:
        assert lib.count() == 3


def test_two_adds_and_an_ask_at_once_lose_nothing(library_location: str, tmp_path: Path
                                                 ) -> None:
    folders = []
    for part in range(2):
        folder = tmp_path / f"part{part}"
        folder.mkdir()
        for i in range(60):
            (folder / f"{i:03d}.txt").write_text(
                f"Note {part}-{i}. The Marrow River ferry carried {i * 7 + part} cars and "
                f"{i * 3} lorries on day {i} of the season, its operator said.\n")
        folders.append(folder)
    env = {**os.environ, "CROSSTALLY_HOME": str(tmp_path / "home")}
    base = [sys.executable, "-m", "crosstally"]
    seeded = subprocess.run([*base, "add", "--db", library_location, str(TOPICS / "flood")],
                            env=env, capture_output=True, check=False, timeout=120)
    assert seeded.returncode == 0, seeded.stderr
    procs = [subprocess.Popen([*base, "add", "--db", library_location, str(f)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for f in folders]
    procs.append(subprocess.Popen([*base, "ask", FLOOD, "--db", library_location, "--format",
                                   "json"], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE))
    results = [(p.returncode, out[1]) for p in procs if (out := p.communicate(timeout=300))]

    assert [code for code, _ in results[:2]] == [0, 0], results
    assert results[2][0] in (0, 3), results[2][1]
    with open_library(library_location) as lib:
        origins = [e.origin for e in lib.entries()]
    assert len(origins) == len(set(origins)) == 4 + 120
    if not library_location.startswith("postgresql"):
        with sqlite3.connect(library_location) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# ---------------------------------------------------------------------- errors


def test_an_unreachable_postgresql_server_is_one_line_without_the_password(tmp_path: Path
                                                                           ) -> None:
    url = f"postgresql://someone:s3cret@/nowhere?host={tmp_path}"
    result = crosstally("sources", "--db", url, env=cli_env(tmp_path / "home"))

    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: postgresql://someone@/nowhere?host={tmp_path}: cannot "
                           "connect to the library")
    assert "s3cret" not in result.stderr and "check that the server is running" in line


def test_an_older_sqlite_library_gets_its_index_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with open_library(str(path)) as lib:
        lib.add(source("https://example.org/wire", WIRE))
    with sqlite3.connect(path) as db:  # as a crosstally from before the index left it
        for table in ("library_passages", "library_stories", "library_bands"):
            db.execute(f"DELETE FROM {table}")
        db.execute("INSERT INTO library_fts (library_fts) VALUES ('delete-all')")

    with open_library(str(path)) as lib:
        assert len(lib.holders(["Marrow"])) == 1
        assert ask_library(FLOOD, lib).answer.low is not None


OLD_LAYOUT = """
CREATE TABLE old_stories (source TEXT PRIMARY KEY, story TEXT NOT NULL, size INTEGER NOT NULL,
                          signature BLOB NOT NULL);
INSERT INTO old_stories SELECT source, story, size, signature FROM library_stories ORDER BY num;
CREATE TABLE old_bands (key INTEGER NOT NULL, source TEXT NOT NULL, PRIMARY KEY (key, source))
    WITHOUT ROWID;
INSERT INTO old_bands SELECT b.key, s.source FROM (SELECT * FROM library_bands UNION ALL
    SELECT * FROM library_bands_new) b JOIN library_stories s USING (num);
DROP TABLE library_stories; DROP TABLE library_bands; DROP TABLE library_bands_new;
ALTER TABLE old_stories RENAME TO library_stories;
ALTER TABLE old_bands RENAME TO library_bands;
CREATE INDEX library_stories_story ON library_stories(story);
CREATE INDEX library_passages_source ON library_passages(source);
"""


BAND_KEYS = "SELECT * FROM library_bands UNION ALL SELECT * FROM library_bands_new"


def _index_of(lib: LibraryStore, ids: list[str]) -> tuple[object, ...]:
    return (lib.stories(ids), lib.spans(ids), lib.holders(["Marrow"]), lib.holders(["Lantern"]),
            lib.ranked(["river", "festival"], ids))


def test_an_older_sqlite_layout_is_upgraded_when_opened_and_keeps_its_index(tmp_path: Path
                                                                             ) -> None:
    """Stories and band keys by source id, passages indexed by source (crosstally before
    band keys named sources by number): opened, the same index, found and removed alike."""
    path = tmp_path / "old.sqlite"
    with open_library(str(path)) as lib:
        ids = [d.entry.id for d in lib.add_many(
            [source("https://example.org/wire", WIRE), source("https://example.org/fest", OTHER),
             source("https://example.org/more", f"{OTHER}\n\n{WIRE}")])]
        before = _index_of(lib, ids)
        keys = sqlite3.connect(path).execute(f"SELECT count(*) FROM ({BAND_KEYS})").fetchone()
    with sqlite3.connect(path) as db:  # as that crosstally left it
        db.executescript(OLD_LAYOUT)

    with open_library(str(path)) as lib:
        assert _index_of(lib, ids) == before
        copy = lib.add(source("https://example.org/copy", COPY)).entry.id
        assert lib.stories([copy]) == {copy: before[0][ids[0]]}, "band keys carried over"
        lib.remove(ids[0])
        assert lib.holders(["Marrow"]) == {copy, ids[2]}
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        # the copy's keys came, the wire's went: as many as before, each naming a source
        assert db.execute(f"SELECT count(*), count(s.num) FROM ({BAND_KEYS}) b LEFT JOIN "
                          "library_stories s USING (num)").fetchone() == (keys[0], keys[0])
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = "
                                            "'index' AND name NOT LIKE 'sqlite_%'")}
        assert indexes == {"library_stories_story"}


def test_an_older_layout_whose_passages_are_not_a_source_at_a_time_is_refused_untouched(
        tmp_path: Path) -> None:
    """No crosstally writes a source's passages apart; a file that has them is not upgraded
    half-way: the error says what to do and the file keeps its layout."""
    path = tmp_path / "odd.sqlite"
    with open_library(str(path)) as lib:
        list(lib.add_many([source("https://example.org/wire", f"{WIRE}\n\n{OTHER}"),
                           source("https://example.org/fest", OTHER)]))
    with sqlite3.connect(path) as db:
        db.executescript(OLD_LAYOUT)
        db.execute("UPDATE library_passages SET id = 100 WHERE id = 1")

    with pytest.raises(LibraryError, match="odd.sqlite: opening the library failed .*not "
                                           "numbered a source at a time.*add the sources again"):
        open_library(str(path))
    with sqlite3.connect(path) as db:
        assert "num" not in [row[1] for row in db.execute("PRAGMA table_info(library_stories)")]
        assert db.execute("SELECT count(*) FROM library_bands").fetchone() == (84,)


def test_band_keys_merged_into_the_large_table_still_find_copies_and_leave_with_their_source(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import crosstally.library.sqlite as home

    monkeypatch.setattr(home, "MERGE_KEYS", 1)  # every transaction merges
    with open_library(str(tmp_path / "lib.sqlite")) as lib:
        wire = lib.add(source("https://example.org/wire", WIRE)).entry.id
        fest = lib.add(source("https://example.org/fest", OTHER)).entry.id
        copy = lib.add(source("https://example.org/copy", COPY)).entry.id
        assert lib.stories([wire, copy, fest]) == {wire: wire, copy: wire, fest: fest}
        lib.remove(fest)
    with sqlite3.connect(tmp_path / "lib.sqlite") as db:
        tables = [db.execute(f"SELECT count(*), count(DISTINCT num) FROM {table}").fetchone()
                  for table in ("library_bands", "library_bands_new")]
    assert tables == [(2 * 42, 2), (0, 0)]


def test_a_removed_source_takes_its_band_keys_along(library_location: str) -> None:
    with open_library(library_location) as lib:
        wire = lib.add(source("https://example.org/wire", WIRE)).entry.id
        lib.remove(wire)
        copy = lib.add(source("https://example.org/copy", COPY)).entry.id
        assert lib.stories([copy]) == {copy: copy}, "no story left behind to join"
        lib.remove(copy)
    if library_location.startswith("postgresql"):
        import psycopg

        with psycopg.connect(library_location) as db:
            assert db.execute("SELECT count(*) FROM library_bands").fetchone() == (0,)
    else:
        with sqlite3.connect(library_location) as db:
            assert db.execute(f"SELECT count(*) FROM ({BAND_KEYS})").fetchone() == (0,)


def test_a_postgresql_library_without_document_words_gets_them_when_opened(postgres_url: str
                                                                           ) -> None:
    """Single words are looked up among documents (`library_words`), phrases among passages:
    a library from before that table is filled when opened, and both say the same."""
    import psycopg

    with open_library(postgres_url) as lib:
        wire = lib.add(source("https://example.org/wire", WIRE)).entry.id
        other = lib.add(source("https://example.org/fest", OTHER)).entry.id
        lib.add(source("https://example.org/empty", "12 34 56"))  # no lexeme at all
    with psycopg.connect(postgres_url, autocommit=True) as db:  # as an older crosstally left it
        assert db.execute("SELECT count(*) FROM library_words").fetchone() == (3,)
        db.execute("DROP TABLE library_words")

    with open_library(postgres_url) as lib:
        assert lib.holders(["died", "lantern festival"]) == {wire, other}
        assert lib.holders(["shelter"]) == {wire}
        assert lib.holders(["the"]) == set(), "a stop word alone holds nothing"
        lib.remove(other)
        assert lib.holders(["visitors"]) == set()
    with psycopg.connect(postgres_url, autocommit=True) as db:
        assert db.execute("SELECT count(*) FROM library_words").fetchone() == (2,)
