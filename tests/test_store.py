"""Tests for the SQLite store (crosstally.store) and retrieval over it. Figures are invented."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from crosstally.errors import StoreError
from crosstally.retrieve import find_passages
from crosstally.sources.files import content_id
from crosstally.store import Store, split_passages
from crosstally.store.db import MAX_PASSAGE
from crosstally.types import Document, SourceFailure

# ---------------------------------------------------------------------- builders


def make_doc(text: str, path: str = "corpus/a.txt", **meta: str) -> Document:
    return Document(id=content_id(text.encode("utf-8")), path=path, text=text, **meta)


def long_paragraph(min_chars: int) -> str:
    sentences = []
    i = 0
    while sum(len(s) + 1 for s in sentences) <= min_chars:
        i += 1
        sentences.append(f"Report number {i} says that about {i},000 people moved north that week.")
    return " ".join(sentences)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "store.sqlite") as store:
        yield store


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(str(path))
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# ---------------------------------------------------------------------- documents


def test_document_is_stored_once(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    doc = make_doc("About 12,000 people crossed.\n\nMonitors said 9,500.\n")
    copy = make_doc(doc.text, path="corpus/copy.txt")

    with Store(path) as store:
        assert store.add(doc) is True
        assert store.add(copy) is False
        assert store.add(doc) is False
        stored = store.documents()
        passages = list(store.passages())

    assert [d.path for d in stored] == ["corpus/a.txt"]
    assert len(passages) == 2
    assert rows(path, "SELECT count(*) FROM documents") == [(1,)]
    assert rows(path, "SELECT count(*) FROM passages") == [(2,)]


def test_document_round_trips_with_metadata(db: Store) -> None:
    doc = make_doc("About 12,000 people crossed.\n", url="https://e.example/a", title="A",
                   publisher="Example Post", date="2022-10-05", author="N. Writer")
    db.add(doc)

    assert db.documents() == [doc]


def test_passages_are_paragraphs_with_exact_offsets(db: Store) -> None:
    text = (
        "First paragraph, line one\nstill the first paragraph.\n"
        "\n\n"
        "Second paragraph says about 12,000 people crossed.\n"
        "   \n"
        "Third paragraph: monitors said 9,500.\n"
    )
    doc = make_doc(text)
    db.add(doc)

    passages = list(db.passages())

    assert [p.text for p in passages][0] == "First paragraph, line one\nstill the first paragraph."
    assert any("Second paragraph" in p.text and "Third" not in p.text for p in passages)
    assert any(p.text.endswith("monitors said 9,500.") for p in passages)
    for p in passages:
        assert doc.text[p.start:p.end] == p.text


def test_long_paragraph_is_split_at_sentence_ends(db: Store) -> None:
    big = long_paragraph(3 * MAX_PASSAGE)
    text = "A short opening paragraph.\n\n" + big + "\n\nA short closing paragraph.\n"
    doc = make_doc(text)
    assert len(big) > MAX_PASSAGE
    db.add(doc)

    passages = list(db.passages())
    big_start = text.index(big)
    pieces = [p for p in passages if big_start <= p.start < big_start + len(big)]

    assert len(pieces) >= 3
    for p in passages:
        assert doc.text[p.start:p.end] == p.text
        assert len(p.text) <= MAX_PASSAGE
    for p in pieces:
        assert p.text.startswith("Report number")
        assert p.text.endswith(".")
    assert " ".join(p.text for p in pieces) == big


def test_paragraph_without_sentence_ends_is_cut_hard(tmp_path: Path) -> None:
    text = "x" * (2 * MAX_PASSAGE + 10)
    doc = make_doc(text)

    passages = list(split_passages(doc))

    assert [len(p.text) for p in passages] == [MAX_PASSAGE, MAX_PASSAGE, 10]
    assert "".join(p.text for p in passages) == text


# ---------------------------------------------------------------------- search


def test_search_ranks_the_passage_with_more_matching_terms_first(db: Store) -> None:
    db.add(make_doc(
        "Officials counted the border crossings at the checkpoint during the week.\n\n"
        "Officials counted the border traffic at the checkpoint during the week.\n\n"
        "Nothing about that topic appears in this paragraph at all, only weather.\n"))

    found = db.search('"border" OR "crossings"', 10)

    assert [p.text for p in found] == [
        "Officials counted the border crossings at the checkpoint during the week.",
        "Officials counted the border traffic at the checkpoint during the week.",
    ]
    assert found[0].rank <= found[1].rank


def test_search_matches_porter_stemmed_variants(db: Store) -> None:
    db.add(make_doc(
        "The agency recorded one death in the camp.\n\n"
        "Many families were leaving the city.\n\n"
        "Prices rose sharply.\n"))

    assert [p.text for p in db.search('"deaths"', 10)] == [
        "The agency recorded one death in the camp."]
    assert [p.text for p in db.search('"leave"', 10)] == ["Many families were leaving the city."]


def test_search_offsets_point_into_the_document(db: Store) -> None:
    doc = make_doc("Intro.\n\nAbout 12,000 people crossed the border.\n")
    db.add(doc)

    (hit,) = db.search('"border"', 10)

    assert doc.text[hit.start:hit.end] == hit.text
    assert hit.doc_id == doc.id


def test_search_with_bad_query_syntax_is_a_store_error(db: Store) -> None:
    db.add(make_doc("About 12,000 people crossed.\n"))

    with pytest.raises(StoreError):
        db.search('"unclosed', 10)


# ---------------------------------------------------------------------- failures, persistence


def test_failures_are_stored_and_listed(db: Store) -> None:
    db.add_failure(SourceFailure("corpus/z.docx", "corpus/z.docx: unsupported file type"))
    db.add_failure(SourceFailure("corpus/a.txt", "corpus/a.txt: empty file"))
    db.add_failure(SourceFailure("corpus/a.txt", "corpus/a.txt: empty file"))

    assert db.failures() == [
        SourceFailure("corpus/a.txt", "corpus/a.txt: empty file"),
        SourceFailure("corpus/z.docx", "corpus/z.docx: unsupported file type"),
    ]


def test_store_file_survives_reopen(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    doc = make_doc("About 12,000 people crossed the border.\n\nMonitors said 9,500.\n")
    failure = SourceFailure("corpus/bad.txt", "corpus/bad.txt: empty file")
    with Store(path) as store:
        store.add(doc)
        store.add_failure(failure)

    with Store(path) as store:
        assert store.documents() == [doc]
        assert store.failures() == [failure]
        assert [p.text for p in store.search('"border"', 10)] == [
            "About 12,000 people crossed the border."]
        assert store.add(doc) is False


def test_opening_a_file_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"this is a text file, not SQLite " * 100)

    with pytest.raises(StoreError, match="notes.sqlite"):
        Store(path)


# ---------------------------------------------------------------------- retrieval


def test_find_passages_keeps_variants_of_question_terms_and_drops_the_rest(db: Store) -> None:
    db.add(make_doc(
        "The storm killed 1,200 in the delta, officials said.\n\n"
        "Rainfall reached 300 millimetres in a single week.\n"))

    found = find_passages(db, "How many people died in the 2019 floods?")

    assert [p.text for p in found] == ["The storm killed 1,200 in the delta, officials said."]


def test_find_passages_ranks_passages_with_more_terms_first(db: Store) -> None:
    db.add(make_doc(
        "About 1,000 workers arrived in the spring.\n\n"
        "Officials said 400 workers died on the building sites.\n"))

    found = find_passages(db, "How many workers died on building sites?")

    assert found[0].text == "Officials said 400 workers died on the building sites."
    assert len(found) == 2


def test_find_passages_returns_all_passages_if_none_match(db: Store) -> None:
    """As documented: 'all passages if none match'."""
    db.add(make_doc("About 1,000 workers arrived.\n\nPrices rose 8% in a year.\n"))

    found = find_passages(db, "How many penguins nest on the island?")

    assert len(found) == 2
