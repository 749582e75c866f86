"""Speech tags found in the narration around a quote."""

from __future__ import annotations

import pytest

from ficlens.attribution.attribute import prepare
from ficlens.attribution.sieves import _ends_open

pytestmark = pytest.mark.slow


def _rules(story):  # type: ignore[no-untyped-def]
    _, evidence, _ = prepare(story)
    names = {c.id: c.name for c in story.characters}
    return [(names.get(ev.speaker), ev.sieve, ev.type) for ev in evidence]


def test_sieves_inverted_tag_parsed_as_object(build) -> None:  # type: ignore[no-untyped-def]
    # The parser reads "asked Wren" as verb + object; right after speech it is the tag.
    story = build(
        'Wren and Odile stood at the gate.\n\n"Is it locked?" asked Wren.\n\n'
        '"It always is," grumbled Odile, kicking it.\n',
        {"Wren": "he", "Odile": "she"},
    )
    assert _rules(story) == [("Wren", "tag", "explicit"), ("Odile", "tag", "explicit")]


def test_sieves_told_object_is_not_the_speaker(build) -> None:  # type: ignore[no-untyped-def]
    story = build(
        'Wren and Odile stood at the gate.\n\nOdile told Wren, "It is locked."\n',
        {"Wren": "he", "Odile": "she"},
    )
    assert _rules(story)[0][0] == "Odile"


def test_sieves_weak_verb_right_after_speech(build) -> None:  # type: ignore[no-untyped-def]
    # "sighed Odile" tags the speech; "Odile sighed." after a full stop is only a beat.
    story = build(
        'Wren and Odile waited.\n\n"We should go home," sighed Odile.\n',
        {"Wren": "he", "Odile": "she"},
    )
    assert _rules(story) == [("Odile", "tag", "explicit")]


def test_sieves_any_verb_after_open_speech(build) -> None:  # type: ignore[no-untyped-def]
    # Speech ending in a comma runs on into its tag, whatever the verb.
    story = build(
        'Wren and Odile waited.\n\n"I love the rain," glowed Odile.\n',
        {"Wren": "he", "Odile": "she"},
    )
    assert _rules(story) == [("Odile", "tag", "explicit")]


def test_sieves_conjoined_speech_verb_takes_the_subject(build) -> None:  # type: ignore[no-untyped-def]
    story = build(
        "Wren sat by the fire. Odile joined him by leaning over the table and remarking:\n\n"
        '"The soup is cold again."\n',
        {"Wren": "he", "Odile": "she"},
    )
    assert _rules(story)[0][0] == "Odile"


def test_sieves_ends_open() -> None:
    assert _ends_open('"Fine,"')
    assert _ends_open("\u201cFine,\u201d")
    assert not _ends_open('"Fine."')
    assert not _ends_open('"Fine"')


def test_sieves_unnamed_speaker_becomes_a_character(build) -> None:  # type: ignore[no-untyped-def]
    # "somebody" and "a rough voice" speak; neither Wren nor Odile does.
    story = build(
        'Wren and Odile sat by the fire.\n\n"We want a story," somebody called.\n\n'
        '"Wake up," said a rough voice.\n',
        {"Wren": "he", "Odile": "she"},
    )
    got = _rules(story)
    assert [name for name, _, _ in got] == ["somebody", "a rough voice"]
    assert [sieve for _, sieve, _ in got] == ["tag", "tag"]
    added = {c.name: c for c in story.characters}
    assert added["somebody"].kind == "unnamed"
    assert added["somebody"].gender == "they"
    assert any(m.text == "a rough voice" for m in story.mentions)


def test_sieves_owned_voice_is_its_owner(build) -> None:  # type: ignore[no-untyped-def]
    story = build(
        'Wren and Odile sat by the fire.\n\n"Enough," said Odile\'s voice from the dark.\n',
        {"Wren": "he", "Odile": "she"},
    )
    assert _rules(story)[0][0] == "Odile"


def test_sieves_described_speaker_after_speech(build) -> None:  # type: ignore[no-untyped-def]
    # No stage listed "matron" as a person; right after the speech it is the speaker.
    story = build(
        'Wren and Odile sat by the fire.\n\n"The judges are too kind," added a third matron.\n',
        {"Wren": "he", "Odile": "she"},
    )
    assert _rules(story)[0][:2] == ("a third matron", "tag")


def test_sieves_spoke_is_a_speech_verb(build) -> None:  # type: ignore[no-untyped-def]
    story = build(
        'Wren and Odile sat by the stove. At last Odile spoke.\n\n"I know who it was."\n',
        {"Wren": "he", "Odile": "she"},
    )
    assert _rules(story)[0][0] == "Odile"


def test_sieves_the_reply_is_no_speaker(build) -> None:  # type: ignore[no-untyped-def]
    story = build(
        'Wren and Odile sat by the stove.\n\n"Is it ready?" asked Wren.\n\n'
        '"Almost," came the reply.\n',
        {"Wren": "he", "Odile": "she"},
    )
    _rules(story)
    assert [c.name for c in story.characters] == ["Wren", "Odile"]


def test_sieves_any_verb_opening_the_narration_after_open_speech(build) -> None:  # type: ignore[no-untyped-def]
    # "fleered" is no speech verb and the parser hangs it off the next quote's verb;
    # right after speech that ends in a comma it is still the tag.
    story = build(
        'Wren and Odile watched the rider go.\n\n"Aw," fleered Odile, "he is no cowboy at all."\n',
        {"Wren": "he", "Odile": "she"},
    )
    assert [r[0] for r in _rules(story)] == ["Odile", "Odile"]


def test_sieves_the_voice_of_a_character_speaks(build) -> None:  # type: ignore[no-untyped-def]
    story = build(
        "Wren and Odile hid in the pantry. The door opened.\n\n"
        '"Boo! Found you!" cried the voice of Odile.\n',
        {"Wren": "he", "Odile": "she"},
    )
    assert _rules(story)[0][0] == "Odile"


def test_sieves_a_name_in_apposition_to_the_tag_description(build) -> None:  # type: ignore[no-untyped-def]
    from ficlens.document import Mention

    text = (
        "Wren and Odile argued on the bridge.\n\n"
        '"You are wrong," replied the poet Odile. "Quite wrong."\n'
    )
    story = build(text, {"Wren": "he", "Odile": "she"})
    at = text.index("the poet")
    story.mentions.append(Mention(at, at + 8, "nominal", "the poet", "c0"))
    assert [r[0] for r in _rules(story)] == ["Odile", "Odile"]


def test_sieves_the_one_who_hears_is_no_beat(build) -> None:  # type: ignore[no-untyped-def]
    # "Wren heard her say": the tag is her, not a beat of Wren's.
    story = build(
        'Wren waited outside while Odile went in.\n\n"Is anyone home?" Wren heard her say.\n',
        {"Wren": "he", "Odile": "she"},
        pronouns={"her": "Odile"},
    )
    _, evidence, _ = prepare(story)
    assert [t.kind for t in evidence[0].tags] == ["verb"]
    assert _rules(story)[0][:2] == ("Odile", "tag_pronoun")


def test_sieves_speech_verb_takes_the_nearest_conjunct_subject(build) -> None:  # type: ignore[no-untyped-def]
    # The parser hangs "said" on "cracked"; the speaker is the subject of "looked".
    story = build(
        "Then Daichi cracked his fingers and Father Ota looked at his copybook and said:\n\n"
        '"Right. Now you."\n',
        {"Daichi": "he", "Father Ota": "he"},
    )
    assert _rules(story)[0][0] == "Father Ota"
