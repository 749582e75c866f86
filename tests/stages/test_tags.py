"""Relationship readings and tag suggestions on hand-annotated stories."""

from __future__ import annotations

import json

from insight_stories import build, rivals

from ficlens.document import Character, Story
from ficlens.pipeline import Options
from ficlens.stages import emotion, network, tags

FRIENDS = """[Ana Ruiz](ana) and [Ben Cole](ben) had been best friends since their first day.

<<ana>ben|0.9|explicit|"You're my best friend, you know that?">> [Ana](ana) said, grinning.

<<ben>ana|0.9|explicit|"Obviously. Teammates forever.">> [Ben](ben) said.

[Ben](ben) bumped [Ana](ana)'s shoulder and the two friends walked on, laughing."""

FRIENDS_CAST = [
    Character("ana", "Ana Ruiz", ["Ana"], "she"),
    Character("ben", "Ben Cole", ["Ben"], "he"),
]


def _run(story: Story) -> dict:
    options = Options()
    for stage in (emotion.STAGE, network.STAGE, tags.STAGE):
        story = stage.run(story, options)
    return story.insights["tags"]


def _tag(suggestions: list[dict], name: str) -> dict:
    return next(s for s in suggestions if s["tag"] == name)


def test_tags_romantic_pair_is_slashed_with_the_kiss_as_evidence() -> None:
    story = rivals()
    result = _run(story)
    rel = _tag(result["relationships"], "Mori Kai/Tanaka Ren")  # sorted, surname first kept
    assert rel["kind"] == "romantic" and rel["score"] > 0.5
    assert rel["evidence"][0]["text"] == "kissed"
    for e in rel["evidence"]:
        assert story.text[e["start"] : e["end"]] == e["text"]
    pair = next(p for p in result["pairs"] if {p["a"], p["b"]} == {"kai", "ren"})
    assert pair["reading"] == "romantic"
    assert pair["lines"] == {"a_to_b": 3, "b_to_a": 3}
    assert {"kiss", "blush", "holding hands"} <= set(pair["cues"])
    json.dumps(result)


def test_tags_freeform_tags_follow_the_evidence() -> None:
    freeform = {s["tag"]: s for s in _run(rivals())["freeform"]}
    assert {
        "First Kiss",
        "Rivalry",
        "Rivals to Lovers",
        "Childhood Friends",
        "Angst with a Happy Ending",
        "Hurt/Comfort",
    } <= set(freeform)
    assert "Fluff" not in freeform  # the story opens with taunts and tears
    assert "Friendship" not in freeform  # the friends became more than that
    assert [e["text"] for e in freeform["Rivalry"]["evidence"]] == ["rival"] * 3
    assert all(0.3 <= s["score"] <= 1.0 for s in freeform.values())


def test_tags_platonic_pair_uses_an_ampersand() -> None:
    result = _run(build(FRIENDS, FRIENDS_CAST))
    assert [s["tag"] for s in result["relationships"]] == ["Ana Ruiz & Ben Cole"]
    rel = result["relationships"][0]
    assert rel["kind"] == "platonic" and {e["cue"] for e in rel["evidence"]} >= {"friend"}
    freeform = {s["tag"] for s in result["freeform"]}
    assert "Friendship" in freeform and "First Kiss" not in freeform
    assert "Fluff" in freeform  # warm all through


def test_tags_characters_use_the_cast_names_and_skip_groups() -> None:
    story = rivals()
    names = [s["tag"] for s in _run(story)["characters"]]
    assert names[:2] == ["Tanaka Ren", "Mori Kai"] or names[:2] == ["Mori Kai", "Tanaka Ren"]
    assert "the other kids" not in names
    assert _run(build(FRIENDS, FRIENDS_CAST))["characters"][0]["tag"] in {"Ana Ruiz", "Ben Cole"}


def test_tags_mark_suggestions_new_or_present_against_archive_tags() -> None:
    story = rivals()
    story.metadata.relationships = ["Tanaka Ren/Mori Kai"]  # other order, same pairing
    story.metadata.characters = ["Kai"]
    story.metadata.tags = ["rivalry"]
    result = _run(story)
    assert _tag(result["relationships"], "Mori Kai/Tanaka Ren")["status"] == "present"
    assert _tag(result["characters"], "Mori Kai")["status"] == "present"  # by alias
    assert _tag(result["characters"], "Tanaka Ren")["status"] == "new"
    assert _tag(result["freeform"], "Rivalry")["status"] == "present"
    assert _tag(result["freeform"], "First Kiss")["status"] == "new"


def test_tags_without_archive_tags_have_no_status() -> None:
    result = _run(rivals())
    assert {
        s["status"] for key in ("characters", "relationships", "freeform") for s in result[key]
    } == {None}
