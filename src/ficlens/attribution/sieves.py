"""Deterministic evidence for one quote: speech tags, ``X's voice``, action beats.

A *tag* is a speech verb in the narration touching the quote (``Gai asked``,
``asked Gai``, ``said he``, ``Kakashi said, with a huff``) or a voice noun
(``Gai's own voice faltered``). Its subject is found through the dependency parse;
where the parser gives none (inverted tags), the first mention after the verb.
An *action beat* is the subject of the narration sentence touching the quote
(``"Yosh!" Gai nodded firmly``). Each finding keeps the mention it came from so the
quote type (explicit: a name; anaphoric: a pronoun or description) follows from it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ficlens.attribution.context import Context, QuoteSpan
from ficlens.document import Mention, Token
from ficlens.names import words

_SPEECH_VERBS = """
say ask reply answer cry exclaim shout whisper mutter murmur continue add respond remark
observe return rejoin retort call yell scream snap growl sigh laugh huff snort challenge
begin pause interrupt insist demand inquire enquire declare repeat protest plead beg
agree explain suggest tell mumble stammer stutter grumble hiss gasp breathe chuckle
groan moan sob note admit announce offer promise warn urge roar bark drawl croak squeak
shriek whine purr prompt press persist venture concede counter correct quip tease muse
wonder falter sneer scoff giggle cut finish trail choke blurt squeal whimper rasp bellow
holler lament complain object assent pronounce proceed resume interpose cough sniff
grunt shrug smile grin nod break
speak sing chant recite swear vow jeer taunt mock wail howl boom thunder lisp intone
ejaculate query question argue implore entreat beseech coax scold chide rebuke reprove
greet hail reassure assure confide confess acknowledge interject volunteer propose
proclaim comment opine reflect
"""
SPEECH_VERBS = frozenset(_SPEECH_VERBS.split())
# Verbs that only tag speech when nothing better is near (``he smiled``).
WEAK_SPEECH_VERBS = frozenset(
    ("smile", "grin", "nod", "shrug", "cough", "sniff", "laugh", "sigh", "break")
)
VOICE_NOUNS = frozenset("voice voices tone words lips mouth whisper reply answer".split())  # noqa: SIM905
# Verbs that, in the narration after set-apart speech, say who had said it
# (``they had said it so often``); ``returned`` or ``asking`` there are not reports.
RECALL_VERBS = frozenset(
    ("say", "tell", "shout", "yell", "call", "whisper", "mutter", "jeer", "taunt", "sneer", "mock")
)
SUBJECT_DEPS = frozenset(("nsubj", "nsubjpass", "csubj"))
SENTENCE_END = frozenset(".!?;")
# ``Mary heard her say``: the one who hears is no action beat of the speech.
HEARER_NOT_BEAT = True
# ``Jack cracked his fingers and Father Arnall looked ... and said``: the nearest
# conjunct's subject speaks, though the parser hangs "said" on the first verb.
NEAREST_CONJUNCT = True


@dataclass(slots=True)
class Tag:
    """One piece of tag evidence: where it is and whom it names."""

    kind: str  # verb | voice | beat | hint
    side: str  # after | before | inside | next_para | prev_para
    mention: Mention | None
    character: str | None
    verb: int = -1  # token index of the speech verb or beat verb
    strong: bool = True

    @property
    def mention_kind(self) -> str:
        return self.mention.kind if self.mention is not None else "proper"


def _first_sentence(ctx: Context, lo: int, hi: int) -> tuple[int, int]:
    """[lo, hi) cut after the first sentence-final punctuation in narration."""
    for i in range(lo, hi):
        if ctx.quote_of_token[i] < 0 and ctx.tokens[i].text in SENTENCE_END and i > lo:
            return lo, i + 1
    return lo, hi


def _last_sentence(ctx: Context, lo: int, hi: int) -> tuple[int, int]:
    for i in range(hi - 2, lo - 1, -1):
        if ctx.quote_of_token[i] < 0 and ctx.tokens[i].text in SENTENCE_END:
            return i + 1, hi
    return lo, hi


def _children(ctx: Context, head: int, lo: int, hi: int) -> list[Token]:
    return [t for t in ctx.tokens[lo:hi] if t.head == head and t.i != head]


def _opens(ctx: Context, lo: int, i: int) -> bool:
    """Only punctuation between the narration's start ``lo`` and token ``i``."""
    return all(ctx.tokens[j].pos == "PUNCT" for j in range(lo, i))


def _subject(ctx: Context, verb: int, lo: int, hi: int, inverted: bool = True) -> Mention | None:
    """The mention that is the subject of ``verb`` (possessor for voice nouns)."""
    for child in _children(ctx, verb, lo, hi):
        if child.dep not in SUBJECT_DEPS:
            continue
        if child.text.lower() in VOICE_NOUNS:
            owner = possessor(ctx, child.i, lo, hi)
            if owner is not None:
                return owner
        mention = ctx.mention_at.get(child.i) or _unlisted_speaker(ctx, child)
        if mention is not None:
            return mention
    # ``Mrs. Hilbery joined them by leaning over and remarking:`` the speech verb
    # shares the subject of the verb it hangs from.
    token = ctx.tokens[verb]
    if NEAREST_CONJUNCT and token.dep == "conj":
        # ``Jack cracked his fingers and Father Arnall looked at his copybook and
        # said``: the parser hangs every conjunct on the first; the speaker is the
        # subject of the nearest conjunct before the speech verb that has one.
        for j in range(verb - 1, max(lo, token.head) - 1, -1):
            other = ctx.tokens[j]
            if j != token.head and (other.head != token.head or other.dep != "conj"):
                continue
            for child in _children(ctx, j, lo, hi):
                if child.dep in SUBJECT_DEPS and child.i in ctx.mention_at:
                    return ctx.mention_at[child.i]
            # "... and Father Ota looked": a name right before the conjunct is its
            # subject even where the parser joined it to the object before.
            named = ctx.mention_at.get(j - 1)
            if (
                j != token.head
                and named is not None
                and named.tok_end == j
                and named.tok_start > lo
                and ctx.tokens[named.tok_start - 1].pos == "CCONJ"
            ):
                return named
    for _ in range(3):
        if token.dep not in ("conj", "xcomp", "advcl", "pcomp", "prep") or token.head == token.i:
            break
        token = ctx.tokens[token.head]
        if not lo <= token.i < hi:
            break
        if token.pos in ("VERB", "AUX"):
            for child in _children(ctx, token.i, lo, hi):
                if child.dep in SUBJECT_DEPS and child.i in ctx.mention_at:
                    return ctx.mention_at[child.i]
    # Inverted tags (``said he``, ``asked Gai``, ``replied his wife``): the parser
    # often leaves them without nsubj; take the first mention right after the verb.
    if not inverted:
        return None
    # Right after the quote (``"Where?" asked Gai.``) the parser reads the speaker as
    # the verb's object; there it is the subject (``he asked Gai`` has its own).
    opens = _opens(ctx, lo, verb)
    for i in range(verb + 1, min(verb + 4, hi)):
        if ctx.quote_of_token[i] >= 0:
            break
        mention = ctx.mention_at.get(i)
        if mention is None and ctx.tokens[i].text.lower() in VOICE_NOUNS:
            mention = possessor(ctx, i, lo, hi)  # ``cried the voice of John Reed``
        if mention is None and ctx.tokens[i].dep in SUBJECT_DEPS | {"dobj"}:
            mention = _unlisted_speaker(ctx, ctx.tokens[i])
        if mention is not None and ctx.tokens[i].dep == "poss":
            # ``replied his wife``, ``exclaimed my brother's wife``: the speaker is the
            # possessed noun's mention, not the ``his`` in it (but ``his voice``: him).
            mention = _possessed(ctx, i, hi)
            if mention is None:
                return None
        if mention is not None and mention.kind == "nominal":
            mention = _apposed_name(ctx, mention, hi)  # ``replied the poet Syme``
        if mention is not None and ctx.tokens[i].dep not in ("pobj", "dobj", "dative"):
            return mention
        if mention is not None and opens and ctx.tokens[i].dep in ("dobj", "dative"):
            return mention
        if ctx.tokens[i].pos in ("VERB", "PUNCT") and ctx.tokens[i].text != ",":
            break
    if opens:
        # ``"...," added a third autumnal matron``: whoever the noun is, it speaks.
        for child in _children(ctx, verb, verb + 1, min(verb + 8, hi)):
            if child.dep in ("nsubj", "dobj") and child.pos == "NOUN":
                return ctx.mention_at.get(child.i) or _unlisted_speaker(ctx, child, True)
    return None


# Who speaks when the text does not say: ``somebody exclaimed``, ``said another``.
UNNAMED_SPEAKERS = frozenset(
    "somebody someone anybody anyone another one nobody everybody everyone others several".split()  # noqa: SIM905
)
# Subjects of a tag that are the speech itself, not a speaker: ``came the reply``.
_NOT_SPEAKERS = frozenset(
    words(
        "reply answer response retort words word tone whisper silence laugh laughter sound "
        "noise cry shout murmur question echo call sigh groan"
    )
)
# Voices with no owner speak for someone unseen: ``said a rough voice``.
UNOWNED_VOICES = frozenset(("voice", "voices"))


def _unlisted_speaker(ctx: Context, token: Token, any_noun: bool = False) -> Mention | None:
    """A mention for a speech tag's subject that no stage listed as a person.

    ``"We say," somebody exclaimed`` and ``"Wake up," said a rough voice``: the
    speaker is someone unnamed, and must not be forced onto a named character.
    The new mention joins the story's mentions; ``rules.adopt`` makes it a character.
    """
    word = token.text.lower()
    if not (
        (word in UNNAMED_SPEAKERS and token.pos in ("PRON", "NOUN", "NUM"))
        or (word in UNOWNED_VOICES and token.pos == "NOUN")
        or (any_noun and token.pos == "NOUN" and word not in _NOT_SPEAKERS)
    ):
        return None
    if word in UNOWNED_VOICES and any(
        t.dep == "poss" for t in _children(ctx, token.i, token.i - 4, token.i)
    ):
        return None
    first = token.i
    while (
        first - 1 >= 0
        and ctx.tokens[first - 1].head == token.i
        and ctx.tokens[first - 1].dep in ("det", "amod", "compound", "advmod", "nummod")
    ):
        first -= 1
    if first in ctx.mention_at or ctx.quote_of_token[first] >= 0:
        return None
    tokens = ctx.tokens
    mention = Mention(
        tokens[first].start,
        tokens[token.i].end,
        "nominal",
        ctx.story.text[tokens[first].start : tokens[token.i].end],
        tok_start=first,
        tok_end=token.i + 1,
        head=token.i,
        plural=word in ("others", "several", "voices") or token.tag == "NNS",
    )
    bisect.insort_left(ctx.story.mentions, mention, key=lambda m: m.start)
    for i in range(first, token.i + 1):
        ctx.mention_at[i] = mention
    in_para = ctx.mentions_by_para.setdefault(token.para, [])
    bisect.insort_left(in_para, mention, key=lambda m: m.tok_start)
    return mention


def _apposed_name(ctx: Context, mention: Mention, hi: int) -> Mention:
    """The name right after a description, in apposition (``the poet Syme``), else it.

    The parser hangs such a name anywhere (appos, compound, even advmod of the verb);
    a name written straight after the description's noun is the person it describes.
    """
    j = mention.tok_end
    named = ctx.mention_at.get(j) if j < hi else None
    if named is not None and named.kind == "proper" and named.tok_start == j:
        return named
    return mention


def _possessed(ctx: Context, owner: int, hi: int) -> Mention | None:
    """The mention of what ``owner`` possesses (``his`` -> ``his wife``); for a voice,
    its owner (``his mother's voice`` -> ``his mother``, ``his voice`` -> ``his``).
    None where the possessed noun is no mention (``his young interlocutor``): the
    ``his`` is then not the speaker either."""
    j, last = owner, owner
    while ctx.tokens[j].dep == "poss" and j < ctx.tokens[j].head < hi:
        last, j = j, ctx.tokens[j].head
    if ctx.tokens[j].text.lower() in VOICE_NOUNS:
        j = last
    return ctx.mention_at.get(j)


def possessor(ctx: Context, noun: int, lo: int, hi: int) -> Mention | None:
    """Whose the noun is: ``Gai's voice``, or ``the voice of John Reed``."""
    for child in _children(ctx, noun, lo, hi):
        if child.dep == "poss":
            return ctx.mention_at.get(child.i)
        if child.dep == "prep" and child.text.lower() == "of":
            for obj in _children(ctx, child.i, lo, hi):
                if obj.dep == "pobj" and obj.i in ctx.mention_at:
                    return ctx.mention_at[obj.i]
    return None


def _voice_tags(
    ctx: Context, lo: int, hi: int, side: str, subjects_only: bool = False
) -> list[Tag]:
    tags = []
    for t in ctx.narration(lo, hi):
        if subjects_only and t.dep not in SUBJECT_DEPS:
            continue
        if t.text.lower() in VOICE_NOUNS and t.pos == "NOUN":
            owner = possessor(ctx, t.i, lo, hi)
            if owner is not None:
                tags.append(Tag("voice", side, owner, owner.character, t.head))
    return tags


def _verb_tags(
    ctx: Context, lo: int, hi: int, side: str, inverted: bool = True, open_tag: bool = False
) -> list[Tag]:
    """Speech verbs of [lo, hi) with their subjects.

    ``open_tag``: the speech ended in a comma (``"I just love workmen," glowed
    Carol``), so the first verb after it is its tag whatever the verb.
    """
    tags = []
    for t in ctx.narration(lo, hi):
        if t.pos not in ("VERB", "AUX"):
            continue
        # The parser may hang it off the next quote's verb (``"Aw," fleered Jack, "he..."``).
        any_verb = open_tag and t.i - lo <= 3 and (t.dep == "ROOT" or _opens(ctx, lo, t.i))
        if t.lemma.lower() not in SPEECH_VERBS and not any_verb:
            continue
        mention = _subject(ctx, t.i, lo, hi, inverted)
        if mention is None:
            continue
        # ``"Fine," sighed Meg``: right after the quote even a weak verb tags it.
        weak = t.lemma.lower() in WEAK_SPEECH_VERBS and not _opens(ctx, lo, t.i)
        tags.append(Tag("verb", side, mention, mention.character, t.i, strong=not weak))
    return tags


def _beat(ctx: Context, lo: int, hi: int, side: str) -> Tag | None:
    """The subject of the first verb of a narration sentence that names a person."""
    for t in ctx.narration(lo, hi):
        if t.dep in SUBJECT_DEPS and ctx.tokens[t.head].pos in ("VERB", "AUX"):
            mention = ctx.mention_at.get(t.i)
            if mention is not None:
                return Tag("beat", side, mention, mention.character, t.head, strong=False)
            if t.text.lower() in VOICE_NOUNS:
                owner = possessor(ctx, t.i, lo, hi)
                if owner is not None:
                    return Tag("voice", side, owner, owner.character, t.head)
    return None


def _hears(ctx: Context, beat: Tag, tags: list[Tag]) -> bool:
    """``Mary heard her say``: the beat's subject hears a speech tag's subject speak."""
    for tag in tags:
        if tag.kind != "verb" or tag.verb < 0 or tag.mention is beat.mention:
            continue
        verb = ctx.tokens[tag.verb]
        if verb.head == beat.verb and verb.dep in ("ccomp", "xcomp"):
            return True
    return False


def _introducing_paragraph(ctx: Context, para: int) -> tuple[int, int]:
    """The last sentence of the previous paragraph when it ends in ``:``, ``:--`` or ``,``."""
    prev = ctx.prev_para(para)
    if prev is None:
        return 0, 0
    lo, hi = ctx.para_tokens[prev]
    end = hi
    while end > lo and ctx.tokens[end - 1].text in ("-", "--", "—", "–"):
        end -= 1
    if end <= lo or ctx.tokens[end - 1].text not in (":", ",") or ctx.quote_of_token[end - 1] >= 0:
        return 0, 0
    return _last_sentence(ctx, lo, hi)


def find_tags(ctx: Context, span: QuoteSpan) -> list[Tag]:
    """Every tag touching the quote, best first: after, before, then beats."""
    tags: list[Tag] = []
    hint = span.quote.speaker_hint
    if hint:
        tags.append(Tag("hint", "inside", None, _character_named(ctx, hint)))
    a_lo, a_hi = _first_sentence(ctx, *span.after)
    b_lo, b_hi = _last_sentence(ctx, *span.before)
    open_tag = _ends_open(span.quote.text)
    after = _verb_tags(ctx, a_lo, a_hi, "after", open_tag=open_tag) + _voice_tags(
        ctx, a_lo, a_hi, "after"
    )
    before = _verb_tags(ctx, b_lo, b_hi, "before") + _voice_tags(ctx, b_lo, b_hi, "before")
    # A tag right after the quote binds tighter than one before it, except where the
    # narration before ends in a colon or comma that introduces the speech.
    if span.first_in_para and b_hi <= b_lo:
        # ``He beckoned Kronborg in and said sternly:--`` then the speech in a new
        # paragraph: the tag ends the paragraph before.
        b_lo, b_hi = _introducing_paragraph(ctx, span.para)
        before = _verb_tags(ctx, b_lo, b_hi, "before")
    introduces = b_hi > b_lo and ctx.tokens[b_hi - 1].text in (":", ",")
    ordered = (before + after) if introduces and before else (after + before)
    ordered.sort(key=lambda tag: not tag.strong)
    tags.extend(ordered)
    for lo, hi, side in ((a_lo, a_hi, "after"), (b_lo, b_hi, "before")):
        beat = _beat(ctx, lo, hi, side) if hi > lo else None
        if beat is not None and HEARER_NOT_BEAT and _hears(ctx, beat, after + before):
            beat = None
        if beat is not None:
            tags.append(beat)
    prev = ctx.prev_para(span.para)
    if span.para_quote_only and (prev is None or not ctx.para_has_quote(prev)):
        # Remembered or set-apart speech: ``Kakashi's voice had been flat``,
        # ``their words dogged him`` or ``they had said it so often`` in the
        # paragraph after names the speaker.
        nxt = ctx.next_para(span.para)
        if nxt is not None and not ctx.para_has_quote(nxt):
            lo, hi = ctx.para_tokens[nxt]
            for tag in _voice_tags(ctx, lo, hi, "next_para", subjects_only=True):
                tags.append(tag)
            for tag in _verb_tags(ctx, lo, hi, "next_para", inverted=False):
                if ctx.tokens[tag.verb].lemma.lower() in RECALL_VERBS:
                    tags.append(Tag("voice", "next_para", tag.mention, tag.character, tag.verb))
    return tags


def _character_named(ctx: Context, name: str) -> str | None:
    wanted = name.strip().lower()
    for character in ctx.characters.values():
        names = [character.name, *character.aliases]
        if any(n.lower() == wanted for n in names):
            return character.id
    for character in ctx.characters.values():
        names = [character.name, *character.aliases]
        if any(wanted in n.lower().split() for n in names):
            return character.id
    return None


_CLOSING = "\"'”’»"


def _ends_open(text: str) -> bool:
    """Speech that ends in a comma inside its marks (``"Fine,"``) goes on into a tag."""
    body = text.rstrip().rstrip(_CLOSING).rstrip()
    return body.endswith(",")
