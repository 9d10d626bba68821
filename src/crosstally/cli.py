"""The command line: parse, call the library, render. Results to stdout, progress to stderr."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from crosstally.errors import CrosstallyError, NothingUsableError
from crosstally.pattern_cache import kept_patterns
from crosstally.safe_text import json_visible, visible
from crosstally.types import Document, Report, SourceFailure

if TYPE_CHECKING:
    from rich.console import Console

    from crosstally.library import LibraryEntry
    from crosstally.pipeline import Progress
    from crosstally.web.gather import WebSearch
    from crosstally.web.policy import FetchPolicy

# Each command imports the stages it uses inside its body, so that `crosstally extract` starts
# without loading the pipeline, the writers (jinja2), the web stack (httpx, trafilatura) or
# rich. The two values below are needed while the options are declared; they equal
# crosstally.write.FORMATS and crosstally.web.search.DEFAULT_PROVIDER (tests/test_cli_startup.py
# keeps them equal).
FORMATS = ("md", "html", "json")
DEFAULT_PROVIDER = "wikipedia"
EXIT_VERIFY = 3
# The report format a file name ends in, for `ask --out` without --format.
FORMAT_OF_SUFFIX = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
                    ".json": "json"}
FORMAT_NAMES = {"md": "a Markdown", "html": "an HTML", "json": "a JSON"}


# Set by a command that has written all it writes and holds nothing to close: the console
# script then ends the process without the interpreter's teardown (see entry).
_SKIP_TEARDOWN: list[bool] = []


def entry() -> None:
    """The console script: `main`. After `crosstally extract`, the process ends as soon as
    its output is flushed, without tearing down the interpreter: freeing the extractor's
    tables and WordNet's half a million strings one by one takes longer than a small file's
    extraction, and nothing is left to close. (`main` itself, as tests call it, never exits
    this way.)"""
    try:
        main()
    except SystemExit as done:
        code = 0 if done.code is None else done.code
        if not _SKIP_TEARDOWN or not isinstance(code, int):
            raise  # a message to print, or a command that may hold something open
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # a closed pipe, say: the usual exit reports it
            raise done from None
        os._exit(code)


@cache
def _stderr() -> Console:
    """rich's Console on stderr, made on first use."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, emoji=False)


def _stderr_is_terminal() -> bool:
    """Whether progress is shown: rich's test, without loading rich where stderr is a file or
    a pipe (scripts and benches), unless FORCE_TERMINAL asks rich to treat it as a terminal."""
    if not sys.stderr.isatty() and "FORCE_TERMINAL" not in os.environ:
        return False
    return _stderr().is_terminal


# Every string printed here that crosstally did not write itself (titles, file names, URLs,
# error messages naming them) passes through `escape` (stderr, via rich) or `_out`/`_out_json`
# (stdout): control and bidi characters are shown as escapes, never sent to the terminal.

def escape(text: object) -> str:
    """`text` for a rich message on stderr: one line, control and bidi characters shown as
    escapes, rich markup made literal."""
    from rich.markup import escape as rich_escape

    return rich_escape(visible(str(text)))


def _out(text: str, nl: bool = True) -> None:
    """Text on stdout; its lines stay, any other control or bidi character is shown escaped."""
    click.echo(visible(text, keep="\n"), nl=nl)


def _out_json(data: Any, **dumps: Any) -> None:
    """JSON on stdout, with control and bidi characters as \\u escapes (the same data)."""
    text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False, **dumps)
    click.echo(json_visible(text))


class _StderrHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        _stderr().print(f"[yellow]warning:[/] {escape(record.getMessage())}", soft_wrap=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="crosstally")
def main() -> None:
    """Answer contested numeric questions from sources, every figure cited and checked.

    \b
    Exit codes: 0 done; 1 an error, such as no source that could be read or no figure
    in any (nothing written); 2 a usage error, or a question no figure answers;
    3 the report was written but its verification found problems.

    \b
    Example:
      crosstally demo --out ./demo-report
      crosstally ask "How many trees are there on Earth?" --corpus ./sources --format md
    """
    logger = logging.getLogger("crosstally")
    if not logger.handlers:
        logger.addHandler(_StderrHandler())
        logger.setLevel(logging.WARNING)
    # the compiled patterns of earlier runs, and this run's kept for the next (pattern_cache.py)
    click.get_current_context().with_resource(kept_patterns())


def _fetch_options(command: click.decorators.FC) -> click.decorators.FC:
    """--allow-private, --ignore-robots, --refresh: the same meaning for `ask` and `add`."""
    for option in reversed((
        click.option("--allow-private", is_flag=True,
                     help="Also fetch from loopback, private and link-local addresses "
                          "(refused by default)."),
        click.option("--ignore-robots", is_flag=True,
                     help="Fetch pages even where robots.txt disallows it."),
        click.option("--refresh", is_flag=True,
                     help="Revalidate cached pages with their servers."),
    )):
        command = option(command)
    return command


@main.command()
@click.argument("question")
@click.option("--corpus", "corpus", type=click.Path(exists=True, path_type=Path),
              multiple=True, help="Folder or file of sources (repeatable).")
@click.option("--source", "locations", multiple=True, metavar="PATH|URL",
              help="A file, folder or web page for this run only (repeatable).")
@click.option("--web", is_flag=True, help="Search the web for sources (see `providers`).")
@click.option("--provider", metavar="NAME",
              help=f"Search provider for --web, one of `crosstally providers`  "
                   f"[default: {DEFAULT_PROVIDER}]")
@click.option("--max-sources", type=click.IntRange(1, 50), metavar="N",
              help="Pages to read from the search  [default: 8]")
@_fetch_options
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Report format  [default: from --out's extension (.md, .markdown, .html, "
                   ".htm, .json), else md]")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report here instead of stdout.")
@click.option("--db", metavar="PATH|URL",
              help="With --corpus, --source or --web: keep the SQLite store in this file "
                   "(default: a temporary one). Otherwise the library to ask: a SQLite file "
                   "or a postgresql:// URL (default: $CROSSTALLY_DATABASE_URL, else "
                   "library.sqlite in CROSSTALLY_HOME).")
def ask(question: str, corpus: tuple[Path, ...], locations: tuple[str, ...], web: bool,
        provider: str | None, max_sources: int | None, allow_private: bool,
        ignore_robots: bool, refresh: bool, fmt: str | None, out: Path | None,
        db: str | None) -> None:
    """Answer QUESTION from --corpus, --source and --web, or else from your library.

    QUESTION asks for a number: how many, how much, or what a toll, cost or turnout was.
    When no source can be read, or none read gives a figure, nothing is written (exit 1)."""
    from crosstally.web.policy import FetchPolicy
    from crosstally.write import render_report

    if (provider or max_sources) and not web:
        raise click.UsageError("--provider and --max-sources go with --web")
    if provider:
        from crosstally.web.search import PROVIDERS

        if provider not in PROVIDERS:
            raise click.BadParameter(f"no search provider {provider!r}; choose one of "
                                     f"{', '.join(PROVIDERS)}", param_hint="--provider")
    fmt = report_format(fmt, out)
    with _errors():  # before any page is fetched
        from crosstally.pipeline import check_numeric
        check_numeric(question)
    search = None
    if web:
        from crosstally.web.gather import WebSearch

        search = WebSearch(provider or DEFAULT_PROVIDER, max_sources or 8)
    if corpus or locations or search:
        documents: list[Document] = []
        failures: list[SourceFailure] = []
        if locations or search:  # the web stack: --corpus folders are read by the pipeline
            policy = FetchPolicy(allow_private=allow_private, ignore_robots=ignore_robots,
                                 refresh=refresh)
            documents, failures = _gather(question, locations, search, policy)
        report = _run(question, corpus, Path(db) if db else None, documents, failures)
    else:
        report = _ask_library(question, db)
    text = render_report(report, fmt)
    if out:
        _write(out, text)
        _stderr().print(f"wrote {escape(out)}", soft_wrap=True)
    else:
        _out(text, nl=False)  # render_report's output holds no control character but "\n"
    _finish(report)


def report_format(fmt: str | None, out: Path | None) -> str:
    """The format asked for, else the one --out's extension names, else Markdown; a usage
    error when the two disagree, or when --out's extension names no format and none is given."""
    named = FORMAT_OF_SUFFIX.get(out.suffix.lower()) if out else None
    if out and fmt and named and named != fmt:
        raise click.BadParameter(f"{visible(out.name)!r} names {FORMAT_NAMES[named]} file but "
                                 f"--format is {fmt}; drop --format or end the name in "
                                 f"{_suffixes(fmt)}", param_hint="--out")
    if out and not fmt and not named:
        raise click.BadParameter(f"cannot tell the report format from {visible(out.name)!r}; "
                                 f"end the name in {_suffixes()} or give --format "
                                 f"{'|'.join(FORMATS)}", param_hint="--out")
    return fmt or named or "md"


def _suffixes(fmt: str | None = None) -> str:
    names = [s for s, f in FORMAT_OF_SUFFIX.items() if fmt in (None, f)]
    return f"{', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else names[0]


def _gather(question: str, locations: tuple[str, ...], search: WebSearch | None,
            policy: FetchPolicy) -> tuple[list[Document], list[SourceFailure]]:
    """Sources read before the run: one-off and web ones."""
    from crosstally.web.gather import collect

    with _errors(), _progress() as note:
        found = collect(question, locations, search, policy, progress=note)
    return list(found.documents), list(found.failures)


def _ask_library(question: str, db: str | None) -> Report:
    """The report from the library's index (an empty library is an error saying what to do)."""
    from crosstally.library import LibraryError, open_library
    from crosstally.pipeline import ask_library

    with _errors(), closing(open_library(db)) as library:
        if not library.count():
            raise LibraryError(
                f"your library ({library.where}) is empty; add sources with "
                "`crosstally add PATH|URL`, or ask with --corpus DIR, --source PATH|URL "
                "or --web")
        with _progress() as note:
            return ask_library(question, library, progress=note)


def _library_option(command: click.decorators.FC) -> click.decorators.FC:
    """--db for add, sources and remove: which library."""
    return click.option(
        "--db", metavar="PATH|URL",
        help="The library: a SQLite file or a postgresql:// URL (default: "
             "$CROSSTALLY_DATABASE_URL, else library.sqlite in CROSSTALLY_HOME).")(command)


@main.command()
@click.argument("locations", nargs=-1, required=True, metavar="PATH|URL...")
@_fetch_options
@_library_option
def add(locations: tuple[str, ...], allow_private: bool, ignore_robots: bool,
        refresh: bool, db: str | None) -> None:
    """Add files, folders and web pages to your library (CROSSTALLY_HOME moves it)."""
    from crosstally.library import open_library
    from crosstally.library.adding import read_for_adding
    from crosstally.web.policy import FetchPolicy

    policy = FetchPolicy(allow_private=allow_private, ignore_robots=ignore_robots,
                         refresh=refresh)
    failures: list[SourceFailure] = []

    added = 0
    with _errors(), closing(open_library(db)) as library, _counting("added") as tick:
        for done in library.add_many(read_for_adding(locations, policy)):
            if isinstance(done, SourceFailure):
                failures.append(done)
                continue
            was = f" (was {visible(done.replaced)})" if done.replaced else ""
            _out(f"{done.status:<9}  {done.entry.id}  {_label(done.entry)}{was}")
            added += 1
            tick()
    for failure in failures:
        _stderr().print(f"[yellow]not added:[/] {escape(failure.reason)}", soft_wrap=True)
    if failures:
        _stderr().print(f"[red]Error:[/] {len(failures)} of {added + len(failures)} sources "
                        "could not be added (listed above)", soft_wrap=True)
        sys.exit(1)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@_library_option
def sources(as_json: bool, db: str | None) -> None:
    """List your library: id, title, publisher, date, origin, retrieved."""
    from crosstally.library import open_library

    with _errors(), closing(open_library(db)) as library:
        entries = library.entries()
        where = library.where
    if as_json:
        _out_json([e.to_json() for e in entries])
    elif not entries:
        _stderr().print(f"your library ({escape(where)}) is empty; add sources with "
                        "`crosstally add PATH|URL`", soft_wrap=True)
    else:
        _out(_table(entries))


@main.command()
@click.argument("keys", nargs=-1, required=True, metavar="ID|ORIGIN...")
@_library_option
def remove(keys: tuple[str, ...], db: str | None) -> None:
    """Remove sources from your library, by id (or its first characters) or origin."""
    from crosstally.library import open_library

    with _errors(), closing(open_library(db)) as library:
        for key in keys:
            entry = library.remove(key)
            _out(f"removed  {entry.id}  {_label(entry)}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
def providers(as_json: bool) -> None:
    """List the web search providers for `ask --web` and whether each is configured."""
    from crosstally.web.search import provider_statuses

    statuses = provider_statuses(os.environ)
    if as_json:
        _out_json([{"name": p.name, "configured": p.configured, "detail": p.detail,
                    "summary": p.summary} for p in statuses])
        return
    for p in statuses:
        state = "configured" if p.configured else "not configured"
        _out(f"{p.name:<10}  {state:<14}  {visible(p.summary)}: {visible(p.detail)}")


def _label(entry: LibraryEntry) -> str:
    return f"{visible(entry.title or '(untitled)')}  <{visible(entry.origin)}>"


def _table(entries: list[LibraryEntry]) -> str:
    rows = [("ID", "TITLE", "PUBLISHER", "DATE", "ORIGIN", "RETRIEVED")]
    rows += [(e.id, _cut(e.title, 48), _cut(e.publisher, 24), visible(e.date or ""),
              visible(e.origin), e.retrieved[:10]) for e in entries]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[-1]
                     for r in rows)


def _cut(text: str | None, width: int) -> str:
    text = visible(" ".join((text or "").split()))
    return text if len(text) <= width else text[:width - 1] + "…"


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--each-line", is_flag=True, help="Treat every input line as its own document.")
@click.option("--all", "include_all", is_flag=True,
              help="Also print years, dates, ordinals, list numbers, identifiers and numbers "
                   "too large to compute with (kind too_large).")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
def extract(paths: tuple[str, ...], each_line: bool, include_all: bool, fmt: str) -> None:
    """Print every numeric estimate in PATHS as JSON lines ('-' reads standard input)."""
    from crosstally.extract.run import extract_paths

    failed = False
    for item in extract_paths(paths, each_line=each_line, include_all=include_all):
        if isinstance(item, str):
            _stderr().print(f"[yellow]warning:[/] {escape(item)}", soft_wrap=True)
            failed = True
        else:
            line = json.dumps(item.to_json(), ensure_ascii=False, allow_nan=False)
            sys.stdout.write(json_visible(line) + "\n")
    _SKIP_TEARDOWN.append(True)  # all is written: see entry()
    if failed and len(paths) == 1:
        sys.exit(1)


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("crosstally-demo"), show_default=True, help="Folder for the reports.")
def demo(out: Path) -> None:
    """Answer the demo question over the bundled demo corpus; write report.md/.html/.json."""
    from crosstally import demo as demo_data
    from crosstally.write import render_report

    report = _run(demo_data.QUESTION, (demo_data.corpus_dir(),), None)
    for fmt in FORMATS:
        _write(out / f"report.{fmt}", render_report(report, fmt))
    _out(f"{visible(report.answer.one_line)}\n\nWrote {visible(str(out / 'report.md'))}, "
         "report.html and report.json")
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
        _out_json({"topics": [asdict(s) for s in scores], "overall": overall}, default=str)
    else:
        _out(format_scoreboard(scores, overall))


def _run(question: str, corpus: tuple[Path, ...], db: Path | None,
         documents: list[Document] | None = None,
         failures: list[SourceFailure] | None = None) -> Report:
    from crosstally.pipeline import ask as run_ask

    with _errors(), _progress() as note:
        return run_ask(question, corpus, db=db, progress=note, documents=documents or (),
                       failures=failures or ())


@contextmanager
def _errors() -> Iterator[None]:
    """A CrosstallyError becomes 'Error: ...' on stderr and its exit code (1, or 2 for a
    question no figure answers); anything else is a bug. When nothing could be used, each
    source that could not be read is one line under the error, with its reason."""
    try:
        yield
    except NothingUsableError as err:
        _stderr().print(f"[red]Error:[/] {escape(err.summary)}", soft_wrap=True)
        for failure in err.failures:
            _stderr().print(f"  {escape(failure.reason)}", soft_wrap=True)
        sys.exit(err.exit_code)
    except CrosstallyError as err:
        _stderr().print(f"[red]Error:[/] {escape(err)}", soft_wrap=True)
        sys.exit(err.exit_code)


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        _stderr().print(f"[red]Error:[/] cannot write {escape(path)} ({escape(err.strerror)}); "
                        "choose another --out", soft_wrap=True)
        sys.exit(1)


@contextmanager
def _progress() -> Iterator[Progress]:
    if not _stderr_is_terminal():
        yield lambda msg: None
        return
    with _stderr().status("crosstally") as status:
        yield lambda msg: status.update(f"crosstally: {escape(msg)}")


@contextmanager
def _counting(doing: str) -> Iterator[Callable[[], None]]:
    """A rich progress line on stderr when it is a terminal (count and rate), else quiet."""
    if not _stderr_is_terminal():
        yield lambda: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn(f"crosstally: {doing} {{task.completed}} "
                                              "sources"), TimeElapsedColumn(),
                  console=_stderr(), transient=True) as bar:
        task = bar.add_task(doing, total=None)
        yield lambda: bar.advance(task)


def _finish(report: Report) -> None:
    problems = report.verification.problems
    for p in problems:
        _stderr().print(f"[yellow]verification:[/] {escape(p.detail)} — in: "
                        f"{escape(p.sentence)}", soft_wrap=True)
    if problems:
        sys.exit(EXIT_VERIFY)


def _need_serve_extra() -> None:
    from crosstally.serve import EXTRA_HINT, missing_extra

    if (name := missing_extra()) is not None:
        _stderr().print(f"[red]Error:[/] the Python package {escape(name)} is missing; "
                        f"{escape(EXTRA_HINT)}", soft_wrap=True)
        sys.exit(1)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any but loopback needs CROSSTALLY_TOKEN.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on.")
@click.option("--max-upload-mb", type=click.FloatRange(0.001, 1024), default=20.0,
              show_default=True, help="Largest file one upload may hold, in MB.")
@click.option("--max-files", type=click.IntRange(1, 1000), default=50, show_default=True,
              help="Most files one upload may hold.")
def serve(host: str, port: int, max_upload_mb: float, max_files: int) -> None:
    """Open the library in your browser: ask, read reports, add sources, see history.

    Also serves the JSON API (OpenAPI document at /api/openapi.json). Listens on 127.0.0.1
    unless --host says otherwise; then CROSSTALLY_TOKEN must be set, and every request must
    carry it (Authorization: Bearer TOKEN, or typed once into the page)."""
    _need_serve_extra()
    from crosstally.serve import run
    from crosstally.serve.security import TOKEN_ENV

    with _errors():
        run(host, port, token=os.environ.get(TOKEN_ENV), max_upload_mb=max_upload_mb,
            max_files=max_files, announce=lambda msg: _stderr().print(escape(msg),
                                                                       soft_wrap=True))


@main.command()
def mcp() -> None:
    """Serve the library to an AI assistant over MCP (stdio): ask, extract, add_source,
    list_sources, get_report."""
    _need_serve_extra()
    from crosstally.serve.mcp_server import run_stdio

    with _errors():
        run_stdio()
