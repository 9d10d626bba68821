"""The report history: a report is kept whole with the text of its sources, reopened as it
was written, and re-verified against that text; a changed text is caught."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import crosstally
from crosstally import demo
from crosstally.serve.history import History, HistoryError
from crosstally.serve.recheck import quote_span, recheck
from crosstally.types import Document


@pytest.fixture(scope="module")
def report() -> crosstally.Report:
    return crosstally.ask(demo.QUESTION, [demo.corpus_dir()])


def _asked_over() -> list[Document]:
    from crosstally.sources import read_file

    return [read_file(p) for p in sorted(demo.corpus_dir().iterdir())]


def test_a_kept_report_reopens_as_written_and_re_verifies(report: crosstally.Report,
                                                          tmp_path: Path) -> None:
    with History(tmp_path / "reports.sqlite") as history:
        stored = history.save(report, _asked_over())
    with History(tmp_path / "reports.sqlite") as history:  # a new connection: from disk
        again = history.get(stored.id)
        texts = history.texts(stored.id)
        assert [r.id for r in history.all()] == [stored.id]
    assert again.data == report.to_json() and again.question == demo.QUESTION
    assert len(again.asked_over) == len(_asked_over())
    assert set(texts) == {s.id for s in report.sources}
    checked = recheck(again.data, texts)
    assert checked.ok and checked.same_as_stored
    assert checked.spans_checked == len(report.findings)


def test_a_changed_source_text_fails_the_recheck(report: crosstally.Report,
                                                 tmp_path: Path) -> None:
    path = tmp_path / "reports.sqlite"
    with History(path) as history:
        stored = history.save(report, _asked_over())
    finding = next(f for f in report.findings if f.relation == "direct")
    source = next(s for s in report.sources if s.id == finding.source)
    est = finding.estimate
    text = source.document.text
    forged = text[:est.start] + "9" * (est.end - est.start) + text[est.end:]
    db = sqlite3.connect(path)
    db.execute("UPDATE report_texts SET text = ? WHERE text = ?", (forged, text))
    db.commit()
    db.close()
    with History(path) as history:
        checked = recheck(stored.data, history.texts(stored.id))
    assert not checked.ok and not checked.same_as_stored
    assert any(p.startswith(f"{finding.id}: ") for p in checked.span_problems)
    assert checked.verification.numbers_supported < stored.data["verification"]["numbers"]


def test_the_quote_is_found_around_its_figure() -> None:
    text = "It rose. About 5 men left. Then about 5 men left."
    second = text.rindex("5")
    estimate = {"quote": "Then about 5 men left.", "start": second, "end": second + 1}
    start, end = quote_span(text, estimate) or (0, 0)
    assert text[start:end] == estimate["quote"] and start <= second < end
    assert quote_span("nothing here", estimate) is None


def test_an_unknown_report_id_says_how_to_find_one(tmp_path: Path) -> None:
    with History(tmp_path / "reports.sqlite") as history, \
            pytest.raises(HistoryError, match="no report 'nope'.*lists the ids"):
        history.get("nope")


def test_a_report_is_stored_whole_or_not_at_all(report: crosstally.Report,
                                                tmp_path: Path) -> None:
    path = tmp_path / "reports.sqlite"
    with History(path) as history:
        history.save(report, _asked_over())
    db = sqlite3.connect(path)  # a trigger makes the last source row fail mid-save
    db.execute("CREATE TRIGGER fail BEFORE INSERT ON report_sources WHEN NEW.n = "
               f"{report.sources[-1].id} BEGIN SELECT RAISE(ABORT, 'disk trouble'); END")
    db.commit()
    db.close()
    with History(path) as history:
        with pytest.raises(HistoryError, match="saving a report failed"):
            history.save(report, _asked_over())
        assert len(history.all()) == 1
    db = sqlite3.connect(path)
    rows = db.execute("SELECT COUNT(*) FROM report_sources").fetchone()[0]
    db.close()
    assert rows == len(report.sources)
