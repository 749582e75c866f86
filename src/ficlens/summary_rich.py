"""The terminal summary as rich tables: cast, first lines with speakers, tags, clarity."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table

from ficlens.document import Story


def _cast_table(story: Story) -> Table:
    table = Table(title="Cast", title_justify="left")
    for column, justify in (
        ("Character", "left"),
        ("Also called", "left"),
        ("Pronouns", "left"),
        ("Mentions", "right"),
        ("Lines", "right"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for c in sorted(story.characters, key=lambda c: (-c.quotes, -c.mentions))[:12]:
        table.add_row(
            c.name, ", ".join(c.aliases[:4]), c.gender or "?", str(c.mentions), str(c.quotes)
        )
    return table


def _quote_table(story: Story, limit: int) -> Table:
    table = Table(
        title=f"First {min(limit, len(story.quotes))} of {len(story.quotes)} lines",
        title_justify="left",
    )
    table.add_column("Speaker")
    table.add_column("To")
    table.add_column("Line", overflow="fold")
    table.add_column("Sure", justify="right")
    for q in story.quotes[:limit]:
        speaker = story.character(q.speaker)
        to = ", ".join(c.name for c in map(story.character, q.addressees) if c)
        text = q.text if len(q.text) <= 80 else q.text[:77] + "..."
        table.add_row(speaker.name if speaker else "?", to, text, f"{q.speaker_confidence:.0%}")
    return table


def _tag_table(story: Story) -> Table | None:
    tags = story.insights.get("tags")
    if not tags:
        return None
    table = Table(title="Suggested tags", title_justify="left")
    table.add_column("Kind")
    table.add_column("Tag")
    table.add_column("Score", justify="right")
    table.add_column("Evidence", overflow="fold")
    for key in ("relationships", "characters", "freeform"):
        for s in tags.get(key, []):
            evidence = " · ".join(e["text"] for e in s.get("evidence", [])[:3])
            status = f" ({s['status']})" if s.get("status") else ""
            table.add_row(s["kind"], s["tag"] + status, f"{s['score']:.2f}", evidence)
    return table


def print_rich_summary(story: Story, stream: TextIO, max_quotes: int = 10) -> None:
    """Print the summary tables to ``stream`` (colours only when it is a terminal)."""
    # Story text goes in as plain Text (markup=False) so "[b]" in a fic stays literal.
    console = Console(file=stream, markup=False, highlight=False, emoji=False)
    title = story.metadata.title or story.source or "story"
    console.print(
        f"{title}: {story.words:,} words, {len(story.quotes)} quotes, "
        f"{len(story.characters)} characters",
        style="bold",
    )
    console.print(_cast_table(story))
    if story.quotes:
        console.print(_quote_table(story, max_quotes))
    tags = _tag_table(story)
    if tags is not None:
        console.print(tags)
    clarity = story.insights.get("clarity")
    if clarity is not None:
        console.print(
            f"Clarity: {clarity['count']} lines a reader might not attribute "
            "(run `ficlens check` for the list)"
        )
