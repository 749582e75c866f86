"""Epithets: the names a story gives people by their looks.

Fan fiction calls its characters by their hair as often as by their names: ``the
blond``, ``the redhead``, ``the raven-haired boy``. The story itself says who has
which hair (``Jun had blond hair``, ``his blond hair``, ``a man with silver hair``,
``the pink-haired girl`` in apposition to a name), so coreference can read an epithet
as the one character the text gave that colour (``ficlens.stages.coref``).

Everything here reads the parse only: ``hair_of`` finds the colour a mention is said
to have, ``epithet`` the colour a description names its person by.
"""

from __future__ import annotations

import bisect
import re

from ficlens.document import Token
from ficlens.names import words

#: Colour words for hair, each to the colour it means.
HAIR_COLOURS: dict[str, str] = {
    **dict.fromkeys(words("blond blonde golden yellow fair flaxen sandy"), "blond"),
    **dict.fromkeys(words("red ginger auburn copper scarlet crimson strawberry"), "red"),
    **dict.fromkeys(words("black raven dark ebony inky jet"), "black"),
    **dict.fromkeys(words("brown brunette brunet chestnut mousy hazel chocolate"), "brown"),
    **dict.fromkeys(words("silver grey gray white platinum snowy ashen"), "silver"),
    **dict.fromkeys(words("pink rose bubblegum"), "pink"),
    **dict.fromkeys(words("blue teal"), "blue"),
    **dict.fromkeys(words("green"), "green"),
    **dict.fromkeys(words("purple violet lavender"), "purple"),
}
#: Nouns that are a person by their hair alone: ``the blond grinned``.
EPITHET_NOUNS: dict[str, str] = {
    **dict.fromkeys(words("blond blonde"), "blond"),
    **dict.fromkeys(words("redhead redheads"), "red"),
    **dict.fromkeys(words("brunette brunet"), "brown"),
}
_HAIR = frozenset(words("hair locks curls mane"))
_HAVE = frozenset(words("have has had"))


def _colour_of_hair(tokens: list[Token], hair: int) -> str | None:
    """The colour a hair noun is given: ``blond hair``, ``hair was blond``."""
    for t in tokens[max(0, hair - 4) : hair]:
        if t.head == hair and t.dep in ("amod", "compound"):
            colour = HAIR_COLOURS.get(t.text.lower())
            if colour:
                return colour
    h = tokens[hair]
    if h.dep in ("nsubj", "nsubjpass") and tokens[h.head].lemma.lower() == "be":
        verb = h.head
        for t in tokens[verb + 1 : min(len(tokens), verb + 4)]:
            if t.head == verb and t.dep in ("acomp", "attr"):
                return HAIR_COLOURS.get(t.text.lower())
    return None


def _haired(tokens: list[Token], noun: int, start: int) -> str | None:
    """``the raven-haired boy``: the colour of a ``-haired`` modifier of the noun."""
    for k in range(max(start, noun - 6), noun):
        text = tokens[k].text.lower()
        if tokens[k].head != noun:
            continue
        if text == "haired" or text.endswith("-haired"):
            word = text[: -len("-haired")] if text.endswith("-haired") else ""
            if not word and k >= 2 and tokens[k - 1].text in ("-", "–"):
                word = tokens[k - 2].text.lower()
            elif not word and k >= 1:
                word = tokens[k - 1].text.lower()
            colour = HAIR_COLOURS.get(word)
            if colour:
                return colour
    return None


def epithet(tokens: list[Token], head: int, start: int) -> str | None:
    """The hair colour a description names its person by, if it does.

    ``the blond``, ``the redhead``: the noun is the colour; ``the raven-haired boy``,
    ``the blond-haired kid``: a ``-haired`` modifier says it.
    """
    noun = tokens[head].text.lower()
    if noun in EPITHET_NOUNS:
        return EPITHET_NOUNS[noun]
    return _haired(tokens, head, start)


def hair_of(tokens: list[Token], head: int) -> str | None:
    """The hair colour the text gives the person whose mention has this head token.

    ``his blond hair`` / ``Jun's blond hair`` (the mention owns the hair), ``Jun had
    blond hair``, ``a man with silver hair``, ``the blond-haired Jun``.
    """
    t = tokens[head]
    if t.dep == "poss" and tokens[t.head].text.lower() in _HAIR:
        return _colour_of_hair(tokens, t.head)
    if t.dep in ("nsubj", "nsubjpass") and tokens[t.head].text.lower() in _HAVE:
        verb = t.head
        for k in range(verb + 1, min(len(tokens), verb + 6)):
            if tokens[k].head == verb and tokens[k].dep == "dobj":
                if tokens[k].text.lower() in _HAIR:
                    return _colour_of_hair(tokens, k)
                break
    for k in range(head + 1, min(len(tokens), head + 8)):
        w = tokens[k]
        if w.head == head and w.dep == "prep" and w.text.lower() == "with":
            for j in range(k + 1, min(len(tokens), k + 6)):
                if tokens[j].head == k and tokens[j].dep == "pobj":
                    if tokens[j].text.lower() in _HAIR:
                        return _colour_of_hair(tokens, j)
                    break
            break
    return _haired(tokens, head, max(0, head - 6))


_HAIR_RE = re.compile("|".join(sorted(_HAIR)), re.IGNORECASE)


def hair_positions(text: str, tokens: list[Token]) -> list[int]:
    """Token indexes where the text talks of hair (a regex pass, then bisection)."""
    found = [m.start() for m in _HAIR_RE.finditer(text)]
    if not found:
        return []
    starts = [t.start for t in tokens]
    out: list[int] = []
    for at in found:
        k = bisect.bisect_right(starts, at) - 1
        word = tokens[k].text.lower() if k >= 0 else ""
        if (word in _HAIR or word.endswith("haired")) and (not out or out[-1] != k):
            out.append(k)
    return out


def near_hair(positions: list[int], i: int, reach: int = 8) -> bool:
    """Is a hair word within ``reach`` tokens of token ``i``? (``hair_positions``)"""
    k = bisect.bisect_left(positions, i - reach)
    return k < len(positions) and positions[k] <= i + reach
