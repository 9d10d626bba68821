"""A library that scales: `add` and `ask` as whole processes at two library sizes, SQLite and
PostgreSQL.

Usage::

    .venv/bin/python bench/scale.py [--sizes 1000 100000] [--backends sqlite postgresql]
                                    [--topic DIR] [--big 2 20] [--concurrent] [--work DIR]

The library holds N documents: one question's own documents (``--topic``, default
russia-mobilization-exodus under /work/shared/corpus) and N minus those of news-like filler,
each a dated article of 3 to 8 paragraphs made of sentences drawn at random (fixed seed) from
the paragraphs of every *other* topic's documents under /work/shared/corpus and
/work/shared/corpus-real, their figures redrawn (see `write_filler`), read at run time and
written to a temporary folder (nothing is copied into the repository). For each backend and
size it runs ``crosstally add`` (1,000 files per folder) and ``crosstally ask QUESTION`` over the
library, and prints the add rate (documents/s), the ask time, the peak memory of each process
(``os.wait4``'s rusage), the answer and whether it equals the answer over the topic's own folder
(``crosstally ask QUESTION --corpus TOPIC/docs``). Last, the growth ratio ask(largest) /
ask(smallest). PostgreSQL runs in a throw-away server (crosstally.testing.postgres) with its
durable defaults (fsync on).

``--big MB...`` also answers the question over one text file of that many megabytes (the
topic's documents and filler, repeated; ``ask --corpus``) and prints the time ratio of the
largest to the smallest. ``--concurrent`` runs two ``add`` processes (half the filler each,
the topic in the second) and an ``ask`` at once on one fresh library per backend, then checks
that every process succeeded, that ``sources`` lists every file once, and (SQLite)
``PRAGMA integrity_check``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from extract import installed_state  # bench/extract.py, beside this script

from crosstally.testing.postgres import TemporaryPostgres

CORPORA = (Path("/work/shared/corpus"), Path("/work/shared/corpus-real"))
DEFAULT_TOPIC = CORPORA[0] / "russia-mobilization-exodus"
CROSSTALLY = [sys.executable, "-m", "crosstally"]
PER_FOLDER = 1000
HEADER = re.compile(r"\A(?:[A-Za-z-]+:[^\n]*\n)+\n")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"])")
NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d{3,}\b")


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    code: int
    stdout: str
    stderr: str


def run(args: list[str], env: dict[str, str]) -> Run:
    """One crosstally process: wall time, its own peak RSS, exit code and output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen([*CROSSTALLY, *args], env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(seconds, usage.ru_maxrss / 1024, proc.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def sentences(topic: Path) -> list[str]:
    """Sentences of the paragraphs of every text document of the other topics."""
    found = []
    for corpus in CORPORA:
        for path in sorted(corpus.glob("*/docs/*.txt")):
            if path.parent.parent.resolve() == topic.resolve():
                continue
            body = HEADER.sub("", path.read_text(encoding="utf-8"))
            for para in re.split(r"\n\s*\n", body):
                found += [s.strip() for s in SENTENCE.split(para) if len(s.split()) >= 6]
    return found


def write_filler(folder: Path, count: int, pool: list[str], seed: int = 12) -> list[Path]:
    """`count` news-like articles in folders of PER_FOLDER files; the folders. Each has 3 to 8
    paragraphs of 2 to 5 sentences drawn from the pool, with their figures redrawn: whole
    paragraphs reused at 100,000 documents would make each article a near-copy of hundreds of
    others, which no real archive is."""
    rng = random.Random(seed)
    folders = []

    def figure(m: re.Match[str]) -> str:
        return f"{rng.randint(2, 999) * 10 ** rng.randint(0, 3):,}"

    for n in range(count):
        if n % PER_FOLDER == 0:
            folders.append(folder / f"part-{n // PER_FOLDER:04d}")
            folders[-1].mkdir(parents=True)
        paras = [" ".join(rng.sample(pool, rng.randint(2, 5)))
                 for _ in range(rng.randint(3, 8))]
        body = NUMBER.sub(figure, "\n\n".join(paras))
        title = " ".join(body.split()[:8])
        date = f"20{rng.randint(10, 23)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        (folders[-1] / f"{n:06d}.txt").write_text(
            f"Title: {title}\nPublisher: Bench Wire {n % 37}\nDate: {date}\n\n{body}\n",
            encoding="utf-8")
    return folders


def answer(report: str) -> tuple[Any, Any] | None:
    try:
        data = json.loads(report)
    except json.JSONDecodeError:
        return None
    return data["answer"]["low"], data["answer"]["high"]


@contextmanager
def library_at(backend: str, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield str(folder / "library.sqlite")
        return
    with TemporaryPostgres(fast=False) as url:
        yield url


def measure(backend: str, size: int, topic: Path, question: str, pool: list[str],
            work: Path, env: dict[str, str]) -> dict[str, Any]:
    folder = work / f"{backend}-{size}"
    own = sorted((topic / "docs").iterdir())
    filler = write_filler(folder / "filler", max(0, size - len(own)), pool)
    with library_at(backend, folder) as db:
        added = run(["add", "--db", db, *map(str, filler), str(topic / "docs")], env)
        if added.code != 0:
            raise SystemExit(f"add failed ({added.code}): {added.stderr[-2000:]}")
        asked = run(["ask", question, "--db", db, "--format", "json"], env)
        if asked.code not in (0, 3):
            raise SystemExit(f"ask failed ({asked.code}): {asked.stderr[-2000:]}")
    docs = len(own) + sum(len(list(f.iterdir())) for f in filler)
    return {"backend": backend, "size": docs, "add_s": added.seconds,
            "docs_per_s": docs / added.seconds, "add_mb": added.peak_mb,
            "ask_s": asked.seconds, "ask_mb": asked.peak_mb, "answer": answer(asked.stdout),
            "sources": len(json.loads(asked.stdout)["sources"])}


def big_document(topic: Path, question: str, pool: list[str], megabytes: float, work: Path,
                 env: dict[str, str]) -> dict[str, Any]:
    """One text file of `megabytes` MB: the topic's documents, then filler, repeated."""
    folder = work / f"big-{megabytes:g}"
    folder.mkdir(parents=True)
    own = [HEADER.sub("", p.read_text(encoding="utf-8"))
           for p in sorted((topic / "docs").glob("*.txt"))]
    rng = random.Random(7)
    chunks, size = [], 0
    while size < megabytes * 1_000_000:
        chunk = "\n\n".join(own if not chunks else rng.sample(pool, 20))
        chunks.append(chunk)
        size += len(chunk.encode("utf-8")) + 2
    (folder / "big.txt").write_text("\n\n".join(chunks), encoding="utf-8")
    asked = run(["ask", question, "--corpus", str(folder), "--format", "json"], env)
    return {"mb": megabytes, "ask_s": asked.seconds, "ask_mb": asked.peak_mb,
            "code": asked.code, "answer": answer(asked.stdout),
            "error": asked.stderr[-500:] if asked.code not in (0, 3) else ""}


def concurrent(backend: str, topic: Path, question: str, pool: list[str], size: int,
               work: Path, env: dict[str, str]) -> dict[str, Any]:
    """Two adds and an ask at once on one library: all succeed, nothing lost."""
    folder = work / f"concurrent-{backend}"
    filler = write_filler(folder / "filler", size, pool, seed=99)
    half = max(1, len(filler) // 2)
    with library_at(backend, folder) as db:
        first = run(["add", "--db", db, str(topic / "docs")], env)  # the ask needs a library
        procs = [[*CROSSTALLY, "add", "--db", db, *map(str, filler[:half])],
                 [*CROSSTALLY, "add", "--db", db, *map(str, filler[half:])],
                 [*CROSSTALLY, "ask", question, "--db", db, "--format", "json"]]
        with ExitStack() as stack:
            outs = [stack.enter_context(tempfile.TemporaryFile()) for _ in procs]
            running = [subprocess.Popen(c, env=env, stdout=subprocess.DEVNULL, stderr=o)
                       for c, o in zip(procs, outs)]
            codes = [p.wait() for p in running]
            errors = []
            for o in outs:
                o.seek(0)
                errors.append(o.read().decode("utf-8", "replace")[-300:])
        listed = json.loads(run(["sources", "--db", db, "--json"], env).stdout)
        integrity = "n/a"
        if backend == "sqlite":
            with sqlite3.connect(db) as con:
                integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
    files = len(list((topic / "docs").iterdir())) + size
    origins = [e["origin"] for e in listed]
    return {"backend": backend, "codes": [first.code, *codes], "files": files,
            "listed": len(origins), "distinct": len(set(origins)), "integrity": integrity,
            "errors": [e for e, c in zip(errors, codes) if c not in (0, 3)]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"],
                        choices=["sqlite", "postgresql"])
    parser.add_argument("--topic", type=Path, default=DEFAULT_TOPIC)
    parser.add_argument("--big", type=float, nargs="*", default=[],
                        help="also one text file of each of these sizes (MB)")
    parser.add_argument("--concurrent", type=int, nargs="?", const=2000, default=0,
                        help="two adds and an ask at once (filler documents, default 2000)")
    parser.add_argument("--work", type=Path, help="keep the generated files here")
    args = parser.parse_args()
    question = yaml.safe_load((args.topic / "gold.yaml").read_text(encoding="utf-8"))["question"]
    pool = sentences(args.topic)
    installed_state()  # as an installed package that has run: every process timed starts alike
    env = {**os.environ, "CROSSTALLY_HOME": ""}
    with tempfile.TemporaryDirectory(prefix="crosstally-scale-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        env["CROSSTALLY_HOME"] = str(work / "home")
        env.pop("CROSSTALLY_DATABASE_URL", None)
        alone = run(["ask", question, "--corpus", str(args.topic / "docs"), "--format", "json"],
                    env)
        folder_answer = answer(alone.stdout)
        print(f"question: {question}\nover its own folder: {folder_answer} "
              f"({alone.seconds:.2f} s)\n")
        print(f"{'backend':10} {'docs':>7} {'add s':>7} {'docs/s':>7} {'add MB':>7} "
              f"{'ask s':>6} {'ask MB':>7} {'srcs':>4}  answer (= folder?)")
        for backend in args.backends:
            rows = []
            for size in args.sizes:
                r = measure(backend, size, args.topic, question, pool, work, env)
                rows.append(r)
                print(f"{backend:10} {r['size']:7d} {r['add_s']:7.1f} {r['docs_per_s']:7.0f} "
                      f"{r['add_mb']:7.0f} {r['ask_s']:6.2f} {r['ask_mb']:7.0f} "
                      f"{r['sources']:4d}  {r['answer']} "
                      f"({'yes' if r['answer'] == folder_answer else 'NO'})", flush=True)
            if len(rows) > 1:
                print(f"{backend:10} ask({rows[-1]['size']}) / ask({rows[0]['size']}) = "
                      f"{rows[-1]['ask_s'] / rows[0]['ask_s']:.2f}", flush=True)
        if args.big:
            print()
            bigs = [big_document(args.topic, question, pool, mb, work, env) for mb in args.big]
            for b in bigs:
                print(f"one {b['mb']:g} MB document: ask {b['ask_s']:.1f} s, {b['ask_mb']:.0f} MB,"
                      f" exit {b['code']}, answer {b['answer']} {b['error']}", flush=True)
            if len(bigs) > 1:
                print(f"ask({bigs[-1]['mb']:g} MB) / ask({bigs[0]['mb']:g} MB) = "
                      f"{bigs[-1]['ask_s'] / bigs[0]['ask_s']:.2f}")
        if args.concurrent:
            print()
            for backend in args.backends:
                c = concurrent(backend, args.topic, question, pool, args.concurrent, work, env)
                ok = all(code in (0, 3) for code in c["codes"]) and \
                    c["listed"] == c["distinct"] == c["files"] and c["integrity"] in ("ok", "n/a")
                print(f"{backend}: two adds and an ask at once: exit codes {c['codes']}, "
                      f"{c['listed']} listed ({c['distinct']} distinct) of {c['files']} files, "
                      f"integrity {c['integrity']}: {'ok' if ok else 'FAILED'} {c['errors']}")


if __name__ == "__main__":
    main()
