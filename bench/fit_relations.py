"""Fit the relation weights on annotated topics and score them leave one topic out.

    .venv/bin/python bench/fit_relations.py                 # held-out scoreboard, per topic
    .venv/bin/python bench/fit_relations.py --write         # also refit on all topics and
                                                            # write src/crosstally/reconcile/relations.json

Topics are every folder with docs/ + gold.yaml under ../shared/corpus and ../shared/corpus-real
(or the folders given with --topics). For each topic the pipeline runs up to extraction once;
each extracted estimate is labelled with the relation of the gold estimate it matches (the
scoreboard's matching) or `unrelated` when it matches none. Stage one is a multinomial logistic
regression on `evidence.features`; stage two adds `evidence.magnitude_features` against the
centre of stage one's direct figures. Held out: each topic is answered, end to end, with
weights fit on the other topics only, and scored with `crosstally.evaluate`.
Needs scikit-learn (`pip install -e ".[fit]"`).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

try:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
except ImportError:  # pragma: no cover - a message, not a traceback
    sys.exit("bench/fit_relations.py needs scikit-learn: "
             ".venv/bin/python -m pip install -e '.[fit]'")

import crosstally
from crosstally.evaluate import load_gold, match_estimates, score_topic, values_match
from crosstally.pipeline import gather_estimates, ingest
from crosstally.reconcile import parse_question
from crosstally.reconcile.model import RELATIONS, RelationModel, Stage, using
from crosstally.reconcile.relate import first_features, second_features
from crosstally.store import Store
from crosstally.types import Estimate

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
OUT = ROOT / "src" / "crosstally" / "reconcile" / "relations.json"
C = 0.3  # inverse regularisation strength; features are 0/1, so weights stay readable
CLASS_BALANCE = 0.25  # 0: classes as they occur (most figures answer something else); 1: balanced
METRICS = ("direct_recall", "direct_precision", "relation_accuracy", "distractor_rejection",
           "answer_log_iou", "likely_log_iou")


@dataclass
class Topic:
    name: str
    path: Path
    real: bool
    estimates: list[Estimate]
    first: list[dict[str, float]]
    labels: list[str | None]  # None: a repeat gold does not list, not trained on


def load_topic(path: Path) -> Topic:
    gold = load_gold(path)
    target = parse_question(gold["question"])
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "s.sqlite") as store:
        ingest(store, [path / "docs"])
        estimates, contexts = gather_estimates(store, gold["question"], list(store.documents()))
    first = first_features(estimates, target, contexts)
    preds = [e.to_json() for e in estimates]
    matched = match_estimates(gold["estimates"], preds)
    labels: list[str | None] = ["unrelated"] * len(estimates)
    for g, p in matched.items():
        rel = gold["estimates"][g]["relation"]
        labels[p] = "unrelated" if rel == "distractor" else rel
    # Gold lists a figure once per document (headlines and repeats are left out): a repeat of
    # a listed figure has no label of its own and is left out of training (None).
    listed = set(matched.values())
    for i, e in enumerate(estimates):
        if i not in listed:
            twin = next((j for j in listed if estimates[j].doc == e.doc
                         and values_match_any(estimates[j], e)), None)
            if twin is not None:
                labels[i] = None
    return Topic(path.name, path, "corpus-real" in str(path), estimates, first, labels)


def values_match_any(a: Estimate, b: Estimate) -> bool:
    return any(values_match(x, y) for x in (a.value, a.low, a.high) if x
               for y in (b.value, b.low, b.high) if y)


def second_rows(topic: Topic, first_stage: Stage) -> list[dict[str, float]]:
    return second_features(topic.estimates, topic.first, first_stage)


def fit_stage(rows: list[dict[str, float]], labels: list[str]) -> Stage:
    vec = DictVectorizer(sparse=False)
    x = vec.fit_transform(rows)
    counts = {c: labels.count(c) for c in set(labels)}
    class_weights = {c: (len(labels) / (len(counts) * n)) ** CLASS_BALANCE
                     for c, n in counts.items()}
    clf = LogisticRegression(C=C, max_iter=2000, class_weight=class_weights)
    clf.fit(x, labels)
    classes = tuple(str(c) for c in clf.classes_)
    weights = {name: tuple(round(float(clf.coef_[i][j]), 4) for i in range(len(classes)))
               for j, name in enumerate(vec.feature_names_)}
    return Stage(classes, weights, tuple(round(float(b), 4) for b in clf.intercept_))


def fit(topics: list[Topic]) -> RelationModel:
    keep = [(t, i) for t in topics for i, lab in enumerate(t.labels) if lab is not None]
    labels = [str(t.labels[i]) for t, i in keep]
    first = fit_stage([t.first[i] for t, i in keep], labels)
    second_of = {t.name: second_rows(t, first) for t in topics}
    second = fit_stage([second_of[t.name][i] for t, i in keep], labels)
    assert set(first.classes) <= set(RELATIONS)
    return RelationModel(first, second, tuple(t.name for t in topics))


def score(topic: Topic, model: RelationModel) -> dict[str, float | None]:
    gold = load_gold(topic.path)
    with using(model):
        report = crosstally.ask(gold["question"], [topic.path / "docs"])
    s = score_topic(report.to_json(), gold, topic=topic.name)
    out: dict[str, float | None] = {m: getattr(s, m, None) for m in METRICS}
    out["magnitude_right"] = float(bool(s.magnitude_right))
    out["unsupported"] = float(s.unsupported_numbers)
    return out


def table(rows: dict[str, dict[str, float | None]], names: list[str]) -> str:
    cols = [*METRICS, "magnitude_right", "unsupported"]
    short = ["d.rec", "d.prec", "rel.acc", "distr.rej", "logIoU", "likely", "magn", "unsup"]
    lines = ["topic".ljust(34) + "".join(s.rjust(9) for s in short)]
    for n in names:
        lines.append(n[:33].ljust(34) + "".join(_fmt(rows[n][c]).rjust(9) for c in cols))
    return "\n".join(lines)


def mean_row(rows: list[dict[str, float | None]]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for c in rows[0]:
        vals = [r[c] for r in rows if r[c] is not None]
        out[c] = (sum(vals) if c in ("magnitude_right", "unsupported") else
                  statistics.fmean(vals)) if vals else None
    return out


def _fmt(v: float | None) -> str:
    return "-" if v is None else f"{v:.2f}" if v % 1 else f"{v:.0f}"


def topic_dirs(given: list[Path]) -> list[Path]:
    roots = given or [SHARED / "corpus", SHARED / "corpus-real"]
    return sorted({p.parent for r in roots for p in r.glob("*/gold.yaml")} |
                  {r for r in roots if (r / "gold.yaml").exists()})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--topics", nargs="*", type=Path, default=[])
    ap.add_argument("--write", action="store_true", help="refit on every topic and write the weights")
    ap.add_argument("--json", type=Path, help="write the held-out scores as JSON here")
    args = ap.parse_args()
    t0 = time.perf_counter()
    topics = [load_topic(p) for p in topic_dirs(args.topics)]
    held: dict[str, dict[str, float | None]] = {}
    for t in topics:
        held[t.name] = score(t, fit([o for o in topics if o is not t]))
    for label, keep in (("invented (corpus)", False), ("real pages (corpus-real)", True)):
        names = [t.name for t in topics if t.real == keep]
        if names:
            held[f"mean: {label}"] = mean_row([held[n] for n in names])
            print(f"held out, leave one topic out: {label}")
            print(table(held, [*names, f"mean: {label}"]) + "\n")
    if args.json:
        args.json.write_text(json.dumps(held, indent=2) + "\n")
    if args.write:
        model = fit(topics)
        OUT.write_text(json.dumps(model.to_json(), indent=1, sort_keys=True) + "\n")
        print(f"wrote {OUT.relative_to(ROOT)}")
    print(f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
