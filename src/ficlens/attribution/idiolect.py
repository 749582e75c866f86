"""How each speaker talks: word profiles from the quotes a speech tag attributes.

Speakers in fiction keep their voice (``'Tis``, ``ain't``, ``I reckon``, ``my dear``);
an untagged line that sounds like one speaker's tagged lines is more likely theirs.
Profiles are bags of lower-cased words per character, built from the quotes the
tag sieves decided; a quote is compared with each candidate's profile without its
own words (cosine similarity).
"""

from __future__ import annotations

import math
from collections import Counter

from ficlens.attribution.context import Context
from ficlens.attribution.rules import TAGGED, Evidence

# A profile this small says nothing about a voice.
MIN_WORDS = 12


def quote_words(ctx: Context, ev: Evidence) -> Counter[str]:
    span = ev.span
    return Counter(
        t.text.lower() for t in ctx.tokens[span.tok_start : span.tok_end] if t.text[:1].isalpha()
    )


def profiles(
    ctx: Context, evidence: list[Evidence]
) -> tuple[dict[str, Profile], list[Counter[str]]]:
    """(character -> the words of its tagged quotes, the words of every quote).

    Plain counts: weighting rare words (idf) did no better on LitBank.
    """
    words = [quote_words(ctx, ev) for ev in evidence]
    by_character: dict[str, Counter[str]] = {}
    for ev, counts in zip(evidence, words, strict=True):
        if ev.sieve in TAGGED and ev.speaker is not None:
            by_character.setdefault(ev.speaker, Counter()).update(counts)
    return {c: Profile(counts) for c, counts in by_character.items()}, words


class Profile:
    """A character's word counts with their total and squared norm kept at hand."""

    __slots__ = ("counts", "norm2", "total")

    def __init__(self, counts: Counter[str]) -> None:
        self.counts = counts
        self.total = sum(counts.values())
        self.norm2 = float(sum(n * n for n in counts.values()))


def similarity(quote: Counter[str], profile: Profile, own: bool) -> float | None:
    """Cosine of ``quote`` with ``profile``; ``own``: the quote is part of the profile
    and is taken out first. Linear in the quote's words, whatever the profile's size.
    """
    if not quote:
        return None
    counts = profile.counts
    dot = float(sum(n * counts.get(w, 0) for w, n in quote.items()))
    q2 = float(sum(n * n for n in quote.values()))
    total, p2 = profile.total, profile.norm2
    if own:
        # |p - q|^2 = |p|^2 - 2 p.q + |q|^2, and (p - q).q = p.q - |q|^2.
        total -= sum(quote.values())
        p2 = p2 - 2 * dot + q2
        dot -= q2
    if total < MIN_WORDS or p2 <= 0:
        return None
    return dot / math.sqrt(q2 * p2)
