"""The command line: parse, call the library, render. Results to stdout, progress to stderr."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from crosstally import demo as demo_data
from crosstally.errors import CrosstallyError
from crosstally.pipeline import Progress, ask as run_ask
from crosstally.types import Report
from crosstally.write import FORMATS, render_report

stderr = Console(stderr=True, highlight=False)
EXIT_VERIFY = 3


class _StderrHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        stderr.print(f"[yellow]warning:[/] {escape(record.getMessage())}", soft_wrap=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="crosstally")
def main() -> None:
    """Answer contested numeric questions from sources, every figure cited and checked.

    \b
    Example:
      crosstally demo --out ./demo-report
      crosstally ask "How many trees are there on Earth?" --corpus ./sources --format md
    """
    logger = logging.getLogger("crosstally")
    if not logger.handlers:
        logger.addHandler(_StderrHandler())
        logger.setLevel(logging.WARNING)


@main.command()
@click.argument("question")
@click.option("--corpus", "corpus", type=click.Path(exists=True, path_type=Path), required=True,
              multiple=True, help="Folder or file of sources (repeatable).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report here instead of stdout.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
              help="Keep the SQLite store in this file (default: a temporary one).")
def ask(question: str, corpus: tuple[Path, ...], fmt: str, out: Path | None, db: Path | None) -> None:
    """Answer QUESTION from the files under --corpus."""
    report = _run(question, corpus, db)
    text = render_report(report, fmt)
    if out:
        _write(out, text)
        stderr.print(f"wrote {out}", markup=False, soft_wrap=True)
    else:
        click.echo(text, nl=False)
    _finish(report)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--each-line", is_flag=True, help="Treat every input line as its own document.")
@click.option("--all", "include_all", is_flag=True,
              help="Also print years, dates, ordinals, list numbers and identifiers.")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
def extract(paths: tuple[str, ...], each_line: bool, include_all: bool, fmt: str) -> None:
    """Print every numeric estimate in PATHS as JSON lines ('-' reads standard input)."""
    from crosstally.extract.run import extract_paths

    failed = False
    for item in extract_paths(paths, each_line=each_line, include_all=include_all):
        if isinstance(item, str):
            stderr.print(f"[yellow]warning:[/] {escape(item)}", soft_wrap=True)
            failed = True
        else:
            sys.stdout.write(json.dumps(item.to_json(), ensure_ascii=False) + "\n")
    if failed and len(paths) == 1:
        sys.exit(1)


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("crosstally-demo"), show_default=True, help="Folder for the reports.")
def demo(out: Path) -> None:
    """Answer the demo question over the bundled demo corpus; write report.md/.html/.json."""
    report = _run(demo_data.QUESTION, (demo_data.corpus_dir(),), None)
    for fmt in FORMATS:
        _write(out / f"report.{fmt}", render_report(report, fmt))
    click.echo(f"{report.answer.one_line}\n\nWrote {out / 'report.md'}, report.html and report.json")
    _finish(report)


@main.command(name="eval")
@click.argument("topics", nargs=-1, required=True,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_(topics: tuple[Path, ...], as_json: bool) -> None:
    """Score crosstally on topic folders (docs/ + gold.yaml): the team's scoreboard."""
    from crosstally.evaluate import format_scoreboard, load_gold, score_topic, summarise

    scores = []
    for topic in topics:
        gold = load_gold(topic)
        report = _run(gold["question"], (topic / "docs",), None)
        scores.append(score_topic(report.to_json(), gold, topic=topic.name))
    overall = summarise(scores)
    if as_json:
        from dataclasses import asdict
        click.echo(json.dumps({"topics": [asdict(s) for s in scores], "overall": overall},
                              indent=2, default=str))
    else:
        click.echo(format_scoreboard(scores, overall))


def _run(question: str, corpus: tuple[Path, ...], db: Path | None) -> Report:
    try:
        with _progress() as note:
            return run_ask(question, corpus, db=db, progress=note)
    except CrosstallyError as err:
        stderr.print(f"[red]Error:[/] {escape(str(err))}", soft_wrap=True)
        sys.exit(1)


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        stderr.print(f"[red]Error:[/] cannot write {escape(str(path))} ({err.strerror}); "
                     "choose another --out",
                     soft_wrap=True)
        sys.exit(1)


@contextmanager
def _progress() -> Iterator[Progress]:
    with stderr.status("crosstally") as status:
        yield lambda msg: status.update(f"crosstally: {escape(msg)}")


def _finish(report: Report) -> None:
    problems = report.verification.problems
    for p in problems:
        stderr.print(f"[yellow]verification:[/] {escape(p.detail)} — in: {escape(p.sentence)}",
                     soft_wrap=True)
    if problems:
        sys.exit(EXIT_VERIFY)
