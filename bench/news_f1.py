"""Value-F1 of crosstally's extractor on invented news sentences (issue 11), beside quantulum3's.

Usage::

    .venv/bin/python bench/news_f1.py                 # the table, crosstally and (if set up) quantulum3
    .venv/bin/python bench/news_f1.py --json PATH     # also write the figures to PATH
    .venv/bin/python bench/news_f1.py --skip-peer     # crosstally only
    .venv/bin/python bench/news_f1.py --misses [CLASS]  # crosstally's misses, sentence by sentence

The set is ``tests/news/sentences.yaml``: news-style sentences, each with every number it holds
(see the file's header for the annotation rules). Scoring follows how the peers are scored, on
value alone:

* A predicted quantity matches an annotated estimate when its value is within 0.5% of the
  annotated value (or of one of its ``also`` readings); for a range, when both its low and
  its high are. A change is matched on its size ("fell 0.4%" predicted as -0.4 or 0.4). Each
  annotation matches at most one prediction (a maximum one-to-one matching per sentence).
* Matched predictions are true positives, annotated estimates left unmatched false negatives,
  and every other prediction a false positive: one that reads an annotated non-estimate (a
  year, a name's number, a score, an age...) is counted as such, so the table says which
  non-estimates leak into the estimates. Not predicting a non-estimate is right.
* crosstally's predictions are ``crosstally.extract_estimates(sentence)``, one sentence at a
  time; quantulum3's (run in ``bench/.venv-peers``, made by ``bench/setup``) are every
  quantity ``parser.parse`` returns, a value with an uncertainty read as the range
  value +- uncertainty.

Precision, recall and F1 are given per class of the issue (over the sentences tagged with it),
per annotated kind and overall. A second, informational line scores crosstally with
``include_all``: of the non-estimates whose kind crosstally has (the kinds of the report
schema: year, date, ordinal, identifier, ...), how many come out as a record of the right kind
over their words.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]  # no stubs in the environment; safe_load only

HERE = Path(__file__).resolve().parent
SET = HERE.parent / "tests" / "news" / "sentences.yaml"
PEER_PYTHON = HERE / ".venv-peers" / "bin" / "python"
TOLERANCE = 0.005  # relative: a value within 0.5% of the annotated one matches

ESTIMATE_KINDS = ("count", "money", "percent", "measure", "rate", "change", "duration")
OTHER_KINDS = ("year", "date", "ordinal", "identifier", "name", "score", "marker", "age",
               "magnitude", "statistic")
# The crosstally kinds that say rightly what an annotated non-estimate is, for the
# include_all line. An annotated kind is scored there once crosstally has one of these.
RIGHT_KINDS: dict[str, frozenset[str]] = {
    "year": frozenset({"year"}),
    "date": frozenset({"date"}),
    "ordinal": frozenset({"ordinal"}),
    "identifier": frozenset({"identifier"}),
    "name": frozenset({"name", "identifier"}),
    "score": frozenset({"score"}),
    "marker": frozenset({"marker", "reference", "list_number"}),
    "age": frozenset({"age"}),
    "magnitude": frozenset({"magnitude"}),
    "statistic": frozenset({"statistic"}),
    "duration": frozenset({"duration"}),
}
# Number words an annotation must cover when a sentence uses them (check_set).
NUMBER_WORDS = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|thousand|million|billion|trillion|dozen|half|(?:a|three) quarters?|"
    r"thirds?|"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|lakh|crore)\b",
    re.IGNORECASE)


# ----------------------------------------------------------------------------- the set


@dataclass(frozen=True)
class Quantity:
    """One annotated number (or range, or group of numbers) of a sentence."""

    text: str
    kind: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    values: tuple[float, ...] = ()
    also: tuple[float, ...] = ()
    unit: str | None = None
    per: str | None = None
    at: int = 0

    @property
    def estimate(self) -> bool:
        return self.kind in ESTIMATE_KINDS

    @property
    def numbers(self) -> tuple[float, ...]:
        """Every number the annotation holds, to recognise a prediction that reads it."""
        own = (self.value, self.low, self.high)
        return tuple(n for n in own if n is not None) + self.values + self.also


@dataclass(frozen=True)
class Sentence:
    id: str
    text: str
    classes: tuple[str, ...]
    quantities: tuple[Quantity, ...]

    def span(self, q: Quantity) -> tuple[int, int] | None:
        """Where the annotation's text is in the sentence: its `at`-th occurrence that is
        not part of a longer number ("5 hours" is not inside "3.5 hours")."""
        found = [m.start() for m in re.finditer(re.escape(q.text), self.text)
                 if _whole(self.text, m.start(), m.end())]
        return (found[q.at], found[q.at] + len(q.text)) if q.at < len(found) else None


@dataclass(frozen=True)
class NewsSet:
    classes: dict[str, str]
    sentences: tuple[Sentence, ...]


def _whole(text: str, start: int, end: int) -> bool:
    """Does text[start:end] neither continue a number before it nor run on into one?"""
    before = re.search(r"\d[.,]?$", text[:start]) if text[start:start + 1].isdigit() else None
    after = re.match(r"[.,]?\d", text[end:]) if text[end - 1:end].isdigit() else None
    return before is None and after is None


def _number(raw: Any) -> float | None:
    return None if raw is None else float(raw)


def _quantity(raw: dict[str, Any]) -> Quantity:
    return Quantity(
        text=str(raw["text"]), kind=str(raw["kind"]), value=_number(raw.get("value")),
        low=_number(raw.get("low")), high=_number(raw.get("high")),
        values=tuple(float(v) for v in raw.get("values", ())),
        also=tuple(float(v) for v in raw.get("also", ())),
        unit=raw.get("unit"), per=None if raw.get("per") is None else str(raw["per"]),
        at=int(raw.get("at", 0)))


def load_set(path: Path = SET) -> NewsSet:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    sentences = tuple(
        Sentence(id=str(s["id"]), text=str(s["text"]), classes=tuple(s["classes"]),
                 quantities=tuple(_quantity(q) for q in s["quantities"]))
        for s in data["sentences"])
    return NewsSet(classes=dict(data["classes"]), sentences=sentences)


def check_set(news: NewsSet) -> list[str]:
    """Problems with the annotations: unknown kinds or classes, texts not in the sentence,
    estimates without a value, and digits or number words no annotation covers."""
    problems: list[str] = []
    ids = Counter(s.id for s in news.sentences)
    problems += [f"{i}: id used {n} times" for i, n in ids.items() if n > 1]
    for s in news.sentences:
        problems += [f"{s.id}: unknown class {c!r}" for c in s.classes if c not in news.classes]
        if not s.classes:
            problems.append(f"{s.id}: no class")
        covered = [False] * len(s.text)
        for q in s.quantities:
            problems += _check_quantity(s, q, covered)
        for m in re.finditer(r"\d", s.text):
            if not covered[m.start()]:
                problems.append(f"{s.id}: digit at {m.start()} ({s.text[m.start():][:12]!r}) "
                                "has no annotation")
        for m in NUMBER_WORDS.finditer(s.text):
            if not all(covered[m.start():m.end()]):
                problems.append(f"{s.id}: number word {m.group()!r} has no annotation")
    return problems


def _check_quantity(s: Sentence, q: Quantity, covered: list[bool]) -> list[str]:
    problems = []
    if q.kind not in ESTIMATE_KINDS + OTHER_KINDS:
        problems.append(f"{s.id}: unknown kind {q.kind!r}")
    span = s.span(q)
    if span is None:
        problems.append(f"{s.id}: {q.text!r} (occurrence {q.at}) is not in the sentence")
    else:
        covered[span[0]:span[1]] = [True] * (span[1] - span[0])
    start = s.text.find(q.per) if q.per else -1
    if start >= 0:
        covered[start:start + len(q.per or "")] = [True] * len(q.per or "")
    elif q.per and q.per[:1].isdigit():
        problems.append(f"{s.id}: per {q.per!r} is not in the sentence")
    ranged = q.low is not None and q.high is not None
    if q.estimate and (q.value is None) == (not ranged):
        problems.append(f"{s.id}: estimate {q.text!r} needs a value or low and high")
    if not q.estimate and not q.numbers:
        problems.append(f"{s.id}: {q.text!r} holds no number")
    return problems


# ----------------------------------------------------------------------------- predictions


@dataclass(frozen=True)
class Prediction:
    text: str
    value: float | None
    low: float | None
    high: float | None
    kind: str = ""
    start: int = -1
    end: int = -1


def crosstally_predictions(sentences: Sequence[Sentence], *,
                           include_all: bool = False) -> list[list[Prediction]]:
    """crosstally.extract_estimates on each sentence."""
    from crosstally import extract_estimates

    return [[Prediction(e.text, e.value, e.low, e.high, e.kind, e.start, e.end)
             for e in extract_estimates(s.text, include_all=include_all)]
            for s in sentences]


QUANTULUM_SCRIPT = """
import json, sys, warnings
warnings.simplefilter("ignore")
from quantulum3 import parser
out = []
for text in json.load(sys.stdin):
    found = []
    for q in parser.parse(text):
        u = q.uncertainty
        low, high = (q.value - u, q.value + u) if u else (None, None)
        found.append({"text": q.surface, "value": None if u else q.value, "low": low,
                      "high": high, "kind": q.unit.entity.name,
                      "start": q.span[0], "end": q.span[1]})
    out.append(found)
json.dump(out, sys.stdout)
"""


def quantulum_predictions(sentences: Sequence[Sentence]) -> list[list[Prediction]] | None:
    """quantulum3's quantities, run in bench/.venv-peers; None when that venv is missing."""
    if not PEER_PYTHON.exists():
        return None
    done = subprocess.run([str(PEER_PYTHON), "-c", QUANTULUM_SCRIPT],
                          input=json.dumps([s.text for s in sentences]), capture_output=True,
                          text=True, check=True)
    return [[Prediction(p["text"], p["value"], p["low"], p["high"], p["kind"], p["start"],
                        p["end"]) for p in found]
            for found in json.loads(done.stdout)]


# ----------------------------------------------------------------------------- matching


def close(got: float, want: float) -> bool:
    return abs(got - want) <= TOLERANCE * abs(want) if want else abs(got) < 1e-9


def matches(p: Prediction, q: Quantity) -> bool:
    """Does prediction `p` read annotated estimate `q` (value within 0.5%, or both ends)?"""
    if q.value is not None:
        if p.value is None:
            return False
        got = abs(p.value) if q.kind == "change" else p.value
        wants = (q.value,) + q.also
        return any(close(got, abs(w) if q.kind == "change" else w) for w in wants)
    if q.low is None or q.high is None or p.low is None or p.high is None:
        return False
    return close(p.low, q.low) and close(p.high, q.high)


def reads(p: Prediction, q: Quantity) -> bool:
    """Does prediction `p` give one of the numbers of annotated non-estimate `q` (either
    sign: "plus or minus 2 points" read as -2 still gives the 2)?"""
    got = [abs(n) for n in (p.value, p.low, p.high) if n is not None]
    return any(close(g, abs(n)) for g in got for n in q.numbers)


def _overlaps(p: Prediction, span: tuple[int, int] | None) -> bool:
    return span is not None and p.start >= 0 and p.start < span[1] and span[0] < p.end


def _non_estimate_read(sentence: Sentence, p: Prediction,
                       others: Sequence[Quantity]) -> Quantity | None:
    """The annotated non-estimate a wrong prediction gives: one under its words that it
    reads, else one under its words ("4K" as 4000), else one it reads anywhere."""
    under = [q for q in others if _overlaps(p, sentence.span(q))]
    return (next((q for q in under if reads(p, q)), None) or next(iter(under), None)
            or next((q for q in others if reads(p, q)), None))


def _one_to_one(n_preds: int, edges: list[list[int]]) -> dict[int, int]:
    """Maximum matching annotation -> prediction (augmenting paths; sentences are small)."""
    owner: dict[int, int] = {}

    def assign(q: int, seen: set[int]) -> bool:
        for p in edges[q]:
            if p in seen:
                continue
            seen.add(p)
            if p not in owner or assign(owner[p], seen):
                owner[p] = q
                return True
        return False

    for q in range(len(edges)):
        assign(q, set())
    return {q: p for p, q in owner.items()}


@dataclass
class SentenceScore:
    """One sentence's outcome: what matched, what was missed, what was wrongly given."""

    sentence: Sentence
    matched: list[tuple[Quantity, Prediction]] = field(default_factory=list)
    missed: list[Quantity] = field(default_factory=list)
    leaked: list[tuple[Quantity, Prediction]] = field(default_factory=list)  # non-estimates
    spurious: list[Prediction] = field(default_factory=list)

    @property
    def counts(self) -> tuple[int, int, int]:
        return len(self.matched), len(self.leaked) + len(self.spurious), len(self.missed)


def score_sentence(sentence: Sentence, predictions: Sequence[Prediction]) -> SentenceScore:
    estimates = [q for q in sentence.quantities if q.estimate]
    others = [q for q in sentence.quantities if not q.estimate]
    edges = [[i for i, p in enumerate(predictions) if matches(p, q)] for q in estimates]
    pairs = _one_to_one(len(predictions), edges)
    result = SentenceScore(sentence)
    for qi, q in enumerate(estimates):
        if qi in pairs:
            result.matched.append((q, predictions[pairs[qi]]))
        else:
            result.missed.append(q)
    used = set(pairs.values())
    for i, p in enumerate(predictions):
        if i in used:
            continue
        read = _non_estimate_read(sentence, p, others)
        if read is None:
            result.spurious.append(p)
        else:
            result.leaked.append((read, p))
    return result


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    leaked: int = 0  # of fp: predictions that read an annotated non-estimate

    def add(self, s: SentenceScore) -> None:
        tp, fp, fn = s.counts
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn
        self.leaked += len(s.leaked)

    def to_json(self) -> dict[str, float | int]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "non_estimates_given": self.leaked,
                "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def score(news: NewsSet, predictions: Sequence[Sequence[Prediction]]) -> dict[str, Any]:
    """Overall, per-class and per-kind figures for one extractor's predictions."""
    scored = [score_sentence(s, p) for s, p in zip(news.sentences, predictions, strict=True)]
    overall, classes = Tally(), {c: Tally() for c in news.classes}
    for s in scored:
        overall.add(s)
        for c in s.sentence.classes:
            classes[c].add(s)
    kinds: dict[str, dict[str, int]] = {}
    for s in scored:
        for q in s.sentence.quantities:
            row = kinds.setdefault(q.kind, {"annotated": 0, "found": 0, "given": 0})
            row["annotated"] += 1
        for q, _ in s.matched:
            kinds[q.kind]["found"] += 1
        for q in {id(q): q for q, _ in s.leaked}.values():
            kinds[q.kind]["given"] += 1
    return {"overall": overall.to_json(),
            "classes": {c: t.to_json() for c, t in classes.items()},
            "kinds": {k: kinds[k] for k in ESTIMATE_KINDS + OTHER_KINDS if k in kinds},
            "sentences": scored}


# ----------------------------------------------------------------------------- kinds under --all


def schema_kinds() -> frozenset[str]:
    """The estimate kinds crosstally's report schema knows."""
    schema = json.loads(resources.files("crosstally").joinpath(
        "schema/report.schema.json").read_text(encoding="utf-8"))
    for node in _walk(schema):
        kind = node.get("kind")
        if isinstance(kind, dict) and "count" in kind.get("enum", ()):
            return frozenset(kind["enum"])
    raise LookupError("no estimate 'kind' enum in crosstally's report schema")


def _walk(node: Any) -> Iterable[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for child in node.values():
            yield from _walk(child)
    elif isinstance(node, list):
        for child in node:
            yield from _walk(child)


def kind_check(news: NewsSet, records: Sequence[Sequence[Prediction]],
               known: frozenset[str]) -> dict[str, Any]:
    """Of the annotations whose kind crosstally has, how many come out (under include_all)
    as records of that kind over their words, with no record of another kind there."""
    per_kind: dict[str, dict[str, int]] = {}
    for s, found in zip(news.sentences, records, strict=True):
        for q in s.quantities:
            right = RIGHT_KINDS.get(q.kind, frozenset()) & known
            span = s.span(q)
            if not right or span is None:
                continue
            over = [r.kind for r in found if r.start < span[1] and span[0] < r.end]
            row = per_kind.setdefault(q.kind, {"annotated": 0, "right": 0, "missing": 0})
            row["annotated"] += 1
            if not over:
                row["missing"] += 1
            elif all(k in right for k in over):
                row["right"] += 1
    total = sum(r["annotated"] for r in per_kind.values())
    good = sum(r["right"] for r in per_kind.values())
    not_yet = sorted(k for k, names in RIGHT_KINDS.items() if not names & known)
    return {"annotated": total, "right": good, "rate": round(good / total, 4) if total else 0.0,
            "kinds": per_kind, "kinds_crosstally_lacks": not_yet}


# ----------------------------------------------------------------------------- report


def run(news: NewsSet | None = None, *, peer: bool = True) -> dict[str, Any]:
    """Every figure: crosstally, quantulum3 when its venv is there, the include_all kinds."""
    news = news or load_set()
    results: dict[str, Any] = {"crosstally": score(news, crosstally_predictions(news.sentences))}
    theirs = quantulum_predictions(news.sentences) if peer else None
    if theirs is not None:
        results["quantulum3"] = score(news, theirs)
    records = crosstally_predictions(news.sentences, include_all=True)
    quantities = [q for s in news.sentences for q in s.quantities]
    return {
        "set": {"sentences": len(news.sentences), "quantities": len(quantities),
                "estimates": sum(q.estimate for q in quantities),
                "non_estimates": sum(not q.estimate for q in quantities),
                "classes": {c: sum(c in s.classes for s in news.sentences)
                            for c in news.classes}},
        "extractors": results,
        "kind_check": kind_check(news, records, schema_kinds()),
    }


def to_json(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures without the per-sentence detail."""
    out = dict(figures)
    out["extractors"] = {name: {k: v for k, v in r.items() if k != "sentences"}
                         for name, r in figures["extractors"].items()}
    return out


def _prf(row: dict[str, Any]) -> str:
    return (f"{100 * row['precision']:5.1f} {100 * row['recall']:5.1f} {100 * row['f1']:5.1f}"
            f" {row['non_estimates_given']:5d}")


def table(figures: dict[str, Any]) -> str:
    names = list(figures["extractors"])
    counts = figures["set"]
    lines = [(f"news-text value-F1: {counts['sentences']} sentences, {counts['quantities']} "
              f"numbers annotated ({counts['estimates']} estimates, {counts['non_estimates']} "
              "not estimates); match within 0.5%"),
             "",
             f"{'class':<14}{'sent':>5} " + "".join(f" | {n:<23}" for n in names),
             f"{'':<14}{'':>5} " + f" | {'P':>5} {'R':>5} {'F1':>5} {'non':>5}" * len(names)]
    rows = [(c, counts["classes"][c]) for c in counts["classes"]] + [("overall", None)]
    for c, n in rows:
        cells = "".join(" | " + _prf(figures["extractors"][name]["classes"][c]
                                    if n is not None else figures["extractors"][name]["overall"])
                        for name in names)
        lines.append(f"{c:<14}{n if n is not None else counts['sentences']:>5} {cells}")
    lines += ["",
              "P, R, F1 in %; non: wrong predictions that give a number annotated as no estimate.",
              "found: estimates of the kind matched; given: non-estimates given as estimates.",
              "",
              f"{'kind':<14}{'annot':>5} " + "".join(f" | {n:<11}" for n in names)]
    kinds = figures["extractors"][names[0]]["kinds"]
    for kind, row in kinds.items():
        estimate = kind in ESTIMATE_KINDS
        cells = ""
        for name in names:
            r = figures["extractors"][name]["kinds"][kind]
            cells += (f" | found {r['found']:>5}" if estimate else f" | given {r['given']:>5}")
        lines.append(f"{kind:<14}{row['annotated']:>5} {cells}")
    check = figures["kind_check"]
    lacks = ", ".join(check["kinds_crosstally_lacks"]) or "none"
    per = ", ".join(f"{k} {r['right']}/{r['annotated']}" for k, r in check["kinds"].items())
    lines += ["", (f"crosstally --all kinds: {check['right']}/{check['annotated']} "
                   f"non-estimates get the right kind ({100 * check['rate']:.1f}%): {per}; "
                   f"kinds crosstally lacks: {lacks}")]
    return "\n".join(lines)


def misses(figures: dict[str, Any], only: str | None) -> str:
    """crosstally's misses and wrong predictions, sentence by sentence."""
    out = []
    for s in figures["extractors"]["crosstally"]["sentences"]:
        if only and only not in s.sentence.classes:
            continue
        if not (s.missed or s.leaked or s.spurious):
            continue
        out.append(f"{s.sentence.id}: {s.sentence.text}")
        out += [f"    missed   {q.kind:<9} {q.text}" for q in s.missed]
        out += [f"    gave     {p.text!r} ({_shown(p)}) annotated {q.kind} {q.text!r}"
                for q, p in s.leaked]
        out += [f"    spurious {p.text!r} ({_shown(p)})" for p in s.spurious]
    return "\n".join(out)


def _shown(p: Prediction) -> str:
    if p.value is not None:
        return f"{p.value:g}"
    return f"{p.low:g}..{p.high:g}" if p.low is not None and p.high is not None else \
        f"{p.low}..{p.high}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", metavar="PATH", type=Path, help="write the figures here")
    parser.add_argument("--skip-peer", action="store_true", help="score crosstally only")
    parser.add_argument("--misses", nargs="?", const="", metavar="CLASS",
                        help="list crosstally's misses (of one class)")
    args = parser.parse_args(argv)
    news = load_set()
    problems = check_set(news)
    if problems:
        print("tests/news/sentences.yaml has problems:\n  " + "\n  ".join(problems),
              file=sys.stderr)
        return 1
    if not args.skip_peer and not PEER_PYTHON.exists():
        print("bench/.venv-peers is missing: quantulum3 is not scored (run bench/setup)",
              file=sys.stderr)
    figures = run(news, peer=not args.skip_peer)
    print(table(figures))
    if args.misses is not None:
        print()
        print(misses(figures, args.misses or None))
    if args.json:
        args.json.write_text(json.dumps(to_json(figures), indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
