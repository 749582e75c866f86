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


def test_speakers_eval_narrator_is_mapped_by_first_person_narration() -> None:
    # "I" narrates three times; coreference also sent one description ("the woman")
    # to the narrator. The narrator is the chain of its "I", not of the stray description.
    from ficlens.document import Mention, Story
    from ficlens.evaluate.litbank import GoldDoc, GoldMention
    from ficlens.evaluate.speakers import character_to_chain

    text = "I ran. I hid. The woman laughed. I wept. Tom said nothing."
    spans = [(0, 1, "I"), (7, 8, "I"), (14, 23, "The woman"), (33, 34, "I"), (41, 44, "Tom")]
    chains = ["narrator", "narrator", "woman", "narrator", "tom"]
    kinds = ["PRON", "PRON", "NOM", "PRON", "PROP"]
    gold = GoldDoc(
        "d",
        text,
        [
            GoldMention(s, e, t, c, "PER", k)
            for (s, e, t), c, k in zip(spans, chains, kinds, strict=True)
        ],
    )
    ours = ["c0", "c0", "c0", "c0", "c1"]
    ours_kinds = ["pronoun", "pronoun", "nominal", "pronoun", "proper"]
    story = Story(text=text)
    story.mentions = [
        Mention(s, e, k, t, character=c, person=1 if t == "I" else 3)
        for (s, e, t), c, k in zip(spans, ours, ours_kinds, strict=True)
    ]
    assert character_to_chain(story, gold) == {"c0": "narrator", "c1": "tom"}


def test_speakers_eval_feedback_ranker_never_learns_the_document(
    litbank_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The feedback rounds of each held-out document are attributed by a ranker fitted
    # on the other documents' first pass only.
    from ficlens.evaluate import speakers

    fold = litbank_folds(litbank_dir)[0]
    ids = fold.train[:3] + fold.test[:1]
    fitted_on: list[set[str]] = []
    fed: dict[str, object] = {}
    real_fit, real_instances = speakers.fit, speakers.instances

    def spy_fit(rows, seed=13):  # type: ignore[no-untyped-def]
        fitted_on.append({r.doc for r in rows})
        return real_fit(rows, seed)

    def spy_instances(doc, story, setting, feedback_ranker=None):  # type: ignore[no-untyped-def]
        if feedback_ranker is not None:
            fed[doc.id] = feedback_ranker
        return real_instances(doc, story, setting, feedback_ranker)

    monkeypatch.setattr(speakers, "fit", spy_fit)
    monkeypatch.setattr(speakers, "instances", spy_instances)
    first: dict[str, list[speakers.Instance]] = {}
    rows = speakers.prepare_litbank(
        litbank_dir, ["gold_quotes"], ids=ids, splits=[fold], first_pass=first
    )
    assert set(fed) == set(fold.test[:1])
    assert fitted_on[0] and fitted_on[0] <= set(fold.train[:3])
    assert len(rows["gold_quotes"]) == len(first["gold_quotes"])
