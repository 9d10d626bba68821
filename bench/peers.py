"""Score crosstally's extractor on the peer number suites in ``shared/peer``.

Usage::

    .venv/bin/python bench/peers.py                  # pass rates and failure categories
    .venv/bin/python bench/peers.py --json           # the same, machine-readable
    .venv/bin/python bench/peers.py --failures number-model   # list the failing cases
    .venv/bin/python bench/peers.py --check-cli      # also prove in-process == CLI records

The shared folder is ``../shared`` beside the repository (CI puts a copy there); set
``CROSSTALLY_SHARED`` to use another one.

Suites and rules (issue 3, "Measured peers to beat"):

* ``number-model``: Recognizers-Text ``Number/English/NumberModel.json`` (235 cases). Each
  case ``Input`` is one line through the real extractor, exactly the records that
  ``crosstally extract - --all --each-line`` prints for it; records of kind ``ordinal`` are left
  out. Each record gives its ``value``; a range (qualifier ``range``) gives both finite ends; a
  record without a value gives nothing. A case passes when that multiset equals the multiset of
  expected ``Resolution.value`` (``math.isclose``, rel 1e-6, abs 1e-9).
* ``number-range``: Recognizers-Text ``NumberRangeModel.json`` (87 cases). The estimate records
  of each line (what ``crosstally extract - --each-line`` prints: ``--all`` only adds years,
  dates and identifiers, which are not intervals) as intervals: ``[low, high]`` when either
  bound is set, else ``[value, value]``. A case passes when the multiset of intervals equals
  the expected one, read from the bracket notation (open or closed ends are not compared; a
  missing end is unbounded).
* ``duckling-numeral``: Duckling's ``Numeral.json`` (105 cases). Records as for
  ``number-model``; a case passes when some record's value equals the expected value.

Values are compared as plain numbers. The contract stores a fraction ("two-thirds", "1/3")
as a percentage (value 66.67, unit "%"), so a record of kind ``fraction`` is read back as a
ratio (value / 100) before comparing with the suites' plain ratios.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SUITES = ("number-model", "number-range", "duckling-numeral")
NUMBER_MODEL = Path("peer/recognizers-text/Number/English/NumberModel.json")
NUMBER_RANGE = Path("peer/recognizers-text/Number/English/NumberRangeModel.json")
DUCKLING_NUMERAL = Path("peer/duckling/Numeral.json")

Record = dict[str, Any]
Interval = tuple[float | None, float | None]


def shared_dir() -> Path:
    """``$CROSSTALLY_SHARED``, else ``../shared`` beside the repository."""
    env = os.environ.get("CROSSTALLY_SHARED")
    return Path(env) if env else REPO.parent / "shared"


# ------------------------------------------------------------------------ extraction


def extract_line(line: str, *, include_all: bool) -> list[Record]:
    """The JSON records `crosstally extract - --each-line [--all]` prints for one line."""
    from crosstally.extract import default_extractor

    records = default_extractor().extract(line, "-", include_all=include_all, line=1)
    return [r.to_json() for r in records]


def extract_lines_cli(lines: Sequence[str], *, include_all: bool) -> list[list[Record]]:
    """The same records from the real command, all lines through one process via stdin."""
    exe = Path(sys.executable).with_name("crosstally")
    cmd = [str(exe), "extract", "-", "--each-line", "--format", "jsonl"]
    cmd += ["--all"] if include_all else []
    done = subprocess.run(cmd, input="\n".join(lines), capture_output=True, text=True,
                          check=True)
    out: list[list[Record]] = [[] for _ in lines]
    for raw in done.stdout.splitlines():
        record = json.loads(raw)
        out[record["line"] - 1].append(record)
    return out


# --------------------------------------------------------------------------- scoring


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def plain(record: Record, number: float | None) -> float | None:
    """A record's number as a plain number (a fraction's percentage back to a ratio)."""
    if number is None or record.get("kind") != "fraction":
        return number
    return number / 100


def record_values(record: Record) -> list[float]:
    """Values a record contributes: its value; a range its finite ends; else nothing."""
    if record.get("value") is not None:
        return [plain(record, record["value"])]  # type: ignore[list-item]
    if record.get("qualifier") == "range":
        return [plain(record, record[k]) for k in ("low", "high")  # type: ignore[misc]
                if record.get(k) is not None]
    return []


def record_interval(record: Record) -> Interval | None:
    low, high = plain(record, record.get("low")), plain(record, record.get("high"))
    if low is not None or high is not None:
        return low, high
    value = plain(record, record.get("value"))
    return None if value is None else (value, value)


def same_multiset(expected: Sequence[Any], got: Sequence[Any],
                  equal: Callable[[Any, Any], bool]) -> bool:
    if len(expected) != len(got):
        return False
    left = list(got)
    for e in expected:
        for i, g in enumerate(left):
            if equal(e, g):
                del left[i]
                break
        else:
            return False
    return True


def intervals_equal(a: Interval, b: Interval) -> bool:
    return all((x is None and y is None) or (x is not None and y is not None and close(x, y))
               for x, y in zip(a, b, strict=True))


def parse_interval(text: str) -> Interval:
    """'[20,30)' -> (20, 30); '(30,)' -> (30, None); '(,100]' -> (None, 100)."""
    low, high = text.strip()[1:-1].split(",")
    return (float(low) if low.strip() else None, float(high) if high.strip() else None)


# ----------------------------------------------------------------------------- cases


@dataclass
class Case:
    suite: str
    text: str
    expected: list[Any]
    got: list[Any] = field(default_factory=list)
    passed: bool = False
    category: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "expected": self.expected, "got": self.got,
                "category": self.category}


def load_cases(shared: Path) -> dict[str, list[Case]]:
    number = json.loads((shared / NUMBER_MODEL).read_text("utf-8"))
    ranges = json.loads((shared / NUMBER_RANGE).read_text("utf-8"))
    duckling = json.loads((shared / DUCKLING_NUMERAL).read_text("utf-8"))["cases"]
    return {
        "number-model": [
            Case("number-model", c["Input"],
                 [float(str(r["Resolution"]["value"]).rstrip("%")) for r in c["Results"]
                  if r["Resolution"].get("value") is not None])
            for c in number],
        "number-range": [
            Case("number-range", c["Input"],
                 [parse_interval(r["Resolution"]["value"]) for r in c["Results"]])
            for c in ranges],
        "duckling-numeral": [
            Case("duckling-numeral", c["text"], [c["expected"]["value"]]) for c in duckling],
    }


def score_case(case: Case, records: list[Record]) -> None:
    if case.suite == "number-range":
        got: list[Any] = [iv for r in records if (iv := record_interval(r)) is not None]
        case.passed = same_multiset(case.expected, got, intervals_equal)
    else:
        kept = [r for r in records if r.get("kind") != "ordinal"]
        got = [v for r in kept for v in record_values(r)]
        if case.suite == "number-model":
            case.passed = same_multiset(case.expected, got, close)
        else:
            case.passed = any(r.get("value") is not None
                              and close(plain(r, r["value"]), case.expected[0])  # type: ignore[arg-type]
                              for r in kept)
    case.got = got
    case.category = "" if case.passed else categorise(case)


def records_for(case: Case, extract: Callable[..., list[Record]] = extract_line) -> list[Record]:
    return extract(case.text, include_all=case.suite != "number-range")


def run_suites(shared: Path | None = None) -> dict[str, list[Case]]:
    suites = load_cases(shared or shared_dir())
    for cases in suites.values():
        for case in cases:
            score_case(case, records_for(case))
    return suites


# ------------------------------------------------------------------------ categories

CATEGORIES: list[tuple[str, re.Pattern[str]]] = [
    ("phone, IP address or date read as digits", re.compile(
        r"\d+\.\d+\.\d+\.\d|\d/\d+/\d{4}|\+\d-\d{3}|\d{4}-\d\d\b")),
    ("comparison phrase (greater/smaller/equal, symbols)", re.compile(
        r"larger|smaller|greater|bigger|higher|lower|equal|[<>=~]|exceed|surpass", re.I)),
    ("ordinal bound (the tenth ... the fifteenth)", re.compile(r"\bthe\s+\w+(?:th|st|nd|rd)\b")),
    ("power or scientific notation", re.compile(r"\^|\d[eE][+-]?\d|x10")),
    ("Indian scale words (lakh, crore)", re.compile(r"lakh|lkh|crore|\bcr\b|\blac\b|koti|krore|\bkr\b", re.I)),
    ("fraction written in words or 'over'/'out of'/'in'", re.compile(
        r"\b(?:half|halves|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|"
        r"ninths?|tenths?|\w+ths?|\w+firsts?|over|out of|in)\b|[½⅓⅔¼¾⅕⅙⅛]", re.I)),
    ("negative number", re.compile(r"-\s*\d|\b(?:minus|negative)\b", re.I)),
    ("decimal comma or unusual grouping", re.compile(r"\d[.,]\d{1,2}\b|\d, \d|\d \d{4}")),
    ("'point' decimals in words", re.compile(r"\bpoint\b", re.I)),
    ("vague count word (few, couple, pair, single, nil)", re.compile(
        r"\b(?:few|couple|pair|single|nil)\b", re.I)),
    ("number next to a unit or code", re.compile(r"\d[a-z]|[A-Z]-\d", re.I)),
]


def categorise(case: Case) -> str:
    for name, pattern in CATEGORIES:
        if pattern.search(case.text):
            return name
    if not case.got:
        return "not recognised"
    return "wrong value or split"


# --------------------------------------------------------------------------- reports


def summary(suites: dict[str, list[Case]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, cases in suites.items():
        passed = sum(c.passed for c in cases)
        out[name] = {
            "cases": len(cases), "passed": passed, "rate": passed / len(cases),
            "failure_categories": dict(Counter(c.category for c in cases if not c.passed)
                                       .most_common()),
        }
    return out


def print_summary(figures: dict[str, Any]) -> None:
    for name, fig in figures.items():
        print(f"{name:18s} {fig['passed']:4d}/{fig['cases']:<4d} {100 * fig['rate']:5.1f}%")
        for category, n in fig["failure_categories"].items():
            print(f"    {n:3d}  {category}")


def print_failures(cases: Iterable[Case]) -> None:
    for c in cases:
        if not c.passed:
            print(f"{c.text!r}\n    expected {c.expected}\n    got      {c.got}\n"
                  f"    [{c.category}]")


def check_cli(suites: dict[str, list[Case]]) -> int:
    """Compare in-process records with those of the real command; return mismatches."""
    bad = 0
    for name, cases in suites.items():
        include_all = name != "number-range"
        lines = [c.text for c in cases]
        from_cli = extract_lines_cli(lines, include_all=include_all)
        for case, cli_records in zip(cases, from_cli, strict=True):
            inproc = extract_line(case.text, include_all=include_all)
            if [_unnumbered(r) for r in inproc] != [_unnumbered(r) for r in cli_records]:
                bad += 1
                print(f"CLI differs on {name}: {case.text!r}", file=sys.stderr)
    return bad


def _unnumbered(record: Record) -> Record:
    return {k: v for k, v in record.items() if k != "line"}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print figures as JSON")
    parser.add_argument("--failures", choices=SUITES, help="list the failing cases of SUITE")
    parser.add_argument("--check-cli", action="store_true",
                        help="also run the real `crosstally extract` and compare records")
    args = parser.parse_args(argv)
    shared = shared_dir()
    if not (shared / NUMBER_MODEL).exists():
        print(f"no peer suites under {shared} (set CROSSTALLY_SHARED)", file=sys.stderr)
        return 1
    suites = run_suites(shared)
    if args.failures:
        print_failures(suites[args.failures])
        return 0
    figures = summary(suites)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print_summary(figures)
    if args.check_cli and check_cli(suites):
        return 1
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    sys.exit(main())
