"""Throughput of crosstally's extractor against quantulum3 on the same news-like text.

Usage::

    bench/setup                      # once: bench/.venv-peers with quantulum3 (benchmark only)
    .venv/bin/python bench/extract.py [--size 1000000] [--seed 7] [--skip-peer]

Both extractors run as whole processes (interpreter start, imports, reading, extracting) on
the same file: ``crosstally extract FILE --format jsonl`` and a quantulum3 script that parses
the file paragraph by paragraph. The text (about 1 MB) is invented here from sentence
templates with a seeded random generator, so every run measures the same input. The script
prints characters per second for each and the ratio; the target is crosstally >= 50x.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEER_PYTHON = HERE / ".venv-peers" / "bin" / "python"
DATA = HERE / ".data"

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


QUANTULUM_SCRIPT = """
import sys
from quantulum3 import parser
text = open(sys.argv[1], encoding="utf-8").read()
n = 0
for para in text.split("\\n\\n"):
    n += len(parser.parse(para))
print(n)
"""


def timed(cmd: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="characters of text")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-peer", action="store_true", help="time crosstally only")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    path = DATA / f"news-{args.size}-{args.seed}.txt"
    text = make_text(args.size, args.seed)
    path.write_text(text, encoding="utf-8")
    chars = len(text)
    crosstally = Path(sys.executable).with_name("crosstally")
    ct_seconds, ct_out = timed([str(crosstally), "extract", str(path), "--format", "jsonl"])
    result = {"chars": chars, "crosstally_seconds": ct_seconds,
              "crosstally_chars_per_s": chars / ct_seconds,
              "crosstally_records": len(ct_out.splitlines())}
    if not args.skip_peer:
        if not PEER_PYTHON.exists():
            print("bench/.venv-peers is missing: run bench/setup first", file=sys.stderr)
            return 1
        q_seconds, q_out = timed([str(PEER_PYTHON), "-c", QUANTULUM_SCRIPT, str(path)])
        result.update({"quantulum3_seconds": q_seconds,
                       "quantulum3_chars_per_s": chars / q_seconds,
                       "quantulum3_quantities": int(q_out.strip() or 0),
                       "ratio": q_seconds / ct_seconds})
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"text: {chars:,} characters ({path.relative_to(HERE.parent)})")
    print(f"crosstally  {result['crosstally_chars_per_s']:>12,.0f} chars/s  "
          f"({ct_seconds:.2f} s, {result['crosstally_records']:,} estimates)")
    if "ratio" in result:
        print(f"quantulum3  {result['quantulum3_chars_per_s']:>12,.0f} chars/s  "
              f"({result['quantulum3_seconds']:.2f} s, {result['quantulum3_quantities']:,} quantities)")
        print(f"ratio       {result['ratio']:>12.1f}x  (target >= 50x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
