"""The rule cascade and its evidence on hand-built stories."""

from __future__ import annotations

import pytest

from ficlens.attribution.attribute import prepare

pytestmark = pytest.mark.slow


def _rule_speakers(story):  # type: ignore[no-untyped-def]
    _, evidence, _ = prepare(story)
    names = {c.id: c.name for c in story.characters}
    return [(names.get(ev.speaker), ev.sieve) for ev in evidence]


def test_rules_inverted_pronoun_tag(build) -> None:  # type: ignore[no-untyped-def]
    story = build(
        'Tomas came in from the rain.\n\n"It is cold," said he.\n', {"Tomas": "he"}, {"he": "Tomas"}
    )
    assert _rule_speakers(story) == [("Tomas", "tag_pronoun")]


def test_rules_voice_noun_names_the_speaker(build) -> None:  # type: ignore[no-untyped-def]
    story = build(
        'Mira and Tomas waited.\n\n"I am not-" Mira\'s voice broke.\n',
        {"Mira": "she", "Tomas": "he"},
    )
    assert _rule_speakers(story)[0][0] == "Mira"


def test_rules_one_speaker_per_paragraph(build) -> None:  # type: ignore[no-untyped-def]
    story = build(
        'Mira and Tomas waited.\n\n"No," Tomas said, and Mira looked away. "Never."\n',
        {"Mira": "she", "Tomas": "he"},
    )
    assert [s for s, _ in _rule_speakers(story)] == ["Tomas", "Tomas"]


def test_rules_vocative_bans_the_addressee(build) -> None:  # type: ignore[no-untyped-def]
    story = build(
        'Mira looked at Tomas for a long while.\n\n"Tomas, wait."\n', {"Mira": "she", "Tomas": "he"}
    )
    _, evidence, _ = prepare(story)
    assert evidence[0].speech.vocatives == ["c1"]
    assert _rule_speakers(story)[0][0] == "Mira"


def test_rules_remembered_speech_chain(build) -> None:  # type: ignore[no-untyped-def]
    story = build(
        '"You will never be one of us."\n\n'
        "Tomas ran on, but their words followed him. The Others never stopped.\n\n"
        '"Go home, Tomas."\n\n'
        "Tomas ran faster.\n",
        {"Tomas": "he", "Others": "they"},
        {"their": "Others"},
    )
    story.characters[1].kind = "group"
    for m in story.mentions:
        m.plural = m.character == "c1"
    rules = _rule_speakers(story)
    assert rules == [("Others", "voice_next"), ("Others", "remembered")]


@pytest.mark.parametrize(
    "tag",
    [
        'asked his wife, "Do you want to know?"',
        '"Do you want to know?" cried his wife impatiently.',
        '"Do you want to know?" came his wife\'s voice.',
    ],
)
def test_rules_inverted_tag_names_the_possessed_not_the_possessor(build, tag: str) -> None:  # type: ignore[no-untyped-def]
    from ficlens.document import Mention

    text = f"Tomas sat by the fire and Mira sewed.\n\nThen {tag}\n"
    story = build(text, {"Tomas": "he", "Mira": "she"}, {"his": "Tomas"})
    start = text.index("his wife")
    story.mentions.append(Mention(start, start + 8, "nominal", "his wife", "c1"))
    story.mentions.sort(key=lambda m: m.start)
    assert _rule_speakers(story) == [("Mira", "tag")]


def test_rules_inverted_tag_possessor_alone_is_no_tag(build) -> None:  # type: ignore[no-untyped-def]
    # "his young interlocutor" is no mention: the "his" in it must not become the tag.
    text = 'Tomas sat by the fire and Mira sewed.\n\n"Why?" rejoined his young interlocutor.\n'
    story = build(text, {"Tomas": "he", "Mira": "she"}, {"his": "Tomas"})
    assert _rule_speakers(story)[0][1] != "tag_pronoun"


def test_rules_no_alternation_across_narration(build) -> None:  # type: ignore[no-untyped-def]
    # Right after two tagged turns the count goes on; after a paragraph of narration
    # it does not (the ranker weighs the narration's actor instead).
    story = build(
        '"Is it far?" asked Wren.\n\n"Not far," said Odile.\n\n"Good."\n\n'
        "Odile shouldered her pack and looked at the hills.\n\n"
        '"We leave at dawn."\n',
        {"Wren": "he", "Odile": "she"},
    )
    got = _rule_speakers(story)
    assert got[2] == ("Wren", "alternation")
    assert got[3][1] != "alternation"


def test_rules_narration_actor_speaks_next(build) -> None:  # type: ignore[no-untyped-def]
    story = build(
        "Wren and Odile sat by the stove.\n\nOdile sniffed the air suspiciously.\n\n"
        '"Something is burning."\n',
        {"Wren": "he", "Odile": "she"},
    )
    assert _rule_speakers(story) == [("Odile", "nearest")]


def test_rules_adopted_speaker_matches_whole_words(build) -> None:  # type: ignore[no-untyped-def]
    # "a man" in the tag is not the unnamed "the woman" already in the cast.
    from ficlens.document import Character

    story = build(
        'Wren waited in the square.\n\n"Shame on her," exclaimed a man in the crowd.\n',
        {"Wren": "he"},
    )
    story.characters.append(Character("c9", "the woman", gender="she", kind="unnamed"))
    _, evidence, _ = prepare(story)
    speaker = {c.id: c for c in story.characters}[evidence[0].speaker]
    assert speaker.name != "the woman"
    assert speaker.kind == "unnamed"


def test_rules_a_voice_owner_acts_in_the_narration_before(build) -> None:  # type: ignore[no-untyped-def]
    # "Odile's voice carried over ..." / "Supper is ready.": the voice's owner is the
    # narration's actor, so the untagged line is hers, not that of the last one named.
    story = build(
        'Wren sat at the table with Tomas.\n\n"Is it late?" asked Wren.\n\n'
        "Odile's voice carried over the clatter of Tomas's spoon.\n\n"
        '"Supper is ready, boys."\n',
        {"Wren": "he", "Tomas": "he", "Odile": "she"},
    )
    assert _rule_speakers(story)[-1] == ("Odile", "nearest")
