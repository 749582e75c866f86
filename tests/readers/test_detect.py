"""Format detection: from the content first, the extension only breaks ties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ficlens.errors import InputError
from ficlens.readers import FORMATS, read_bytes
from ficlens.readers.detect import detect_format

from .conftest import build_epub, build_zip, xhtml
from .test_text import assert_spans_inside

PARAGRAPH = b"<p>The tide came in.</p><p>It went out.</p>"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "PNG"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 40, "JPEG"),
        (b"GIF89a" + b"\x01" * 40, "GIF"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 40, "ELF"),
        (b"plain words\x00with a NUL\x00inside them", "NUL"),
    ],
)
def test_detect_binaries_are_refused(data: bytes, kind: str) -> None:
    with pytest.raises(InputError, match=f"binary.*{kind}") as caught:
        read_bytes(data, "pic.txt")
    assert str(caught.value).startswith("pic.txt: ")


def test_detect_zip_that_is_not_an_epub() -> None:
    data = build_zip({"notes.txt": "hello"}, epub_mimetype=False)
    with pytest.raises(InputError, match="zip archive that is not an EPUB"):
        read_bytes(data, "story.epub")


def test_detect_epub_by_content_whatever_the_name() -> None:
    data = build_epub({"c1.xhtml": xhtml("<p>Words.</p>")})
    assert detect_format(data, "story.txt") == "epub"
    assert read_bytes(data, "story.txt").format == "epub"


def test_detect_html_inside_a_txt_file() -> None:
    assert detect_format(PARAGRAPH, "story.txt") == "html"
    assert read_bytes(PARAGRAPH, "story.txt").text == "The tide came in.\n\nIt went out."


def test_detect_ao3_markers() -> None:
    data = (
        b'<html><body><div id="preface"><p class="message">Posted originally on the '
        b'<a href="http://archiveofourown.org/">Archive of Our Own</a></p></div>'
        + PARAGRAPH
        + b"</body></html>"
    )
    assert detect_format(data, "work.html") == "ao3-html"


def test_detect_markdown_by_extension_and_by_content() -> None:
    text = b"# Chapter One\n\nShe *ran*.\n\n# Chapter Two\n\nHe **walked**.\n"
    assert detect_format(text, "story.md") == "markdown"
    assert detect_format(text, "story") == "markdown"
    # A .txt stays plain text: its asterisks and hashes are the author's own.
    assert detect_format(text, "story.txt") == "txt"


def test_detect_plain_text() -> None:
    assert detect_format(b"Just a story.\n\nWith <3 in it.", "s") == "txt"


def test_detect_utf16_text_is_not_binary() -> None:
    data = "A story, in UTF-16.\n".encode("utf-16-le") * 3
    assert detect_format(data, "s.txt") == "txt"


def test_detect_epub_name_but_not_a_zip() -> None:
    with pytest.raises(InputError, match="broken EPUB"):
        read_bytes(b"just some words", "story.txt", format="epub")


def test_detect_markdown_with_inline_tags_stays_markdown() -> None:
    text = b"# One\n\nShe said <i>no</i>.<br>\n\n# Two\n\nHe left.\n"
    assert detect_format(text, "story.md") == "markdown"


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(FORMATS),
    st.one_of(
        st.binary(max_size=300),
        st.text(alphabet=st.sampled_from("<>/p i#*_\n\"'&;ab-"), max_size=300).map(str.encode),
    ),
)
def test_detect_every_reader_fails_only_with_input_error(fmt: str, data: bytes) -> None:
    try:
        story = read_bytes(data, "fuzz.any", format=fmt)
    except InputError as exc:
        message = str(exc)
        assert message.startswith("fuzz.any: ") and "\n" not in message
        return
    assert_spans_inside(story)
