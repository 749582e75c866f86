"""The clarity report: unclear speakers, ambiguous pronouns, untagged runs."""

from __future__ import annotations

from insight_stories import build, rivals, tokens_for

from ficlens.document import Character
from ficlens.pipeline import Options
from ficlens.stages.clarity import STAGE, LineIndex, find_unclear

DUO = [
    Character("mia", "Mia Ono", ["Mia"], "she"),
    Character("tom", "Tom", [], "he"),
    Character("sam", "Sam", [], "he"),
]


def _kinds(findings: list[dict]) -> list[str]:
    return [f["kind"] for f in findings]


def test_clarity_line_index_is_one_based() -> None:
    where = LineIndex("ab\ncd\n\nef")
    assert where(0) == (1, 1) and where(4) == (2, 2) and where(7) == (4, 1)


def test_clarity_reports_each_kind_with_location_and_reason() -> None:
    story = STAGE.run(rivals(), Options())
    findings = story.insights["clarity"]["findings"]
    assert story.insights["clarity"]["count"] == len(findings)
    assert _kinds(findings).count("unclear-speaker") == 4
    assert _kinds(findings).count("untagged-run") == 1
    assert _kinds(findings).count("ambiguous-pronoun") == 2
    for f in findings:
        line, column = f["line"], f["column"]
        assert story.text.splitlines()[line - 1][column - 1 :].startswith(
            story.text[f["start"] : f["end"]].splitlines()[0]
        )
        assert f["message"] and "\n" not in f["message"]
    run = next(f for f in findings if f["kind"] == "untagged-run")
    assert run["lines"] == 4 and story.text[run["start"] :].startswith('"You are my rival.')
    pronoun = next(f for f in findings if f["kind"] == "ambiguous-pronoun")
    assert set(pronoun["candidates"]) == {"ren", "kai"}


def test_clarity_quiet_on_a_clear_story() -> None:
    story = build(
        '<<mia>tom|0.95|explicit|"Hi.">> [Mia](mia) said.\n\n'
        '<<tom>mia|0.9|explicit|"Hello.">> [Tom](tom) said, and [he](tom) smiled.\n\n'
        "[Mia](mia) nodded. [She](mia) waved.",
        DUO,
    )
    assert find_unclear(story) == []


def test_clarity_a_missing_speaker_is_reported() -> None:
    story = build('<<>|0.0|implicit|"Who said this?">>\n\n[Mia](mia) frowned.', DUO)
    (finding,) = find_unclear(story)
    assert finding["kind"] == "unclear-speaker" and "no speaker" in finding["message"]
    assert (finding["line"], finding["column"]) == (1, 1)


def test_clarity_pronoun_with_one_same_gender_candidate_is_fine() -> None:
    # Mia and Tom are both in the sentence, but only Tom is a "he".
    story = build("[Mia](mia) looked at [Tom](tom). [He](tom) grinned.", DUO)
    assert find_unclear(story) == []
    story = build("[Sam](sam) looked at [Tom](tom). [He](tom?) grinned.", DUO)
    assert _kinds(find_unclear(story)) == ["ambiguous-pronoun"]
    # ...unless coreference was sure of it.
    story = build("[Sam](sam) looked at [Tom](tom). [He](tom) grinned.", DUO)
    assert find_unclear(story) == []


def test_clarity_an_object_pronoun_is_not_its_own_subject() -> None:
    story = build("[Tom](tom) waved. [Sam](sam) smiled at [him](tom?).", DUO)
    start = story.mentions[1].start
    story.tokens = tokens_for(
        story,
        start,
        [
            ("Sam", "Sam", "PROPN", "nsubj", 1),
            ("smiled", "smile", "VERB", "ROOT", 1),
            ("at", "at", "ADP", "prep", 1),
            ("him", "he", "PRON", "pobj", 2),
        ],
    )
    for mention, token in zip(story.mentions[1:], (story.tokens[0], story.tokens[3]), strict=True):
        mention.tok_start, mention.tok_end, mention.head = token.i, token.i + 1, token.i
    assert find_unclear(story) == []  # him is Tom: Sam cannot be "him" here


def test_clarity_narration_breaks_an_untagged_run() -> None:
    lines = [
        '<<mia>tom|0.9|implicit|"One.">>',
        '<<tom>mia|0.9|implicit|"Two.">>',
        '<<mia>tom|0.9|implicit|"Three.">>',
        "[Tom](tom) sighed.",
        '<<tom>mia|0.9|implicit|"Four.">>',
    ]
    assert find_unclear(build("\n\n".join(lines), DUO)) == []
    del lines[3]
    assert _kinds(find_unclear(build("\n\n".join(lines), DUO))) == ["untagged-run"]
