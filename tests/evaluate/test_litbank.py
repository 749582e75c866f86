"""The LitBank loader maps every annotation onto the original novel's text."""

from __future__ import annotations

import pytest

from ficlens.evaluate.litbank import gold_story, litbank_folds, load_doc, load_litbank

pytestmark = pytest.mark.litbank


def test_litbank_aligns_every_token_exactly(litbank_dir):
    docs = load_litbank(litbank_dir)
    assert len(docs) == 100
    assert min(d.aligned for d in docs) == 1.0
    assert sum(len(d.quotes) for d in docs) == 1765


def test_litbank_spans_hold_the_annotated_words(litbank_dir):
    doc = load_doc(litbank_dir, "1342_pride_and_prejudice")
    for mention in doc.mentions:
        assert doc.text[mention.start : mention.end] == mention.text
        assert mention.text.strip() == mention.text
    for quote in doc.quotes:
        assert quote.text[0] in "“\"'‘" and quote.speaker
    # Chains group the mentions of one person across the excerpt.
    assert len(doc.chains["Mrs_Bennet-7"]) > 10


def test_litbank_folds_partition_the_documents(litbank_dir):
    folds = litbank_folds(litbank_dir)
    assert len(folds) == 10
    tests = [doc for fold in folds for doc in fold.test]
    assert len(tests) == len(set(tests)) == 100
    for fold in folds:
        assert not set(fold.test) & set(fold.train)


def test_litbank_gold_story_is_readable(litbank_dir):
    story = gold_story(load_doc(litbank_dir, "1342_pride_and_prejudice"))
    assert story.paragraphs and story.text.startswith("Chapter 1")
