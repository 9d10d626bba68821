"""Scoreboard: compare a crosstally report (its JSON form) with hand-annotated gold.

Gold comes in two schemas, one ``gold.yaml`` per topic, and both are read as they are:

* ``corpus/README.md`` (invented documents): an estimate's text is its ``span``, ``doc`` is
  a bare file name, and the answer's most-likely band is ``answer.central: {low, high}``;
* ``corpus-real/README.md`` (re-told real pages): an estimate's text is its ``quote``,
  ``doc`` is ``docs/NN.txt``, and the band is ``answer.likely_low``/``likely_high``.

The report format is the ``ask --format json`` shape of the outside contract. Only the standard
library and PyYAML are used, so the scoreboard can run without the rest of the package.

Definitions (the team's scoreboard):

* A prediction *matches* a gold estimate when both come from the same document (compared
  by file basename) and any of the prediction's ``value``/``low``/``high`` equals any of the
  gold's ``value``/``low``/``high`` within 0.5 % (relative). Matching is one-to-one and
  greedy over candidate pairs sorted by: prediction ``text`` inside the gold ``span`` (or
  ``quote``) first, then more words shared between prediction ``quote`` and that gold text,
  then gold order, then prediction order.
* ``found``: share of gold non-distractor estimates that are matched.
* ``direct_recall``: share of gold ``direct`` estimates whose match is labelled ``direct``.
* ``direct_precision``: share of predictions labelled ``direct`` matched to a gold ``direct``.
* ``relation_accuracy``: over matched gold non-distractors, share whose prediction has the
  gold relation.
* ``distractor_rejection``: share of gold distractors not matched by a prediction labelled
  anything but ``unrelated`` (a prediction without a relation counts as accepting it).
* ``answer_log_iou``: IoU of the report and gold answer intervals in log10 space.
* ``likely_log_iou``: the same for the most-likely band: the report's
  ``answer.likely_low``/``likely_high`` against gold ``likely_low``/``likely_high`` (or
  ``central.low``/``central.high``); None when gold has no band, 0.0 when the report has none.
* ``magnitude_right``: the order named by the report's magnitude words lies between the
  orders of gold ``low`` and ``high``.
* ``unsupported_numbers``: ``verification.numbers - verification.numbers_supported``.

Metrics with an empty denominator are ``None``.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

__all__ = [
    "ExtractionScore",
    "TopicScore",
    "distractor_kind",
    "format_scoreboard",
    "likely_log_iou",
    "load_gold",
    "magnitude_order",
    "match_estimates",
    "score_extraction",
    "score_topic",
    "summarise",
    "values_match",
]

TOLERANCE = 0.005
"""Relative tolerance for two values to be equal (0.5 %)."""

POINT_HALF_WIDTH = 0.01
"""Half-width, in log10 units, given to a point interval before computing the IoU."""

DIRECT = "direct"
DISTRACTOR = "distractor"
UNRELATED = "unrelated"

_BOUND_KEYS = ("value", "low", "high")


@dataclass(frozen=True, slots=True)
class TopicScore:
    """Scoreboard figures for one topic; ``None`` marks a metric with no denominator."""

    topic: str
    found: float | None
    direct_recall: float | None
    direct_precision: float | None
    relation_accuracy: float | None
    distractor_rejection: float | None
    answer_log_iou: float | None
    likely_log_iou: float | None
    magnitude_right: bool | None
    unsupported_numbers: int
    n_gold: int
    n_gold_relevant: int
    n_gold_direct: int
    n_gold_distractor: int
    n_pred: int
    n_pred_direct: int
    n_matched: int
    n_found: int
    n_direct_recalled: int
    n_relation_correct: int
    n_distractor_accepted: int
    magnitude_scored: bool
    magnitude_order: int | None
    matches: tuple[tuple[str, int], ...]
    """Matched pairs as (gold id, index into the report's ``estimates``), in gold order."""


# --------------------------------------------------------------------------- gold


def load_gold(topic_dir: Path) -> dict[str, Any]:
    """Read ``topic_dir/gold.yaml``."""
    path = Path(topic_dir) / "gold.yaml"
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if isinstance(data, dict):
        return data
    raise ValueError(f"{path}: expected a mapping at the top level")


# ----------------------------------------------------------------------- matching


def values_match(a: float, b: float) -> bool:
    """True when ``|a - b| <= 0.5% * max(|a|, |b|)``; zero equals only zero."""
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b))


def _numbers(item: Mapping[str, Any]) -> list[float]:
    """The numeric ``value``/``low``/``high`` of an estimate (nulls and non-numbers dropped)."""
    found: list[float] = []
    for key in _BOUND_KEYS:
        raw = item.get(key)
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            continue
        if math.isfinite(raw):
            found.append(float(raw))
    return found


def _any_value_matches(pred: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    gold_numbers = _numbers(gold)
    return any(values_match(p, g) for p in _numbers(pred) for g in gold_numbers)


def _basename(doc: object) -> str:
    if not isinstance(doc, str):
        return ""
    return PurePosixPath(doc.replace("\\", "/").rstrip("/")).name


def _source_docs(report: Mapping[str, Any]) -> dict[object, str]:
    """Map ``sources[].id`` to the basename of ``sources[].doc``."""
    docs: dict[object, str] = {}
    for source in report.get("sources") or []:
        if isinstance(source, Mapping) and "id" in source:
            docs[source["id"]] = _basename(source.get("doc"))
    return docs


def _pred_docs(pred: Mapping[str, Any], source_docs: Mapping[object, str]) -> set[str]:
    """Basenames a prediction may come from: its ``doc``, and its source's ``doc``."""
    names = {_basename(pred.get("doc"))}
    source = pred.get("source")
    if source is not None and not isinstance(source, list | dict):
        names.add(source_docs.get(source, ""))
    names.discard("")
    return names


def _squash(text: str) -> str:
    return " ".join(text.split())


def _gold_text(gold: Mapping[str, Any]) -> str:
    """The verbatim text a gold estimate stands in: ``span`` (dev corpus) or ``quote`` (real)."""
    for key in ("span", "quote"):
        text = gold.get(key)
        if isinstance(text, str) and text:
            return text
    return ""


def _gold_span(gold: Mapping[str, Any]) -> str:
    """The gold text with whitespace normalised (and HTML entities decoded for HTML)."""
    span = _gold_text(gold)
    if _basename(gold.get("doc")).lower().endswith((".html", ".htm")):
        span = html.unescape(span)
    return _squash(span)


def _text_inside(pred: Mapping[str, Any], span: str) -> bool:
    text = pred.get("text")
    if not isinstance(text, str):
        return False
    text = _squash(text)
    return bool(text) and text in span


_WORD = re.compile(r"\w+")


def _words(text: object) -> set[str]:
    if not isinstance(text, str):
        return set()
    return set(_WORD.findall(text.lower()))


def match_estimates(
    gold_estimates: Sequence[Mapping[str, Any]],
    predictions: Sequence[Mapping[str, Any]],
    source_docs: Mapping[object, str] | None = None,
) -> dict[int, int]:
    """One-to-one matching; returns {gold index: prediction index}.

    Candidate pairs share a document (basename) and a value within 0.5 %; they are taken
    greedily in the order (text not inside the gold span or quote, -shared quote words,
    gold index, pred index).
    """
    source_docs = source_docs or {}
    pred_docs = [_pred_docs(pred, source_docs) for pred in predictions]
    candidates: list[tuple[bool, int, int, int]] = []
    for g_index, gold in enumerate(gold_estimates):
        gold_doc = _basename(gold.get("doc"))
        span = _gold_span(gold)
        span_words = _words(span)
        for p_index, pred in enumerate(predictions):
            if gold_doc not in pred_docs[p_index] or not _any_value_matches(pred, gold):
                continue
            inside = _text_inside(pred, span)
            shared = len(span_words & _words(pred.get("quote")))
            candidates.append((not inside, -shared, g_index, p_index))
    candidates.sort()
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, _, g_index, p_index in candidates:
        if g_index in matched or p_index in used:
            continue
        matched[g_index] = p_index
        used.add(p_index)
    return matched


# ------------------------------------------------------------------------ metrics


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _mappings(items: object) -> list[Mapping[str, Any]]:
    if not isinstance(items, list):
        return []
    return [item for item in items if isinstance(item, Mapping)]


def _answer_bounds(answer: object, keys: tuple[str, str] = ("low", "high")
                   ) -> tuple[float, float] | None:
    """(low, high) of an answer when both are positive numbers, sorted."""
    if not isinstance(answer, Mapping):
        return None
    low, high = answer.get(keys[0]), answer.get(keys[1])
    bounds: list[float] = []
    for bound in (low, high):
        if isinstance(bound, bool) or not isinstance(bound, int | float):
            return None
        if not math.isfinite(bound) or bound <= 0:
            return None
        bounds.append(float(bound))
    return min(bounds), max(bounds)


def _log_interval(bounds: tuple[float, float]) -> tuple[float, float]:
    low, high = math.log10(bounds[0]), math.log10(bounds[1])
    if low == high:
        return low - POINT_HALF_WIDTH, high + POINT_HALF_WIDTH
    return low, high


def log_iou(predicted: tuple[float, float], gold: tuple[float, float]) -> float:
    """IoU of two positive intervals in log10 space (points widened by ±0.01)."""
    p_low, p_high = _log_interval(predicted)
    g_low, g_high = _log_interval(gold)
    intersection = max(0.0, min(p_high, g_high) - max(p_low, g_low))
    union = (p_high - p_low) + (g_high - g_low) - intersection
    return intersection / union if union > 0 else 0.0


def answer_log_iou(report_answer: object, gold_answer: object) -> float | None:
    """Log-IoU of the answers; None without gold bounds, 0.0 without report bounds."""
    gold_bounds = _answer_bounds(gold_answer)
    if gold_bounds is None:
        return None
    report_bounds = _answer_bounds(report_answer)
    if report_bounds is None:
        return 0.0
    return log_iou(report_bounds, gold_bounds)


LIKELY_KEYS = ("likely_low", "likely_high")


def _gold_band(gold_answer: object) -> tuple[float, float] | None:
    """Gold's most-likely band: ``likely_low``/``likely_high``, else ``central.low/high``."""
    band = _answer_bounds(gold_answer, LIKELY_KEYS)
    if band is None and isinstance(gold_answer, Mapping):
        band = _answer_bounds(gold_answer.get("central"))
    return band


def likely_log_iou(report_answer: object, gold_answer: object) -> float | None:
    """Log-IoU of the most-likely bands; None without a gold band, 0.0 without a report band."""
    gold_band = _gold_band(gold_answer)
    if gold_band is None:
        return None
    report_band = _answer_bounds(report_answer, LIKELY_KEYS)
    if report_band is None:
        return 0.0
    return log_iou(report_band, gold_band)


def _order_of(value: float) -> int:
    """floor(log10(value)), robust to rounding just below a power of ten."""
    return math.floor(math.log10(value) + 1e-9)


def _magnitude_right(report_answer: object, gold_answer: object) -> tuple[bool | None, int | None]:
    """(right?, order named by the report); right is None when not scoreable."""
    gold_bounds = _answer_bounds(gold_answer)
    words = report_answer.get("magnitude") if isinstance(report_answer, Mapping) else None
    if gold_bounds is None or not isinstance(words, str) or not words.strip():
        return None, None
    order = magnitude_order(words)
    if order is None:
        return False, None
    low, high = gold_bounds
    return _order_of(low) <= order <= _order_of(high), order


def _unsupported_numbers(report: Mapping[str, Any]) -> int:
    verification = report.get("verification")
    if not isinstance(verification, Mapping):
        return 0
    numbers, supported = verification.get("numbers"), verification.get("numbers_supported")
    if not isinstance(numbers, int) or not isinstance(supported, int):
        return 0
    return max(0, numbers - supported)


def score_topic(
    report: Mapping[str, Any], gold: Mapping[str, Any], *, topic: str = ""
) -> TopicScore:
    """Score one report against one topic's gold."""
    gold_estimates = _mappings(gold.get("estimates"))
    predictions = _mappings(report.get("estimates"))
    matched = match_estimates(gold_estimates, predictions, _source_docs(report))

    def pred_relation(g_index: int) -> object:
        return predictions[matched[g_index]].get("relation")

    relevant = [i for i, g in enumerate(gold_estimates) if g.get("relation") != DISTRACTOR]
    direct = [i for i, g in enumerate(gold_estimates) if g.get("relation") == DIRECT]
    distractors = [i for i, g in enumerate(gold_estimates) if g.get("relation") == DISTRACTOR]
    found = [i for i in relevant if i in matched]
    recalled = [i for i in direct if i in matched and pred_relation(i) == DIRECT]
    relation_correct = [i for i in found if pred_relation(i) == gold_estimates[i].get("relation")]
    accepted = [i for i in distractors if i in matched and pred_relation(i) != UNRELATED]
    n_pred_direct = sum(1 for p in predictions if p.get("relation") == DIRECT)

    report_answer, gold_answer = report.get("answer"), gold.get("answer")
    magnitude_right, order = _magnitude_right(report_answer, gold_answer)
    return TopicScore(
        topic=topic,
        found=_ratio(len(found), len(relevant)),
        direct_recall=_ratio(len(recalled), len(direct)),
        direct_precision=_ratio(len(recalled), n_pred_direct),
        relation_accuracy=_ratio(len(relation_correct), len(found)),
        distractor_rejection=_ratio(len(distractors) - len(accepted), len(distractors)),
        answer_log_iou=answer_log_iou(report_answer, gold_answer),
        likely_log_iou=likely_log_iou(report_answer, gold_answer),
        magnitude_right=magnitude_right,
        unsupported_numbers=_unsupported_numbers(report),
        n_gold=len(gold_estimates),
        n_gold_relevant=len(relevant),
        n_gold_direct=len(direct),
        n_gold_distractor=len(distractors),
        n_pred=len(predictions),
        n_pred_direct=n_pred_direct,
        n_matched=len(matched),
        n_found=len(found),
        n_direct_recalled=len(recalled),
        n_relation_correct=len(relation_correct),
        n_distractor_accepted=len(accepted),
        magnitude_scored=_answer_bounds(gold_answer) is not None,
        magnitude_order=order,
        matches=tuple((str(gold_estimates[g].get("id", g)), p) for g, p in sorted(matched.items())),
    )


# ------------------------------------------------------------------------ summary

FLOAT_METRICS = (
    "found",
    "direct_recall",
    "direct_precision",
    "relation_accuracy",
    "distractor_rejection",
    "answer_log_iou",
    "likely_log_iou",
)


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def summarise(scores: Sequence[TopicScore]) -> dict[str, Any]:
    """Overall figures: mean of each float metric over topics where it is not None,
    magnitude as ``magnitude_right`` out of ``magnitude_scored`` (a missing report magnitude
    counts as wrong when gold has bounds), and unsupported numbers summed."""
    overall: dict[str, Any] = {
        metric: _mean(getattr(score, metric) for score in scores) for metric in FLOAT_METRICS
    }
    scored = [score for score in scores if score.magnitude_scored]
    overall["magnitude_right"] = sum(1 for score in scored if score.magnitude_right)
    overall["magnitude_scored"] = len(scored)
    overall["unsupported_numbers"] = sum(s.unsupported_numbers for s in scores)
    overall["topics"] = len(scores)
    return overall


_COLUMNS = (
    ("found", "found"),
    ("d.recall", "direct_recall"),
    ("d.prec", "direct_precision"),
    ("rel.acc", "relation_accuracy"),
    ("distr.rej", "distractor_rejection"),
    ("logIoU", "answer_log_iou"),
    ("likely", "likely_log_iou"),
)


def _fmt_float(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _fmt_magnitude(score: TopicScore) -> str:
    if not score.magnitude_scored:
        return "-"
    return "yes" if score.magnitude_right else "no"


def _topic_row(score: TopicScore) -> list[str]:
    cells = [score.topic or "-"]
    cells += [_fmt_float(getattr(score, field)) for _, field in _COLUMNS]
    cells += [_fmt_magnitude(score), str(score.unsupported_numbers)]
    return cells


def _overall_row(overall: Mapping[str, Any]) -> list[str]:
    cells = ["overall"]
    cells += [_fmt_float(overall.get(field)) for _, field in _COLUMNS]
    scored = overall.get("magnitude_scored", 0)
    magnitude = f"{overall.get('magnitude_right', 0)}/{scored}" if scored else "-"
    cells += [magnitude, str(overall.get("unsupported_numbers", 0))]
    return cells


def format_scoreboard(scores: Sequence[TopicScore], overall: Mapping[str, Any]) -> str:
    """A fixed-width text table: one row per topic, then an ``overall`` row."""
    header = ["topic", *(title for title, _ in _COLUMNS), "magnitude", "unsupported"]
    body = [_topic_row(score) for score in scores]
    footer = _overall_row(overall)
    rows = [header, *body, footer]
    widths = [max(len(row[col]) for row in rows) for col in range(len(header))]

    def render(row: list[str]) -> str:
        first = row[0].ljust(widths[0])
        rest = (cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))
        return "  ".join([first, *rest]).rstrip()

    rule = "-" * len(render(header))
    lines = [render(header), rule, *(render(row) for row in body), rule, render(footer)]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------- magnitude

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_BIG = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_ABBREVIATIONS = {
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12,
}  # fmt: skip
_PLURALS = {
    "tens": 1, "dozens": 1, "scores": 1, "hundreds": 2, "thousands": 3, "millions": 6,
    "billions": 9, "trillions": 12,
}  # fmt: skip
_QUANTIFIERS = {"a", "an", "one", "several", "few", "some", "couple", "many", "half"}
_MULTIPLIERS = {"hundred": 100.0, "dozen": 12.0}
_SCALE_WORDS = set(_BIG) | set(_MULTIPLIERS)
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+")
_GROUPED = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?!\d))")


def _digits_value(token: str) -> float | None:
    """'7,000' -> 7000, '3.04' -> 3.04, '1.000.000' -> 1e6, '1,5' -> 1.5."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", token):
        token = token.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", token):
        token = token.replace(".", "")
    try:
        return float(token.replace(",", "."))
    except ValueError:
        return None


def _plural_order(tokens: Sequence[str], i: int) -> tuple[int, int] | None:
    """'tens of thousands' -> 4, 'millions' -> 6: (order, next index)."""
    if tokens[i] not in _PLURALS:
        return None
    order = _PLURALS[tokens[i]]
    if i + 2 < len(tokens) and tokens[i + 1] == "of" and tokens[i + 2] in _PLURALS:
        inner = _plural_order(tokens, i + 2)
        if inner is not None:
            return order + inner[0], inner[1]
    return order, i + 1


def _quantified_start(tokens: Sequence[str], i: int) -> tuple[float, int] | None:
    """'several', 'a few', 'half a' before a scale word: (starting factor, next index)."""
    j, factor = i, 1.0
    while j < len(tokens) and tokens[j] in _QUANTIFIERS:
        if tokens[j] == "half":
            factor = 0.5
        j += 1
    if j == i or j >= len(tokens) or tokens[j] not in _SCALE_WORDS:
        return None
    return factor, j


def _number_value(tokens: Sequence[str], i: int) -> tuple[float, int, float] | None:
    """Parse 'two hundred billion', '7,000', '3.04 trillion', 'half a million' at i.

    Returns (value, next index, product of the scale words thousand/million/... used).
    """
    start = _quantified_start(tokens, i)
    total, current, scale_used, j, digits_seen = 0.0, 0.0, 1.0, i, False
    if start is not None:
        current, j = start
    while j < len(tokens):
        token = tokens[j]
        after_digits = j > i and _DIGITS.fullmatch(tokens[j - 1]) is not None
        if _DIGITS.fullmatch(token) and j == i:
            current, digits_seen = _digits_value(token) or 0.0, True
        elif token in _SMALL and not digits_seen:
            current += _SMALL[token]
        elif token in _MULTIPLIERS:
            current = (current or 1.0) * _MULTIPLIERS[token]
        elif token in _BIG or (token in _ABBREVIATIONS and after_digits):
            scale = _BIG.get(token) or _ABBREVIATIONS[token]
            scale_used *= scale
            if current == 0 and total > 0:
                total *= scale
            else:
                total, current = total + (current or 1.0) * scale, 0.0
        elif token == "and" and j + 1 < len(tokens) and tokens[j + 1] in _SMALL and j > i:
            pass
        else:
            break
        j += 1
    if j == i:
        return None
    return total + current, j, scale_used


_RANGE_WORDS = {"to", "and", "or"}


def _range_scale(tokens: Sequence[str], j: int) -> float:
    """Scale shared by a range's upper end: '20-50 million', '20 to 50 million' -> 1e6."""
    if j < len(tokens) and tokens[j] in _RANGE_WORDS:
        j += 1
    if j >= len(tokens) or (not _DIGITS.fullmatch(tokens[j]) and tokens[j] not in _SMALL):
        return 1.0
    upper = _number_value(tokens, j)
    return upper[2] if upper is not None else 1.0


def _order_at(tokens: Sequence[str], i: int) -> int | None:
    plural = _plural_order(tokens, i)
    if plural is not None:
        return plural[0]
    number = _number_value(tokens, i)
    if number is None:
        return None
    value, j, scale_used = number
    if j < len(tokens) and tokens[j] in ("figure", "figures") and value.is_integer():
        return int(value) - 1 if 1 <= value <= 30 else None
    if scale_used == 1.0:
        value *= _range_scale(tokens, j)
    return _order_of(value) if value > 0 else None


def magnitude_order(words: str) -> int | None:
    """The power of ten named by magnitude words, or None when none is named.

    "hundreds of thousands" -> 5, "tens of millions" -> 7, "about seven thousand" -> 3,
    "about ten billion dollars" -> 10, "dozens" -> 1. The longest phrase at a position wins
    ("tens of thousands" before "thousands"); with several magnitudes, the first counts.
    """
    text = _GROUPED.sub("", words.lower())
    tokens = _TOKEN.findall(text)
    for i in range(len(tokens)):
        order = _order_at(tokens, i)
        if order is not None:
            return order
    return None


# ------------------------------------------------------------ extraction figures

_ARTICLE = re.compile(r"<article\b.*?</article>", re.DOTALL | re.IGNORECASE)
_YEAR_SPAN = re.compile(r"(?<!\d)(1[0-9]\d\d|20\d\d)(?!\d)")
_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DATE_SPAN = re.compile(rf"\b\d{{1,2}}\s+{_MONTHS}\b|\b{_MONTHS}\.?\s+\d{{1,2}}\b|"
                        r"\b\d{4}-\d\d-\d\d\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b", re.IGNORECASE)


def distractor_kind(gold: Mapping[str, Any], raw_doc: str | None = None) -> str | None:
    """'year', 'date' or 'boilerplate' for a gold distractor of that kind, else None.

    Boilerplate: the gold unit or note says so, or (for HTML) the span lies outside
    ``<article>``. Year: the gold value is a 4-digit year written as such in the span.
    Date: the span writes the number as part of a calendar date.
    """
    if gold.get("relation") != DISTRACTOR:
        return None
    span = _gold_text(gold)
    said = f"{gold.get('unit') or ''} {gold.get('note') or ''}".lower()
    if "boilerplate" in said or _outside_article(span, raw_doc, gold.get("doc")):
        return "boilerplate"
    value = gold.get("value")
    if isinstance(value, int | float) and not isinstance(value, bool) and value == int(value) \
            and 1000 <= value <= 2100 and str(int(value)) in _YEAR_SPAN.findall(span):
        return "year"
    if _DATE_SPAN.search(span):
        return "date"
    return None


def _outside_article(span: str, raw_doc: str | None, doc: object) -> bool:
    if not raw_doc or not span or not _basename(doc).lower().endswith((".html", ".htm")):
        return False
    inside = any(span in m.group(0) for m in _ARTICLE.finditer(raw_doc))
    return span in raw_doc and not inside


def _same_place(pred: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    span = _gold_span(gold)
    quote = pred.get("quote")
    return _text_inside(pred, span) or (isinstance(quote, str) and bool(span)
                                        and span in _squash(quote))


@dataclass(frozen=True, slots=True)
class ExtractionScore:
    """How well plain extraction (every estimate of every document) recovers gold."""

    n_relevant: int
    n_found: int
    n_qualifier_right: int
    n_direct_found: int
    n_direct_counted: int
    n_furniture: int
    n_furniture_emitted: int
    misses: tuple[str, ...] = ()
    wrong_qualifiers: tuple[str, ...] = ()
    furniture_emitted: tuple[str, ...] = ()

    @property
    def found(self) -> float | None:
        return _ratio(self.n_found, self.n_relevant)

    @property
    def qualifier_right(self) -> float | None:
        return _ratio(self.n_qualifier_right, self.n_found)

    @property
    def counted_filled(self) -> float | None:
        return _ratio(self.n_direct_counted, self.n_direct_found)

    @property
    def furniture_emitted_share(self) -> float | None:
        return _ratio(self.n_furniture_emitted, self.n_furniture)

    def __add__(self, other: ExtractionScore) -> ExtractionScore:
        return ExtractionScore(*(getattr(self, f) + getattr(other, f)
                                 for f in self.__dataclass_fields__))


def score_extraction(
    gold_estimates: Sequence[Mapping[str, Any]],
    predictions: Sequence[Mapping[str, Any]],
    raw_docs: Mapping[str, str] | None = None,
) -> ExtractionScore:
    """Score estimates extracted from whole documents (no retrieval) against gold.

    Matching is `match_estimates` over every gold entry (distractors included, so a
    prediction is used once). ``found``: non-distractor gold matched; ``qualifier_right``:
    of those, the prediction has the gold qualifier; ``counted_filled``: of the found
    ``direct`` ones, the prediction has a ``counted``; ``furniture_emitted_share``: of the
    gold distractors that are years, dates or HTML boilerplate (`distractor_kind`), the
    share matched by an emitted estimate standing where the distractor stands (its text
    inside the gold span, or the span inside its quote): a boilerplate "3 comments" is not
    emitted because an article sentence elsewhere says "three". ``raw_docs`` maps document
    basenames to raw text.
    """
    raw_docs = raw_docs or {}
    matched = match_estimates(gold_estimates, predictions)
    relevant = [i for i, g in enumerate(gold_estimates) if g.get("relation") != DISTRACTOR]
    found = [i for i in relevant if i in matched]
    right = [i for i in found
             if predictions[matched[i]].get("qualifier") == gold_estimates[i].get("qualifier")]
    direct = [i for i in found if gold_estimates[i].get("relation") == DIRECT]
    counted = [i for i in direct if predictions[matched[i]].get("counted")]
    furniture = [i for i, g in enumerate(gold_estimates)
                 if distractor_kind(g, raw_docs.get(_basename(g.get("doc")))) is not None]
    emitted = [i for i in furniture if i in matched
               and _same_place(predictions[matched[i]], gold_estimates[i])]

    def ids(indexes: Iterable[int]) -> tuple[str, ...]:
        return tuple(str(gold_estimates[i].get("id", i)) for i in indexes)

    return ExtractionScore(
        n_relevant=len(relevant), n_found=len(found), n_qualifier_right=len(right),
        n_direct_found=len(direct), n_direct_counted=len(counted),
        n_furniture=len(furniture), n_furniture_emitted=len(emitted),
        misses=ids(i for i in relevant if i not in matched),
        wrong_qualifiers=ids(i for i in found if i not in right),
        furniture_emitted=ids(emitted),
    )
