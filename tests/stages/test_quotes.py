"""The quotes stage: every spoken line as a Quote, italic thoughts as thoughts."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ficlens.document import Span, Story
from ficlens.pipeline import READER_SETS, TEXT_STAGES, resolve_stages, run_stages
from ficlens.readers import read_story, read_text

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_a3ab017558f1b5e3.txt"


def analyse(text: str, story: Story | None = None) -> Story:
    story = story or read_text(text)
    story.provides.update(READER_SETS)
    return run_stages(story, resolve_stages(TEXT_STAGES, story.provides))


def said(text: str) -> list[str]:
    return [q.text for q in analyse(text).quotes]


def test_quotes_seed_story_has_its_28_quotes_and_none_in_the_note():
    if not SEED.is_file():
        pytest.skip("../shared/seeds is not here")
    story = read_story(SEED)
    analyse("", story)
    assert story.paragraphs[0].kind == "note"
    note = story.notes[0]
    assert note.start == story.paragraphs[0].start
    assert len(story.quotes) == 28
    assert all(q.start >= note.end for q in story.quotes)
    # ``"I'm. . . Gai," Kakashi paused, ..., "Gai, I am-" he broke off.``: two quotes,
    # the second broken off with a hyphen and continuing the first.
    broken = [q for q in story.quotes if q.text.endswith('-"') and q.continues]
    assert broken and story.quotes[int(broken[0].continues[1:])].text.endswith(',"')
    assert [q.id for q in story.quotes] == [f"q{n}" for n in range(28)]


def test_quotes_straight_and_curly_double_quotes():
    assert said('"Hi," Ana said.\n\n“Hello,” said Ben.\n\n«Salut», dit Claire.\n') == [
        '"Hi,"',
        "“Hello,”",
        "«Salut»",
    ]


def test_quotes_span_includes_the_marks_and_indexes_the_text():
    story = analyse('Ana waved. "Over here!"\n')
    (quote,) = story.quotes
    assert story.text[quote.start : quote.end] == quote.text == '"Over here!"'
    assert quote.paragraph == 0 and quote.mark == "double"


def test_quotes_interrupted_by_a_tag_are_two_linked_quotes():
    story = analyse('"Come," he said, "now."\n')
    first, second = story.quotes
    assert (first.text, second.text) == ('"Come,"', '"now."')
    assert first.continues is None and second.continues == first.id


def test_quotes_multi_paragraph_speech_links_each_paragraph():
    text = (
        '"The first thing you learn at sea," said the captain, "is the weather.\n\n'
        '"The second is the crew.\n\n'
        '"The third is yourself."\n\nNobody laughed.\n'
    )
    story = analyse(text)
    texts = [q.text for q in story.quotes]
    assert texts == [
        '"The first thing you learn at sea,"',
        '"is the weather.',
        '"The second is the crew.',
        '"The third is yourself."',
    ]
    assert [q.continues for q in story.quotes] == [None, "q0", "q1", "q2"]
    assert len({q.paragraph for q in story.quotes}) == 3


def test_quotes_nested_quote_is_part_of_the_outer_one():
    assert said("\"She told me 'never again', and meant it,\" Ana said.\n") == [
        "\"She told me 'never again', and meant it,\""
    ]
    british = "‘He shouted “Fire!” and ran,’ said Ben. ‘Then we all ran.’\n\n‘Did you?’\n"
    assert said(british) == ["‘He shouted “Fire!” and ran,’", "‘Then we all ran.’", "‘Did you?’"]


@pytest.mark.parametrize("dash", ["-", "--", "—"])
def test_quotes_broken_off_speech(dash: str):
    assert said(f'"Wait, I{dash}" she broke off. "Never mind."\n') == [
        f'"Wait, I{dash}"',
        '"Never mind."',
    ]


def test_quotes_british_single_quotes_with_apostrophes():
    text = (
        "'Give 'em the boys' boots,' said Tom, 'and don't be late, it's six o'clock.'\n\n"
        "'I like rock 'n' roll,' said Meg.\n\n"
        "'Rightio,' said Tom. 'Off we go.'\n\n"
        "The dogs' leads were by the door.\n"
    )
    story = analyse(text)
    assert [q.text for q in story.quotes] == [
        "'Give 'em the boys' boots,'",
        "'and don't be late, it's six o'clock.'",
        "'I like rock 'n' roll,'",
        "'Rightio,'",
        "'Off we go.'",
    ]
    assert {q.mark for q in story.quotes} == {"single"}


def test_quotes_single_quotes_ignored_where_dialogue_is_double():
    text = '"Come on," said Jo. \'Fine\', thought Amy, and the girls\' coats went on.\n\n"Go!"\n'
    assert said(text) == ['"Come on,"', '"Go!"']


def test_quotes_em_dash_dialogue_cut_at_the_tag():
    text = (
        "—Come up, Kinch! he called from the stairs.\n\n"
        "Stephen looked up.\n\n"
        "—Tell me, Mulligan, Stephen said quietly. How long is he staying?\n\n"
        "—A week, maybe.\n"
    )
    story = analyse(text)
    assert [q.text for q in story.quotes] == [
        "—Come up, Kinch!",
        "—Tell me, Mulligan",
        "How long is he staying?",
        "—A week, maybe.",
    ]
    assert {q.mark for q in story.quotes} == {"dash"}


def test_quotes_text_messages_in_a_row():
    text = (
        "Pepper's phone buzzed.\n\n"
        "Tony: where are you\n\nPepper: work. where else\n\nTony: come home\n"
    )
    story = analyse(text)
    assert [(q.speaker_hint, q.text, q.mark) for q in story.quotes] == [
        ("Tony", "where are you", "message"),
        ("Pepper", "work. where else", "message"),
        ("Tony", "come home", "message"),
    ]


def test_quotes_chat_handles_in_lower_case_must_recur():
    text = "ironfan99: where r u\n\npepperpotts: work\n\nironfan99: come home\n"
    story = analyse(text)
    assert [q.speaker_hint for q in story.quotes] == ["ironfan99", "pepperpotts", "ironfan99"]
    assert said("officer: they had been to the coast.\n\nsoldiers: all of them.\n") == []


def test_quotes_one_colon_line_in_prose_is_not_a_message():
    assert said("The sign read as follows.\n\nNote: the shop is closed.\n\nShe left.\n") == []
    assert said("Ana: she had always hated that name.\n\nThe rain went on.\n") == []


def test_quotes_italic_thoughts_are_thoughts_not_quotes():
    story = analyse('*Why would he come back?* Gai wondered. "Hello," he said.\n')
    assert [q.text for q in story.quotes] == ['"Hello,"']
    assert [story.text[t.start : t.end] for t in story.thoughts] == ["*Why would he come back?*"]
    emphasis = analyse("It was *very* cold.\n")
    assert emphasis.thoughts == []


def test_quotes_words_the_narration_quotes_do_not_carry_the_speech_on():
    # Speech after a phrase the narration re-quotes does not continue the phrase: the
    # phrase is someone else's words, the speech the paragraph speaker's.
    story = analyse(
        '"I am Wren," the girl said, drawing herself up. She thought the man was very '
        'rude to call her mother\'s cottage "A place fit for pigs!" "I fell asleep '
        'when the others left."\n'
    )
    first, phrase, rest = story.quotes
    assert phrase.text == '"A place fit for pigs!"'
    assert phrase.continues is None and rest.continues != phrase.id


def test_quotes_italic_words_after_a_speech_verb_are_speech():
    story = analyse(
        "The guard on the wall cried out in a hoarse voice, _Vesh tarrow_, and the gate "
        "swung shut. Later the whole crowd took up a shout of _Vesh tarrow_.\n"
    )
    assert [(q.text, q.mark) for q in story.quotes] == [
        ("_Vesh tarrow_", "italic"),
        ("_Vesh tarrow_", "italic"),
    ]
    assert story.thoughts == []


def test_quotes_italic_after_thought_or_naming_is_no_speech():
    assert said("_Not again,_ she thought, and _why now?_ she wondered.\n") == []
    assert said("He said the word _home_ as if it hurt.\n") == []
    assert said("She whispered it twice, then wrote _Vesh tarrow_ in the dust.\n") == []


def test_quotes_reader_italics_become_thoughts():
    story = read_text("Not again, she thought, and opened the door.\n")
    story.italics = [Span(0, 10)]
    analyse("", story)
    assert story.thoughts == [Span(0, 10)] and story.quotes == []


def test_quotes_scare_quotes_and_titles_are_not_speech():
    text = (
        'He was a so-called "genius" at the lab.\n\n'
        'We read "The Long Winter" twice.\n\n'
        'The inn was called the "Crown," and it was full.\n\n'
        '"Stop," she whispered "please."\n'
    )
    assert said(text) == ['"Stop,"', '"please."']


def test_quotes_short_lower_case_speech_after_a_sentence_is_kept():
    text = (
        'Kakashi shrugged. "maybe"\n\n'
        'The boots were called "wellies," and nobody liked them.\n\n'
        '"I\'m. . . Rin," he paused, eyes narrowing, "Rin, I am-" he broke off.\n'
    )
    assert said(text) == ['"maybe"', '"I\'m. . . Rin,"', '"Rin, I am-"']


def test_quotes_indented_verse_is_skipped_but_tab_indented_prose_is_not():
    verse = (
        "The old man sang.\n\n"
        '    "Ten crows on the chimney pot,\n     and one of them is mine."\n\n'
        '"Stop that," said Ada.\n\nHe stopped.\n\nThe fire hissed.\n'
    )
    assert said(verse) == ['"Stop that,"']
    tabbed = '\t"Stop that," said Ada.\n\n\tHe stopped.\n\nThe fire hissed.\n'
    assert said(tabbed) == ['"Stop that,"']


def test_quotes_indented_song_introduced_by_a_colon_is_speech():
    text = (
        "The old man leaned back and began his song:\n\n"
        '    "Ten crows on the chimney pot,\n     and one of them is mine."\n\n'
        '"Stop that," said Ada.\n\nHe stopped.\n\nThe fire hissed.\n'
    )
    assert said(text) == [
        '"Ten crows on the chimney pot,\n     and one of them is mine."',
        '"Stop that,"',
    ]


def test_quotes_unbalanced_mark_stops_at_the_paragraph():
    text = '"This never closes, he said.\n\nThe next paragraph is narration.\n\n"Fine."\n'
    story = analyse(text)
    assert [q.text for q in story.quotes] == ['"This never closes, he said.', '"Fine."']
    assert story.quotes[1].continues is None


def test_quotes_nothing_inside_notes_headings_or_breaks():
    text = (
        'A/N: "Lighthouse" was the prompt. Thanks for reading!\n\n'
        'Chapter 1\n\n"Go," said Ana.\n\n* * *\n\n"Went," said Ben.\n'
    )
    story = analyse(text)
    assert [q.text for q in story.quotes] == ['"Go,"', '"Went,"']
    kinds = {story.paragraphs[q.paragraph].kind for q in story.quotes}
    assert kinds == {"text"}


def test_quotes_run_fast_on_a_long_story():
    paragraph = '"Where are you going?" Ana asked, and Ben said, "Out. Don\'t wait up."\n\n'
    story = read_text(paragraph * 5000 + "The end.\n")
    began = time.perf_counter()
    analyse("", story)
    elapsed = time.perf_counter() - began
    assert len(story.quotes) == 10000
    words = story.words
    # Hundreds of thousands of words a second on one core; a wide margin for CI.
    assert words / elapsed > 50_000


QUOTE_ALPHABET = st.sampled_from(list("ab \n\n\"“”‘’'—-*_:,.!?T") + ["Tony: ", "\n\n", "Chapter 1"])


@settings(max_examples=300, deadline=None)
@given(st.lists(QUOTE_ALPHABET, max_size=80).map("".join))
def test_quotes_property_spans_lie_in_one_text_paragraph_and_never_overlap(text: str):
    story = read_text(text)
    analyse("", story)
    previous_end = -1
    for quote in story.quotes:
        assert 0 <= quote.start < quote.end <= len(story.text)
        assert story.text[quote.start : quote.end] == quote.text
        paragraph = story.paragraphs[quote.paragraph]
        assert paragraph.kind == "text"
        assert paragraph.start <= quote.start and quote.end <= paragraph.end
        assert quote.start >= previous_end
        previous_end = quote.end
    for thought in story.thoughts:
        assert 0 <= thought.start < thought.end <= len(story.text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_quotes_property_never_crash_on_any_text(text: str):
    story = read_text(text)
    analyse("", story)
    ids = [q.id for q in story.quotes]
    assert ids == [f"q{n}" for n in range(len(ids))]
    assert all(q.continues in ids for q in story.quotes if q.continues)
