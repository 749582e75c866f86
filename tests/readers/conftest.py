"""Builders for the reader tests: EPUB archives and an AO3 download, made in the test."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>"""


def build_zip(members: dict[str, bytes | str], epub_mimetype: bool = True) -> bytes:
    """A zip archive with ``members``; the EPUB mimetype member first when asked."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if epub_mimetype:
            archive.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def xhtml(body: str, title: str = "x") -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>'
        f"{title}</title></head><body>{body}</body></html>"
    )


def opf(
    docs: list[str],
    title: str = "Salt and Lanterns",
    creator: str = "A. Writer",
    subjects: tuple[str, ...] = ("Fluff", "Sea"),
    publisher: str = "",
    extra_items: str = "",
) -> str:
    items = "".join(
        f'<item id="d{i}" href="{name}" media-type="application/xhtml+xml"/>'
        for i, name in enumerate(docs)
    )
    refs = "".join(f'<itemref idref="d{i}"/>' for i in range(len(docs)))
    subject_xml = "".join(f"<dc:subject>{s}</dc:subject>" for s in subjects)
    publisher_xml = f"<dc:publisher>{publisher}</dc:publisher>" if publisher else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator>{subject_xml}"
        f"{publisher_xml}<dc:language>en</dc:language></metadata>"
        f'<manifest><item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>'
        f"{items}{extra_items}</manifest>"
        f'<spine toc="ncx">{refs}</spine></package>'
    )


def build_epub(docs: dict[str, str], order: list[str] | None = None, **opf_args: Any) -> bytes:
    """An EPUB whose spine lists ``order`` (default: the docs in insertion order)."""
    order = order or list(docs)
    members: dict[str, bytes | str] = {
        "META-INF/container.xml": CONTAINER,
        "OEBPS/content.opf": opf(order, **opf_args),
    }
    members.update({f"OEBPS/{name}": text for name, text in docs.items()})
    return build_zip(members)


@pytest.fixture
def epub_builder() -> Callable[..., bytes]:
    return build_epub


@pytest.fixture
def zip_builder() -> Callable[..., bytes]:
    return build_zip
