"""The rich terminal summary that ``ficlens analyze`` prints without ``-o``."""

from __future__ import annotations

import io

from insight_stories import rivals

from ficlens.pipeline import Options
from ficlens.stages import clarity, emotion, network, tags
from ficlens.summary import print_summary
from ficlens.summary_rich import print_rich_summary


def test_summary_rich_prints_cast_lines_tags_and_clarity() -> None:
    story = rivals()
    story.characters[2].name = "[bold]Aiko[/bold]"  # rich markup in a name stays literal
    for stage in (emotion.STAGE, network.STAGE, tags.STAGE, clarity.STAGE):
        story = stage.run(story, Options())
    out = io.StringIO()
    print_rich_summary(story, out)
    text = out.getvalue()
    assert "Tanaka Ren" in text and "Ren, Tanaka" in text
    assert "Ren, wait." in text and "95%" in text
    assert "Mori Kai/Tanaka Ren" in text and "First Kiss" in text
    assert "[bold]Aiko[/bold]" in text
    assert "Clarity: 7 lines" in text


def test_summary_rich_is_what_print_summary_uses() -> None:
    plain, fancy = io.StringIO(), io.StringIO()
    print_summary(rivals(), plain)
    print_summary(rivals(), fancy, rich_tables=True)
    assert "\u2503" not in plain.getvalue() and "\u2503" in fancy.getvalue()
