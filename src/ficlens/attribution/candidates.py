"""Candidate speakers of a quote and what the text says about each.

Candidates are the characters mentioned in the narration of the quote's paragraph,
the ten prose paragraphs before it and the one after, plus the speakers of the last
turns and whatever the sieves named. For each we keep the distances and roles the
ranker's features read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ficlens.attribution.context import Context
from ficlens.attribution.rules import Evidence

WINDOW_BACK = 10
WINDOW_AHEAD = 6
# ... and no further than this many tokens from the quote: a novel's long paragraphs
# would otherwise make the window thousands of mentions wide.
WINDOW_TOKENS = 600


@dataclass(slots=True)
class Candidate:
    character: str
    token_distance: float = 1e4  # tokens from the quote to the nearest narration mention
    para_distance: int = 99  # paragraphs back to the last narration mention
    mentions: int = 0  # narration mentions in the window
    quote_mentions: int = 0  # mentions inside speech in the window
    in_para: bool = False  # mentioned in the quote's own paragraph narration
    subject_in_para: bool = False
    subject_in_prev: bool = False
    proper_in_window: bool = False
    recency_rank: int = 99  # 0 = most recently mentioned before the quote
    next_para: bool = False  # mentioned in the paragraph after
    ahead: int = 99  # paragraphs ahead of the first later mention, where none is before


def candidates(ctx: Context, ev: Evidence, extra: list[str | None]) -> list[Candidate]:
    span = ev.span
    found: dict[str, Candidate] = {}
    order: list[str] = []  # characters by recency, most recent first
    ordered: set[str] = set()

    def cand(character: str) -> Candidate:
        if character not in found:
            found[character] = Candidate(character)
        return found[character]

    paras: list[tuple[int, int]] = [(span.para, 0)]
    for back in range(1, WINDOW_BACK + 1):
        p = ctx.prev_para(span.para, back)
        if p is None:
            break
        paras.append((p, back))
    for p, back in paras:
        if back and ctx.para_tokens[p][1] < span.tok_start - WINDOW_TOKENS:
            break
        for m in reversed(ctx.mentions_by_para.get(p, [])):
            if m.character is None or abs(m.tok_start - span.tok_start) > WINDOW_TOKENS:
                continue
            inside = ctx.quote_of_token[m.tok_start] >= 0
            c = cand(m.character)
            if inside:
                c.quote_mentions += 1
                continue
            c.mentions += 1
            c.proper_in_window |= m.kind == "proper"
            distance = (
                abs(m.tok_start - span.tok_start) if back == 0 else span.tok_start - m.tok_end
            )
            c.token_distance = min(c.token_distance, float(max(distance, 0)))
            c.para_distance = min(c.para_distance, back)
            subject = ctx.is_subject(m)
            if back == 0:
                c.in_para = True
                c.subject_in_para |= subject
            elif back == 1:
                c.subject_in_prev |= subject
            if m.tok_start < span.tok_start and m.character not in ordered:
                order.append(m.character)
                ordered.add(m.character)
    nxt = ctx.next_para(span.para)
    if nxt is not None:
        for m in ctx.narrative_mentions(nxt):
            if m.character is not None:
                # Set-apart speech is often named only after it (``their words``).
                cand(m.character).next_para = True
    if not order:
        # Nobody is mentioned before the speech (a chapter opening on a line of
        # dialogue): the speakers are named in the narration that follows.
        for ahead in range(2, WINDOW_AHEAD + 1):
            p = ctx.next_para(span.para, ahead)
            if p is None:
                break
            for m in ctx.narrative_mentions(p):
                if m.character is not None:
                    c = cand(m.character)
                    c.ahead = min(c.ahead, ahead)
    for character in extra:
        if character is not None:
            cand(character)
    for tag in ev.tags:
        if tag.character is not None:
            cand(tag.character)
    for rank, character in enumerate(order):
        found[character].recency_rank = rank
    # Characters only ever named inside speech, far from the quote, are noise.
    return [
        c
        for c in found.values()
        if c.mentions
        or c.character in extra
        or c.next_para
        or c.ahead < 99
        or (c.quote_mentions and c.para_distance < 3)
        or any(t.character == c.character for t in ev.tags)
    ]


def log_distance(value: float) -> float:
    return math.log1p(max(value, 0.0))
