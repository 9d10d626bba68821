"""Numbers too large to compute with: kept as written, of kind too_large, never a value, never
Infinity in JSON, never a traceback (issue 9). All figures are invented."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

import crosstally
from crosstally import extract_estimates
from crosstally.types import ESTIMATE_KINDS

DIGITS_617 = "9" * 617
TOO_LARGE = {  # name: (text of the number, a sentence holding it)
    "617 digits": (DIGITS_617, f"The army said {DIGITS_617} people left the country."),
    "1e400": ("about 1e400", "Officials counted about 1e400 people who left the country."),
    "10^400": ("10^400", "A blog claimed 10^400 people left the country."),
    "x 10^400": ("3 x 10^400", "A forum claimed 3 x 10^400 people left the country."),
    "grouped": (",".join(["123"] * 120), f"It says {','.join(['123'] * 120)} people left."),
    "spaced": (" ".join(["1", *["000"] * 60]), f"It says {' '.join(['1', *['000'] * 60])} left."),
    "negative": ("-" + "9" * 400, f"The balance was -{'9' * 400} after the war."),
    "money": ("$" + "9" * 400, f"The bill came to ${'9' * 400} in 2022."),
    "scale words": ("one" + " million" * 30, f"It counted one{' million' * 30} people."),
}


def strict_json(line: str) -> Any:
    """json.loads that refuses NaN and Infinity, as every other JSON parser does."""
    def refuse(constant: str) -> None:
        raise ValueError(f"not JSON: {constant}")
    return json.loads(line, parse_constant=refuse)


def finishes(call: Any, seconds: float = 60) -> Any:
    """call() in a thread; fails if it does not return within a generous deadline."""
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(call()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    assert result, "the call raised (see the thread's traceback above)"
    return result[0]


@pytest.mark.parametrize("name", list(TOO_LARGE))
def test_a_number_too_large_is_kept_as_text_of_kind_too_large(name: str) -> None:
    text, sentence = TOO_LARGE[name]

    found = [e for e in extract_estimates(sentence, include_all=True) if text in e.text]

    assert [e.kind for e in found] == ["too_large"]
    assert (found[0].value, found[0].low, found[0].high) == (None, None, None)
    assert sentence[found[0].start:found[0].end] == found[0].text
    strict_json(json.dumps(found[0].to_json(), allow_nan=False))


@pytest.mark.parametrize("name", list(TOO_LARGE))
def test_a_number_too_large_is_no_estimate(name: str) -> None:
    _, sentence = TOO_LARGE[name]

    found = extract_estimates(sentence)

    assert all(e.kind in ESTIMATE_KINDS and e.value is not None and abs(e.value) <= 1e154
               for e in found if e.qualifier not in ("range", "vague"))


def test_numbers_up_to_ten_to_the_154_are_estimates_and_larger_ones_are_not() -> None:
    kept = extract_estimates("Some 1e154 grains of sand were counted.")
    dropped = extract_estimates("Some 2e154 grains of sand were counted.", include_all=True)

    assert [(e.kind, e.value) for e in kept] == [("count", 1e154)]
    assert [(e.kind, e.value) for e in dropped] == [("too_large", None)]


def test_1e30_point_6_is_read_as_one_number() -> None:
    found = extract_estimates("About 1E30 point 6 people left the country.")

    assert [(e.text, e.value, e.kind) for e in found] == [("About 1E30 point 6", 1e30, "count")]


def test_a_range_with_one_end_too_large_is_too_large_as_a_whole() -> None:
    found = extract_estimates(f"Between 5 and {DIGITS_617} people left.", include_all=True)

    assert [(e.kind, e.qualifier, e.low, e.high) for e in found] == [
        ("too_large", "range", None, None)]


@pytest.mark.parametrize("text", [
    "About point " + "9" * 5000 + " people left.",  # beyond int()'s 4300 digits
    "one" + " million" * 170_000 + " people",  # 10^1,020,000: beyond Decimal's default range
    "There were " + "9" * 1_000_000 + " people, or " + "9" * 1_000_000 + " million.",
    "Roughly 1e1234567 or 7^999999 or 10^-999999 people left.",
])
def test_enormous_numbers_are_read_in_linear_time_without_an_error(text: str) -> None:
    found = finishes(lambda: extract_estimates(text, include_all=True))

    strict_json(json.dumps([e.to_json() for e in found], allow_nan=False))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("huge") / "corpus"
    root.mkdir()
    (root / "huge.txt").write_text(
        "TITLE: Wild claims\n\n"
        + "\n\n".join(sentence.replace("people", "people left the country;")
                      for _, sentence in TOO_LARGE.values())
        + "\n\nAbout 1E30 point 6 people left the country, or 1e400, or 10^400.\n",
        encoding="utf-8")
    (root / "plain.txt").write_text(
        "TITLE: Border count\n\nAbout 150,000 people left the country in 2022, the border "
        "service said.\n", encoding="utf-8")
    return root


def test_extract_prints_strict_json_for_numbers_too_large(corpus: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "crosstally", "extract", str(corpus / "huge.txt"),
                           "--all", "--format", "jsonl"],
                          capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)

    assert done.returncode == 0, done.stderr
    records = [strict_json(line) for line in done.stdout.splitlines()]
    assert sum(r["kind"] == "too_large" for r in records) >= len(TOO_LARGE)
    assert "Infinity" not in done.stdout and "NaN" not in done.stdout


def test_ask_over_numbers_too_large_reports_the_other_figures(corpus: Path) -> None:
    report = crosstally.ask("How many people left the country?", [corpus])
    data = strict_json(json.dumps(report.to_json(), allow_nan=False))

    assert 150000 in [e["value"] for e in data["estimates"]]
    assert all(e["kind"] in ESTIMATE_KINDS for e in data["estimates"])
    assert all(abs(v) <= 1e154 for e in data["estimates"] for v in (e["value"], e["low"], e["high"])
               if v is not None)
    assert not data["sources_not_used"]


def test_ask_json_on_the_command_line_is_strict_json(corpus: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "crosstally", "ask",
                           "How many people left the country?", "--corpus", str(corpus),
                           "--format", "json"],
                          capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)

    assert done.returncode in (0, 3), done.stderr
    assert "Traceback" not in done.stderr
    assert 150000 in [e["value"] for e in strict_json(done.stdout)["estimates"]]
