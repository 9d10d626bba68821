"""Issue #9, reading side: files and libraries that used to hang crosstally or end it with a
traceback. Each one now gives a clear message or a "Sources not used" row, and the other
sources still go through. Real files, real pipes and links, real SQLite files, the real CLI
(in this process, or in a child process where a hang or a resource limit must be contained).
All texts and figures are invented."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import crosstally as crosstally_package
from crosstally.errors import SourceError
from crosstally.sources import read_sources
from crosstally.sources.files import read_bytes
from crosstally.types import Document, SourceFailure

QUESTION = "How many people crossed the border?"
GOOD = "Officials said about 12,000 people crossed the border in the first week.\n"
DEADLINE = 20.0  # seconds: far beyond what any of these takes now; only a hang reaches it


def within(seconds: float, call: Callable[..., Any], *args: Any) -> Any:
    """`call(*args)` in a daemon thread; fails the test if it is still running after `seconds`
    (a hung read stays blocked in its thread, and the test suite goes on)."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call(*args)
        except BaseException as err:  # noqa: BLE001  (raised again in the test's thread)
            outcome["error"] = err

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"{getattr(call, '__name__', call)} still running after {seconds:.0f} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def run_cli(*args: str, home: Path, cwd: Path, limit: Callable[[], None] | None = None,
            ) -> subprocess.CompletedProcess[str]:
    """The command in a child process, with the code under test and `limit` applied."""
    return subprocess.run([sys.executable, "-m", "crosstally", *args], cwd=cwd,
                          env=child_env(home), capture_output=True, text=True, timeout=60,
                          check=False, preexec_fn=limit)


def child_env(home: Path) -> dict[str, str]:
    """This process's environment, the crosstally it imported first on the path (wherever
    the child starts), and CROSSTALLY_HOME."""
    code = str(Path(crosstally_package.__file__).parents[1])
    path = os.pathsep.join([code, os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return {**os.environ, "PYTHONPATH": path, "CROSSTALLY_HOME": str(home)}


def one_error_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    [line] = [ln for ln in stderr.splitlines() if ln.strip()]
    assert line.startswith("Error: ")
    return line


# ---------------------------------------------------------------------- special files


def test_a_fifo_given_to_add_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_text(GOOD)

    result = run_cli("add", "pipe.txt", "good.txt", home=tmp_path / "home", cwd=tmp_path)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "not added: pipe.txt: a named pipe (FIFO), not a regular file" in result.stderr
    assert result.stdout.startswith("added")  # the good file still went in


def test_dev_zero_behind_a_link_is_refused_not_read(tmp_path: Path) -> None:
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "good.txt").write_text(GOOD)

    def two_gigabytes() -> None:  # reading /dev/zero must not be able to take the machine
        resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))

    result = run_cli("add", "zero.txt", "good.txt", home=tmp_path / "home", cwd=tmp_path,
                     limit=two_gigabytes)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert ("not added: zero.txt: a character device (behind a symbolic link), not a regular "
            "file; only regular files are read") in result.stderr
    assert result.stdout.startswith("added")


def test_every_special_entry_in_a_folder_is_named_with_its_reason(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(GOOD)
    (root / "sub" / "b.txt").write_text("Monitors counted 9,500 crossings.\n")
    os.mkfifo(root / "pipe.txt")
    (root / "dangling.txt").symlink_to(root / "nowhere.txt")
    (root / "loop.txt").symlink_to(root / "loop.txt")
    (root / "sub" / "up").symlink_to(root)  # a folder loop
    (root / "zero.txt").symlink_to("/dev/zero")

    items = within(DEADLINE, lambda: list(read_sources([root])))

    docs = sorted(i.path for i in items if isinstance(i, Document))
    reasons = {Path(f.path).name: f.reason for f in items if isinstance(f, SourceFailure)}
    assert docs == [str(root / "a.txt"), str(root / "sub" / "b.txt")]
    assert reasons == {
        "pipe.txt": f"{root / 'pipe.txt'}: a named pipe (FIFO), not a regular file; only "
                    "regular files are read",
        "dangling.txt": f"{root / 'dangling.txt'}: a broken symbolic link (its target does "
                        "not exist); fix or remove it",
        "loop.txt": f"{root / 'loop.txt'}: a symbolic link loop; fix or remove the link",
        "up": f"{root / 'sub' / 'up'}: a link to a folder; links inside a folder are not "
              "followed, so give the folder itself",
        "zero.txt": f"{root / 'zero.txt'}: a character device (behind a symbolic link), not "
                    "a regular file; only regular files are read",
    }


def test_special_entries_become_sources_not_used_in_the_report(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GOOD)
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "dangling.md").symlink_to(corpus / "gone.md")

    result = run_cli("ask", QUESTION, "--corpus", "corpus", "--format", "json",
                     home=tmp_path / "home", cwd=tmp_path)

    assert result.returncode in (0, 3), result.stderr
    report = json.loads(result.stdout)
    assert [s["doc"] for s in report["sources"]] == ["corpus/a.txt"]
    not_used = {row["doc"]: row["reason"] for row in report["sources_not_used"]}
    assert set(not_used) == {"corpus/pipe.txt", "corpus/dangling.md"}
    assert "a named pipe (FIFO)" in not_used["corpus/pipe.txt"]
    assert "broken symbolic link" in not_used["corpus/dangling.md"]


def test_the_size_cap_holds_while_reading_not_only_by_the_reported_size(tmp_path: Path) -> None:
    maps = Path("/proc/self/maps")  # a regular file whose reported size is 0
    if not maps.is_file() or maps.stat().st_size:
        pytest.skip("needs Linux /proc, where files report size 0")
    (tmp_path / "maps.txt").symlink_to(maps)

    with pytest.raises(SourceError, match=r"maps\.txt: too large .*; split it"):
        read_bytes(tmp_path / "maps.txt", limit=64)
    assert len(read_bytes(tmp_path / "maps.txt", limit=2**20)) > 64
