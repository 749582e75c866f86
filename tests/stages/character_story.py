"""Run the character stages over a short story written for a test."""

from __future__ import annotations

import importlib
import re
from typing import Any

from ficlens.document import Character, Quote, Story
from ficlens.pipeline import Options, analyze_text


def _have_quotes_stage() -> bool:
    try:
        return hasattr(importlib.import_module("ficlens.stages.quotes"), "STAGE")
    except ImportError:
        return False


def run(text: str, nlp: Any, upto: str = "coref", **options: Any) -> Story:
    """The story through ``parse`` .. ``upto``, with quotes from the quotes stage.

    Where the quotes stage is not importable (it is developed in parallel) a
    plain double-quote regex stands in for it, which is all these stories use.
    """
    order = ["parse", "mentions", "characters", "coref"]
    stages = order[: order.index(upto) + 1]
    opts = Options(nlp=nlp, **options)
    if _have_quotes_stage():
        return analyze_text(text, stages=["structure", "quotes", *stages], options=opts)
    story = analyze_text(text, stages=[], options=opts)
    story.quotes = [
        Quote(id=f"q{n}", start=m.start(), end=m.end(), text=m.group())
        for n, m in enumerate(re.finditer(r'"[^"\n]*"', story.text))
    ]
    story.provides.update(("quotes", "notes"))
    from ficlens.pipeline import resolve_stages, run_stages

    return run_stages(story, resolve_stages(stages, story.provides), opts)


def by_name(story: Story, fragment: str) -> Character:
    """The one character called ``fragment`` or holding it as an alias."""
    found = [c for c in story.characters if fragment == c.name or fragment in c.aliases]
    assert len(found) == 1, (fragment, [(c.name, c.aliases) for c in story.characters])
    return found[0]


def names(story: Story) -> set[str]:
    return {c.name for c in story.characters}
