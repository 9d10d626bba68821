"""The demo report against the JSON Schema and the contract's invariants."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import crosstally
import crosstally.demo
from crosstally.schema import report_schema
from crosstally.sources import read_file
from crosstally.types import Report
from crosstally.write import render_report

SECTION_TITLES = [
    "Executive summary",
    "1. The hard numbers",
    "2. Why the totals diverge",
    "3. Timing",
    "4. Destinations and motives",  # the demo counts a movement (write/explain.question_kind)
    "5. Who is counting, and why it matters",
    "6. What can be stated with confidence, and the best single-line answer",
]


@pytest.fixture(scope="module")
def report() -> Report:
    return crosstally.ask(crosstally.demo.QUESTION, [crosstally.demo.corpus_dir()])


@pytest.fixture(scope="module")
def data(report: Report) -> dict[str, Any]:
    return report.to_json()


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_schema_is_valid_draft_2020_12() -> None:
    schema = report_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_demo_report_matches_the_schema(data: dict[str, Any],
                                        validator: jsonschema.Draft202012Validator) -> None:
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:20])


def test_demo_report_has_our_extra_top_level_keys(data: dict[str, Any]) -> None:
    assert {"target", "reasons", "sources_not_used"} <= data.keys()


def test_schema_rejects_an_unknown_relation(data: dict[str, Any],
                                            validator: jsonschema.Draft202012Validator) -> None:
    bad = copy.deepcopy(data)
    bad["estimates"][0]["relation"] = "sideways"
    with pytest.raises(jsonschema.ValidationError, match="sideways"):
        validator.validate(bad)


@pytest.mark.parametrize(("path", "value"), [
    (("estimates", 0, "qualifier"), "roughly"),
    (("estimates", 0, "kind"), "number"),
    (("estimates", 0, "per"), "fortnight"),
    (("estimates", 0, "id"), "E1"),
    (("estimates", 0, "source"), 0),
    (("sources", 0, "date"), "4 October 2022"),
    (("answer", "confidence"), "certain"),
    (("verification", "numbers"), -1),
])
def test_schema_rejects_values_outside_the_contract(
        data: dict[str, Any], validator: jsonschema.Draft202012Validator,
        path: tuple[str | int, ...], value: object) -> None:
    bad = copy.deepcopy(data)
    node: Any = bad
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    assert not validator.is_valid(bad)


@pytest.mark.parametrize("field", ["quote", "counted", "value"])
def test_schema_rejects_an_estimate_missing_a_contract_field(
        data: dict[str, Any], validator: jsonschema.Draft202012Validator, field: str) -> None:
    bad = copy.deepcopy(data)
    del bad["estimates"][0][field]
    assert not validator.is_valid(bad)


def test_sections_come_in_the_contract_order(data: dict[str, Any]) -> None:
    assert [s["title"] for s in data["sections"]] == SECTION_TITLES


def test_markdown_ends_the_sections_with_the_source_list(report: Report) -> None:
    headings = re.findall(r"^## (.+)$", render_report(report, "md"), flags=re.M)
    wanted = [*SECTION_TITLES, "Sources"]
    assert [h for h in headings if h in wanted] == wanted


def test_some_estimate_answers_the_question_directly(data: dict[str, Any]) -> None:
    direct = [e for e in data["estimates"] if e["relation"] == "direct"]
    assert len(direct) >= 1, [e["text"] for e in direct]


def test_every_number_and_citation_is_verified(data: dict[str, Any]) -> None:
    v = data["verification"]
    assert v["problems"] == []
    assert v["numbers"] == v["numbers_supported"]
    assert v["citations"] == v["citations_supported"]
    assert v["numbers"] > 0 and v["citations"] > 0


def test_estimate_offsets_point_into_the_stored_document_text(data: dict[str, Any]) -> None:
    texts = {s["doc"]: read_file(Path(s["doc"])).text for s in data["sources"]}
    source_doc = {s["id"]: s["doc"] for s in data["sources"]}
    for e in data["estimates"]:
        text = texts[e["doc"]]
        assert source_doc[e["source"]] == e["doc"], e["id"]
        assert text[e["start"]:e["end"]] == e["text"], e["id"]
        assert e["quote"] in text, e["id"]
        assert e["text"] in e["quote"], e["id"]


def test_estimate_ids_are_numbered_in_order(data: dict[str, Any]) -> None:
    assert [e["id"] for e in data["estimates"]] == [
        f"e{i}" for i in range(1, len(data["estimates"]) + 1)]
