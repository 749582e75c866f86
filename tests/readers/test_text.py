"""Plain text: encodings, mojibake, newlines, paragraphs, and the input errors."""

from __future__ import annotations

import codecs
import os
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ficlens.readers as readers
from ficlens.document import Chapter, Note, Paragraph, Span, Story
from ficlens.errors import InputError
from ficlens.readers import read_bytes, read_story, read_text

STORY = (
    "\u201cWhere\u2019s the caf\u00e9?\u201d asked Ren\u00e9e.\n\n"
    "Nobody knew \u2014 not even Ji\u0159\u00ed.\n"
)


def assert_spans_inside(story: Story) -> None:
    """Every span any reader records lies inside the text, start <= end."""
    n = len(story.text)
    spans: list[Paragraph | Note | Chapter | Span] = [*story.paragraphs, *story.notes]
    spans += [*story.chapters, *story.italics, *story.scene_breaks]
    for span in spans:
        assert 0 <= span.start <= span.end <= n, span


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_text_utf8_is_kept_as_is(tmp_path: Path) -> None:
    story = read_story(write(tmp_path, "s.txt", STORY.encode("utf-8")))
    assert story.text == STORY
    assert story.format == "txt"


def test_text_crlf_and_cr_become_lf(tmp_path: Path) -> None:
    story = read_story(write(tmp_path, "s.txt", b"One.\r\n\r\nTwo.\rThree.\r\n"))
    assert story.text == "One.\n\nTwo.\nThree.\n"


def test_text_cp1252_is_detected(tmp_path: Path) -> None:
    text = "\u201cI don\u2019t know,\u201d she said. Caf\u00e9 au lait \u2014 na\u00efve.\n" * 3
    story = read_story(write(tmp_path, "s.txt", text.encode("cp1252")))
    assert story.text == text


def test_text_utf16_with_bom(tmp_path: Path) -> None:
    story = read_story(write(tmp_path, "s.txt", STORY.encode("utf-16")))
    assert story.text == STORY


def test_text_utf16_without_bom(tmp_path: Path) -> None:
    story = read_story(write(tmp_path, "s.txt", STORY.encode("utf-16-le")))
    assert story.text == STORY


def test_text_utf8_bom_is_dropped(tmp_path: Path) -> None:
    story = read_story(write(tmp_path, "s.txt", codecs.BOM_UTF8 + STORY.encode("utf-8")))
    assert story.text == STORY


@pytest.mark.parametrize("wrong", ["cp1252", "latin-1"])
def test_text_mojibake_is_repaired(wrong: str) -> None:
    text = "It\u2019s the caf\u00e9, \u201cMar\u00eda\u2019s\u201c place.\n"
    broken = text.encode("utf-8").decode(wrong)
    assert "\u00c3\u00a9" in broken  # "Ã©": UTF-8 é read one byte at a time
    story = read_bytes(broken.encode("utf-8"), "m.txt")
    assert story.text == text


def test_text_nothing_else_changes() -> None:
    text = '  Indented line.\n\n\n\t"Straight" quotes, ﬁ ligature &amp; tabs\t.\n\n'
    assert read_text(text).text == text


def test_text_paragraphs_by_blank_lines() -> None:
    story = read_text("First one.\n\n  Second one.  \n\n\nThird.")
    assert [story.text[p.start : p.end] for p in story.paragraphs] == [
        "First one.",
        "Second one.",
        "Third.",
    ]


def test_text_pasted_fic_has_one_paragraph_per_line() -> None:
    text = (
        '"Are you coming?" Mara asked, already halfway out of the door and into the rain.\n'
        "Jun shook his head.\n"
        '"Suit yourself."\n'
        "The door banged behind her, and the kettle began to sing in the empty kitchen.\n"
    )
    story = read_text(text)
    assert len(story.paragraphs) == 4
    assert story.text[story.paragraphs[2].start : story.paragraphs[2].end] == '"Suit yourself."'


def test_text_hard_wrapped_lines_stay_in_one_paragraph() -> None:
    words = ("the lamplighter walked slowly along the harbour wall counting ships " * 12).split()
    lines, line = [], ""
    for word in words:
        if len(line) + 1 + len(word) > 70:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    paragraph = "\n".join(lines)
    story = read_text(f"{paragraph}\n\n{paragraph}\n")
    assert len(story.paragraphs) == 2
    assert story.text[story.paragraphs[0].start : story.paragraphs[0].end] == paragraph


def test_text_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_story(tmp_path / "nope.txt")


def test_text_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="directory"):
        read_story(tmp_path)


@pytest.mark.parametrize("data", [b"", b"  \n\r\n\t "])
def test_text_empty_file(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(InputError, match="empty") as caught:
        read_story(write(tmp_path, "e.txt", data))
    assert "e.txt" in str(caught.value)


def test_text_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 100)
    with pytest.raises(InputError, match="too large"):
        read_story(write(tmp_path, "big.txt", b"word " * 50))
    with pytest.raises(InputError, match="too large"):
        read_bytes(b"word " * 50, "big.txt")


def test_text_control_characters_are_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        read_bytes(bytes(range(1, 32)) * 20, "ctl.txt")


def test_text_undecodable_bytes() -> None:
    # Noise with no NUL bytes and no magic number: no encoding makes text of it.
    noise = bytes(b for b in random.Random(7).randbytes(3000) if b)
    with pytest.raises(InputError, match="cannot decode|binary") as caught:
        read_bytes(noise, "odd.txt")
    assert str(caught.value).startswith("odd.txt: ")


def test_text_unknown_format_is_refused() -> None:
    with pytest.raises(InputError, match="unknown input format"):
        read_bytes(b"Hello.", "s.txt", format="docx")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_text_any_bytes_read_or_input_error(data: bytes) -> None:
    try:
        story = read_bytes(data, "fuzz.txt")
    except InputError as exc:
        assert "fuzz.txt" in str(exc) and "\n" not in str(exc)
        return
    assert_spans_inside(story)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n\r\t.\"'\u2019\u00e9\u00c3\u00a9"), max_size=300))
def test_text_any_string_has_paragraphs_inside(text: str) -> None:
    story = read_text(text)
    assert "\r" not in story.text
    assert_spans_inside(story)
    for paragraph in story.paragraphs:
        chunk = story.text[paragraph.start : paragraph.end]
        assert chunk == chunk.strip() and chunk


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_text_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_story(fifo)
