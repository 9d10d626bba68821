"""python -m crosstally.reconcile.question --bank PATH: per-field accuracy and the misses."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import yaml

from crosstally.reconcile.question.bank import score


def main(argv: Sequence[str]) -> int:
    if len(argv) != 2 or argv[0] != "--bank":
        print("usage: python -m crosstally.reconcile.question --bank PATH", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        entries = yaml.safe_load(f)
    right, per_field, misses = score(entries)
    n = len(entries)
    for q, wrong in misses:
        print(q)
        for line in wrong:
            print("   ", line)
    print(f"\nfully right: {right}/{n} = {right / n:.3f}")
    for name, count in per_field.items():
        print(f"  {name:13s} {count / n:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
