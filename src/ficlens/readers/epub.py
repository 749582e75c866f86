"""EPUB: container.xml -> OPF -> spine order; OPF metadata; AO3 EPUBs told apart.

An EPUB is an untrusted zip archive, so this reader guards every step:
XML (container, OPF) is parsed only with defusedxml and any DOCTYPE or entity
is refused (E107); member paths that are absolute or climb out with ``..`` are
refused (E108); the total uncompressed size is capped both from the zip
directory and while reading (E106, zip bombs); the member count is capped
(E111); a zip or XML that cannot be read is a broken EPUB (E105).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from io import BytesIO
from urllib.parse import unquote
from xml.etree.ElementTree import Element as XmlElement
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ficlens.document import Metadata, Story
from ficlens.errors import Errors, InputError
from ficlens.readers.ao3 import assemble_ao3, is_ao3
from ficlens.readers.build import Block, assemble
from ficlens.readers.html import extract_blocks
from ficlens.readers.text import decode_bytes

#: Largest total uncompressed size of an EPUB's members, in bytes.
MAX_EPUB_BYTES = 100 * 1024 * 1024
#: Most members an EPUB may hold.
MAX_EPUB_MEMBERS = 10_000
_CHUNK = 1 << 16
_DC = "{http://purl.org/dc/elements/1.1/}"
_NCX_TYPE = "application/x-dtbncx+xml"
_CONTENT_TYPES = ("application/xhtml+xml", "text/html", "application/x-dtbook+xml")
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_TAGS = re.compile(r"<[^<>]{0,2000}>")
# Spine items that are navigation or a cover, not the work: EPUB 3 nav, FanFicFare's
# toc_page and title_page (its metadata is in the OPF too), Calibre's titlepage.
_NAV_ITEM = re.compile(r"(?:^|/)(?:toc|nav|toc_page|title_?page|cover)\.x?html?$", re.IGNORECASE)


class _Archive:
    """An EPUB zip opened with its limits checked; ``read`` enforces them again."""

    def __init__(self, data: bytes, source: str) -> None:
        self.source = source
        try:
            self.zip = zipfile.ZipFile(BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise self.broken(f"not a readable zip archive ({reason})") from exc
        if len(infos) > MAX_EPUB_MEMBERS:
            raise InputError(source, Errors.E111.format(count=len(infos), limit=MAX_EPUB_MEMBERS))
        for info in infos:
            _check_path(info.filename, source)
        if sum(info.file_size for info in infos) > MAX_EPUB_BYTES:
            raise InputError(source, Errors.E106.format(limit=MAX_EPUB_BYTES))
        self.names = {info.filename for info in infos}
        self.budget = MAX_EPUB_BYTES

    def __enter__(self) -> _Archive:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.zip.close()

    def broken(self, reason: str) -> InputError:
        return InputError(self.source, Errors.E105.format(reason=reason))

    def read(self, name: str) -> bytes:
        """A member's bytes, counting what it really expands to against the cap."""
        if name not in self.names:
            raise self.broken(f"missing member {name!r}")
        chunks = []
        try:
            with self.zip.open(name) as member:
                while chunk := member.read(_CHUNK):
                    self.budget -= len(chunk)
                    if self.budget < 0:
                        raise InputError(self.source, Errors.E106.format(limit=MAX_EPUB_BYTES))
                    chunks.append(chunk)
        except InputError:
            raise
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, zlib.error,
                NotImplementedError) as exc:  # fmt: skip
            raise self.broken(f"cannot read {name!r} ({type(exc).__name__})") from exc
        return b"".join(chunks)

    def xml(self, name: str) -> XmlElement:
        """A member parsed as XML, with DOCTYPEs and entities refused."""
        data = self.read(name)
        try:
            root: XmlElement = fromstring(data, forbid_dtd=True)
        except DefusedXmlException as exc:
            raise InputError(self.source, Errors.E107) from exc
        except (ParseError, ValueError) as exc:
            raise self.broken(f"{name!r} is not well-formed XML") from exc
        return root


def _check_path(name: str, source: str) -> None:
    """Refuse member names that point outside the archive."""
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) or ".." in parts:
        raise InputError(source, Errors.E108.format(path=name))


def _resolve(base: str, href: str, source: str) -> str:
    """The archive path of ``href`` relative to the OPF at ``base``."""
    href = unquote(href.split("#", 1)[0])
    if href.startswith("/") or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", href):
        raise InputError(source, Errors.E108.format(path=href))
    path = posixpath.normpath(posixpath.join(posixpath.dirname(base), href))
    if path.startswith("../") or path == "..":
        raise InputError(source, Errors.E108.format(path=href))
    return path


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _opf_path(archive: _Archive) -> str:
    root = archive.xml("META-INF/container.xml")
    for element in root.iter():
        if _local(element.tag) == "rootfile" and element.get("full-path"):
            path = element.get("full-path", "")
            _check_path(path, archive.source)
            return path
    raise archive.broken("container.xml names no package (OPF) file")


def _opf_metadata(root: XmlElement) -> Metadata:
    metadata = Metadata()
    subjects: list[str] = []
    for element in root.iter():
        tag, text = element.tag, " ".join((element.text or "").split())
        if not text:
            continue
        if tag == _DC + "title" and not metadata.title:
            metadata.title = text
        elif tag == _DC + "creator":
            metadata.authors.append(text)
        elif tag == _DC + "subject":
            subjects.append(text)
        elif tag == _DC + "description" and not metadata.summary:
            # Calibre stores the summary as escaped HTML.
            metadata.summary = " ".join(_TAGS.sub(" ", element.text or "").split())
        elif tag in (_DC + "language", _DC + "publisher", _DC + "source", _DC + "date"):
            metadata.extra.setdefault(_local(tag), text)
    metadata.tags = subjects
    if subjects:
        metadata.extra["subjects"] = list(subjects)
    return metadata


def _manifest(root: XmlElement) -> tuple[dict[str, tuple[str, str, str]], list[str]]:
    """The OPF's manifest (id -> href, media type, properties) and spine (ids)."""
    manifest: dict[str, tuple[str, str, str]] = {}
    spine: list[str] = []
    for element in root.iter():
        name = _local(element.tag)
        if name == "item" and element.get("id") and element.get("href"):
            manifest[element.get("id", "")] = (
                element.get("href", ""),
                element.get("media-type", ""),
                element.get("properties", ""),
            )
        elif name == "itemref" and element.get("idref"):
            spine.append(element.get("idref", ""))
    return manifest, spine


def _toc_titles(archive: _Archive, root: XmlElement, opf: str) -> dict[str, str]:
    """Chapter titles from the NCX table of contents, by archive path; {} without one."""
    manifest, _ = _manifest(root)
    ncx = next((href for href, media, _ in manifest.values() if media == _NCX_TYPE), None)
    if ncx is None:
        return {}
    path = _resolve(opf, ncx, archive.source)
    if path not in archive.names:
        return {}
    try:
        # NCX files carry a public DOCTYPE, so DTDs are let through here; entity
        # declarations and external references are still refused.
        toc: XmlElement = fromstring(archive.read(path), forbid_dtd=False)
    except DefusedXmlException as exc:
        raise InputError(archive.source, Errors.E107) from exc
    except (ParseError, ValueError):
        return {}  # a broken table of contents costs only the titles
    titles: dict[str, str] = {}
    for point in toc.iter():
        if _local(point.tag) != "navPoint":
            continue
        label = next((e for e in point.iter() if _local(e.tag) == "text"), None)
        content = next((e for e in point if _local(e.tag) == "content"), None)
        if label is None or content is None or not content.get("src"):
            continue
        target = _resolve(path, content.get("src", ""), archive.source)
        titles.setdefault(target, " ".join((label.text or "").split()))
    return titles


def _spine(root: XmlElement, opf: str, source: str) -> list[str]:
    """Archive paths of the spine's content documents, in reading order."""
    manifest, spine = _manifest(root)
    paths = []
    for idref in spine:
        if idref not in manifest:
            continue
        href, media, properties = manifest[idref]
        if media and media not in _CONTENT_TYPES:
            continue
        if "nav" in properties.split() or _NAV_ITEM.search(href.split("#")[0]):
            continue
        paths.append(_resolve(opf, href, source))
    return paths


def read_epub(data: bytes, source: str) -> Story:
    """A Story from an EPUB: an AO3 download (``ao3-epub``) or any other (``epub``)."""
    with _Archive(data, source) as archive:
        return _read(archive, source)


def _read(archive: _Archive, source: str) -> Story:
    """The Story in an opened archive (whose directory already passed the limits)."""
    opf = _opf_path(archive)
    root = archive.xml(opf)
    metadata = _opf_metadata(root)
    blocks: list[Block] = []
    spine = _spine(root, opf, source)
    for doc, path in enumerate(spine):
        raw = archive.read(path)
        # html.parser never expands entities, but an internal DTD subset is an attack.
        if _ENTITY_DECL.search(raw[:65536]):
            raise InputError(source, Errors.E107)
        doc_blocks, _ = extract_blocks(decode_bytes(raw, f"{source}:{path}"), source, doc)
        blocks.extend(doc_blocks)
    if not any(block.kind != "break" for block in blocks):
        raise InputError(source, Errors.E109)
    ao3 = "archive of our own" in metadata.extra.get("publisher", "").lower() or (
        "archiveofourown.org" in metadata.extra.get("source", "")
    )
    if ao3 or is_ao3(blocks):
        # The preface is the better source; the OPF fills what it lacks.
        story = assemble_ao3(blocks, source, "ao3-epub", Metadata())
        _fill(story.metadata, metadata)
        return story
    toc = _toc_titles(archive, root, opf)
    titles = {doc: toc.get(path, "") for doc, path in enumerate(spine)}
    return assemble(blocks, source, "epub", metadata, doc_titles=titles)


def _fill(metadata: Metadata, fallback: Metadata) -> None:
    """Fill the empty fields of ``metadata`` from ``fallback``."""
    metadata.title = metadata.title or fallback.title
    metadata.authors = metadata.authors or fallback.authors
    metadata.summary = metadata.summary or fallback.summary
    for key, value in fallback.extra.items():
        metadata.extra.setdefault(key, value)
    if not (metadata.fandoms or metadata.tags or metadata.characters):
        metadata.tags = [t for t in fallback.tags if t != "Fanworks"]
