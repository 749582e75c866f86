"""Hand-built stories for attribution: parsed text, quotes and mentions set by the test.

These skip the quotes, mentions, characters and coref stages, so each test pins
attribution alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from ficlens.document import Character, Mention, Quote, Story

_PRONOUNS = {"he": "he", "him": "he", "his": "he", "she": "she", "her": "she"}


@pytest.fixture
def build(nlp) -> Callable[..., Story]:  # type: ignore[no-untyped-def]
    """``build(text, {"Mira": "she", ...}, pronouns={"he": "Tomas"})`` -> a ready Story.

    Names become proper mentions of a character each; listed pronouns become pronoun
    mentions resolved to the named character (what coreference would give).
    """
    from ficlens.nlp import parse_story
    from ficlens.readers import read_text

    def make(text: str, cast: dict[str, str], pronouns: dict[str, str] | None = None) -> Story:
        story = read_text(text)
        parse_story(story, nlp=nlp)
        starts = [p.start for p in story.paragraphs]
        for i, m in enumerate(re.finditer(r'"[^"]*"', text)):
            para = max(k for k, s in enumerate(starts) if s <= m.start())
            story.quotes.append(Quote(f"q{i}", m.start(), m.end(), m.group(), paragraph=para))
        ids = {name: f"c{i}" for i, name in enumerate(cast)}
        story.characters = [Character(ids[n], n, gender=g) for n, g in cast.items()]
        for name, cid in ids.items():
            for m in re.finditer(rf"\b{re.escape(name)}\b", text):
                story.mentions.append(Mention(m.start(), m.end(), "proper", name, cid))
        for word, owner in (pronouns or {}).items():
            for m in re.finditer(rf"\b{word}\b", text):
                story.mentions.append(
                    Mention(
                        m.start(),
                        m.end(),
                        "pronoun",
                        word,
                        ids[owner],
                        gender=_PRONOUNS.get(word.lower()),
                    )
                )
        story.mentions.sort(key=lambda m: m.start)
        return story

    return make
