"""Quality gate: the scoreboard on the shared gold corpora must not fall below pinned floors,
with the shipped weights and held out (each topic answered with weights fit on the others)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

import crosstally
from crosstally.evaluate import load_gold, score_topic, summarise

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BASELINE = json.loads((Path(__file__).parent / "eval_baseline.json").read_text())
CORPORA = ("corpus", "corpus-real")
METRICS = ("found", "direct_recall", "direct_precision", "relation_accuracy",
           "distractor_rejection", "answer_log_iou", "likely_log_iou")


def topics(corpus: str) -> list[Path]:
    return sorted(p.parent for p in (SHARED / corpus).glob("*/gold.yaml"))


pytestmark = pytest.mark.skipif(not topics("corpus"), reason=f"no gold corpus under {SHARED}")


@pytest.fixture(scope="module", params=CORPORA)
def scoreboard(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    scores = []
    for topic in topics(request.param):
        gold = load_gold(topic)
        report = crosstally.ask(gold["question"], [topic / "docs"])
        assert report.sections and report.sources, topic.name
        scores.append(score_topic(report.to_json(), gold, topic=topic.name))
    return request.param, summarise(scores)


@pytest.mark.parametrize("metric", METRICS)
def test_scoreboard_metric_stays_above_its_floor(scoreboard: tuple[str, dict[str, Any]],
                                                 metric: str) -> None:
    corpus, overall = scoreboard
    floor = BASELINE[corpus][metric]
    assert overall[metric] >= floor, f"{corpus}: {metric} fell to {overall[metric]:.3f}"


def test_magnitude_words_stay_right(scoreboard: tuple[str, dict[str, Any]]) -> None:
    corpus, overall = scoreboard
    assert overall["magnitude_right"] >= BASELINE[corpus]["magnitude_right"]


def test_reports_have_no_unsupported_numbers(scoreboard: tuple[str, dict[str, Any]]) -> None:
    corpus, overall = scoreboard
    assert overall["unsupported_numbers"] <= BASELINE[corpus]["unsupported_numbers_max"]


@pytest.fixture(scope="module")
def heldout() -> dict[str, dict[str, Any]]:
    pytest.importorskip("sklearn")
    spec = importlib.util.spec_from_file_location("fit_relations", ROOT / "bench" / "fit_relations.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    sys.modules["fit_relations"] = bench
    spec.loader.exec_module(bench)
    loaded = [bench.load_topic(p) for c in CORPORA for p in topics(c)]
    rows = {t.name: bench.score(t, bench.fit([o for o in loaded if o is not t])) for t in loaded}
    return {c: bench.mean_row([rows[p.name] for p in topics(c)]) for c in CORPORA}


@pytest.mark.parametrize("corpus", CORPORA)
def test_held_out_scores_stay_above_their_floors(heldout: dict[str, dict[str, Any]],
                                                 corpus: str) -> None:
    floors = BASELINE["heldout"][corpus]
    low = {m: round(heldout[corpus][m], 3) for m, f in floors.items() if heldout[corpus][m] < f}
    assert not low, f"{corpus}, leave one topic out: below the floor: {low}"
    assert heldout[corpus]["unsupported"] == 0
