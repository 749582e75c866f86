"""HTML: paragraphs, line breaks, italics, scene breaks, headings; malformed markup."""

from __future__ import annotations

import contextlib
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ficlens.errors import InputError
from ficlens.readers import read_bytes
from ficlens.readers.html import read_html

from .test_text import assert_spans_inside

PAGE = b"""<!DOCTYPE html>
<html><head><title>Tea at Noon</title>
<style>p { margin: 0 }</style><script>var x = "<p>not text</p>";</script></head>
<body><nav><a href="/">Home</a> | <a href="/next">Next</a></nav>
<h2>Chapter 1</h2>
<p>Odile poured the tea.<br/>Then she <i>waited</i>.</p>
<p>&ldquo;Sugar?&rdquo; asked Bram &amp; smiled.</p>
<hr/>
<p style="text-align: center">* * *</p>
<h2>Chapter 2</h2>
<p>The <em>second</em> cup went cold.</p>
</body></html>"""


def test_html_paragraphs_and_line_breaks() -> None:
    story = read_html(PAGE, "tea.html")
    texts = [story.text[p.start : p.end] for p in story.paragraphs]
    assert "Odile poured the tea.\nThen she waited." in texts
    assert story.text.count("\n\n") == len(story.paragraphs) - 1


def test_html_entities_are_decoded() -> None:
    story = read_html(PAGE, "tea.html")
    assert "\u201cSugar?\u201d asked Bram & smiled." in story.text


def test_html_italics_are_spans() -> None:
    story = read_html(PAGE, "tea.html")
    assert [story.text[s.start : s.end] for s in story.italics] == ["waited", "second"]


def test_html_hr_and_centred_stars_are_scene_breaks() -> None:
    story = read_html(PAGE, "tea.html")
    assert len(story.scene_breaks) == 2
    assert {p.kind for p in story.paragraphs} == {"text", "heading", "break"}


def test_html_headings_are_chapters() -> None:
    story = read_html(PAGE, "tea.html")
    assert [c.title for c in story.chapters] == ["Chapter 1", "Chapter 2"]
    assert story.metadata.title == "Tea at Noon"
    last = story.chapters[1]
    assert story.text[last.start : last.end] == "Chapter 2\n\nThe second cup went cold."


def test_html_script_style_and_nav_are_dropped() -> None:
    story = read_html(PAGE, "tea.html")
    for word in ("not text", "margin", "Home", "Next"):
        assert word not in story.text


def test_html_malformed_markup_still_reads() -> None:
    page = b"<body><p>One <i>two<p>three</b></div> four<div><p>five</span>"
    story = read_html(page, "bad.html")
    assert [story.text[p.start : p.end] for p in story.paragraphs] == [
        "One two",
        "three four",
        "five",
    ]
    assert_spans_inside(story)


def test_html_meta_charset_is_honoured() -> None:
    page = '<meta charset="windows-1252"><p>\u201cCaf\u00e9,\u201d she said.</p>'
    story = read_bytes(page.encode("cp1252"), "legacy.html")
    assert story.text == "\u201cCaf\u00e9,\u201d she said."


@pytest.mark.parametrize(
    "page", [b"<html><head><title>x</title></head><body></body></html>", b"<div><hr><br></div>"]
)
def test_html_without_text_is_an_error(page: bytes) -> None:
    with pytest.raises(InputError, match="malformed HTML") as caught:
        read_html(page, "empty.html")
    assert str(caught.value).startswith("empty.html: ")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<i>",
                "</i>",
                "<em>",
                "<br>",
                "<hr>",
                "<h2>",
                "</h2>",
                "<div>",
                "</div>",
                "<script>",
                "</script>",
                "<![if",
                "<!--",
                "-->",
                "&amp;",
                "&#xD800;",
                "* * *",
                "word ",
                "\n",
                "<",
                ">",
                "</",
                "<blockquote>",
                "<b",
            ]
        ),  # fmt: skip
        max_size=40,
    )
)
def test_html_never_crashes_and_spans_lie_inside(pieces: list[str]) -> None:
    try:
        story = read_html("".join(pieces).encode("utf-8"), "fuzz.html")
    except InputError as exc:
        assert str(exc).startswith("fuzz.html: ")
        return
    assert_spans_inside(story)


@pytest.mark.parametrize(
    "page",
    [
        b"<div>" * 20_000 + b"x" + b"</span>" * 20_000,
        b"<" * 100_000,
        b"<i>" * 30_000 + b"word",
        b"<!--" + b"-" * 100_000,
        b"<p>" + b"&" * 100_000,
    ],
    ids=["deep-divs", "angles", "open-italics", "open-comment", "ampersands"],
)
def test_html_pathological_markup_is_quick(page: bytes) -> None:
    began = time.perf_counter()
    with contextlib.suppress(InputError):
        read_html(page, "slow.html")
    assert time.perf_counter() - began < 5


def test_html_double_line_break_separates_paragraphs() -> None:
    page = b"<div>First line<br>same paragraph<br><br>Second paragraph<br/><br/>Third</div>"
    story = read_html(page, "brbr.html")
    assert [story.text[p.start : p.end] for p in story.paragraphs] == [
        "First line\nsame paragraph",
        "Second paragraph",
        "Third",
    ]


@pytest.mark.parametrize("charset", ["idna", "rot13", "base64", "no-such-charset"])
def test_html_odd_declared_charset_falls_back(charset: str) -> None:
    page = f'<meta charset="{charset}"><p>Caf\u00e9 open.</p>'.encode("cp1252")
    assert read_bytes(page, "odd.html").text == "Caf\u00e9 open."
