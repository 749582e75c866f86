"""Hair epithets: who the blond is, and which descriptions name a person by hair."""

from __future__ import annotations

import pytest

from ficlens.document import Story
from ficlens.epithets import epithet, hair_of
from ficlens.nlp import parse_story
from ficlens.readers import read_text

pytestmark = pytest.mark.slow


def _parsed(text: str, nlp) -> Story:  # type: ignore[no-untyped-def]
    story = read_text(text)
    parse_story(story, nlp=nlp)
    return story


def _at(story: Story, word: str, nth: int = 0) -> int:
    return [t.i for t in story.tokens if t.text == word][nth]


def test_epithets_hair_of_the_forms_a_story_describes_hair_with(nlp) -> None:  # type: ignore[no-untyped-def]
    story = _parsed(
        "Jun had blond hair that never stayed flat. Mika ran a hand through her red hair. "
        "A man with silver hair sat down. Rei's hair was black. The pink-haired Sora waved.",
        nlp,
    )
    toks = story.tokens
    assert hair_of(toks, _at(story, "Jun")) == "blond"
    assert hair_of(toks, _at(story, "her")) == "red"
    assert hair_of(toks, _at(story, "man")) == "silver"
    assert hair_of(toks, _at(story, "Rei")) == "black"
    assert hair_of(toks, _at(story, "Sora")) == "pink"
    assert hair_of(toks, _at(story, "Mika")) is None


def test_epithets_descriptions_that_name_by_hair(nlp) -> None:  # type: ignore[no-untyped-def]
    story = _parsed(
        "The blond grinned. The redhead laughed. The raven-haired boy looked away. "
        "The tall boy looked at the raven-haired girl.",
        nlp,
    )
    toks = story.tokens
    assert epithet(toks, _at(story, "blond"), _at(story, "blond") - 1) == "blond"
    assert epithet(toks, _at(story, "redhead"), _at(story, "redhead") - 1) == "red"
    boy = _at(story, "boy")
    assert epithet(toks, boy, boy - 4) == "black"
    tall = _at(story, "boy", 1)
    assert epithet(toks, tall, tall - 2) is None


def test_epithets_the_blond_is_the_character_with_blond_hair() -> None:
    from ficlens.pipeline import analyze_text

    story = analyze_text(
        "Jun had blond hair that never stayed flat, and Daichi had black hair.\n\n"
        '"We will get caught," Daichi said.\n\n'
        'The blond grinned. "Only if you keep talking."\n\n'
        '"Every day," the blond said.\n',
        stages=["structure", "quotes", "parse", "mentions", "characters", "coref", "speakers"],
    )
    names = {c.id: c.name for c in story.characters}
    blond = [m for m in story.mentions if m.text.lower() == "the blond"]
    assert len(blond) == 2
    assert {names[m.character] for m in blond if m.character} == {"Jun"}
    assert [names[q.speaker] for q in story.quotes if q.speaker] == ["Daichi", "Jun", "Jun"]
    assert "the blond" not in names.values()
