"""Plain text: decode any encoding, repair mojibake, find the paragraphs.

The text of a Story read from a .txt file is the decoded file with ``\\r\\n`` and
``\\r`` turned into ``\\n`` and nothing else changed (but mojibake repaired), so
offsets match the file as a reader sees it.
"""

from __future__ import annotations

import codecs
import re

from ficlens.document import Paragraph, Story
from ficlens.errors import Errors, InputError

# Mojibake looks like UTF-8 read as cp1252/latin-1: "Ã©", "â€™", "Â ". Only texts
# with such a pair go through ftfy, which is slow on long clean texts.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2\u00c3\u00c5\u00e2\u00ef]"  # lead bytes of 2- and 3-byte UTF-8, as cp1252
    "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: A line longer than this is a paragraph pasted on one line, never a wrapped line.
MAX_WRAP_WIDTH = 120


def looks_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when BOM-less bytes look like UTF-16 text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    # ASCII-range text in UTF-16 has a NUL in every other byte and few elsewhere.
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _decode_legacy(data: bytes) -> str | None:
    """Decode bytes that are not UTF-8: cp1252 for Western text, else charset-normalizer."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        letters = [ch for ch in text if ch.isalpha()]
        # Western text has a few accents and curly quotes among ASCII letters;
        # Cyrillic or Greek read as cp1252 turns almost every letter into an accent.
        if letters and sum(ord(ch) > 127 for ch in letters) < 0.2 * len(letters):
            return text
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return None if best is None else str(best)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252/latin-1 ("cafÃ©" -> "café"), nothing else."""
    if not _MOJIBAKE_HINT.search(text):
        return text
    import ftfy

    return ftfy.fix_encoding(text)


def decode_bytes(data: bytes, source: str, declared: str | None = None) -> str:
    """Bytes of a text file -> str: BOM, UTF-16, UTF-8, ``declared``, legacy; mojibake fixed.

    Raises InputError E102 when no encoding fits and E101 when the result is
    full of control characters (binary data that slipped past the magic numbers).
    """
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _try(data, encoding)
            break
    if text is None and (utf16 := looks_utf16(data)):
        text = _try(data, utf16)
    if text is None:
        text = _try(data, "utf-8")
    if text is None and declared:
        text = _try(data, declared)
    if text is None:
        text = _decode_legacy(data)
    if text is None:
        raise InputError(source, Errors.E102.format(reason="no text encoding fits its bytes"))
    if text.startswith("\ufeff"):
        text = text[1:]
    if len(_CONTROL.findall(text[:65536])) > 0.02 * min(len(text), 65536) + 2:
        raise InputError(source, Errors.E101.format(kind="file of control characters"))
    return repair_mojibake(text)


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeError, LookupError, ValueError):  # a declared charset may be any name
        return None


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _wrap_width(lengths: list[int]) -> int | None:
    """The width a hard-wrapped text was wrapped at, or None when it was not."""
    if len(lengths) < 2:
        return None
    ordered = sorted(lengths)
    width = ordered[int(0.95 * (len(ordered) - 1))]
    return width if 20 <= width <= MAX_WRAP_WIDTH else None


def _is_wrapped(lines: list[str], width: int | None) -> bool:
    """True when the line ends of a block are where a text wrapper would break."""
    if width is None:
        return False
    fits = 0
    for line, following in zip(lines, lines[1:], strict=False):
        line = line.rstrip()
        if len(line) > width + 10:
            return False
        next_word = following.split(maxsplit=1)[0] if following.strip() else ""
        # Wrappers differ (some stop at 65 of 72 columns): allow some slack.
        if len(line) + 1 + len(next_word) > 0.85 * width:
            fits += 1
    return fits >= 0.75 * (len(lines) - 1)


def split_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs of plain text, as spans with their outer whitespace left out.

    Blank lines separate paragraphs. A block of several lines is one paragraph
    when its lines are hard-wrapped (Gutenberg); otherwise (fan fic pasted with
    one paragraph per line and no blank lines) every line is a paragraph.
    """
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            current.append((offset, line))
        elif current:
            blocks.append(current)
            current = []
        offset += len(line) + 1
    if current:
        blocks.append(current)
    width = _wrap_width([len(line.rstrip()) for block in blocks for _, line in block])
    paragraphs = []
    for block in blocks:
        if len(block) == 1 or _is_wrapped([line for _, line in block], width):
            pieces = [(block[0][0], block[-1][0] + len(block[-1][1]))]
        else:
            pieces = [(start, start + len(line)) for start, line in block]
        for start, end in pieces:
            chunk = text[start:end]
            left = len(chunk) - len(chunk.lstrip())
            right = len(chunk.rstrip())
            paragraphs.append(Paragraph(start + left, start + right))
    return paragraphs


def read_text(text: str, source: str = "<text>") -> Story:
    """A Story from a string of plain text (newlines normalised, nothing else changed)."""
    text = normalise_newlines(text)
    return Story(text=text, source=source, format="txt", paragraphs=split_paragraphs(text))


def read_txt(data: bytes, source: str) -> Story:
    """A Story from the bytes of a plain-text file."""
    story = read_text(decode_bytes(data, source), source)
    if not story.paragraphs:
        raise InputError(source, Errors.E109)
    return story
