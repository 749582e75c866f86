"""Assemble a Story from blocks of extracted text (shared by the markup readers).

The Markdown, HTML, AO3 and EPUB readers do not keep the source text: they
extract paragraphs (``Block``) and write them into a fresh ``Story.text``,
separated by a blank line, so every span they record indexes that text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ficlens.document import Chapter, Metadata, Note, Paragraph, Span, Story

#: What separates two paragraphs in the text the markup readers write.
PARAGRAPH_SEPARATOR = "\n\n"

#: What a ``<hr>`` or a Markdown thematic break becomes in the text.
BREAK_MARKER = "* * *"

# A paragraph that is only a scene-break ornament: "* * *", "***", "~*~", "---",
# "###", "o0o", "xXx"... Single characters cannot nest, so this stays linear.
_BREAK_CHARS = re.compile(r"[ \t*~#=_+•·◇◆♦❖✦✧★☆–—-]{3,}|[ \t]*[*~#][ \t]*")
_BREAK_WORDS = re.compile(r"[ \t]*(?:o0o|0o0|oOo|OoO|xXx|XxX|xox|oxo)+[ \t]*", re.IGNORECASE)


def is_scene_break(text: str) -> bool:
    """True when ``text`` is a scene-break ornament rather than prose."""
    if len(text) > 40 or not text.strip():
        return False
    if _BREAK_CHARS.fullmatch(text):
        # "—" alone or "- -" alone is too weak: ask for three marks or one of * ~ #.
        return sum(1 for ch in text if not ch.isspace()) >= 3 or text.strip() in ("*", "~", "#")
    return bool(_BREAK_WORDS.fullmatch(text))


@dataclass(frozen=True)
class Element:
    """An open HTML element around a block: enough to tell AO3's regions apart."""

    tag: str
    id: str = ""
    classes: tuple[str, ...] = ()


@dataclass
class Block:
    """One paragraph of extracted text, before it is placed in the Story."""

    text: str
    kind: str = "text"  # text | heading | break
    level: int = 0  # heading level, 1-6
    italics: list[tuple[int, int]] = field(default_factory=list)  # offsets into ``text``
    doc: int = 0  # which source document (EPUB spine item) it came from
    context: tuple[Element, ...] = ()  # the HTML elements it sits in, outermost first


class StoryBuilder:
    """Append paragraphs, chapters and notes; ``build`` returns the Story."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.paragraphs: list[Paragraph] = []
        self.italics: list[Span] = []
        self.notes: list[Note] = []
        self.chapters: list[Chapter] = []
        self.scene_breaks: list[Span] = []
        self._chapter: Chapter | None = None
        self._chapter_empty = True
        self._note_kind: str | None = None
        self._note_start = -1

    def add(
        self, text: str, kind: str = "text", italics: Iterable[tuple[int, int]] = ()
    ) -> Paragraph | None:
        """Append one paragraph; returns it, or None when ``text`` is blank."""
        left = len(text) - len(text.lstrip())
        text = text.strip()
        if not text:
            return None
        italics = [(a - left, b - left) for a, b in italics]
        if self._parts:
            self._parts.append(PARAGRAPH_SEPARATOR)
            self._length += len(PARAGRAPH_SEPARATOR)
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        if self._note_kind is not None and kind == "text":
            kind = "note"
        paragraph = Paragraph(start, self._length, kind)
        self.paragraphs.append(paragraph)
        for a, b in italics:
            a, b = max(0, a), min(len(text), b)
            if a < b:
                self.italics.append(Span(start + a, start + b))
        if kind == "break":
            self.scene_breaks.append(Span(start, self._length))
        if self._chapter is not None:
            if self._chapter_empty:
                self._chapter.start, self._chapter_empty = start, False
            self._chapter.end = self._length
        if self._note_kind is not None and self._note_start < 0:
            self._note_start = start
        return paragraph

    def add_block(self, block: Block) -> Paragraph | None:
        return self.add(block.text, block.kind, block.italics)

    def begin_chapter(self, title: str, heading: Block | None = None) -> None:
        """Start a chapter here; its heading paragraph (if any) opens it."""
        self.end_chapter()
        self._chapter, self._chapter_empty = (
            Chapter(self._length, self._length, title.strip()),
            True,
        )
        if heading is not None:
            self.add(heading.text, "heading", heading.italics)

    def end_chapter(self) -> None:
        chapter, self._chapter = self._chapter, None
        if chapter is not None and not self._chapter_empty:
            self.chapters.append(chapter)

    def begin_note(self, kind: str) -> None:
        """Paragraphs added until ``end_note`` form one note of ``kind``."""
        self.end_note()
        self._note_kind, self._note_start = kind, -1

    def end_note(self) -> None:
        if self._note_kind is not None and self._note_start >= 0:
            self.notes.append(Note(self._note_start, self._length, self._note_kind))
        self._note_kind, self._note_start = None, -1

    def build(self, source: str, fmt: str, metadata: Metadata | None = None) -> Story:
        self.end_note()
        self.end_chapter()
        story = Story(
            text="".join(self._parts),
            source=source,
            format=fmt,
            metadata=metadata or Metadata(),
            paragraphs=self.paragraphs,
            notes=self.notes,
            chapters=self.chapters,
            scene_breaks=self.scene_breaks,
            italics=self.italics,
        )
        # Tell the structure stage what the markup already settled.
        for layer, found in (
            ("notes", story.notes),
            ("chapters", story.chapters),
            ("scene_breaks", story.scene_breaks),
        ):
            if found:
                story.provides.add(layer)
        return story


def chapter_level(levels: Sequence[int]) -> int:
    """The heading level that marks chapters: the highest one used twice or more.

    A lone ``<h1>``/``#`` above repeated ``<h2>``/``##`` is the work's title; when
    no level repeats, the highest level present marks the (single) chapter.
    """
    counts = Counter(levels)
    repeated = [level for level, n in counts.items() if n >= 2]
    if repeated:
        return min(repeated)
    return min(levels) if levels else 0


def assemble(
    blocks: Sequence[Block],
    source: str,
    fmt: str,
    metadata: Metadata | None = None,
    doc_titles: dict[int, str] | None = None,
) -> Story:
    """Place headed blocks into a Story: headings at the chapter level open chapters.

    A heading above the chapter level that comes first names the work (when the
    metadata has no title yet). When there are no headings but ``doc_titles`` (an
    EPUB's table of contents, by source document), every document is a chapter.
    """
    metadata = metadata or Metadata()
    builder = StoryBuilder()
    levels = [b.level for b in blocks if b.kind == "heading" and b.text.strip()]
    level = chapter_level(levels)
    if not levels and doc_titles is not None and len({b.doc for b in blocks}) > 1:
        doc = None
        for block in blocks:
            if block.doc != doc:
                builder.begin_chapter(doc_titles.get(block.doc, ""))
                doc = block.doc
            builder.add_block(block)
        return builder.build(source, fmt, metadata)
    for block in blocks:
        if block.kind == "heading" and block.level == level:
            builder.begin_chapter(block.text, block)
            continue
        if block.kind == "heading" and block.level < level and not metadata.title:
            metadata.title = block.text.strip()
        builder.add_block(block)
    return builder.build(source, fmt, metadata)
