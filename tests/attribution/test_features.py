"""Features the ranker reads, on hand-built stories."""

from __future__ import annotations

import pytest

from ficlens.attribution.attribute import decisions, prepare
from ficlens.attribution.features import INDEX

pytestmark = pytest.mark.slow


def _feature(story, quote: int, name: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    ctx, evidence, turns = prepare(story)
    d = decisions(ctx, evidence, turns, None)[quote]
    names = {c.id: c.name for c in story.characters}
    return {names[c.character]: float(d.x[i, INDEX[name]]) for i, c in enumerate(d.cands)}


def test_features_narration_actor_before_speech(build) -> None:  # type: ignore[no-untyped-def]
    story = build(
        '"Sit down," said Wren.\n\nOdile stretched out on the bench and laughed.\n\n'
        '"I knew you would say that."\n',
        {"Wren": "he", "Odile": "she"},
    )
    got = _feature(story, 1, "prev_narration_actor_last")
    assert got["Odile"] == 1.0
    assert got["Wren"] == 0.0


def test_features_next_turn_vocative(build) -> None:  # type: ignore[no-untyped-def]
    # "So I did, Odile." answers Odile: she spoke the turn before.
    story = build(
        'Wren and Odile sat at supper.\n\n"You said so yesterday."\n\n"So I did, Odile."\n',
        {"Wren": "he", "Odile": "she"},
    )
    got = _feature(story, 0, "addressed_next_turn")
    assert got["Odile"] == 1.0
    assert got["Wren"] == 0.0


def test_features_first_person_narrator(build) -> None:  # type: ignore[no-untyped-def]
    story = build(
        "I woke early. I dressed. I went down, and Wren was there.\n\n"
        '"You are late," said Wren.\n\n"I slept badly."\n',
        {"Wren": "he", "Tam": "he"},
        {"I": "Tam"},
    )
    for m in story.mentions:
        if m.text == "I":
            m.person = 1
    got = _feature(story, 1, "narrator")
    assert got["Tam"] == 1.0
    assert got["Wren"] == 0.0


def test_features_speaker_named_only_after(build) -> None:  # type: ignore[no-untyped-def]
    # A chapter opening on dialogue: the speakers come in the narration after it.
    story = build(
        '"Anyone home?"\n\n"In here."\n\n"Where?"\n\nWren stepped into the kitchen.\n',
        {"Wren": "he"},
    )
    got = _feature(story, 0, "named_ahead")
    assert got["Wren"] == pytest.approx(1 / 3)


def test_features_voice_of_tagged_speech(build) -> None:  # type: ignore[no-untyped-def]
    # Wren's tagged lines share his words; the untagged line sounds like him.
    story = build(
        '"I reckon the creek ain\'t high, I reckon we can cross," said Wren.\n\n'
        '"Dearest, the bridge is surely safer, surely," said Odile.\n\n'
        "\"I reckon it ain't, I reckon the creek ain't deep at all,\" said Wren.\n\n"
        '"Surely, dearest, surely the bridge," said Odile.\n\n'
        '"I reckon the creek ain\'t nothing."\n',
        {"Wren": "he", "Odile": "she"},
    )
    got = _feature(story, 4, "voice_best")
    assert got == {"Wren": 1.0, "Odile": 0.0}


def test_features_tag_pronoun_shares_of_coreference(build) -> None:  # type: ignore[no-untyped-def]
    # The ranker sees coreference's second choice for "he", not only its first.
    story = build(
        'Wren and Tomas stood at the gate.\n\n"It is locked," he said.\n',
        {"Wren": "he", "Tomas": "he"},
        pronouns={"he": "Wren"},
    )
    he = next(m for m in story.mentions if m.text == "he")
    he.shares = {"c0": 0.6, "c1": 0.4}
    got = _feature(story, 0, "tag_pronoun_share")
    assert got == {"Wren": 0.6, "Tomas": 0.4}
    assert _feature(story, 0, "tag_pronoun_share_max") == {"Wren": 1.0, "Tomas": 0.0}
