"""Readers: turn a file (txt, Markdown, HTML, AO3 HTML/EPUB, EPUB) into a Story.

The format is picked from the content (``detect.detect_format``); the file
extension only breaks ties. Every failure is an ``InputError`` naming the file
and the problem; nothing else escapes a reader.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ficlens.document import Story
from ficlens.errors import Errors, InputError
from ficlens.readers.detect import FORMATS, detect_format
from ficlens.readers.text import read_text, split_paragraphs

#: Largest story file ficlens reads, in bytes.
MAX_FILE_BYTES = 50 * 1024 * 1024

__all__ = [
    "FORMATS",
    "MAX_FILE_BYTES",
    "read_bytes",
    "read_story",
    "read_text",
    "split_paragraphs",
]


def _reader(fmt: str) -> Callable[[bytes, str], Story]:
    # Imported on use: reading a .txt never loads the HTML or EPUB machinery.
    if fmt == "txt":
        from ficlens.readers.text import read_txt

        return read_txt
    if fmt == "markdown":
        from ficlens.readers.markdown import read_markdown

        return read_markdown
    if fmt == "html":
        from ficlens.readers.html import read_html

        return read_html
    if fmt == "ao3-html":
        from ficlens.readers.ao3 import read_ao3_html

        return read_ao3_html
    from ficlens.readers.epub import read_epub  # epub and ao3-epub: the OPF decides

    return read_epub


def read_bytes(data: bytes, source: str, format: str | None = None) -> Story:
    """A Story from the bytes of a story file; ``source`` names it in errors."""
    if format is not None and format not in FORMATS:
        raise InputError(source, Errors.E110.format(name=format, known=", ".join(FORMATS)))
    if len(data) > MAX_FILE_BYTES:
        raise InputError(source, Errors.E103.format(size=len(data), limit=MAX_FILE_BYTES))
    if not data.strip():
        raise InputError(source, Errors.E100)
    detected = detect_format(data, source)  # also refuses binaries
    fmt = format or detected
    if fmt == "epub" or fmt == "ao3-epub":
        if detected != "epub":
            raise InputError(source, Errors.E105.format(reason="not a zip archive"))
    elif detected == "epub":
        fmt = "epub"  # a zip is never text, whatever the caller says
    try:
        story = _reader(fmt)(data, source)
    except InputError:
        raise
    except RecursionError as exc:  # pathological nesting in markup
        raise InputError(source, Errors.E003.format(reason="nesting too deep")) from exc
    story.source = source
    return story


def read_story(path: str | Path, format: str | None = None) -> Story:
    """Read a story file of any supported format into a Story."""
    path = Path(path)
    source = str(path)
    if not path.exists():
        raise InputError(source, Errors.E001)
    if path.is_dir():
        raise InputError(source, Errors.E002)
    if not path.is_file():  # a FIFO or device would block or never end
        raise InputError(source, Errors.E003.format(reason="not a regular file"))
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(source, Errors.E103.format(size=size, limit=MAX_FILE_BYTES))
        with path.open("rb") as handle:
            # Read one byte past the cap: a file that grows while read is caught too.
            data = handle.read(MAX_FILE_BYTES + 1)
    except InputError:
        raise
    except OSError as exc:
        raise InputError(source, Errors.E003.format(reason=exc.strerror or exc)) from exc
    return read_bytes(data, source, format)
