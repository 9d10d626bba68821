"""Throughput of crosstally's extractor against quantulum3 on the same text.

Usage::

    bench/setup                      # once: bench/.venv-peers with quantulum3 (benchmark only)
    .venv/bin/python bench/extract.py [--text template|real|both] [--runs 3] [--size 1000000]
                                      [--seed 7] [--real DIR] [--skip-peer] [--json]

Both extractors run as whole processes (interpreter start, imports, reading, extracting,
writing) on the same file, timed by the wall clock (crosstally extracts a large text in two
parts, the second in a forked helper process, so it uses a second core where there is one;
quantulum3 uses one): ``crosstally extract FILE --format jsonl`` and a quantulum3 script
that parses the file paragraph by paragraph. Each run times both, one after the other, so the
peer is always measured on the same machine in the same state; nothing is cached between runs
but the compiled bytecode every installed package has (pip compiled quantulum3's; crosstally,
installed editable, is compiled here first) and the compiled patterns crosstally keeps in the
user cache from its first run (made here first; see installed_state). The text (about 1 MB)
is invented from sentence templates with a seeded random generator, so every run measures
the same input.

``--text real`` measures real-page text instead: the bodies of the documents under
``../shared/corpus-real`` (each file read by crosstally's own reader, so its header block is
taken off as ``crosstally extract`` does), joined by blank lines in path order and repeated up
to ``--size`` characters. Real pages carry more numbers per line than the templates. The text is
read from ../shared at run time and written to the ignored bench/.data/, never to the
repository. ``--text both`` (the default) measures one text after the other.

For each text the script prints the size, both throughputs, the ratio and whether it meets the
target of 50x; with ``--runs N`` it prints each run and the medians.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEER_PYTHON = HERE / ".venv-peers" / "bin" / "python"
DATA = HERE / ".data"
REAL = HERE.parent.parent / "shared" / "corpus-real"

ACTORS = ["the interior ministry", "a border guard spokesman", "the regional governor",
          "researchers at the institute", "an opposition lawmaker", "the statistics office",
          "aid workers", "the central bank", "a senior official", "independent analysts",
          "the city council", "the health agency", "the organisers", "economists at the bank"]
PLACES = ["the capital", "the northern provinces", "the coastal region", "the border towns",
          "the river valley", "the eastern districts", "the islands", "the mountain villages"]
NOUNS = ["residents", "workers", "students", "migrants", "patients", "voters", "farmers",
         "visitors", "households", "vehicles", "trees", "languages", "flights", "companies"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
QUALIFIERS = ["about", "at least", "more than", "nearly", "up to", "roughly", "some",
              "an estimated", "fewer than", "as many as", "around", ""]
SCALES = ["thousand", "million", "billion"]
WORDS = ["two", "three", "five", "seven", "twelve", "twenty", "forty", "a hundred",
         "half a million", "two-thirds", "a quarter", "a dozen"]
FILLER = [
    "The figures could not be independently verified.",
    "Officials declined to comment on the report.",
    "Critics say the methodology leaves room for doubt.",
    "The debate is likely to continue well into next year.",
    "Local media described long queues at the checkpoints.",
    "Several groups have called for an independent inquiry.",
    "The government has promised to publish its own data soon.",
]


def number(rng: random.Random) -> str:
    form = rng.randrange(8)
    if form == 0:
        return f"{rng.randrange(1, 999):,}"
    if form == 1:
        return f"{rng.randrange(1000, 999999):,}"
    if form == 2:
        return f"{rng.randrange(1, 99)}.{rng.randrange(1, 9)} {rng.choice(SCALES)}"
    if form == 3:
        return f"{rng.randrange(1, 99)}%"
    if form == 4:
        return f"${rng.randrange(1, 900)}{rng.choice(['m', 'bn', 'k'])}"
    if form == 5:
        low = rng.randrange(10, 500)
        return f"{low * 1000:,}-{(low + rng.randrange(10, 300)) * 1000:,}"
    if form == 6:
        return rng.choice(WORDS)
    return rng.choice(["tens of thousands", "hundreds of thousands", "several million", "dozens"])


SUBJECTS = ["The minister", "Opposition leaders", "The report", "Residents", "The agency",
            "Analysts", "The mayor", "Campaigners", "The company", "Diplomats", "The court",
            "Local journalists", "The committee", "Aid groups", "The spokeswoman"]
VERBS = ["warned that", "argued that", "insisted that", "acknowledged that", "suggested that",
         "denied that", "noted that", "claimed that", "conceded that", "stressed that"]
CLAUSES = ["the situation remained difficult", "talks would resume after the holiday",
           "the plan had been poorly communicated", "nobody had been told in advance",
           "conditions at the crossing had improved", "the decision would be reviewed",
           "the data were incomplete", "further delays could not be ruled out",
           "the policy had broad public support", "the earlier statement had been misread",
           "families were struggling with rising costs", "the rules had changed overnight"]
TAILS = ["", " on Tuesday", " in a statement", " late on Friday", " according to local media",
         " during a press conference", " in an interview", " in parliament"]


def prose(rng: random.Random) -> str:
    """A sentence without figures, as most news sentences are."""
    return (f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(CLAUSES)}"
            f"{rng.choice(TAILS)}, and {rng.choice(CLAUSES)}.")


def sentence(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return prose(rng)
    year = rng.randrange(1990, 2025)
    date = f"{rng.randrange(1, 28)} {rng.choice(MONTHS)} {year}"
    q = rng.choice(QUALIFIERS)
    n = f"{q} {number(rng)}".strip()
    templates = [
        f"{rng.choice(ACTORS).capitalize()} said {n} {rng.choice(NOUNS)} had left "
        f"{rng.choice(PLACES)} since {date}.",
        f"According to {rng.choice(ACTORS)}, {n} {rng.choice(NOUNS)} were counted in "
        f"{rng.choice(PLACES)} in {year}.",
        f"By {rng.choice(MONTHS)} {year}, the total had reached {n}, up from "
        f"{number(rng)} a year earlier.",
        f"Roughly {rng.randrange(2, 90)}% of the {rng.choice(NOUNS)} surveyed said they expected "
        f"{number(rng)} more to follow, {rng.choice(ACTORS)} reported.",
        f"The programme will cost {n} over {rng.randrange(2, 10)} years, with {number(rng)} "
        f"a day spent on {rng.choice(NOUNS)}.",
        rng.choice(FILLER),
    ]
    return rng.choice(templates)


def make_text(size: int, seed: int) -> str:
    rng = random.Random(seed)
    paragraphs, total = [], 0
    while total < size:
        para = " ".join(sentence(rng) for _ in range(rng.randrange(3, 7)))
        paragraphs.append(para)
        total += len(para) + 2
    return "\n\n".join(paragraphs)[:size].rsplit(" ", 1)[0] + "\n"


def real_text(size: int, root: Path) -> str:
    """The bodies of the real-page documents under ``root`` (``<slug>/docs/*``), header blocks
    taken off by crosstally's reader, joined by blank lines and repeated to about ``size``
    characters (cut at a paragraph end)."""
    from crosstally.sources import read_file

    paths = sorted(p for p in root.glob("*/docs/*") if p.is_file())
    if not paths:
        raise SystemExit(f"no documents under {root}/*/docs/: pass --real DIR")
    bodies = [read_file(p).text.strip("\n") for p in paths]
    one = "\n\n".join(b for b in bodies if b)
    text = one
    while len(text) < size:
        text += "\n\n" + one
    cut = text.rfind("\n\n", 0, size)
    return text[:cut if cut > 0 else size] + "\n"


QUANTULUM_SCRIPT = """
import sys
from quantulum3 import parser
text = open(sys.argv[1], encoding="utf-8").read()
n = 0
for para in text.split("\\n\\n"):
    n += len(parser.parse(para))
print(n)
"""


TARGET = 50.0  # issues 3 and 11: crosstally >= 50x quantulum3, on both texts


def timed(cmd: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout


def installed_state() -> None:
    """crosstally as an installed package that has run before: its modules compiled to
    bytecode, as an installed package has them (an editable install compiles on import, and
    not at all under PYTHONDONTWRITEBYTECODE), and its compiled patterns kept in the user
    cache by a first run (crosstally/pattern_cache.py), as a user's second run finds them."""
    import crosstally

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    package = str(Path(crosstally.__file__).parent)
    subprocess.run([sys.executable, "-m", "compileall", "-q", package], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-m", "crosstally", "extract", "-"], check=True,
                   input="About 1,200 people, up 7% to $2.3 billion.", text=True,
                   stdout=subprocess.DEVNULL)


def run_once(path: Path, chars: int, peer: bool) -> dict[str, float | int]:
    """One run: crosstally, then quantulum3, on the same file."""
    crosstally = Path(sys.executable).with_name("crosstally")
    ct_seconds, ct_out = timed([str(crosstally), "extract", str(path), "--format", "jsonl"])
    result: dict[str, float | int] = {
        "crosstally_seconds": ct_seconds, "crosstally_chars_per_s": chars / ct_seconds,
        "crosstally_records": len(ct_out.splitlines())}
    if peer:
        q_seconds, q_out = timed([str(PEER_PYTHON), "-c", QUANTULUM_SCRIPT, str(path)])
        result.update({"quantulum3_seconds": q_seconds,
                       "quantulum3_chars_per_s": chars / q_seconds,
                       "quantulum3_quantities": int(q_out.strip() or 0),
                       "ratio": q_seconds / ct_seconds})
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--text", choices=["template", "real", "both"], default="both",
                        help="invented template text, real-page text, or one then the other")
    parser.add_argument("--size", type=int, default=1_000_000, help="characters of text")
    parser.add_argument("--seed", type=int, default=7, help="seed of the template text")
    parser.add_argument("--real", type=Path, default=REAL,
                        help="folder of real-page documents (<slug>/docs/*)")
    parser.add_argument("--runs", type=int, default=1, help="runs; medians are reported")
    parser.add_argument("--skip-peer", action="store_true", help="time crosstally only")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    peer = not args.skip_peer
    if peer and not PEER_PYTHON.exists():
        print("bench/.venv-peers is missing: run bench/setup first", file=sys.stderr)
        return 1
    DATA.mkdir(exist_ok=True)
    texts = {}
    if args.text in ("template", "both"):
        texts["template"] = (DATA / f"news-{args.size}-{args.seed}.txt",
                             make_text(args.size, args.seed))
    if args.text in ("real", "both"):
        texts["real"] = (DATA / f"real-{args.size}.txt", real_text(args.size, args.real))
    installed_state()
    results = {}
    for name, (path, text) in texts.items():
        path.write_text(text, encoding="utf-8")
        results[name] = measure(name, path, len(text), peer, args.runs, args.json)
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


def measure(name: str, path: Path, chars: int, peer: bool, n_runs: int,
            quiet: bool) -> dict[str, object]:
    """n_runs runs on one text; prints the medians unless quiet."""
    runs = []
    for n in range(1, n_runs + 1):
        runs.append(run_once(path, chars, peer))
        if not quiet and n_runs > 1:
            print(_line(f"{name} run {n}", runs[-1]), file=sys.stderr)
    summary: dict[str, object] = {key: statistics.median(r[key] for r in runs)
                                  for key in runs[0]}
    summary.update({"chars": chars, "bytes": path.stat().st_size, "runs": n_runs})
    if "ratio" in summary:
        summary["target"] = TARGET
        summary["target_met"] = summary["ratio"] >= TARGET
    if quiet:
        return {"median": summary, "runs": runs}
    median = "median of " + str(n_runs) + " runs" if n_runs > 1 else "1 run"
    print(f"[{name}]")
    print(f"text        {chars:,} characters, {summary['bytes']:,} bytes "
          f"({path.relative_to(HERE.parent)})")
    print(f"crosstally  {summary['crosstally_chars_per_s']:>12,.0f} chars/s  "
          f"({summary['crosstally_seconds']:.2f} s whole process, "
          f"{summary['crosstally_records']:,} estimates)")
    if "ratio" in summary:
        print(f"quantulum3  {summary['quantulum3_chars_per_s']:>12,.0f} chars/s  "
              f"({summary['quantulum3_seconds']:.2f} s whole process, "
              f"{summary['quantulum3_quantities']:,} quantities)")
        verdict = "met" if summary["target_met"] else "NOT met"
        print(f"ratio       {summary['ratio']:>12.1f}x  (target >= {TARGET:.0f}x: {verdict}; "
              f"{median})")
    return {"median": summary, "runs": runs}


def _line(label: str, r: dict[str, float | int]) -> str:
    line = f"{label}: crosstally {r['crosstally_seconds']:.3f} s"
    if "ratio" in r:
        line += f", quantulum3 {r['quantulum3_seconds']:.2f} s, ratio {r['ratio']:.1f}x"
    return line


if __name__ == "__main__":
    sys.exit(main())
