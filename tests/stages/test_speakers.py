"""The speakers stage on short stories written for one behaviour each."""

from __future__ import annotations

import pytest

from ficlens.document import Story
from ficlens.pipeline import analyze_text

pytestmark = pytest.mark.slow

STAGES = ["structure", "quotes", "parse", "mentions", "characters", "coref", "speakers"]


def _run(text: str) -> Story:
    return analyze_text(text, stages=STAGES)


def _speakers(story: Story) -> list[str | None]:
    names = {c.id: c.name for c in story.characters}
    return [names.get(q.speaker) if q.speaker else None for q in story.quotes]


def _addressees(story: Story) -> list[list[str]]:
    names = {c.id: c.name for c in story.characters}
    return [[names[a] for a in q.addressees] for q in story.quotes]


def _first_word(name: str | None) -> str:
    return (name or "").split()[0] if name else ""


def test_speakers_explicit_tag_after_quote() -> None:
    story = _run('Mira waited by the gate with Tomas.\n\n"The train is late," Mira said.\n')
    assert _first_word(_speakers(story)[0]) == "Mira"
    assert story.quotes[0].type == "explicit"


def test_speakers_explicit_tag_before_quote() -> None:
    story = _run('Mira waited by the gate with Tomas.\n\nTomas said: "It always is."\n')
    assert _first_word(_speakers(story)[0]) == "Tomas"


def test_speakers_tag_inside_interrupted_quote() -> None:
    story = _run(
        'Mira and Tomas stood on the platform.\n\n"Come," Tomas said, "before the doors close."\n'
    )
    assert [_first_word(s) for s in _speakers(story)] == ["Tomas", "Tomas"]


def test_speakers_inverted_tag() -> None:
    story = _run(
        'Mira and Tomas stood on the platform.\n\n"Where is the conductor?" asked Tomas.\n'
    )
    assert _first_word(_speakers(story)[0]) == "Tomas"


def test_speakers_action_beat() -> None:
    story = _run('Mira and Tomas stood on the platform.\n\n"Finally!" Mira grabbed her bag.\n')
    assert _first_word(_speakers(story)[0]) == "Mira"


def test_speakers_anaphoric_tag() -> None:
    story = _run(
        "Mira watched the rain from her window. Tomas came in. He shook his umbrella.\n\n"
        '"It is pouring," he said.\n'
    )
    assert _first_word(_speakers(story)[0]) == "Tomas"
    assert story.quotes[0].type == "anaphoric"


def test_speakers_alternation_of_untagged_turns() -> None:
    story = _run(
        "Mira found Tomas in the kitchen.\n\n"
        '"Did you eat?" Mira asked.\n\n'
        '"Not yet," Tomas said.\n\n'
        '"Why not?"\n\n'
        '"I was waiting for you."\n\n'
        '"That is sweet."\n'
    )
    assert [_first_word(s) for s in _speakers(story)] == ["Mira", "Tomas", "Mira", "Tomas", "Mira"]


def test_speakers_vocative_is_not_the_speaker() -> None:
    story = _run(
        'Mira and Tomas sat on the roof and said nothing for a long time.\n\n"Mira, listen, I-"\n'
    )
    assert _first_word(_speakers(story)[0]) == "Tomas"
    assert _first_word(_addressees(story)[0][0]) == "Mira"


def test_speakers_addressee_of_two_person_conversation() -> None:
    story = _run(
        'Mira found Tomas in the kitchen.\n\n"Did you eat?" Mira asked.\n\n"Not yet," Tomas said.\n'
    )
    assert [[_first_word(a) for a in row] for row in _addressees(story)] == [["Tomas"], ["Mira"]]


def test_speakers_group_speaker() -> None:
    story = _run(
        "The other kids crowded around Tomas at the gate. The other kids laughed at him.\n\n"
        '"Loser!" the other kids shouted.\n'
    )
    speaker = story.character(story.quotes[0].speaker)
    assert speaker is not None and speaker.kind == "group"


def test_speakers_confidence_and_evidence_are_set() -> None:
    story = _run('Mira waited by the gate with Tomas.\n\n"The train is late," Mira said.\n')
    quote = story.quotes[0]
    assert 0.5 < quote.speaker_confidence <= 1.0
    assert "tag" in quote.evidence


def test_speakers_counts_quotes_per_character() -> None:
    story = _run('Mira found Tomas in the kitchen.\n\n"Hi," Mira said.\n\n"Hello," Tomas said.\n')
    assert sorted(c.quotes for c in story.characters if c.quotes) == [1, 1]


def test_speakers_text_messages_take_the_named_sender() -> None:
    story = _run(
        "Mira texted Tomas from the station.\n\n"
        "Mira: where are you\n"
        "Tomas: on my way\n"
        "Mira: hurry up\n"
    )
    assert [_first_word(s) for s in _speakers(story)] == ["Mira", "Tomas", "Mira"]
    assert story.quotes[0].type == "explicit"


def test_speakers_continued_multi_paragraph_speech() -> None:
    story = _run(
        "Mira and Tomas sat by the fire.\n\n"
        '"It began in the spring," Tomas said. "The river rose.\n\n'
        '"Then the bridge went, and nobody came."\n'
    )
    assert [_first_word(s) for s in _speakers(story)][-1] == "Tomas"


def test_speakers_rules_only_option_skips_the_ranker() -> None:
    from ficlens.pipeline import Options

    options = Options(stage_options={"speakers": {"ranker": False, "feedback": False}})
    story = analyze_text(
        'Mira waited by the gate with Tomas.\n\n"The train is late," Mira said.\n',
        stages=STAGES,
        options=options,
    )
    assert _first_word(_speakers(story)[0]) == "Mira"
    assert story.quotes[0].evidence.startswith("rule:tag")


def test_speakers_feeds_speakers_back_to_coreference() -> None:
    story = _run(
        'Mira found Tomas in the kitchen.\n\n"Did I miss dinner?" Mira asked.\n\n'
        '"You did," Tomas said.\n'
    )
    first_person = [m for m in story.mentions if m.text == "I" and m.quote == story.quotes[0].id]
    assert first_person and first_person[0].character == story.quotes[0].speaker


def test_speakers_plural_you_addresses_everyone_in_the_exchange() -> None:
    story = _run(
        "Mira and Tomas argued by the gate while Ana watched.\n\n"
        '"You cheated," Mira said.\n\n'
        '"I did not," Tomas said.\n\n'
        '"If the two of you are finished," Ana said, "we can go."\n'
    )
    last = story.quotes[2]
    names = sorted(_first_word(story.character(a).name) for a in last.addressees)
    assert names == ["Mira", "Tomas"]


def test_speakers_feedback_resolves_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each round attributes, then coreference re-resolves with those speakers; the
    # second round reaches pronouns that the first round's corrections move.
    from ficlens.stages import coref, speakers

    calls: list[bool] = []
    real = coref.resolve

    def counting(story: Story, use_speakers: bool = False) -> Story:
        calls.append(use_speakers)
        return real(story, use_speakers=use_speakers)

    story = _run('Mira met Tomas at the well.\n\n"Cold today," said Mira.\n')
    monkeypatch.setattr(coref, "resolve", counting)
    assert speakers.feedback(story) is True
    assert calls == [True] * speakers.FEEDBACK_ROUNDS
    assert speakers.FEEDBACK_ROUNDS == 2
