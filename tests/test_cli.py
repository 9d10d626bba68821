"""Tests for the console command, run for real in a subprocess. All figures are invented."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from crosstally.sources import read_file

QUESTION = "How many men have left Russia to avoid conscription?"
REPORT_KEYS = {"question", "answer", "estimates", "sources", "sections", "verification"}
ANSWER_KEYS = {"low", "high", "magnitude", "one_line", "confidence"}
ESTIMATE_KEYS = {"doc", "start", "end", "text", "quote", "value", "low", "high", "qualifier",
                 "kind", "unit", "per", "counted", "time", "place", "actor", "method"}
FINDING_KEYS = ESTIMATE_KEYS | {"id", "source", "relation", "why"}
SOURCE_KEYS = {"id", "doc", "url", "title", "publisher", "date", "story"}
VERIFICATION_KEYS = {"numbers", "numbers_supported", "citations", "citations_supported",
                     "problems"}
# Titles every report has (section 4, a breakdown, is left out when the sources give none,
# and the numbers after it follow; tests/test_sections.py checks both).
SECTION_TITLES = (
    "Executive summary",
    "1. The hard numbers",
    "2. Why the totals diverge",
    "3. Timing",
    "Who is counting, and why it matters",
    "What can be stated with confidence, and the best single-line answer",
    "Sources",
)

DOCS = {
    "wire.txt": (
        "URL: https://wire.example/2022/10/04/exodus\n"
        "TITLE: Men crowd the borders\n"
        "PUBLISHER: Example Wire\n"
        "DATE: 2022-10-04\n"
        "\n"
        "About 200,000 men have left Russia to avoid conscription since the call-up began, "
        "officials in neighbouring countries said on Tuesday.\n"
        "\n"
        "Queues at the Upper Lars crossing stretched for 20 kilometres.\n"
    ),
    "monitor.txt": (
        "TITLE: Exit watch\n"
        "PUBLISHER: Example Monitor\n"
        "DATE: 2022-10-20\n"
        "\n"
        "At least 150,000 men fled Russia to evade the draft by mid-October, the monitor "
        "estimated from border statistics.\n"
    ),
    "analysis.md": (
        "---\n"
        "title: Counting the leavers\n"
        "publisher: Example Institute\n"
        "date: 2022-12-01\n"
        "---\n"
        "\n"
        "Up to 700,000 people have left Russia since the mobilisation was announced, "
        "according to demographers, though many have since returned.\n"
    ),
    "rents.txt": "Rents in Tbilisi rose 40% in a year as newcomers arrived.\n",
}
BAD = ("bad.txt", b"PK\x03\x04\x14\x00\x00\x00 200 people left")  # binary: a zip header


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crosstally", *args],
        cwd=cwd, input=stdin, capture_output=True, text=True, timeout=120,
        encoding="utf-8",
    )


def make_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in DOCS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / BAD[0]).write_bytes(BAD[1])
    return corpus


def assert_report_shape(report: dict[str, Any]) -> None:
    assert REPORT_KEYS <= set(report)
    assert report["question"] == QUESTION
    assert ANSWER_KEYS <= set(report["answer"])
    assert VERIFICATION_KEYS <= set(report["verification"])
    for item in report["estimates"]:
        assert FINDING_KEYS <= set(item)
    for source in report["sources"]:
        assert SOURCE_KEYS <= set(source)
    for section in report["sections"]:
        assert {"title", "text"} <= set(section)


@pytest.fixture(scope="module")
def asked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    root = tmp_path_factory.mktemp("ask")
    make_corpus(root)
    return root, run("ask", QUESTION, "--corpus", "corpus", "--format", "json", cwd=root)


# ---------------------------------------------------------------------- ask


def test_ask_json_prints_a_report_with_the_contract_keys(asked: Any) -> None:
    _, result = asked

    assert result.returncode in (0, 3), result.stderr
    report = json.loads(result.stdout)
    assert_report_shape(report)
    assert report["estimates"], "the invented corpus has figures that answer the question"
    # rents.txt is about something else: it is not read, so it is not a source
    assert {s["doc"] for s in report["sources"]} == {f"corpus/{n}" for n in DOCS
                                                     if n != "rents.txt"}


def test_ask_estimates_have_exact_offsets_into_the_stored_text(asked: Any) -> None:
    root, result = asked
    report = json.loads(result.stdout)

    for item in report["estimates"]:
        text = read_file(root / item["doc"]).text
        assert text[item["start"]:item["end"]] == item["text"]
        assert item["quote"] in text


def test_ask_names_the_unusable_file_on_stderr_and_in_the_report(asked: Any) -> None:
    _, result = asked
    report = json.loads(result.stdout)

    bad = f"corpus/{BAD[0]}"
    assert bad in result.stderr
    assert [f["doc"] for f in report["sources_not_used"]] == [bad]
    assert report["sources_not_used"][0]["reason"].startswith("binary content, not text")
    assert "Traceback" not in result.stderr


def test_ask_with_out_writes_the_file_and_not_stdout(tmp_path: Path) -> None:
    make_corpus(tmp_path)

    result = run("ask", QUESTION, "--corpus", "corpus", "--format", "json",
                 "--out", "report.json", cwd=tmp_path)

    assert result.returncode in (0, 3), result.stderr
    assert result.stdout.strip() == ""
    assert_report_shape(json.loads((tmp_path / "report.json").read_text(encoding="utf-8")))


def test_ask_markdown_has_every_section_title(tmp_path: Path) -> None:
    make_corpus(tmp_path)

    result = run("ask", QUESTION, "--corpus", "corpus", "--format", "md", cwd=tmp_path)

    assert result.returncode in (0, 3), result.stderr
    for title in SECTION_TITLES:
        assert title in result.stdout


def test_ask_with_missing_corpus_is_a_usage_error_naming_the_path(tmp_path: Path) -> None:
    result = run("ask", QUESTION, "--corpus", "no-such-folder", cwd=tmp_path)

    assert result.returncode == 2
    assert "no-such-folder" in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_ask_shows_file_names_with_brackets_verbatim(tmp_path: Path) -> None:
    corpus = tmp_path / "drafts[" / "x]"  # the folder "drafts[/x]", as a shell user types it
    corpus.mkdir(parents=True)
    (corpus / "a.txt").write_text(DOCS["monitor.txt"], encoding="utf-8")
    (corpus / BAD[0]).write_bytes(BAD[1])

    result = run("ask", QUESTION, "--corpus", "drafts[/x]", "--format", "json", cwd=tmp_path)

    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 3), result.stderr
    assert f"drafts[/x]/{BAD[0]}" in result.stderr


# ---------------------------------------------------------------------- extract


def test_extract_prints_one_estimate_per_line_with_offsets_into_stored_text(
        tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_text(DOCS["wire.txt"], encoding="utf-8")
    stored = read_file(path).text

    result = run("extract", "wire.txt", "--format", "jsonl", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records
    for rec in records:
        assert ESTIMATE_KEYS <= set(rec)
        assert rec["doc"] == "wire.txt"
        assert stored[rec["start"]:rec["end"]] == rec["text"]
        assert rec["quote"] in stored
        assert "line" not in rec
    (main,) = [r for r in records if r["value"] == 200000]
    assert main["qualifier"] == "about" and main["kind"] == "count"


def test_extract_each_line_from_stdin_gives_line_numbers_and_line_offsets(
        tmp_path: Path) -> None:
    lines = [
        "At least 150,000 men left in 2022.",
        "No figures here.",
        "Rents rose 40% in a year, and up to 700,000 people left by 2023.",
    ]

    plain = run("extract", "-", "--each-line", "--format", "jsonl",
                cwd=tmp_path, stdin="\n".join(lines) + "\n")
    full = run("extract", "-", "--each-line", "--all", "--format", "jsonl",
               cwd=tmp_path, stdin="\n".join(lines) + "\n")

    assert plain.returncode == 0, plain.stderr
    assert full.returncode == 0, full.stderr
    plain_records = [json.loads(x) for x in plain.stdout.splitlines()]
    full_records = [json.loads(x) for x in full.stdout.splitlines()]
    for rec in plain_records + full_records:
        assert rec["doc"] == "-"
        line = lines[rec["line"] - 1]
        assert line[rec["start"]:rec["end"]] == rec["text"]
    assert {r["line"] for r in plain_records} == {1, 3}
    assert all(r["kind"] != "year" for r in plain_records)
    years = sorted((r["line"], r["text"]) for r in full_records if r["kind"] == "year")
    assert years == [(1, "2022"), (3, "2023")]
    assert {(r["line"], r["start"]) for r in plain_records} <= {
        (r["line"], r["start"]) for r in full_records}


def test_extract_unreadable_single_file_exits_1_with_its_name(tmp_path: Path) -> None:
    (tmp_path / BAD[0]).write_bytes(BAD[1])

    result = run("extract", BAD[0], "--format", "jsonl", cwd=tmp_path)

    assert result.returncode == 1
    assert BAD[0] in result.stderr
    assert result.stdout == ""


# ---------------------------------------------------------------------- demo, help


def test_demo_writes_three_reports_and_passes_verification(tmp_path: Path) -> None:
    result = run("demo", "--out", "out", cwd=tmp_path)

    if result.returncode == 3:
        pytest.fail(f"demo report failed its own verification:\n{result.stderr}")
    assert result.returncode == 0, result.stderr
    for name in ("report.md", "report.html", "report.json"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["verification"]["problems"] == []
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [(), ("ask",), ("extract",), ("demo",), ("eval",)])
def test_help_works_for_the_group_and_each_command(tmp_path: Path, command: tuple[str, ...]) -> None:
    result = run(*command, "--help", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout
    for name in ("ask", "extract", "demo", "eval"):
        if not command:
            assert name in result.stdout


def test_a_question_no_number_answers_is_refused_before_any_source_is_read(tmp_path: Path) -> None:
    make_corpus(tmp_path)
    out = tmp_path / "report.md"
    result = run("ask", "Why did Russians leave?", "--corpus", "corpus", "--out", str(out),
                 cwd=tmp_path)
    assert result.returncode == 2
    assert "does not ask for a number" in result.stderr and "How many" in result.stderr
    assert not out.exists()


def test_the_library_api_raises_a_question_error_for_a_yes_no_question(tmp_path: Path) -> None:
    import crosstally
    from crosstally.errors import QuestionError

    with pytest.raises(QuestionError, match="does not ask for a number"):
        crosstally.ask("Did more people leave Russia than Ukraine?", [tmp_path])


def test_a_question_for_a_measure_is_refused_with_what_it_asks_for(tmp_path: Path) -> None:
    import crosstally
    from crosstally.errors import QuestionError

    with pytest.raises(QuestionError, match="asks for acres"):
        crosstally.ask("How many acres burned in the 2020 California wildfires?", [tmp_path])
