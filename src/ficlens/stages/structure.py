"""Find the shape of a plain-text or Markdown story: notes, chapters, scene breaks.

Each paragraph gets a kind: ``heading`` (``Chapter 3``, ``CHAPTER IV``,
``Prologue``, a Markdown heading, a lone title line), ``break`` (``* * *``,
``~*~``, ``oOo``...) or ``note`` (an author's note or disclaimer). What is left is
``text``, the only kind the language stages read.

Notes are found by a small scored classifier over paragraph features rather than
one regex: fan fiction labels most notes (``A/N:``, ``Disclaimer:``) but as often
the author just starts talking (``When this idea occurred to me the boys were
fourteen in my head...``). A paragraph scores for a label, for author-talk
vocabulary (fic, review, update, canon, "in my head"...), for first person, and
for where it sits; it loses for dialogue. Only paragraphs at the top or bottom of
the work or of a chapter can be unlabelled notes, and a run of notes is read
inwards from the edge, so a first-person narrator's story is never eaten from the
middle.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ficlens.document import Chapter, Note, Span, Story
from ficlens.pipeline import Options, Stage

# --- scene breaks -------------------------------------------------------------

# A line of only ornament: ``***``, ``* * *``, ``~*~``, ``---``, ``oOo``, ``xXx``...
_BREAK = re.compile(r"^[\s*~=_#+\-.•·§<>|/\\:oO0xX]{3,60}$")
_BREAK_WORDS = re.compile(
    r"^[\W_]*(?:(?:line|scene|page|time)[ -]?(?:break|skip|change)|break)[\W_]*$", re.I
)
_THE_END = re.compile(r"^[\W_]*(?:the end|fin|end|finis|end of chapter\s*\w*)[\W_]*$", re.I)


def _is_break(line: str) -> bool:
    s = line.strip()
    if _BREAK_WORDS.match(s):
        return True
    if not _BREAK.match(s):
        return False
    letters = [c for c in s if c.isalpha()]
    # ``oOo`` and ``xXx`` are ornaments; a word like ``Oooo`` or ``XXX`` on its own is
    # too, but letters must never be most of a long line ("ooooh" is speech).
    return len(s.replace(" ", "")) >= 3 and (not letters or len(set(s) - {" "}) <= 3)


# --- headings -----------------------------------------------------------------

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|first|second|"
    "third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final"
)
_NUMBER = rf"(?:\d{{1,4}}|[ivxlcdm]{{1,8}}|(?:{_NUMBER_WORDS})(?:[ -](?:{_NUMBER_WORDS}))?)"
_CHAPTER = re.compile(
    rf"^(?:chapter|ch\.|chap\.|part|book|volume|vol\.|stave|act|letter|section)\s+{_NUMBER}\b"
    r"(?P<sep>\.?\s*[:.\-–—]?)\s*(?P<title>.*)$",
    re.I,
)
_SPECIAL = re.compile(
    r"^(?:prologue|epilogue|interlude|afterword|foreword|preface|introduction|intermission)"
    r"\b(?P<sep>\s*[:.\-–—]?)\s*(?P<title>.*)$",
    re.I,
)
_LONE_NUMBER = re.compile(rf"^{_NUMBER}\.?$", re.I)
# A roman numeral up to 299, one case throughout (``Mix`` and ``Did`` are words).
_ROMAN = re.compile(
    r"(?=[IVXLC])C{0,2}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})|"
    r"(?=[ivxlc])c{0,2}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+\S")
_DECORATION = " \t*#~=_[](){}<>—–-|"


def _heading_title(line: str) -> str | None:
    """The heading's title if ``line`` is a chapter heading, else None."""
    s = line.strip()
    if len(s) > 100 or "\n" in s:
        return None
    if _MARKDOWN_HEADING.match(s):
        return s.lstrip("#").strip()
    core = s.strip(_DECORATION)
    if not core:
        return None
    m = _CHAPTER.match(core) or _SPECIAL.match(core)
    if m:
        title = m.group("title")
        # ``Chapter one of my life began in Leeds.``: a sentence, not a heading.
        sentence = (
            title
            and not m.group("sep").strip()
            and (title[0].islower() or title[-1] in ".!?,;" and not title.isupper())
        )
        return None if sentence or len(title.split()) > 15 else " ".join(core.split())
    # ``I.``, ``— I —``, ``[ 1 ]``, ``TWO``: a lone numeral is a chapter number in
    # novels. A number word with a full stop (``One.``) is more likely a sentence,
    # and the word "I" must carry a stop or decoration to be a numeral.
    if not _LONE_NUMBER.match(core):
        return None
    bare = core.rstrip(".")
    if bare.isdigit():
        return core
    if _ROMAN.fullmatch(bare):
        return core if bare != "I" or core != s or core.endswith(".") else None
    if re.fullmatch(r"[ivxlcdm]+", bare, re.I):
        return None
    return core if core.isupper() or not core.endswith(".") else None


_SMALL_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "to", "for", "at", "by", "with"}


def _looks_like_title(line: str) -> bool:
    """A short Title Case line with no sentence punctuation and no quote marks."""
    s = line.strip()
    if not s or "\n" in s or len(s) > 60:
        return False
    quoted = len(s) > 2 and s[0] in "\"“'‘" and s[-1] in "\"”'’"
    if quoted and s.isupper() and not any(c in s for c in ".!?,"):
        return True  # 'HASTE TO THE WEDDING': a quoted chapter title
    if not s[0].isupper():
        return False
    if s[-1] in ".,;:!?\"'”’-—" or any(c in s for c in '"“”‘'):
        return False
    words = [w for w in s.split() if w.lower() not in _SMALL_WORDS]
    if not words or len(s.split()) > 10:
        return False
    capital = sum(1 for w in words if w[0].isupper() or not w[0].isalpha())
    return capital == len(words)


# --- notes --------------------------------------------------------------------

_LABEL = re.compile(
    r"^[\W_]{0,4}(?:"
    r"a\s*/\s*n\b|a\.\s*n\.|author'?s'?\s+notes?\b|authors?\s+notes?\b|t\s*/\s*n\b|"
    r"translator'?s'?\s+notes?\b|disclaimer\b|beta(?:'?d|ed)\s+by\b|"
    r"(?:an|notes?|edit(?:ed)?|updated?|warnings?|summary|pairings?|rating|spoilers?|"
    r"dedication|dedicated to|credits?|tn|"
    # An archive-style header block: ``Title: ...``, ``Fandom: ...``, ``Word count: ...``.
    r"title|author|writer|fandoms?|characters?|relationships?|ships?|genres?|category|"
    r"categories|status|language|series|word ?count|words|published|completed|tags|"
    r"archive warnings?|additional tags|prompt)\s*[:\-–—])",
    re.I,
)
# The labels that mark a note even in the middle of a chapter.
_AUTHOR_LABEL = re.compile(r"^[\W_]{0,4}(?:a\s*/\s*n\b|author'?s'?\s+notes?\b)", re.I)
_DISCLAIMER = re.compile(
    r"\bdisclaimer\b|\bi (?:do not|don'?t|dont) own\b|\bnot mine\b|\ball rights (?:go|belong)|"
    r"\b(?:characters?|everything|it all|they|world|series|franchise)\b[^.\n]{0,40}\bbelongs? to\b|"
    r"\bno (?:profit|money) (?:is )?(?:being )?made\b|\bnot making (?:any )?money\b",
    re.I,
)
# Author talk: each distinct cue counts once. Fan-fiction words are strong; words a
# Victorian narrator uses too ("the reader", "the next chapter") only medium.
_STRONG_CUES = re.compile(
    r"\b(?:fan ?fic(?:tion)?s?|fics?|kudos|beta(?:'?d|ed)?|canon|fandoms?|one-?shots?|drabbles?|"
    r"prompts?|sequel|headcanons?|updates?|updated|updating|thanks? (?:you )?(?:so much )?for "
    r"(?:reading|the reviews|reviewing)|hope (?:you|y'all|everyone) (?:\w+ )?(?:enjoy|like)\w*|"
    r"enjoy[!.]|in my head|the cast\b|on with the (?:story|fic|chapter)|wattpad|tumblr|ao3|"
    r"ff\.net|please review|read and review|r ?& ?r|reviews? (?:are|is|please)|leave (?:a|me) "
    r"(?:review|comment)|let me know|reviewers|your reviews|follows?(?: and|/)fav\w*|"
    # Apologies and thanks to readers that open a new chapter.
    r"(?:everyone|everybody|all of you|y'all|those|people) who (?:reviewed|commented|"
    r"favou?rited|followed|left kudos)|(?:sorry|apologies) (?:that |for )?(?:this|it) "
    r"(?:took|taking|has taken) (?:so )?long|real life)\b",
    re.I,
)
_UPPER_CUES = re.compile(r"\b(?:OCs?|OOC|AUs?|A/N|R&R)\b")
_MEDIUM_CUES = re.compile(
    r"\b(?:this story|the story|this idea|the idea|idea|writ(?:e|es|ing|ten)|wrote|readers?|"
    r"characters?|(?:this|next|last|previous|new|first) chapter|chapters?|plot|published|posted|"
    r"manga|anime|series|episodes?|season|oh well|sorry|thanks|thank you|occurred to me)\b",
    re.I,
)
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|mine|I'm|I've|I'd|I'll)\b")
_QUOTE_MARKS = re.compile(r"[\"“”]")

#: A paragraph scoring this much, at the edge of the work or a chapter, is a note.
NOTE_THRESHOLD = 5.0
#: Next to a note, this much keeps the run going ("Enjoy!", "Also thanks to X").
NOTE_CONTINUE = 2.0
#: Characters of a paragraph searched for author-talk cues.
_CUE_WINDOW = 1200
#: How far in from an edge a note run may start (a title, a disclaimer, an A/N...).
EDGE_REACH = 3


def note_score(text: str, at_edge: bool, gap_after: bool) -> float:
    """How much a paragraph reads as the author talking about the work."""
    words = len(text.split())
    # Notes are short: a long paragraph is judged on its opening, where a note's cues sit.
    text = text[:_CUE_WINDOW]
    score = 0.0
    if _LABEL.match(text):
        score += 7.0
    if _DISCLAIMER.search(text):
        score += 4.0
    strong = {m.group().lower() for m in _STRONG_CUES.finditer(text)}
    strong |= {m.group() for m in _UPPER_CUES.finditer(text)}
    medium = {m.group().lower() for m in _MEDIUM_CUES.finditer(text)} - strong
    score += 3.0 * min(len(strong), 3) + 1.0 * min(len(medium), 3)
    if _FIRST_PERSON.search(text):
        score += 0.5
    if at_edge:
        score += 1.0
    if gap_after:
        score += 1.0
    if _QUOTE_MARKS.search(text):
        # Notes rarely hold dialogue; story paragraphs often do.
        score -= 3.0
    if words > 80:
        # Notes are short; a long paragraph that mentions "the reader" is prose.
        score -= 2.0 if words <= 150 else 4.0
    return score


def _note_kind(text: str) -> str:
    return (
        "disclaimer" if _DISCLAIMER.search(text) and not text.lower().startswith("a/n") else "note"
    )


# --- the stage ----------------------------------------------------------------


@dataclass
class _Section:
    """A heading (or the start of the work) and the paragraphs under it."""

    heading: int | None
    paras: list[int]


def _gap_after(story: Story, index: int) -> bool:
    paras = story.paragraphs
    end = paras[index].end
    nxt = paras[index + 1].start if index + 1 < len(paras) else len(story.text)
    return story.text.count("\n", end, nxt) >= 3


def _mark_headings_and_breaks(story: Story, texts: list[str]) -> None:
    for i, p in enumerate(story.paragraphs):
        if p.kind != "text":
            continue  # the reader already knows (HTML <hr>, AO3 chapter titles)
        line = texts[i].strip()
        if _is_break(line) or _THE_END.match(line):
            p.kind = "break"
        elif _heading_title(line) is not None:
            p.kind = "heading"


def _sections(story: Story) -> list[_Section]:
    sections = [_Section(None, [])]
    for i, p in enumerate(story.paragraphs):
        if p.kind == "heading":
            sections.append(_Section(i, []))
        else:
            sections[-1].paras.append(i)
    return sections


def _mark_notes(story: Story, texts: list[str], sections: list[_Section]) -> None:
    paras = story.paragraphs
    first_with_content = next((si for si, s in enumerate(sections) if s.paras), 0)
    for si, section in enumerate(sections):
        content = [i for i in section.paras if paras[i].kind in ("text", "note")]
        if not content:
            continue
        first_section = si == first_with_content
        last_section = si == len(sections) - 1
        for order in (content, content[::-1]):
            run = False
            for depth, i in enumerate(order):
                if paras[i].kind == "note":
                    run = True
                    continue
                edge = depth == 0 and (first_section if order is content else last_section)
                score = note_score(texts[i], edge, order is content and _gap_after(story, i))
                if score >= NOTE_THRESHOLD or (run and score >= NOTE_CONTINUE):
                    paras[i].kind = "note"
                    run = True
                elif depth >= EDGE_REACH or run:
                    break
        # A break near the top after a note closes the note block (A/N, ~*~, story).
        _absorb_until_break(story, texts, section.paras)
        _absorb_until_break(story, texts, section.paras[::-1])
    # Labelled notes anywhere ("A/N: sorry for the wait" in mid-chapter).
    for i, p in enumerate(paras):
        if p.kind == "text" and _AUTHOR_LABEL.match(texts[i]):
            p.kind = "note"


def _absorb_until_break(story: Story, texts: list[str], order: list[int]) -> None:
    """Notes, then a few unlabelled lines, then a scene break: all of it is notes."""
    paras = story.paragraphs
    window = order[: EDGE_REACH + 3]
    kinds = [paras[i].kind for i in window]
    if "break" not in kinds or not kinds or kinds[0] != "note":
        return
    upto = kinds.index("break")
    for i in window[:upto]:
        if paras[i].kind == "text" and not _QUOTE_MARKS.search(texts[i]):
            paras[i].kind = "note"


def _mark_titles(story: Story, texts: list[str]) -> None:
    """A lone title line at the start, or after a note, a break or a heading."""
    paras = story.paragraphs
    prev_kind = "start"
    for i, p in enumerate(paras):
        if (
            p.kind == "text"
            and prev_kind in ("start", "note", "heading")
            and _looks_like_title(texts[i])
        ):
            following = [q.kind for q in paras[i + 1 : i + 3]]
            if "text" in following:
                p.kind = "heading"
        prev_kind = p.kind


def _notes_from_paragraphs(story: Story, texts: list[str]) -> list[Note]:
    notes: list[Note] = []
    paras = story.paragraphs
    story_seen = False
    last_text = max((i for i, p in enumerate(paras) if p.kind == "text"), default=-1)
    prev = -2
    for i, p in enumerate(paras):
        if p.kind == "text":
            story_seen = True
        if p.kind != "note":
            continue
        kind = _note_kind(texts[i])
        if not story_seen:
            where = kind
        elif i > last_text:
            where = "end_note" if kind == "note" else kind
        else:
            where = "chapter_note" if kind == "note" else kind
        if notes and prev == i - 1 and notes[-1].kind == where:
            notes[-1].end = p.end  # one note over several paragraphs
        else:
            notes.append(Note(p.start, p.end, where))
        prev = i
    return notes


def _chapters(story: Story, texts: list[str], sections: list[_Section]) -> list[Chapter]:
    paras = story.paragraphs
    chapters: list[Chapter] = []
    for si, section in enumerate(sections):
        prose = [i for i in section.paras if paras[i].kind == "text"]
        if not prose:
            continue  # a table of contents, or a heading over notes only
        title = ""
        start = paras[prose[0]].start
        if section.heading is not None:
            title = _heading_title(texts[section.heading]) or texts[section.heading].strip()
            start = paras[section.heading].start
        elif si == 0 and len(sections) == 1:
            title = story.metadata.title
        chapters.append(Chapter(start, paras[prose[-1]].end, " ".join(title.split())))
    return _merge_title_lines(story, texts, chapters)


def _merge_title_lines(story: Story, texts: list[str], chapters: list[Chapter]) -> list[Chapter]:
    """A heading right after a number heading is its title (``CHAPTER I`` / ``In Chancery``)."""
    paras = story.paragraphs
    heading_at = {p.start: i for i, p in enumerate(paras) if p.kind == "heading"}
    for chapter in chapters:
        i = heading_at.get(chapter.start)
        if i is None:
            continue
        j = i - 1
        while j >= 0 and paras[j].kind == "heading":
            j -= 1
        if j < i - 1:
            # Earlier headings with no prose between them belong to this chapter.
            chapter.start = paras[j + 1].start
            parts = [(_heading_title(texts[k]) or texts[k].strip()) for k in range(j + 1, i + 1)]
            chapter.title = " ".join(" ".join(parts).split())
    return chapters


def find_structure(story: Story) -> Story:
    """Mark the paragraphs' kinds and set ``notes``, ``chapters`` and ``scene_breaks``."""
    texts = [story.text[p.start : p.end] for p in story.paragraphs]
    _mark_headings_and_breaks(story, texts)
    keep_notes = "notes" in story.provides
    if keep_notes:
        _mark_given_notes(story)
    else:
        _mark_notes(story, texts, _sections(story))
    _mark_titles(story, texts)
    if not keep_notes:
        story.notes = _notes_from_paragraphs(story, texts)
    if "chapters" not in story.provides:
        story.chapters = _chapters(story, texts, _sections(story))
    found = [
        Span(p.start, p.end)
        for i, p in enumerate(story.paragraphs)
        if p.kind == "break" and not _THE_END.match(texts[i].strip())
    ]
    known = {(s.start, s.end) for s in story.scene_breaks}
    story.scene_breaks = sorted(
        story.scene_breaks + [s for s in found if (s.start, s.end) not in known],
        key=lambda s: s.start,
    )
    return story


def _mark_given_notes(story: Story) -> None:
    """Paragraphs inside notes a reader found (AO3) are not story text either."""
    spans = sorted((n.start, n.end) for n in story.notes)
    starts = [start for start, _ in spans]
    for p in story.paragraphs:
        k = bisect.bisect_right(starts, p.start) - 1
        # Notes do not nest, so the last one starting before the paragraph is the one.
        if k >= 0 and p.end <= spans[k][1]:
            p.kind = "note"


def _run(story: Story, options: Options) -> Story:
    return find_structure(story)


STAGE = Stage(
    "structure", _run, needs=("text", "paragraphs"), sets=("notes", "chapters", "scene_breaks")
)
