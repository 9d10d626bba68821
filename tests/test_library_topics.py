"""One library, two topics: a question answers from the documents about its own event.

tests/fixtures/topics/ holds an invented flood (its death toll) and an invented festival (its
attendance), each with competing figures. Asked over a library holding both, each question
must answer exactly as over its own folder, list only its own documents as sources and show
no figure of the other topic. The library is a real SQLite file, as `crosstally add` makes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import crosstally
from crosstally.library import Library
from crosstally.retrieve import select_documents
from crosstally.store import Store
from crosstally.types import Report
from crosstally.web.gather import read_locations

TOPICS = Path(__file__).parent / "fixtures" / "topics"
QUESTIONS = {
    "flood": "How many people died in the Marrow River floods?",
    "festival": "How many people have attended the Oskarsby Lantern Festival?",
}
# Figures each topic's documents give, so a leak of one into the other's report shows.
FIGURES = {
    "flood": {212, 340, 198, 14_000, 6_000},
    "festival": {95_000, 60_000, 120_000, 4_000, 14},
}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("home") / "library.sqlite"
    gathered = read_locations([str(TOPICS / name) for name in QUESTIONS], None)
    assert not gathered.failures
    with Library(path) as lib:
        for source in gathered.sources:
            lib.add(source)
    return path


def ask_library(library: Path, question: str, tmp_path: Path) -> Report:
    with Library(library) as lib:
        documents = lib.documents()
    return crosstally.ask(question, documents=documents, db=tmp_path / "store.sqlite")


def folder_of(doc: str) -> str:
    return Path(doc).parent.name


@pytest.mark.parametrize("topic", sorted(QUESTIONS))
def test_a_question_over_a_shared_library_answers_as_over_its_own_folder(
        library: Path, tmp_path: Path, topic: str) -> None:
    shared = ask_library(library, QUESTIONS[topic], tmp_path)
    alone = crosstally.ask(QUESTIONS[topic], [TOPICS / topic], db=tmp_path / "alone.sqlite")

    assert alone.answer.low is not None and alone.answer.high is not None
    assert (shared.answer.low, shared.answer.high) == (alone.answer.low, alone.answer.high)
    assert shared.verification.problems == ()


@pytest.mark.parametrize("topic", sorted(QUESTIONS))
def test_only_the_topics_own_documents_are_sources(library: Path, tmp_path: Path,
                                                  topic: str) -> None:
    report = ask_library(library, QUESTIONS[topic], tmp_path)

    assert report.sources
    assert {folder_of(s.document.path) for s in report.sources} == {topic}
    cited = {f.source for f in report.findings}
    assert cited == {s.id for s in report.sources}, "a listed source no estimate came from"


@pytest.mark.parametrize("topic", sorted(QUESTIONS))
def test_no_figure_of_the_other_topic_is_among_the_estimates(library: Path, tmp_path: Path,
                                                            topic: str) -> None:
    report = ask_library(library, QUESTIONS[topic], tmp_path)
    other = next(t for t in QUESTIONS if t != topic)

    assert {folder_of(f.estimate.doc) for f in report.findings} == {topic}
    values = {v for f in report.findings for v in (f.estimate.value, f.estimate.low,
                                                    f.estimate.high) if v is not None}
    assert not values & (FIGURES[other] - FIGURES[topic])


def test_a_folder_on_one_topic_keeps_every_document(tmp_path: Path) -> None:
    with Store(tmp_path / "store.sqlite") as store:
        crosstally.pipeline.ingest(store, [TOPICS / "flood"])
        selection = select_documents(store, QUESTIONS["flood"])
        assert set(selection.kept) == {d.id for d in store.documents()}
