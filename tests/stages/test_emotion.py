"""The emotion stage: VADER valence per paragraph, the smoothed arc, per character."""

from __future__ import annotations

import json

from insight_stories import build, rivals

from ficlens.document import Character
from ficlens.pipeline import Options
from ficlens.stages.emotion import ARC_POINTS, STAGE, measure, valence

DUO = [Character("mia", "Mia", [], "she"), Character("tom", "Tom", [], "he")]


def test_emotion_valence_has_the_sign_of_the_words() -> None:
    assert valence("She was happy, warm and loved.") > 0.5
    assert valence("He was miserable, cold and hated.") < -0.5
    assert valence("   ") == 0.0


def test_emotion_paragraphs_are_scored_and_notes_left_out() -> None:
    story = build(
        "A/N: I love this so much, best ever!\n\n[Mia](mia) wept in terrible grief."
        "\n\n[Tom](tom) laughed with joy.",
        DUO,
    )
    result = measure(story)
    assert [p["index"] for p in result["paragraphs"]] == [1, 2]
    sad, glad = result["paragraphs"]
    assert sad["valence"] < 0 < glad["valence"]


def test_emotion_arc_has_fixed_points_and_follows_the_story() -> None:
    story = STAGE.run(rivals(), Options())
    arc = story.insights["emotion"]["arc"]
    assert len(arc) == ARC_POINTS
    assert arc[0]["position"] == 0.0 and arc[-1]["position"] == 1.0
    values = [p["valence"] for p in arc]
    low = values.index(min(values))
    assert low < ARC_POINTS // 2  # the taunts open the story
    assert values[0] < 0 < values[-1]
    assert values[-1] - min(values) > 0.3  # and it rises at the end
    json.dumps(story.insights["emotion"])


def test_emotion_arc_points_option() -> None:
    options = Options(stage_options={"emotion": {"points": 5}})
    assert len(STAGE.run(rivals(), options).insights["emotion"]["arc"]) == 5


def test_emotion_characters_have_mood_of_lines_and_of_narration() -> None:
    story = build(
        '<<mia>tom|0.9|explicit|"I hate you, you awful liar.">> [Mia](mia) said.\n\n'
        '<<tom>mia|0.9|explicit|"I adore you, it is wonderful.">> [Tom](tom) said.\n\n'
        "[Tom](tom) smiled, delighted and happy.",
        DUO,
    )
    chars = measure(story)["characters"]
    assert chars["mia"]["lines"]["valence"] < 0 < chars["tom"]["lines"]["valence"]
    assert chars["tom"]["lines"]["count"] == 1
    # The narration around Tom is cheerful; his quote is not counted in it.
    assert chars["tom"]["narration"]["count"] == 2
    assert chars["tom"]["narration"]["valence"] > 0.3
