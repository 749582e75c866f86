"""AO3 downloads (HTML, and the EPUB that AO3 makes from the same HTML).

AO3's download template (otwarchive ``app/views/downloads``) lays a work out as::

    div#preface    p.message, dl.tags (dt "Rating:" / dd ...), h1 title, div.byline,
                   p "Summary" + blockquote.userstuff, p "Notes" + blockquote.userstuff
    div#chapters   per chapter: div.meta.group (h2.heading, "Chapter Summary"/"Chapter
                   Notes" + blockquotes), div.userstuff (the text), div#endnotesN
                   ("Chapter End Notes" + blockquote)
    div#afterword  div#endnotes ("End Notes" + blockquote), p.message

The preface becomes ``metadata``; summaries and notes go into the text as
``note`` paragraphs and into ``notes``; chapter headings open ``chapters``. The
reader leans on ids, tags and the English labels rather than on classes, which
Calibre may rename when AO3 turns the HTML into an EPUB.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ficlens.document import Metadata, Story
from ficlens.errors import Errors, InputError
from ficlens.readers.build import Block, Element, StoryBuilder

_REGIONS = ("preface", "chapters", "afterword")
_TOC_HEADINGS = ("Preface", "Afterword")
_INLINE = frozenset(("a", "b", "i", "em", "span", "strong", "u", "small", "cite"))
_STAT = re.compile(r"([A-Za-z][A-Za-z ]{0,30}):\s*([^\s:]+)")
#: Preface field (dt label, lower case, no colon) -> Metadata list field.
_LIST_FIELDS = {
    "fandom": "fandoms",
    "fandoms": "fandoms",
    "relationship": "relationships",
    "relationships": "relationships",
    "character": "characters",
    "characters": "characters",
    "additional tag": "tags",
    "additional tags": "tags",
    "archive warning": "warnings",
    "archive warnings": "warnings",
}
_EXTRA_LISTS = {"category": "category", "categories": "category", "collections": "collections"}


def is_ao3(blocks: Sequence[Block]) -> bool:
    """True when the blocks carry AO3's preface (``div#preface`` with a tag list)."""
    return any(
        any(el.id == "preface" for el in block.context)
        and any(el.tag in ("dt", "dd") for el in block.context)
        for block in blocks[:400]
    )


def _label(text: str, region: str) -> str | None:
    """The note kind that an AO3 label paragraph ("Chapter Notes") announces."""
    label = text.strip().rstrip(":").strip().lower()
    if len(label) > 30:
        return None
    chapter = region == "chapters" or label.startswith("chapter")
    if label in ("end notes", "chapter end notes"):
        return "chapter_end_note" if chapter else "end_note"
    if label in ("summary", "chapter summary"):
        return "chapter_summary" if chapter else "summary"
    if label in ("notes", "chapter notes", "author's note", "author's notes"):
        return "chapter_note" if chapter else "work_note"
    return None


def _split_tags(text: str) -> list[str]:
    return [tag.strip() for tag in text.split(", ") if tag.strip()]


def _preface_field(metadata: Metadata, key: str, value: str) -> None:
    key = key.strip().rstrip(":").strip().lower()
    if key in ("rating", "ratings"):
        metadata.rating = ", ".join(_split_tags(value))
    elif key in _LIST_FIELDS:
        getattr(metadata, _LIST_FIELDS[key]).extend(_split_tags(value))
    elif key in _EXTRA_LISTS:
        metadata.extra[_EXTRA_LISTS[key]] = _split_tags(value)
    elif key == "stats":
        metadata.extra["stats"] = {k.strip().lower(): v for k, v in _STAT.findall(value)}
    elif key:
        metadata.extra[key] = " ".join(value.split())


class _Assembler:
    """Walks the blocks of an AO3 download region by region, building the Story."""

    def __init__(self, metadata: Metadata) -> None:
        self.metadata = metadata
        self.builder = StoryBuilder()
        self.key = ""  # the last dt label seen in the preface
        self.pending: str | None = None  # note kind announced by the last label
        self.note_at: int | None = None  # id() of the blockquote the open note is in
        self.chapter_open = False
        self.summary: list[str] = []

    def note(self, block: Block, quote: Element, kind: str) -> None:
        """Add ``block`` to the note held by ``quote`` (a new note for a new blockquote)."""
        if self.note_at != id(quote):
            self.builder.begin_note(kind)
            self.note_at = id(quote)
        self.builder.add_block(block)
        if kind == "summary":
            self.summary.append(block.text)

    def preface(self, block: Block, quote: Element | None, classes: set[str]) -> None:
        """Metadata from the tag list, title and byline; summary and notes as notes."""
        tags = [el.tag for el in block.context if el.tag not in _INLINE]
        nearest = tags[-1] if tags else ""
        metadata = self.metadata
        if nearest == "dt":
            self.key = block.text
        elif nearest == "dd":
            _preface_field(metadata, self.key, block.text)
        elif block.kind == "heading" and block.level == 1:
            metadata.title = metadata.title or block.text
        elif quote is not None:
            first = "summary" if not self.builder.notes else "work_note"
            self.note(block, quote, self.pending or first)
        elif "byline" in classes or (block.text.startswith("by ") and not metadata.authors):
            names = block.text[3:] if block.text.startswith("by ") else block.text
            metadata.authors = [n.strip() for n in re.split(r",| and ", names) if n.strip()]
        else:  # a label, or AO3's furniture ("Posted originally on...")
            self.pending = _label(block.text, "preface") or self.pending

    def afterword(self, block: Block, quote: Element | None) -> None:
        self.builder.end_chapter()  # the work's end notes belong to no chapter
        if quote is not None:
            self.note(block, quote, self.pending or "end_note")
        else:
            self.pending = _label(block.text, "afterword") or self.pending

    def chapters(self, block: Block, quote: Element | None, classes: set[str]) -> None:
        """Chapter headings, chapter notes, and the text itself.

        Inside a chapter's own div.userstuff everything is the author's text;
        around it, div.meta holds the heading, labels and note blockquotes.
        Without classes (Calibre may drop them) the labels alone decide.
        """
        builder = self.builder
        context = block.context
        in_text = any("userstuff" in el.classes and el.id != "chapters" for el in context)
        in_meta = "meta" in classes or any(el.id.startswith("endnotes") for el in context)
        furniture = in_meta or not in_text
        # Before the first chapter, "Summary"/"Notes" are the work's (a preface without ids).
        where = "chapters" if self.chapter_open else "preface"
        label = _label(block.text, where) if quote is None and furniture else None
        if block.kind == "heading" and furniture:
            builder.end_note()
            builder.begin_chapter(block.text, block)
            self.chapter_open, self.pending, self.note_at = True, None, None
        elif label:
            builder.end_note()
            self.pending, self.note_at = label, None
        elif quote is not None and self.pending is not None and furniture:
            self.note(block, quote, self.pending)

        elif furniture and (
            {"endnote-link", "byline"} & classes or block.text.startswith("See the end of")
        ):
            pass  # AO3's links to the end notes, a chapter's own byline
        else:
            builder.end_note()
            self.pending, self.note_at = None, None
            if not self.chapter_open:  # a single-chapter work has no chapter heading
                builder.begin_chapter(self.metadata.title)
                self.chapter_open = True
            builder.add_block(block)


def _region(
    block: Block, current: str, quote: Element | None, classes: set[str], started: bool
) -> str:
    """Which part of the download ``block`` is in: by the divs' ids, else by its looks.

    Calibre may drop the ids when it splits AO3's HTML into EPUB files; then
    the "Preface"/"Afterword" headings, the tag list and the preface's usual
    lines tell the preface apart, and the first other line ends it.
    """
    for element in block.context:
        if element.id in _REGIONS:
            return element.id
    text = block.text.strip()
    if block.kind == "heading" and text in _TOC_HEADINGS:
        return text.lower()
    if not started and (
        any(el.tag == "dl" for el in block.context) or "Posted originally on" in text
    ):
        return "preface"
    if current == "preface":
        prefatory = (
            quote is not None
            or (block.kind == "heading" and block.level == 1)
            or _label(text, "preface") is not None
            or "byline" in classes
            or text.startswith(("by ", "See the end of the work"))
        )
        return "preface" if prefatory else "chapters"
    return current


def assemble_ao3(
    blocks: Sequence[Block], source: str, fmt: str, metadata: Metadata | None = None
) -> Story:
    """Place the blocks of an AO3 download into a Story (see the module docstring)."""
    assembler = _Assembler(metadata or Metadata())
    region = ""
    for block in blocks:
        classes = {c for el in block.context for c in el.classes}
        quote = next((el for el in reversed(block.context) if el.tag == "blockquote"), None)
        region = _region(block, region, quote, classes, assembler.chapter_open)
        if region == "preface":
            assembler.preface(block, quote, classes)
        elif region == "afterword":
            assembler.afterword(block, quote)
        elif not (block.kind == "heading" and block.text.strip() in _TOC_HEADINGS):
            assembler.chapters(block, quote, classes)  # or text before any region
    metadata = assembler.metadata
    if assembler.summary and not metadata.summary:
        metadata.summary = "\n\n".join(assembler.summary)
    story = assembler.builder.build(source, fmt, metadata)
    if not story.paragraphs:
        raise InputError(source, Errors.E109)
    return story


def read_ao3_html(data: bytes, source: str) -> Story:
    """A Story from an AO3 HTML download (any other HTML reads as plain HTML)."""
    from ficlens.readers.html import read_html

    return read_html(data, source)
