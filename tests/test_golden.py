"""Golden files: full reports, rendered as Markdown and JSON, must not change unnoticed.

Cases: the demo, and tests/golden/floods (its own invented corpus and question). After an
intended change, run `pytest tests/test_golden.py --update-golden` and review the diff of
tests/golden/*/expected/.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
from pathlib import Path

import pytest

import crosstally
import crosstally.demo
from crosstally.write import render_report

GOLDEN = Path(__file__).parent / "golden"
EXPECTED = GOLDEN / "demo" / "expected"
FORMATS = ("md", "json")
FLOODS = GOLDEN / "floods"


def render_demo(fmt: str) -> str:
    """The demo report in `fmt`, with the corpus location replaced by 'demo/'."""
    corpus = str(crosstally.demo.corpus_dir())
    report = crosstally.ask(crosstally.demo.QUESTION, [corpus])
    return relative_paths(render_report(report, fmt), corpus)


def render_floods(fmt: str) -> str:
    corpus = str(FLOODS / "docs")
    question = (FLOODS / "question.txt").read_text(encoding="utf-8").strip()
    return relative_paths(render_report(crosstally.ask(question, [corpus]), fmt), corpus)


def relative_paths(output: str, corpus: str) -> str:
    prefix = corpus.rstrip(os.sep) + os.sep
    for form in (prefix, json.dumps(prefix, ensure_ascii=False)[1:-1]):
        output = output.replace(form, "demo/")
    assert corpus not in output and json.dumps(corpus)[1:-1] not in output, \
        "the corpus path is still in the output"
    return output


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    return {fmt: render_demo(fmt) for fmt in FORMATS}


@pytest.mark.parametrize("fmt", FORMATS)
def test_demo_report_matches_the_golden_file(outputs: dict[str, str], fmt: str,
                                             update_golden: bool) -> None:
    compare(EXPECTED / f"report.{fmt}", outputs[fmt], update_golden)


@pytest.mark.parametrize("fmt", FORMATS)
def test_floods_report_matches_the_golden_file(fmt: str, update_golden: bool) -> None:
    compare(FLOODS / "expected" / f"report.{fmt}", render_floods(fmt), update_golden)


def compare(path: Path, actual: str, update_golden: bool) -> None:
    if update_golden:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    if not path.exists():
        pytest.fail(f"{path} is missing; create it with `pytest {__file__} --update-golden`")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(expected.splitlines(keepends=True),
                                    actual.splitlines(keepends=True),
                                    fromfile=f"expected/{path.name}", tofile=f"actual/{path.name}")
        pytest.fail(f"{path.parent.parent.name} report changed; if intended, rerun with --update-golden "
                    "and review the diff:\n" + "".join(diff), pytrace=False)


def test_golden_json_has_only_relative_doc_paths() -> None:
    data = json.loads((EXPECTED / "report.json").read_text(encoding="utf-8"))
    docs = [e["doc"] for e in data["estimates"]] + [s["doc"] for s in data["sources"]]
    assert docs and all(d.startswith("demo/") for d in docs)


def test_the_pipeline_gives_identical_output_twice(outputs: dict[str, str]) -> None:
    again = {fmt: render_demo(fmt) for fmt in FORMATS}
    assert again == outputs


def test_the_output_does_not_depend_on_where_the_corpus_lives(
        outputs: dict[str, str], tmp_path: Path) -> None:

    moved = tmp_path / "elsewhere" / "corpus"
    shutil.copytree(crosstally.demo.corpus_dir(), moved)
    report = crosstally.ask(crosstally.demo.QUESTION, [moved])
    for fmt in FORMATS:
        assert relative_paths(render_report(report, fmt), str(moved)) == outputs[fmt]
