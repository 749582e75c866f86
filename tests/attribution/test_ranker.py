"""The softmax ranker: training, calibration, the shipped model."""

from __future__ import annotations

import json

import numpy as np

from ficlens.attribution.features import FEATURES, INDEX
from ficlens.attribution.ranker import (
    ALWAYS_TRUSTED,
    MODEL_PATH,
    Ranker,
    fit_platt,
    load_ranker,
    train,
    trusted_sieves,
)


def _groups(n: int = 60) -> list[tuple[np.ndarray, int]]:
    """Three candidates a quote; the gold one carries ``tag_after_proper``."""
    rng = np.random.default_rng(0)
    groups = []
    for _ in range(n):
        x = rng.normal(0, 0.1, (3, len(FEATURES)))
        gold = int(rng.integers(3))
        x[gold, INDEX["tag_after_proper"]] = 1.0
        groups.append((x, gold))
    return groups


def test_ranker_learns_the_decisive_feature() -> None:
    w = train(_groups())
    assert int(np.argmax(w)) == INDEX["tag_after_proper"]
    x, gold = _groups(1)[0]
    assert int(np.argmax(Ranker(w).probabilities(x))) == gold


def test_ranker_training_is_reproducible() -> None:
    assert np.array_equal(train(_groups(), seed=5), train(_groups(), seed=5))


def test_ranker_platt_scaling_lowers_overconfidence() -> None:
    # Raw 0.95 that is right only 70% of the time must come out near 0.7.
    conf = [0.95] * 100
    right = [i < 70 for i in range(100)]
    ranker = Ranker(np.zeros(len(FEATURES)), fit_platt(conf, right))
    assert abs(ranker.calibrate(0.95) - 0.7) < 0.05


def test_ranker_trusts_sieves_that_beat_it() -> None:
    rows = [("tag", True, False)] * 5 + [("nearest", False, True)] * 5
    trusted = trusted_sieves(rows)
    assert "tag" in trusted and "nearest" not in trusted
    assert set(ALWAYS_TRUSTED) <= set(trusted)


def test_ranker_json_round_trip_ignores_unknown_features() -> None:
    ranker = Ranker(np.arange(len(FEATURES), dtype=float), (0.9, 0.1), {"seed": 1}, ("tag",))
    data = ranker.to_json()
    data["features"] = [*data["features"], "a_feature_from_the_future"]  # type: ignore[list-item]
    data["weights"] = [*data["weights"], 3.0]  # type: ignore[list-item]
    back = Ranker.from_json(data)
    assert np.allclose(back.weights, ranker.weights)
    assert back.platt == (0.9, 0.1) and "tag" in back.trust_rules


def test_ranker_shipped_model_loads_and_is_small() -> None:
    assert MODEL_PATH.stat().st_size < 5_000_000
    assert json.loads(MODEL_PATH.read_text())["format"] == "ficlens-speaker-ranker/1"
    ranker = load_ranker()
    assert ranker is not None and ranker.weights.shape == (len(FEATURES),)
