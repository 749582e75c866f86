"""Resolve pronouns and descriptions to characters.

A salience model in the manner of Lappin and Leass (1994), tuned for the scene
fan fiction writes most: two people of one gender, both ``he``. Each mention
raises its character's salience by its grammatical role (subject > object >
other); salience fades by 15% a sentence, so the people a passage is about stay
ahead of a passer-by (the weights were tuned on the even-numbered half of
LitBank and checked on the odd half). A pronoun takes the most salient character
that agrees in gender and number, after:

- binding: ``he ... him`` in one clause are different people, a reflexive is
  its clause's subject;
- paragraph structure: a paragraph's first subject stays its actor;
- syntax: subjects weigh most; a possessive prefers its own clause's subject,
  a relative clause's ``who`` being its noun (a bonus for the last subject,
  "subject continuity", did not help on LitBank held-out documents and is not
  used);
- quotes: ``I`` inside a quote is its speaker, ``you`` its addressee, and a
  third-person pronoun in a quote is neither of them (``resolve(story,
  use_speakers=True)`` once the speakers stage has attributed the quotes).

Two passes: the first learns each character's pronouns (``Character.gender``),
the second resolves with them. Descriptions (``the boy``) link to the most
salient agreeing named character, unless someone unnamed (a described person,
an unnamed narrator) is on stage nearly as salient, or the named one has a
grown-up's title (``the boy`` is not Mr. Hale). Relational ones (``his father``) are the
story's one titled namesake of the owner (``her mother`` = Mrs. Bennet when
the owner is Elizabeth Bennet; ``his wife`` = Mrs. Bennet when he is Mr.
Bennet), else the character ``Gai's father`` once ``his`` is resolved; other
possessed roles too (``his comrade``, ``our master``). Other
descriptions (``an old man``) enter the walk as provisional people whom a
later ``he`` may mean (as a last resort, after every agreeing named
character, until they speak: ``"Hello," the man called``; a possessive of
their own clause is theirs even while their sex is unknown: ``the stranger
... his burro``), and become characters when mentioned twice; a later definite
description with the same noun and no new modifier (``the old man``) is that
person while they are on stage. An ordinal or a restrictive relative clause
makes a definite description someone new too (``the first man who came in``).
``a wife`` after ``of`` (``in want of a wife``)
is nobody in particular; a description with a name in apposition (``my good
friend, Master John Rolfe``) is that name's character. Predicate nominals and
appositions (``she was a pretty girl``) and quantified nouns (``every man``)
stay unlinked, as LitBank annotates them. Before the speakers stage runs, a
quote's speaker is guessed from its paragraph's speech tag or actor, a
continued quote, a preceding ``He said:`` paragraph, or the one the previous
turn addressed. Each mention looks only at characters still salient, so the
cost is linear in the number of mentions.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from ficlens.document import Character, Mention, Story
from ficlens.epithets import epithet, hair_of, hair_positions, near_hair
from ficlens.names import census_gender, name_gender, parse_name, words
from ficlens.pipeline import Options, Stage
from ficlens.stages.characters import DESCRIPTORS, RELATIONAL, title_nouns, update_counts
from ficlens.stages.mentions import SELF_NAMING, SPEECH_VERBS

_ROLE_WEIGHT = {
    "nsubj": 80.0,
    "nsubjpass": 70.0,
    "dobj": 50.0,
    "dative": 40.0,
    "pobj": 40.0,
    "poss": 30.0,
}
_KIND_WEIGHT = {"proper": 0.0, "nominal": 20.0, "pronoun": 0.0}
_RECENCY = 100.0
_DECAY = 0.5
_STORY_DECAY = 0.9
_STORY_WEIGHT = 0.25
# The story memory breaks ties but never outvotes who is on stage: a character with a
# long-accumulated story salience once took "he paused" from the son named in the line
# before. Capped: LitBank speakers +0.5 (caps of 75-200 all +0.4..0.7), B-cubed +0.002,
# pronoun accuracy unchanged (a cap of 100: B-cubed +0.004 but pronouns -0.008).
_STORY_CAP = 150.0
_CENSUS_PRIOR = True  # census first names as a sex prior where nothing else says (+0.1)
_FORGET = 0.2  # salience below this (some 40 sentences on) drops a character
_PARA_ACTOR = 45.0
# A given name's sex against the pronoun: enough to lose to any agreeing rival on
# stage (60 let "he continued" land on Mary on LitBank; tuned on the even half).
_PRIOR_MISMATCH = 150.0
_LOCAL_SUBJECT = 100.0
_CALLED_OWNER = 200.0
_DESCRIBE_MIN = 50.0  # "the boy" is a named boy only if one is this salient
# A described person is a pronoun's last resort (tuned on the even documents).
_NEWCOMER_PENALTY = 150.0
_NEWCOMER_MIN = 2  # mentions (descriptions and pronouns) that make a described person
# A described person who has spoken ('"Hello," the man called') is a participant
# of the scene, not a passer-by: no last-resort penalty (LitBank end to end +0.3).
_SPEAKER_NEWCOMER_PENALTY = 0.0
# "The stranger thanked him and slipped the pack from his burro": a described person
# of unknown sex may take a possessive of their own clause, so "the stranger" (or
# "his comrade") learns "he" from syntax rather than never taking a pronoun (+0.4).
_OWN_POSSESSIVE = True
# "a man, who was coming out on his way": the relative pronoun is its noun (+0.1).
_RELATIVE_SUBJECT = True
# "his comrade", "our master": a possessed role noun is a described person (+0.2).
_POSSESSED_ROLES = True
# "the man" is a named man only while no described man is near as salient: a share
# of the named one's salience (chosen on the LitBank analysis, both halves gain).
_DESCRIBED_RIVAL = 0.3
# "said a rough voice" ... "said the man": the voice is the man while on stage.
_VOICE_PERSON = True
_VOICE_MIN = 10.0
_NOT_DESCRIBED_NAMED_ONLY = True
# "The man sprang for his throat, but Buck was too quick for him": a description is
# not a named character its own sentence names elsewhere (disjoint reference).
_NAMED_IN_SENTENCE = True
# "The man sprang ... 'Yep,' the man said": the same description again, while the
# described person it made is on stage, is that person (not the salient named one).
_SAME_DESCRIPTION = True
_SAME_DESCRIPTION_SPEAKS = True  # ... only as a speech tag's subject ("the man said")
# "... the man spoke most eloquently for himself. / 'All I get is fifty,' he grumbled":
# a described person who was the last sentence's subject takes the next pronoun over
# a named one the paragraph has not mentioned (whose lead is only story salience).
_DESCRIBED_SUBJECT = 100.0
_DESCRIBED_SUBJECT_ONLY_SUBJECTS = True  # ... for a subject pronoun only ("he grumbled")
_DESCRIBED_SUBJECT_SPOKE = True  # ... once they have spoken ('"Yep," the man said')
# "Mary heard her say": him/her/them as the subject of a complement clause is not
# the subject of the verb above it (neutral on LitBank; right on our test story).
_SMALL_CLAUSE = True
_ACCUSATIVE = frozenset(("him", "her", "them"))
_IN_QUOTE = 0.25  # names spoken inside a quote are less on stage than narrated ones
# "the blond", "the raven-haired boy": the one character the text gave that hair.
_EPITHETS = True
_EPITHET_SHARE = 0.6  # of the colour's descriptions that must be one character's
_REFLEXIVE = frozenset(
    words(
        "himself herself themselves themself xemself zirself hirself emself myself "
        "yourself ourselves yourselves"
    )
)
_OBJECT_DEPS = frozenset({"dobj", "dative", "pobj", "iobj"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_NARRATOR = "the narrator"
#: Determiners that make a noun phrase nobody in particular ("every man", "no woman").
_QUANTIFIERS = frozenset(words("every no any each another either neither such whatever"))
#: A parent's or spouse's title class: ``her mother`` may be the story's one Mrs. Bennet.
_KIN_TITLE = {
    **dict.fromkeys(words("mother mama mamma mum mom mummy mommy wife"), "mrs"),
    **dict.fromkeys(words("father papa pa dad daddy husband"), "mr"),
}
_SPOUSES = frozenset(words("wife husband"))
#: Older words for a spouse: ``said his lady to him`` is Mr. Bennet's wife.
_SPOUSE_WORDS = {"lady": "wife", "missus": "wife", "missis": "wife"}
#: A child's pronoun: ``Haruka's daughter`` is the story's only other Tsukino woman.
_CHILDREN = {"daughter": "she", "son": "he"}
_VOCATIVE_EDGE = frozenset([",", "!", "?", ".", '"', "'", "\u201c", "\u201d", "\u2018", "\u2019"])
#: Descriptions of a child: never a named character with a grown-up's title.
_CHILD_NOUNS = frozenset(words("boy girl child kid baby infant toddler lad youngster"))
#: Prefix of a described person's provisional id during the walk (``~the stranger``).
_NEW = "~"
_AT = "@"  # joins an indefinite description's key to its token: "old man@1234"
#: Words that may stand before a name spoken to someone: ``"My dear Mr. Bennet,"``.
_VOCATIVE_LEFT = frozenset(words("dear my oh o"))
_VOCATIVE_NOUNS = frozenset(words("sir madam ma'am dear darling honey sweetheart love miss"))
_OURS = "our "  # key prefix of a role the narration's "our" owns ("our master")


@dataclass
class _State:
    """Salience bookkeeping while walking the mentions in order.

    Two memories: ``local`` fades fast (who is on stage in these sentences),
    ``story`` fades slowly (whom the passage is about). A pronoun's score is
    local + ``_STORY_WEIGHT`` x story, the story part at most ``_STORY_CAP``.
    """

    local: dict[str, float] = field(default_factory=dict)
    story: dict[str, float] = field(default_factory=dict)
    cur: dict[str, float] = field(default_factory=dict)
    sent: int = -1
    para: int = -1
    para_actor: str | None = None
    by_token: dict[int, str] = field(default_factory=dict)  # head token -> character
    subjects: set[str] = field(default_factory=set)  # described subjects of this sentence
    last_subjects: set[str] = field(default_factory=set)  # ... and of the one before
    in_para: set[str] = field(default_factory=set)  # characters narrated in this paragraph

    def advance(self, sent: int, para: int) -> None:
        if sent != self.sent:
            steps = max(1, sent - self.sent) if self.sent >= 0 else 1
            self.local = _fade(self.local, self.cur, _DECAY**steps)
            self.story = _fade(self.story, self.cur, _STORY_DECAY**steps)
            self.cur = {}
            self.sent = sent
            self.last_subjects, self.subjects = self.subjects, set()
        if para != self.para:
            self.para = para
            self.para_actor = None
            self.in_para = set()

    def salience(self, c: str) -> float:
        return (
            self.local.get(c, 0.0)
            + self.cur.get(c, 0.0)
            + min(_STORY_WEIGHT * self.story.get(c, 0.0), _STORY_CAP)
        )

    def candidates(self) -> set[str]:
        return set(self.story) | set(self.cur)

    def add(self, c: str, weight: float) -> None:
        # Per sentence a character counts by its strongest mention, as in L&L.
        self.cur[c] = max(self.cur.get(c, 0.0), weight)


def _fade(past: dict[str, float], now: dict[str, float], factor: float) -> dict[str, float]:
    merged = dict(past)
    for c, v in now.items():
        merged[c] = merged.get(c, 0.0) + v
    return {c: v * factor for c, v in merged.items() if v * factor >= _FORGET}


def _weight(story: Story, m: Mention) -> float:
    dep = story.tokens[m.head].dep if m.head >= 0 else ""
    w = _RECENCY + _ROLE_WEIGHT.get(dep, 0.0) + _KIND_WEIGHT.get(m.kind, 0.0)
    return w * _IN_QUOTE if m.quote is not None else w


def _speaks_noun(story: Story, noun: int) -> bool:
    """The noun is the subject of a speech verb (``said his wife``)."""
    t = story.tokens[noun]
    return t.dep in _SUBJECT_DEPS and story.tokens[t.head].lemma.lower() in SPEECH_VERBS


def _clause_subject(story: Story, tok_index: int) -> int | None:
    """The token index of the subject of the clause that holds ``tok_index``."""
    tokens = story.tokens
    t = tokens[tok_index]
    verb = t.head
    for _ in range(3):  # pobj -> prep -> verb
        if tokens[verb].pos in ("VERB", "AUX") or tokens[verb].head == verb:
            break
        verb = tokens[verb].head
    sent_start, sent_end = story.sentences[t.sent]
    for _ in range(2):  # "Gai swallowed, watching him": a participle's subject is its head's
        for j in range(max(sent_start, verb - 12), min(sent_end, verb + 6)):
            if tokens[j].head == verb and tokens[j].dep in _SUBJECT_DEPS and j != tok_index:
                return j
        if tokens[verb].dep not in ("advcl", "xcomp", "conj") or tokens[verb].head == verb:
            break
        verb = tokens[verb].head
    return None


class Resolver:
    """One coreference pass over a story's mentions."""

    def __init__(
        self,
        story: Story,
        genders: dict[str, str | None],
        priors: dict[str, str | None] | None = None,
    ) -> None:
        self.story = story
        self.genders = genders
        # Pronouns guessed from a common given name: a preference, not a rule.
        self.priors = priors or {}
        # Quote id -> its speaker and addressees (attributed, or the last pass's guess).
        self.voices: dict[str, set[str]] = {}
        self.shares: dict[str, float] | None = None
        self.kinds = {c.id: c.kind for c in story.characters}
        self.votes: dict[str, Counter[str]] = defaultdict(Counter)
        self.voted: dict[str, str | None] = {}  # the votes' verdict, until the next vote
        self.kin: dict[tuple[str, str], str | None] = {}
        # Name parts per named character, and its (title class, part) pairs.
        self.parts: dict[str, set[str]] = {}
        self.titled_parts: dict[str, set[tuple[str, str]]] = {}
        for c in story.characters:
            if c.kind != "named":
                continue
            names = [parse_name(form) for form in (c.name, *c.aliases)]
            self.parts[c.id] = {p for n in names for p in n.key}
            self.titled_parts[c.id] = {
                (n.title_class, p) for n in names for p in n.key if n.title_class
            }
        self.last_seen: dict[str, int] = {}
        # Hair colour -> who the text gave it to ("Jun had blond hair"): names up
        # front, the rest as the walk resolves them.
        self.hair: dict[str, Counter[str]] = defaultdict(Counter)
        self.hair_at = hair_positions(story.text, story.tokens)
        for m in story.mentions if self.hair_at else ():
            if m.kind == "proper" and m.character is not None:
                self._count_hair(m.head, m.character)
        # Unnamed people (described ones included) who have been a speech tag's subject.
        self.spoke: set[str] = set()
        self.titled = title_nouns(story.characters)
        # "The shopkeeper was an old man": description -> who it describes, so a
        # later "the old man" is the shopkeeper.
        self.described: dict[str, str] = {}
        # "a thin, elderly gentleman ... the thin gentleman": head noun -> people an
        # indefinite description brought in, with their modifiers, latest last.
        self.introduced: dict[str, list[tuple[str, frozenset[str]]]] = defaultdict(list)
        self.narrator: str | None = None
        self.speaker_of: dict[str, str | None] = {}
        self.addressee_of: dict[str, str | None] = {}
        # Head token -> character of every name, and of the names in narration
        # ("I am Mary Lennox," the little girl said: not the quote's).
        self.proper: dict[int, str] = {}
        self.narrated_proper: dict[int, str] = {}
        for m in story.mentions:
            if m.kind == "proper" and m.character is not None:
                self.proper[m.head] = m.character
                if m.quote is None:
                    self.narrated_proper[m.head] = m.character
        # Paragraph -> characters its quotes call by name ("Are you sure, Marilla?").
        self.addressed: dict[int, set[str]] = defaultdict(set)
        toks = story.tokens
        for m in story.mentions:
            if (
                m.kind == "proper"
                and m.quote is not None
                and m.character is not None
                and m.tok_start > 0
                and m.tok_end < len(toks)
                and (
                    toks[m.tok_start - 1].text in _VOCATIVE_EDGE
                    or toks[m.tok_start - 1].text.lower() in _VOCATIVE_LEFT
                )
                and toks[m.tok_end].text in _VOCATIVE_EDGE
            ):
                self.addressed[toks[m.head].para].add(m.character)
        # Quote ids and paragraphs in story order, for the turn before a speech tag.
        self.quote_order = [(q.paragraph, q.id) for q in story.quotes]
        self.quote_paras = {q.paragraph for q in story.quotes}

    # -- agreement ----------------------------------------------------------------
    def _gender(self, c: str) -> str | None:
        g = self.genders.get(c)
        if g is None:
            if c in self.voted:
                return self.voted[c]
            votes = self.votes.get(c)
            if votes and sum(votes.values()) >= 2:
                top, n = votes.most_common(1)[0]
                if n >= 0.75 * sum(votes.values()):
                    g = top
            self.voted[c] = g
        return g

    def _agrees(self, c: str, gender: str | None, plural: bool) -> bool:
        kind = self.kinds.get(c, "named")
        if plural or gender == "they":
            # Singular they only for a character the cast says uses it: inferred
            # from the text, plural "they" turned Watson and Gabriel Oak into
            # "they" on LitBank.
            return kind == "group" or self._gender(c) == "they"
        if kind == "group":
            return False
        g = self._gender(c)
        if g is None and c.startswith(_NEW):
            return False  # "the stranger" takes a pronoun only once it has a gender
        return g is None or gender is None or g == gender or g == "they" and gender is None

    # -- the walk -------------------------------------------------------------------
    def run(self, order: list[Mention]) -> None:
        story = self.story
        tokens = story.tokens
        state = _State()
        for m in order:
            tok = tokens[m.head]
            state.advance(tok.sent, tok.para)
            if m.kind == "pronoun" and m.person == 3:
                self.shares = None
                m.character, m.confidence = self._third_person(m, state)
                m.shares = self.shares
                if m.character and m.gender:
                    self.votes[m.character][m.gender] += 1
                    self.voted.pop(m.character, None)
            elif m.kind == "pronoun":
                m.character = self._first_or_second(m)
            elif m.kind == "nominal" and m.character is None:
                m.character = self._nominal(m, state)
            if m.character is None:
                continue
            state.by_token[m.head] = m.character
            self.last_seen.pop(m.character, None)
            self.last_seen[m.character] = m.head
            if m.kind != "proper" and self.hair_at:
                self._count_hair(m.head, m.character)
            if self.kinds.get(m.character) == "unnamed" and _speaks(story, m, self.quote_paras):
                self.spoke.add(m.character)
            state.add(m.character, _weight(story, m))
            if m.quote is None:
                state.in_para.add(m.character)
                if tok.dep in _SUBJECT_DEPS and m.kind == "nominal":
                    state.subjects.add(m.character)
            if tok.dep in _SUBJECT_DEPS and m.quote is None and state.para_actor is None:
                state.para_actor = m.character

    def _third_person(self, m: Mention, state: _State) -> tuple[str | None, float]:
        tokens = self.story.tokens
        tok = tokens[m.head]
        # The narrator is "I", never "he" or "she".
        excluded: set[str] = {self.narrator} if self.narrator else set()
        if m.quote is not None:
            # "he" in a quote is someone talked about, not the talkers.
            excluded.update(self.voices.get(m.quote, ()))
        text = m.text.lower()
        subject_tok = None
        if tok.dep in _OBJECT_DEPS or text in _REFLEXIVE:
            subject_tok = _clause_subject(self.story, m.head)
        bound = state.by_token.get(subject_tok) if subject_tok is not None else None
        if text in _REFLEXIVE and bound is not None:
            return bound, 0.9
        if bound is not None:
            excluded.add(bound)  # "Kakashi smiled at him": him is not Kakashi
        if tok.dep in _SUBJECT_DEPS:
            excluded.update(self._named_objects(tok.head, tok.sent))  # "he kissed Gai"
            if _SMALL_CLAUSE and text in _ACCUSATIVE and tokens[tok.head].dep in ("ccomp", "xcomp"):
                # "Mary heard her say": not the one who hears.
                matrix = _clause_subject(self.story, tok.head)
                if matrix is not None and matrix in state.by_token:
                    excluded.add(state.by_token[matrix])
        # "Kakashi never talked about his father": a possessive in the clause of a
        # subject most often means that subject.
        owner = None
        if tok.dep == "poss" and tokens[tok.head].dep not in _SUBJECT_DEPS:
            subject = _clause_subject(self.story, tok.head)
            owner = self._subject_character(state, subject)
            if subject is not None and owner is None:
                # "Kakashi's eyes met his": not the subject's own possessor.
                excluded.update(self._possessors(subject))
        speech_tag = _speaks_noun(self.story, m.head)
        if speech_tag and m.quote is None:
            # '"Are you sure, Marilla?" she asked': not the one the speech calls.
            excluded.update(self.addressed.get(tok.para, ()))
        called: set[str] = set()
        if tok.dep == "poss" and m.quote is None and _speaks_noun(self.story, tok.head):
            # '"My dear Mr. Bennet," said his lady': the one the speech calls owns her.
            called = self.addressed.get(tok.para, set())
        scored = []
        fresh = self._described_subject(m, state, excluded)
        for c in state.candidates():
            if c in excluded:
                continue
            if not self._agrees(c, m.gender, m.plural) and not self._own_possessive(c, m, owner):
                continue
            score = state.salience(c) + (_DESCRIBED_SUBJECT if c == fresh else 0.0)
            prior = self.priors.get(c)
            if prior and m.gender and prior != m.gender and self._gender(c) is None:
                score -= _PRIOR_MISMATCH
            if self.kinds.get(c) == "group" and score < _RECENCY * 0.5:
                continue  # "they" is a group only while the group is on stage
            if c == owner:
                score += _LOCAL_SUBJECT
            if c in called:
                score += _CALLED_OWNER
            if c.startswith(_NEW):
                score -= _SPEAKER_NEWCOMER_PENALTY if c in self.spoke else _NEWCOMER_PENALTY
            if c == state.para_actor:
                # "Gai smiled ... 'Rivals?' he asked": the actor speaks the paragraph.
                score += _PARA_ACTOR * (2 if speech_tag else 1)
            scored.append((score, c))
        if not scored:
            return self._long_range(m, excluded), 0.3
        scored.sort(reverse=True)
        best, c = scored[0]
        runner = scored[1][0] if len(scored) > 1 else 0.0
        total = sum(max(sc, 0.0) for sc, _ in scored) or 1.0
        self.shares = {
            who: max(sc, 0.0) / total for sc, who in scored[:6] if not who.startswith(_NEW)
        }
        best, runner = max(best, 0.0), max(runner, 0.0)
        return c, round(best / (best + runner), 3) if best > 0 else 0.5

    def _described_subject(self, m: Mention, state: _State, excluded: set[str]) -> str | None:
        """The described person who was the last sentence's narrated subject, if the
        paragraph has narrated no named character of the pronoun's sex.

        A protagonist's story-long salience outweighs a man met a page ago even when
        the man is the one acting: ``the man spoke for himself. / "Fifty," he
        grumbled``. An author who meant the protagonist, absent from the
        paragraph, would have named them.
        """
        tok = self.story.tokens[m.head]
        if not _DESCRIBED_SUBJECT or m.plural or m.gender not in ("he", "she"):
            return None
        if _DESCRIBED_SUBJECT_ONLY_SUBJECTS and tok.dep not in _SUBJECT_DEPS:
            return None  # a possessive or object follows its own clause's people
        found = [
            c
            for c in state.last_subjects
            if self.kinds.get(c) == "unnamed"
            and (c in self.spoke or not _DESCRIBED_SUBJECT_SPOKE)
            and c not in excluded
            and self._agrees(c, m.gender, False)
        ]
        if len(found) != 1:
            return None
        if any(
            self.kinds.get(c) == "named" and self._agrees(c, m.gender, False) for c in state.in_para
        ):
            return None
        return found[0]

    def _own_possessive(self, c: str, m: Mention, owner: str | None) -> bool:
        """A described person of unknown sex owns a possessive of their own clause.

        ``The stranger thanked him and slipped the pack from his burro``:
        ``stranger`` says no sex, so salience alone never hands ``the stranger`` a
        pronoun; the clause's subject owning ``his`` is syntax, not a guess, and
        the vote it casts teaches the described person their pronouns.
        """
        return (
            _OWN_POSSESSIVE
            and c == owner
            and c.startswith(_NEW)
            and not m.plural
            and self._gender(c) is None
        )

    def _subject_character(self, state: _State, j: int | None) -> str | None:
        """The character of a clause's subject token; a relative pronoun is its noun.

        ``A shabby man, who was coming out of the store on his way``: ``who`` is
        the man, so ``his`` in the relative clause is his (through
        ``_LOCAL_SUBJECT``) rather than the story's most salient man's.
        """
        if j is None:
            return None
        found = state.by_token.get(j)
        if found is None and _RELATIVE_SUBJECT:
            tokens = self.story.tokens
            verb = tokens[j].head
            if tokens[j].tag in ("WP", "WDT") and tokens[verb].dep == "relcl":
                found = state.by_token.get(tokens[verb].head)
        return found

    def _long_range(self, m: Mention, excluded: set[str]) -> str | None:
        """Nobody agreeing is on stage: the last agreeing character seen at all."""
        # ``last_seen`` keeps the characters in the order they were last seen.
        for c in reversed(self.last_seen):
            if c not in excluded and self._agrees(c, m.gender, m.plural):
                return c if self.kinds.get(c) != "group" else None
        return None

    def _possessors(self, noun: int) -> set[str]:
        tokens = self.story.tokens
        return {
            self.proper[j]
            for j in range(max(0, noun - 4), noun)
            if tokens[j].head == noun and tokens[j].dep == "poss" and j in self.proper
        }

    def _named_objects(self, verb: int, sent: int) -> set[str]:
        tokens = self.story.tokens
        start, end = self.story.sentences[sent]
        out = set()
        for j in range(max(start, verb + 1), min(end, verb + 12)):
            t = tokens[j]
            if (
                t.dep in ("dobj", "dative")
                and t.head == verb
                or (t.dep == "pobj" and tokens[t.head].head == verb)
            ):
                c = self.proper.get(j)
                if c is not None:
                    out.add(c)
        return out

    def _first_or_second(self, m: Mention) -> str | None:
        """``I``/``you`` from the last pass's speakers, so ``my mother`` has an owner."""
        if m.plural:
            return None
        if m.quote is None:
            return self.narrator if m.person == 1 else None
        return (self.speaker_of if m.person == 1 else self.addressee_of).get(m.quote)

    def _nominal(self, m: Mention, state: _State) -> str | None:
        tokens = self.story.tokens
        head = tokens[m.head]
        lemma = head.lemma.lower()
        if m.plural:
            return None
        determiner = tokens[m.tok_start].text.lower()
        if determiner in _QUANTIFIERS:
            return None  # "every man", "no woman": nobody in particular
        possessor = next(
            (
                i
                for i in range(m.tok_start, m.head)
                if tokens[i].dep == "poss" and tokens[i].head == m.head
            ),
            None,
        )
        if head.dep in ("attr", "appos"):
            # "Anne had been a very pretty girl": LitBank (like OntoNotes) keeps
            # predicate nominals and appositions out of the subject's chain. The
            # description still names her for later: "the pretty girl" is Anne.
            described = self._described_by(m, state)
            if described is not None and not described.startswith(_NEW):
                self.described.setdefault(_describe(self.story, m), described)
            return None
        named = self._apposed_name(m)
        if named is not None:
            return named  # "my good friend, Master John Rolfe": the friend is Rolfe
        by_looks = self._by_looks(m) if _EPITHETS else None
        if by_looks is not None:
            return by_looks
        bare = m.tok_start == m.head
        if bare and m.quote is not None and (lemma in _VOCATIVE_NOUNS or self._vocative(m)):
            return self.addressee_of.get(m.quote)  # "Yes, sir.", "Yes, Mother."
        if bare and lemma in RELATIONAL and self.narrator is not None and m.quote is None:
            return self._newcomer(f"{self.narrator}'s {lemma}", m)  # "Mother said" = my mother
        if lemma in RELATIONAL and possessor is not None:
            owner = state.by_token.get(possessor)
            if owner is None or owner.startswith(_NEW):
                return None
            return self._kin(owner, lemma) or self._newcomer(f"{owner}'s {lemma}", m)
        indefinite = any(tokens[i].text.lower() in ("a", "an") for i in range(m.tok_start, m.head))
        if indefinite and head.dep == "pobj" and tokens[head.head].text.lower() == "of":
            return None  # "in want of a wife", "the son of a farmer": nobody in particular
        new_person = lemma in DESCRIPTORS and _brings_in(self.story, m)
        if not indefinite and possessor is None and not new_person:
            earlier = self.described.get(_describe(self.story, m))
            if earlier is not None:
                return earlier
            earlier = self._introduced_as(m, lemma, state)
            if earlier is not None:
                return earlier
            again = _NEW + _describe(self.story, m)
            if (
                _SAME_DESCRIPTION
                and lemma in DESCRIPTORS
                and again in state.candidates()
                and (_speaks(self.story, m, self.quote_paras) or not _SAME_DESCRIPTION_SPEAKS)
            ):
                return again
        if lemma in self.titled and possessor is None and not indefinite:
            # "the doctor" is Dr. Livesey: the most salient bearer of the title.
            bearers = self.titled[lemma]
            return max(bearers, key=lambda c: (state.salience(c), -bearers.index(c)))
        if possessor is not None:
            spouse = _SPOUSE_WORDS.get(lemma)
            owner = state.by_token.get(possessor)
            if spouse and owner is not None and not owner.startswith(_NEW):
                return self._kin(owner, spouse)
            if _POSSESSED_ROLES and not spouse and lemma not in DESCRIPTORS:
                return self._possessed_role(m, lemma, possessor, owner)
            return None
        if lemma in DESCRIPTORS:
            if indefinite or new_person:
                # "a boy", "the first boy who came in": someone new, and not the
                # "a boy" of three pages back.
                cid = self._newcomer(f"{_describe(self.story, m)}{_AT}{m.head}", m)
                self.introduced[lemma].append((cid, _modifiers(self.story, m)))
                return cid
            excluded = self._not_described(m) | self._named_in_sentence(m)
            voice = self._voice_on_stage(m, state) if _VOICE_PERSON else None
            if voice is not None and voice not in excluded:
                return voice  # "said a rough voice" ... "said the man": the voice's owner
            best = None
            for c in state.candidates():
                if c in excluded:
                    continue
                if self.kinds.get(c) == "named" and self._agrees(c, m.gender, False):
                    s = state.salience(c)
                    if lemma in _CHILD_NOUNS and c in self._grown:
                        continue
                    if s >= _DESCRIBE_MIN and (best is None or s > best[0]):
                        best = (s, c)
            if best is not None and not self._described_near(m, state, best[0]):
                return best[1]
        return self._newcomer(_describe(self.story, m), m)

    @cached_property
    def _grown(self) -> set[str]:
        """Named characters with a grown-up's title (``Mr.``, ``Mrs.``, ``Dr.``, ``Captain``).

        ``the boy`` is not Mr. Pett, nor ``the little girl`` Mrs. Morel; ``Miss``
        and ``Master`` are said of children too.
        """
        out = set()
        for c in self.story.characters:
            titles = {parse_name(f).title.lower().rstrip(".") for f in (c.name, *c.aliases)}
            if c.kind == "named" and titles - {"", "miss", "master"}:
                out.add(c.id)
        return out

    @cached_property
    def _voice_characters(self) -> set[str]:
        """Unnamed characters known only as a voice (``said a rough voice``)."""
        return {
            c.id
            for c in self.story.characters
            if c.kind == "unnamed" and c.name.lower().split()[-1:] == ["voice"]
        }

    def _voice_on_stage(self, m: Mention, state: _State) -> str | None:
        """A disembodied voice on stage is the first person a description names next."""
        on_stage = [
            c
            for c in state.candidates()
            if c in self._voice_characters
            and self._gender(c) in (None, "they", m.gender)  # a voice has no sex yet
            and state.local.get(c, 0.0) >= _VOICE_MIN
        ]
        return max(on_stage, key=lambda c: state.local.get(c, 0.0)) if on_stage else None

    def _described_near(self, m: Mention, state: _State, named: float) -> bool:
        """Someone the story has not named is on stage, nearly as salient as the named one.

        An author can call a named man by his name; a man the story has not
        named can only be described, so ``the man`` is more likely him. An
        unnamed first-person narrator counts too: whom "I" describe is mostly
        someone met, not a named companion (held-out LitBank halves both gain).
        With only named people about (``Kakashi and Gai ... the older man``),
        the most salient named one stays the reading.
        """
        return any(
            self.kinds.get(c) == "unnamed"
            and self._agrees(c, m.gender, False)
            and state.salience(c) > _DESCRIBED_RIVAL * named
            for c in state.candidates()
        )

    def _named_in_sentence(self, m: Mention) -> set[str]:
        """Named characters whose name stands elsewhere in the description's sentence.

        ``The man sprang for his throat, but Buck was too quick for him``: an author
        who names someone in a sentence does not also describe them in it, so the
        description is someone else (a newcomer, or another named one).
        """
        if not _NAMED_IN_SENTENCE:
            return set()
        start, end = self.story.sentences[self.story.tokens[m.head].sent]
        return {c for j, c in self.narrated_proper.items() if start <= j < end}

    def _not_described(self, m: Mention) -> set[str]:
        """The named speaker a speech tag's ``said the man`` is not: the last turn's.

        An author who means the speaker of the turn before writes ``he`` or the
        name: in ``"...?" asked Winterbourne. / "...," said the child`` the child
        is someone else (held-out LitBank: +0.7 points of speaker accuracy).
        """
        if not _speaks(self.story, m, self.quote_paras):
            return set()
        para = self.story.tokens[m.head].para
        at = bisect_left(self.quote_order, (para, ""))
        last = self.speaker_of.get(self.quote_order[at - 1][1]) if at > 0 else None
        if last is None or (_NOT_DESCRIBED_NAMED_ONLY and self.kinds.get(last) == "unnamed"):
            return set()  # "said a voice" ... "said the man": a description may go on
        return {last}

    def _apposed_name(self, m: Mention) -> str | None:
        """The character of a name in apposition to the description's head, if any."""
        tokens = self.story.tokens
        sent_end = self.story.sentences[tokens[m.head].sent][1]
        for j in range(m.head + 1, min(sent_end, m.head + 8)):
            if tokens[j].head == m.head and tokens[j].dep == "appos" and j in self.proper:
                return self.proper[j]
        return None

    def _introduced_as(self, m: Mention, lemma: str, state: _State) -> str | None:
        """``the thin gentleman`` is the ``a thin, elderly gentleman`` still on stage."""
        mods = _modifiers(self.story, m)
        for cid, had in reversed(self.introduced.get(lemma, [])):
            if mods <= had and cid in state.candidates():
                return cid
        return None

    def _described_by(self, m: Mention, state: _State) -> str | None:
        """Who a predicate nominal or apposition describes: the copula's subject or the head."""
        tokens = self.story.tokens
        head = tokens[m.head]
        if head.dep == "appos":
            return state.by_token.get(head.head)
        verb = head.head
        subject = next(
            (
                t.i
                for t in tokens[verb - 8 if verb >= 8 else 0 : verb]
                if t.head == verb and t.dep == "nsubj"
            ),
            None,
        )
        return state.by_token.get(subject) if subject is not None else None

    def _count_hair(self, head: int, character: str) -> None:
        """Count the hair colour the text gives the mention at ``head``, if any."""
        if near_hair(self.hair_at, head):
            colour = hair_of(self.story.tokens, head)
            if colour:
                self.hair[colour][character] += 1

    def _by_looks(self, m: Mention) -> str | None:
        """``the blond``, ``the raven-haired boy``: whom the text gave that hair.

        Fan fiction names its people by their looks as often as by name; the story
        says who has which hair (``ficlens.epithets``). Only when one character holds
        most of the colour's descriptions; two blonds leave it to salience.
        """
        colour = epithet(self.story.tokens, m.head, m.tok_start)
        holders = self.hair.get(colour) if colour else None
        if not holders:
            return None
        c, n = holders.most_common(1)[0]
        if n < _EPITHET_SHARE * sum(holders.values()) or not self._agrees(c, m.gender, False):
            return None
        return c

    def _possessed_role(
        self, m: Mention, lemma: str, possessor: int, owner: str | None
    ) -> str | None:
        """``his comrade`` (``Cameron's comrade``), ``our master``: a described person.

        Keyed by owner and noun like a relative, so the description recurs as one
        person and is a last-resort candidate for the pronouns after it.
        Narration's ``our`` is no mention (narrative ``we`` is mostly generic),
        so ``our master`` is keyed by the words alone. Not ``her lad``: a
        descriptor links to a named character as ``the lad`` does.
        """
        if owner is None and self.story.tokens[possessor].text.lower() == "our":
            return self._newcomer(f"{_OURS}{lemma}", m) if m.quote is None else None
        if owner is None or owner.startswith(_NEW):
            return None
        return self._newcomer(f"{owner}'s {lemma}", m)

    def _vocative(self, m: Mention) -> bool:
        """A word set off by commas or the quote's edges: ``"Yes, Mother."``."""
        tokens = self.story.tokens
        before = tokens[m.tok_start - 1].text if m.tok_start > 0 else ""
        after = tokens[m.head + 1].text if m.head + 1 < len(tokens) else ""
        return before in _VOCATIVE_EDGE and after in _VOCATIVE_EDGE

    def _newcomer(self, key: str, m: Mention) -> str:
        """A person known only by a description (``the stranger``, ``Gai's father``).

        They enter the salience model like anyone else, so ``the stranger ... he``
        can find them; ``resolve`` keeps those mentioned twice as characters.
        """
        cid = _NEW + key
        if cid not in self.kinds:
            self.kinds[cid] = "unnamed"
            if m.gender in ("he", "she"):
                self.genders.setdefault(cid, m.gender)
        return cid

    def _kin(self, owner: str, relation: str) -> str | None:
        """``her mother`` is Mrs. Bennet when the owner is a Bennet and one Mrs. Bennet exists.

        Parents and spouses share the owner's surname and carry the title of
        their sex (Mr./Mrs.): a married Mr. or Mrs. X's namesake is a spouse, an
        untitled (or Miss) X's a parent. Anything less certain stays an unnamed
        relative.
        """
        key = (owner, relation)
        if key not in self.kin:
            self.kin[key] = None
            title = _KIN_TITLE.get(relation)
            parts = self.parts.get(owner, set())
            if relation in _CHILDREN and parts:
                found = self._untitled_relative(owner, parts, _CHILDREN[relation])
                self.kin[key] = found[0] if len(found) == 1 else None
                return self.kin[key]
            married = {t for t, _ in self.titled_parts.get(owner, ())} & {"mr", "mrs"}
            if married and relation not in _SPOUSES or not married and relation in _SPOUSES:
                title = None
            if title and parts:
                found = [
                    c
                    for c, titled in self.titled_parts.items()
                    if c != owner and any(t == title and p in parts for t, p in titled)
                ]
                if not found and relation not in _SPOUSES:
                    found = self._untitled_relative(owner, parts, "she" if title == "mrs" else "he")
                self.kin[key] = found[0] if len(found) == 1 else None
        return self.kin[key]

    def _untitled_relative(self, owner: str, parts: set[str], gender: str) -> list[str]:
        """Named characters of the relative's sex sharing the owner's surname (not a given name).

        ``Rei's mother`` is Tsukino Haruka when she is the story's only other
        Tsukino, and not known to be a man; ``Haruka's daughter`` is Tsukino Rei.
        """
        surnames = {p for p in parts if name_gender(p) is None}
        return [
            c
            for c, have in self.parts.items()
            if c != owner
            and have & surnames
            and not self.titled_parts.get(c)
            and (self._gender(c) or self.priors.get(c)) in (gender, None)
        ]


def _short_names(story: Story) -> dict[str, str]:
    """The name a reader uses most (``Gai`` for Maito Gai), to label relatives by."""
    used: dict[str, Counter[str]] = defaultdict(Counter)
    for m in story.mentions:
        if m.kind == "proper" and m.character:
            used[m.character][parse_name(m.text).display] += 1
    out = {}
    for c in story.characters:
        forms = used.get(c.id)
        out[c.id] = forms.most_common(1)[0][0] if forms else c.name
    return out


def _modifiers(story: Story, m: Mention) -> frozenset[str]:
    """The description's words other than its head and articles (``{thin, elderly}``)."""
    tokens = story.tokens
    return frozenset(
        tokens[i].text.lower()
        for i in range(m.tok_start, m.head)
        if tokens[i].dep in ("amod", "compound", "nummod") and tokens[i].text.isalpha()
    )


#: Modifiers that pick out someone not yet met: "the first man who came in".
_ORDINALS = frozenset(words("first second third fourth fifth sixth seventh next"))


def _brings_in(story: Story, m: Mention) -> bool:
    """``the first man``, ``the man who came in``: a definite description that brings in someone.

    An ordinal counts people off one by one, and a restrictive relative clause (no
    comma before ``who``) says which man by what he does, not by who is on stage.
    """
    tokens = story.tokens
    if any(
        tokens[i].text.lower() in _ORDINALS and tokens[i].dep in ("amod", "nummod")
        for i in range(m.tok_start, m.head)
    ):
        return True
    sent_end = story.sentences[tokens[m.head].sent][1]
    for j in range(m.head + 1, min(sent_end, m.head + 12)):
        t = tokens[j]
        if t.head == m.head and t.dep == "relcl":
            return tokens[m.head + 1].text != ","
    return False


def _describe(story: Story, m: Mention) -> str:
    """``The older boy`` / ``an older boy`` -> ``older boy`` (the key of an unnamed one)."""
    found = story.text[story.tokens[m.tok_start].start : m.end].lower().split()
    return " ".join(w for w in found if w not in ("the", "a", "an", "this", "that"))


def _first_person(
    story: Story,
    order: list[Mention],
    speakers: dict[str, str | None],
    addressees: dict[str, str | None],
    narrator: str | None,
) -> None:
    """``I`` in a quote is its speaker, ``you`` its addressee; ``I`` outside, the narrator.

    Without attributed quotes the speakers and addressees are ``_tag_guess``'s;
    the speakers stage calls ``resolve(story, use_speakers=True)`` to replace them.
    """
    for m in order:
        if m.kind != "pronoun" or m.person == 3:
            continue
        m.character = None
        if m.plural:
            continue
        if m.quote is None:
            m.character = narrator if m.person == 1 else None
        elif m.person == 1:
            m.character = speakers.get(m.quote)
        else:
            m.character = addressees.get(m.quote)


def _attributed(story: Story) -> tuple[dict[str, str | None], dict[str, str | None]]:
    speakers = {q.id: q.speaker for q in story.quotes}
    addressees = {q.id: (q.addressees[0] if len(q.addressees) == 1 else None) for q in story.quotes}
    return speakers, addressees


def _fill(
    attributed: tuple[dict[str, str | None], dict[str, str | None]],
    guess: tuple[dict[str, str | None], dict[str, str | None]],
) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """The speakers stage's answers, and the tag guess only where it left a quote open."""
    speakers = {q: sp or guess[0].get(q) for q, sp in attributed[0].items()}
    addressees = {
        q: ad or (guess[1].get(q) if guess[1].get(q) != speakers[q] else None)
        for q, ad in attributed[1].items()
    }
    return speakers, addressees


def _tag_guess(
    story: Story, order: list[Mention]
) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """A first guess at each quote's speaker and addressee, before attribution.

    The paragraph's speech tag, else its actor (``Gai nodded. "Yes."``), else
    turn-taking (the speaker two turns back); the addressee is a vocative in the
    quote, else the previous speaker.
    """
    tokens = story.tokens
    tag_of: dict[int, str] = {}  # paragraph -> speaker named by a speech tag
    actor_of: dict[int, str] = {}  # paragraph -> its first narrated subject
    vocative: dict[str, str] = {}  # quote -> a name spoken at its edge
    quote_para: dict[str, int] = {}
    for m in order:
        tok = tokens[m.head]
        if m.quote is not None:
            quote_para.setdefault(m.quote, tok.para)
        if m.character is None:
            continue
        if m.quote is None:
            if tok.dep in _SUBJECT_DEPS:
                actor_of.setdefault(tok.para, m.character)
                if tokens[tok.head].lemma.lower() in SPEECH_VERBS:
                    tag_of.setdefault(tok.para, m.character)
        elif m.kind == "proper" and m.head + 1 < len(tokens) and tokens[m.head + 1].text in ",!?":
            vocative.setdefault(m.quote, m.character)
    speakers: dict[str, str | None] = {}
    addressees: dict[str, str | None] = {}
    turns: list[tuple[int, str | None]] = []  # (paragraph, speaker) per quote paragraph
    quote_paras = set(quote_para.values())
    last_addressee: str | None = None
    for q in story.quotes:
        para = quote_para.get(q.id, q.paragraph)
        speaker = tag_of.get(para) or actor_of.get(para)
        if speaker is None and q.continues:
            speaker = speakers.get(q.continues)  # speech running on from the last quote
        if speaker is None and _introduces(story, para - 1, quote_paras):
            speaker = tag_of.get(para - 1) or actor_of.get(para - 1)  # "He said:" / "..."
        if turns and turns[-1][0] == para:
            speaker = speaker or turns[-1][1]
        elif speaker is None and len(turns) >= 2 and turns[-1][0] == para - 1:
            speaker = turns[-2][1] if turns[-2][1] != turns[-1][1] else None
        if speaker is None and turns and turns[-1][0] == para - 1:
            speaker = last_addressee  # a reply: the one just spoken to answers
        speakers[q.id] = speaker
        previous = next((sp for p, sp in reversed(turns) if p != para and sp), None)
        addressee = vocative.get(q.id) or previous
        addressees[q.id] = addressee if addressee != speaker else None
        last_addressee = addressees[q.id]
        if not turns or turns[-1][0] != para:
            turns.append((para, speaker))
    return speakers, addressees


def _introduces(story: Story, para: int, quote_paras: set[int]) -> bool:
    """A narrated paragraph ending in a colon hands over to the speech after it."""
    if para < 0 or para in quote_paras or para >= len(story.paragraphs):
        return False
    p = story.paragraphs[para]
    return story.text[p.start : p.end].rstrip().endswith(":")


def _newcomers(story: Story, genders: dict[str, str | None]) -> None:
    """Described people mentioned at least twice become (or rejoin) unnamed characters.

    ``Gai's father``, ``the old man``: relatives are named after their owner's
    short name. The rest of the walk's provisional ids are cleared.
    """
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in story.mentions:
        if m.character is not None and m.character.startswith(_NEW):
            groups[m.character].append(m)
    names = _short_names(story)
    # A re-run (after the speakers stage) finds the same people again: by name, and
    # for an indefinite "a man" (one of many) by name and first appearance.
    by_name = {c.name: c for c in story.characters}
    by_first = {(c.name, c.first_appearance): c for c in story.characters}
    for cid, ms in groups.items():
        key, at, _ = cid[len(_NEW) :].partition(_AT)
        owner, sep, relation = key.partition("'s ")
        name = f"{names[owner]}'s {relation}" if sep and owner in names else f"the {key}"
        if key.startswith(_OURS):
            name = key  # "our master"
        keep = len(ms) >= _NEWCOMER_MIN and not (sep and owner not in names)
        first = min(m.start for m in ms)
        char = (by_first.get((name, first)) if at else by_name.get(name)) if keep else None
        if keep and char is None:
            char = Character(id=_next_id(story), name=name, kind="unnamed", gender=genders.get(cid))
            char.first_appearance = first
            story.characters.append(char)
            by_name.setdefault(name, char)
            by_first[(name, first)] = char
        for m in ms:
            m.character = char.id if char is not None else None


def _speaks(story: Story, m: Mention, quote_paras: set[int]) -> bool:
    """The subject of a speech tag (``said the man``): narrated, in a paragraph with a quote."""
    return (
        m.quote is None and story.tokens[m.head].para in quote_paras and _speaks_noun(story, m.head)
    )


def _next_id(story: Story) -> str:
    used = {int(c.id[1:]) for c in story.characters if c.id[1:].isdigit()}
    return f"c{max(used, default=-1) + 1}"


def _self_named(story: Story) -> str | None:
    """The character the narrator names as themself: "Call me Ishmael", "my name is Pip".

    Only in narration, and the earliest such naming wins.
    """
    for m in story.mentions:
        if m.kind == "proper" and m.quote is None and m.character is not None:
            before = story.text[max(0, m.start - 20) : m.start]
            if SELF_NAMING.search(before):
                return m.character
    return None


def _narrator(story: Story) -> str | None:
    """A narrator character when the narration says ``I`` often enough."""
    count = sum(
        1
        for m in story.mentions
        if m.kind == "pronoun" and m.person == 1 and not m.plural and m.quote is None
    )
    if count < 3:
        return None
    named = _self_named(story)
    if named is not None:
        return named
    for c in story.characters:
        if c.name == _NARRATOR:
            return c.id
    char = Character(id=_next_id(story), name=_NARRATOR, kind="unnamed")
    story.characters.append(char)
    return char.id


def _learned_genders(
    story: Story, hard: dict[str, str | None], priors: dict[str, str | None] | None = None
) -> dict[str, str | None]:
    """Each character's pronouns from the resolved mentions (majority, >= 2 votes).

    Against a given name's guess (``Mary``: she) the text must say more: three
    votes, four in five. Two stray ``he``s that the first pass sent to Mary made
    her a man on LitBank and pulled every later ``he`` her way.
    """
    priors = priors or {}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for m in story.mentions:
        if m.kind == "pronoun" and m.person == 3 and m.character and m.gender:
            votes[m.character][m.gender if not m.plural else "they"] += 1
    out: dict[str, str | None] = {}
    for c in story.characters:
        v = votes.get(c.id)
        if c.kind == "group":
            out[c.id] = "they"
        elif v and sum(v.values()) >= 2 and v.most_common(1)[0][1] >= 0.6 * sum(v.values()):
            top, n = v.most_common(1)[0]
            prior = priors.get(c.id)
            against = prior in ("he", "she") and top != prior
            if not against or n >= 3 and n >= 0.8 * sum(v.values()):
                out[c.id] = top
            else:
                out[c.id] = hard.get(c.id) or prior
        else:
            out[c.id] = hard.get(c.id)
    return out


def _known_genders(story: Story) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """(genders the cast, a title or a noun fixes; genders a given name suggests)."""
    hard: dict[str, str | None] = {}
    soft: dict[str, str | None] = {}
    for c in story.characters:
        if c.from_cast or c.kind != "named":
            hard[c.id] = c.gender
            continue
        titled = [parse_name(a).title_gender for a in [c.name, *c.aliases]]
        hard[c.id] = next((g for g in titled if g), None)
        soft[c.id] = c.gender if hard[c.id] is None else None
        if soft[c.id] is None and hard[c.id] is None and _CENSUS_PRIOR and c.name.split():
            # "Millie": a given name our short list lacks still says she (+0.1).
            soft[c.id] = census_gender(c.name.split()[0])
    return hard, soft


def resolve(story: Story, use_speakers: bool = False) -> Story:
    """Resolve every pronoun and description; safe to call again after speakers.

    Names keep the characters the characters stage gave them. With
    ``use_speakers`` the quotes' speakers and addressees resolve ``I``/``you`` in
    quotes and keep third-person pronouns in a quote off both of them; a quote
    the speakers stage left without a speaker (or addressee) falls back to the
    tag guess (``_tag_guess``) for its pronouns only.
    """
    members = {c.id for c in story.characters if _is_cluster(c)}
    fixed = {
        id(m)
        for m in story.mentions
        if m.character is not None
        and (m.kind == "proper" or m.kind == "nominal" and m.character in members)
    }
    order = sorted(story.mentions, key=lambda m: (m.head, m.start))
    narrator = _narrator(story)
    genders, priors = _known_genders(story)
    attributed = _attributed(story) if use_speakers else None
    voices: tuple[dict[str, str | None], dict[str, str | None]] = attributed or ({}, {})
    for pass_no in range(2):
        for m in story.mentions:
            if id(m) not in fixed:
                m.character = None
        resolver = Resolver(story, genders, priors=priors)
        resolver.narrator = narrator
        resolver.speaker_of, resolver.addressee_of = voices
        resolver.voices = {
            q: {c for c in (sp, voices[1].get(q)) if c} for q, sp in voices[0].items()
        }
        resolver.run(order)
        voices = _tag_guess(story, order)
        if attributed is not None:
            voices = _fill(attributed, voices)
        _first_person(story, order, *voices, narrator)
        if pass_no == 0:
            genders = _learned_genders(story, genders, priors)
    _newcomers(story, resolver.genders)
    final = _learned_genders(story, _known_genders(story)[0], priors)
    for c in story.characters:
        # The text's pronouns first; a common name's guess only where it is silent.
        c.gender = final.get(c.id) or priors.get(c.id) or c.gender
    update_counts(story)
    return story


def _is_cluster(c: Character) -> bool:
    """Role and group characters of the characters stage (coref keeps their nominals)."""
    return c.kind in ("group", "unnamed") and c.name != _NARRATOR and "'s " not in c.name


def coref(story: Story, options: Options) -> Story:
    return resolve(story, use_speakers=any(q.speaker for q in story.quotes))


STAGE = Stage("coref", coref, needs=("characters", "mentions"), sets=("coref",))
