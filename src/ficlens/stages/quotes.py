"""Find every spoken line of the story as a Quote, and italic thoughts as thoughts.

Only paragraphs of kind ``text`` are read, so nothing inside an author's note is
ever a quote. The finder works paragraph by paragraph with a small state machine
over the quote marks a regex picks out, so it runs at millions of characters a
second and an unbalanced mark can never swallow more than its own paragraph.

What it reads:

- straight and curly double quotes, guillemets; British single quotes when the
  document uses them for dialogue (decided once per document), telling
  apostrophes (``'em``, ``don't``, ``boys'``, ``o'clock``, ``rock 'n' roll``)
  apart from closing marks;
- ``"Come," he said, "now."`` as two quotes, the second ``continues`` the first;
- speeches over several paragraphs (a paragraph opens a quote and does not close
  it, the next one opens again): one quote per paragraph, linked by ``continues``;
- nested quotes (only the outer one is a quote); speech broken off with ``-``,
  ``--`` or an em dash;
- dialogue introduced by an em dash (``—Come up, Kinch!``), when the document
  writes dialogue that way, cut where a speech tag (``he said``) interrupts it;
- text-message and chat lines (``Tony: where are you``) when several come in a
  row;
- scare quotes and titles (``a so-called "genius"``) are dropped by a few
  features: short, mid-sentence, no punctuation, no speech verb nearby;
- verse and epigraphs (paragraphs indented with spaces in a work whose prose is
  not) are skipped, unless the paragraph before introduces them with a colon and
  they open with a quotation mark (``began to pipe up his eternal song:``).
  A quoted thought (``"Well!" thought Alice``) stays a quote, as LitBank
  annotates it: the speakers stage can attribute it like speech.

Italic spans (from the reader, or ``*asterisks*`` / ``_underscores_`` in plain
text) outside quotes are thoughts, not quotes: ``story.thoughts``.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from ficlens.document import Quote, Span, Story
from ficlens.pipeline import Options, Stage

DOUBLE_OPEN = "“«„"
DOUBLE_CLOSE = "”»"
SINGLE = "'‘’"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_DOUBLE_MARKS = re.compile(r"[\"“”«»„]")
_ALL_MARKS = re.compile(r"[\"“”«»„'‘’]")
_DASH_START = re.compile(r"\s*(?:—|―|--|–(?=\s))")
# Characters after which a mark opens (``(“``, ``—"``) and before which one closes.
_BEFORE_OPEN = set("([{—–-/\"“‘'«„")
_AFTER_CLOSE = set(".,;:!?)]}—–-…\"”’'»*_")

#: Words shortened by a leading apostrophe: ``'em``, ``'tis``, ``'cause``...
_ELISIONS = re.compile(
    r"(?:em|tis|twas|twere|twill|twould|cause|cos|coz|n|til|till|bout|nuff|kay|round|s)\b|\d\d",
    re.I,
)

SPEECH_VERBS = _words(
    """
    said says say asked asks ask replied replies reply answered answers cried cries shouted
    shouts yelled yells called calls whispered whispers muttered mutters murmured murmurs
    exclaimed exclaims added adds continued continues began begins snapped snaps growled
    growls hissed hisses sighed sighs laughed laughs screamed screams demanded demands
    insisted insists repeated repeats returned returns observed observes remarked remarks
    inquired inquires enquired enquires rejoined retorted retorts responded responds
    declared declares suggested suggests admitted admits agreed agrees interrupted
    interrupts explained explains mumbled mumbles stammered stammers breathed breathes
    sobbed sobs pleaded pleads protested protests warned warns told tells went goes thought
    thinks wondered wonders called croaked drawled grumbled groaned huffed spoke speaks
    shrieked bellowed roared sang sings echoed joked teased offered corrected concluded
    conceded gasped whimpered wailed chuckled giggled grunted saying asking crying calling
    shouting yelling whispering muttering murmuring exclaiming adding replying answering
    screaming singing shrieking
    """
)
_TAG_SUBJECTS = _words("he she they i we you it his her their someone everyone")
# Verbs that end a dash-introduced line of speech (``—Tell me, Mulligan, Stephen said``);
# not ``thinks`` or ``told``, which the speech itself uses.
_DASH_TAG_VERBS = "|".join(
    _words(
        """
        said says asked asks replied answered cried shouted called whispered muttered murmured
        exclaimed snapped growled hissed sighed laughed screamed demanded insisted repeated
        retorted rejoined remarked observed inquired enquired interrupted explained mumbled
        stammered sobbed pleaded protested warned croaked drawled grumbled groaned gasped began
        added
        """
    )
)
_SPEECH_TAG = re.compile(
    r"[,!?.…]\s+(?:(?:he|she|they|I|we|you|it)|(?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+)\s+"
    r"(?:" + _DASH_TAG_VERBS + r")\b|[,!?.…]\s+(?:said|asked|cried|replied|answered|says|asks)"
    r"\s+(?:he|she|they|I|[A-Z][\w’'-]+)"
)
_TAG_END = re.compile(r"[.!?:;](?=\s|$)")
_MESSAGE_LINE = re.compile(
    r"^[ \t]*[\[<*_]{0,2}(?P<name>[A-Za-z][\w.'’-]{0,20}(?: [A-Za-z][\w.'’-]{0,20}){0,2})"
    r"[\]>*_]{0,2}(?:\s*\([^()\n]{0,20}\))?[ \t]*:[*_]{0,2}[ \t]+(?P<body>\S[^\n]{0,300})$",
    re.M,
)
_NOT_SENDERS = _words(
    """
    note notes a/n an warning warnings summary disclaimer chapter edit update rating pairing
    pairings fandom fandoms ps p.s date time location subject from to sent re cc bcc author
    beta title tags characters status word count words part also and but then so now later
    yes no meanwhile epilogue prologue translation tn reason first second third last next
    example answer question q
    """
)
_ITALIC_MARKUP = re.compile(r"(?<![\w*])([*_])(?=\S)([^\n*_]|\n(?!\n)){1,400}?(?<=\S)\1(?![\w*])")

#: A short mid-sentence quote scoring this much is a scare quote or a title.
SCARE_THRESHOLD = 3.0
#: Message lines in a row that make a chat.
MIN_MESSAGE_RUN = 2

OPEN, CLOSE, WEAK_CLOSE, EITHER, SKIP = range(5)


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    mark: str
    closed: bool = True
    speaker_hint: str | None = None


# --- quote marks ----------------------------------------------------------------


def _context(t: str, i: int) -> tuple[bool, bool]:
    """(opens, closes): whether the mark at ``t[i]`` sits like an opening or closing mark."""
    prev = t[i - 1] if i > 0 else " "
    nxt = t[i + 1] if i + 1 < len(t) else " "
    opens = (prev.isspace() or prev in _BEFORE_OPEN) and not nxt.isspace()
    closes = (nxt.isspace() or nxt in _AFTER_CLOSE) and not prev.isspace()
    return opens, closes


def _side(t: str, i: int) -> int:
    """What the mark at ``t[i]`` does: OPEN, CLOSE, WEAK_CLOSE, EITHER or SKIP."""
    c = t[i]
    opens, closes = _context(t, i)
    if c == '"':
        if opens != closes:
            return OPEN if opens else CLOSE
        return EITHER
    if c in DOUBLE_OPEN:
        return CLOSE if closes and not opens else OPEN
    if c in DOUBLE_CLOSE:
        return OPEN if opens and not closes else CLOSE
    # Single marks: most of them are apostrophes.
    prev = t[i - 1] if i > 0 else " "
    nxt = t[i + 1] if i + 1 < len(t) else " "
    if prev.isalnum() and nxt.isalnum():
        return SKIP  # don't, o'clock
    if opens and not closes:
        if c == "’" or _ELISIONS.match(t, i + 1):
            return SKIP  # ’em, 'tis, 'n', '90s
        return OPEN
    if closes and not opens:
        if prev.isalpha() and nxt == " " and _lowercase_word_after(t, i + 1):
            return WEAK_CLOSE  # boys' dog, goin' home ... or a real close
        return CLOSE
    if c == "‘" and opens:
        return OPEN
    return SKIP


def _lowercase_word_after(t: str, j: int) -> bool:
    """A lower-case word follows that is no speech tag (``boys' dog``, not ``' he said``)."""
    k = j
    while k < len(t) and t[k] == " ":
        k += 1
    end = k
    while end < len(t) and t[end].isalpha():
        end += 1
    word = t[k:end]
    return (
        bool(word) and word[0].islower() and word not in SPEECH_VERBS and word not in _TAG_SUBJECTS
    )


def _family(c: str) -> str:
    return "single" if c in SINGLE else "double"


def _rstrip_end(t: str, end: int) -> int:
    while end > 0 and t[end - 1].isspace():
        end -= 1
    return end


def scan_marks(t: str, single: bool) -> list[_Found]:
    """Quotes in one paragraph's text ``t`` (offsets into ``t``)."""
    found: list[_Found] = []
    open_at = -1
    open_family = ""
    weak = -1
    for m in (_ALL_MARKS if single else _DOUBLE_MARKS).finditer(t):
        i = m.start()
        family = _family(t[i])
        side = _side(t, i)
        if side == SKIP:
            continue
        if open_at < 0:
            if side == OPEN or (side == EITHER and family == "double"):
                open_at, open_family, weak = i, family, -1
            continue
        if family != open_family:
            continue  # a nested quote of the other kind: part of the outer one
        if side == WEAK_CLOSE:
            weak = i if weak < 0 else weak
        elif side in (CLOSE, EITHER):
            found.append(_Found(open_at, i + 1, open_family))
            open_at = -1
        else:
            # A second opening mark: the open quote lost its closing mark.
            end = weak + 1 if weak >= 0 else _rstrip_end(t, i)
            found.append(_Found(open_at, end, open_family, closed=weak >= 0))
            open_at, weak = i, -1
    if open_at >= 0:
        if weak >= 0:
            found.append(_Found(open_at, weak + 1, open_family))
        else:
            found.append(_Found(open_at, _rstrip_end(t, len(t)), open_family, closed=False))
    return [f for f in found if any(ch.isalnum() for ch in t[f.start : f.end])]


# A single mark that opens a word (``'Hello``, ``‘Oh``) and is no elision (``'em``).
_SINGLE_OPENING = re.compile(
    r"(?<![\w'‘’])['‘](?=[^\W\d_])(?!(?:em|tis|twas|twere|twill|twould|cause|cos|coz|n|til|till|"
    r"bout|nuff|kay|round|s)\b)",
    re.I,
)


def uses_single_quotes(texts: list[str]) -> bool:
    """Whether the document writes dialogue in single quotes (British style)."""
    doubles = singles = 0
    for t in texts:
        doubles += t.count("“") + t.count('"') // 2 + t.count("«")
        singles += len(_SINGLE_OPENING.findall(t))
    return singles >= 3 and singles > 1.5 * doubles


def uses_dash_dialogue(texts: list[str]) -> bool:
    """Whether paragraphs open with a dash for dialogue (Joyce; French style)."""
    dashed = sum(1 for t in texts if _DASH_START.match(t))
    quoted = sum(1 for t in texts if "“" in t or '"' in t)
    return dashed >= 3 and dashed >= quoted / 2


def scan_dash(t: str) -> list[_Found]:
    """Dash dialogue in one paragraph: from the dash, cut around speech tags."""
    m = _DASH_START.match(t)
    if not m:
        return []
    found: list[_Found] = []
    start = m.start() + len(m.group()) - len(m.group().lstrip())
    pos = start
    while pos < len(t):
        tag = _SPEECH_TAG.search(t, pos + 1)
        if tag is None:
            found.append(_Found(start, _rstrip_end(t, len(t)), "dash"))
            break
        # A comma before the tag belongs to the sentence, not the speech.
        cut = tag.start() + (0 if t[tag.start()] == "," else 1)
        found.append(_Found(start, cut, "dash"))
        # The tag runs to its sentence's end; speech may resume after it.
        stop = _TAG_END.search(t, tag.end())
        if stop is None:
            break
        start = stop.end()
        while start < len(t) and t[start].isspace():
            start += 1
        pos = start
    return [f for f in found if any(ch.isalnum() for ch in t[f.start : f.end])]


def scan_messages(t: str) -> list[_Found]:
    """``Name: message`` lines in a paragraph (kept only when enough come in a row)."""
    found = []
    for m in _MESSAGE_LINE.finditer(t):
        name = m.group("name")
        body = m.group("body")
        if name.lower().rstrip(".") in _NOT_SENDERS or any(c in body for c in '"“”'):
            continue
        if not name[0].isupper() and " " in name:
            continue  # ``the officer: they had been``: prose, not a chat handle
        found.append(
            _Found(
                m.start("body"), m.start("body") + len(body.rstrip()), "message", speaker_hint=name
            )
        )
    return found


# --- scare quotes -------------------------------------------------------------


def _word_before(t: str, i: int) -> str:
    j = i
    while j > 0 and t[j - 1].isspace():
        j -= 1
    k = j
    while k > 0 and (t[k - 1].isalpha() or t[k - 1] in "'’-"):
        k -= 1
    return t[k:j]


def _words_after(t: str, i: int, n: int = 2) -> list[str]:
    return re.findall(r"[A-Za-z’']+", t[i : i + 40])[:n]


_TITLE_CUES = _words(
    """
    a an the of at in to from as by on called call calls named name names entitled titled
    title word words term phrase known so-called read sing sang sung motto date
    """
)
_NAMING_VERBS = _words("called call calls named")


def _speech_word(words: list[str]) -> bool:
    return any(w in SPEECH_VERBS and w not in _NAMING_VERBS for w in words)


def scare_score(t: str, f: _Found, tag_before: bool = False) -> float:
    """How much a quote reads as a scare quote or a title rather than speech.

    American punctuation puts the comma inside the marks (``the "Trois Couronnes,"``),
    so the inner punctuation says little; what the quote sits between says more.
    """
    inner = t[f.start + 1 : f.end - 1].strip()
    words = inner.split()
    if not words or len(words) > 8 or not f.closed or f.mark not in ("double", "single"):
        return 0.0
    score = 1.0 if len(words) <= 4 else 0.0
    if inner[-1] not in ",.!?…—–-;:":
        score += 1.0
    before = t[: f.start].rstrip()
    if before and (before[-1].isalpha() or before[-1] in ",;"):
        score += 1.0
    elif before and before[-1] in ".!?":
        score -= 1.0  # a new sentence: speech, not a word in someone's sentence
    if inner[0].islower():
        score += 1.0
    previous = _word_before(t, f.start).lower()
    if previous in _TITLE_CUES:
        score += 2.0
    after = t[f.end : f.end + 3].lstrip()
    if after[:1].isalpha() and after[:1].islower():
        score += 0.5  # the sentence runs on through the quote
    if "--" in inner or "—" in inner or inner[-1] in "-–":
        score -= 1.0  # broken-off speech (``"Gai, I am-" he broke off``)
    following = [w.lower() for w in _words_after(t, f.end)]
    near_before = [w.lower() for w in re.findall(r"[A-Za-z’']+", before[-40:])[-3:]]
    tag_after = _speech_word(following[:1]) or (
        following[:1] != [] and following[0] in _TAG_SUBJECTS and _speech_word(following[1:2])
    )
    if tag_before or tag_after or _speech_word(near_before):
        score -= 3.0
    else:
        score += 0.5  # no speech tag on either side
    if not before:
        score -= 1.0  # speech opens paragraphs; titles rarely do
    return score


# --- the stage ----------------------------------------------------------------


def _italic_spans(
    story: Story, italics: list[Span], starts: list[int], base: int, t: str
) -> Iterator[tuple[int, int]]:
    """Italic spans inside the paragraph: the reader's, then ``*marked*`` ones in plain text."""
    end = base + len(t)
    for k in range(bisect.bisect_left(starts, base), bisect.bisect_left(starts, end)):
        if italics[k].end <= end:
            yield italics[k].start, italics[k].end
    if story.format in ("txt", "text", ""):
        for m in _ITALIC_MARKUP.finditer(t):
            yield base + m.start(), base + m.end()


_THOUGHT_VERBS = _words("thought thinks wondered wonders mused muses realised realized")


#: An italic span right after a speech verb is speech, not a thought (foreign words
#: cried aloud: ``one of them cried out, _Hekinah degul_``).
ITALIC_SPEECH = True
_ITALIC_SPEECH_VERBS = (
    r"(?:cr(?:y|ies|ied|ying)|shout(?:s|ed|ing)?|call(?:s|ed|ing)?|exclaim(?:s|ed|ing)?"
    r"|scream(?:s|ed|ing)?|yell(?:s|ed|ing)?|roar(?:s|ed|ing)?|repeat(?:s|ed|ing)?"
    r"|whisper(?:s|ed|ing)?|murmur(?:s|ed|ing)?|mutter(?:s|ed|ing)?|sa(?:y|ys|id|ying)"
    r"|answer(?:s|ed|ing)?|repl(?:y|ies|ied|ying))"
)
_ITALIC_SPEECH_BEFORE = re.compile(
    # "cried out in a shrill voice, _", "cry aloud _", "a universal shout of _"
    rf"(?:\b{_ITALIC_SPEECH_VERBS}\b[^.!?;:\"“”‘’*_\n]{{0,50}}(?:\n[^.!?;:\"“”*_\n]{{0,50}})?[,:]"
    rf"|\b{_ITALIC_SPEECH_VERBS}(?:\s+(?:out|aloud|loudly|again))+"
    r"|\b(?:shouts?|cry|cries|calls?) of)\s*$",
    re.IGNORECASE,
)


def _said_italic(text: str, start: int, end: int) -> bool:
    """A short italic span that a speech verb just before introduces."""
    inner = text[start:end].strip("*_ \n")
    if not inner or len(inner.split()) > 8:
        return False
    return _ITALIC_SPEECH_BEFORE.search(text[max(0, start - 120) : start]) is not None


def _is_thought(text: str, start: int, end: int) -> bool:
    """An italic span reads as a thought: a clause, a question, or tagged ``she thought``.

    One or two italic words on their own are emphasis (``It was *very* cold``).
    """
    inner = text[start:end].strip("*_ \n")
    if len(inner.split()) >= 3 or inner.endswith(("?", "!")):
        return True
    following = re.findall(r"[A-Za-z]+", text[end : end + 30])[:2]
    return any(w.lower() in _THOUGHT_VERBS for w in following)


#: A quote the narration's sentence runs into (``rude to call her father's bungalow
#: "A place like this!"``) repeats someone's words: the speech after it continues the
#: paragraph's speaker, not it.
EMBEDDED_REQUOTE = True


def _embedded(t: str, f: _Found) -> bool:
    before = t[: f.start].rstrip(" ")
    return bool(before) and before[-1].isalpha() and not before.endswith("\n")


def _resumes(t: str, prev: _Found, f: _Found) -> bool:
    """Speech resumed after a short tag in the same paragraph (``"Come," he said, "now."``)."""
    words = t[prev.end : f.start].split()
    verbs = sum(1 for w in words if w.strip(",.;:!?").lower() in SPEECH_VERBS)
    return len(words) <= 25 and verbs <= 1 and prev.mark == f.mark


def _resumed_after_comma(t: str, prev: _Found, f: _Found) -> bool:
    """Both the earlier quote and the words between end in a comma: one sentence of speech."""
    inner = t[prev.start : prev.end].rstrip("\"'”’»")
    return (
        inner.endswith(",")
        and t[: f.start].rstrip().endswith(",")
        and len(t[prev.end : f.start].split()) <= 12
    )


def _tagged_before(t: str, prev: _Found | None, f: _Found) -> bool:
    """A speech tag sits between the previous quote and this one."""
    if prev is None:
        return False
    gap = t[prev.end : f.start]
    return len(gap.split()) <= 8 and _speech_word(re.findall(r"[a-z]+", gap.lower()))


def _indented(text: str, start: int, end: int) -> bool:
    """Every line of the paragraph starts with an indent (verse, an epigraph, a letter)."""
    line_start = text.rfind("\n", 0, start) + 1
    lines = text[line_start:end].split("\n")
    # Spaces only: Gutenberg indents verse with spaces, while a tab is a word
    # processor's first-line indent on ordinary (fan fiction) prose.
    return all(line.startswith("   ") or not line.strip() for line in lines)


KEEP_INTRODUCED = True  # an introduced, quoted song or reading is speech (LitBank +2)
_QUOTE_OPENERS = ('"', "\u201c", "'", "\u2018")


def _introduced(t: str, before: str | None) -> bool:
    """An indented paragraph in quotation marks that the one before introduces with a
    colon (``began to pipe up his eternal song:``): a song or a reading, spoken."""
    if before is None or not t.lstrip().startswith(_QUOTE_OPENERS):
        return False
    return before.rstrip().rstrip("-\u2014").endswith(":")


def _lines_are_messages(t: str, messages: list[_Found]) -> bool:
    """Every line of the paragraph is a message (hard-wrapped prose is not a chat)."""
    return len(messages) == sum(1 for line in t.split("\n") if line.strip())


@dataclass
class _Paragraph:
    index: int
    base: int
    text: str
    found: list[_Found]


def _scan_paragraph(index: int, base: int, t: str, single: bool, dash: bool) -> _Paragraph:
    found = scan_dash(t) if dash else []
    if found:
        found += [f for f in scan_marks(t, single) if f.start >= found[-1].end]
    else:
        found = scan_marks(t, single)
    kept: list[_Found] = []
    previous: _Found | None = None
    for f in found:
        # Speech resumed after a comma (``"I'm. . . Gai," Kakashi paused, "Gai, I am-"``)
        # is speech like the part before it.
        resumed = bool(kept) and kept[-1] is previous and _resumed_after_comma(t, kept[-1], f)
        if resumed or scare_score(t, f, _tagged_before(t, previous, f)) < SCARE_THRESHOLD:
            kept.append(f)
        previous = f
    return _Paragraph(index, base, t, kept)


def find_quotes(story: Story) -> Story:
    """Set ``story.quotes`` and ``story.thoughts`` from the story's text paragraphs."""
    prose = [(i, p) for i, p in enumerate(story.paragraphs) if p.kind == "text"]
    texts = [story.text[p.start : p.end] for _, p in prose]
    single = uses_single_quotes(texts)
    dash = uses_dash_dialogue(texts)
    # Where most paragraphs are not indented, an indented one is verse or an epigraph.
    indented = [_indented(story.text, p.start, p.end) for _, p in prose]
    skip_indented = sum(indented) < 0.5 * len(texts)
    quotes: list[Quote] = []
    thoughts: list[Span] = []
    chat: list[tuple[int, int, _Found]] = []
    open_tail: Quote | None = None  # the previous paragraph's unclosed quote
    italics = sorted(story.italics, key=lambda span: span.start)
    italic_starts = [span.start for span in italics]
    for k, ((index, paragraph), t, indent) in enumerate(zip(prose, texts, indented, strict=True)):
        base = paragraph.start
        before = texts[k - 1] if k else None
        if skip_indented and indent and not (KEEP_INTRODUCED and _introduced(t, before)):
            open_tail = None
            continue
        para = _scan_paragraph(index, base, t, single, dash)
        messages = scan_messages(t) if not para.found else []
        if messages and _lines_are_messages(t, messages):
            chat.extend((index, base, m) for m in messages)
        else:
            _flush_chat(story, chat, quotes)
        previous: Quote | None = None
        for f in para.found:
            quote = _make_quote(story, index, base, f, len(quotes))
            embedded = EMBEDDED_REQUOTE and _embedded(t, f)
            if embedded:
                pass  # someone's words the narration quotes: no turn of its own
            elif previous is None:
                if open_tail is not None and not t[: f.start].strip() and open_tail.mark == f.mark:
                    quote.continues = open_tail.id
            elif _resumes(t, _Found(previous.start - base, previous.end - base, previous.mark), f):
                quote.continues = previous.id
            quotes.append(quote)
            if not embedded:
                previous = quote
        open_tail = previous if para.found and not para.found[-1].closed else None
        spans = [(q.start, q.end) for q in quotes[-len(para.found) :]] if para.found else []
        for s, e in _italic_spans(story, italics, italic_starts, base, t):
            inside = any(qs <= s and e <= qe for qs, qe in spans)
            if inside:
                continue
            if ITALIC_SPEECH and _said_italic(story.text, s, e):
                quotes.append(
                    _make_quote(
                        story, index, base, _Found(s - base, e - base, "italic"), len(quotes)
                    )
                )
            elif _is_thought(story.text, s, e):
                thoughts.append(Span(s, e))
    _flush_chat(story, chat, quotes)
    quotes.sort(key=lambda q: q.start)
    _renumber(quotes)
    story.quotes = quotes
    story.thoughts = sorted(thoughts, key=lambda s: s.start)
    return story


def _make_quote(story: Story, index: int, base: int, f: _Found, n: int) -> Quote:
    return Quote(
        id=f"q{n}",
        start=base + f.start,
        end=base + f.end,
        text=story.text[base + f.start : base + f.end],
        paragraph=index,
        mark=f.mark,
        speaker_hint=f.speaker_hint,
    )


def _flush_chat(story: Story, pending: list[tuple[int, int, _Found]], quotes: list[Quote]) -> None:
    """Keep a run of message lines only when it is long enough to be a chat.

    Lower-case senders (``ironfan99: where r u``) make a chat only when one of them
    sends twice: two prose lines that happen to hold a colon (``officer: they had``)
    do not.
    """
    senders = Counter(f.speaker_hint or "" for _, _, f in pending)
    if not any(name[:1].isupper() or n > 1 for name, n in senders.items()):
        pending.clear()
    if len(pending) >= MIN_MESSAGE_RUN:
        for index, base, f in pending:
            quotes.append(_make_quote(story, index, base, f, len(quotes)))
    pending.clear()


def _renumber(quotes: list[Quote]) -> None:
    """Ids in text order (``q0``, ``q1``...), with ``continues`` following the new ids."""
    new_id = {q.id: f"q{n}" for n, q in enumerate(quotes)}
    for q in quotes:
        q.id = new_id[q.id]
        if q.continues is not None:
            q.continues = new_id.get(q.continues)


def _run(story: Story, options: Options) -> Story:
    return find_quotes(story)


STAGE = Stage("quotes", _run, needs=("paragraphs", "notes"), sets=("quotes", "thoughts"))
