"""The clarity report: the lines a reader could not attribute, as a beta reader would flag.

Three kinds of finding, each with offsets, a 1-based line and column, and a one-line
reason:

* ``unclear-speaker``: a quote whose speaker ficlens could not pin down (no speaker,
  or ``speaker_confidence`` below :data:`LOW_CONFIDENCE`);
* ``ambiguous-pronoun``: a he/she/him/her in the narration while two characters of
  that gender were named or referred to in the sentence before it or earlier in its
  own sentence, and the coreference stage itself was unsure (confidence below
  :data:`SURE_PRONOUN`); an object pronoun never counts its own clause's subject
  (``Kakashi smiled at him``: him is not Kakashi);
* ``untagged-run``: :data:`RUN_LENGTH` or more dialogue paragraphs in a row with no
  speaker tag and no narration between them.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from ficlens.document import Mention, Quote, Story
from ficlens.pipeline import Options, Stage

#: Quotes below this speaker confidence are reported.
LOW_CONFIDENCE = 0.5
#: Pronouns the coreference stage resolved with at least this confidence are not
#: reported: two candidates alone flag nearly every "he" in a story about two boys.
SURE_PRONOUN = 0.6
#: Untagged dialogue paragraphs in a row that make a run worth reporting.
RUN_LENGTH = 4

_PRONOUN_GENDER = {"he": "he", "him": "he", "she": "she", "her": "she"}
_GENDER_WORDS = {
    "he": "he",
    "him": "he",
    "his": "he",
    "male": "he",
    "m": "he",
    "masculine": "he",
    "she": "she",
    "her": "she",
    "hers": "she",
    "female": "she",
    "f": "she",
    "feminine": "she",
}
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"'\u201d\u2019)]*|$)")


class LineIndex:
    """Offsets -> (line, column), both 1-based, in O(log n)."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1


def _finding(
    where: LineIndex, kind: str, start: int, end: int, message: str, **extra: Any
) -> dict[str, Any]:
    line, column = where(start)
    return {
        "kind": kind,
        "start": start,
        "end": end,
        "line": line,
        "column": column,
        "message": message,
        **extra,
    }


def _gender(value: str | None) -> str | None:
    return _GENDER_WORDS.get(value.casefold(), value.casefold()) if value else None


def unclear_speakers(
    story: Story, where: LineIndex, threshold: float = LOW_CONFIDENCE
) -> list[dict[str, Any]]:
    out = []
    for q in story.quotes:
        if q.continues:  # the speaker of a continued line is the one already reported
            continue
        speaker = story.character(q.speaker)
        if speaker is None:
            message = "no speaker found for this line; name the speaker in a tag"
        elif q.speaker_confidence < threshold:
            message = (
                f"unclear speaker: probably {speaker.name} "
                f"(confidence {q.speaker_confidence:.2f}); a tag or an action beat "
                "would make it certain"
            )
        else:
            continue
        out.append(_finding(where, "unclear-speaker", q.start, q.end, message, quote=q.id))
    return out


def _sentence_spans(story: Story) -> list[tuple[int, int]]:
    if story.tokens and story.sentences:
        return [
            (story.tokens[s].start, story.tokens[e - 1].end) for s, e in story.sentences if e > s
        ]
    spans: list[tuple[int, int]] = []
    for p in story.story_paragraphs():
        text = story.text[p.start : p.end]
        spans.extend(
            (p.start + m.start(), p.start + m.end())
            for m in _SENTENCE.finditer(text)
            if m.group().strip()
        )
    return spans


def _inside(quotes: list[Quote], starts: list[int], offset: int) -> bool:
    k = bisect.bisect_right(starts, offset) - 1
    return k >= 0 and quotes[k].start <= offset < quotes[k].end


def _possessive(story: Story, m: Mention) -> bool:
    """``her hand``: a possessive is read with its noun and rarely confuses alone."""
    return 0 <= m.head < len(story.tokens) and story.tokens[m.head].dep == "poss"


def _clause_subject(story: Story, m: Mention) -> int:
    """The subject token of the verb an object pronoun hangs from, or -1."""
    if not (0 <= m.head < len(story.tokens)):
        return -1
    tokens = story.tokens
    token = tokens[m.head]
    if token.dep == "pobj":  # "smiled at him": climb over the preposition
        token = tokens[token.head]
    if token.dep not in ("dobj", "dative", "prep", "obj"):
        return -1
    verb = token.head
    for t in tokens[max(verb - 12, 0) : verb]:
        if t.head == verb and t.dep == "nsubj":
            return t.i
    return -1


def ambiguous_pronouns(story: Story, where: LineIndex) -> list[dict[str, Any]]:
    sentences = _sentence_spans(story)
    if not sentences:
        return []
    sent_starts = [a for a, _ in sentences]
    quotes = sorted(story.quotes, key=lambda q: q.start)
    quote_starts = [q.start for q in quotes]
    genders = {c.id: _gender(c.gender) for c in story.characters}
    names = {c.id: c.name for c in story.characters}
    narration = [
        m
        for m in sorted(story.mentions, key=lambda m: m.start)
        if m.quote is None and not _inside(quotes, quote_starts, m.start)
    ]
    mention_starts = [m.start for m in narration]
    out: list[dict[str, Any]] = []
    flagged_sentences: set[int] = set()
    for m in narration:
        gender = _PRONOUN_GENDER.get(m.text.casefold() or story.text[m.start : m.end].casefold())
        if (
            m.kind != "pronoun"
            or gender is None
            or m.plural
            or _possessive(story, m)
            or m.confidence >= SURE_PRONOUN
        ):
            continue
        k = bisect.bisect_right(sent_starts, m.start) - 1
        if k < 0 or k in flagged_sentences:
            continue
        # The window a reader searches: the sentence before and this one up to here.
        window_start = sentences[k - 1][0] if k > 0 else sentences[k][0]
        lo = bisect.bisect_left(mention_starts, window_start)
        hi = bisect.bisect_left(mention_starts, m.start)
        candidates: list[str] = []
        subject = _clause_subject(story, m)
        for other in narration[lo:hi]:
            cid = other.character
            if (
                cid
                and genders.get(cid) == gender
                and cid not in candidates
                and not (subject >= 0 and other.tok_start <= subject < other.tok_end)
            ):
                candidates.append(cid)
        if len(candidates) < 2:
            continue
        flagged_sentences.add(k)
        first, second = names[candidates[-1]], names[candidates[-2]]
        guess = names.get(m.character or "", "")
        message = (
            f"'{story.text[m.start : m.end]}' could be {second} or {first}"
            + (f" (ficlens read {guess})" if guess else "")
            + "; consider a name"
        )
        out.append(
            _finding(
                where,
                "ambiguous-pronoun",
                m.start,
                m.end,
                message,
                candidates=candidates,
                character=m.character,
            )
        )
    return out


def _paragraph_of(story: Story, starts: list[int], q: Quote) -> int:
    return q.paragraph if q.paragraph >= 0 else bisect.bisect_right(starts, q.start) - 1


def untagged_runs(story: Story, where: LineIndex, length: int = RUN_LENGTH) -> list[dict[str, Any]]:
    """Runs of dialogue paragraphs whose quotes are all implicit, with nothing between."""
    starts = [p.start for p in story.paragraphs]
    by_paragraph: dict[int, list[Quote]] = {}
    for q in sorted(story.quotes, key=lambda q: q.start):
        by_paragraph.setdefault(_paragraph_of(story, starts, q), []).append(q)
    out = []
    run: list[list[Quote]] = []

    def close() -> None:
        if len(run) >= length:
            first, last = run[0][0], run[-1][-1]
            message = (
                f"{len(run)} lines of dialogue in a row with no speaker tag; "
                "a reader may lose track of who is talking"
            )
            out.append(
                _finding(
                    where,
                    "untagged-run",
                    first.start,
                    last.end,
                    message,
                    quote=first.id,
                    lines=len(run),
                )
            )
        run.clear()

    previous = None
    for index in sorted(by_paragraph):
        quotes = by_paragraph[index]
        untagged = all(q.type == "implicit" for q in quotes)
        # A narrative paragraph between two lines gives the reader a foothold.
        gap = previous is not None and any(
            p.kind == "text" for p in story.paragraphs[previous + 1 : index]
        )
        if not untagged or gap:
            close()
        if untagged:
            run.append(quotes)
        previous = index
    close()
    return out


def find_unclear(
    story: Story, threshold: float = LOW_CONFIDENCE, run_length: int = RUN_LENGTH
) -> list[dict[str, Any]]:
    """Every finding, in text order."""
    where = LineIndex(story.text)
    findings = (
        unclear_speakers(story, where, threshold)
        + ambiguous_pronouns(story, where)
        + untagged_runs(story, where, run_length)
    )
    return sorted(findings, key=lambda f: (f["start"], f["kind"]))


def clarity(story: Story, options: Options) -> Story:
    settings = options.stage_options.get("clarity", {})
    findings = find_unclear(
        story,
        float(settings.get("threshold", LOW_CONFIDENCE)),
        int(settings.get("run_length", RUN_LENGTH)),
    )
    story.insights["clarity"] = {"findings": findings, "count": len(findings)}
    return story


STAGE = Stage("clarity", clarity, needs=("speakers", "coref"), sets=("clarity",))
