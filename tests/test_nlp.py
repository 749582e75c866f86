"""The spaCy backbone parses only story prose and keeps offsets into Story.text."""

from __future__ import annotations

import pytest

from ficlens.document import Paragraph, Story
from ficlens.nlp import load_nlp, parse_story

pytestmark = pytest.mark.slow


def test_nlp_loads_the_model_once(nlp):
    assert load_nlp() is nlp
    assert {"tagger", "parser", "ner"} <= set(nlp.pipe_names)


def test_nlp_tokens_index_story_text_and_skip_notes(nlp):
    text = 'A/N: my note.\n\nRei ran\nhome. She laughed.\n\n"Stop," said Mina.'
    story = Story(
        text=text,
        paragraphs=[Paragraph(0, 13, "note"), Paragraph(15, 41), Paragraph(43, len(text))],
    )
    parse_story(story, nlp=nlp)
    assert all(story.text[t.start : t.end] == t.text for t in story.tokens)
    assert not any(t.start < 13 for t in story.tokens)  # the note is not parsed
    assert not any(t.text.isspace() for t in story.tokens)  # hard wraps are not tokens
    assert [t.para for t in story.tokens][0] == 1
    assert len(story.sentences) == 3
    for start, end in story.sentences:
        assert len({story.tokens[i].sent for i in range(start, end)}) == 1
    heads_ok = all(0 <= t.head < len(story.tokens) for t in story.tokens)
    assert heads_ok
    said = next(t for t in story.tokens if t.text == "said")
    mina = next(t for t in story.tokens if t.text == "Mina")
    assert mina.head == said.i and mina.dep == "nsubj"


def test_nlp_narrator_i_ends_a_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    # "said I." is the narrator's tag, not an initial.
    doc = nlp('"Who?" said I. Then I went home.')
    assert [t.text for t in doc][4:7] == ["said", "I", "."]
    assert doc[5].dep_ == "nsubj"
