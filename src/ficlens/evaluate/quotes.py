"""Score quotation spans against gold quotes (LitBank's quotation layer).

A predicted quote matches a gold one one-to-one. Two levels are reported:

- exact: the same span once surrounding whitespace is trimmed;
- overlap: the spans share at least ``min_overlap`` of the longer one's characters,
  so a quote that differs by a dropped mark or a tag cut a word early still counts.

LitBank splits ``"Come," he said, "now."`` into two quotes as ficlens does, so the
spans compare directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ficlens.document import Story

if TYPE_CHECKING:
    from ficlens.evaluate.litbank import GoldDoc

Spans = list[tuple[int, int]]


@dataclass
class DocQuoteScore:
    """One document's counts and its misses, for error analysis."""

    id: str
    gold: int
    predicted: int
    exact: int
    overlap: int
    missed: Spans = field(default_factory=list)  # gold spans no prediction overlaps
    spurious: Spans = field(default_factory=list)  # predictions that overlap no gold


@dataclass
class QuoteSpanScore:
    precision: float  # overlap match
    recall: float
    f1: float
    exact_precision: float
    exact_recall: float
    exact_f1: float
    gold: int
    predicted: int
    exact: int
    overlap: int
    docs: list[DocQuoteScore] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"quotes: gold {self.gold}, predicted {self.predicted}; overlap P {self.precision:.3f} "
            f"R {self.recall:.3f} F1 {self.f1:.3f}; exact P {self.exact_precision:.3f} "
            f"R {self.exact_recall:.3f} F1 {self.exact_f1:.3f}"
        )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def match_spans(
    predicted: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]], min_overlap: float = 0.5
) -> list[tuple[int, int]]:
    """One-to-one (predicted index, gold index) pairs, largest overlaps first."""
    candidates = []
    for i, (ps, pe) in enumerate(predicted):
        for j, (gs, ge) in enumerate(gold):
            shared = min(pe, ge) - max(ps, gs)
            if shared > 0 and shared >= min_overlap * max(pe - ps, ge - gs):
                candidates.append((shared, i, j))
    candidates.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def score_doc(
    doc_id: str,
    text: str,
    predicted: Iterable[tuple[int, int]],
    gold: Iterable[tuple[int, int]],
    min_overlap: float = 0.5,
) -> DocQuoteScore:
    pred = sorted(_trim(text, s, e) for s, e in predicted)
    gold_spans = sorted(_trim(text, s, e) for s, e in gold)
    pairs = match_spans(pred, gold_spans, min_overlap)
    exact = sum(1 for i, j in pairs if pred[i] == gold_spans[j])
    touched_g = {j for j, g in enumerate(gold_spans) if any(_shares(p, g) for p in pred)}
    touched_p = {i for i, p in enumerate(pred) if any(_shares(p, g) for g in gold_spans)}
    return DocQuoteScore(
        id=doc_id,
        gold=len(gold_spans),
        predicted=len(pred),
        exact=exact,
        overlap=len(pairs),
        missed=[g for j, g in enumerate(gold_spans) if j not in touched_g],
        spurious=[p for i, p in enumerate(pred) if i not in touched_p],
    )


def _shares(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def predict_quotes(doc: GoldDoc) -> Story:
    """The text stages (reader, structure, quotes) over a gold document's text."""
    from ficlens.evaluate.litbank import gold_story
    from ficlens.pipeline import TEXT_STAGES, resolve_stages, run_stages

    story = gold_story(doc)
    return run_stages(story, resolve_stages(TEXT_STAGES, story.provides))


def score_quote_spans(
    gold_docs: Iterable[GoldDoc],
    predict: Callable[[GoldDoc], Story] = predict_quotes,
    min_overlap: float = 0.5,
) -> QuoteSpanScore:
    """Precision, recall and F1 of predicted quote spans against the gold quotes."""
    docs = []
    for doc in gold_docs:
        story = predict(doc)
        docs.append(
            score_doc(
                doc.id,
                doc.text,
                [(q.start, q.end) for q in story.quotes],
                [(q.start, q.end) for q in doc.quotes],
                min_overlap,
            )
        )
    gold = sum(d.gold for d in docs)
    predicted = sum(d.predicted for d in docs)
    exact = sum(d.exact for d in docs)
    overlap = sum(d.overlap for d in docs)
    p, r = _ratio(overlap, predicted), _ratio(overlap, gold)
    ep, er = _ratio(exact, predicted), _ratio(exact, gold)
    return QuoteSpanScore(
        precision=p,
        recall=r,
        f1=_f1(p, r),
        exact_precision=ep,
        exact_recall=er,
        exact_f1=_f1(ep, er),
        gold=gold,
        predicted=predicted,
        exact=exact,
        overlap=overlap,
        docs=docs,
    )
