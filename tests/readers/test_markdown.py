"""Markdown: text without markers, italics spans, headings as chapters, breaks."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from ficlens.errors import InputError
from ficlens.readers import read_bytes
from ficlens.readers.markdown import read_markdown_text, render_inline

from .test_text import assert_spans_inside

STORY = """---
title: The Quiet Orchard
author: Pell Hart
tags: [fluff, autumn]
---

# Chapter One: Windfall

Ada picked up the *bruised* apple. "Mine," she said.

***

Later, __she__ ate it.

# Chapter Two

Done _at last_.
"""


def italic_texts(text: str) -> list[str]:
    story = read_markdown_text(text)
    return [story.text[s.start : s.end] for s in story.italics]


def test_markdown_markers_are_removed_and_italics_kept() -> None:
    story = read_markdown_text(STORY)
    assert "*" not in story.text.replace("* * *", "") and "_" not in story.text
    assert [story.text[s.start : s.end] for s in story.italics] == ["bruised", "at last"]
    assert 'Ada picked up the bruised apple. "Mine," she said.' in story.text


def test_markdown_headings_are_chapters() -> None:
    story = read_markdown_text(STORY)
    assert [c.title for c in story.chapters] == ["Chapter One: Windfall", "Chapter Two"]
    first = story.chapters[0]
    assert story.text[first.start : first.end].startswith("Chapter One: Windfall\n\nAda")
    headings = [story.text[p.start : p.end] for p in story.paragraphs if p.kind == "heading"]
    assert headings == ["Chapter One: Windfall", "Chapter Two"]
    assert "chapters" in story.provides


def test_markdown_scene_breaks() -> None:
    story = read_markdown_text("One.\n\n* * *\n\nTwo.\n\n---\n\nThree.\n")
    assert len(story.scene_breaks) == 2
    assert [p.kind for p in story.paragraphs] == ["text", "break", "text", "break", "text"]


def test_markdown_front_matter_is_metadata() -> None:
    story = read_markdown_text(STORY)
    assert story.metadata.title == "The Quiet Orchard"
    assert story.metadata.authors == ["Pell Hart"]
    assert story.metadata.tags == ["fluff", "autumn"]
    assert "Pell Hart" not in story.text


def test_markdown_lone_top_heading_is_the_title() -> None:
    story = read_markdown_text("# Orchard\n\n## One\n\nA.\n\n## Two\n\nB.\n")
    assert story.metadata.title == "Orchard"
    assert [c.title for c in story.chapters] == ["One", "Two"]


def test_markdown_setext_heading() -> None:
    story = read_markdown_text("Prologue\n========\n\nIt began.\n")
    assert [c.title for c in story.chapters] == ["Prologue"]


def test_markdown_snake_case_and_lone_stars_are_text() -> None:
    assert render_inline("snake_case_name and 2 * 3 * 4") == ("snake_case_name and 2 * 3 * 4", [])


def test_markdown_bold_is_not_italics() -> None:
    text, spans = render_inline("**loud** and ***both***")
    assert text == "loud and both"
    assert [text[a:b] for a, b in spans] == ["both"]


def test_markdown_links_and_escapes() -> None:
    text, spans = render_inline(r"See [the *map*](http://example.org/map) and \*stars\*.")
    assert text == "See the map and *stars*."
    assert [text[a:b] for a, b in spans] == ["map"]


def test_markdown_read_from_bytes_by_extension() -> None:
    story = read_bytes(b"Hello *there*.\n", "hi.md")
    assert story.format == "markdown" and story.text == "Hello there."


def test_markdown_only_breaks_is_no_story() -> None:
    try:
        read_markdown_text("***\n\n---\n")
    except InputError as exc:
        assert "no story text" in str(exc)
    else:
        raise AssertionError("a file of scene breaks is not a story")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab *_#\\[]()-=>\n`!"), max_size=200))
def test_markdown_never_crashes_and_spans_lie_inside(text: str) -> None:
    try:
        story = read_markdown_text(text, "fuzz.md")
    except InputError as exc:
        assert "fuzz.md" in str(exc)
        return
    assert_spans_inside(story)
    plain, spans = render_inline(text)
    assert all(0 <= a < b <= len(plain) for a, b in spans)


def test_markdown_pathological_input_is_quick() -> None:
    began = time.perf_counter()
    for text in ("*" * 50_000, "*a " * 20_000, "# " + " \t" * 50_000 + "x", "[" * 50_000):
        read_markdown_text(text + "\nend")
    assert time.perf_counter() - began < 5


def test_markdown_blockquote_keeps_italics_aligned() -> None:
    assert italic_texts(">    She *said* so.\n") == ["said"]
