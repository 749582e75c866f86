"""The founding story: 28 quotes, three remembered taunts from the agemates.

Gold is kept as speaker roles in quote order (no story text in the repository):
G = Maito Gai, K = Hatake Kakashi, A = the group of agemates.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.document import Story

pytestmark = pytest.mark.slow

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED = SHARED / "seeds" / "000_a3ab017558f1b5e3.txt"
SPEAKERS = list("AKAAKGKKGKKGGGKKGGKKGKKGKGKK")
# Addressees of the conversation on the outpost (quotes 5 to 28): the other boy.
ADDRESSED_FROM = 4


def _role(story: Story, character_id: str | None) -> str:
    character = story.character(character_id)
    if character is None:
        return "?"
    if character.kind == "group":
        return "A"
    names = {n.lower() for n in (character.name, *character.aliases)}
    if "kakashi" in " ".join(names):
        return "K"
    if "gai" in " ".join(names):
        return "G"
    return "?"


@pytest.fixture(scope="module")
def seed_story() -> Story:
    if not SEED.is_file():
        pytest.skip("../shared/seeds is not here")
    from ficlens.pipeline import analyze

    return analyze(SEED)


def test_speakers_seed_at_least_27_of_28_speakers(seed_story: Story) -> None:
    got = [_role(seed_story, q.speaker) for q in seed_story.quotes]
    assert len(got) == len(SPEAKERS)
    right = sum(g == s for g, s in zip(got, SPEAKERS, strict=True))
    assert right >= 27, list(zip(got, SPEAKERS, strict=True))


def test_speakers_seed_addressees_of_the_conversation(seed_story: Story) -> None:
    for quote, speaker in list(zip(seed_story.quotes, SPEAKERS, strict=True))[ADDRESSED_FROM:]:
        other = "G" if speaker == "K" else "K"
        assert [_role(seed_story, a) for a in quote.addressees] == [other], quote.id


def test_speakers_seed_first_taunt_is_spoken_to_gai(seed_story: Story) -> None:
    assert [_role(seed_story, a) for a in seed_story.quotes[0].addressees] == ["G"]
