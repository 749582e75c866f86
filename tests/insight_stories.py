"""Hand-annotated stories for the insight stages and views (no model needed).

The markup keeps each story readable: ``[Kai](kai)`` is a mention of character ``kai``
(a pronoun when the text is one; ``[he](kai?)`` is one resolved with low confidence),
and ``<<kai>ren|0.9|explicit|"Ren, wait.">>`` is a
quote said by ``kai`` to ``ren`` with that confidence and type (an empty speaker is
unknown). Paragraphs are separated by blank lines; a paragraph starting ``A/N:`` is an
author's note. The stories are written for these tests.
"""

from __future__ import annotations

import re

from ficlens.document import Character, Mention, Note, Paragraph, Quote, Story, Token

PRONOUNS = {"he", "him", "his", "she", "her", "they", "them", "i", "you", "me"}

_MARK = re.compile(
    r"\[(?P<m>[^\]]+)\]\((?P<mc>[a-z_]+)(?P<unsure>\?)?\)"
    r"|<<(?P<spk>[a-z_]*)>(?P<to>[a-z_,]*)\|(?P<conf>[0-9.]+)\|(?P<type>[a-z]+)\|(?P<q>.+?)>>"
)

RIVALS = "\n\n".join(
    [
        "A/N: Written for a prompt about rivals who were friends once. Thanks for reading!",
        '<<kids>ren|0.8|implicit|"You\'ll never beat a Mori, you know. Pathetic.">>',
        "[Ren](ren) ran harder, the words stinging like a slap. [He](ren) hated how much "
        "it hurt, how his eyes burned with tears.",
        '<<kids>ren|0.7|implicit|"Give up already. Nobody wants you here. You are a joke.">>',
        "[Ren](ren) flinched. Years ago [Kai](kai) and [he](ren?) had been friends as "
        "children, before [Kai](kai) became his rival. Now the pain of it sat heavy in "
        "his chest.",
        "[Kai](kai) found [him](ren) on the roof at dusk. [Mori Kai](kai) looked at "
        "[Tanaka Ren](ren) for a long moment.",
        '<<kai>ren|0.95|explicit|"Ren, wait.">> [Kai](kai) said.',
        '<<ren>kai|0.9|anaphoric|"What do you want?">> [he](ren) asked wetly.',
        "Then [Kai](kai) leaned in and kissed [Ren](ren), quick and clumsy, and "
        "[his](kai) cheeks were pink when [he](kai?) pulled away.",
        '<<kai>ren|0.4|implicit|"You are my rival. Nobody talks bad about my rival.">>',
        '<<ren>kai|0.3|implicit|"Really?">>',
        '<<kai>ren|0.45|implicit|"Really. I promise.">>',
        '<<ren>kai|0.35|implicit|"Then race me home, idiot.">>',
        "[Ren](ren) laughed, happy and warm, and held [Kai](kai)'s hand all the way back,"
        " smiling like a fool.",
        "[Aiko](aiko) waved at them from the gate, grinning with delight. "
        '<<aiko>ren,kai|0.9|explicit|"Finally! I am so glad!">> [she](aiko) said.',
    ]
)

RIVALS_CAST = [
    Character("ren", "Tanaka Ren", ["Ren", "Tanaka"], "he"),
    Character("kai", "Mori Kai", ["Kai", "Mori"], "he"),
    Character("aiko", "Aiko", [], "she"),
    Character("kids", "the other kids", [], "they", kind="group"),
]


def build(marked: str, characters: list[Character]) -> Story:
    """A Story with paragraphs, notes, quotes and mentions from the markup."""
    text_parts: list[str] = []
    paragraphs: list[Paragraph] = []
    notes: list[Note] = []
    quotes: list[Quote] = []
    mentions: list[Mention] = []
    offset = 0
    for n, block in enumerate(marked.split("\n\n")):
        if n:
            text_parts.append("\n\n")
            offset += 2
        start = offset
        cursor = 0
        for m in _MARK.finditer(block):
            plain = block[cursor : m.start()]
            text_parts.append(plain)
            offset += len(plain)
            if m.group("m"):
                surface = m.group("m")
                kind = "pronoun" if surface.casefold() in PRONOUNS else "proper"
                mentions.append(
                    Mention(
                        offset,
                        offset + len(surface),
                        kind,
                        surface,
                        m.group("mc"),
                        confidence=0.5 if m.group("unsure") else 1.0,
                    )
                )
            else:
                surface = m.group("q")
                quotes.append(
                    Quote(
                        id=f"q{len(quotes)}",
                        start=offset,
                        end=offset + len(surface),
                        text=surface,
                        speaker=m.group("spk") or None,
                        speaker_confidence=float(m.group("conf")),
                        addressees=[a for a in m.group("to").split(",") if a],
                        type=m.group("type"),
                        paragraph=n,
                    )
                )
            text_parts.append(surface)
            offset += len(surface)
            cursor = m.end()
        text_parts.append(block[cursor:])
        offset += len(block) - cursor
        kind = "note" if block.startswith("A/N:") else "text"
        paragraphs.append(Paragraph(start, offset, kind))
        if kind == "note":
            notes.append(Note(start, offset, "note"))
    text = "".join(text_parts)
    cast = [Character(c.id, c.name, list(c.aliases), c.gender, kind=c.kind) for c in characters]
    for c in cast:
        c.mentions = sum(1 for m in mentions if m.character == c.id)
        c.quotes = sum(1 for q in quotes if q.speaker == c.id)
    story = Story(
        text=text,
        source="rivals.txt",
        paragraphs=paragraphs,
        notes=notes,
        quotes=quotes,
        mentions=mentions,
        characters=cast,
    )
    story.provides.update(
        {
            "text",
            "paragraphs",
            "metadata",
            "notes",
            "quotes",
            "mentions",
            "characters",
            "coref",
            "speakers",
            "addressees",
        }
    )
    return story


def rivals() -> Story:
    return build(RIVALS, RIVALS_CAST)


def tokens_for(story: Story, start: int, rows: list[tuple[str, str, str, str, int]]) -> list[Token]:
    """Tokens for the words from ``start`` on: rows of (text, lemma, pos, dep, head row)."""
    tokens, cursor = [], start
    base = len(story.tokens)
    for i, (word, lemma, pos, dep, head) in enumerate(rows):
        at = story.text.index(word, cursor)
        cursor = at + len(word)
        tokens.append(
            Token(base + i, at, cursor, word, lemma, pos, pos, dep, base + head, "", "O", 0, 0)
        )
    return tokens
