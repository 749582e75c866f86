"""Speaker and addressee attribution: who says each quote, to whom, how sure we are.

The machinery behind the ``speakers`` stage, in the order it runs:

- ``context``: indexes a parsed Story once (quote -> paragraph and tokens, token ->
  mention -> character) so every later step is a lookup.
- ``sieves``: deterministic evidence per quote: speech tags before, after or inside
  the quote in any word order, ``X's voice`` tags, action beats, text-message hints.
- ``conversation``: turn-taking runs, vocatives, remembered (isolated) speech.
- ``candidates``/``features``/``ranker``: every plausible speaker of a quote scored by
  a small softmax ranker trained on LitBank (weights in ``models/speaker_ranker.json``).
- ``addressees``: vocatives, ``said to X``, the other party of a two-person talk.

``attribute(story)`` runs them all and fills ``Quote.speaker``, ``speaker_confidence``,
``type``, ``addressees`` and ``evidence``.
"""

from __future__ import annotations

from ficlens.attribution.attribute import attribute

__all__ = ["attribute"]
