"""The rule cascade: the deterministic baseline, and the ranker's first opinion.

Sieves run from the most to the least reliable, each deciding only the quotes the
ones before it left open (the design of He et al. 2013 and BookNLP's rules):

1. ``hint``       the layout names the speaker (text messages)
2. ``tag``        a speech tag or ``X's voice`` touching the quote (``tag_pronoun``
                  when the tag says ``he``/``she``: its answer is coreference's)
3. ``continues``  the quote continues speech the quotes stage linked to it
4. ``paragraph``  another quote of the same paragraph has a tag (one speaker a paragraph)
5. ``voice_next`` set-apart speech named in the next paragraph (``Kakashi's voice had been``)
6. ``beat``       the actor of the narration touching the quote (``"Yosh!" Gai nodded``)
7. ``remembered`` set-apart speech continues the previous set-apart speaker
8. ``alternation`` A-B-A-B inside a conversation run; the last one addressed speaks
9. ``nearest``    the nearest character not addressed or named inside the speech
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ficlens.attribution.context import Context, QuoteSpan
from ficlens.attribution.conversation import Speech, Turn, build_turns, isolated, read_speech
from ficlens.attribution.sieves import (
    SUBJECT_DEPS,
    UNNAMED_SPEAKERS,
    UNOWNED_VOICES,
    Tag,
    find_tags,
    possessor,
)
from ficlens.document import Character, Mention

SIEVES = (
    "hint",
    "tag",
    "tag_pronoun",
    "continues",
    "paragraph",
    "voice_next",
    "beat",
    "remembered",
    "alternation",
    "nearest",
)


# Sieves that read a speech tag or the layout: the anchors of a conversation.
TAGGED = frozenset(("hint", "tag", "tag_pronoun"))


@dataclass
class Evidence:
    """Everything the sieves found for one quote."""

    span: QuoteSpan
    tags: list[Tag]
    speech: Speech
    turn: int
    isolated: bool
    # The best strong tag's character (a pronoun's own fallback where coref left it open).
    tag_character: str | None = None
    tag: Tag | None = None
    fallback: str | None = None  # our own guess for an unresolved tag pronoun
    actor: str | None = None  # the paragraph's named actor, where it fits the tag pronoun
    speaker: str | None = None  # the rules' answer
    sieve: str = ""
    type: str = "implicit"
    extra: dict[str, str] = field(default_factory=dict)


def compatible(ctx: Context, mention: Mention, character: str) -> bool:
    """Can ``mention`` (a pronoun or description) refer to ``character``?"""
    char = ctx.characters.get(character)
    if char is None:
        return True
    if mention.plural != (char.kind == "group"):
        return False
    if mention.kind == "pronoun" and mention.gender and char.gender:
        return mention.gender == char.gender or "they" in (mention.gender, char.gender)
    return True


def resolve_pronoun(ctx: Context, ev: Evidence, mention: Mention) -> str | None:
    """Our own antecedent for a tag pronoun coref left open: the paragraph's actor."""
    banned = set(ev.speech.vocatives)
    para = ev.span.para
    pools: list[list[Mention]] = []
    here = [m for m in ctx.narrative_mentions(para) if m.tok_start < mention.tok_start]
    pools.append([m for m in here if ctx.tokens[m.tok_start].dep in ("nsubj", "nsubjpass")])
    pools.append(list(reversed(here)))
    prev = ctx.prev_para(para)
    if prev is not None:
        there = list(reversed(ctx.narrative_mentions(prev)))
        pools.append([m for m in there if ctx.tokens[m.tok_start].dep == "nsubj"])
        pools.append(there)
    for pool in pools:
        for m in pool:
            if m is mention or m.character is None or m.character in banned:
                continue
            if m.kind != "pronoun" and compatible(ctx, mention, m.character):
                return m.character
            if m.kind == "pronoun" and compatible(ctx, mention, m.character):
                return m.character
    return None


def local_actor(ctx: Context, ev: Evidence, mention: Mention) -> str | None:
    """The named actor of the narration just before a tag pronoun, in its paragraph.

    ``Hana stared at her for a long moment. "I wanted-" she broke off``: the subject
    of the paragraph's own narration, when it fits the pronoun, is the ``she``.
    """
    banned = set(ev.speech.vocatives)
    here = [
        m
        for m in ctx.narrative_mentions(ev.span.para)
        if m.tok_start < mention.tok_start and m.kind != "pronoun" and m.character
    ]
    for m in reversed(here):
        if not ctx.is_subject(m):
            continue
        character = m.character
        if character and character not in banned and compatible(ctx, mention, character):
            return character
    if any(m.tok_start < mention.tok_start for m in ctx.narrative_mentions(ev.span.para)):
        return None
    # Speech opening its paragraph after a paragraph of pure narration: the actor of
    # that narration (``Hana's eyes were very wide. Then she laughed.`` /
    # ``"You're still my rival," she mumbled``).
    prev = ctx.prev_para(ev.span.para)
    if prev is None or ctx.para_has_quote(prev):
        return None
    for m in reversed(ctx.narrative_mentions(prev)):
        if m.kind == "pronoun" or not m.character or m.character in banned:
            continue
        subject = ctx.tokens[m.tok_start].dep in ("nsubj", "nsubjpass") or (
            m.head >= 0 and ctx.tokens[m.head].dep in ("nsubj", "nsubjpass", "poss")
        )
        if subject and compatible(ctx, mention, m.character):
            return m.character
    return None


UNKNOWN_GENDER = UNNAMED_SPEAKERS | UNOWNED_VOICES


def adopt(ctx: Context, mention: Mention) -> str:
    """A character for a speaker the tag describes but no stage clustered.

    ``said a thin, elderly gentleman``: unnamed speakers are characters too, so the
    quote is not forced onto a named one. The same description is one character.
    """
    words = [w for w in mention.text.lower().split() if w not in ("the", "a", "an")]
    for character in ctx.characters.values():
        # Whole words: "a man" is not "the woman".
        if (
            character.kind in ("unnamed", "group")
            and words
            and (character.name.lower().split()[-len(words) :] == words)
        ):
            mention.character = character.id
            return character.id
    used = {int(c.id[1:]) for c in ctx.characters.values() if c.id[1:].isdigit()}
    # ``somebody``, ``a voice``: no he or she is known, and none should be guessed.
    unknown = mention.tok_start >= 0 and ctx.tokens[mention.head].text.lower() in UNKNOWN_GENDER
    new = Character(
        id=f"c{max(used, default=-1) + 1}",
        name=" ".join(mention.text.split()),
        gender="they" if unknown or mention.plural else None,
        kind="group" if mention.plural else "unnamed",
        mentions=1,
        first_appearance=mention.start,
    )
    ctx.story.characters.append(new)
    ctx.characters[new.id] = new
    mention.character = new.id
    return new.id


def gather(ctx: Context) -> tuple[list[Evidence], list[Turn]]:
    """Tags, speech and turns for every quote."""
    turns, turn_of = build_turns(ctx)
    evidence = []
    for span in ctx.spans:
        ev = Evidence(
            span,
            find_tags(ctx, span),
            read_speech(ctx, span),
            turn_of[span.index],
            isolated(ctx, span),
        )
        for tag in ev.tags:
            if tag.kind == "hint" or not tag.strong or tag.side == "next_para":
                continue
            if tag.kind not in ("verb", "voice"):
                continue
            character = tag.character
            if character is None and tag.mention is not None and tag.mention.kind != "pronoun":
                character = tag.character = adopt(ctx, tag.mention)
            if tag.mention is not None and tag.mention.kind == "pronoun":
                ev.fallback = resolve_pronoun(ctx, ev, tag.mention)
                ev.actor = local_actor(ctx, ev, tag.mention)
                # Coreference's answer stands in the rules (putting the actor first
                # cost 0.5 points on LitBank); the ranker weighs the actor as a feature.
                character = character or ev.fallback
            if character is not None:
                ev.tag, ev.tag_character = tag, character
                break
        evidence.append(ev)
    return evidence, turns


def run_rules(ctx: Context, evidence: list[Evidence], turns: list[Turn]) -> None:
    """Fill ``speaker``, ``sieve`` and ``type`` of every Evidence by the cascade."""
    by_id = {ev.span.quote.id: ev for ev in evidence}
    by_para: dict[int, list[Evidence]] = {}
    for ev in evidence:
        by_para.setdefault(ev.span.para, []).append(ev)
    for ev in evidence:
        hint = next((t for t in ev.tags if t.kind == "hint" and t.character), None)
        if hint is not None:
            _decide(ev, hint.character, "hint", "explicit")
        elif ev.tag_character is not None and ev.tag is not None:
            kind = ev.tag.mention_kind
            if kind == "pronoun":
                _decide(ev, ev.tag_character, "tag_pronoun", "anaphoric")
            else:
                qtype = "explicit" if kind == "proper" else "anaphoric"
                _decide(ev, ev.tag_character, "tag", qtype)
    for ev in evidence:
        if ev.speaker is not None:
            continue
        continued = by_id.get(ev.span.quote.continues or "")
        if continued is not None and continued.speaker is not None:
            _decide(ev, continued.speaker, "continues", continued.type)
            continue
        mates = [other for other in by_para[ev.span.para] if other.sieve in TAGGED]
        if mates:
            # The paragraph's tag names this quote's speaker too (LitBank's and
            # PDNC's reading: ``"One." Oda held up a hand. "Two."`` is explicit twice).
            _decide(ev, mates[0].speaker, "paragraph", mates[0].type)
            continue
        about = set(ev.speech.vocatives) | ev.speech.named | ev.speech.third_person
        voice = next(
            (t for t in ev.tags if t.side == "next_para" and t.character not in about | {None}),
            None,
        )
        if voice is not None:
            _decide(ev, voice.character, "voice_next", "implicit")
            continue
        beat = _beat(ctx, ev)
        if beat is not None:
            character, kind = beat
            _decide(ev, character, "beat", _TYPE_OF_KIND.get(kind, "implicit"))
    # Conversation sieves read earlier decisions, so they run in order.
    for i, ev in enumerate(evidence):
        if ev.speaker is not None:
            continue
        speaker = remembered(ctx, evidence, i) if ev.isolated else None
        if speaker is not None:
            _decide(ev, speaker, "remembered", "implicit")
            continue
        speaker = alternate(evidence, turns, i)
        if speaker is not None:
            _decide(ev, speaker, "alternation", "implicit")
            continue
        speaker = nearest(ctx, ev, evidence, i)
        if speaker is not None:
            _decide(ev, speaker, "nearest", "implicit")


def _decide(ev: Evidence, speaker: str | None, sieve: str, kind: str) -> None:
    ev.speaker, ev.sieve, ev.type = speaker, sieve, kind


_TYPE_OF_KIND = {"proper": "explicit", "nominal": "anaphoric", "pronoun": "anaphoric"}


def _beat(ctx: Context, ev: Evidence) -> tuple[str, str] | None:
    """(character, mention kind) of the nearest beat or weak tag around the quote."""
    banned = set(ev.speech.vocatives) | ev.speech.named
    span = ev.span

    def closeness(tag: Tag) -> tuple[int, int]:
        # The narration right after the quote first, then right before it.
        if tag.side == "after":
            return (0, tag.verb - span.tok_end)
        return (1, span.tok_start - tag.verb)

    near = sorted(
        (t for t in ev.tags if t.side in ("after", "before") and t.verb >= 0), key=closeness
    )
    for tag in near:
        if tag.kind in ("beat", "verb", "voice"):
            character = tag.character
            if character is None and tag.mention is not None and tag.mention.kind == "pronoun":
                character = resolve_pronoun(ctx, ev, tag.mention)
            if character is not None and character not in banned:
                return character, tag.mention_kind
    return None


def remembered(ctx: Context, evidence: list[Evidence], i: int) -> str | None:
    """Set-apart speech goes on with the last set-apart speaker it does not name."""
    ev = evidence[i]
    banned = set(ev.speech.vocatives) | ev.speech.named | ev.speech.third_person
    # Only a chain that the text itself anchored (``their words dogged him``,
    # ``Kakashi's voice had been flat``) counts as remembered speech: on LitBank a
    # set-apart quote with no such anchor is as often the focal character's.
    for j in range(i - 1, max(-1, i - 8), -1):
        other = evidence[j]
        if not other.isolated or other.sieve not in ("voice_next", "remembered"):
            break
        if other.speaker is not None and other.speaker not in banned:
            return other.speaker
    return None


def alternate(evidence: list[Evidence], turns: list[Turn], i: int) -> str | None:
    """A-B-A-B: the speaker two turns back, or the one the last turn addressed."""
    ev = evidence[i]
    turn = turns[ev.turn]
    if turn.position == 0 or turn.gap:
        # After a paragraph of narration the count is no longer to be trusted: the
        # narration's actor, or the one it reacts to, speaks as often (LitBank).
        return None
    banned = set(ev.speech.vocatives) | ev.speech.named
    last = evidence[turns[ev.turn - 1].quotes[-1]]
    if last.speech.vocatives:
        for character in last.speech.vocatives:
            if character != last.speaker and character not in banned:
                return character
    if turn.position >= 2:
        before = evidence[turns[ev.turn - 2].quotes[-1]]
        if before.speaker and before.speaker != last.speaker and before.speaker not in banned:
            return before.speaker
    return None


def nearest(ctx: Context, ev: Evidence, evidence: list[Evidence], i: int) -> str | None:
    """The closest character mentioned before the quote, not addressed, not the last voice.

    Speech opening its paragraph after a paragraph of narration goes first to that
    narration's actor (``Mr. Pett was sniffing suspiciously.`` / ``"You've been
    smoking."``; on LitBank 70% of such untagged turns), whoever spoke last.
    """
    banned = set(ev.speech.vocatives) | ev.speech.named | ev.speech.third_person
    actor = _narration_actor(ctx, ev)
    if actor is not None and actor not in banned:
        return actor
    last = evidence[i - 1].speaker if i > 0 else None
    fallback = None
    para = ev.span.para
    for back in range(0, 6):
        p = para if back == 0 else ctx.prev_para(para, back)
        if p is None:
            break
        for m in reversed(ctx.narrative_mentions(p)):
            if back == 0 and m.tok_start > ev.span.tok_start:
                continue
            if m.character is None or m.character in banned:
                continue
            if m.character != last:
                return m.character
            fallback = fallback or m.character
    return fallback


#: The owner of a voice that is a subject counts as an actor of the narration.
VOICE_ACTOR = True


def narration_subjects(ctx: Context, ev: Evidence) -> list[tuple[str, bool]]:
    """The characters that are subjects in the narration paragraph right before speech
    that opens its paragraph, in order, each with whether it is in that paragraph's
    last sentence."""
    prev = ctx.narration_before(ev.span)
    if prev is None:
        return []
    tokens = ctx.tokens
    last_sent = tokens[ctx.para_tokens[prev][1] - 1].sent
    out = [
        (m.tok_start, m.character, tokens[m.tok_start].sent == last_sent)
        for m in ctx.narrative_mentions(prev)
        if m.character is not None and ctx.is_subject(m)
    ]
    if VOICE_ACTOR:
        # "Buck Mulligan's gay voice went on." / "--My name is absurd too": the voice's
        # owner acts as its subject would.
        lo, hi = ctx.para_tokens[prev]
        for t in ctx.narration(lo, hi):
            if t.dep in SUBJECT_DEPS and t.lemma.lower() in ("voice", "voices"):
                owner = possessor(ctx, t.i, lo, hi)
                if owner is not None and owner.character is not None:
                    out.append((owner.tok_start, owner.character, t.sent == last_sent))
        out.sort(key=lambda row: row[0])
    return [(character, in_last) for _, character, in_last in out]


def _narration_actor(ctx: Context, ev: Evidence) -> str | None:
    """The last subject of the last sentence of a narration paragraph right before the speech."""
    last = [character for character, in_last in narration_subjects(ctx, ev) if in_last]
    return last[-1] if last else None
