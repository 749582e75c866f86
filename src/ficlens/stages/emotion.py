"""Mood across the story: valence per paragraph, a smoothed arc, and per character.

Valence is VADER's compound score (vaderSentiment, MIT licence, lexicon shipped inside
the package): -1 (very negative) to +1 (very positive), 0 neutral. A paragraph's
valence is the mean over its sentences, so a long paragraph is not pushed to the
extremes the way one compound score over all of it would be.

The arc is a Gaussian-weighted centred moving average of the paragraph valences over
the position in the story (0 = first word of prose, 1 = last), sampled at a fixed
number of points, so stories of any length give arcs of the same shape and size.

Basic emotions (joy, fear, anger...) are left out on purpose: the NRC Emotion Lexicon,
the usual source, is not licensed for redistribution in an MIT package.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections import defaultdict
from typing import Any

from ficlens.document import Story
from ficlens.pipeline import Options, Stage

#: Points in the smoothed arc, whatever the story's length.
ARC_POINTS = 24
#: Standard deviation of the smoothing window, as a fraction of the story.
ARC_BANDWIDTH = 0.07
LEXICON = "VADER (vaderSentiment 3.3, MIT)"

_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"'\u201d\u2019)]*|$)")


@functools.lru_cache(maxsize=1)
def _analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def valence(text: str) -> float:
    """VADER compound score of ``text`` (0.0 for text with no words)."""
    if not text.strip():
        return 0.0
    return float(_analyzer().polarity_scores(text)["compound"])


def _all_sentences(story: Story) -> list[tuple[int, int]]:
    """Character spans of the parsed sentences, in text order ([] without a parse)."""
    if not (story.tokens and story.sentences):
        return []
    return [(story.tokens[s].start, story.tokens[e - 1].end) for s, e in story.sentences if e > s]


def _sentence_spans(
    story: Story, parsed: list[tuple[int, int]], start: int, end: int
) -> list[tuple[int, int]]:
    """Sentence spans inside [start, end): from the parse when there is one."""
    k = bisect.bisect_left(parsed, (start, -1))
    spans = []
    while k < len(parsed) and parsed[k][0] < end:
        if parsed[k][1] <= end:
            spans.append(parsed[k])
        k += 1
    if spans:
        return spans
    text = story.text[start:end]
    return [
        (start + m.start(), start + m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()
    ]


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def smooth_arc(
    positions: list[float],
    values: list[float],
    weights: list[float],
    points: int = ARC_POINTS,
    bandwidth: float = ARC_BANDWIDTH,
) -> list[dict[str, float]]:
    """Gaussian-weighted centred average of ``values`` at ``points`` even positions."""
    if not positions:
        return []
    arc = []
    for k in range(points):
        x = k / (points - 1) if points > 1 else 0.5
        num = den = 0.0
        for p, v, w in zip(positions, values, weights, strict=True):
            g = w * math.exp(-0.5 * ((p - x) / bandwidth) ** 2)
            num += g * v
            den += g
        arc.append({"position": round(x, 4), "valence": round(num / den if den else 0.0, 4)})
    return arc


def _narration_spans(quotes: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """Parts of [start, end) outside the (sorted, non-overlapping) quote spans."""
    spans, cursor = [], start
    k = max(bisect.bisect_right(quotes, (start, start)) - 1, 0)
    while k < len(quotes) and quotes[k][0] < end:
        a, b = quotes[k]
        k += 1
        if b <= start:
            continue
        if a > cursor:
            spans.append((cursor, a))
        cursor = max(cursor, b)
    if cursor < end:
        spans.append((cursor, end))
    return spans


def measure(story: Story, points: int = ARC_POINTS) -> dict[str, Any]:
    """Everything the stage stores, as JSON-ready data."""
    prose = [(i, p) for i, p in enumerate(story.paragraphs) if p.kind == "text"]
    paragraphs: list[dict[str, Any]] = []
    sentence_scores: list[tuple[int, int, float]] = []
    parsed = _all_sentences(story)
    for index, p in prose:
        spans = _sentence_spans(story, parsed, p.start, p.end)
        scores = [valence(story.text[a:b]) for a, b in spans]
        sentence_scores.extend((a, b, s) for (a, b), s in zip(spans, scores, strict=True))
        paragraphs.append(
            {"index": index, "start": p.start, "end": p.end, "valence": round(_mean(scores), 4)}
        )
    arc: list[dict[str, float]] = []
    if paragraphs:
        first, last = paragraphs[0]["start"], paragraphs[-1]["end"]
        length = max(last - first, 1)
        positions = [((p["start"] + p["end"]) / 2 - first) / length for p in paragraphs]
        # Longer paragraphs carry more of the story, but not linearly: a one-line
        # reply still sets the mood of an exchange.
        weights = [math.log1p(len(story.text[p["start"] : p["end"]].split())) for p in paragraphs]
        arc = smooth_arc(positions, [p["valence"] for p in paragraphs], weights, points)
        for point in arc:
            point["offset"] = int(first + point["position"] * length)

    quotes = {q.id: round(valence(q.text), 4) for q in story.quotes}
    lines: dict[str, list[float]] = defaultdict(list)
    for q in story.quotes:
        if q.speaker is not None:
            lines[q.speaker].append(quotes[q.id])
    # Narration around a character: the sentences that mention them, quotes cut out.
    starts = [a for a, _, _ in sentence_scores]
    quote_spans = sorted((q.start, q.end) for q in story.quotes)
    around: dict[str, list[float]] = defaultdict(list)
    seen: set[tuple[str, int]] = set()
    for m in story.mentions:
        if m.character is None or m.quote is not None:
            continue
        k = bisect.bisect_right(starts, m.start) - 1
        if k < 0 or sentence_scores[k][1] < m.end or (m.character, k) in seen:
            continue
        seen.add((m.character, k))
        a, b, _ = sentence_scores[k]
        text = " ".join(story.text[x:y] for x, y in _narration_spans(quote_spans, a, b))
        if text.strip():
            around[m.character].append(valence(text))
    characters = {
        c.id: {
            "lines": {"valence": round(_mean(lines[c.id]), 4), "count": len(lines[c.id])},
            "narration": {"valence": round(_mean(around[c.id]), 4), "count": len(around[c.id])},
        }
        for c in story.characters
        if lines[c.id] or around[c.id]
    }
    values = [p["valence"] for p in paragraphs]
    return {
        "lexicon": LEXICON,
        "scale": [-1.0, 1.0],
        "mean": round(_mean(values), 4),
        "paragraphs": paragraphs,
        "arc": arc,
        "quotes": quotes,
        "characters": characters,
    }


def emotion(story: Story, options: Options) -> Story:
    settings = options.stage_options.get("emotion", {})
    story.insights["emotion"] = measure(story, points=int(settings.get("points", ARC_POINTS)))
    return story


STAGE = Stage("emotion", emotion, needs=("speakers",), sets=("emotion",))
