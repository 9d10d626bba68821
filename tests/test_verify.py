"""Verification catches numbers and citations that the sources do not support."""

from __future__ import annotations

from pathlib import Path

import pytest

import crosstally
from crosstally.types import Report, Section
from crosstally.verify import verify_report

DOCS = {
    "a.txt": "TITLE: Border count\nPUBLISHER: Daily Example\nDATE: 2021-03-04\n\n"
             "Officials said at least 12,000 farmers left the valley in the spring of 2021.",
    "b.txt": "TITLE: Survey note\nPUBLISHER: Example Institute\nDATE: 2021-05-06\n\n"
             "Researchers estimated that about 30,000 farmers left the valley over the year.",
}
QUESTION = "How many farmers left the valley?"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    root: Path = tmp_path_factory.mktemp("corpus")
    for name, text in DOCS.items():
        (root / name).write_text(text, encoding="utf-8")
    return crosstally.ask(QUESTION, [root])


def _reverify(report: Report, extra: str) -> list[str]:
    sections = list(report.sections) + [Section("Injected", extra)]
    result = verify_report(sections, report.findings, report.sources, report.answer)
    return [p.detail for p in result.problems]


def test_written_report_verifies_clean(report: Report) -> None:
    v = report.verification
    assert v.numbers > 0 and v.numbers == v.numbers_supported
    assert v.citations > 0 and v.citations == v.citations_supported
    assert v.problems == ()


def test_number_absent_from_every_source_is_caught(report: Report) -> None:
    problems = _reverify(report, "Some 45,678 farmers left the valley [1].")
    assert any("45,678" in p for p in problems)


def test_number_from_another_source_than_the_cited_one_is_caught(report: Report) -> None:
    source_b = next(s.id for s in report.sources if s.document.path.endswith("b.txt"))
    source_a = next(s.id for s in report.sources if s.document.path.endswith("a.txt"))
    assert not _reverify(report, f"About 30,000 farmers left the valley [{source_b}].")
    problems = _reverify(report, f"About 30,000 farmers left the valley [{source_a}].")
    assert any("30,000" in p for p in problems)


def test_citation_to_a_missing_source_is_caught(report: Report) -> None:
    problems = _reverify(report, "At least 12,000 farmers left the valley [1] [9].")
    assert any("[9] is not a source" in p for p in problems)


def test_year_must_appear_in_a_cited_source(report: Report) -> None:
    assert not _reverify(report, "The count dates from 2021 [1].")
    assert any("1987" in p for p in _reverify(report, "The count dates from 1987 [1]."))


