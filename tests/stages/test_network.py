"""The network stage on hand-annotated stories (no model)."""

from __future__ import annotations

import json

from insight_stories import build, rivals, tokens_for

from ficlens.document import Character
from ficlens.pipeline import Options
from ficlens.stages.network import STAGE, build_network, layout

PAIR = [
    Character("ann", "Ann Lee", ["Ann"], "she"),
    Character("bo", "Bo Park", ["Bo"], "he"),
    Character("cy", "Cy", [], "they"),
]


def _edge(network: dict, a: str, b: str) -> dict:
    return next(e for e in network["edges"] if (e["source"], e["target"]) == (a, b))


def test_network_strongest_edge_is_the_talking_pair_both_ways() -> None:
    story = STAGE.run(rivals(), Options())
    network = story.insights["network"]
    top_two = {(e["source"], e["target"]) for e in network["edges"][:2]}
    assert top_two == {("kai", "ren"), ("ren", "kai")}
    assert _edge(network, "kai", "ren")["speech"] == 3
    assert _edge(network, "kids", "ren")["speech"] == 2
    assert not any(
        e["source"] == "ren" and e["target"] == "kids" and e["speech"] for e in network["edges"]
    )
    json.dumps(network)  # JSON-ready


def test_network_cooccurrence_counts_shared_paragraphs() -> None:
    story = build(
        "[Ann](ann) met [Bo](bo).\n\n[Ann](ann) and [Bo](bo) ran.\n\n"
        "[Cy](cy) waved at [Ann](ann).\n\nNobody else came.",
        PAIR,
    )
    network = build_network(story)
    assert _edge(network, "ann", "bo")["cooccurrence"] == 2
    assert _edge(network, "bo", "ann")["cooccurrence"] == 2
    assert _edge(network, "cy", "ann")["cooccurrence"] == 1
    assert not [e for e in network["edges"] if {e["source"], e["target"]} == {"bo", "cy"}]
    assert _edge(network, "ann", "bo")["weight"] == 1.0  # 2 paragraphs x 0.5


def test_network_actions_read_agent_and_patient_from_the_parse() -> None:
    story = build(
        "[Bo](bo) kissed [Ann](ann).\n\n[Ann](ann) was hugged by [Cy](cy).\n\n"
        "[Bo](bo) leaned in and looked at [Cy](cy).",
        PAIR,
    )
    p0, p1, p2 = (p.start for p in story.paragraphs)
    story.tokens = tokens_for(
        story,
        p0,
        [
            ("Bo", "Bo", "PROPN", "nsubj", 1),
            ("kissed", "kiss", "VERB", "ROOT", 1),
            ("Ann", "Ann", "PROPN", "dobj", 1),
        ],
    )
    story.tokens += tokens_for(
        story,
        p1,
        [
            ("Ann", "Ann", "PROPN", "nsubjpass", 2),
            ("was", "be", "AUX", "auxpass", 2),
            ("hugged", "hug", "VERB", "ROOT", 2),
            ("by", "by", "ADP", "agent", 2),
            ("Cy", "Cy", "PROPN", "pobj", 3),
        ],
    )
    story.tokens += tokens_for(
        story,
        p2,
        [
            ("Bo", "Bo", "PROPN", "nsubj", 1),
            ("leaned", "lean", "VERB", "ROOT", 1),
            ("in", "in", "ADP", "prt", 1),
            ("and", "and", "CCONJ", "cc", 1),
            ("looked", "look", "VERB", "conj", 1),
            ("at", "at", "ADP", "prep", 4),
            ("Cy", "Cy", "PROPN", "pobj", 5),
        ],
    )
    acts = {(a["agent"], a["patient"], a["verb"]) for a in build_network(story)["actions"]}
    assert acts == {("bo", "ann", "kiss"), ("cy", "ann", "hug"), ("bo", "cy", "look")}
    kiss = next(a for a in build_network(story)["actions"] if a["verb"] == "kiss")
    assert story.text[kiss["start"] : kiss["end"]] == "kissed"


def test_network_layout_is_deterministic_inside_the_unit_square() -> None:
    network = build_network(rivals())
    first, second = layout(network), layout(network)
    assert first == second
    assert set(first) == {n["id"] for n in network["nodes"]}
    assert all(0.0 <= v <= 1.0 for xy in first.values() for v in xy)

    # The strongest pair ends up closer together than the weakest one.
    def dist(a: str, b: str) -> float:
        (x1, y1), (x2, y2) = first[a], first[b]
        return ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5

    assert dist("kai", "ren") < dist("kids", "aiko")


def test_network_stage_declares_its_needs() -> None:
    assert STAGE.name == "network" and STAGE.needs == ("speakers",) and "network" in STAGE.sets
