"""A large text extracted in two parts, the second by a helper process, gives the very records
the whole text gives (RuleExtractor._cut chooses where; bench/extract.py measures the time)."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
import yaml

from crosstally.extract.background import PREFETCH_MIN_CHARS, Prefetch
from crosstally.extract.rules import PARAGRAPH_AFTER_STOP, QUIET, RuleExtractor, default_extractor
from crosstally.extract.sentences import Sentences
from crosstally.types import Estimate

NEWS = Path(__file__).parent / "news" / "sentences.yaml"
# Invented prose with no number in it, so that the text has places where it may be cut.
PROSE = [
    "The committee met again behind closed doors and said little afterwards.",
    "Residents of the valley say the road has been neglected for years.",
    "Officials declined to comment on the report, citing the ongoing inquiry.",
    "Critics of the plan argue that the estimates were drawn up in haste.",
    "The mayor's office said it would publish its own data soon.",
    "According to the agency, the survey was carried out by local volunteers.",
    "Mr. Okafor, who led the campaign, said the result spoke for itself.",
    "Analysts at the bank expect the debate to continue well into the spring.",
]


def _sentences() -> list[str]:
    return [s["text"] for s in yaml.safe_load(NEWS.read_text("utf-8"))["sentences"]]


def _text(size: int, seed: int) -> str:
    """Paragraphs of the news test sentences (dense in numbers of every kind) between
    paragraphs of prose with no number, some of them headings without a full stop."""
    rng = random.Random(seed)
    news, parts, total = _sentences(), [], 0
    while total < size:
        para = " ".join(rng.choice(news) for _ in range(rng.randrange(1, 6)))
        for _ in range(rng.choice([0, 0, 1, 2])):
            para += "\n\n" + " ".join(rng.choice(PROSE) for _ in range(rng.randrange(2, 9)))
        if rng.random() < 0.2:
            para += "\n\nWhat the figures say"
        parts.append(para)
        total += len(para) + 2
    return "\n\n".join(parts)


def _lines(records: list[Estimate]) -> list[str]:
    return [json.dumps(e.to_json(), ensure_ascii=False) for e in records]


def _cuts(ex: RuleExtractor, text: str) -> list[int]:
    return [m.end() for m in PARAGRAPH_AFTER_STOP.finditer(text)
            if m.end() > QUIET and ex._quiet(text, m.end())]


@pytest.mark.parametrize("include_all", [False, True])
def test_every_allowed_cut_gives_the_records_of_the_whole_text(include_all: bool) -> None:
    ex = default_extractor()
    text = _text(40_000, seed=3)
    whole = list(ex._in_parts(text, "doc", include_all, 0, None, None, None))
    cuts = _cuts(ex, text)
    assert len(cuts) >= 10  # the prose paragraphs leave room
    for cut in random.Random(5).sample(cuts, 10):
        parts = list(ex._in_parts(text, "doc", include_all, 0, None, None, cut, helper=False))
        assert _lines(parts) == _lines(whole), cut


def test_the_parts_find_the_sentences_of_the_whole_text_at_every_paragraph_after_a_stop(
        ) -> None:
    # the cut's own condition, without the room around numbers: any such paragraph start
    text = _text(60_000, seed=8) + "\n\nMr.\n\nSmith said so.\n\n\u201cYes.\n \n  no, he said."
    whole = Sentences(text).spans
    cuts = [m.end() for m in PARAGRAPH_AFTER_STOP.finditer(text)]
    assert len(cuts) > 50
    for cut in cuts:
        head, tail = Sentences(text[:cut]).spans, Sentences(text[cut:]).spans
        assert head + [(s + cut, e + cut) for s, e in tail] == whole, cut


def test_a_cut_is_never_near_a_number_or_a_number_word() -> None:
    ex = default_extractor()
    prose = " ".join(PROSE)
    for near in ("1", "seven", "a dozen", "half", "½"):
        text = f"{prose}\n\n{prose}"
        at = len(prose) + 2
        assert ex._quiet(text, at)
        for where in (at - QUIET + 5, at + QUIET - 5):
            spoilt = f"{text[:where]} {near} {text[where:]}"
            assert not ex._quiet(spoilt, at if where > at else at + len(near) + 2), (near, where)


def test_a_large_text_is_extracted_in_two_processes_with_the_same_records() -> None:
    ex = default_extractor()
    text = _text(PREFETCH_MIN_CHARS + 30_000, seed=11)
    cut = ex._cut(text)
    assert cut is not None and 0.3 * len(text) < cut < 0.7 * len(text)
    for include_all in (False, True):
        one = ex.extract(text, "doc", include_all=include_all)
        two = ex.extract(text, "doc", include_all=include_all, prefetch=True)
        assert _lines(two) == _lines(one)
        assert {e.start for e in two if e.start >= cut}  # the helper's part has records


def test_a_reader_that_stops_early_ends_the_helper(monkeypatch: pytest.MonkeyPatch) -> None:
    helpers: list[Prefetch[object]] = []
    start = Prefetch.start.__func__  # type: ignore[attr-defined]

    def recorded(cls: type, size: int, work: object) -> Prefetch[object] | None:
        helper = start(cls, size, work)
        helpers.append(helper)
        return helper

    monkeypatch.setattr(Prefetch, "start", classmethod(recorded))
    ex = default_extractor()
    text = _text(PREFETCH_MIN_CHARS + 30_000, seed=12)
    records = ex.iter_extract(text, "doc", prefetch=True)
    first = next(records)
    assert first.start < ex._cut(text)  # type: ignore[operator]
    assert helpers and helpers[0] is not None
    records.close()  # kills and reaps the helper: no process is left behind
    with pytest.raises(ChildProcessError):
        os.waitpid(helpers[0].pid, os.WNOHANG)


def test_a_small_text_is_not_cut() -> None:
    text = _text(PREFETCH_MIN_CHARS // 2, seed=1)
    assert default_extractor()._cut(text) is None


def test_a_figure_after_the_cut_still_takes_what_a_figure_before_it_counted(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # 'some 5,000' names nothing; it takes 'refugees' from the figure 529 characters before,
    # across the only place where this text may be cut: sharing runs on the whole text.
    text = ("About 4,000 refugees crossed the border overnight. The road through the valley "
            "was closed for repairs, and the old bridge stayed shut. Volunteers handed out "
            "blankets and tea at the crossing while the wind rose. The border post stayed open "
            "through the night, its lights on for the stragglers.\n\nVolunteers handed out "
            "blankets and tea at the crossing while the wind rose. The road through the valley "
            "was closed for repairs, and the old bridge stayed shut. The wind fell at dusk, and "
            "the long queue moved on slowly towards the gate. By the end of the week, some "
            "5,000 had arrived.")
    ex = RuleExtractor()
    cut = ex._quiet_start(text, len(text) // 2, len(text))
    assert cut == text.index("Volunteers", text.index("\n\n"))
    whole = ex.extract(text, "doc")
    assert [(e.text, e.counted) for e in whole] == [
        ("About 4,000", "refugees"), ("some 5,000", "refugees")]
    monkeypatch.setattr(ex, "_cut", lambda text: cut)
    assert _lines(ex.extract(text, "doc", prefetch=True)) == _lines(whole)
