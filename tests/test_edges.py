"""Honest edges of `crosstally ask` (issue 10): nothing to answer from is an error with no
report, a question no figure answers is a usage error with an example, `--out` names the
format, and the verification line says what it proves and what it does not. Every test runs
the real command (click's runner in-process, one subprocess). All texts are invented."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from contextlib import chdir
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import crosstally
from crosstally.cli import main
from crosstally.errors import NothingUsableError
from crosstally.write.render import verification_line

QUESTION = "How many farmers left the valley?"
GOOD = {
    "gazette.txt": (
        "TITLE: The valley empties\n"
        "PUBLISHER: Example Gazette\n"
        "DATE: 2021-05-02\n"
        "\n"
        "About 12,000 farmers have left the valley since the drought began, the regional "
        "office said on Monday.\n"
    ),
    "union.txt": (
        "TITLE: Union survey of departures\n"
        "PUBLISHER: Example Farmers' Union\n"
        "DATE: 2021-06-10\n"
        "\n"
        "At least 9,500 farmers left the valley by April, a survey by the union estimated.\n"
    ),
}
NO_FIGURE = ("The council met to discuss the new park. Residents spoke about benches, paths "
             "and the old oak by the gate.\n")
OTHER_FIGURES = ("The new bridge over the river is 300 metres long and cost $40 million, the "
                 "engineers said.\n")
LOGGER = logging.getLogger("crosstally")


def ask(*args: str, cwd: Path) -> Result:
    """`crosstally ask ...` run in `cwd`, with the library kept in the test's folder."""
    handlers = list(LOGGER.handlers)  # the command adds its stderr handler: taken off after
    try:
        with chdir(cwd):
            return CliRunner().invoke(main, ["ask", *args], catch_exceptions=False,
                                      env={"CROSSTALLY_HOME": str(cwd / "home")})
    finally:
        LOGGER.handlers[:] = handlers


def folder(root: Path, name: str, files: dict[str, str | bytes]) -> Path:
    path = root / name
    path.mkdir()
    for file, text in files.items():
        if isinstance(text, bytes):
            (path / file).write_bytes(text)
        else:
            (path / file).write_text(text, encoding="utf-8")
    return path


def errors(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


# -- nothing to answer from: exit 1, a message that says why, no report ----------------------


def test_an_empty_folder_is_an_error_naming_it_and_no_report_is_written(tmp_path: Path) -> None:
    folder(tmp_path, "empty", {})

    result = ask(QUESTION, "--corpus", "empty", "--out", "report.md", cwd=tmp_path)

    assert result.exit_code == 1
    assert errors(result) == [("Error: nothing to answer from: the folder empty holds no file "
                               "to read; crosstally reads .txt, .md, .html or .pdf files")]
    assert result.stdout == "" and not (tmp_path / "report.md").exists()


def test_a_folder_of_unreadable_files_names_each_file_once_with_its_reason(tmp_path: Path
                                                                          ) -> None:
    folder(tmp_path, "bad", {"scan.bin": b"\x00\x01\x02", "notes.docx": "not read",
                             "empty.txt": ""})

    result = ask(QUESTION, "--corpus", "bad", "--out", "report.md", cwd=tmp_path)

    assert result.exit_code == 1
    assert errors(result) == [
        "Error: nothing to answer from: none of the 3 files under bad could be read",
        "  bad/empty.txt: empty file",
        "  bad/notes.docx: unsupported file type '.docx'; use .txt, .md, .html or .pdf",
        "  bad/scan.bin: unsupported file type '.bin'; use .txt, .md, .html or .pdf",
    ]  # each file once: no warning line before the error repeats it
    assert result.stdout == "" and not (tmp_path / "report.md").exists()


def test_a_single_unreadable_file_is_named_as_the_only_one_given(tmp_path: Path) -> None:
    (tmp_path / "memo.pdf").write_bytes(b"this is no PDF")

    result = ask(QUESTION, "--corpus", "memo.pdf", cwd=tmp_path)

    assert result.exit_code == 1
    first, *rest = errors(result)
    assert first == "Error: nothing to answer from: the only file given could not be read"
    assert len(rest) == 1 and rest[0].startswith("  memo.pdf: ")
    assert result.stdout == ""


def test_sources_without_any_figure_are_an_error_not_a_template_report(tmp_path: Path) -> None:
    folder(tmp_path, "minutes", {"meeting.txt": NO_FIGURE})

    result = ask(QUESTION, "--corpus", "minutes", "--format", "json", cwd=tmp_path)

    assert result.exit_code == 1
    assert errors(result) == [
        ("Error: nothing to answer from: the only source read (minutes/meeting.txt) holds no "
         "figure (a count, a sum of money, a percentage); crosstally answers from the figures "
         "its sources give, so add sources that state some")]
    assert result.stdout == ""


def test_sources_whose_figures_measure_something_else_say_which_figures(tmp_path: Path) -> None:
    folder(tmp_path, "works", {"bridge.txt": OTHER_FIGURES, "meeting.txt": NO_FIGURE})

    result = ask(QUESTION, "--corpus", "works", "--out", "report.html", cwd=tmp_path)

    assert result.exit_code == 1
    [line] = errors(result)
    assert line.startswith("Error: nothing to answer from: the 2 sources read "
                           "(works/bridge.txt and works/meeting.txt) give figures (")
    assert "$40 million" in line
    assert ("but none measures what the question asks (a count of farmers that left the "
            "valley)") in line
    assert not (tmp_path / "report.html").exists()


def test_an_unreadable_file_beside_a_good_one_is_one_warning_and_one_row(tmp_path: Path) -> None:
    folder(tmp_path, "mixed", {**GOOD, "scan.bin": b"\x00\x01"})

    result = ask(QUESTION, "--corpus", "mixed", "--format", "json", cwd=tmp_path)

    assert result.exit_code in (0, 3), result.stderr
    assert result.stderr.count("scan.bin") == 1 and "Error" not in result.stderr
    report = json.loads(result.stdout)
    assert [row["doc"] for row in report["sources_not_used"]] == ["mixed/scan.bin"]
    assert len(report["sources"]) == 2


def test_a_refused_url_as_the_only_source_is_named_with_its_reason(tmp_path: Path) -> None:
    result = ask(QUESTION, "--source", "file:///etc/hostname", cwd=tmp_path)

    assert result.exit_code == 1
    assert errors(result) == [
        "Error: nothing to answer from: the only source given could not be read",
        "  file:///etc/hostname: refused: only http and https URLs are fetched, not file"]


def test_the_python_api_raises_with_each_failure_and_its_reason(tmp_path: Path) -> None:
    bad = folder(tmp_path, "bad", {"a.bin": b"\x00", "b.txt": "  \n"})

    with pytest.raises(NothingUsableError) as caught:
        crosstally.ask(QUESTION, [bad])

    err = caught.value
    assert err.summary == f"nothing to answer from: none of the 2 files under {bad} could be read"
    assert [f.path for f in err.failures] == [str(bad / "a.bin"), str(bad / "b.txt")]
    assert str(err).splitlines()[1:] == [f"  {f.reason}" for f in err.failures]


def test_the_real_command_exits_1_without_a_traceback_or_a_report(tmp_path: Path) -> None:
    folder(tmp_path, "bad", {"scan.bin": b"\x00\x01"})

    done = subprocess.run(
        [sys.executable, "-m", "crosstally", "ask", QUESTION, "--corpus", "bad", "--out",
         "report.md"], cwd=tmp_path, capture_output=True, text=True, timeout=120,
        env={**os.environ, "CROSSTALLY_HOME": str(tmp_path / "home")}, check=False)

    assert done.returncode == 1
    assert "Error: nothing to answer from" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == "" and not (tmp_path / "report.md").exists()


# -- a question no figure answers: exit 2, with an example that works ------------------------


@pytest.mark.parametrize("question, says", [
    ("Why did the farmers leave the valley?", "does not ask for a number"),
    ("Did more farmers leave than stay?", "does not ask for a number"),
    ("How many acres of the valley flooded?", "asks for acres"),
])
def test_a_question_no_figure_answers_exits_2_with_an_example(tmp_path: Path, question: str,
                                                              says: str) -> None:
    folder(tmp_path, "empty", {})  # refused before reading: not the empty folder's exit 1

    result = ask(question, "--corpus", "empty", "--out", "report.md", cwd=tmp_path)

    assert result.exit_code == 2
    [line] = errors(result)
    assert line.startswith(f"Error: {question!r} {says}")
    assert re.search(r"\(e\.g\. 'How many [^']+\?'\)$", line)
    assert not (tmp_path / "report.md").exists()


# -- --out names the format -------------------------------------------------------------------


@pytest.mark.parametrize("name, starts", [
    ("report.html", "<!DOCTYPE html>"), ("report.HTM", "<!DOCTYPE html>"),
    ("report.json", "{"), ("report.md", "# How many"), ("report.markdown", "# How many"),
])
def test_out_infers_the_format_from_its_extension(tmp_path: Path, name: str, starts: str
                                                  ) -> None:
    folder(tmp_path, "docs", GOOD)

    result = ask(QUESTION, "--corpus", "docs", "--out", name, cwd=tmp_path)

    assert result.exit_code in (0, 3), result.stderr
    assert (tmp_path / name).read_text(encoding="utf-8").startswith(starts)
    if starts == "{":
        json.loads((tmp_path / name).read_text(encoding="utf-8"))


def test_an_explicit_format_wins_where_the_extension_names_none(tmp_path: Path) -> None:
    folder(tmp_path, "docs", GOOD)

    result = ask(QUESTION, "--corpus", "docs", "--out", "report.txt", "--format", "html",
                 cwd=tmp_path)

    assert result.exit_code in (0, 3), result.stderr
    assert (tmp_path / "report.txt").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_without_out_the_report_is_markdown_on_stdout(tmp_path: Path) -> None:
    folder(tmp_path, "docs", GOOD)

    result = ask(QUESTION, "--corpus", "docs", cwd=tmp_path)

    assert result.exit_code in (0, 3), result.stderr
    assert result.stdout.startswith(f"# {QUESTION}")


@pytest.mark.parametrize("args, says", [
    (("--out", "report.html", "--format", "md"),
     ("'report.html' names an HTML file but --format is md; drop --format or end the name in "
      ".md or .markdown")),
    (("--out", "report.json", "--format", "html"),
     ("'report.json' names a JSON file but --format is html; drop --format or end the name in "
      ".html or .htm")),
    (("--out", "report.txt"),
     ("cannot tell the report format from 'report.txt'; end the name in .md, .markdown, .html, "
      ".htm or .json or give --format md|html|json")),
    (("--out", "report"), "cannot tell the report format from 'report'"),
])
def test_a_format_the_out_name_contradicts_or_does_not_name_is_a_usage_error(
        tmp_path: Path, args: tuple[str, ...], says: str) -> None:
    folder(tmp_path, "empty", {})  # a usage error comes first: nothing is read

    result = ask(QUESTION, "--corpus", "empty", *args, cwd=tmp_path)

    assert result.exit_code == 2
    assert says in " ".join(result.stderr.split())
    assert not any(p.is_file() for p in tmp_path.iterdir())


# -- the verification line says what it proves and what it does not -------------------------


def test_the_verification_line_says_quotation_is_checked_not_truth(tmp_path: Path) -> None:
    folder(tmp_path, "docs", GOOD)
    for fmt in ("json", "md", "html"):
        result = ask(QUESTION, "--corpus", "docs", "--out", f"report.{fmt}", cwd=tmp_path)
        assert result.exit_code == 0, result.stderr

    checked = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["verification"]
    line = (f"Verification: each of the {checked['numbers']} numbers is quoted from the source "
            f"it cites, and each of the {checked['citations']} citations supports its "
            "sentence. This checks quotation, not whether the figures are right.")
    assert checked["numbers"] > 1 and checked["citations"] > 1
    assert line in (tmp_path / "report.md").read_text(encoding="utf-8").splitlines()
    assert f"<p>{line}</p>" in (tmp_path / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("counts, line", [
    ((4, 3, 5, 5, 1), ("Verification: only 3 of the 4 numbers are quoted from the source they "
                       "cite, and each of the 5 citations supports its sentence. The problems are "
                       "listed below. This checks quotation, not whether the figures are right.")),
    ((1, 1, 2, 1, 1), ("Verification: its one number is quoted from the source it cites, and only "
                       "1 of the 2 citations supports its sentence. The problems are listed "
                       "below. This checks quotation, not whether the figures are right.")),
    ((4, 1, 5, 3, 3), ("Verification: only 1 of the 4 numbers is quoted from the source it cites, "
                       "and only 3 of the 5 citations support their sentences. The problems are "
                       "listed below. This checks quotation, not whether the figures are right.")),
    ((2, 0, 3, 0, 5), ("Verification: none of the 2 numbers is quoted from the source it cites, "
                       "and none of the 3 citations supports its sentence. The problems are listed "
                       "below. This checks quotation, not whether the figures are right.")),
    ((0, 0, 1, 1, 0), ("Verification: the report states no number, and its one citation supports "
                       "its sentence. This checks quotation, not whether the figures are right.")),
])
def test_the_verification_line_counts_what_failed(counts: tuple[int, ...], line: str) -> None:
    numbers, quoted, citations, backed, problems = counts
    checked = {"numbers": numbers, "numbers_supported": quoted, "citations": citations,
               "citations_supported": backed, "problems": [{}] * problems}

    assert verification_line(checked) == line


def test_the_group_help_lists_the_exit_codes(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--help"])

    text = " ".join(result.stdout.split())
    assert "Exit codes: 0 done; 1 an error" in text
    assert "2 a usage error, or a question no figure answers" in text
    assert "3 the report was written but its verification found problems" in text
