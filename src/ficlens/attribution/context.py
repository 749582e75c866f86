"""A parsed Story indexed once for attribution: quotes, tokens, mentions, characters.

Every step of attribution asks the same questions (which paragraph holds this quote,
which tokens are narration around it, which character does this token name), so they
are answered once here with arrays and bisection instead of scans per quote.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ficlens.document import Character, Mention, Quote, Story, Token

_SUBJECTS = frozenset(("nsubj", "nsubjpass"))
_POSSESSIVES = frozenset(("his", "her", "my", "their", "our", "your"))
# What a child calls a relative to their face -> the relation the narration names.
_KIN_RELATION = {
    **dict.fromkeys(("papa", "pa", "pappy", "dad", "daddy", "father", "pop"), "father"),
    **dict.fromkeys(
        ("mamma", "mama", "ma", "mammy", "mum", "mummy", "mom", "mommy", "mother"), "mother"
    ),
    **dict.fromkeys(("grandpa", "grandfather", "granddad"), "grandfather"),
    **dict.fromkeys(("grandma", "grandmother", "granny", "gran"), "grandmother"),
    "aunt": "aunt",
    "auntie": "aunt",
    "uncle": "uncle",
}


@dataclass(slots=True)
class QuoteSpan:
    """Where one quote sits: its paragraph, its tokens and the narration around it."""

    index: int
    quote: Quote
    para: int
    tok_start: int  # first token inside the quote
    tok_end: int  # one past the last token inside the quote
    before: tuple[int, int]  # narration tokens between the previous quote (or paragraph start)
    after: tuple[int, int]  # narration tokens up to the next quote (or paragraph end)
    first_in_para: bool = True
    last_in_para: bool = True
    para_quote_only: bool = False  # the paragraph holds speech and no narration


@dataclass
class Context:
    """The indexes attribution reads; build with ``Context.build(story)``."""

    story: Story
    spans: list[QuoteSpan]
    para_tokens: dict[int, tuple[int, int]]
    mention_at: dict[int, Mention]  # token index -> the shortest mention holding it
    mentions_by_para: dict[int, list[Mention]]
    characters: dict[str, Character]
    quote_of_token: list[int]  # token index -> quote index or -1
    para_order: list[int] = field(default_factory=list)  # prose paragraph indexes in order
    _names: dict[str, str] | None = None
    _narrator: str | None = ""
    _titled: dict[str, list[str]] | None = None
    _kin: dict[str, list[tuple[int, str]]] | None = None

    @classmethod
    def build(cls, story: Story) -> Context:
        tokens = story.tokens
        starts = [t.start for t in tokens]
        para_starts = [p.start for p in story.paragraphs]
        quotes = sorted(story.quotes, key=lambda q: q.start)
        story.quotes[:] = quotes

        # Tokens come in text order, so a paragraph's tokens are one run.
        para_tokens: dict[int, tuple[int, int]] = {}
        for t in tokens:
            lo = para_tokens[t.para][0] if t.para in para_tokens else t.i
            para_tokens[t.para] = (lo, t.i + 1)

        quote_of_token = [-1] * len(tokens)
        raw: list[tuple[int, int, int]] = []
        for qi, q in enumerate(quotes):
            para = q.paragraph
            if para < 0:
                para = max(0, bisect.bisect_right(para_starts, q.start) - 1)
            lo = bisect.bisect_left(starts, q.start)
            hi = bisect.bisect_left(starts, q.end)
            for ti in range(lo, hi):
                quote_of_token[ti] = qi
            raw.append((para, lo, hi))

        spans: list[QuoteSpan] = []
        for qi, (q, (para, lo, hi)) in enumerate(zip(quotes, raw, strict=True)):
            p_lo, p_hi = para_tokens.get(para, (lo, lo))
            prev_same = qi > 0 and raw[qi - 1][0] == para
            next_same = qi + 1 < len(raw) and raw[qi + 1][0] == para
            before = (raw[qi - 1][2] if prev_same else p_lo, lo)
            after = (hi, raw[qi + 1][1] if next_same else p_hi)
            spans.append(
                QuoteSpan(qi, q, para, lo, hi, before, after, not prev_same, not next_same)
            )
        for span in spans:
            lo, hi = para_tokens.get(span.para, (0, 0))
            span.para_quote_only = all(
                quote_of_token[i] >= 0 or not tokens[i].text.strip() or tokens[i].pos == "PUNCT"
                for i in range(lo, hi)
            )

        mention_at: dict[int, Mention] = {}
        mentions_by_para: dict[int, list[Mention]] = {}
        for m in sorted(story.mentions, key=lambda m: (m.start, -(m.end - m.start))):
            if m.tok_start < 0:
                m.tok_start = bisect.bisect_left(starts, m.start)
                m.tok_end = max(m.tok_start + 1, bisect.bisect_left(starts, m.end))
            if m.tok_start >= len(tokens):
                continue
            for ti in range(m.tok_start, min(m.tok_end, len(tokens))):
                held = mention_at.get(ti)
                if held is None or (held.end - held.start) >= (m.end - m.start):
                    mention_at[ti] = m
            if m.quote is None and quote_of_token[m.tok_start] >= 0:
                m.quote = quotes[quote_of_token[m.tok_start]].id
            mentions_by_para.setdefault(tokens[m.tok_start].para, []).append(m)
        characters = {c.id: c for c in story.characters}
        return cls(
            story,
            spans,
            para_tokens,
            mention_at,
            mentions_by_para,
            characters,
            quote_of_token,
            sorted(para_tokens),
        )

    # -- small questions ------------------------------------------------------

    @property
    def tokens(self) -> list[Token]:
        return self.story.tokens

    def narration(self, lo: int, hi: int) -> list[Token]:
        """The tokens of [lo, hi) that are not inside a quote."""
        return [self.tokens[i] for i in range(lo, hi) if self.quote_of_token[i] < 0]

    def character_of(self, token_index: int) -> str | None:
        mention = self.mention_at.get(token_index)
        return mention.character if mention is not None else None

    def name_index(self) -> dict[str, str]:
        """Lower-cased name, alias or name part -> character id, where unambiguous."""
        if self._names is None:
            owners: dict[str, set[str]] = {}
            for c in self.characters.values():
                if c.kind != "named":
                    continue
                for name in (c.name, *c.aliases):
                    parts = name.lower().split()
                    # ``Oda-sensei`` answers to ``sensei`` alone when no one else does.
                    titles = [p.rsplit("-", 1)[1] for p in parts if "-" in p]
                    for key in {name.lower(), *parts, *titles}:
                        owners.setdefault(key, set()).add(c.id)
            self._names = {k: next(iter(v)) for k, v in owners.items() if len(v) == 1}
        return self._names

    def narrator(self) -> str | None:
        """The character the narration's ``I`` stands for, if it says ``I`` often."""
        if self._narrator == "":
            votes: dict[str, int] = {}
            for m in self.story.mentions:
                first = m.kind == "pronoun" and m.person == 1 and not m.plural
                if first and m.character and self.quote_of_token[m.tok_start] < 0:
                    votes[m.character] = votes.get(m.character, 0) + 1
            best = max(votes.items(), key=lambda kv: (kv[1], kv[0]), default=(None, 0))
            self._narrator = best[0] if best[1] >= 3 else None
        return self._narrator

    def titled(self, noun: str) -> str | None:
        """The one named character whose title the noun is (``aunt`` -> Aunt Polly)."""
        if self._titled is None:
            from ficlens.stages.characters import title_nouns

            self._titled = title_nouns(self.story.characters)
        bearers = self._titled.get(noun, [])
        return bearers[0] if len(bearers) == 1 else None

    def kin(self, noun: str, before: int) -> str | None:
        """The character the narration last called ``his``/``her``/``my`` + the kin noun
        (``papa`` -> whoever was ``her father``) before token ``before``."""
        relation = _KIN_RELATION.get(noun)
        if relation is None:
            return None
        if self._kin is None:
            self._kin = {}
            for m in self.story.mentions:
                if m.kind != "nominal" or m.quote is not None or m.character is None:
                    continue
                head = m.head if m.head >= 0 else m.tok_end - 1
                owner = self.tokens[m.tok_start]
                if head <= m.tok_start or owner.text.lower() not in _POSSESSIVES:
                    continue  # no possessor: "a mother", "the father of the bride"
                r = _KIN_RELATION.get(self.tokens[head].lemma.lower())
                if r is not None:
                    self._kin.setdefault(r, []).append((m.tok_start, m.character))
        found = self._kin.get(relation, [])
        i = bisect.bisect_left(found, (before, "")) - 1
        return found[i][1] if i >= 0 else None

    def is_subject(self, m: Mention) -> bool:
        """Is the mention (or the noun it hangs from) a clause's subject?"""
        tokens = self.tokens
        return tokens[m.tok_start].dep in _SUBJECTS or (
            m.head >= 0 and tokens[m.head].dep in _SUBJECTS
        )

    def narration_before(self, span: QuoteSpan) -> int | None:
        """The paragraph of pure narration right before speech that opens its paragraph."""
        if not span.first_in_para or any(t.pos != "PUNCT" for t in self.narration(*span.before)):
            return None
        prev = self.prev_para(span.para)
        if prev is None or self.para_has_quote(prev):
            return None
        return prev

    def narrative_mentions(self, para: int) -> list[Mention]:
        """Mentions in a paragraph's narration (outside its quotes)."""
        return [
            m for m in self.mentions_by_para.get(para, []) if self.quote_of_token[m.tok_start] < 0
        ]

    def quote_mentions(self, span: QuoteSpan) -> list[Mention]:
        return [
            m
            for m in self.mentions_by_para.get(span.para, [])
            if span.tok_start <= m.tok_start < span.tok_end
        ]

    def prev_para(self, para: int, back: int = 1) -> int | None:
        """The prose paragraph ``back`` steps before ``para`` (None at the start)."""
        at = bisect.bisect_left(self.para_order, para) - back
        return self.para_order[at] if at >= 0 else None

    def next_para(self, para: int, ahead: int = 1) -> int | None:
        at = bisect.bisect_right(self.para_order, para) + ahead - 1
        return self.para_order[at] if at < len(self.para_order) else None

    def para_has_quote(self, para: int) -> bool:
        lo, hi = self.para_tokens.get(para, (0, 0))
        return any(self.quote_of_token[i] >= 0 for i in range(lo, hi))
