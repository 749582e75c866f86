"""Character clustering and pronoun resolution scored against LitBank coreference.

- **B-cubed** (Bagga and Baldwin 1998) over the gold PER mentions: each gold
  mention takes the character of the predicted mention aligned to it (the longest
  predicted mention inside the smallest gold PER span that holds it); a gold
  mention with no aligned prediction, or one aligned to an unresolved
  prediction, is a singleton of its own.
- **Pronoun accuracy** for gold PER pronouns whose chain has other mentions: right
  when the pronoun's predicted character is the character that holds most of
  the chain's *other* mentions.
- **Mention detection**: recall of gold PER mentions, precision of predicted
  mentions (a prediction is right when some gold PER mention holds it).

ficlens' character stages are rules, not trained, so every document is a test
document; no folds are needed.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ficlens.document import Mention, Story
from ficlens.evaluate.litbank import GoldDoc, GoldMention, gold_story

#: The stages that produce characters from a reader's Story.
STAGES = ("structure", "quotes", "parse", "mentions", "characters", "coref")
_MAX_SPAN = 400  # characters: no gold PER mention is longer


@dataclass
class CharacterScores:
    """Scores over a set of documents (micro-averaged over gold mentions)."""

    docs: int = 0
    gold_mentions: int = 0
    b3_precision: float = 0.0
    b3_recall: float = 0.0
    b3_f1: float = 0.0
    pronouns: int = 0
    pronoun_accuracy: float = 0.0
    mention_recall: float = 0.0
    mention_precision: float = 0.0

    def as_rows(self) -> list[tuple[str, str]]:
        """(measure, value) rows for a table."""
        return [
            ("documents", str(self.docs)),
            ("gold PER mentions", str(self.gold_mentions)),
            ("B-cubed precision", f"{self.b3_precision:.3f}"),
            ("B-cubed recall", f"{self.b3_recall:.3f}"),
            ("B-cubed F1", f"{self.b3_f1:.3f}"),
            ("PER pronouns scored", str(self.pronouns)),
            ("pronoun accuracy", f"{self.pronoun_accuracy:.3f}"),
            ("mention recall", f"{self.mention_recall:.3f}"),
            ("mention precision", f"{self.mention_precision:.3f}"),
        ]


def align(gold: Sequence[GoldMention], predicted: Sequence[Mention]) -> dict[int, Mention]:
    """Gold mention index -> the predicted mention standing for it."""
    order = sorted(range(len(gold)), key=lambda i: gold[i].start)
    starts = [gold[i].start for i in order]
    best: dict[int, Mention] = {}
    for m in predicted:
        k = bisect.bisect_right(starts, m.start) - 1
        holder = None
        while k >= 0 and m.start - starts[k] <= _MAX_SPAN:
            g = gold[order[k]]
            if g.end >= m.end and (
                holder is None or g.end - g.start < gold[holder].end - gold[holder].start
            ):
                holder = order[k]
            k -= 1
        if holder is None:
            continue
        current = best.get(holder)
        if current is None or m.end - m.start > current.end - current.start:
            best[holder] = m
    return best


@dataclass
class _DocCounts:
    p_sum: float
    r_sum: float
    n: int
    pron_right: int
    pron_total: int
    matched_gold: int
    pred_total: int
    pred_matched: int


def _score_doc(doc: GoldDoc, story: Story) -> _DocCounts:
    gold = [g for g in doc.mentions if g.category == "PER"]
    predicted = [m for m in story.mentions if m.end <= len(doc.text)]
    aligned = align(gold, predicted)
    labels: list[str] = []
    for i, _ in enumerate(gold):
        m = aligned.get(i)
        labels.append(f"c:{m.character}" if m is not None and m.character else f"s:{i}")
    chains = [g.chain for g in gold]
    by_label: dict[str, list[int]] = {}
    by_chain: dict[str, list[int]] = {}
    for i, (lab, ch) in enumerate(zip(labels, chains, strict=True)):
        by_label.setdefault(lab, []).append(i)
        by_chain.setdefault(ch, []).append(i)
    p_sum = r_sum = 0.0
    for i in range(len(gold)):
        pred_set = by_label[labels[i]]
        gold_set = by_chain[chains[i]]
        both = sum(1 for j in pred_set if chains[j] == chains[i])
        p_sum += both / len(pred_set)
        r_sum += both / len(gold_set)
    right = total = 0
    for i, g in enumerate(gold):
        if g.kind != "PRON":
            continue
        others = [labels[j] for j in by_chain[g.chain] if j != i and labels[j].startswith("c:")]
        if len(by_chain[g.chain]) < 2:
            continue
        total += 1
        if others and labels[i] == Counter(others).most_common(1)[0][0]:
            right += 1
    gold_spans = sorted((g.start, g.end) for g in gold)
    pred_matched = sum(1 for m in predicted if _inside(gold_spans, m))
    return _DocCounts(
        p_sum, r_sum, len(gold), right, total, len(aligned), len(predicted), pred_matched
    )


def _inside(spans: list[tuple[int, int]], m: Mention) -> bool:
    k = bisect.bisect_right(spans, (m.start, 1 << 60)) - 1
    while k >= 0 and m.start - spans[k][0] <= _MAX_SPAN:
        if spans[k][1] >= m.end:
            return True
        k -= 1
    return False


def analyse_doc(doc: GoldDoc, nlp: Any = None) -> Story:
    """Run the character stages over one LitBank document's text."""
    from ficlens.pipeline import Options, resolve_stages, run_stages

    story = gold_story(doc)
    return run_stages(story, resolve_stages(STAGES, story.provides), Options(nlp=nlp))


def score_characters(
    gold_docs: Sequence[GoldDoc], stories: Sequence[Story] | None = None, nlp: Any = None
) -> CharacterScores:
    """Score ficlens' characters on LitBank documents.

    ``stories`` are the documents already analysed (in the same order) where the
    caller has them; otherwise each document is run through ``STAGES``.
    """
    totals = _DocCounts(0.0, 0.0, 0, 0, 0, 0, 0, 0)
    for k, doc in enumerate(gold_docs):
        story = stories[k] if stories is not None else analyse_doc(doc, nlp)
        c = _score_doc(doc, story)
        totals = _DocCounts(
            *(a + b for a, b in zip(vars(totals).values(), vars(c).values(), strict=True))
        )
    n = totals.n or 1
    p, r = totals.p_sum / n, totals.r_sum / n
    return CharacterScores(
        docs=len(gold_docs),
        gold_mentions=totals.n,
        b3_precision=p,
        b3_recall=r,
        b3_f1=2 * p * r / (p + r) if p + r else 0.0,
        pronouns=totals.pron_total,
        pronoun_accuracy=totals.pron_right / totals.pron_total if totals.pron_total else 0.0,
        mention_recall=totals.matched_gold / n,
        mention_precision=totals.pred_matched / totals.pred_total if totals.pred_total else 0.0,
    )
