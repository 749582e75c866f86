"""Word profiles of each speaker's tagged speech."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from ficlens.attribution.idiolect import Profile, similarity


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(n * b.get(w, 0) for w, n in a.items())
    return dot / math.sqrt(sum(n * n for n in a.values()) * sum(n * n for n in b.values()))


def test_idiolect_similarity_is_the_cosine() -> None:
    quote = Counter(["i", "reckon", "it", "ain't", "far"])
    profile = Counter(("i reckon ye ain't seen nothin' yet an' i reckon ye won't " * 2).split())
    assert similarity(quote, Profile(profile), own=False) == pytest.approx(_cosine(quote, profile))


def test_idiolect_own_words_are_taken_out() -> None:
    quote = Counter(["i", "reckon", "it", "ain't", "far"])
    rest = Counter(("ye ain't seen nothin' yet an' i reckon ye won't go " * 2).split())
    together = Profile(rest + quote)
    assert similarity(quote, together, own=True) == pytest.approx(_cosine(quote, rest))


def test_idiolect_small_profile_says_nothing() -> None:
    assert similarity(Counter(["yes"]), Profile(Counter(["yes", "no"])), own=False) is None
    assert similarity(Counter(), Profile(Counter({"yes": 40})), own=False) is None
