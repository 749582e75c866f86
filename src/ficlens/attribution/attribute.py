"""Attribution end to end: evidence, rules, ranker, addressees, written onto the quotes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ficlens.attribution.addressees import find_addressees
from ficlens.attribution.candidates import Candidate, candidates
from ficlens.attribution.context import Context
from ficlens.attribution.conversation import Turn
from ficlens.attribution.features import FEATURES, History, featurize
from ficlens.attribution.idiolect import profiles, similarity
from ficlens.attribution.ranker import Ranker, load_ranker
from ficlens.attribution.rules import TAGGED, Evidence, gather, run_rules
from ficlens.document import Story

# How often each rule is right on LitBank (gold quotes and characters, all folds);
# the rules-only confidence.
SIEVE_CONFIDENCE = {
    "hint": 0.95,
    "tag": 0.97,
    "tag_pronoun": 0.9,
    "continues": 0.9,
    "paragraph": 0.79,
    "voice_next": 0.6,
    "beat": 0.86,
    "remembered": 0.45,
    "alternation": 0.65,
    "nearest": 0.5,
    "": 0.0,
}


@dataclass
class Decision:
    """The candidates of one quote, their features and what was chosen."""

    cands: list[Candidate]
    x: np.ndarray
    speaker: str | None
    raw: float  # the ranker's (uncalibrated) top probability


def prepare(story: Story) -> tuple[Context, list[Evidence], list[Turn]]:
    """Index the story, gather evidence and run the rule cascade."""
    ctx = Context.build(story)
    evidence, turns = gather(ctx)
    run_rules(ctx, evidence, turns)
    return ctx, evidence, turns


def decisions(
    ctx: Context, evidence: list[Evidence], turns: list[Turn], ranker: Ranker | None
) -> list[Decision]:
    """Candidates and features of every quote; the ranker's choice where it has one."""
    out = []
    voices, words = profiles(ctx, evidence)
    for k, ev in enumerate(evidence):
        history = conversation_history(evidence, turns, ev)
        cands = candidates(ctx, ev, [ev.speaker, *history.characters()])
        own = ev.speaker if ev.sieve in TAGGED else None
        history.voice = {
            c.character: sim
            for c in cands
            if c.character in voices
            and (sim := similarity(words[k], voices[c.character], c.character == own)) is not None
        }
        x = featurize(ctx, ev, cands, history)
        speaker, raw = ev.speaker, SIEVE_CONFIDENCE.get(ev.sieve, 0.5)
        if ranker is not None and cands:
            p = ranker.probabilities(x)
            best = int(np.argmax(p))
            if ev.sieve in ranker.trust_rules:
                best = next((i for i, c in enumerate(cands) if c.character == ev.speaker), best)
            speaker, raw = cands[best].character, float(p[best])
        out.append(Decision(cands, x, speaker, raw))
    return out


def conversation_history(evidence: list[Evidence], turns: list[Turn], ev: Evidence) -> History:
    """The rules' speakers of the turns around ``ev``'s turn in the same run."""
    t = ev.turn
    run = turns[t].run
    history = History(in_run=turns[t].position > 0)

    def turn_ev(u: int, last: bool) -> Evidence | None:
        if 0 <= u < len(turns) and turns[u].run == run:
            return evidence[turns[u].quotes[-1 if last else 0]]
        return None

    def tagged(other: Evidence | None) -> str | None:
        return other.speaker if other is not None and other.sieve in TAGGED else None

    last, before = turn_ev(t - 1, True), turn_ev(t - 2, True)
    if last is not None:
        history.prev = last.speaker
        history.addressed_last = [c for c in last.speech.vocatives if c != last.speaker]
    if before is not None:
        history.two_back = before.speaker
    history.prev_tagged, history.two_back_tagged = tagged(last), tagged(before)
    following = turn_ev(t + 1, False)
    if following is not None:
        history.addressed_next = list(following.speech.vocatives)
    history.next_tagged = tagged(following)
    history.two_ahead_tagged = tagged(turn_ev(t + 2, False))
    for side in (range(t - 1, -1, -1), range(t + 1, len(turns))):
        for u in side:
            if turns[u].run != run:
                break
            other = tagged(evidence[turns[u].quotes[0]])
            if other is not None:
                history.run_counts[other] = history.run_counts.get(other, 0) + 1
    history.parity_before = _parity(evidence, turns, t, -1)
    history.parity_after = _parity(evidence, turns, t, +1)
    return history


def _parity(evidence: list[Evidence], turns: list[Turn], t: int, step: int) -> str | None:
    """A-B-A-B counted from the nearest tagged turn in direction ``step``."""
    run = turns[t].run
    tagged: list[tuple[int, str]] = []  # (distance, speaker) of tagged turns in the run
    u = t + step
    while 0 <= u < len(turns) and turns[u].run == run and len(tagged) < 4:
        ev = evidence[turns[u].quotes[0]]
        if ev.sieve in TAGGED and ev.speaker is not None:
            tagged.append((abs(u - t), ev.speaker))
        u += step
    if not tagged:
        return None
    distance, anchor = tagged[0]
    if distance % 2 == 0:
        return anchor
    return next((s for _, s in tagged[1:] if s != anchor), None)


def _why(ranker: Ranker | None, decision: Decision, ev: Evidence) -> str:
    if ranker is None or decision.speaker is None:
        return f"rule:{ev.sieve}" if ev.sieve else "no candidate"
    row = next(i for i, c in enumerate(decision.cands) if c.character == decision.speaker)
    contributions = decision.x[row] * ranker.weights
    top = [FEATURES[i] for i in np.argsort(-contributions)[:2] if contributions[i] > 0]
    agrees = "agrees with" if decision.speaker == ev.speaker else "overrides"
    return f"ranker ({', '.join(top) or 'prior'}); {agrees} rule:{ev.sieve or 'none'}"


# Addressee evidence firm enough to feed back to coreference (``you`` = the addressee).
FIRM_ADDRESSEES = frozenset(("vocative", "tag object", "conversation"))


def attribute(
    story: Story, ranker: Ranker | None | str = "default", firm_addressees_only: bool = False
) -> Story:
    """Fill speaker, speaker_confidence, type, addressees and evidence of every quote.

    ``firm_addressees_only`` leaves out the addressees guessed from who is near (for the
    round trip through coreference, where a guessed ``you`` would mislead it).
    """
    model = load_ranker() if ranker == "default" else ranker
    assert not isinstance(model, str)
    ctx, evidence, turns = prepare(story)
    chosen = decisions(ctx, evidence, turns, model)
    speakers = [d.speaker for d in chosen]
    addressed = find_addressees(ctx, evidence, turns, speakers)
    for ev, decision, (to, how) in zip(evidence, chosen, addressed, strict=True):
        quote = ev.span.quote
        quote.speaker = decision.speaker
        quote.type = ev.type
        conf = decision.raw if model is None else model.calibrate(decision.raw)
        quote.speaker_confidence = round(conf if decision.speaker else 0.0, 3)
        quote.addressees = to if how in FIRM_ADDRESSEES or not firm_addressees_only else []
        quote.evidence = _why(model, decision, ev) + (f"; to: {how}" if how else "")
    counts: dict[str, int] = {}
    for quote in story.quotes:
        if quote.speaker is not None:
            counts[quote.speaker] = counts.get(quote.speaker, 0) + 1
    for character in story.characters:
        character.quotes = counts.get(character.id, 0)
    return story
