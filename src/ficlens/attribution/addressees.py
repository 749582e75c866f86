"""Who a quote is spoken to.

Evidence, best first: a vocative inside the speech (``"Gai, look"``); the tag's
indirect object (``said to Gai``, ``asked Gai``, ``told him``); ``the two of you``;
someone else the quote's own paragraph names; the other party of the conversation run
(the speaker of the turn before or after); ``you`` in the speech as coreference resolved
it; else the nearest other character in the narration around (for set-apart speech
only when it says ``you``).
"""

from __future__ import annotations

import re

from ficlens.attribution.context import Context
from ficlens.attribution.conversation import Turn
from ficlens.attribution.rules import Evidence

# ``you`` meaning several people (or ``one letter each``, ``everyone``): the speech is to
# everyone in the exchange.
_PLURAL_YOU = re.compile(
    r"\b(?:two|three|both|all|each|rest|any) of you\b|\byou (?:two|three|both|all|boys|girls|"
    r"people|lot)\b|\bye\b|\beach\b(?! other)|\beveryone\b|\beverybody\b",
    re.IGNORECASE,
)
_OBJECT_DEPS = frozenset(("dobj", "dative", "iobj"))
_ADDRESS_VERBS = frozenset(
    ["tell", "ask", "answer", "reply", "assure", "warn", "remind", "beg", "urge", "order", "call"]
)


def tag_addressee(ctx: Context, ev: Evidence) -> str | None:
    """``said to X`` / ``asked X`` / ``told him`` in the quote's speech tag."""
    if ev.tag is None or ev.tag.verb < 0:
        return None
    verb = ev.tag.verb
    lo, hi = ctx.para_tokens.get(ev.span.para, (0, 0))
    for t in ctx.tokens[lo:hi]:
        if t.head != verb or t.i == verb or ctx.quote_of_token[t.i] >= 0:
            continue
        target = None
        if t.dep == "prep" and t.text.lower() == "to":
            objects = (u.i for u in ctx.tokens[lo:hi] if u.head == t.i and u.dep == "pobj")
            target = next(objects, None)
        elif t.dep in _OBJECT_DEPS and ctx.tokens[verb].lemma.lower() in _ADDRESS_VERBS:
            target = t.i
        if target is not None:
            character = ctx.character_of(target)
            if character is not None and character != ev.speaker:
                return character
    return None


def find_addressees(
    ctx: Context, evidence: list[Evidence], turns: list[Turn], speakers: list[str | None]
) -> list[tuple[list[str], str]]:
    """(addressees, evidence) for every quote, given the chosen speakers."""
    out: list[tuple[list[str], str]] = []
    for i, ev in enumerate(evidence):
        speaker = speakers[i]
        vocatives = [c for c in ev.speech.vocatives if c != speaker]
        if vocatives:
            out.append((vocatives, "vocative"))
            continue
        tagged = tag_addressee(ctx, ev)
        if tagged is not None:
            out.append(([tagged], "tag object"))
            continue
        if _PLURAL_YOU.search(ev.span.quote.text):
            group = _everyone(ctx, evidence, turns, speakers, i)
            if len(group) > 1:
                out.append((group, "plural you"))
                continue
        present = _present(ctx, ev, speaker)
        if present is not None:
            out.append(([present], "in the paragraph"))
            continue
        # Set-apart (remembered) speech is no exchange with the quotes around it.
        other = None if ev.isolated else _other_party(evidence, turns, speakers, i)
        if other is not None:
            out.append(([other], "conversation"))
            continue
        second = [c for c in ev.speech.second_person if c != speaker]
        if second:
            out.append((sorted(set(second)), "you"))
            continue
        if ev.speech.has_you or not ev.isolated:
            near = _nearest_other(ctx, ev, speaker)
            if near is not None:
                out.append(([near], "nearest"))
                continue
        out.append(([], ""))
    # One speaker's speech within a paragraph goes to the same people (``"If the two
    # of you are finished," he said, "I would like to begin."``).
    weak = ("in the paragraph", "conversation", "nearest", "")
    for i in range(1, len(evidence)):
        same = evidence[i].span.para == evidence[i - 1].span.para
        if same and speakers[i] == speakers[i - 1] and out[i][1] in weak and out[i - 1][0]:
            out[i] = (list(out[i - 1][0]), out[i - 1][1])
    return out


def _other_party(
    evidence: list[Evidence], turns: list[Turn], speakers: list[str | None], i: int
) -> str | None:
    """The other voice of the run around the quote, when the run is a dialogue."""
    speaker = speakers[i]
    if speaker is None:
        return None
    t = evidence[i].turn
    run = turns[t].run
    voices: list[str] = []
    for u in range(max(0, t - 3), min(len(turns), t + 4)):
        if turns[u].run != run:
            continue
        for qi in turns[u].quotes:
            s = speakers[qi]
            if s is not None and s not in voices:
                voices.append(s)
    others = [v for v in voices if v != speaker]
    if len(others) == 1:
        return others[0]
    # Several voices: answer the turn before, else the one after.
    for u in (t - 1, t + 1):
        if 0 <= u < len(turns) and turns[u].run == run:
            s = speakers[turns[u].quotes[-1 if u < t else 0]]
            if s is not None and s != speaker:
                return s
    return None


def _everyone(
    ctx: Context, evidence: list[Evidence], turns: list[Turn], speakers: list[str | None], i: int
) -> list[str]:
    """The other voices of the last turns, then the others the narration names near."""
    speaker = speakers[i]
    t = evidence[i].turn
    found: list[str] = []
    for u in range(t - 1, max(-1, t - 6), -1):
        if turns[u].run != turns[t].run:
            break
        for qi in turns[u].quotes:
            s = speakers[qi]
            if s is not None and s != speaker and s not in found:
                found.append(s)
    if len(found) > 1:
        return found
    about = evidence[i].speech.named | evidence[i].speech.third_person
    for p in (evidence[i].span.para, ctx.prev_para(evidence[i].span.para)):
        if p is None:
            continue
        for m in ctx.narrative_mentions(p):
            c = m.character
            if m.kind != "pronoun" and c and c != speaker and c not in about and c not in found:
                found.append(c)
    return found


def _present(ctx: Context, ev: Evidence, speaker: str | None) -> str | None:
    """Someone the quote's own narration names besides the speaker: the one spoken to.

    ``Hana bumped her shoulder against Rei's. "Race you to the sheds."``
    """
    about = ev.speech.named | ev.speech.third_person
    for m in ctx.narrative_mentions(ev.span.para):
        if m.kind == "pronoun" or m.character in (None, speaker) or m.character in about:
            continue
        return m.character
    return None


def _nearest_other(ctx: Context, ev: Evidence, speaker: str | None) -> str | None:
    """The nearest character of the narration around, other than the speaker.

    Characters the speech itself talks about (``Maito Gai's ridiculous challenges``)
    are not the ``you`` it speaks to.
    """
    about = ev.speech.named | ev.speech.third_person
    para = ev.span.para
    # Set-apart speech looks only next door; an exchange's narration a little further.
    back = (1,) if ev.isolated else (1, 2, 3)
    paras = [para, *(ctx.prev_para(para, b) for b in back), ctx.next_para(para)]
    for p in paras:
        if p is None:
            continue
        for m in ctx.narrative_mentions(p):
            if m.character is not None and m.character != speaker and m.character not in about:
                return m.character
    return None
