"""Snapshot of `crosstally extract` output, to show a speed change leaves it byte-identical.

Usage::

    .venv/bin/python bench/extract.py --skip-peer      # once: writes the two bench texts
    .venv/bin/python bench/extract_snapshot.py save /tmp/before
    ... change the extractor ...
    .venv/bin/python bench/extract_snapshot.py check /tmp/before    # exit 1 on any difference

It runs `python -m crosstally extract` (of whichever crosstally Python imports: PYTHONPATH=DIR/src
snapshots another checkout) as a whole process on the bench texts in
bench/.data/ (with and without ``--all``), on every file under ../shared/corpus*/ (``--all``),
and line by line (``--each-line --all``) on the news test sentences and the peer suites'
phrases, and keeps each output as a file. ``check`` runs the same commands again and names every output that differs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"


def commands() -> dict[str, list[str]]:
    exe = [sys.executable, "-m", "crosstally"]
    out: dict[str, list[str]] = {}
    for text in sorted((HERE / ".data").glob("*.txt")):
        out[f"{text.stem}.jsonl"] = [*exe, "extract", str(text)]
        out[f"{text.stem}-all.jsonl"] = [*exe, "extract", "--all", str(text)]
    for corpus in sorted(SHARED.glob("corpus*")):
        if corpus.is_dir():
            out[f"{corpus.name}-all.jsonl"] = [*exe, "extract", "--all", str(corpus)]
    out["phrases-lines.jsonl"] = [*exe, "extract", "--each-line", "--all", str(phrases())]
    return out


def phrases() -> Path:
    """One line per news test sentence and per peer suite phrase, in bench/.data/snapshot/."""
    import json

    import yaml

    lines = [s["text"] for s in yaml.safe_load(
        (HERE.parent / "tests" / "news" / "sentences.yaml").read_text("utf-8"))["sentences"]]
    for suite in sorted((SHARED / "peer").rglob("*.json")):
        data = json.loads(suite.read_text("utf-8"))
        cases = data["cases"] if isinstance(data, dict) else data
        lines += [c.get("Input") or c.get("text") or "" for c in cases if isinstance(c, dict)]
    path = HERE / ".data" / "snapshot" / "phrases.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(" ".join(str(line).split()) + "\n" for line in lines), "utf-8")
    return path


def run(cmd: list[str]) -> bytes:
    done = subprocess.run(cmd, capture_output=True, check=False)
    return done.stdout + b"\n--- stderr ---\n" + done.stderr + f"\nexit {done.returncode}\n".encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["save", "check"])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    different = []
    if args.action == "save":
        args.folder.mkdir(parents=True, exist_ok=True)
    for name, cmd in commands().items():
        output = run(cmd)
        lines = output.count(b"\n")
        path = args.folder / name
        if args.action == "save":
            path.write_bytes(output)
            print(f"saved {name}: {lines} lines")
        elif not path.exists() or path.read_bytes() != output:
            different.append(name)
            print(f"DIFFERENT {name}")
        else:
            print(f"same {name}: {lines} lines")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
