"""Tests for the scoreboard (crosstally.evaluate). All figures are invented."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Any

import pytest

from crosstally.evaluate import (
    TopicScore,
    format_scoreboard,
    load_gold,
    magnitude_order,
    match_estimates,
    score_topic,
    summarise,
    values_match,
)

# ---------------------------------------------------------------------- builders


def gold_item(
    gid: str,
    value: float | None = None,
    *,
    low: float | None = None,
    high: float | None = None,
    doc: str = "01_alpha.txt",
    span: str = "",
    relation: str = "direct",
) -> dict[str, Any]:
    item: dict[str, Any] = {"id": gid, "doc": doc, "span": span, "relation": relation}
    if value is not None:
        item["value"] = value
    if low is not None:
        item["low"] = low
    if high is not None:
        item["high"] = high
    return item


def pred(
    value: float | None = None,
    *,
    low: float | None = None,
    high: float | None = None,
    doc: str = "/tmp/corpus/docs/01_alpha.txt",
    text: str = "",
    quote: str = "",
    relation: str = "direct",
) -> dict[str, Any]:
    return {
        "doc": doc,
        "start": 0,
        "end": len(text),
        "text": text,
        "quote": quote,
        "value": value,
        "low": low,
        "high": high,
        "relation": relation,
    }


def gold_topic(
    estimates: list[dict[str, Any]], low: float | None = 1000, high: float | None = 5000
) -> dict[str, Any]:
    answer: dict[str, Any] = {"magnitude": "thousands"}
    if low is not None:
        answer["low"] = low
    if high is not None:
        answer["high"] = high
    return {"question": "How many widgets?", "estimates": estimates, "answer": answer}


def report(
    estimates: list[dict[str, Any]],
    *,
    low: float | None = 1000,
    high: float | None = 5000,
    magnitude: str | None = "thousands",
    numbers: int = 0,
    supported: int = 0,
) -> dict[str, Any]:
    return {
        "question": "How many widgets?",
        "answer": {
            "low": low,
            "high": high,
            "magnitude": magnitude,
            "one_line": "...",
            "confidence": "low",
        },
        "estimates": estimates,
        "sources": [],
        "sections": [],
        "verification": {
            "numbers": numbers,
            "numbers_supported": supported,
            "citations": 0,
            "citations_supported": 0,
            "problems": [],
        },
    }


def score(preds: list[dict[str, Any]], golds: list[dict[str, Any]], **kw: Any) -> TopicScore:
    return score_topic(report(preds, **kw), gold_topic(golds))


# ---------------------------------------------------------------------- load_gold


def test_load_gold_reads_gold_yaml_in_topic_dir(tmp_path: Path) -> None:
    (tmp_path / "gold.yaml").write_text(
        'question: "How many widgets?"\n'
        "estimates:\n"
        "- {id: x01, doc: 01_alpha.txt, span: 'some 4,200 widgets', value: 4200,"
        " relation: direct}\n"
        "answer: {low: 1000, high: 5000}\n",
        encoding="utf-8",
    )
    gold = load_gold(tmp_path)
    assert gold["estimates"][0]["value"] == 4200
    assert gold["answer"] == {"low": 1000, "high": 5000}


def test_load_gold_rejects_non_mapping(tmp_path: Path) -> None:
    (tmp_path / "gold.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_gold(tmp_path)


# ---------------------------------------------------------------------- tolerance


def test_values_within_half_percent_match() -> None:
    assert values_match(1000, 1005)
    assert values_match(1005, 1000)
    assert values_match(-1000, -1005)


def test_values_just_beyond_half_percent_do_not_match() -> None:
    assert not values_match(1000, 1005.1)
    assert not values_match(1000, 994.9)


def test_zero_equals_only_zero() -> None:
    assert values_match(0, 0)
    assert not values_match(0, 1e-12)


def test_tolerance_boundary_in_scoring() -> None:
    golds = [gold_item("g1", 20000)]
    assert score([pred(20100)], golds).found == 1.0
    assert score([pred(20101)], golds).found == 0.0


# ---------------------------------------------------------------------- matching


def test_prediction_in_other_document_does_not_match() -> None:
    golds = [gold_item("g1", 4200, doc="01_alpha.txt")]
    result = score([pred(4200, doc="docs/02_beta.txt")], golds)
    assert result.found == 0.0
    assert result.n_matched == 0


def test_document_matched_by_basename_of_relative_or_absolute_path() -> None:
    golds = [gold_item("g1", 4200, doc="03_gamma.html")]
    for doc in ("docs/03_gamma.html", "/abs/corpus/topic/docs/03_gamma.html", "03_gamma.html"):
        assert score([pred(4200, doc=doc)], golds).found == 1.0


def test_document_matched_through_source_when_estimate_doc_is_url() -> None:
    golds = [gold_item("g1", 4200, doc="01_alpha.txt")]
    estimate = pred(4200, doc="https://news.example/widgets/story")
    estimate["source"] = 1
    rep = report([estimate])
    rep["sources"] = [{"id": 1, "doc": "/c/docs/01_alpha.txt", "url": "https://news.example/w"}]
    assert score_topic(rep, gold_topic(golds)).found == 1.0


def test_matching_is_one_to_one_for_one_prediction_and_two_golds() -> None:
    golds = [gold_item("g1", 4200), gold_item("g2", 4200)]
    result = score([pred(4200)], golds)
    assert result.n_matched == 1
    assert result.found == 0.5
    assert result.matches == (("g1", 0),)


def test_matching_is_one_to_one_for_two_predictions_and_one_gold() -> None:
    result = score([pred(4200), pred(4200)], [gold_item("g1", 4200)])
    assert result.n_matched == 1
    assert result.direct_precision == 0.5


def test_matching_falls_back_to_gold_then_prediction_order() -> None:
    golds = [gold_item("g1", 4200), gold_item("g2", 4200)]
    assert match_estimates(golds, [pred(4200), pred(4200)]) == {0: 0, 1: 1}


def test_range_prediction_matches_gold_point_via_low_or_high() -> None:
    golds = [gold_item("g1", 800), gold_item("g2", 1200, doc="02_beta.txt")]
    preds = [
        pred(None, low=800, high=900),
        pred(None, low=1000, high=1200, doc="02_beta.txt"),
    ]
    assert score(preds, golds).found == 1.0


def test_point_prediction_matches_gold_range_via_gold_low_or_high() -> None:
    golds = [gold_item("g1", low=10000, high=100000)]
    assert score([pred(100000)], golds).found == 1.0
    assert score([pred(50000)], golds).found == 0.0


def test_prediction_without_numbers_matches_nothing() -> None:
    assert score([pred(None)], [gold_item("g1", 4200)]).found == 0.0


def test_text_inside_span_is_preferred_over_earlier_gold() -> None:
    golds = [
        gold_item("g1", 4200, span="an early total of 4,200 widgets"),
        gold_item("g2", 4200, span="a later count of   4,200\nunits"),
    ]
    preds = [pred(4200, text="4,200 units")]
    assert match_estimates(golds, preds) == {1: 0}


def test_text_inside_span_is_preferred_over_earlier_prediction() -> None:
    golds = [gold_item("g1", 4200, span="a later count of 4,200 units")]
    preds = [pred(4200, text="4,200 widgets"), pred(4200, text="4,200 units")]
    assert match_estimates(golds, preds) == {0: 1}


def test_empty_prediction_text_is_not_inside_span() -> None:
    golds = [gold_item("g1", 4200, span="4,200 units"), gold_item("g2", 4200, span="x")]
    assert match_estimates(golds, [pred(4200, text="")]) == {0: 0}


def test_html_entities_in_gold_span_are_decoded() -> None:
    golds = [
        gold_item("g1", 4200, doc="05_page.html", span="other 4,200"),
        gold_item("g2", 4200, doc="05_page.html", span="Smith &amp; Co counted 4,200"),
    ]
    preds = [pred(4200, doc="docs/05_page.html", text="Smith & Co counted 4,200")]
    assert match_estimates(golds, preds) == {1: 0}


def test_real_corpus_gold_quote_counts_as_its_span() -> None:
    golds = [
        {"doc": "docs/01.txt", "quote": "an early total of 4,200 widgets", "value": 4200,
         "relation": "direct"},
        {"doc": "docs/01.txt", "quote": "a later count of 4,200 units", "value": 4200,
         "relation": "direct"},
    ]
    preds = [pred(4200, doc="/c/topic/docs/01.txt", text="4,200 units")]
    assert match_estimates(golds, preds) == {1: 0}
    preds = [pred(4200, doc="/c/topic/docs/01.txt", quote="A later count of 4,200 units.")]
    assert match_estimates(golds, preds) == {1: 0}


def test_quote_word_overlap_breaks_ties_before_order() -> None:
    golds = [gold_item("g1", 4200, span="the ministry counted 4,200 widgets in March")]
    preds = [
        pred(4200, text="4,200 gadgets", quote="Traders sold 4,200 gadgets."),
        pred(4200, text="4,200 items", quote="The ministry counted 4,200 items in March."),
    ]
    assert match_estimates(golds, preds) == {0: 1}


# ---------------------------------------------------------------------- metrics


def build_mixed() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    golds = [
        gold_item("d1", 4200, relation="direct"),
        gold_item("d2", 3100, relation="direct"),
        gold_item("d3", 2500, relation="direct"),
        gold_item("b1", 9900, relation="broader"),
        gold_item("n1", 700, relation="narrower"),
        gold_item("x1", 300, relation="distractor"),
        gold_item("x2", 12, relation="distractor"),
        gold_item("x3", 55, relation="distractor"),
    ]
    preds = [
        pred(4200, relation="direct"),  # d1 recalled
        pred(3100, relation="broader"),  # d2 found, wrong relation
        pred(9900, relation="broader"),  # b1 right relation
        pred(300, relation="direct"),  # x1 accepted, false direct
        pred(12, relation="unrelated"),  # x2 rejected
        pred(8888, relation="direct"),  # matches nothing
    ]
    return golds, preds


def test_found_counts_non_distractor_matches_whatever_relation() -> None:
    golds, preds = build_mixed()
    result = score(preds, golds)
    assert result.n_gold_relevant == 5
    assert result.n_found == 3
    assert result.found == pytest.approx(3 / 5)


def test_direct_recall_needs_prediction_labelled_direct() -> None:
    golds, preds = build_mixed()
    result = score(preds, golds)
    assert result.n_gold_direct == 3
    assert result.direct_recall == pytest.approx(1 / 3)


def test_direct_precision_counts_predictions_labelled_direct() -> None:
    golds, preds = build_mixed()
    result = score(preds, golds)
    assert result.n_pred_direct == 3
    assert result.direct_precision == pytest.approx(1 / 3)


def test_relation_accuracy_over_matched_non_distractors() -> None:
    golds, preds = build_mixed()
    assert score(preds, golds).relation_accuracy == pytest.approx(2 / 3)


def test_distractor_rejection_allows_unmatched_or_unrelated() -> None:
    golds, preds = build_mixed()
    result = score(preds, golds)
    assert result.n_gold_distractor == 3
    assert result.n_distractor_accepted == 1
    assert result.distractor_rejection == pytest.approx(2 / 3)


def test_distractor_matched_by_prediction_without_relation_is_accepted() -> None:
    estimate = pred(300)
    del estimate["relation"]
    result = score([estimate], [gold_item("x1", 300, relation="distractor")])
    assert result.distractor_rejection == 0.0


def test_metrics_with_empty_denominators_are_none() -> None:
    golds = [gold_item("x1", 300, relation="distractor")]
    result = score([pred(300, relation="unrelated")], golds)
    assert result.found is None
    assert result.direct_recall is None
    assert result.direct_precision is None
    assert result.relation_accuracy is None
    assert result.distractor_rejection == 1.0


def test_no_distractors_gives_none_rejection_and_no_matches_gives_none_accuracy() -> None:
    result = score([], [gold_item("d1", 4200)])
    assert result.distractor_rejection is None
    assert result.relation_accuracy is None
    assert result.found == 0.0
    assert result.direct_recall == 0.0


def test_empty_report_and_gold_do_not_crash() -> None:
    result = score_topic({}, {})
    assert result.found is None
    assert result.answer_log_iou is None
    assert result.magnitude_right is None
    assert result.unsupported_numbers == 0


def test_topic_name_is_set_by_caller_or_empty() -> None:
    assert score([], []).topic == ""
    assert score_topic(report([]), gold_topic([]), topic="widgets").topic == "widgets"


def test_unsupported_numbers_is_numbers_minus_supported() -> None:
    assert score([], [], numbers=12, supported=9).unsupported_numbers == 3
    rep = report([])
    del rep["verification"]
    assert score_topic(rep, gold_topic([])).unsupported_numbers == 0


# ---------------------------------------------------------------------- log-IoU


def iou(low: float | None, high: float | None, gold_low: float, gold_high: float) -> float | None:
    rep = report([], low=low, high=high)
    return score_topic(rep, gold_topic([], gold_low, gold_high)).answer_log_iou


def test_log_iou_identical_intervals_is_one() -> None:
    assert iou(1000, 100000, 1000, 100000) == pytest.approx(1.0)


def test_log_iou_nested_interval_is_length_ratio() -> None:
    # [3, 4] inside [2, 6] in log10 space
    assert iou(1000, 10000, 100, 1000000) == pytest.approx(1 / 4)


def test_log_iou_partial_overlap() -> None:
    # [2, 4] and [3, 6]: intersection 1, union 4
    assert iou(100, 10000, 1000, 1000000) == pytest.approx(1 / 4)


def test_log_iou_disjoint_intervals_is_zero() -> None:
    assert iou(10, 100, 1000, 10000) == 0.0


def test_log_iou_point_is_widened() -> None:
    assert iou(1000, 1000, 1000, 1000) == pytest.approx(1.0)
    # point at 10^3 (width 0.02) inside [2, 4]
    assert iou(1000, 1000, 100, 10000) == pytest.approx(0.02 / 2)


def test_log_iou_null_report_answer_is_zero() -> None:
    assert iou(None, None, 1000, 10000) == 0.0
    assert iou(1000, None, 1000, 10000) == 0.0


def test_log_iou_without_gold_bounds_is_none() -> None:
    rep = report([])
    assert score_topic(rep, gold_topic([], None, None)).answer_log_iou is None


# ---------------------------------------------------------------------- likely band


def likely(report_band: tuple[float, float] | None, gold_answer: dict[str, Any]) -> float | None:
    rep = report([])
    if report_band is not None:
        rep["answer"]["likely_low"], rep["answer"]["likely_high"] = report_band
    gold = gold_topic([])
    gold["answer"].update(gold_answer)
    return score_topic(rep, gold).likely_log_iou


def test_likely_log_iou_reads_the_real_corpus_band() -> None:
    assert likely((2000, 3000), {"likely_low": 2000, "likely_high": 3000}) == pytest.approx(1.0)
    # [3, 4] inside [2, 6] in log10 space
    assert likely((1000, 10000), {"likely_low": 100, "likely_high": 1e6}) == pytest.approx(1 / 4)


def test_likely_log_iou_reads_the_dev_corpus_central_band() -> None:
    assert likely((1000, 10000), {"central": {"low": 100, "high": 1e6}}) == pytest.approx(1 / 4)


def test_likely_log_iou_is_none_without_a_gold_band_and_zero_without_a_report_band() -> None:
    assert likely((2000, 3000), {}) is None
    assert likely(None, {"likely_low": 2000, "likely_high": 3000}) == 0.0
    assert likely(None, {"central": {"low": 2000, "high": 3000}}) == 0.0


def test_summarise_averages_likely_over_topics_with_a_band() -> None:
    scores = [with_values("a", likely_log_iou=0.5), with_values("b", likely_log_iou=None),
              with_values("c", likely_log_iou=0.25)]
    assert summarise(scores)["likely_log_iou"] == pytest.approx(0.375)


# ---------------------------------------------------------------------- magnitude


@pytest.mark.parametrize(
    ("words", "order"),
    [
        ("hundreds of thousands", 5),
        ("tens of millions", 7),
        ("about seven thousand", 3),
        ("about three trillion", 12),
        ("hundreds", 2),
        ("millions", 6),
        ("tens of thousands", 4),
        ("about ten billion dollars for the event; around two hundred billion in all", 10),
        ("billions", 9),
        ("dozens", 1),
        ("Tens of Millions", 7),
        ("several hundred thousand", 5),
        ("half a million", 5),
        ("about 7,000", 3),
        ("20-50 million", 7),
        ("no magnitude here", None),
        ("", None),
    ],
)
def test_magnitude_order_of_phrases(words: str, order: int | None) -> None:
    assert magnitude_order(words) == order


def test_magnitude_order_uses_first_distinct_magnitude() -> None:
    assert magnitude_order("thousands, perhaps millions") == 3
    assert magnitude_order("millions, perhaps thousands") == 6


def magnitude(words: str | None, gold_low: float, gold_high: float) -> bool | None:
    rep = report([], magnitude=words)
    return score_topic(rep, gold_topic([], gold_low, gold_high)).magnitude_right


def test_magnitude_right_between_gold_orders_inclusive() -> None:
    assert magnitude("hundreds of thousands", 150000, 700000) is True
    assert magnitude("tens of thousands", 15000, 700000) is True
    assert magnitude("millions", 150000, 700000) is False
    assert magnitude("tens of thousands", 150000, 700000) is False


def test_magnitude_none_when_report_has_none() -> None:
    assert magnitude(None, 150000, 700000) is None


def test_magnitude_unreadable_words_are_wrong() -> None:
    assert magnitude("a lot", 150000, 700000) is False


# ---------------------------------------------------------------------- summary


def with_values(name: str, **values: Any) -> TopicScore:
    return dataclasses.replace(score([], []), topic=name, **values)


def test_summarise_averages_metrics_skipping_none() -> None:
    scores = [
        with_values("a", found=0.5, direct_recall=None, answer_log_iou=0.2),
        with_values("b", found=1.0, direct_recall=None, answer_log_iou=0.4),
    ]
    overall = summarise(scores)
    assert overall["found"] == pytest.approx(0.75)
    assert overall["direct_recall"] is None
    assert overall["answer_log_iou"] == pytest.approx(0.3)
    assert overall["topics"] == 2


def test_summarise_counts_magnitude_and_sums_unsupported() -> None:
    scores = [
        with_values("a", magnitude_right=True, magnitude_scored=True, unsupported_numbers=2),
        with_values("b", magnitude_right=None, magnitude_scored=True, unsupported_numbers=1),
        with_values("c", magnitude_right=False, magnitude_scored=True),
        with_values("d", magnitude_right=None, magnitude_scored=False),
    ]
    overall = summarise(scores)
    assert overall["magnitude_right"] == 1
    assert overall["magnitude_scored"] == 3
    assert overall["unsupported_numbers"] == 3


def test_summarise_of_no_topics() -> None:
    overall = summarise([])
    assert overall["found"] is None
    assert overall["magnitude_scored"] == 0


def test_format_scoreboard_contains_topics_overall_and_columns() -> None:
    golds, preds = build_mixed()
    scores = [
        score_topic(report(preds), gold_topic(golds), topic="alpha-widgets"),
        score_topic(report([], magnitude=None), gold_topic([]), topic="beta-gadgets"),
    ]
    table = format_scoreboard(scores, summarise(scores))
    lines = table.splitlines()
    header = lines[0].split()
    assert header == [
        "topic", "found", "d.recall", "d.prec", "rel.acc", "distr.rej", "logIoU", "likely",
        "magnitude", "unsupported",
    ]  # fmt: skip
    assert any(line.startswith("alpha-widgets") for line in lines)
    assert any(line.startswith("beta-gadgets") for line in lines)
    overall = [line for line in lines if line.startswith("overall")]
    assert len(overall) == 1
    assert "0.60" in table
    assert "1/2" in overall[0].split()
    beta = next(line for line in lines if line.startswith("beta-gadgets")).split()
    assert beta[1:6] == ["-"] * 5
    assert beta[7] == "-"  # gold without a band: no likely score


def test_format_scoreboard_rows_are_fixed_width() -> None:
    scores = [with_values("a"), with_values("a-much-longer-topic-name", found=1.0)]
    table = format_scoreboard(scores, summarise(scores))
    rows = [line for line in table.splitlines() if not set(line) <= {"-"}]
    widths = {len(line) for line in rows}
    assert len(widths) == 1


def test_scores_are_finite_between_zero_and_one() -> None:
    golds, preds = build_mixed()
    result = score(preds, golds)
    for field in ("found", "direct_recall", "direct_precision", "relation_accuracy"):
        value = getattr(result, field)
        assert value is not None and math.isfinite(value) and 0.0 <= value <= 1.0
