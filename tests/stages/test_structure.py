"""The structure stage: author's notes, chapters and scene breaks in plain text."""

from __future__ import annotations

import pytest

from ficlens.document import Chapter, Note, Story
from ficlens.pipeline import READER_SETS, resolve_stages, run_stages
from ficlens.readers import read_text


def structure(text: str, story: Story | None = None) -> Story:
    story = story or read_text(text)
    story.provides.update(READER_SETS)
    return run_stages(story, resolve_stages(["structure"], story.provides))


def kinds(story: Story) -> list[str]:
    return [p.kind for p in story.paragraphs]


def note_texts(story: Story) -> list[str]:
    return [story.text[n.start : n.end] for n in story.notes]


UNLABELLED_NOTE = """\
I first had this idea years ago, when the twins were still sixteen in my head. \
Then I went back over the canon timeline and aged them down a little, so they're \
about twelve here. Sorry to anyone who liked them older!


Mara pushed the boat off the shingle and jumped in after it.

"Row," she told her brother. "Before Mum sees."
"""


def test_structure_unlabelled_author_talk_at_the_top_is_a_note():
    story = structure(UNLABELLED_NOTE)
    assert kinds(story) == ["note", "text", "text"]
    assert note_texts(story)[0].startswith("I first had this idea")
    assert story.chapters == [Chapter(story.paragraphs[1].start, story.paragraphs[2].end, "")]


FIRST_PERSON_NARRATOR = """\
I remember the summer I turned twelve, when my father wrote to us every week from \
the coast. The idea of him out there on the rigs kept me awake at night.

My brother never read the letters. He said they were all the same.

"They're not," I told him.
"""


def test_structure_first_person_narrator_is_not_a_note():
    story = structure(FIRST_PERSON_NARRATOR)
    assert story.notes == []
    assert kinds(story) == ["text", "text", "text"]


LABELLED = """\
A/N: This is for the prompt "lighthouse". Unbeta'd, all mistakes are mine.

Disclaimer: I don't own Lighthouse Keepers or any of its characters.

The lamp had gone out at midnight, and nobody had climbed the stairs to light it.

Thanks for reading! Please review, it makes my day.
"""


def test_structure_labelled_notes_and_disclaimers_at_top_and_bottom():
    story = structure(LABELLED)
    assert kinds(story) == ["note", "note", "text", "note"]
    assert [n.kind for n in story.notes] == ["note", "disclaimer", "end_note"]
    assert [text.split()[0] for text in note_texts(story)] == ["A/N:", "Disclaimer:", "Thanks"]
    assert [p.kind for p in story.story_paragraphs()] == ["text"]


CHAPTERS = """\
Chapter 1

The rain had not stopped for three days.

Edit: fixed a typo, thanks to everyone who pointed it out!

Chapter Two: The Lake

AN: sorry for the late update, exams ate me alive.

The lake was flat and grey, and Ines could not see the far shore.

CHAPTER IV

Something moved under the ice.

Chapter 5 - Thaw

By spring the ice was gone.

Epilogue

They never went back.
"""


def test_structure_chapter_headings_and_notes_between_chapters():
    story = structure(CHAPTERS)
    assert [c.title for c in story.chapters] == [
        "Chapter 1",
        "Chapter Two: The Lake",
        "CHAPTER IV",
        "Chapter 5 - Thaw",
        "Epilogue",
    ]
    assert kinds(story).count("heading") == 5
    assert note_texts(story) == [
        "Edit: fixed a typo, thanks to everyone who pointed it out!",
        "AN: sorry for the late update, exams ate me alive.",
    ]
    assert [n.kind for n in story.notes] == ["chapter_note", "chapter_note"]
    first = story.chapters[0]
    assert (
        story.text[first.start : first.end]
        == "Chapter 1\n\nThe rain had not stopped for three days."
    )


def test_structure_heading_followed_by_a_title_line_joins_them():
    story = structure("CHAPTER I\n\nIn the Rain\n\nIt rained.\n\nCHAPTER II\n\nIt stopped.\n")
    assert [c.title for c in story.chapters] == ["CHAPTER I In the Rain", "CHAPTER II"]


def test_structure_lone_title_line_and_markdown_heading():
    story = structure("# Salt and Smoke\n\nThe fire was out.\n\nAt the Harbour\n\nBoats came in.\n")
    assert kinds(story) == ["heading", "text", "text", "text"]
    assert [c.title for c in story.chapters] == ["Salt and Smoke"]
    story = structure("Salt and Smoke\n\nThe fire was out.\n")
    assert [c.title for c in story.chapters] == ["Salt and Smoke"]


def test_structure_table_of_contents_is_not_a_chapter():
    story = structure("Chapter 1\n\nChapter 2\n\nChapter 1\n\nOne.\n\nChapter 2\n\nTwo.\n")
    assert [c.title for c in story.chapters] == ["Chapter 1 Chapter 2 Chapter 1", "Chapter 2"]
    assert len(story.chapters) == 2


@pytest.mark.parametrize("mark", ["~*~", "***", "* * *", "---", "oOo", "xXx", "~~~", "-x-x-x-"])
def test_structure_scene_break_marks(mark: str):
    story = structure(f"Ana left.\n\n{mark}\n\nBen stayed.\n")
    assert kinds(story) == ["text", "break", "text"]
    assert [story.text[s.start : s.end] for s in story.scene_breaks] == [mark]
    assert len(story.chapters) == 1


def test_structure_words_are_not_scene_breaks():
    story = structure("Ana left.\n\nOooh.\n\nBen stayed.\n")
    assert kinds(story) == ["text", "text", "text"]


def test_structure_no_headings_gives_one_chapter_titled_from_metadata():
    story = read_text("Disclaimer: not mine.\n\nOne.\n\nTwo.\n")
    story.metadata.title = "Tide"
    structure("", story)
    assert story.chapters == [Chapter(story.paragraphs[1].start, story.paragraphs[2].end, "Tide")]


def test_structure_keeps_what_the_reader_found():
    story = read_text("Hello there.\n\nThe story.\n")
    story.notes = [Note(0, 12, "summary")]
    story.chapters = [Chapter(0, 24, "Given")]
    story.provides.update({"notes", "chapters"})
    structure("", story)
    assert story.notes == [Note(0, 12, "summary")]
    assert story.chapters == [Chapter(0, 24, "Given")]
    assert kinds(story) == ["note", "text"]


def test_structure_story_paragraph_in_mid_chapter_talking_about_writing_stays_text():
    text = (
        "Chapter 1\n\nThe inn was loud.\n\n"
        "I wrote the story of that night in my diary, and the idea of it still makes me laugh.\n\n"
        "Nobody slept.\n"
    )
    story = structure(text)
    assert story.notes == []


HEADER_AND_SIGN_OFF = """\
Title: Low Tide
Author: gullwing
Fandom: Harbour Town
Rating: T

A/N: My first fic for this fandom, be gentle!

---

"Race you," said Pell.

I never wrote to him again. Some things are better left in the sand.

~Fin~

So that's it! I hope you liked it, let me know what you think :)
"""


def test_structure_header_block_and_unlabelled_sign_off_are_notes():
    story = structure(HEADER_AND_SIGN_OFF)
    assert kinds(story) == [
        "note", "note", "note", "note", "note", "break", "text", "text", "break", "note"
    ]  # fmt: skip
    assert [n.kind for n in story.notes] == ["note", "end_note"]
    assert note_texts(story)[1].startswith("So that's it!")
    # The narrator's last line talks in the first person about writing: still story.
    assert story.chapters[0].end == story.paragraphs[7].end


@pytest.mark.parametrize(
    "note",
    [
        "A/N: Written for the summer exchange.",
        "AN: Happy birthday, Jo!",
        "Author's Note: This takes place after the finale.",
        "Disclaimer: I don't own the characters, they belong to their creator.",
        "Beta'd by the wonderful Sam, all remaining errors are mine.",
        "T/N: Translated from the Spanish with the author's permission.",
        "Edit: fixed the formatting.",
        "Thanks for reading, please review!",
        "I hope you enjoy this one, let me know what you think!",
    ],
)
def test_structure_labelled_and_sign_off_notes_at_the_top(note: str):
    story = structure(f"{note}\n\nThe kettle boiled over.\n\nNobody moved.\n")
    assert kinds(story) == ["note", "text", "text"]


@pytest.mark.parametrize(
    "opening",
    [
        "Chapter one of my life began in a hospital in Leeds.",
        "Note to self, I thought: never trust a cat with a secret.",
        "My father owned a bookshop, and I grew up reading every story on its shelves.",
        "Thank you, I said to the driver, and stepped out into the rain.",
        "Epilogue is a strange word for a funeral, but that is what Gran called it.",
    ],
)
def test_structure_story_openings_that_are_neither_notes_nor_headings(opening: str):
    story = structure(f"{opening}\n\nThe kettle boiled over.\n\nNobody moved.\n")
    assert kinds(story) == ["text", "text", "text"]


def test_structure_finds_an_unlabelled_apology_opening_a_chapter():
    text = (
        "Chapter 1: Rain\n\nMika ran through the rain.\n\n"
        "Chapter 2: Sun\n\n"
        "Sorry this took so long, real life got in the way! Thank you to everyone who "
        "reviewed the last one.\n\n"
        "The sun came out over the harbour."
    )
    assert note_texts(structure(text)) == [
        "Sorry this took so long, real life got in the way! Thank you to everyone who "
        "reviewed the last one."
    ]
