"""Conversation structure: turns, runs, vocatives and names inside the speech.

A *turn* is one paragraph's speech (fiction starts a new paragraph for a new
speaker). Turns form a *run* while at most one narration paragraph separates them;
inside a run speakers alternate A-B-A-B. A vocative (``"Gai, look, I-"``) names the
addressee, who is therefore most likely not the speaker; a name used in the third
person inside the speech (``Ignore him, like Hatake does``) is not the speaker either.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ficlens.attribution.context import Context, QuoteSpan
from ficlens.document import Mention

# Tokens that may sit right before or after a vocative inside the speech.
_VOC_LEFT = frozenset(
    ('"', "'", "“", "‘", ",", "!", "?", ".", "-", "—", "–", "oh", "o", "dear", "my")
)
_VOC_RIGHT = frozenset(('"', "'", "”", "’", ",", "!", "?", ".", "-", "—", "–", "…", ";"))
#: A bare kin vocative (``"Ma, I've enlisted"``) names whom the narration last called
#: ``his mother`` (LitBank end to end +3 quotes, none lost).
KIN_VOCATIVE = True


@dataclass(slots=True)
class Speech:
    """What the words of one quote say about who speaks and who listens."""

    vocatives: list[str] = field(default_factory=list)  # characters addressed by name
    named: set[str] = field(default_factory=set)  # characters named in the third person
    # Characters the speech calls he/she/they: talked about, so neither speaker nor listener.
    third_person: set[str] = field(default_factory=set)
    first_person: list[str] = field(default_factory=list)  # coref of I/me/my, if resolved
    second_person: list[str] = field(default_factory=list)  # coref of you/your
    has_you: bool = False


def read_speech(ctx: Context, span: QuoteSpan) -> Speech:
    speech = Speech()
    tokens = ctx.tokens
    for m in ctx.quote_mentions(span):
        left = tokens[m.tok_start - 1].text.lower() if m.tok_start > span.tok_start else '"'
        right = tokens[m.tok_end].text if m.tok_end < span.tok_end else '"'
        if m.kind == "nominal" and left in _VOC_LEFT and right in _VOC_RIGHT:
            # ``"Look behind you, aunt!"``, ``"Ma, I've enlisted"``: a bare title or kin
            # noun names its bearer, whatever coreference made of it.
            bearer = _addressed_bearer(ctx, span, m)
            if bearer is not None and bearer not in speech.vocatives:
                speech.vocatives.append(bearer)
            continue
        if m.character is None:
            continue
        if m.kind == "pronoun":
            if m.person == 1 and not m.plural:
                speech.first_person.append(m.character)
            elif m.person == 2:
                speech.second_person.append(m.character)
            elif m.person == 3:
                speech.third_person.add(m.character)
            continue
        only_name = _only_name(span, m.tok_start, m.tok_end, right)
        if m.kind == "proper" and left in _VOC_LEFT and right in _VOC_RIGHT and not only_name:
            if m.character not in speech.vocatives:
                speech.vocatives.append(m.character)
        elif SELF_NAMING and _names_self(ctx, span, m.tok_start):
            speech.first_person.append(m.character)  # "My name is absurd too: Malachi Mulligan"
        elif m.kind == "proper" and tokens[m.tok_start].text.lower() not in ("you", "your"):
            speech.named.add(m.character)
    _name_fallback(ctx, span, speech)
    for t in tokens[span.tok_start : span.tok_end]:
        if t.text.lower() in ("you", "your", "yours", "yourself", "thee", "thou", "ye"):
            speech.has_you = True
            break
    return speech


def _addressed_bearer(ctx: Context, span: QuoteSpan, m: Mention) -> str | None:
    """Whom a one-word title or kin vocative names: the one bearer of the title
    (``aunt`` -> Aunt Polly), else whom the narration last called ``his mother``."""
    if m.tok_end - m.tok_start != 1:
        return None
    lemma = ctx.tokens[m.tok_start].lemma.lower()
    bearer = ctx.titled(lemma)
    if bearer is None and KIN_VOCATIVE:
        bearer = ctx.kin(lemma, span.tok_start)
    return bearer


#: A name the speech gives as the speaker's own (``My name is X``, ``I'm X``) is no
#: third person: the speaker says it.
SELF_NAMING = True
_SELF_NAMING = (("name", "is"), ("name", "'s"), ("i", "am"), ("i", "'m"))


def _names_self(ctx: Context, span: QuoteSpan, start: int) -> bool:
    words = [
        t.text.lower().replace("’", "'")
        for t in ctx.tokens[max(span.tok_start, start - 4) : start]
        if t.text not in (":", ",", "-", "—", "–")
    ]
    return any(tuple(words[-len(cue) :]) == cue for cue in _SELF_NAMING)


def _only_name(span: QuoteSpan, start: int, end: int, right: str) -> bool:
    """A quote that is nothing but the name at [start, end) answers a question
    (``"Bingley."``): no vocative."""
    return start - span.tok_start <= 1 and span.tok_end - end <= 2 and right == "."


@dataclass(slots=True)
class Turn:
    para: int
    quotes: list[int]  # quote indexes, in order
    run: int  # run id
    position: int  # turn number inside the run (0 = first)
    gap: bool = False  # a narration paragraph stands between this turn and the last


def build_turns(ctx: Context) -> tuple[list[Turn], dict[int, int]]:
    """Turns in order and quote index -> turn index."""
    turns: list[Turn] = []
    turn_of: dict[int, int] = {}
    run = -1
    for span in ctx.spans:
        if turns and turns[-1].para == span.para:
            turns[-1].quotes.append(span.index)
            turn_of[span.index] = len(turns) - 1
            continue
        continued = False
        if turns:
            gap_para = ctx.prev_para(span.para)
            gap_two = ctx.prev_para(span.para, 2)
            continued = turns[-1].para in (gap_para, gap_two)
        if not continued:
            run += 1
        position = turns[-1].position + 1 if continued else 0
        gap = continued and turns[-1].para != gap_para
        turns.append(Turn(span.para, [span.index], run, position, gap))
        turn_of[span.index] = len(turns) - 1
    return turns, turn_of


def isolated(ctx: Context, span: QuoteSpan) -> bool:
    """Speech set apart from any exchange: its own paragraph, narration around it."""
    if not span.para_quote_only:
        return False
    prev, nxt = ctx.prev_para(span.para), ctx.next_para(span.para)
    return (prev is None or not ctx.para_has_quote(prev)) and (
        nxt is None or not ctx.para_has_quote(nxt)
    )


def _name_fallback(ctx: Context, span: QuoteSpan, speech: Speech) -> None:
    """Names inside speech that the mentions stage left out, matched by the cast's names.

    Vocatives are the names most often missed (``"Gai, look, I-"``), and the ones
    attribution needs most.
    """
    tokens = ctx.tokens
    i = span.tok_start
    while i < span.tok_end:
        # The tagger often calls a vocative INTJ; a capitalised word that is a cast
        # name will do.
        if not tokens[i].text[:1].isupper() or i in ctx.mention_at:
            i += 1
            continue
        j = i
        while j < span.tok_end and tokens[j].text[:1].isupper() and j not in ctx.mention_at:
            j += 1
        character = ctx.name_index().get(" ".join(t.text.lower() for t in tokens[i:j]))
        if character is None:
            character = ctx.name_index().get(tokens[i].text.lower())
        if character is not None:
            left = tokens[i - 1].text.lower() if i > span.tok_start else '"'
            right = tokens[j].text if j < span.tok_end else '"'
            only_name = _only_name(span, i, j, right)
            if left in _VOC_LEFT and right in _VOC_RIGHT and not only_name:
                if character not in speech.vocatives:
                    speech.vocatives.append(character)
            else:
                speech.named.add(character)
        i = j
