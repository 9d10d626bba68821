"""Quality gate: the scoreboard on the shared gold corpus must not fall below pinned floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import crosstally
from crosstally.evaluate import load_gold, score_topic, summarise

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
BASELINE = json.loads((Path(__file__).parent / "eval_baseline.json").read_text())
TOPICS = sorted(p for p in CORPUS.glob("*/") if (p / "gold.yaml").exists())

pytestmark = pytest.mark.skipif(not TOPICS, reason=f"no gold corpus at {CORPUS}")


@pytest.fixture(scope="module")
def scoreboard() -> dict[str, object]:
    scores = []
    for topic in TOPICS:
        gold = load_gold(topic)
        report = crosstally.ask(gold["question"], [topic / "docs"])
        assert report.sections and report.sources, topic.name
        scores.append(score_topic(report.to_json(), gold, topic=topic.name))
    return summarise(scores)


@pytest.mark.parametrize("metric", ["found", "direct_recall", "direct_precision",
                                    "relation_accuracy", "distractor_rejection", "answer_log_iou"])
def test_scoreboard_metric_stays_above_its_floor(scoreboard: dict[str, float], metric: str) -> None:
    assert scoreboard[metric] >= BASELINE[metric], f"{metric} fell to {scoreboard[metric]:.3f}"


def test_magnitude_words_stay_right(scoreboard: dict[str, int]) -> None:
    assert scoreboard["magnitude_right"] >= BASELINE["magnitude_right"]


def test_reports_have_no_unsupported_numbers(scoreboard: dict[str, int]) -> None:
    assert scoreboard["unsupported_numbers"] <= BASELINE["unsupported_numbers_max"]
