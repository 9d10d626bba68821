"""Extraction alone against the gold corpus: every document read whole, no retrieval.

Usage::

    .venv/bin/python bench/corpus_extraction.py           # the four figures, per topic too
    .venv/bin/python bench/corpus_extraction.py --json
    .venv/bin/python bench/corpus_extraction.py --misses  # gold the extractor gets wrong

Figures (issue 3 acceptance), scored by `crosstally.evaluate.score_extraction`:

* found: non-distractor gold estimates matched (same document, a value/low/high within
  0.5 %, one-to-one) by an extracted estimate;
* qualifier right: of those found, the extracted qualifier equals the gold one;
* counted filled: of the found ``direct`` ones, the extracted estimate has ``counted``;
* furniture emitted: of the gold distractors that are years, dates or HTML boilerplate, the
  share matched by an extracted estimate (lower is better).

The corpus is ``../shared/corpus`` beside the repository; ``CROSSTALLY_SHARED`` overrides
the shared folder.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def corpus_dir() -> Path:
    env = os.environ.get("CROSSTALLY_SHARED")
    return (Path(env) if env else REPO.parent / "shared") / "corpus"


def topic_dirs(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.glob("*/") if (p / "gold.yaml").exists())


def score_topic_extraction(topic: Path) -> Any:
    """ExtractionScore of one topic folder (`<topic>/docs/`, `<topic>/gold.yaml`)."""
    from crosstally.evaluate import load_gold, score_extraction
    from crosstally.extract import default_extractor
    from crosstally.sources import read_file

    extractor = default_extractor()
    predictions: list[dict[str, Any]] = []
    raw: dict[str, str] = {}
    for path in sorted((topic / "docs").iterdir()):
        raw[path.name] = path.read_text("utf-8", errors="replace")
        text = read_file(path).text
        predictions += [e.to_json() | {"doc": path.name} for e in extractor.extract(text, path.name)]
    gold = load_gold(topic)
    return score_extraction(gold["estimates"], predictions, raw), gold, predictions


def figures(score: Any) -> dict[str, Any]:
    return {
        "found": score.found, "qualifier_right": score.qualifier_right,
        "counted_filled": score.counted_filled,
        "furniture_emitted": score.furniture_emitted_share,
        "counts": {"relevant": score.n_relevant, "found": score.n_found,
                   "qualifier_right": score.n_qualifier_right,
                   "direct_found": score.n_direct_found,
                   "direct_counted": score.n_direct_counted,
                   "furniture": score.n_furniture, "furniture_emitted": score.n_furniture_emitted},
    }


def corpus_figures(corpus: Path | None = None) -> dict[str, Any]:
    """Overall figures (pooled over topics) and per-topic figures."""
    topics = topic_dirs(corpus or corpus_dir())
    per_topic, total = {}, None
    for topic in topics:
        score = score_topic_extraction(topic)[0]
        per_topic[topic.name] = figures(score)
        total = score if total is None else total + score
    return {"overall": figures(total) if total else None, "topics": per_topic}


def _pct(x: float | None) -> str:
    return "   -  " if x is None else f"{100 * x:5.1f}%"


def print_table(result: dict[str, Any]) -> None:
    print(f"{'topic':32s} {'found':>7s} {'qualif.':>7s} {'counted':>7s} {'furnit.':>7s}")
    rows = [*result["topics"].items(), ("overall", result["overall"])]
    for name, f in rows:
        print(f"{name:32s} {_pct(f['found']):>7s} {_pct(f['qualifier_right']):>7s} "
              f"{_pct(f['counted_filled']):>7s} {_pct(f['furniture_emitted']):>7s}")
    c = result["overall"]["counts"]
    print(f"\nfound {c['found']}/{c['relevant']}, qualifier right {c['qualifier_right']}/"
          f"{c['found']}, counted filled {c['direct_counted']}/{c['direct_found']} direct, "
          f"furniture emitted {c['furniture_emitted']}/{c['furniture']}")


def print_misses(corpus: Path) -> None:
    from crosstally.evaluate import match_estimates

    for topic in topic_dirs(corpus):
        score, gold, preds = score_topic_extraction(topic)
        by_id = {str(g["id"]): g for g in gold["estimates"]}
        matched = match_estimates(gold["estimates"], preds)
        index = {str(g["id"]): i for i, g in enumerate(gold["estimates"])}
        for label, ids in (("MISS", score.misses), ("QUALIFIER", score.wrong_qualifiers),
                           ("FURNITURE", score.furniture_emitted)):
            for gid in ids:
                g = by_id[gid]
                p = preds[matched[index[gid]]] if index[gid] in matched else None
                got = "" if p is None else (f" -> {p['text']!r} {p['qualifier']} "
                                            f"{p['value']}/{p['low']}/{p['high']}")
                print(f"{label:9s} {topic.name[:12]} {gid} {g['doc'][:24]} {g['span']!r} "
                      f"{g.get('qualifier')} {g.get('value')}/{g.get('low')}/{g.get('high')}{got}")
        direct_found = [gid for gid in by_id if by_id[gid].get("relation") == "direct"
                        and index[gid] in matched]
        for gid in direct_found:
            p = preds[matched[index[gid]]]
            if not p.get("counted"):
                print(f"COUNTED   {topic.name[:12]} {gid} {p['text']!r} in {p['quote']!r}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list what is missed or wrong")
    args = parser.parse_args(argv)
    corpus = corpus_dir()
    if not topic_dirs(corpus):
        print(f"no gold corpus under {corpus} (set CROSSTALLY_SHARED)", file=sys.stderr)
        return 1
    if args.misses:
        print_misses(corpus)
        return 0
    result = corpus_figures(corpus)
    print(json.dumps(result, indent=2) if args.json else "", end="")
    if not args.json:
        print_table(result)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    sys.exit(main())
