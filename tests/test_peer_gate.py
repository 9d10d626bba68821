"""Quality gate: the peer number suites and the corpus extraction figures must not fall below
the floors pinned in peer_baseline.json. Raise a floor when a score improves; never lower one
silently (a lower floor needs a reason in the commit message).

Runs in-process: bench/peers.py (Recognizers-Text NumberModel and NumberRangeModel, Duckling
Numeral) and bench/corpus_extraction.py (gold corpus, every document read whole). Skipped
when the shared folder (../shared, or $CROSSTALLY_SHARED) is absent.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
BASELINE = json.loads((Path(__file__).parent / "peer_baseline.json").read_text())


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


peers = _load("peers")
corpus = _load("corpus_extraction")
SHARED = peers.shared_dir()

pytestmark = pytest.mark.skipif(not (SHARED / peers.NUMBER_MODEL).exists(),
                                reason=f"no shared peer suites at {SHARED}")


@pytest.fixture(scope="module")
def peer_rates() -> dict[str, Any]:
    return peers.summary(peers.run_suites(SHARED))


@pytest.fixture(scope="module")
def corpus_figures() -> dict[str, Any]:
    result = corpus.corpus_figures(SHARED / "corpus")
    assert result["overall"] is not None
    return result["overall"]


@pytest.mark.parametrize("suite", peers.SUITES)
def test_peer_suite_pass_rate_stays_above_its_floor(peer_rates: dict[str, Any], suite: str) -> None:
    rate = peer_rates[suite]["rate"]
    floor = BASELINE["peers"][suite]
    assert rate >= floor, f"{suite} fell to {rate:.3f} (floor {floor}); failing categories: " \
        f"{peer_rates[suite]['failure_categories']}"


@pytest.mark.parametrize("metric", ["found", "qualifier_right", "counted_filled"])
def test_corpus_extraction_figure_stays_above_its_floor(corpus_figures: dict[str, Any],
                                                        metric: str) -> None:
    value, floor = corpus_figures[metric], BASELINE["corpus"][metric]
    assert value >= floor, f"{metric} fell to {value:.3f} (floor {floor})"


def test_years_dates_and_page_furniture_stay_out_of_estimates(
        corpus_figures: dict[str, Any]) -> None:
    value, ceiling = corpus_figures["furniture_emitted"], BASELINE["corpus"]["furniture_emitted_max"]
    assert value <= ceiling, f"furniture_emitted rose to {value:.3f} (ceiling {ceiling})"
