"""HTML: paragraphs, line breaks, italics, scene breaks and headings.

Built on the standard library's forgiving ``html.parser``: unclosed and stray
tags are tolerated, ``<script>``/``<style>``/``<nav>`` are dropped, entities
are decoded. The Story's text is the extracted paragraphs joined by blank lines.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ficlens.document import Metadata, Story
from ficlens.errors import Errors, InputError
from ficlens.readers.ao3 import assemble_ao3, is_ao3
from ficlens.readers.build import BREAK_MARKER, Block, Element, assemble, is_scene_break
from ficlens.readers.text import decode_bytes

_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "pre",
        "table",
        "tr",
        "td",
        "th",
        "tbody",
        "thead",
        "tfoot",
        "figure",
        "figcaption",
        "center",
        "address",
        "body",
        "html",
        "form",
        "fieldset",
        "details",
        "summary",
        "hgroup",
        "caption",
    ]
)
_VOID_TAGS = frozenset(
    [
        "br",
        "hr",
        "img",
        "meta",
        "link",
        "input",
        "area",
        "base",
        "col",
        "embed",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_SKIP_TAGS = frozenset(
    ["script", "style", "noscript", "template", "svg", "math", "nav", "iframe", "object", "select"]
)
_ITALIC_TAGS = frozenset(("i", "em", "cite"))
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
#: Deeper nesting than this is not tracked (keeps malformed input linear).
MAX_DEPTH = 256
_WHITESPACE = re.compile(r"\s+")
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset=[\"']?([A-Za-z0-9_.:-]{1,40})", re.I)


class _Extractor(HTMLParser):
    """Collects Blocks (one per paragraph-like element) with their element context."""

    def __init__(self, doc: int = 0) -> None:
        super().__init__(convert_charrefs=True)
        self.doc = doc
        self.blocks: list[Block] = []
        self.title = ""
        self._stack: list[Element] = []
        self._skip = 0
        self._pre = 0
        self._in_title = False
        self._parts: list[str] = []
        self._len = 0
        self._last = "\n"
        self._italic_starts: list[int] = []
        self._spans: list[tuple[int, int]] = []
        self._context: tuple[Element, ...] | None = None

    # --- text accumulation ---
    def _append(self, text: str) -> None:
        if not text:
            return
        if self._context is None:
            self._context = tuple(self._stack)
        self._parts.append(text)
        self._len += len(text)
        self._last = text[-1]

    def _newline(self) -> None:
        if self._len == 0:
            return
        if self._last == "\n":
            # "<br><br>" is how many fic sites separate paragraphs: a blank line.
            self._flush()
            return
        if self._last == " ":
            self._parts[-1] = self._parts[-1][:-1]
            self._len -= 1
        self._append("\n")

    def _flush(self) -> None:
        text = "".join(self._parts)
        spans = self._spans + [(s, self._len) for s in self._italic_starts]
        context = self._context or tuple(self._stack)
        self._parts, self._len, self._last = [], 0, "\n"
        self._spans, self._context = [], None
        self._italic_starts = [0] * len(self._italic_starts)
        stripped = text.rstrip()
        if not stripped.strip():
            return
        kind, level = "text", 0
        nearest = next((el for el in reversed(context) if el.tag in _BLOCK_TAGS), None)
        if nearest is not None and nearest.tag in _HEADINGS:
            kind, level = "heading", _HEADINGS[nearest.tag]
        elif is_scene_break(stripped):
            kind = "break"
        italics = []
        for s, e in spans:
            e = min(e, len(stripped))
            while s < e and stripped[s].isspace():
                s += 1
            while e > s and stripped[e - 1].isspace():
                e -= 1
            if s < e:
                italics.append((s, e))
        self.blocks.append(Block(stripped, kind, level, italics, self.doc, context))

    # --- parser callbacks ---
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS:
            if self._skip:
                return
            if tag == "br":
                self._newline()
            elif tag == "hr":
                self._flush()
                self.blocks.append(
                    Block(BREAK_MARKER, "break", 0, [], self.doc, tuple(self._stack))
                )
            return
        if tag in _BLOCK_TAGS:
            top = self._stack[-1].tag if self._stack else ""
            # A <p> cannot hold blocks, and a new <li>/<dt>/<dd> closes its sibling.
            if top == "p" or (tag in ("li", "dt", "dd") and top in ("li", "dt", "dd")):
                self.handle_endtag(top)
            self._flush()
        if len(self._stack) >= MAX_DEPTH:
            return
        attributes = dict(attrs)
        classes = tuple((attributes.get("class") or "").split())
        self._stack.append(Element(tag, attributes.get("id") or "", classes))
        if tag in _ITALIC_TAGS:
            self._italic_starts.append(self._len)
        elif tag in _SKIP_TAGS:
            self._skip += 1
        elif tag == "pre":
            self._pre += 1
        elif tag == "title":
            self._in_title = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        index = next(
            (i for i in range(len(self._stack) - 1, -1, -1) if self._stack[i].tag == tag), -1
        )
        if index < 0:
            if tag == "br" and not self._skip:  # browsers read </br> as <br>
                self._newline()
            return
        if any(el.tag in _BLOCK_TAGS for el in self._stack[index:]):
            self._flush()
        while len(self._stack) > index:
            element = self._stack.pop()
            if element.tag in _ITALIC_TAGS and self._italic_starts:
                start = self._italic_starts.pop()
                if start < self._len:
                    self._spans.append((start, self._len))
            elif element.tag in _SKIP_TAGS:
                self._skip -= 1
            elif element.tag == "pre":
                self._pre -= 1
            elif element.tag == "title":
                self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if self._skip:
            return
        if self._pre:
            for i, line in enumerate(data.split("\n")):
                if i:
                    self._newline()
                self._add_words(line)
            return
        self._add_words(data)

    def _add_words(self, data: str) -> None:
        data = _WHITESPACE.sub(" ", data)
        if self._last in " \n":
            data = data.lstrip(" ")
        self._append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def extract_blocks(markup: str, source: str, doc: int = 0) -> tuple[list[Block], str]:
    """The Blocks of an HTML document and its ``<title>``. Raises E104 on parser failure."""
    parser = _Extractor(doc)
    try:
        parser.feed(markup)
        parser.close()
    except Exception as exc:  # html.parser's rare internal errors on garbage markup
        raise InputError(source, Errors.E104.format(reason=f"{type(exc).__name__}")) from exc
    return parser.blocks, _WHITESPACE.sub(" ", parser.title).strip()


def decode_html(data: bytes, source: str) -> str:
    """Decode HTML bytes, honouring a ``<meta charset>`` when UTF-8 does not fit."""
    match = _META_CHARSET.search(data[:4096])
    declared = match.group(1).decode("ascii") if match else None
    return decode_bytes(data, source, declared)


def read_html(data: bytes, source: str) -> Story:
    """A Story from an HTML page: headings at the chapter level open chapters."""
    blocks, title = extract_blocks(decode_html(data, source), source)
    if not any(block.kind != "break" for block in blocks):
        raise InputError(source, Errors.E104.format(reason="no text outside the tags"))
    if is_ao3(blocks):  # an AO3 download saved without its link back to the archive
        return assemble_ao3(blocks, source, "ao3-html")
    return assemble(blocks, source, "html", Metadata(title=title))
