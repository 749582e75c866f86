"""A softmax ranker over candidate speakers, trained and run with numpy alone.

Score(candidate) = w . features; P(candidate) = softmax over the quote's candidates.
Training maximises the log-likelihood of the gold candidate with L2 and Adam, from a
fixed seed, so a retrain gives the same weights. The top probability is calibrated
with Platt scaling (``a * logit(p) + b``) fitted on held-out folds.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ficlens.attribution.features import FEATURES

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "speaker_ranker.json"


# Sieves trusted whatever the held-out tally says: the layout naming the speaker; speech
# the quotes stage linked as one utterance (gold LitBank quotes carry no such links, so
# the ranker never sees one); and set-apart (remembered) speech, common in fan fiction
# and nearly absent from LitBank.
ALWAYS_TRUSTED = ("continues", "hint", "remembered", "voice_next")


@dataclass
class Ranker:
    weights: np.ndarray
    platt: tuple[float, float] = (1.0, 0.0)
    meta: dict[str, object] = field(default_factory=dict)
    # Sieves whose answer beat the ranker's on held-out LitBank folds: where one of
    # them decided, its answer stands (rare, precise evidence the ranker saw too
    # little of to weigh).
    trust_rules: tuple[str, ...] = ()

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        scores = x @ self.weights
        scores -= scores.max()
        e = np.exp(scores)
        return np.asarray(e / e.sum())

    def calibrate(self, p: float) -> float:
        p = min(max(p, 1e-4), 1 - 1e-4)
        a, b = self.platt
        z = max(-30.0, min(30.0, a * math.log(p / (1 - p)) + b))
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self) -> dict[str, object]:
        return {
            "format": "ficlens-speaker-ranker/1",
            "features": list(FEATURES),
            "weights": [round(float(w), 6) for w in self.weights],
            "platt": [round(self.platt[0], 6), round(self.platt[1], 6)],
            "trust_rules": list(self.trust_rules),
            "meta": self.meta,
        }

    def save(self, path: Path = MODEL_PATH) -> None:
        path.write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Ranker:
        names = list(data["features"])
        stored = dict(zip(names, data["weights"], strict=True))
        # Features the file does not know weigh nothing: an old model still runs.
        weights = np.array([float(stored.get(name, 0.0)) for name in FEATURES])
        a, b = data.get("platt", (1.0, 0.0))
        trust = tuple(sorted(set(data.get("trust_rules", ())) | set(ALWAYS_TRUSTED)))
        meta = dict(data.get("meta", {}))
        return cls(weights, (float(a), float(b)), meta, trust)


@lru_cache(maxsize=1)
def load_ranker(path: Path = MODEL_PATH) -> Ranker | None:
    """The shipped ranker, or None when the file is missing (rules then decide)."""
    if not path.is_file():
        return None
    return Ranker.from_json(json.loads(path.read_text(encoding="utf-8")))


def train(
    groups: list[tuple[np.ndarray, int]],
    l2: float = 1e-3,
    epochs: int = 300,
    learning_rate: float = 0.05,
    seed: int = 13,
) -> np.ndarray:
    """Weights maximising sum log P(gold) over (features, gold row) groups."""
    rng = np.random.default_rng(seed)
    dim = len(FEATURES)
    w = rng.normal(0.0, 0.01, dim)
    if not groups:
        return w
    x = np.vstack([g for g, _ in groups])
    sizes = np.array([len(g) for g, _ in groups])
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    gold = offsets + np.array([i for _, i in groups])
    group_of = np.repeat(np.arange(len(groups)), sizes)
    m = np.zeros(dim)
    v = np.zeros(dim)
    for step in range(1, epochs + 1):
        s = x @ w
        # Softmax within each group, stably.
        smax = np.full(len(groups), -np.inf)
        np.maximum.at(smax, group_of, s)
        e = np.exp(s - smax[group_of])
        z = np.zeros(len(groups))
        np.add.at(z, group_of, e)
        p = e / z[group_of]
        grad = x.T @ p - x[gold].sum(axis=0)
        grad = grad / len(groups) + l2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= learning_rate * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return w


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.asarray(np.log(p / (1 - p)))


def trusted_sieves(rows: list[tuple[str, bool, bool]], min_count: int = 3) -> tuple[str, ...]:
    """Sieves whose rule answer was right more often than the ranker's.

    ``rows`` holds (sieve, rule right, ranker right) for held-out quotes.
    """
    tally: dict[str, list[int]] = {}
    for sieve, rule_ok, ranker_ok in rows:
        t = tally.setdefault(sieve, [0, 0, 0])
        t[0] += 1
        t[1] += rule_ok
        t[2] += ranker_ok
    # A clear margin, not a tie or a couple of quotes: noise between folds would
    # otherwise flip a sieve in and out.
    learned = {
        s for s, (n, r, k) in tally.items() if s and n >= min_count and r >= k + max(2, n // 50)
    }
    return tuple(sorted(learned | set(ALWAYS_TRUSTED)))


def fit_platt(confidences: list[float], correct: list[bool]) -> tuple[float, float]:
    """Platt scaling of raw top probabilities against correctness (damped Newton)."""
    if len(confidences) < 10 or all(correct) or not any(correct):
        return (1.0, 0.0)
    f = _logit(np.array(confidences))
    y = np.array(correct, dtype=float)

    def loss(ab: np.ndarray) -> float:
        z = ab[0] * f + ab[1]
        return float(np.sum(np.logaddexp(0.0, z) - y * z))

    ab = np.array([1.0, 0.0])
    for _ in range(100):
        q = 1 / (1 + np.exp(-np.clip(ab[0] * f + ab[1], -30, 30)))
        g = np.array([np.sum((q - y) * f), np.sum(q - y)])
        r = q * (1 - q) + 1e-9
        h = np.array([[np.sum(r * f * f), np.sum(r * f)], [np.sum(r * f), np.sum(r)]])
        step = np.linalg.solve(h + np.eye(2) * 1e-3, g)
        scale = 1.0
        while scale > 1e-4 and loss(ab - scale * step) > loss(ab):
            scale /= 2
        ab = ab - scale * step
        if np.abs(scale * step).max() < 1e-7:
            break
    return float(ab[0]), float(ab[1])
