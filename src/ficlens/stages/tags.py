"""Relationship readings and archive-style tag suggestions, each with its evidence.

For every pair of characters that interacts, the stage reads how much they talk, the
mood of what they say to each other, and the romantic cues (kisses, confessions,
endearments, blushing, holding hands) and platonic ones (friend, rival, teammate,
brother) in the paragraphs they share. From those it suggests, the way fan archives
tag: characters (names as the story or the cast file gives them), relationships
(``A/B`` romantic, ``A & B`` platonic, names sorted) and a small set of freeform tags
(First Kiss, Rivalry, Hurt/Comfort, Angst with a Happy Ending, ...). Every suggestion
has a score in [0, 1] and evidence spans; when the source has its own tags (AO3) each
suggestion says whether it is ``new`` or already ``present``.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ficlens.document import Story
from ficlens.pipeline import Options, Stage
from ficlens.stages.network import presence

_I = re.IGNORECASE

#: (cue name, pattern, weight). Romantic cues: what makes a pair ``A/B``.
ROMANTIC_CUES: tuple[tuple[str, re.Pattern[str], float], ...] = (
    ("kiss", re.compile(r"\bkiss(?:ed|es|ing)?\b", _I), 1.0),
    ("love", re.compile(r"\b(?:i\s+)?love\s+you\b|\bin\s+love\b", _I), 1.0),
    ("confession", re.compile(r"\bconfess(?:ed|es|ing|ion)?\b", _I), 0.5),
    (
        "endearment",
        re.compile(r"\b(?:darling|sweetheart|sweetie|honey|babe|beloved|dearest|my\s+love)\b", _I),
        0.5,
    ),
    (
        "blush",
        re.compile(
            r"\bblush(?:ed|es|ing)?\b|\bcheeks?\s+(?:\w+\s+){0,2}(?:pink|red|scarlet|crimson|"
            r"flushed|burning|warm|hot)\b",
            _I,
        ),
        0.4,
    ),
    # Someone else's hand: "held Kai's hand", "clasping the offered hand", "holding
    # hands"; not "squeezing his hands together" (his own) or "held out a hand".
    (
        "holding hands",
        re.compile(
            r"\b(?:held|hold|holds|holding|took|takes|clasp(?:ed|ing|s)?|squeez(?:ed|es|ing|e)|"
            r"grabb?(?:ed|ing|s)?)\s+(?:\w+'s|the\s+offered|(?:his|her|their)\s+offered)\s+hand\b"
            r"|\b(?:held|hold|holding)\s+hands\b|\bhand\s+in\s+hand\b"
            r"|\b(?:lac|intertwin)(?:ed|ing)\s+(?:their\s+)?fingers\b",
            _I,
        ),
        0.3,
    ),
    (
        "crush",
        re.compile(r"\b(?:a|his|her|their|my|baby)\s+crush(?:es)?\b|\bcrush(?:ing)?\s+on\b", _I),
        0.6,
    ),
    ("lover", re.compile(r"\b(?:boyfriend|girlfriend|lovers?)\b", _I), 0.6),
)

#: Platonic cues: what makes a pair ``A & B`` and feeds Friendship, Rivalry...
PLATONIC_CUES: tuple[tuple[str, re.Pattern[str], float], ...] = (
    ("friend", re.compile(r"\b(?:best\s+)?friends?(?:hip)?\b", _I), 0.5),
    ("rival", re.compile(r"\brival(?:s|ry|ries)?\b", _I), 0.6),
    ("teammate", re.compile(r"\b(?:teammates?|comrades?|squad\s*mates?)\b", _I), 0.4),
    ("sibling", re.compile(r"\b(?:brothers?|sisters?|siblings?)\b", _I), 0.4),
    ("mentor", re.compile(r"\b(?:sensei|mentor|apprentice|student)\b", _I), 0.3),
)

_STORY_CUES: dict[str, re.Pattern[str]] = {
    "hurt": re.compile(
        r"\b(?:hurt(?:s|ing)?|pain(?:ful)?|tears?|cr(?:y|ied|ies|ying)|sob(?:bed|bing|s)?|"
        r"wound(?:ed)?|injur(?:ed|y|ies)|bleed(?:ing)?|flinch(?:ed|es|ing)?|ach(?:e|ed|ing))\b",
        _I,
    ),
    "comfort": re.compile(
        r"\b(?:comfort(?:ed|ing|s)?|sooth(?:e|ed|ing)|reassur(?:e|ed|ing)|hug(?:ged|ging|s)?|"
        r"embrac(?:e|ed|ing)|it'?s\s+(?:okay|ok|all\s+right)|don'?t\s+let\s+(?:any|anyone))\b",
        _I,
    ),
    "childhood": re.compile(
        r"\b(?:childhood|as\s+(?:children|kids)|since\s+(?:we|they)\s+were\s+(?:children|kids|"
        r"little)|grew\s+up\s+together)\b",
        _I,
    ),
    "first kiss": re.compile(r"\bfirst\s+kiss\b", _I),
    "pining": re.compile(
        r"\b(?:pin(?:e|ed|es|ing)\s+for|long(?:ed|ing)\s+for|yearn(?:ed|ing|s)?|"
        r"unrequited|couldn'?t\s+stop\s+thinking)\b",
        _I,
    ),
    "rival": re.compile(r"\brival(?:s|ry|ries)?\b", _I),
    "enemy": re.compile(r"\b(?:enem(?:y|ies)|hated?|loathe[ds]?|nemesis)\b", _I),
}

#: A pair reads romantic when its romantic cue weight reaches this (one kiss does).
ROMANTIC_THRESHOLD = 1.0
#: Combined network weight a platonic pair needs before it is suggested as ``A & B``.
PLATONIC_MIN_WEIGHT = 3.0
#: Suggestions scoring below this are not shown.
MIN_SCORE = 0.3
MAX_EVIDENCE = 5


@dataclass
class Cue:
    name: str
    start: int
    end: int
    weight: float

    def evidence(self, story: Story) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": story.text[self.start : self.end],
            "cue": self.name,
        }


@dataclass
class Pair:
    a: str
    b: str
    romantic: list[Cue] = field(default_factory=list)
    platonic: list[Cue] = field(default_factory=list)

    def score(self, cues: list[Cue]) -> float:
        return sum(c.weight for c in cues)


def _find(
    patterns: tuple[tuple[str, re.Pattern[str], float], ...], text: str, base: int, share: float
) -> list[Cue]:
    return [
        Cue(name, base + m.start(), base + m.end(), weight * share)
        for name, pattern, weight in patterns
        for m in pattern.finditer(text)
    ]


def _squash(x: float) -> float:
    """Map a non-negative amount of evidence onto [0, 1)."""
    return 1.0 - math.exp(-max(x, 0.0))


def _dedupe(cues: list[Cue]) -> list[Cue]:
    """One cue per span (an action verb and a regex can find the same kiss)."""
    kept: list[Cue] = []
    for cue in sorted(cues, key=lambda c: (c.start, -c.weight)):
        if kept and cue.start < kept[-1].end:
            continue
        kept.append(cue)
    return kept


def read_pairs(story: Story, network: dict[str, Any]) -> dict[tuple[str, str], Pair]:
    """Romantic and platonic cues per pair, from the paragraphs they share.

    A paragraph's company is who is in it and who was in the paragraph before: in
    ``He leaned in and kissed Gai`` the other boy is often named only a line earlier.
    """
    pairs: dict[tuple[str, str], Pair] = {}
    present = presence(story)
    before: set[str] = set()
    for index, p in enumerate(story.paragraphs):
        if p.kind != "text":
            continue
        here = present.get(index, set())
        chars, before = here | before, here
        if len(chars) < 2:
            continue
        text = story.text[p.start : p.end]
        # A cue in a paragraph with three people is shared between their pairs.
        share = 1.0 / (len(chars) - 1)
        romantic = _find(ROMANTIC_CUES, text, p.start, share)
        platonic = _find(PLATONIC_CUES, text, p.start, share)
        ordered = sorted(chars)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                pair = pairs.setdefault((a, b), Pair(a, b))
                pair.romantic.extend(romantic)
                pair.platonic.extend(platonic)
    # The parse names who kissed whom: that cue belongs to that pair alone, in full.
    for act in network.get("actions", []):
        if act["verb"] in ("kiss", "embrace", "cuddle", "nuzzle"):
            a, b = sorted((act["agent"], act["patient"]))
            pair = pairs.setdefault((a, b), Pair(a, b))
            name = "kiss" if act["verb"] == "kiss" else "embrace"
            weight = 1.0 if name == "kiss" else 0.4
            pair.romantic.append(Cue(name, act["start"], act["end"], weight))
    for pair in pairs.values():
        pair.romantic = _dedupe(pair.romantic)
        pair.platonic = _dedupe(pair.platonic)
    return pairs


def _pair_mood(story: Story, emotion: dict[str, Any], a: str, b: str) -> float | None:
    scores = emotion.get("quotes", {})
    values = [
        scores[q.id]
        for q in story.quotes
        if q.id in scores
        and ((q.speaker == a and b in q.addressees) or (q.speaker == b and a in q.addressees))
    ]
    return round(sum(values) / len(values), 4) if values else None


def relationship_readings(
    story: Story,
    network: dict[str, Any],
    emotion: dict[str, Any],
    pairs: dict[tuple[str, str], Pair],
) -> list[dict[str, Any]]:
    edges = {(e["source"], e["target"]): e for e in network.get("edges", [])}
    names = {c.id: c.name for c in story.characters}
    readings = []
    keys = {tuple(sorted((s, t))) for s, t in edges} | set(pairs)
    for a, b in sorted(keys):
        ab, ba = edges.get((a, b), {}), edges.get((b, a), {})
        pair = pairs.get((a, b), Pair(a, b))
        romantic, platonic = pair.score(pair.romantic), pair.score(pair.platonic)
        weight = float(ab.get("weight", 0)) + float(ba.get("weight", 0))
        if romantic >= ROMANTIC_THRESHOLD:
            reading = "romantic"
        elif platonic > 0:
            reading = "platonic"
        elif weight >= PLATONIC_MIN_WEIGHT:
            reading = "interacting"  # they deal with each other; nothing says how
        else:
            reading = "unclear"
        readings.append(
            {
                "a": a,
                "b": b,
                "names": [names.get(a, a), names.get(b, b)],
                "lines": {"a_to_b": ab.get("speech", 0), "b_to_a": ba.get("speech", 0)},
                "shared_paragraphs": ab.get("cooccurrence", 0),
                "actions": ab.get("action", 0) + ba.get("action", 0),
                "weight": round(weight, 3),
                "mood": _pair_mood(story, emotion, a, b),
                "romantic": round(romantic, 3),
                "platonic": round(platonic, 3),
                "reading": reading,
                "cues": sorted({c.name for c in pair.romantic + pair.platonic}),
            }
        )
    readings.sort(key=lambda r: -r["weight"])
    return readings


def _norm(tag: str) -> str:
    return " ".join(tag.casefold().split())


def _relationship_key(tag: str) -> tuple[str, frozenset[str]]:
    kind = "/" if "/" in tag else "&"
    return kind, frozenset(_norm(n) for n in re.split(r"/|\s&\s", tag) if n.strip())


def _mark_status(story: Story, suggestions: dict[str, list[dict[str, Any]]]) -> None:
    meta = story.metadata
    has_tags = bool(meta.tags or meta.relationships or meta.characters)
    known_chars = {_norm(t) for t in meta.characters}
    known_rels = {_relationship_key(t) for t in meta.relationships}
    known_tags = {_norm(t) for t in meta.tags}
    by_name = {c.name: c for c in story.characters}
    for s in suggestions["characters"]:
        c = by_name.get(s["tag"])
        names = {_norm(s["tag"])} | ({_norm(x) for x in c.aliases} if c else set())
        s["status"] = ("present" if names & known_chars else "new") if has_tags else None
    for s in suggestions["relationships"]:
        s["status"] = (
            ("present" if _relationship_key(s["tag"]) in known_rels else "new")
            if has_tags
            else None
        )
    for s in suggestions["freeform"]:
        s["status"] = ("present" if _norm(s["tag"]) in known_tags else "new") if has_tags else None


def _suggest(tag: str, kind: str, score: float, cues: list[Cue], story: Story) -> dict[str, Any]:
    return {
        "tag": tag,
        "kind": kind,
        "score": round(min(max(score, 0.0), 1.0), 3),
        # Strongest evidence first (a kiss before a squeezed hand), text order within.
        "evidence": [
            c.evidence(story) for c in sorted(cues, key=lambda c: -c.weight)[:MAX_EVIDENCE]
        ],
    }


def _story_cues(story: Story) -> dict[str, list[Cue]]:
    found: dict[str, list[Cue]] = defaultdict(list)
    for p in story.story_paragraphs():
        text = story.text[p.start : p.end]
        for name, pattern in _STORY_CUES.items():
            found[name].extend(
                Cue(name, p.start + m.start(), p.start + m.end(), 1.0)
                for m in pattern.finditer(text)
            )
    return found


def _freeform(
    story: Story,
    readings: list[dict[str, Any]],
    pairs: dict[tuple[str, str], Pair],
    emotion: dict[str, Any],
) -> list[dict[str, Any]]:
    cues = _story_cues(story)
    romantic = [
        pairs[(r["a"], r["b"])]
        for r in readings
        if r["reading"] == "romantic" and (r["a"], r["b"]) in pairs
    ]
    all_platonic = _dedupe([c for p in pairs.values() for c in p.platonic])
    all_romantic = _dedupe([c for p in romantic for c in p.romantic])
    kisses = [c for c in all_romantic if c.name == "kiss"]
    rivals = cues["rival"]  # rivalry is the story's, whoever says it
    friends = [c for c in all_platonic if c.name == "friend"]
    out = []
    if kisses:
        # One or two kisses in a story, or the words "first kiss", read as a first kiss.
        score = 0.9 if cues["first kiss"] else 0.7 if len(kisses) <= 2 else 0.4
        out.append(_suggest("First Kiss", "freeform", score, cues["first kiss"] + kisses, story))
    if rivals:
        out.append(_suggest("Rivalry", "freeform", _squash(len(rivals) / 2), rivals, story))
        if romantic:
            out.append(
                _suggest(
                    "Rivals to Lovers",
                    "freeform",
                    min(_squash(len(rivals) / 2), 0.8),
                    kisses + rivals,
                    story,
                )
            )
    if friends and not romantic:
        out.append(_suggest("Friendship", "freeform", _squash(len(friends) / 2), friends, story))
    if friends and romantic:
        out.append(
            _suggest("Friends to Lovers", "freeform", _squash(len(friends) / 3), friends, story)
        )
    if cues["childhood"] and friends:
        near = [c for c in cues["childhood"] if any(abs(f.start - c.start) < 120 for f in friends)]
        if near:
            out.append(_suggest("Childhood Friends", "freeform", 0.6, near + friends, story))
    if romantic and len(cues["enemy"]) >= 2:
        out.append(
            _suggest(
                "Enemies to Lovers",
                "freeform",
                _squash(len(cues["enemy"]) / 3),
                cues["enemy"],
                story,
            )
        )
    if romantic and cues["pining"]:
        out.append(
            _suggest("Pining", "freeform", _squash(len(cues["pining"]) / 2), cues["pining"], story)
        )
    for cue, tag in (
        ("love", "Love Confessions"),
        ("blush", "Blushing"),
        ("holding hands", "Holding Hands"),
    ):
        found = [c for c in all_romantic if c.name == cue]
        if found:
            out.append(_suggest(tag, "freeform", _squash(len(found)), found, story))
    out.extend(_mood_tags(story, cues, bool(romantic or friends), emotion))
    return sorted(out, key=lambda s: -s["score"])


def _mood_tags(
    story: Story, cues: dict[str, list[Cue]], warm: bool, emotion: dict[str, Any]
) -> list[dict[str, Any]]:
    """Tags read from the shape of the mood arc and the hurt/comfort vocabulary."""
    arc = [p["valence"] for p in emotion.get("arc", [])]
    if not arc:
        return []
    low, end, mean = min(arc), sum(arc[-3:]) / len(arc[-3:]), float(emotion.get("mean", 0.0))
    hurt, comfort = cues["hurt"], cues["comfort"]
    out = []
    recovery = end - low
    if low < -0.1 and len(hurt) >= 2 and recovery >= 0.2:
        score = _squash(len(hurt) / 4) * min(1.0, recovery / 0.4) + 0.15 * bool(comfort)
        out.append(_suggest("Hurt/Comfort", "freeform", score, hurt[:3] + comfort[:2], story))
    if low < -0.2 and len(hurt) >= 2:
        if end > 0.05 and recovery >= 0.3:
            out.append(
                _suggest(
                    "Angst with a Happy Ending", "freeform", min(1.0, recovery / 0.6), hurt, story
                )
            )
        else:
            out.append(_suggest("Angst", "freeform", min(1.0, -low / 0.5), hurt, story))
    if warm and mean >= 0.15 and low > -0.15:
        out.append(_suggest("Fluff", "freeform", min(1.0, mean / 0.4), [], story))
    return out


def suggest(story: Story, network: dict[str, Any], emotion: dict[str, Any]) -> dict[str, Any]:
    """The stage's result: readings per pair and suggestions by kind."""
    pairs = read_pairs(story, network)
    readings = relationship_readings(story, network, emotion, pairs)
    names = {c.id: c for c in story.characters}
    lines: dict[str, int] = defaultdict(int)
    for q in story.quotes:
        if q.speaker:
            lines[q.speaker] += 1
    characters = []
    # Scores are relative to the lead: a novel's walk-on with ten mentions is not a tag.
    presence_of = {c.id: c.mentions + 2 * lines[c.id] for c in story.characters}
    lead = max(presence_of.values(), default=0) or 1
    for c in story.characters:
        if c.kind != "named" or (c.mentions < 2 and not lines[c.id]):
            continue
        first = [m for m in story.mentions if m.character == c.id and m.kind == "proper"][:1]
        score = _squash(4 * presence_of[c.id] / lead) * _squash(presence_of[c.id] / 3)
        characters.append(
            _suggest(
                c.name, "character", score, [Cue("name", m.start, m.end, 1) for m in first], story
            )
        )
    characters.sort(key=lambda s: -s["score"])
    relationships = []
    strongest = max((r["weight"] for r in readings), default=0) or 1
    for r in readings:
        ca, cb = names.get(r["a"]), names.get(r["b"])
        if not (ca and cb and ca.kind == "named" and cb.kind == "named"):
            continue
        pair = pairs.get((r["a"], r["b"]), Pair(r["a"], r["b"]))
        tag_names = sorted((ca.name, cb.name), key=str.casefold)
        if r["reading"] == "romantic":
            relationships.append(
                _suggest(
                    "/".join(tag_names), "romantic", _squash(r["romantic"]), pair.romantic, story
                )
            )
        elif r["weight"] >= PLATONIC_MIN_WEIGHT:  # archives use & for any non-romantic tie
            score = _squash(3 * r["weight"] / strongest + r["platonic"] / 4)
            relationships.append(
                _suggest(" & ".join(tag_names), "platonic", score, pair.platonic, story)
            )
    relationships.sort(key=lambda s: -s["score"])
    suggestions = {
        "characters": [s for s in characters if s["score"] >= MIN_SCORE],
        "relationships": [s for s in relationships if s["score"] >= MIN_SCORE],
        "freeform": [
            s for s in _freeform(story, readings, pairs, emotion) if s["score"] >= MIN_SCORE
        ],
    }
    _mark_status(story, suggestions)
    return {"pairs": readings, **suggestions}


def tags(story: Story, options: Options) -> Story:
    story.insights["tags"] = suggest(
        story, story.insights.get("network", {}), story.insights.get("emotion", {})
    )
    return story


STAGE = Stage("tags", tags, needs=("network", "emotion"), sets=("tags",))
