"""Weights that turn an estimate's evidence into a relation: two multinomial logistic models.

Stage one reads each figure alone (`evidence.features`); stage two adds where the figure sits
against the figures stage one found direct (`evidence.magnitude_features`). The weights are
data (`relations.json`), fit on the annotated topics by `bench/fit_relations.py`, which also
scores them leave-one-topic-out. `using()` swaps in other weights for one block (the
held-out scoreboard runs each topic with weights fit on the others).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from crosstally.errors import ConfigError

RELATIONS = ("direct", "broader", "narrower", "rate", "unrelated")


@dataclass(frozen=True, slots=True)
class Stage:
    classes: tuple[str, ...]
    weights: Mapping[str, tuple[float, ...]]  # feature -> one weight per class
    intercept: tuple[float, ...]

    def scores(self, features: Mapping[str, float]) -> list[float]:
        s = list(self.intercept)
        for name, value in features.items():
            if value and (w := self.weights.get(name)):
                for i, wi in enumerate(w):
                    s[i] += wi * value
        return s

    def probabilities(self, features: Mapping[str, float]) -> dict[str, float]:
        s = self.scores(features)
        top = max(s)
        e = [math.exp(x - top) for x in s]
        total = sum(e)
        return {c: x / total for c, x in zip(self.classes, e)}

    def reasons(self, features: Mapping[str, float], relation: str, n: int = 2) -> list[str]:
        """The features that pushed hardest towards `relation`, against the other classes."""
        i = self.classes.index(relation)
        pulls = []
        for name, value in features.items():
            w = self.weights.get(name)
            if value and w and name != "bias":
                others = (sum(w) - w[i]) / max(1, len(w) - 1)
                pulls.append(((w[i] - others) * value, name))
        return [name for pull, name in sorted(pulls, reverse=True)[:n] if pull > 0]

    def to_json(self) -> dict[str, Any]:
        return {"classes": list(self.classes), "intercept": list(self.intercept),
                "weights": {k: list(v) for k, v in sorted(self.weights.items())}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Stage:
        """A stage, checked: the five relations, one weight per relation everywhere."""
        classes = tuple(data["classes"])
        if sorted(classes) != sorted(RELATIONS):
            raise ValueError(f"classes {list(classes)}, expected {list(RELATIONS)}")
        weights = {str(k): tuple(float(x) for x in v) for k, v in data["weights"].items()}
        intercept = tuple(float(x) for x in data["intercept"])
        if any(len(w) != len(classes) for w in (intercept, *weights.values())):
            raise ValueError(f"every weight vector must hold {len(classes)} numbers")
        return cls(classes, weights, intercept)


@dataclass(frozen=True, slots=True)
class RelationModel:
    first: Stage
    second: Stage
    trained_on: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"trained_on": list(self.trained_on), "first": self.first.to_json(),
                "second": self.second.to_json()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RelationModel:
        return cls(Stage.from_json(data["first"]), Stage.from_json(data["second"]),
                   tuple(data.get("trained_on", ())))


_override: ContextVar[RelationModel | None] = ContextVar("relation_model", default=None)


@cache
def shipped_model() -> RelationModel:
    """The weights shipped in the package; a damaged file is a clear error, not a traceback."""
    path = resources.files("crosstally.reconcile").joinpath("relations.json")
    try:
        return RelationModel.from_json(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ConfigError(f"{path}: the relation weights cannot be read ({err}); reinstall "
                          "crosstally, or refit them with bench/fit_relations.py --write") from err


def current_model() -> RelationModel:
    return _override.get() or shipped_model()


@contextmanager
def using(model: RelationModel) -> Iterator[None]:
    token = _override.set(model)
    try:
        yield
    finally:
        _override.reset(token)
