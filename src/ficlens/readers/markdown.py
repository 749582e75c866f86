"""Markdown: text without the markup, italics as spans, headings as chapters.

Supports what fan fiction written in Markdown uses: ATX (``# Title``) and
``===`` headings, ``*italics*``/``_italics_``, ``**bold**``, ``***``/``---``
scene breaks, ``> quotes``, ``[links](url)``, backslash escapes and a YAML
front matter block. Emphasis is matched by a single linear scan (CommonMark's
delimiter runs, simplified), so no input can make it backtrack.
"""

from __future__ import annotations

import re
from typing import Any

from ficlens.document import Metadata, Story
from ficlens.errors import Errors, InputError
from ficlens.readers.build import BREAK_MARKER, Block, assemble, is_scene_break
from ficlens.readers.text import decode_bytes, normalise_newlines, split_paragraphs

_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*))?")
_SETEXT_H1 = re.compile(r" {0,3}=+[ \t]*")
_THEMATIC = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})")
_QUOTE_PREFIX = re.compile(r"^ {0,3}> ?", re.MULTILINE)
_LINK = re.compile(r"!?\[([^\[\]\n]{0,500})\]\(([^()\s]{0,2000})(?:[ \t]+\"[^\"\n]{0,200}\")?\)")
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
#: How far back a closing ``*`` looks for its opener (bounds the scan on garbage).
MAX_OPENERS = 64


def render_inline(source: str) -> tuple[str, list[tuple[int, int]]]:
    """Strip inline Markdown from one paragraph: (plain text, italic spans in it)."""
    removed = bytearray(len(source))  # 1 where a source char is markup, not text
    runs: list[list[Any]] = []  # [pos, char, count, can_open, can_close]
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\\" and i + 1 < n and source[i + 1] in _ASCII_PUNCT:
            removed[i] = 1
            i += 2
            continue
        if ch in "[!":
            link = _LINK.match(source, i)
            if link:
                text_start, text_end = link.span(1)
                for j in range(i, text_start):
                    removed[j] = 1
                for j in range(text_end, link.end()):
                    removed[j] = 1
                # The link text is scanned on; the URL is skipped.
                runs.extend(_runs(source, text_start, text_end, removed))
                i = link.end()
                continue
        if ch in "*_":
            j = i
            while j < n and source[j] == ch:
                j += 1
            runs.append(_delimiter(source, i, j))
            i = j
            continue
        i += 1
    spans = _match_emphasis(runs, removed)
    # Map source offsets to plain-text offsets.
    mapping = [0] * (n + 1)
    out: list[str] = []
    for k in range(n):
        mapping[k] = len(out)
        if not removed[k]:
            out.append(source[k])
    mapping[n] = len(out)
    italics = [(mapping[a], mapping[b]) for a, b in spans if mapping[a] < mapping[b]]
    return "".join(out), italics


def _runs(source: str, start: int, end: int, removed: bytearray) -> list[list[Any]]:
    """Delimiter runs inside a link's text."""
    found, i = [], start
    while i < end:
        if source[i] == "\\" and i + 1 < end and source[i + 1] in _ASCII_PUNCT:
            removed[i] = 1
            i += 2
        elif source[i] in "*_":
            j = i
            while j < end and source[j] == source[i]:
                j += 1
            found.append(_delimiter(source, i, j))
            i = j
        else:
            i += 1
    return found


def _delimiter(source: str, i: int, j: int) -> list[Any]:
    before = source[i - 1] if i > 0 else " "
    after = source[j] if j < len(source) else " "
    left = not after.isspace()  # left-flanking: may open
    right = not before.isspace()  # right-flanking: may close
    if source[i] == "_" and before.isalnum() and after.isalnum():
        left = right = False  # snake_case is not emphasis
    return [i, source[i], j - i, left, right]


def _match_emphasis(runs: list[list[Any]], removed: bytearray) -> list[tuple[int, int]]:
    """Pair delimiter runs; mark the used markers removed; return italic source spans."""
    italics: list[tuple[int, int]] = []
    openers: list[list[Any]] = []  # [pos, char, remaining, end_of_remaining]
    for pos, char, count, can_open, can_close in runs:
        remaining = count
        if can_close:
            k = len(openers) - 1
            while remaining and k >= 0 and k >= len(openers) - MAX_OPENERS:
                opener = openers[k]
                if opener[1] != char or not opener[2]:
                    k -= 1
                    continue
                use = 2 if remaining >= 2 and opener[2] >= 2 else 1
                inner_start = opener[0] + opener[2]  # just after the opener's used marks
                opener[2] -= use
                close_start = pos + (count - remaining)
                for j in range(opener[0] + opener[2], inner_start):
                    removed[j] = 1
                for j in range(close_start, close_start + use):
                    removed[j] = 1
                if use == 1:
                    italics.append((inner_start, close_start))
                remaining -= use
                del openers[k + 1 :]  # openers between the pair can no longer match
                if not opener[2]:
                    openers.pop()
                    k -= 1
        if remaining and can_open:
            openers.append([pos + (count - remaining), char, remaining])
    return italics


def _front_matter(lines: list[str]) -> tuple[Metadata, int]:
    """Metadata from a YAML front matter block and the number of lines it takes."""
    if not lines or lines[0].strip() != "---":
        return Metadata(), 0
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return Metadata(), 0
    import yaml

    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError:
        return Metadata(), 0
    if not isinstance(data, dict):
        return Metadata(), 0

    def listed(*keys: str) -> list[str]:
        for key in keys:
            value = data.get(key)
            if isinstance(value, list):
                return [str(v) for v in value]
            if value:
                return [str(value)]
        return []

    metadata = Metadata(
        title=str(data.get("title") or ""),
        authors=listed("authors", "author"),
        fandoms=listed("fandoms", "fandom"),
        relationships=listed("relationships", "relationship", "pairing", "pairings"),
        characters=listed("characters"),
        tags=listed("tags"),
        rating=str(data.get("rating") or ""),
        warnings=listed("warnings", "warning"),
        summary=str(data.get("summary") or ""),
    )
    return metadata, end + 1


def _heading(line: str) -> tuple[int, str] | None:
    """(level, title) of an ATX heading line; the closing ``#`` run is dropped."""
    match = _ATX.fullmatch(line)
    if not match:
        return None
    title = (match.group(2) or "").strip()
    bare = title.rstrip("#")
    if not bare or bare[-1] in " \t":
        title = bare.strip()
    return len(match.group(1)), title


def _text_block(lines: list[str]) -> list[Block]:
    """The Block of a paragraph's lines (none when there are none)."""
    if not lines:
        return []
    plain, italics = render_inline(_QUOTE_PREFIX.sub("", "\n".join(lines)))
    if "\n" not in plain and is_scene_break(plain):
        return [Block(plain.strip(), "break")]
    return [Block(plain, "text", 0, italics)]


def _blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    # "Title" over "=====" is a heading: rewrite it as "# Title" before splitting.
    lines = text.split("\n")
    for k in range(1, len(lines)):
        above = lines[k - 1]
        if (
            _SETEXT_H1.fullmatch(lines[k])
            and above.strip()
            and not _heading(above)
            and not _THEMATIC.fullmatch(above)
        ):
            lines[k - 1], lines[k] = "# " + above.strip(), ""
    text = "\n".join(lines)
    for paragraph in split_paragraphs(text):
        pending: list[str] = []
        for line in text[paragraph.start : paragraph.end].split("\n"):
            heading = _heading(line)
            if heading or _THEMATIC.fullmatch(line):
                blocks.extend(_text_block(pending))
                pending = []
            if heading:
                title, italics = render_inline(heading[1])
                blocks.append(Block(title, "heading", heading[0], italics))
            elif _THEMATIC.fullmatch(line):
                blocks.append(Block(BREAK_MARKER, "break"))
            else:
                pending.append(line)
        blocks.extend(_text_block(pending))
    return blocks


def read_markdown_text(text: str, source: str = "<text>") -> Story:
    """A Story from a string of Markdown."""
    lines = normalise_newlines(text).split("\n")
    metadata, skip = _front_matter(lines)
    blocks = _blocks("\n".join(lines[skip:]))
    if not any(block.kind != "break" for block in blocks):
        raise InputError(source, Errors.E109)
    return assemble(blocks, source, "markdown", metadata)


def read_markdown(data: bytes, source: str) -> Story:
    """A Story from the bytes of a Markdown file."""
    return read_markdown_text(decode_bytes(data, source), source)
