"""Scoring quote spans: one-to-one matching, exact and overlap, and LitBank."""

from __future__ import annotations

import pytest

from ficlens.document import Quote, Story
from ficlens.evaluate.litbank import GoldDoc, GoldQuote
from ficlens.evaluate.quotes import match_spans, score_doc, score_quote_spans


def test_quotes_eval_match_is_one_to_one_by_largest_overlap():
    # One long prediction over two gold quotes matches only the one it mostly covers.
    assert match_spans([(0, 20)], [(0, 15), (16, 20)]) == [(0, 0)]
    # Too little shared text: no match.
    assert match_spans([(0, 10)], [(6, 30)]) == []


def test_quotes_eval_exact_ignores_outer_whitespace_and_lists_misses():
    text = '"Hi," she said. "Bye."  He left. "What?"'
    score = score_doc("d", text, predicted=[(0, 6), (16, 24)], gold=[(0, 5), (16, 22), (33, 40)])
    assert (score.exact, score.overlap) == (2, 2)
    assert score.missed == [(33, 40)] and score.spurious == []


def test_quotes_eval_precision_recall_over_documents():
    text = '"One," he said. "Two." A "scare" word.'
    doc = GoldDoc(
        id="d",
        text=text,
        quotes=[GoldQuote(0, 6, '"One,"', None), GoldQuote(16, 22, '"Two."', None)],
    )

    def predict(gold: GoldDoc) -> Story:
        story = Story(text=gold.text)
        story.quotes = [Quote("q0", 0, 6, '"One,"'), Quote("q1", 25, 32, '"scare"')]
        return story

    score = score_quote_spans([doc], predict=predict)
    assert (score.precision, score.recall) == (0.5, 0.5)
    assert score.exact_f1 == pytest.approx(0.5)
    assert score.docs[0].spurious == [(25, 32)]


@pytest.mark.litbank
@pytest.mark.slow
def test_quotes_eval_litbank_precision_and_recall(litbank_dir):
    from ficlens.evaluate.litbank import load_litbank

    score = score_quote_spans(load_litbank(litbank_dir))
    assert score.gold == 1765
    # Measured: overlap P 0.953 R 0.981, exact P 0.930 R 0.957 (README, Quotations).
    assert score.recall >= 0.965 and score.precision >= 0.935
    assert score.exact_recall >= 0.94 and score.exact_precision >= 0.91
