"""Readers: turn a file (txt, Markdown, HTML, AO3 HTML/EPUB, EPUB) into a Story.

PROVISIONAL: the readers helper replaces this module with the real dispatch.
Public API to keep: ``read_story(path, format=None) -> Story`` and
``read_text(text, source="<text>") -> Story``.
"""

from __future__ import annotations

import re
from pathlib import Path

from ficlens.document import Paragraph, Story
from ficlens.errors import Errors, InputError


def split_paragraphs(text: str) -> list[Paragraph]:
    paragraphs = []
    for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        if m.group().strip():
            paragraphs.append(Paragraph(m.start(), m.end()))
    return paragraphs


def read_text(text: str, source: str = "<text>") -> Story:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Story(text=text, source=source, format="txt", paragraphs=split_paragraphs(text))


def read_story(path: str | Path, format: str | None = None) -> Story:
    path = Path(path)
    if not path.exists():
        raise InputError(path, Errors.E001)
    return read_text(path.read_text(encoding="utf-8"), source=str(path))
