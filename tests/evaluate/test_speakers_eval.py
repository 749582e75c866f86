"""Speaker evaluation on LitBank: one fold over a few documents (the full run is not a test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.evaluate.litbank import litbank_folds
from ficlens.evaluate.speakers import evaluate_speakers, format_litbank

pytestmark = [pytest.mark.slow, pytest.mark.litbank]


def test_speakers_eval_one_fold_gold_cast(litbank_dir: Path) -> None:
    fold = litbank_folds(litbank_dir)[0]
    ids = fold.train[:4] + fold.test[:2]
    report = evaluate_speakers(litbank_dir, ["gold_cast"], folds=1, ids=ids)
    scores = report["settings"]["gold_cast"]
    assert scores["quotes"] > 0 and scores["found"] == scores["quotes"]
    assert scores["rules"] > 50.0 and scores["ranker"] > 50.0
    assert sum(row["n"] for row in scores["calibration"]) == scores["found"]
    text = format_litbank({"speakers": report})
    assert "gold_cast" in text and "BookNLP" in text
