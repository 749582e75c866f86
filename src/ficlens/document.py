"""The data model: a Story and everything the stages find in it.

Every annotation is a span of character offsets into ``Story.text`` (``start``
inclusive, ``end`` exclusive), so any layer can be checked against the text and
exported without re-tokenising. Readers build the Story; stages fill in layers;
exporters only read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

QUOTE_TYPES = ("explicit", "anaphoric", "implicit")
MENTION_KINDS = ("proper", "pronoun", "nominal")


@dataclass(slots=True)
class Span:
    """A plain span of text: italics, scene breaks, thoughts."""

    start: int
    end: int


@dataclass(slots=True)
class Paragraph:
    """A paragraph of the story as the source lays it out.

    ``kind`` is ``text`` for story prose, ``note`` for an author's note or
    disclaimer, ``heading`` for a chapter heading and ``break`` for a scene break.
    Only ``text`` paragraphs are read by the language stages.
    """

    start: int
    end: int
    kind: str = "text"


@dataclass(slots=True)
class Note:
    """An author's note, disclaimer or other text that is not the story."""

    start: int
    end: int
    kind: str = "note"  # note | disclaimer | summary | end_note | chapter_note ...


@dataclass(slots=True)
class Chapter:
    start: int
    end: int
    title: str = ""


@dataclass(slots=True)
class Quote:
    """A stretch of direct speech, quote marks included in the span."""

    id: str
    start: int
    end: int
    text: str
    speaker: str | None = None
    speaker_confidence: float = 0.0
    addressees: list[str] = field(default_factory=list)
    type: str = "implicit"
    paragraph: int = -1
    # How the speech is marked: double | single | dash | message | italic
    mark: str = "double"
    # A speaker name the layout itself gives (text messages: ``Tony: where are you``).
    speaker_hint: str | None = None
    # The quote continues speech from the previous quote of the same paragraph or
    # the previous paragraph (``"Come," he said, "now."``; multi-paragraph speech).
    continues: str | None = None
    # Free-form evidence from the speaker stage (which sieve or model decided).
    evidence: str = ""


@dataclass(slots=True)
class Token:
    """One token of story text as parsed by the spaCy backbone.

    ``i`` is the index in ``Story.tokens``; ``head`` is a global token index too.
    """

    i: int
    start: int
    end: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    ent_type: str
    ent_iob: str
    sent: int
    para: int


@dataclass(slots=True)
class Mention:
    """A reference to a person: a name, a pronoun or a description."""

    start: int
    end: int
    kind: str  # proper | pronoun | nominal
    text: str = ""
    character: str | None = None
    # Token range [tok_start, tok_end) in Story.tokens, -1 where not from tokens.
    tok_start: int = -1
    tok_end: int = -1
    head: int = -1  # token index of the syntactic head
    quote: str | None = None  # id of the quote the mention sits in, if any
    plural: bool = False
    gender: str | None = None  # for pronouns: he | she | they | it | xe ...
    person: int = 3  # grammatical person for pronouns: 1, 2 or 3
    confidence: float = 1.0
    # For a third-person pronoun: coreference's share of the score per candidate
    # (its top six), for the speakers stage; not part of the output.
    shares: dict[str, float] | None = None


@dataclass(slots=True)
class Character:
    """A character: one cluster of mentions under all its names."""

    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    gender: str | None = None
    mentions: int = 0
    quotes: int = 0
    first_appearance: int = -1
    kind: str = "named"  # named | unnamed | group
    from_cast: bool = False
    profile: dict[str, list[str]] = field(default_factory=dict)


@dataclass(slots=True)
class Metadata:
    """What the source says about the work; empty where unknown."""

    title: str = ""
    authors: list[str] = field(default_factory=list)
    fandoms: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    rating: str = ""
    warnings: list[str] = field(default_factory=list)
    summary: str = ""
    # Anything else the source gives: category, language, stats, series, subjects...
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Story:
    """A story and all the layers found in it so far."""

    text: str
    source: str = ""
    format: str = "txt"
    metadata: Metadata = field(default_factory=Metadata)
    paragraphs: list[Paragraph] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    scene_breaks: list[Span] = field(default_factory=list)
    italics: list[Span] = field(default_factory=list)
    thoughts: list[Span] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    # Token index ranges [start, end) of each sentence.
    sentences: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    characters: list[Character] = field(default_factory=list)
    # Results of the insight stages (network, emotion, tags, clarity), by stage name.
    insights: dict[str, Any] = field(default_factory=dict)
    # Layers that have been set, by name; the pipeline checks stage needs against it.
    provides: set[str] = field(default_factory=set)
    # Seconds spent per stage.
    timings: dict[str, float] = field(default_factory=dict)

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]

    def story_paragraphs(self) -> list[Paragraph]:
        """The paragraphs that are story prose (not notes, headings or breaks)."""
        return [p for p in self.paragraphs if p.kind == "text"]

    def character(self, character_id: str | None) -> Character | None:
        if character_id is None:
            return None
        for c in self.characters:
            if c.id == character_id:
                return c
        return None

    @property
    def words(self) -> int:
        return len(self.text.split())
