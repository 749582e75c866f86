"""B-cubed and pronoun accuracy against coreference chains, by hand and on LitBank."""

from __future__ import annotations

import pytest

from ficlens.document import Mention, Story
from ficlens.evaluate.characters import CharacterScores, align, score_characters
from ficlens.evaluate.litbank import GoldDoc, GoldMention

TEXT = "Ann saw Bob. She waved at him, and he smiled at her."


def _gold() -> GoldDoc:
    spans = [
        ("Ann", "A", "PROP"),
        ("Bob", "B", "PROP"),
        ("She", "A", "PRON"),
        ("him", "B", "PRON"),
        ("he", "B", "PRON"),
        ("her", "A", "PRON"),
    ]
    mentions, pos = [], 0
    for text, chain, kind in spans:
        start = TEXT.index(text, pos)
        pos = start + len(text)
        mentions.append(GoldMention(start, pos, text, chain, "PER", kind))
    return GoldDoc(id="toy", text=TEXT, mentions=mentions)


def _story(labels: list[str | None]) -> Story:
    story = Story(text=TEXT)
    for g, label in zip(_gold().mentions, labels, strict=True):
        kind = "proper" if g.kind == "PROP" else "pronoun"
        story.mentions.append(Mention(g.start, g.end, kind, g.text, character=label))
    return story


def test_characters_eval_perfect_clusters_score_one() -> None:
    scores = score_characters([_gold()], [_story(["c0", "c1", "c0", "c1", "c1", "c0"])])
    assert scores.b3_f1 == pytest.approx(1.0)
    assert scores.pronoun_accuracy == pytest.approx(1.0) and scores.pronouns == 4


def test_characters_eval_one_wrong_pronoun() -> None:
    # "he" put with Ann: precision and recall drop, one pronoun of four is wrong.
    scores = score_characters([_gold()], [_story(["c0", "c1", "c0", "c1", "c0", "c0"])])
    assert scores.pronoun_accuracy == pytest.approx(0.75)
    # Ann's mentions see 3/4 of their cluster right; Bob's 2/2, his stray "he" 1/4.
    assert scores.b3_precision == pytest.approx((3 * 0.75 + 2 * 1.0 + 0.25) / 6)
    assert scores.b3_recall == pytest.approx((3 * 1.0 + 2 * (2 / 3) + 1 / 3) / 6)


def test_characters_eval_unaligned_gold_is_a_singleton() -> None:
    story = _story(["c0", "c1", "c0", "c1", "c1", "c0"])
    story.mentions = story.mentions[:4]  # "he" and "her" not found at all
    scores = score_characters([_gold()], [story])
    assert scores.mention_recall == pytest.approx(4 / 6)
    assert scores.b3_precision == pytest.approx(1.0)
    assert scores.b3_recall < 1.0


def test_characters_eval_aligns_inside_the_smallest_gold_span() -> None:
    gold = [
        GoldMention(0, 20, "the boy and his dog", "X", "PER", "NOM"),
        GoldMention(0, 7, "the boy", "B", "PER", "NOM"),
    ]
    inner = Mention(4, 7, "nominal", "boy")
    assert align(gold, [inner]) == {1: inner}


def test_characters_eval_rows_for_a_table() -> None:
    rows = CharacterScores(docs=1, b3_f1=0.5).as_rows()
    assert ("B-cubed F1", "0.500") in rows and rows[0] == ("documents", "1")


@pytest.mark.slow
@pytest.mark.litbank
def test_characters_eval_on_litbank_documents(litbank_dir, nlp) -> None:
    from ficlens.evaluate.litbank import load_litbank

    docs = load_litbank(
        litbank_dir, ids=["1342_pride_and_prejudice", "11_alices_adventures_in_wonderland"]
    )
    scores = score_characters(docs, nlp=nlp)
    assert scores.docs == 2 and scores.gold_mentions > 300
    # Rules, no training: far from perfect, far from chance.
    assert scores.b3_f1 > 0.55 and scores.pronoun_accuracy > 0.5
