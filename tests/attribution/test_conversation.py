"""Vocatives and names inside speech."""

from __future__ import annotations

import pytest

from ficlens.attribution.attribute import prepare

pytestmark = pytest.mark.slow


def test_conversation_name_only_answer_is_not_a_vocative(build) -> None:  # type: ignore[no-untyped-def]
    # "Who came?" / "Bellamy." names someone talked about, not the one spoken to.
    story = build(
        'Wren and Odile sat at supper.\n\n"Who came to the door?" asked Wren.\n\n"Bellamy."\n',
        {"Wren": "he", "Odile": "she", "Bellamy": "he"},
    )
    _, evidence, _ = prepare(story)
    assert evidence[1].speech.vocatives == []
    assert "c2" in evidence[1].speech.named


def test_conversation_called_name_is_a_vocative(build) -> None:  # type: ignore[no-untyped-def]
    story = build(
        'Wren and Odile sat at supper.\n\n"Odile!"\n\n"Odile, look."\n',
        {"Wren": "he", "Odile": "she"},
    )
    _, evidence, _ = prepare(story)
    assert evidence[0].speech.vocatives == ["c1"]
    assert evidence[1].speech.vocatives == ["c1"]


def test_conversation_title_spoken_to_its_one_bearer_is_a_vocative(build) -> None:  # type: ignore[no-untyped-def]
    from ficlens.document import Mention

    text = 'Aunt Hester and Wren stood in the pantry.\n\n"Look behind you, aunt!"\n'
    story = build(text, {"Aunt Hester": "she", "Wren": "he"})
    at = text.index("aunt!")
    story.mentions.append(Mention(at, at + 4, "nominal", "aunt", "c0"))
    _, evidence, _ = prepare(story)
    assert evidence[0].speech.vocatives == ["c0"]


def _vocatives_of_ma(build, narration: str, kin: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The vocatives of ``"Ma, ..."`` after ``narration``, whose ``kin`` phrase is Hester."""
    from ficlens.document import Mention

    text = narration + '\n\n"Ma, I signed the papers today."\n'
    story = build(text, {"Wren": "he", "Hester": "she"})
    at = text.index(kin)
    story.mentions.append(Mention(at, at + len(kin), "nominal", kin, "c1"))
    ma = text.index("Ma,")
    story.mentions.append(Mention(ma, ma + 2, "nominal", "Ma", None))  # coref left it alone
    _, evidence, _ = prepare(story)
    return evidence[0].speech.vocatives


def test_conversation_kin_vocative_names_whom_the_narration_calls_his_mother(build) -> None:  # type: ignore[no-untyped-def]
    narration = "Wren came in from the yard. His mother was at the stove."
    assert _vocatives_of_ma(build, narration, "His mother") == ["c1"]


def test_conversation_kin_vocative_needs_a_possessive_kin_mention(build) -> None:  # type: ignore[no-untyped-def]
    assert _vocatives_of_ma(build, "Wren said a mother would know.", "a mother") == []


def test_conversation_a_name_the_speaker_gives_as_its_own_is_no_third_person(build) -> None:  # type: ignore[no-untyped-def]
    story = build(
        'Wren opened the door to a stranger.\n\n"Good evening. My name is Odile."\n',
        {"Wren": "he", "Odile": "she"},
    )
    _, evidence, _ = prepare(story)
    assert "c1" not in evidence[0].speech.named
    assert "c1" in evidence[0].speech.first_person
