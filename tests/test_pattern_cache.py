"""Compiled patterns kept between runs (crosstally/pattern_cache.py): what a kept pattern
matches is what re.compile's would, and a damaged or unwritable cache costs only time."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from crosstally import pattern_cache
from crosstally.pattern_cache import CACHE_ENV, cache_file, kept_patterns

if pattern_cache._MAKE is None:
    pytest.skip("not CPython: nothing is kept", allow_module_level=True)

PATTERNS = [
    (r"(?P<low>\d[\d,]*)\s*(?:to|-)\s*(?P<high>\d[\d,]*)", 0),
    (r"(?<!\w)(?:about|some|nearly)\s+\d+(?!\w)", re.IGNORECASE),
    (r"\b(?:ſeven|ΣΊΣΥΦΟΣ|straße)\b", re.IGNORECASE),
    (r"[\x1c-\x1f]|\s+", re.ASCII),
    (r"(a)(b)?(?(2)c|d)", 0),
    ("""(?x) \\d+   # digits
        (?:\\.\\d+)?""", 0),
]
TEXTS = ["between 46,000 to 85,000 people", "about 12 SEVEN ſeven sisyphus Σίσυφος STRASSE",
         "abc ad ab", "1.5\x1c\t2", ""]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    return tmp_path


def compiled_in_a_new_run() -> list[re.Pattern[str]]:
    re.purge()  # re's own in-process cache would answer before the compiler is asked
    with kept_patterns():
        return [re.compile(p, f) for p, f in PATTERNS]


def test_a_kept_pattern_is_the_pattern_re_compiles_and_matches_the_same(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = compiled_in_a_new_run()
    assert cache_file().is_file()

    def no_parsing(*args: object) -> None:
        raise AssertionError("compiled anew, not taken from the cache")

    monkeypatch.setattr(pattern_cache._parser, "parse", no_parsing)
    kept = compiled_in_a_new_run()
    monkeypatch.undo()
    re.purge()
    plain = [re.compile(p, f) for p, f in PATTERNS]
    assert kept == plain == first  # equal patterns: same text, flags and compiled code
    for k, p in zip(kept, plain):
        assert k.groupindex == p.groupindex and k.groups == p.groups
        for text in TEXTS:
            assert [m.groups() + (m.span(),) for m in k.finditer(text)] == \
                [m.groups() + (m.span(),) for m in p.finditer(text)]


def test_outside_the_context_re_compile_is_its_usual_self(folder: Path) -> None:
    compiled_in_a_new_run()
    assert re._compiler.compile is pattern_cache._MAKE[0]  # type: ignore[index]


@pytest.mark.parametrize("damage", [b"", b"not marshal data", b"\xe9\x00\x00\x00\x00",
                                    b"\x5b\x00\x00\x00\x00"])  # the last: an empty list
def test_a_damaged_cache_file_is_compiled_anew_and_rewritten(folder: Path,
                                                             damage: bytes) -> None:
    cache_file().write_bytes(damage)
    assert compiled_in_a_new_run() == [re.compile(p, f) for p, f in PATTERNS]
    assert cache_file().read_bytes() != damage


def test_an_entry_the_matcher_refuses_is_compiled_anew(folder: Path) -> None:
    import marshal

    pattern, flags = PATTERNS[0]
    cache_file().write_bytes(marshal.dumps({(pattern, flags): (0, [1, 2, 3], 0, {}, ())}))
    re.purge()
    with kept_patterns():
        got = re.compile(pattern, flags)
    assert got == re.compile(pattern, flags)
    assert got.match("1 to 2") is not None


def test_an_unwritable_cache_folder_only_costs_time(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    assert compiled_in_a_new_run() == [re.compile(p, f) for p, f in PATTERNS]
    assert not (blocker / "cache").exists()


def test_the_file_holds_at_most_limit_patterns(folder: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pattern_cache, "LIMIT", 3)
    compiled_in_a_new_run()
    import marshal

    assert len(marshal.loads(cache_file().read_bytes())) == 3


def test_the_command_line_keeps_its_patterns_and_extracts_the_same(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Officials said between 46,000 and 85,000 people, up 7% to 2.3 million.\n")
    env = {**os.environ, CACHE_ENV: str(tmp_path / "cache")}
    command = [sys.executable, "-m", "crosstally", "extract", str(text)]
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    files = list((tmp_path / "cache").glob("patterns-*.marshal"))
    assert len(files) == 1 and files[0].stat().st_size > 10_000
    second = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert second.stdout == first.stdout and first.stdout.count("\n") >= 3


def test_a_context_within_another_leaves_the_outer_one_in_charge(folder: Path) -> None:
    re.purge()
    with kept_patterns():
        outer = re._compiler.compile  # type: ignore[attr-defined]
        with kept_patterns():
            assert re._compiler.compile is outer  # type: ignore[attr-defined]
            re.compile(PATTERNS[0][0])
        assert re._compiler.compile is outer  # type: ignore[attr-defined]
    assert re._compiler.compile is pattern_cache._MAKE[0]  # type: ignore[index]
    assert cache_file().is_file()
