"""AO3 downloads: preface metadata, notes, chapters; the HTML and the EPUB."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ficlens.document import Story
from ficlens.errors import InputError
from ficlens.readers import read_bytes

from .conftest import build_epub, xhtml
from .test_text import assert_spans_inside

# Laid out as otwarchive's app/views/downloads templates write it; the work is ours.
PREFACE = """<div id="preface">
<h2 class="toc-heading">Preface</h2>
<p class="message"><b>The Lantern Keeper</b><br/>
Posted originally on the <a href="http://archiveofourown.org/">Archive of Our Own</a>
at <a href="http://archiveofourown.org/works/1">http://archiveofourown.org/works/1</a>.</p>
<div class="meta"><dl class="tags">
<dt>Rating:</dt><dd><a href="#">General Audiences</a></dd>
<dt>Archive Warning:</dt><dd><a href="#">No Archive Warnings Apply</a></dd>
<dt>Category:</dt><dd><a href="#">Gen</a>, <a href="#">F/F</a></dd>
<dt>Fandom:</dt><dd><a href="#">Original Work</a></dd>
<dt>Relationships:</dt><dd><a href="#">Mira &amp; Tobin</a>, <a href="#">Mira/Sela</a></dd>
<dt>Characters:</dt><dd><a href="#">Mira Vance</a>, <a href="#">Tobin</a></dd>
<dt>Additional Tags:</dt><dd><a href="#">Lighthouses</a>, <a href="#">Found Family</a></dd>
<dt>Language:</dt><dd>English</dd>
<dt>Series:</dt><dd>Part 2 of <a href="#">Harbour Lights</a></dd>
<dt>Stats:</dt><dd>
  Published: 2021-03-04
  Completed: 2021-04-01
  Words: 1,234
  Chapters: 2/2
</dd></dl>
<h1>The Lantern Keeper</h1>
<div class="byline">by <a rel="author" href="#">wrenfeather</a></div>
<p>Summary</p>
<blockquote class="userstuff"><p>Mira keeps the light. Tobin keeps <i>her</i>.</p></blockquote>
<p>Notes</p>
<blockquote class="userstuff"><p>Written for a prompt about lamps.</p></blockquote>
<div class="endnote-link">See the end of the work for more <a href="#endnotes">notes</a></div>
</div></div>"""

CHAPTER_1 = """<div class="meta group"><h2 class="heading">Chapter 1: Oil</h2>
<p>Chapter Summary</p><blockquote class="userstuff"><p>Wicks are trimmed.</p></blockquote>
<p>Chapter Notes</p><blockquote class="userstuff"><p>This one is short.</p></blockquote>
<div class="endnote-link">See the end of the chapter for <a href="#endnotes1">more notes</a></div>
</div>
<!--chapter content-->
<div class="userstuff">
<p>"Is the wick trimmed?" Tobin asked.</p>
<blockquote><p>A letter Mira kept: come home.</p></blockquote>
<p>Mira did not answer. <em>Of course it is.</em></p>
<p align="center">* * *</p>
<p>Night came.</p>
</div>
<!--/chapter content-->
<div class="meta" id="endnotes1"><p>Chapter End Notes</p>
<blockquote class="userstuff"><p>Thanks for reading!</p></blockquote></div>"""

CHAPTER_2 = """<div class="meta group"><h2 class="heading">Chapter 2: Glass</h2></div>
<div class="userstuff"><p>"Morning," said Mira.</p></div>"""

AFTERWORD = """<div id="afterword"><h2 class="toc-heading">Afterword</h2>
<div class="meta"><div id="endnotes"><p>End Notes</p>
<blockquote class="userstuff"><p>Comments make my day.</p></blockquote></div></div>
<p class="message">Please <a href="#">drop by the archive and comment</a> to let the
creator know if you enjoyed their work!</p></div>"""


def ao3_html() -> bytes:
    return (
        '<!DOCTYPE html><html><head><meta charset="UTF-8"/>'
        "<title>The Lantern Keeper - wrenfeather - Original Work</title></head><body>"
        f'{PREFACE}<div id="chapters" class="userstuff">{CHAPTER_1}{CHAPTER_2}</div>'
        f"{AFTERWORD}</body></html>"
    ).encode()


def ao3_epub() -> bytes:
    """As Calibre splits AO3's HTML: preface, one file per chapter, afterword."""
    docs = {
        "Lantern_split_000.xhtml": xhtml(PREFACE),
        "Lantern_split_001.xhtml": xhtml(f'<div id="chapters" class="userstuff">{CHAPTER_1}</div>'),
        "Lantern_split_002.xhtml": xhtml(f'<div id="chapters" class="userstuff">{CHAPTER_2}</div>'),
        "Lantern_split_003.xhtml": xhtml(AFTERWORD),
    }
    return build_epub(
        docs,
        title="The Lantern Keeper",
        creator="wrenfeather",
        subjects=("Fanworks", "General Audiences", "Lighthouses"),
        publisher="Archive of Our Own",
    )


@pytest.fixture(params=["html", "epub"])
def story(request: pytest.FixtureRequest) -> Story:
    if request.param == "html":
        return read_bytes(ao3_html(), "lantern.html")
    return read_bytes(ao3_epub(), "lantern.epub")


def notes_by_kind(story: Story) -> dict[str, str]:
    return {n.kind: story.text[n.start : n.end] for n in story.notes}


def test_ao3_format(story: Story) -> None:
    assert story.format in ("ao3-html", "ao3-epub")
    assert story.source.endswith(story.format.removeprefix("ao3-"))


def test_ao3_preface_metadata(story: Story) -> None:
    m = story.metadata
    assert m.title == "The Lantern Keeper"
    assert m.authors == ["wrenfeather"]
    assert m.rating == "General Audiences"
    assert m.warnings == ["No Archive Warnings Apply"]
    assert m.fandoms == ["Original Work"]
    assert m.relationships == ["Mira & Tobin", "Mira/Sela"]
    assert m.characters == ["Mira Vance", "Tobin"]
    assert m.tags == ["Lighthouses", "Found Family"]
    assert m.summary == "Mira keeps the light. Tobin keeps her."
    assert m.extra["category"] == ["Gen", "F/F"]
    assert m.extra["language"] == "English"
    assert m.extra["series"] == "Part 2 of Harbour Lights"
    assert m.extra["stats"]["words"] == "1,234"
    assert m.extra["stats"]["chapters"] == "2/2"


def test_ao3_preface_furniture_is_not_text(story: Story) -> None:
    for furniture in ("Posted originally", "Rating", "See the end", "Preface", "drop by"):
        assert furniture not in story.text


def test_ao3_notes(story: Story) -> None:
    assert notes_by_kind(story) == {
        "summary": "Mira keeps the light. Tobin keeps her.",
        "work_note": "Written for a prompt about lamps.",
        "chapter_summary": "Wicks are trimmed.",
        "chapter_note": "This one is short.",
        "chapter_end_note": "Thanks for reading!",
        "end_note": "Comments make my day.",
    }
    for note in story.notes:
        inside = [p for p in story.paragraphs if note.start <= p.start < note.end]
        assert inside and all(p.kind == "note" for p in inside)
    assert {"notes", "chapters"} <= story.provides


def test_ao3_chapters(story: Story) -> None:
    assert [c.title for c in story.chapters] == ["Chapter 1: Oil", "Chapter 2: Glass"]
    second = story.chapters[1]
    assert story.text[second.start : second.end] == 'Chapter 2: Glass\n\n"Morning," said Mira.'


def test_ao3_story_text_keeps_the_authors_blockquote(story: Story) -> None:
    letter = story.text.index("A letter Mira kept")
    assert not any(n.start <= letter < n.end for n in story.notes)
    kinds = {story.text[p.start : p.end]: p.kind for p in story.paragraphs}
    assert kinds["Night came."] == "text"
    assert kinds["* * *"] == "break"
    assert [story.text[s.start : s.end] for s in story.italics] == ["her", "Of course it is."]
    assert_spans_inside(story)


def test_ao3_layout_is_found_without_the_archive_link() -> None:
    page = ao3_html().replace(b"archiveofourown.org", b"example.org")
    page = page.replace(b"Archive of Our Own", b"an archive")
    story = read_bytes(page, "saved.html")
    assert story.format == "ao3-html"
    assert story.metadata.rating == "General Audiences"


def test_ao3_layout_is_found_without_classes() -> None:
    # Calibre may rename or drop class attributes when AO3 converts to EPUB.
    page = re.sub(rb' class="[^"]*"', b"", ao3_html())
    story = read_bytes(page, "plain.html")
    assert story.metadata.relationships == ["Mira & Tobin", "Mira/Sela"]
    assert [c.title for c in story.chapters] == ["Chapter 1: Oil", "Chapter 2: Glass"]
    assert len(story.notes) == 6
    assert "See the end" not in story.text


def test_ao3_epub_without_ids_or_classes() -> None:
    # If Calibre drops ids too, the preface's headings, tag list and labels still show.
    bare = {
        name: re.sub(r' (class|id)="[^"]*"', "", text)
        for name, text in {
            "s0.xhtml": xhtml(PREFACE),
            "s1.xhtml": xhtml(CHAPTER_1),
            "s2.xhtml": xhtml(CHAPTER_2 + AFTERWORD),
        }.items()
    }
    story = read_bytes(build_epub(bare, publisher="Archive of Our Own"), "bare.epub")
    assert story.format == "ao3-epub"
    assert story.metadata.title == "The Lantern Keeper"
    assert story.metadata.characters == ["Mira Vance", "Tobin"]
    assert [c.title for c in story.chapters] == ["Chapter 1: Oil", "Chapter 2: Glass"]
    assert set(notes_by_kind(story)) == {
        "summary", "work_note", "chapter_summary", "chapter_note", "chapter_end_note", "end_note"
    }  # fmt: skip
    for furniture in ("Posted originally", "Rating", "Preface", "Afterword", "drop by"):
        assert furniture not in story.text


def test_ao3_single_chapter_work() -> None:
    page = (
        f'<html><body>{PREFACE}<div id="chapters" class="userstuff">'
        '<div class="userstuff"><p>Only one chapter.</p></div></div></body></html>'
    ).encode()
    story = read_bytes(page, "one.html")
    assert story.format == "ao3-html"
    assert [(c.title, story.text[c.start : c.end]) for c in story.chapters] == [
        ("The Lantern Keeper", "Only one chapter.")
    ]


def test_ao3_epub_takes_missing_fields_from_the_opf() -> None:
    docs = {
        "c.xhtml": xhtml(
            '<div id="chapters" class="userstuff"><div class="userstuff"><p>Text.</p></div></div>'
        )
    }
    data = build_epub(
        docs, title="Bare", creator="someone", subjects=("Fanworks", "Angst"),
        publisher="Archive of Our Own",
    )  # fmt: skip
    story = read_bytes(data, "bare.epub")
    assert story.format == "ao3-epub"
    assert story.metadata.title == "Bare" and story.metadata.authors == ["someone"]
    assert story.metadata.tags == ["Angst"]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                PREFACE,
                CHAPTER_1,
                CHAPTER_2,
                AFTERWORD,
                '<div id="chapters">',
                "</div>",
                "<blockquote>",
                "</blockquote>",
                "<p>Notes</p>",
                "<p>word</p>",
                "<dt>",
                "<dd>",
                '<div class="meta">',
                "<h2>",
                "</h2>",
                "<hr>",
            ]
        ),  # fmt: skip
        max_size=12,
    )
)
def test_ao3_shuffled_parts_never_crash(parts: list[str]) -> None:
    page = ('<html><body><div id="preface"><p>archiveofourown.org</p><dl><dt>Rating:</dt>'
            '<dd>Teen</dd></dl></div>'
            + "".join(parts) + "</body></html>").encode()  # fmt: skip
    try:
        story = read_bytes(page, "fuzz.html")
    except InputError as exc:
        assert str(exc).startswith("fuzz.html: ")
        return
    assert story.format == "ao3-html"
    assert_spans_inside(story)
