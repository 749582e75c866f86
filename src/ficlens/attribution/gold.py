"""Gold annotations as pipeline layers: LitBank quotes, mentions and chains on a Story.

Used to evaluate and train attribution apart from the stages before it ("gold
quotes", "gold characters") and to develop against annotated text while those
stages change. Chains of PER mentions become characters; the chain id is the
character id, so a gold speaker compares directly.
"""

from __future__ import annotations

import bisect
from collections import Counter
from typing import TYPE_CHECKING

from ficlens.document import Character, Mention, Quote, Story

if TYPE_CHECKING:
    from ficlens.evaluate.litbank import GoldDoc, GoldQuote

_KIND = {"PROP": "proper", "NOM": "nominal", "PRON": "pronoun"}
_GENDER = {
    "he": "he", "him": "he", "his": "he", "himself": "he",
    "she": "she", "her": "she", "hers": "she", "herself": "she",
    "they": "they", "them": "they", "their": "they", "theirs": "they", "themselves": "they",
    "it": "it", "its": "it",
}  # fmt: skip
_PLURAL = frozenset(
    ["they", "them", "their", "theirs", "themselves", "we", "us", "our", "ours", "ourselves"]
)
_FIRST = frozenset(["i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"])
_SECOND = frozenset(
    ["you", "your", "yours", "yourself", "yourselves", "thee", "thou", "thy", "thine", "ye"]
)


def pronoun_traits(text: str) -> tuple[str | None, bool, int]:
    """(gender, plural, person) of a pronoun's surface form."""
    word = text.lower()
    person = 1 if word in _FIRST else 2 if word in _SECOND else 3
    return _GENDER.get(word), word in _PLURAL, person


def gold_quotes(story: Story, quotes: list[GoldQuote]) -> None:
    """Put gold quote spans on the story (speakers left empty)."""
    starts = [p.start for p in story.paragraphs]
    story.quotes = []
    for i, gq in enumerate(quotes):
        para = max(0, bisect.bisect_right(starts, gq.start) - 1)
        story.quotes.append(Quote(f"q{i}", gq.start, gq.end, gq.text, paragraph=para))
    story.provides.update(("quotes", "thoughts"))


def gold_characters(story: Story, doc: GoldDoc) -> None:
    """Gold PER mentions and chains as ``story.mentions`` and ``story.characters``."""
    mentions: list[Mention] = []
    per_chain: dict[str, list[Mention]] = {}
    for gm in doc.mentions:
        if gm.category != "PER":
            continue
        kind = _KIND.get(gm.kind, "nominal")
        gender, plural, person = pronoun_traits(gm.text) if kind == "pronoun" else (None, False, 3)
        if person != 3 and any(q.start <= gm.start < q.end for q in doc.quotes):
            # Gold chains of I/you inside speech name the speaker and addressee
            # outright; no stage before attribution can know them, so they would leak.
            continue
        if kind != "pronoun":
            plural = gm.text.lower().endswith(("s", "men", "children", "people")) and (
                gm.text[:1].islower()
            )
        m = Mention(
            gm.start, gm.end, kind, gm.text, gm.chain, plural=plural, gender=gender, person=person
        )
        mentions.append(m)
        per_chain.setdefault(gm.chain, []).append(m)
    characters = []
    for chain, ms in per_chain.items():
        names = [m.text for m in ms if m.kind == "proper"]
        genders = Counter(m.gender for m in ms if m.kind == "pronoun" and m.person == 3)
        gender = genders.most_common(1)[0][0] if genders else None
        plural = sum(m.plural for m in ms) * 2 > len(ms)
        kind = "group" if plural else "named" if names else "unnamed"
        name = Counter(names).most_common(1)[0][0] if names else ms[0].text
        aliases = sorted(set(names) - {name})
        characters.append(
            Character(
                chain, name, aliases, gender, len(ms), kind=kind, first_appearance=ms[0].start
            )
        )
    story.mentions = sorted(mentions, key=lambda m: m.start)
    story.characters = characters
    story.provides.update(("mentions", "characters", "coref"))
