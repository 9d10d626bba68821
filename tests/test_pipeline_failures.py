"""One bad source never stops a report: a failure while reading or extracting one document is
one 'Sources not used' row with its reason, and the others still answer (issue 9).
All figures are invented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import crosstally
from crosstally.extract.rules import RuleExtractor
from crosstally.pipeline import extract_from_passages
from crosstally.sources import files
from crosstally.sources.fields import Fields
from crosstally.types import Document, Estimate, Passage
from crosstally.write import render_report

QUESTION = "How many people left the country?"
GOOD = "About 150,000 people left the country in 2022, the border service said.\n"


def broken_reader(data: bytes, path: str) -> Fields:
    raise RuntimeError("the reader tripped over its own feet")


class BrokenOnOneDocument(RuleExtractor):
    """The rule extractor, failing on every passage of bad.txt as a bug would."""

    def extract(self, text: str, doc: str = "", **kwargs: Any) -> list[Estimate]:
        if doc == "bad.txt":
            raise ArithmeticError("a number the grammar did not foresee")
        return super().extract(text, doc, **kwargs)


def test_a_reader_that_raises_costs_only_its_own_file(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(files.READERS, ".boom", broken_reader)
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.boom").write_text("About 9 people left.", encoding="utf-8")

    report = crosstally.ask(QUESTION, [tmp_path])

    assert [f.path for f in report.failures] == [str(tmp_path / "bad.boom")]
    reason = report.failures[0].reason
    assert "RuntimeError" in reason and "tripped over its own feet" in reason
    assert 150000 in [f.estimate.value for f in report.findings]
    assert "bad.boom" in render_report(report, "md").split("Sources not used")[1]


def test_a_document_whose_extraction_raises_is_one_failure_and_the_others_go_on() -> None:
    docs = {d.id: d for d in (Document("a", "bad.txt", "About 9 people left the country."),
                              Document("b", "good.txt", GOOD))}
    passages = [Passage(d.id, 0, len(d.text), d.text) for d in docs.values()]

    found = extract_from_passages(passages, docs, BrokenOnOneDocument())

    assert [f.path for f in found.failures] == ["bad.txt"]
    assert "ArithmeticError" in found.failures[0].reason
    assert [e.doc for e in found.estimates] == ["good.txt"]
    assert found.contexts == [GOOD]
