"""The report's sections each do their own job (issue 10, point 4). All sources are invented.

A figure appears at most twice in the prose; section 2 quotes a source's own sentence on how
it counted; section 3 runs in date order; section 4's heading follows what the question
counts and the section is left out when the sources give nothing for it; every sentence
begins with a capital; every report verifies. The shared corpora (read at test time, copied
nowhere) must verify too.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

import crosstally
from crosstally.extract.sentences import sentence_spans
from crosstally.reconcile import parse_question
from crosstally.types import Answer, Document, Estimate, Finding, Report, Source
from crosstally.write.compose import BREAKDOWN, compose
from crosstally.write.explain import question_kind

SHARED = Path(os.environ.get("CROSSTALLY_SHARED") or Path(__file__).resolve().parents[2] / "shared")
CHECKED = ("count", "money", "percent", "fraction", "measure")

VALLEY = {
    "a.txt": (
        "TITLE: Valley empties as floodwaters rise\nPUBLISHER: Riverside Courier\n"
        "DATE: 2031-03-02\n\n"
        "About 12,000 people have fled the Sorrel valley since the floods began, the regional "
        "governor said on Monday.\n\n"
        "Some 4,500 people fled to Kenya, officials said.\n"
    ),
    "b.txt": (
        "TITLE: Counting the valley's displaced\nPUBLISHER: Hill Relief Network\n"
        "DATE: 2031-03-05\n\n"
        "Our volunteers estimate that at least 9,000 people fled the Sorrel valley by the end "
        "of February.\n\n"
        "Registration counts families, not people, so a household of six appears once in the "
        "shelter lists.\n"
    ),
    "c.txt": (
        "TITLE: Valley exodus\nPUBLISHER: Plains Gazette\nDATE: 2031-03-08\n\n"
        "About 12,000 people have fled the Sorrel valley, the regional governor said this week, "
        "a figure the relief network disputed.\n"
    ),
    "d.txt": (
        "TITLE: The valley a month on\nPUBLISHER: Upland Times\nDATE: 2031-04-01\n\n"
        "About 12,000 people have fled the Sorrel valley, according to the regional governor.\n"
    ),
    "e.txt": (
        "TITLE: Church count\nPUBLISHER: Lowland Herald\nDATE: 2031-03-20\n\n"
        "As many as 15,000 people have fled the Sorrel valley, a church charity said.\n"
    ),
}
VALLEY_QUESTION = "How many people fled the Sorrel valley?"


def write_corpus(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def valley(tmp_path_factory: pytest.TempPathFactory) -> Report:
    return crosstally.ask(VALLEY_QUESTION, [write_corpus(tmp_path_factory.mktemp("valley"), VALLEY)])


def section(report: Report, title: str) -> str:
    return next(s.text for s in report.sections if s.title.endswith(title))


def figures(text: str) -> Counter[tuple[float | None, float | None, float | None, str]]:
    """Each figure in the prose (numbers, bounds and qualifier), and how often it is written."""
    plain = re.sub(r"\[\d+\]", " | ", text)
    return Counter((e.value, e.low, e.high, e.qualifier)
                   for e in crosstally.extract_estimates(plain) if e.kind in CHECKED)


# ------------------------------------------------------------------ the whole prose

def test_a_figure_repeated_by_several_sources_is_written_at_most_twice(valley: Report) -> None:
    prose = " ".join(s.text for s in valley.sections)
    counts = figures(prose)
    assert counts[(12000, None, None, "about")] >= 1, prose  # the most-repeated figure is there
    assert max(counts.values()) <= 2, counts


def test_every_sentence_begins_with_a_capital(valley: Report) -> None:
    for s in valley.sections:
        for start, end in sentence_spans(s.text):
            first = next(ch for ch in s.text[start:end] if ch.isalnum())
            assert first.isupper() or first.isdigit(), (s.title, s.text[start:end])


def test_no_template_oddities(valley: Report) -> None:
    prose = " ".join(s.text for s in valley.sections)
    assert not re.search(r"\bunknown\b|In short:|published on", prose)
    assert not re.search(r": [A-Z][a-z]+ (?!“)", prose.replace(valley.answer.one_line, ""))


def test_the_summary_names_who_gives_the_figures_and_ends_on_the_one_line(valley: Report) -> None:
    summary = section(valley, "Executive summary")
    assert summary.endswith(valley.answer.one_line)
    assert "the regional governor" in summary and "Hill Relief Network" in summary
    assert summary.count("the regional governor") == 1  # each counter named once


def test_the_hard_numbers_group_figures_by_who_counts(valley: Report) -> None:
    hard = section(valley, "The hard numbers")
    assert hard.startswith("The government concerned gives about 12,000 people")
    assert "(the volunteers of Hill Relief Network)" in hard  # 'Our volunteers', in the brief


def test_the_report_verifies(valley: Report) -> None:
    assert valley.verification.problems == ()
    assert valley.verification.numbers == valley.verification.numbers_supported > 0


# ------------------------------------------------------------------ sections 2, 3 and 5

def test_section_2_quotes_the_sources_own_explanation_with_its_citation(valley: Report) -> None:
    text = section(valley, "Why the totals diverge")
    network = next(s.id for s in valley.sources if s.document.publisher == "Hill Relief Network")
    quoted = ("“Registration counts families, not people, so a household of six appears once in "
              f"the shelter lists” [{network}]")
    assert quoted in text
    assert text.index(quoted) < text.find("They also cover")  # before the general reasons


def test_section_3_is_a_dated_sequence_in_order(valley: Report) -> None:
    text = section(valley, "Timing")
    days = re.findall(r"\d{4}-\d{2}-\d{2}", text)
    assert len(days) >= 2 and days == sorted(days), text
    assert text.index("By the end of February") < text.index("2031-03-02")  # a date the text names


def test_section_5_names_the_origin_and_the_echoes_and_the_denial(valley: Report) -> None:
    text = section(valley, "Who is counting, and why it matters")
    courier = next(s.id for s in valley.sources if s.document.publisher == "Riverside Courier")
    assert f"first appears, among the dated sources, in Riverside Courier on 2031-03-02 [{courier}]" in text
    assert "Plains Gazette" in text and "Upland Times" in text
    assert "The relief network disputes the figure from the regional governor" in text


# ------------------------------------------------------------------ section 4

def test_section_4_for_a_movement_names_destinations(valley: Report) -> None:
    titles = [s.title for s in valley.sections]
    assert "4. Destinations and motives" in titles
    assert "some 4,500 people in Kenya" in section(valley, "Destinations and motives")
    assert titles[-1].startswith("6. ")


@pytest.mark.parametrize(("question", "kind"), [
    ("How many people fled the valley?", "movement"),
    ("How many people were evacuated from the coast?", "movement"),
    ("How many people died in the floods?", "death"),
    ("How many soldiers were killed in the battle?", "death"),
    ("How much did the city spend on the bridge?", "money"),
    ("How many people attended the rally?", "crowd"),
    ("How many people took part in the strike march?", "crowd"),
    ("How many wolves live in the park?", "other"),
])
def test_the_question_kind_is_read_from_its_event(question: str, kind: str) -> None:
    assert question_kind(parse_question(question)) == kind


DEATHS = {
    "a.txt": ("TITLE: Flood toll rises\nPUBLISHER: Riverside Courier\nDATE: 2031-04-02\n\n"
              "At least 310 people died in the Sorrel floods, the health ministry said on "
              "Tuesday.\n\nSome 45 people died in Kenya, where the river crosses the border, "
              "officials said.\n"),
    "b.txt": ("TITLE: Counting the flood dead\nPUBLISHER: Hill Relief Network\nDATE: 2031-04-09\n\n"
              "We estimate that as many as 520 people died in the Sorrel floods.\n\n"
              "Hospital records include only those who died in hospital, not those swept away.\n"),
}
CROWD = {
    "a.txt": ("TITLE: Rally fills the square\nPUBLISHER: Riverside Courier\nDATE: 2031-06-02\n\n"
              "About 20,000 people attended the Sorrel rally on Saturday, the police said.\n\n"
              "About 2,000 people gathered in Nairobi for a smaller rally.\n"),
    "b.txt": ("TITLE: Organisers hail turnout\nPUBLISHER: Plains Gazette\nDATE: 2031-06-03\n\n"
              "Organisers said 60,000 people attended the Sorrel rally.\n"),
}


@pytest.mark.parametrize(("question", "files", "heading", "item"), [
    ("How many people died in the Sorrel floods?", DEATHS, "Causes, places and groups",
     "some 45 people in Kenya"),
    ("How many people attended the Sorrel rally?", CROWD, "Where and when the crowd was counted",
     "about 2,000 people in Nairobi"),
])
def test_section_4_heading_follows_the_question(tmp_path: Path, question: str,
                                                files: dict[str, str], heading: str,
                                                item: str) -> None:
    report = crosstally.ask(question, [write_corpus(tmp_path, files)])
    assert f"4. {heading}" in [s.title for s in report.sections]
    assert item in section(report, heading)
    assert report.verification.problems == ()


def test_section_4_is_left_out_when_the_sources_give_nothing_for_it(tmp_path: Path) -> None:
    files = {name: text for name, text in CROWD.items()}
    files["a.txt"] = files["a.txt"].split("\n\nAbout 2,000")[0] + "\n"
    report = crosstally.ask("How many people attended the Sorrel rally?", [write_corpus(tmp_path, files)])
    titles = [s.title for s in report.sections]
    assert not any(t.endswith(tuple(BREAKDOWN.values())) for t in titles), titles
    assert [t.split(". ")[0] for t in titles[1:]] == ["1", "2", "3", "4", "5"]
    assert titles[4] == "4. Who is counting, and why it matters"
    assert report.verification.problems == ()


def _finding(n: int, source: Source, text: str, relation: str, value: float, counted: str,
             place: str | None = None, kind: str = "count", unit: str | None = None) -> Finding:
    """A finding whose quote is the source's whole text and whose figure is `text` in it."""
    body = source.document.text
    start = body.index(text)
    e = Estimate(source.document.path, start, start + len(text), text, body, value, None, None,
                 "exact", kind, unit=unit, counted=counted, place=place)
    return Finding(f"e{n}", e, source.id, relation, "invented")


def _source(n: int, text: str) -> Source:
    return Source(n, Document(f"d{n}", f"d{n}.txt", text, title=f"Report {n}",
                              publisher=f"Paper {n}", date=f"2031-0{n}-01"), n)


@pytest.mark.parametrize(("question", "heading"), [
    ("How much did the city spend on the bridge?", "What the money covers"),
    ("How many wolves live in the park?", "Breakdowns"),
])
def test_section_4_heading_for_money_and_for_anything_else(question: str, heading: str) -> None:
    money = "money" in heading
    one = _source(1, "The total was 400 according to the office, and 90 of it went on "
                     "the approach roads in Kenya.")
    two = _source(2, "A later count gave 600 in all.")
    kind, unit = ("money", "USD") if money else ("count", None)
    findings = [
        _finding(1, one, "400", "direct", 400.0, "bridge", kind=kind, unit=unit),
        _finding(2, one, "90", "narrower", 90.0, "approach roads", "Kenya", kind, unit),
        _finding(3, two, "600", "direct", 600.0, "bridge", kind=kind, unit=unit),
    ]
    answer = Answer(400.0, 600.0, "hundreds", "Measured in the hundreds: the defensible range "
                    "runs from 400 [1] to 600 [2]; no single authoritative figure exists.",
                    "low", ("e1", "e3"), 400.0, 600.0)
    sections, _ = compose(question, parse_question(question), findings, [one, two], answer)
    titles = [s.title for s in sections]
    assert f"4. {heading}" in titles
    assert "90 approach roads" in next(s.text for s in sections if s.title.endswith(heading))


# ------------------------------------------------------------------ the shared corpora

def _sets() -> list[Path]:
    return sorted(p.parent for corpus in ("corpus", "corpus-real")
                  for p in (SHARED / corpus).glob("*/gold.yaml"))


@pytest.mark.skipif(not _sets(), reason="the shared corpora are not beside the repository")
@pytest.mark.parametrize("folder", _sets(), ids=lambda p: p.name)
def test_every_shared_report_verifies_and_keeps_the_section_rules(folder: Path) -> None:
    question = yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8"))["question"]
    report = crosstally.ask(question, [folder / "docs"])
    assert report.verification.problems == (), report.verification.problems[:3]
    prose = " ".join(s.text for s in report.sections)
    answer_words = figures(report.answer.magnitude or "")  # the answer's magnitude, not a source's
    counts = {k: n for k, n in figures(prose).items() if k not in answer_words}
    assert max(counts.values(), default=0) <= 2, Counter(counts).most_common(3)
    for s in report.sections:
        for start, end in sentence_spans(s.text):
            first = next((ch for ch in s.text[start:end] if ch.isalnum()), "A")
            assert first.isupper() or first.isdigit(), (s.title, s.text[start:end][:80])
