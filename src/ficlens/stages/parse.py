"""Parse the story's prose with the spaCy backbone into ``Story.tokens``."""

from __future__ import annotations

from ficlens.document import Story
from ficlens.nlp import parse_story
from ficlens.pipeline import Options, Stage


def parse(story: Story, options: Options) -> Story:
    parse_story(story, nlp=options.nlp, batch_size=options.batch_size)
    return story


STAGE = Stage("parse", parse, needs=("paragraphs", "notes"), sets=("tokens", "sentences"))
