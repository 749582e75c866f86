"""Generic EPUB: spine order and OPF metadata; every way an archive can attack or break."""

from __future__ import annotations

import struct
import zipfile
from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ficlens.readers.epub as epub
from ficlens.errors import InputError
from ficlens.readers import read_bytes

from .conftest import CONTAINER, build_epub, build_zip, opf, xhtml
from .test_text import assert_spans_inside

DOCS = {
    "b.xhtml": xhtml("<h1>Chapter Two</h1><p>The <i>boat</i> left.</p>"),
    "a.xhtml": xhtml("<h1>Chapter One</h1><p>The boat waited.</p><hr/><p>Dawn.</p>"),
}
XXE = '<?xml version="1.0"?>\n<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


def fanfic_epub() -> bytes:
    return build_epub(DOCS, order=["a.xhtml", "b.xhtml"])


def test_epub_follows_the_spine_order() -> None:
    story = read_bytes(fanfic_epub(), "boat.epub")
    assert story.format == "epub"
    assert story.text.index("waited") < story.text.index("left")
    assert [c.title for c in story.chapters] == ["Chapter One", "Chapter Two"]
    assert [story.text[s.start : s.end] for s in story.italics] == ["boat"]
    assert len(story.scene_breaks) == 1
    assert_spans_inside(story)


def test_epub_opf_metadata() -> None:
    metadata = read_bytes(fanfic_epub(), "boat.epub").metadata
    assert metadata.title == "Salt and Lanterns"
    assert metadata.authors == ["A. Writer"]
    assert metadata.tags == ["Fluff", "Sea"]
    assert metadata.extra["language"] == "en"


def test_epub_without_headings_has_a_chapter_per_document() -> None:
    docs = {"1.xhtml": xhtml("<p>First.</p>"), "2.xhtml": xhtml("<p>Second.</p>")}
    story = read_bytes(build_epub(docs), "plain.epub")
    assert len(story.chapters) == 2


def test_epub_claimed_size_over_the_cap_is_a_zip_bomb() -> None:
    data = bytearray(build_epub({"c.xhtml": xhtml("<p>" + "a" * 5000 + "</p>")}))
    # Make the central directory claim 2 GB for the chapter, as a zip bomb would.
    name = b"OEBPS/c.xhtml"
    entry = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    data[entry + 24 : entry + 28] = struct.pack("<I", 2_000_000_000)
    with pytest.raises(InputError, match="zip bomb") as caught:
        read_bytes(bytes(data), "bomb.epub")
    assert str(caught.value).startswith("bomb.epub: ")


def test_epub_expanding_over_the_cap_is_a_zip_bomb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(epub, "MAX_EPUB_BYTES", 200_000)
    bomb = build_epub({"c.xhtml": xhtml("<p>" + "zz " * 100_000 + "</p>")})
    assert len(bomb) < 5_000  # highly compressible
    with pytest.raises(InputError, match="zip bomb"):
        read_bytes(bomb, "bomb.epub")


def test_epub_size_is_checked_while_reading() -> None:
    archive = epub._Archive(fanfic_epub(), "boat.epub")
    archive.budget = 10  # as if the directory had lied about the sizes
    with pytest.raises(InputError, match="zip bomb"):
        archive.read("OEBPS/a.xhtml")


@pytest.mark.parametrize("member", ["META-INF/container.xml", "OEBPS/content.opf"])
def test_epub_xxe_is_refused(member: str) -> None:
    members: dict[str, bytes | str] = {
        "META-INF/container.xml": CONTAINER,
        "OEBPS/content.opf": opf(["a.xhtml"]),
        "OEBPS/a.xhtml": xhtml("<p>Hi.</p>"),
    }
    original = str(members[member])
    members[member] = XXE + original.split("?>", 1)[1].replace(">", ">&xxe;", 1)
    with pytest.raises(InputError, match="XML entities") as caught:
        read_bytes(build_zip(members), "xxe.epub")
    assert "root:" not in str(caught.value)


def test_epub_entity_in_a_content_document_is_refused() -> None:
    doc = XXE + '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>&xxe;</p></body></html>'
    with pytest.raises(InputError, match="XML entities"):
        read_bytes(build_epub({"a.xhtml": doc}), "xxe.epub")


@pytest.mark.parametrize("name", ["../evil.xhtml", "/etc/evil.xhtml", "OEBPS/../../evil.xhtml"])
def test_epub_member_outside_the_archive_is_refused(name: str) -> None:
    data = build_zip(
        {
            "META-INF/container.xml": CONTAINER,
            "OEBPS/content.opf": opf(["a.xhtml"]),
            "OEBPS/a.xhtml": xhtml("<p>Hi.</p>"),
            name: "x",
        }
    )
    with pytest.raises(InputError, match="outside the archive"):
        read_bytes(data, "trav.epub")


def test_epub_spine_href_outside_the_archive_is_refused() -> None:
    data = build_zip(
        {
            "META-INF/container.xml": CONTAINER,
            "OEBPS/content.opf": opf(["../../../etc/passwd"]),
        }
    )
    with pytest.raises(InputError, match="outside the archive"):
        read_bytes(data, "trav.epub")


def test_epub_truncated_archive_is_broken() -> None:
    data = fanfic_epub()
    with pytest.raises(InputError, match="broken EPUB"):
        read_bytes(data[: len(data) // 2], "cut.epub")


@pytest.mark.parametrize(
    ("members", "reason"),
    [
        ({"OEBPS/content.opf": opf(["a.xhtml"])}, "container.xml"),
        ({"META-INF/container.xml": CONTAINER, "OEBPS/content.opf": "<package><oops"}, "XML"),
        ({"META-INF/container.xml": CONTAINER, "OEBPS/content.opf": opf(["gone.xhtml"])}, "gone"),
    ],
)
def test_epub_missing_or_malformed_parts_are_broken(
    members: dict[str, bytes | str], reason: str
) -> None:
    with pytest.raises(InputError, match=f"broken EPUB.*{reason}"):
        read_bytes(build_zip(members), "broken.epub")


def test_epub_too_many_members(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(epub, "MAX_EPUB_MEMBERS", 3)
    with pytest.raises(InputError, match="files; the limit is 3"):
        read_bytes(fanfic_epub(), "many.epub")


def test_epub_without_text() -> None:
    with pytest.raises(InputError, match="no story text"):
        read_bytes(build_epub({"a.xhtml": xhtml("<p> </p>")}), "blank.epub")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_epub_corrupted_bytes_never_crash(data: st.DataObject) -> None:
    raw = bytearray(fanfic_epub())
    for _ in range(data.draw(st.integers(1, 8))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    try:
        story = read_bytes(bytes(raw), "fuzz.epub")
    except InputError as exc:
        assert str(exc).startswith("fuzz.epub") and "\n" not in str(exc)
        return
    assert_spans_inside(story)


def test_epub_zip_helper_writes_mimetype_first() -> None:
    names = zipfile.ZipFile(BytesIO(fanfic_epub())).namelist()
    assert names[0] == "mimetype"


def test_epub_public_doctype_in_content_is_fine() -> None:
    doc = (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN"'
        ' "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Fine &amp; well.</p></body></html>'
    )
    story = read_bytes(build_epub({"file0001.xhtml": doc}), "ffm.epub")
    assert story.text == "Fine & well."


def test_epub_navigation_documents_are_skipped() -> None:
    docs = {
        "toc_page.xhtml": xhtml("<ul><li>Chapter 1</li></ul>"),
        "c.xhtml": xhtml("<p>Story.</p>"),
    }
    assert read_bytes(build_epub(docs), "nav.epub").text == "Story."


NCX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE ncx PUBLIC "-//NISO//DTD ncx 2005-1//EN" "http://www.daisy.org/z3986/2005/ncx-2005-1.dtd">
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>
<navPoint id="n1"><navLabel><text>The Harbour</text></navLabel><content src="1.xhtml"/></navPoint>
<navPoint id="n2"><navLabel><text>The Storm</text></navLabel><content src="2.xhtml#top"/></navPoint>
</navMap></ncx>"""


def ncx_epub(ncx: str) -> bytes:
    docs = {"1.xhtml": xhtml("<p>First.</p>"), "2.xhtml": xhtml("<p>Second.</p>")}
    members: dict[str, bytes | str] = {
        "META-INF/container.xml": CONTAINER,
        "OEBPS/content.opf": opf(list(docs)),
        "OEBPS/toc.ncx": ncx,
    }
    members.update({f"OEBPS/{name}": text for name, text in docs.items()})
    return build_zip(members)


def test_epub_chapter_titles_from_the_ncx() -> None:
    story = read_bytes(ncx_epub(NCX), "toc.epub")
    assert [c.title for c in story.chapters] == ["The Harbour", "The Storm"]


def test_epub_entity_in_the_ncx_is_refused() -> None:
    evil = NCX.replace(
        'ncx-2005-1.dtd">', 'ncx-2005-1.dtd" [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    )
    with pytest.raises(InputError, match="XML entities"):
        read_bytes(ncx_epub(evil.replace("The Storm", "&e;")), "toc.epub")
