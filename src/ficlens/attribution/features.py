"""Features of one (quote, candidate speaker) pair for the ranker.

Each feature is a number the rules already compute or a distance; the ranker learns
how far to trust each. ``I`` and ``you`` inside the speech are not features: once the
speakers stage has fed coreference they only echo the previous answer. ``FEATURES``
fixes the order of the weight vector stored in ``models/speaker_ranker.json``: add new
names at the end and retrain.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ficlens.attribution.candidates import Candidate, log_distance
from ficlens.attribution.context import Context
from ficlens.attribution.rules import SIEVES, Evidence, compatible, narration_subjects

FEATURES: tuple[str, ...] = (
    *(f"rule_{sieve}" for sieve in SIEVES),
    "tag_after_proper",
    "tag_after_pronoun",
    "tag_after_nominal",
    "tag_before_proper",
    "tag_before_pronoun",
    "tag_before_nominal",
    "tag_weak",
    "tag_voice",
    "tag_next_para",
    "beat_after",
    "beat_before",
    "pronoun_fallback",
    "pronoun_compatible",
    "pronoun_incompatible",
    "vocative",
    "named_inside",
    "prev_turn_speaker",
    "two_turns_back_speaker",
    "addressed_last_turn",
    "in_run",
    "log_token_distance",
    "log_para_distance",
    "log_mentions",
    "log_quote_mentions",
    "in_para",
    "subject_in_para",
    "subject_in_prev",
    "proper_in_window",
    "recency_first",
    "recency_inverse",
    "next_para",
    "group",
    "unnamed",
    "isolated_group",
    "bias_absent_in_window",
    "third_person_inside",
    "isolated_focal",
    "prev_tagged",
    "two_back_tagged",
    "next_tagged",
    "two_ahead_tagged",
    "parity_before",
    "parity_after",
    "parity_both",
    "pronoun_local_actor",
    "prev_narration_actor",
    "prev_narration_actor_last",
    "run_tagged_turns",
    "compat_most_recent",
    "tag_pronoun_prev_speaker",
    "tag_pronoun_parity",
    "tag_pronoun_run_participant",
    "addressed_next_turn",
    "narrator",
    "prev_para_trailing_actor",
    "named_ahead",
    "voice_best",
    "voice_similarity",
    "tag_pronoun_share",
    "tag_pronoun_share_max",
)
# A tag pronoun's share of coreference's score for each candidate, not only its
# first choice: the ranker weighs a close second against the conversation (+0.2).
SHARES = True
INDEX = {name: i for i, name in enumerate(FEATURES)}


@dataclass
class History:
    """The conversation around a quote: the rules' speakers of the nearby turns.

    ``*_tagged`` only where a speech tag decided that turn: alternation read from
    both sides of a gap (``A: tag``, ``?``, ``A: tag`` makes the gap B).
    """

    prev: str | None = None
    two_back: str | None = None
    addressed_last: list[str] = field(default_factory=list)
    in_run: bool = False
    prev_tagged: str | None = None
    two_back_tagged: str | None = None
    next_tagged: str | None = None
    two_ahead_tagged: str | None = None
    # Who speaks by A-B parity counted from the nearest tagged turn before / after.
    parity_before: str | None = None
    parity_after: str | None = None
    # Cosine of the quote's words with each candidate's tagged speech (idiolect.py).
    voice: dict[str, float] = field(default_factory=dict)
    # Called by name in the next turn's speech (``"So I did, Beth."`` answers Beth).
    addressed_next: list[str] = field(default_factory=list)
    # Tagged turns per speaker in the run, this turn left out.
    run_counts: dict[str, int] = field(default_factory=dict)

    def characters(self) -> list[str | None]:
        return [
            self.prev,
            self.two_back,
            *self.addressed_last,
            self.next_tagged,
            self.two_ahead_tagged,
            self.parity_before,
            self.parity_after,
            *self.addressed_next,
        ]


def featurize(ctx: Context, ev: Evidence, cands: list[Candidate], history: History) -> np.ndarray:
    """A (len(cands), len(FEATURES)) matrix."""
    prev_speaker, two_back = history.prev, history.two_back
    addressed_last, in_run = history.addressed_last, history.in_run
    x = np.zeros((len(cands), len(FEATURES)), dtype=np.float64)
    tag_pronoun = ev.tag.mention if ev.tag is not None and ev.tag.mention is not None else None
    if tag_pronoun is not None and tag_pronoun.kind != "pronoun":
        tag_pronoun = None
    actors = narration_actors(ctx, ev)
    trailing = trailing_actors(ctx, ev)
    narrator = ctx.narrator()
    most_recent = None
    if tag_pronoun is not None:
        fitting = [
            c for c in cands if c.recency_rank < 99 and compatible(ctx, tag_pronoun, c.character)
        ]
        if fitting:
            most_recent = min(fitting, key=lambda c: c.recency_rank).character
    for row, c in enumerate(cands):
        f = x[row]
        who = c.character

        def on(name: str, value: float = 1.0, _f: np.ndarray = f) -> None:
            _f[INDEX[name]] = value

        if ev.speaker == who and ev.sieve:
            on(f"rule_{ev.sieve}")
        for tag in ev.tags:
            character = tag.character
            if character is None and tag is ev.tag:
                character = ev.fallback
            if character != who:
                continue
            if tag.kind == "verb" and tag.strong and tag.side in ("after", "before"):
                on(f"tag_{tag.side}_{tag.mention_kind}")
            elif tag.kind == "verb":
                on("tag_weak")
            elif tag.kind == "voice" and tag.side == "next_para":
                on("tag_next_para")
            elif tag.kind == "voice":
                on("tag_voice")
            elif tag.kind == "beat":
                on(f"beat_{tag.side}" if tag.side in ("after", "before") else "beat_after")
        if ev.fallback == who:
            on("pronoun_fallback")
        if ev.actor == who:
            on("pronoun_local_actor")
        if tag_pronoun is not None and tag_pronoun.kind == "pronoun":
            fits = compatible(ctx, tag_pronoun, who)
            on("pronoun_compatible" if fits else "pronoun_incompatible")
        if who in ev.speech.vocatives:
            on("vocative")
        if who in ev.speech.named:
            on("named_inside")
        if who == prev_speaker:
            on("prev_turn_speaker")
        if who == two_back and two_back != prev_speaker:
            on("two_turns_back_speaker")
        if who in addressed_last:
            on("addressed_last_turn")
        if in_run:
            on("in_run")
        on("log_token_distance", log_distance(c.token_distance) / 10)
        on("log_para_distance", log_distance(c.para_distance) / 5)
        on("log_mentions", log_distance(c.mentions))
        on("log_quote_mentions", log_distance(c.quote_mentions))
        on("in_para", float(c.in_para))
        on("subject_in_para", float(c.subject_in_para))
        on("subject_in_prev", float(c.subject_in_prev))
        on("proper_in_window", float(c.proper_in_window))
        on("recency_first", float(c.recency_rank == 0))
        on("recency_inverse", 1.0 / (1 + c.recency_rank))
        on("next_para", float(c.next_para))
        char = ctx.characters.get(who)
        if char is not None:
            on("group", float(char.kind == "group"))
            on("unnamed", float(char.kind == "unnamed"))
            on("isolated_group", float(char.kind == "group" and ev.isolated))
        on("bias_absent_in_window", float(c.mentions == 0))
        if who in ev.speech.third_person:
            on("third_person_inside")
        if ev.isolated and c.recency_rank == 0:
            on("isolated_focal")
        if who is not None and history.parity_before == who == history.parity_after:
            on("parity_both")
        for name in (
            "prev_tagged",
            "two_back_tagged",
            "next_tagged",
            "two_ahead_tagged",
            "parity_before",
            "parity_after",
        ):
            if who is not None and getattr(history, name) == who:
                on(name)
        if who in actors:
            on("prev_narration_actor")
            if actors[who]:
                on("prev_narration_actor_last")
        on("run_tagged_turns", log_distance(history.run_counts.get(who, 0)))
        if c.ahead < 99:
            on("named_ahead", 1.0 / c.ahead)
        if who in history.voice and len(history.voice) > 1:
            margin = history.voice[who] - max(v for c, v in history.voice.items() if c != who)
            on("voice_similarity", margin)
            if margin > 0:
                on("voice_best")
        if who is not None and who == narrator:
            on("narrator")
        if who in trailing:
            on("prev_para_trailing_actor")
        if who in history.addressed_next and who not in ev.speech.vocatives:
            on("addressed_next_turn")
        if tag_pronoun is not None and compatible(ctx, tag_pronoun, who):
            if who == most_recent:
                on("compat_most_recent")
            if who == prev_speaker and ev.span.first_in_para:
                on("tag_pronoun_prev_speaker")
            if who in (history.parity_before, history.parity_after):
                on("tag_pronoun_parity")
            if history.run_counts.get(who, 0):
                on("tag_pronoun_run_participant")
            if SHARES and who is not None and tag_pronoun.shares:
                share = tag_pronoun.shares.get(who, 0.0)
                on("tag_pronoun_share", share)
                on("tag_pronoun_share_max", float(share == max(tag_pronoun.shares.values())))
    return x


def narration_actors(ctx: Context, ev: Evidence) -> dict[str, bool]:
    """Subjects of the narration paragraph right before speech that opens its paragraph.

    ``Lord Henry stretched himself out on the divan and laughed.`` / ``"Yes, I knew
    you would."``: the actor of the narration just before is the likeliest voice.
    Character -> whether it is a subject of that paragraph's last sentence.
    """
    out: dict[str, bool] = {}
    for character, in_last in narration_subjects(ctx, ev):
        out[character] = out.get(character, False) or in_last
    return out


def trailing_actors(ctx: Context, ev: Evidence) -> set[str]:
    """Subjects of the narration that closes the previous paragraph after its speech.

    ``"You won't ever see her any more." Philip did not know what she meant.`` /
    ``"Why not?"``: the one reacting at the end of a turn often answers next.
    """
    span = ev.span
    if not span.first_in_para:
        return set()
    prev = ctx.prev_para(span.para)
    if prev is None:
        return set()
    lo, hi = ctx.para_tokens[prev]
    last_quote = max((i for i in range(lo, hi) if ctx.quote_of_token[i] >= 0), default=-1)
    if last_quote < 0:
        return set()
    return {
        m.character
        for m in ctx.narrative_mentions(prev)
        if m.tok_start > last_quote and m.character is not None and ctx.is_subject(m)
    }
