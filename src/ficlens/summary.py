"""A short human summary of an analysed story (counts, cast, first quotes)."""

from __future__ import annotations

from typing import TextIO

from ficlens.document import Story


def summary_lines(story: Story, max_quotes: int = 8) -> list[str]:
    names = {c.id: c.name for c in story.characters}
    title = story.metadata.title or story.source or "story"
    lines = [
        f"{title}: {story.words:,} words, {len(story.chapters)} chapters, "
        f"{len(story.notes)} notes, {len(story.quotes)} quotes, "
        f"{len(story.characters)} characters",
    ]
    for c in sorted(story.characters, key=lambda c: -c.mentions)[:10]:
        aliases = ", ".join(c.aliases[:4])
        lines.append(
            f"  {c.name} ({c.gender or '?'}; {c.mentions} mentions, {c.quotes} quotes)"
            + (f" aka {aliases}" if aliases else "")
        )
    for q in story.quotes[:max_quotes]:
        who = names.get(q.speaker or "", "?")
        text = q.text if len(q.text) <= 70 else q.text[:67] + "..."
        lines.append(f"  {who}: {text}")
    return lines


def print_summary(story: Story, stream: TextIO, rich_tables: bool = False) -> None:
    """Print the summary; ``rich_tables`` uses rich's tables where available."""
    if rich_tables:
        try:
            from ficlens.summary_rich import print_rich_summary
        except ImportError:
            pass
        else:
            print_rich_summary(story, stream)
            return
    for line in summary_lines(story):
        print(line, file=stream)
