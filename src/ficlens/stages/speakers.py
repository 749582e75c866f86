"""Speakers and addressees of every quote (see ``ficlens.attribution``).

Attribution runs, then feeds coreference back: with speakers known, ``I``/``me`` in a
quote is its speaker and ``you`` its addressee, and the coref stage re-resolves the
pronouns around them; twice (``FEEDBACK_ROUNDS``), then attribution runs once more so
that anaphoric tags (``he said``) read the improved pronouns.

Stage options (``Options.stage_options["speakers"]``): ``ranker`` (``False`` for the
rules alone), ``feedback`` (``False`` to skip the coreference round trip).
"""

from __future__ import annotations

from collections.abc import Callable

from ficlens.attribution import attribute
from ficlens.attribution.ranker import Ranker
from ficlens.document import Story
from ficlens.pipeline import Options, Stage


def _coref_resolver() -> Callable[..., Story] | None:
    """The coref stage's ``resolve(story, use_speakers=...)``, if it is installed."""
    try:
        from ficlens.stages.coref import resolve
    except ImportError:
        return None
    return resolve


#: Attribute-then-resolve rounds: the second settles pronouns the first round's
#: corrected speakers reach (LitBank end to end +0.4; a third changes nothing).
FEEDBACK_ROUNDS = 2


def feedback(story: Story, ranker: Ranker | str | None = None, rounds: int | None = None) -> bool:
    """Attribute, then let coreference re-resolve with the speakers known; twice.

    Returns False (and does nothing more than attribute) where the coref stage is
    not installed.
    """
    resolve = _coref_resolver()
    for _ in range(FEEDBACK_ROUNDS if rounds is None else rounds):
        attribute(story, ranker=ranker, firm_addressees_only=True)
        if resolve is None or not story.quotes:
            return False
        resolve(story, use_speakers=True)
    return True


def speakers(story: Story, options: Options) -> Story:
    settings = options.stage_options.get("speakers", {})
    ranker = "default" if settings.get("ranker", True) else None
    if settings.get("feedback", True):
        feedback(story, ranker)
    attribute(story, ranker=ranker)
    return story


STAGE = Stage(
    "speakers",
    speakers,
    needs=("quotes", "characters", "coref"),
    sets=("speakers", "addressees"),
)
