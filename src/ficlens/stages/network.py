"""The interaction network: who speaks to whom, who appears with whom, who acts on whom.

Three kinds of tie between characters, each counted separately and kept directed:

* ``speech``: lines a character says to another (quote speaker -> each addressee);
* ``cooccurrence``: paragraphs in which both appear (named, referred to, or speaking),
  counted in both directions; ``scenes`` counts shared scenes the same way;
* ``action``: verbs whose subject is one character and whose object is another
  (``Kakashi kissed Gai``, ``he looked at Gai``), read from the dependency parse.

``weight`` combines them: a line or an action counts 1, a shared paragraph 0.5. The
result lives in ``story.insights["network"]`` as plain JSON-ready data.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from typing import Any

from ficlens.document import Story
from ficlens.pipeline import Options, Stage

#: How much one shared paragraph counts in the combined weight, against one line.
COOCCURRENCE_WEIGHT = 0.5

# Object relations of a verb that make its object the one acted on.
_OBJECT_DEPS = {"dobj", "dative", "obj", "iobj"}
# Prepositions after which the object is still the one the action is aimed at
# ("looked at Gai", "turned on him"); "with" is left out: "ran with him" is company.
_AIM_PREPS = {"at", "to", "toward", "towards", "on", "onto", "into", "for", "against", "over"}


def token_characters(story: Story) -> dict[int, str]:
    """Token index -> character id, for every token inside a resolved mention."""
    starts = [t.start for t in story.tokens]
    owner: dict[int, str] = {}
    for m in story.mentions:
        if m.character is None:
            continue
        if m.tok_start >= 0 and m.tok_end > m.tok_start:
            indices = range(m.tok_start, m.tok_end)
        else:
            lo = bisect.bisect_left(starts, m.start)
            hi = bisect.bisect_left(starts, m.end)
            indices = range(lo, hi)
        for i in indices:
            owner[i] = m.character
    return owner


def _paragraph_index(story: Story) -> tuple[list[int], list[int]]:
    """Starts of text paragraphs and their indices in ``story.paragraphs``."""
    pairs = [(p.start, i) for i, p in enumerate(story.paragraphs) if p.kind == "text"]
    return [s for s, _ in pairs], [i for _, i in pairs]


def _locate(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset) - 1


def _scene_of(story: Story, offset: int, bounds: list[int]) -> int:
    return bisect.bisect_right(bounds, offset)


def speech_edges(story: Story) -> Counter[tuple[str, str]]:
    """(speaker, addressee) -> lines."""
    edges: Counter[tuple[str, str]] = Counter()
    for q in story.quotes:
        if q.speaker is None:
            continue
        for a in q.addressees:
            if a != q.speaker:
                edges[(q.speaker, a)] += 1
    return edges


def presence(story: Story) -> dict[int, set[str]]:
    """Paragraph index -> characters present: mentioned, speaking, or spoken to."""
    starts, indices = _paragraph_index(story)
    present: dict[int, set[str]] = defaultdict(set)
    if not starts:
        return present
    for m in story.mentions:
        if m.character is not None:
            k = _locate(starts, m.start)
            if k >= 0:
                present[indices[k]].add(m.character)
    for q in story.quotes:
        k = _locate(starts, q.start)
        if k >= 0:
            who = ([q.speaker] if q.speaker else []) + list(q.addressees)
            present[indices[k]].update(who)
    return present


def cooccurrence_edges(story: Story) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    """Shared paragraphs and shared scenes, both directions."""
    present = presence(story)
    paragraphs: Counter[tuple[str, str]] = Counter()
    bounds = sorted([s.start for s in story.scene_breaks] + [c.start for c in story.chapters])
    by_scene: dict[int, set[str]] = defaultdict(set)
    for index, chars in present.items():
        for a in chars:
            for b in chars:
                if a != b:
                    paragraphs[(a, b)] += 1
        by_scene[_scene_of(story, story.paragraphs[index].start, bounds)].update(chars)
    scenes: Counter[tuple[str, str]] = Counter()
    for chars in by_scene.values():
        for a in chars:
            for b in chars:
                if a != b:
                    scenes[(a, b)] += 1
    return paragraphs, scenes


def actions(story: Story) -> list[dict[str, Any]]:
    """Verbs with one character as subject and another as object, in text order."""
    if not story.tokens:
        return []
    owner = token_characters(story)
    children: dict[int, list[int]] = defaultdict(list)
    for t in story.tokens:
        if t.head != t.i:
            children[t.head].append(t.i)
    tokens = story.tokens
    found = []
    for verb in tokens:
        if verb.pos not in ("VERB", "AUX") or verb.i in owner:
            continue
        agents, patients = [], []
        for c in children[verb.i]:
            dep = tokens[c].dep
            if dep == "nsubj" and c in owner:
                agents.append(owner[c])
            elif (dep == "nsubjpass" or dep in _OBJECT_DEPS) and c in owner:
                patients.append(owner[c])
            elif dep == "agent":
                agents.extend(owner[g] for g in children[c] if g in owner)
            elif dep == "prep" and tokens[c].lemma.lower() in _AIM_PREPS:
                patients.extend(
                    owner[g] for g in children[c] if g in owner and tokens[g].dep == "pobj"
                )
        # "He leaned forward and kissed Gai": the conjoined verb shares the subject.
        if not agents and verb.dep == "conj":
            first = tokens[verb.head]
            agents = [
                owner[c] for c in children[first.i] if tokens[c].dep == "nsubj" and c in owner
            ]
        for a in agents:
            for p in patients:
                if a != p:
                    found.append(
                        {
                            "agent": a,
                            "patient": p,
                            "verb": verb.lemma.lower(),
                            "start": verb.start,
                            "end": verb.end,
                        }
                    )
    return found


def build_network(story: Story) -> dict[str, Any]:
    """The network as JSON-ready data: ``nodes``, directed ``edges`` and ``actions``."""
    speech = speech_edges(story)
    paragraphs, scenes = cooccurrence_edges(story)
    acts = actions(story)
    action_counts: Counter[tuple[str, str]] = Counter((a["agent"], a["patient"]) for a in acts)
    pairs = set(speech) | set(paragraphs) | set(action_counts)
    edges: list[dict[str, Any]] = []
    for a, b in sorted(pairs):
        weight = speech[(a, b)] + action_counts[(a, b)] + COOCCURRENCE_WEIGHT * paragraphs[(a, b)]
        edges.append(
            {
                "source": a,
                "target": b,
                "speech": speech[(a, b)],
                "cooccurrence": paragraphs[(a, b)],
                "scenes": scenes[(a, b)],
                "action": action_counts[(a, b)],
                "weight": round(weight, 3),
            }
        )
    edges.sort(key=lambda e: (-e["weight"], e["source"], e["target"]))
    involved = {e["source"] for e in edges} | {e["target"] for e in edges}
    lines = Counter(q.speaker for q in story.quotes if q.speaker)
    nodes = [
        {
            "id": c.id,
            "name": c.name,
            "kind": c.kind,
            "mentions": c.mentions,
            "lines": lines[c.id],
            "strength": round(
                sum(e["weight"] for e in edges if c.id in (e["source"], e["target"])), 3
            ),
        }
        for c in story.characters
        if c.id in involved or lines[c.id] or c.mentions
    ]
    return {"nodes": nodes, "edges": edges, "actions": acts}


def undirected_weights(network: dict[str, Any]) -> dict[tuple[str, str], float]:
    """Combined weight per unordered pair (sorted ids), both directions added."""
    total: dict[tuple[str, str], float] = defaultdict(float)
    for e in network.get("edges", []):
        a, b = sorted((e["source"], e["target"]))
        total[(a, b)] += float(e["weight"])
    return dict(total)


def layout(network: dict[str, Any], iterations: int = 200) -> dict[str, tuple[float, float]]:
    """Node positions in [0, 1]^2: a small deterministic force-directed layout.

    Starts from a circle (so the result is the same on every run) and lets edges pull
    and all nodes push apart, Fruchterman-Reingold style; enough for a dozen nodes.
    """
    import numpy as np

    ids = [n["id"] for n in network.get("nodes", [])]
    n = len(ids)
    if n == 0:
        return {}
    if n == 1:
        return {ids[0]: (0.5, 0.5)}
    angle = np.linspace(0, 2 * math.pi, n, endpoint=False)
    pos = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    index = {c: i for i, c in enumerate(ids)}
    w = np.zeros((n, n))
    for (a, b), weight in undirected_weights(network).items():
        if a in index and b in index:
            w[index[a], index[b]] = w[index[b], index[a]] = math.log1p(weight)
    k = 1.0 / math.sqrt(n)
    temperature = 0.2
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=2), 1e-3)
        force = (k * k / dist**2)[:, :, None] * delta  # repulsion
        force -= (w * dist / k)[:, :, None] * delta  # attraction along edges
        force -= 0.05 * pos[:, None, :] / n  # a little gravity keeps loners in view
        disp = force.sum(axis=1)
        length = np.maximum(np.linalg.norm(disp, axis=1), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature *= 0.98
    pos -= pos.min(axis=0)
    span = np.maximum(pos.max(axis=0), 1e-9)
    pos /= span
    return {c: (float(pos[i, 0]), float(pos[i, 1])) for i, c in enumerate(ids)}


def network(story: Story, options: Options) -> Story:
    story.insights["network"] = build_network(story)
    return story


STAGE = Stage("network", network, needs=("speakers",), sets=("network",))
