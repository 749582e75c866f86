"""Pick the reader for a file from its content (the extension only breaks ties).

Binary files are refused here, before any decoding: images, PDFs, programs and
zip archives that are not EPUBs.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import PurePath

from ficlens.errors import Errors, InputError
from ficlens.readers.text import looks_utf16

#: The formats ficlens reads; ``read_story(path, format=...)`` accepts these.
FORMATS = ("txt", "markdown", "html", "ao3-html", "epub", "ao3-epub")

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"\x7fELF", "ELF program"),
    (b"MZ", "Windows program"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"RIFF", "RIFF media file"),
    (b"OggS", "Ogg media file"),
    (b"ID3", "MP3 audio file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".epub": "epub",
}
_HTML_TAG = re.compile(
    rb"<(?:!doctype\s+html|html|head|meta|body|p|div|br|span|i|em|b|strong|h[1-6]|hr|blockquote)[\s/>]",
    re.IGNORECASE,
)
_ATX_HEADING = re.compile(rb"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE)
_MD_SIGNS = re.compile(rb"\*\*\S|__\S|\[[^\]\n]{1,200}\]\([^)\s]{1,500}\)|^```", re.MULTILINE)
_AO3_MARKERS = (b"archiveofourown.org", b"Archive of Our Own")


def binary_kind(data: bytes) -> str | None:
    """What kind of binary file ``data`` is, or None when it may be text."""
    for magic, kind in _MAGIC:
        # "MZ"/"BZh"/"ID3"/"RIFF" could open a text; NUL bytes settle it.
        if data.startswith(magic) and (len(magic) >= 4 or b"\x00" in data[:4096]):
            return kind
    if b"\x00" in data[:65536] and not looks_utf16(data):
        return "binary file with NUL bytes"
    return None


def is_epub(data: bytes) -> bool:
    """A zip archive with the EPUB ``mimetype`` member or a container.xml."""
    if not data.startswith(_ZIP_MAGIC):
        return False
    # The mimetype member is stored first and uncompressed in a conforming EPUB.
    if data[30:38] == b"mimetype" and b"application/epub+zip" in data[38:100]:
        return True
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return True  # a broken zip: the EPUB reader names the problem (E105)
    return "META-INF/container.xml" in names or "mimetype" in names


def detect_format(data: bytes, source: str = "") -> str:
    """The reader for ``data``: one of FORMATS. Raises InputError for binaries."""
    if data.startswith(_ZIP_MAGIC):
        if is_epub(data):
            return "epub"  # the EPUB reader tells AO3 downloads apart by their OPF
        raise InputError(source, Errors.E101.format(kind="zip archive that is not an EPUB"))
    kind = binary_kind(data)
    if kind:
        raise InputError(source, Errors.E101.format(kind=kind))
    head = data[:65536]
    if looks_utf16(head) or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Sniff UTF-16 text on its ASCII projection.
        head = head.replace(b"\x00", b"")
    by_name = _EXTENSIONS.get(PurePath(source).suffix.lower())
    tags = len(_HTML_TAG.findall(head))
    starts_as_markup = (
        head.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html", b"<?xml"))
    )
    # Markdown may hold a few inline tags; it is HTML only when it opens as markup.
    if starts_as_markup or ((tags >= 2 and by_name != "markdown") or (tags and by_name == "html")):
        if b'id="preface"' in data and any(marker in data for marker in _AO3_MARKERS):
            return "ao3-html"
        return "html"
    if by_name == "markdown":
        return "markdown"
    if (
        by_name is None
        and _ATX_HEADING.search(head)
        and (len(_ATX_HEADING.findall(head)) >= 2 or _MD_SIGNS.search(head))
    ):
        return "markdown"
    return "txt"
