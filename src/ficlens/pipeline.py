"""Run the stages over a Story, in order, checking what each needs and sets.

A stage is a function ``Story, Options -> Story`` that does one job and declares
the layers it ``needs`` and the layers it ``sets`` (spaCy's ``requires`` /
``assigns``). The pipeline checks the order before running anything, times each
stage, and wraps a stage's failure in a ``StageError`` that names the stage.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ficlens.document import Story
from ficlens.errors import Errors, FiclensError, PipelineError, StageError

if TYPE_CHECKING:
    from ficlens.cast import CastMember

#: What every reader sets.
READER_SETS = ("text", "paragraphs", "metadata")

#: Stage name -> module that defines ``STAGE``, in the default running order.
STAGE_MODULES: dict[str, str] = {
    "structure": "ficlens.stages.structure",
    "quotes": "ficlens.stages.quotes",
    "parse": "ficlens.stages.parse",
    "mentions": "ficlens.stages.mentions",
    "characters": "ficlens.stages.characters",
    "coref": "ficlens.stages.coref",
    "speakers": "ficlens.stages.speakers",
    "emotion": "ficlens.stages.emotion",
    "network": "ficlens.stages.network",
    "tags": "ficlens.stages.tags",
    "clarity": "ficlens.stages.clarity",
}

#: The stages ``analyze`` runs when none are named.
DEFAULT_STAGES: tuple[str, ...] = tuple(STAGE_MODULES)

#: Stages that need no language model (fast; used by benchmarks and previews).
TEXT_STAGES: tuple[str, ...] = ("structure", "quotes")


@dataclass
class Options:
    """Settings shared by all stages of one run."""

    cast: list[CastMember] | None = None
    # A spaCy Language to use instead of the packaged model (tests inject small ones).
    nlp: Any = None
    batch_size: int = 64
    # Extra per-stage settings, by stage name.
    stage_options: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Stage:
    """One step of the pipeline."""

    name: str
    run: Callable[[Story, Options], Story]
    needs: tuple[str, ...] = ()
    sets: tuple[str, ...] = ()


def get_stage(name: str) -> Stage:
    """The Stage registered under ``name``."""
    module_name = STAGE_MODULES.get(name)
    if module_name is None:
        raise PipelineError(Errors.E004.format(name=name, known=", ".join(STAGE_MODULES)))
    module = importlib.import_module(module_name)
    stage: Stage = module.STAGE
    return stage


def resolve_stages(names: Iterable[str], already: Iterable[str] = READER_SETS) -> list[Stage]:
    """Load the named stages and check that each one's needs are met in order."""
    available = set(already)
    stages = []
    for name in names:
        stage = get_stage(name)
        missing = [need for need in stage.needs if need not in available]
        if missing:
            raise PipelineError(Errors.E005.format(name=name, missing=", ".join(missing)))
        available.update(stage.sets)
        stages.append(stage)
    return stages


def run_stages(story: Story, stages: Sequence[Stage], options: Options | None = None) -> Story:
    """Run ``stages`` over ``story`` in order; times each into ``story.timings``."""
    options = options or Options()
    for stage in stages:
        missing = [need for need in stage.needs if need not in story.provides]
        if missing:
            raise PipelineError(Errors.E005.format(name=stage.name, missing=", ".join(missing)))
        began = time.perf_counter()
        try:
            story = stage.run(story, options)
        except FiclensError:
            raise
        except Exception as exc:  # a bug in a stage: name the stage, keep the cause
            raise StageError(stage.name, f"{type(exc).__name__}: {exc}") from exc
        story.provides.update(stage.sets)
        story.timings[stage.name] = story.timings.get(stage.name, 0.0) + (
            time.perf_counter() - began
        )
    return story


def analyze(
    source: str | Path | Story,
    *,
    cast: str | Path | list[CastMember] | None = None,
    stages: Sequence[str] | None = None,
    options: Options | None = None,
) -> Story:
    """Read a story (a path or a ready Story) and run the pipeline over it.

    >>> story = analyze("story.txt")            # doctest: +SKIP
    >>> [(q.text, q.speaker) for q in story.quotes]  # doctest: +SKIP
    """
    from ficlens.cast import load_cast
    from ficlens.readers import read_story

    options = options or Options()
    if cast is not None:
        options.cast = load_cast(cast) if isinstance(cast, (str, Path)) else list(cast)
    story = source if isinstance(source, Story) else read_story(source)
    story.provides.update(READER_SETS)
    chosen = resolve_stages(stages or DEFAULT_STAGES, story.provides)
    return run_stages(story, chosen, options)


def analyze_text(text: str, **kwargs: Any) -> Story:
    """Analyse a story given as a string of plain text."""
    from ficlens.readers import read_text

    return analyze(read_text(text), **kwargs)
