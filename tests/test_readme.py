"""Every command the README shows runs as written (the test command itself is what CI runs)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    blocks = re.findall(r"```\n(.*?)```", README, re.S)
    lines = [ln.split("  #")[0].strip() for b in blocks for ln in b.splitlines()]
    return [ln for ln in lines if ln.startswith(("./scripts/", ".venv/bin/", "echo "))]


def test_readme_shows_the_two_quick_start_commands() -> None:
    assert "./scripts/demo" in _commands() and "./scripts/test" in _commands()


def test_demo_command_runs_in_a_fresh_directory(tmp_path: Path) -> None:
    done = subprocess.run([str(ROOT / "scripts" / "demo")], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "crosstally-demo"
    assert {p.name for p in out.iterdir()} >= {"report.md", "report.html", "report.json"}
    assert json.loads((out / "report.json").read_text())["answer"]["low"] is not None


def test_usage_examples_run_from_the_repository_root() -> None:
    examples = [c for c in _commands() if c.startswith((".venv/bin/", "echo "))]
    assert examples
    for command in examples:
        done = subprocess.run(command, shell=True, cwd=ROOT, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, f"{command}\n{done.stderr}"
    assert json.loads((ROOT / "crosstally-demo" / "ask.json").read_text())["estimates"]


def test_the_demo_excerpt_in_the_readme_is_what_the_demo_writes(tmp_path: Path) -> None:
    import crosstally
    import crosstally.demo
    from crosstally.write import render_report

    excerpt = re.search(r"A few lines of the demo report.*?```\n(.*?)```", README, re.S)
    assert excerpt, "the README lost its demo excerpt"
    report = render_report(crosstally.ask(crosstally.demo.QUESTION,
                                          [crosstally.demo.corpus_dir()]), "md")
    flat = " ".join(report.split())
    for chunk in excerpt.group(1).split("..."):
        assert " ".join(chunk.split()) in flat
