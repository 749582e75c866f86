"""Every unreadable input: exit status 2 and one line naming the file, never a traceback."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest

CONTAINER = (
    '<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
    '<rootfiles><rootfile full-path="content.opf"/></rootfiles></container>'
)
OPF = (
    '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf">'
    '<manifest><item id="a" href="{href}" media-type="application/xhtml+xml"/></manifest>'
    '<spine><itemref idref="a"/></spine></package>'
)


def epub(members: dict[str, str]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    data = bytearray(
        epub(
            {
                "META-INF/container.xml": CONTAINER,
                "content.opf": OPF.format(href="a.xhtml"),
                "a.xhtml": "<p>" + "a" * 4000 + "</p>",
            }
        )  # fmt: skip
    )
    entry = data.rfind(b"PK\x01\x02", 0, data.rfind(b"a.xhtml"))
    data[entry + 24 : entry + 28] = (3_000_000_000).to_bytes(4, "little")
    return bytes(data)


XXE = (
    '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    '<package xmlns="http://www.idpf.org/2007/opf">&x;</package>'
)

#: Bad input name -> (a maker of its bytes, or None for no file at all; the problem).
CASES: dict[str, tuple[Callable[[], bytes] | None, str]] = {
    "missing.txt": (None, "no such file"),
    "empty.txt": (lambda: b"", "empty"),
    "image.txt": (lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "binary"),
    "nul.txt": (lambda: b"text\x00with\x00nul", "binary"),
    "noise.txt": (lambda: bytes(range(1, 32)) * 40, "binary"),
    "empty.html": (lambda: b"<html><body><script>x()</script></body></html>", "malformed HTML"),
    "truncated.epub": (lambda: epub({"META-INF/container.xml": CONTAINER})[:60], "broken EPUB"),
    "nocontainer.epub": (lambda: epub({"a.xhtml": "<p>x</p>"}), "broken EPUB"),
    "bomb.epub": (zip_bomb, "zip bomb"),
    "xxe.epub": (
        lambda: epub({"META-INF/container.xml": CONTAINER, "content.opf": XXE}),
        "XML entities",
    ),
    "traversal.epub": (
        lambda: epub(
            {"META-INF/container.xml": CONTAINER, "content.opf": OPF.format(href="../../x")}
        ),
        "outside the archive",
    ),
    "notepub.zip": (lambda: b"PK\x03\x04" + b"\x00" * 60, "broken EPUB|not an EPUB"),
}


def run_analyze(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ficlens", "analyze", str(path), "--stages", "structure"],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_cli_errors_bad_input_is_one_line(tmp_path: Path, name: str) -> None:
    make, problem = CASES[name]
    path = tmp_path / name
    if make is not None:
        path.write_bytes(make())
    result = run_analyze(path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0]
    assert any(p in lines[0] for p in problem.split("|")), lines[0]
    assert result.stdout == ""


def test_cli_errors_directory(tmp_path: Path) -> None:
    result = run_analyze(tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == f"ficlens: error: {tmp_path}: is a directory, not a story file"
