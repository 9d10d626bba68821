"""One library, many topics: does a question asked over a shared library answer as over its own folder?

Usage::

    .venv/bin/python bench/library.py [TOPIC_DIR ...] [--keep DIR]

Without arguments the topics are every ``<topic>/`` (``docs/`` + ``gold.yaml``) under
/work/shared/corpus and /work/shared/corpus-real. The script runs crosstally as whole
processes, as a user would: ``crosstally add`` puts every topic's documents into one library
(a temporary ``CROSSTALLY_HOME``), then, per topic, ``crosstally ask QUESTION --format json``
over the library and ``crosstally ask QUESTION --corpus TOPIC/docs --format json`` over the
topic's own folder. Per topic it prints the log-IoU of the two answers' (low, high)
(``crosstally.evaluate.log_iou``; two reports without an answer agree, one without does not),
the sources each report lists, and how many of the library report's sources and estimates
come from other topics' folders. Last, how many topics reach log-IoU >= 0.8 (target: all but
two), how many of those agree only in having no answer either way, and the wall time. ``--keep DIR`` keeps the library and the reports there.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from crosstally.evaluate import log_iou

CORPORA = (Path("/work/shared/corpus"), Path("/work/shared/corpus-real"))
TARGET = 0.8
CROSSTALLY = [sys.executable, "-m", "crosstally"]


@dataclass(frozen=True)
class Outcome:
    topic: str
    iou: float
    library_sources: int
    folder_sources: int
    foreign_sources: int
    foreign_estimates: int
    library_answer: tuple[float, float] | None
    folder_answer: tuple[float, float] | None


def topics_under(corpora: tuple[Path, ...]) -> list[Path]:
    return sorted(p.parent for c in corpora for p in c.glob("*/gold.yaml"))


def crosstally(args: list[str], home: Path) -> dict[str, Any]:
    """Run one crosstally command; the report JSON it printed (exit 3, verification
    problems, still prints a report)."""
    env = {**os.environ, "CROSSTALLY_HOME": str(home)}
    done = subprocess.run([*CROSSTALLY, *args], env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode not in (0, 3):
        raise SystemExit(f"crosstally {' '.join(args[:2])} failed ({done.returncode}):\n"
                         f"{done.stderr}")
    return json.loads(done.stdout) if args[0] == "ask" else {}


def bounds(report: dict[str, Any]) -> tuple[float, float] | None:
    low, high = report["answer"]["low"], report["answer"]["high"]
    if not low or not high:
        return None
    return float(low), float(high)


def agreement(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float:
    if a is None or b is None:
        return 1.0 if a is b else 0.0
    return log_iou(a, b)


def compare(topic: Path, home: Path, keep: Path | None) -> Outcome:
    question = yaml.safe_load((topic / "gold.yaml").read_text(encoding="utf-8"))["question"]
    shared = crosstally(["ask", question, "--format", "json"], home)
    alone = crosstally(["ask", question, "--corpus", str(topic / "docs"), "--format", "json"],
                       home)
    if keep:
        for name, report in (("library", shared), ("folder", alone)):
            (keep / f"{topic.name}.{name}.json").write_text(json.dumps(report, indent=2))
    own = str((topic / "docs").resolve()) + os.sep
    foreign = {s["id"] for s in shared["sources"] if not str(s["doc"]).startswith(own)}
    return Outcome(topic.name, agreement(bounds(shared), bounds(alone)),
                   len(shared["sources"]), len(alone["sources"]), len(foreign),
                   sum(e["source"] in foreign for e in shared["estimates"]),
                   bounds(shared), bounds(alone))


def show(answer: tuple[float, float] | None) -> str:
    return "-" if answer is None else f"{answer[0]:,.0f}..{answer[1]:,.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("topics", nargs="*", type=Path)
    parser.add_argument("--keep", type=Path, help="keep the library and reports here")
    args = parser.parse_args()
    topics = args.topics or topics_under(CORPORA)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="crosstally-library-") as tmp:
        home = args.keep or Path(tmp)
        home.mkdir(parents=True, exist_ok=True)
        crosstally(["add", *(str(t / "docs") for t in topics)], home)
        added = time.perf_counter()
        outcomes = [compare(t, home, args.keep) for t in topics]
    print(f"{'topic':34} {'logIoU':>6} {'sources':>9} {'foreign':>9}  library answer / folder answer")
    for o in outcomes:
        print(f"{o.topic:34} {o.iou:6.2f} {o.library_sources:4d}/{o.folder_sources:<4d} "
              f"{o.foreign_sources:3d} src {o.foreign_estimates:3d} est  "
              f"{show(o.library_answer)} / {show(o.folder_answer)}")
    good = sum(o.iou >= TARGET for o in outcomes)
    empty = sum(o.library_answer is None and o.folder_answer is None for o in outcomes)
    print(f"\n{good} of {len(outcomes)} topics reach log-IoU >= {TARGET} "
          f"(target: {len(outcomes) - 2}); {empty} of them agree only in having no answer.")
    print(f"Library of {len(topics)} topics built in {added - started:.1f} s; "
          f"wall time {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
