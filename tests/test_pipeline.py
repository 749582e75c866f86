"""The pipeline checks stage order, times stages and names a failing stage."""

from __future__ import annotations

import pytest

from ficlens.document import Story
from ficlens.errors import PipelineError, StageError
from ficlens.pipeline import Options, Stage, get_stage, resolve_stages, run_stages


def _story() -> Story:
    story = Story(text="Hello.")
    story.provides.update(("text", "paragraphs", "metadata"))
    return story


def test_pipeline_rejects_unknown_stage():
    with pytest.raises(PipelineError, match="unknown stage 'nope'"):
        get_stage("nope")


def test_pipeline_rejects_stage_whose_needs_are_unmet():
    # parse needs notes, which only the structure stage sets.
    with pytest.raises(PipelineError, match="needs notes"):
        resolve_stages(["parse"])


def test_pipeline_runs_stages_in_order_and_times_them():
    seen: list[str] = []

    def first(story: Story, options: Options) -> Story:
        seen.append("first")
        return story

    def second(story: Story, options: Options) -> Story:
        seen.append("second")
        return story

    stages = [
        Stage("first", first, needs=("text",), sets=("alpha",)),
        Stage("second", second, needs=("alpha",), sets=("beta",)),
    ]
    story = run_stages(_story(), stages)
    assert seen == ["first", "second"]
    assert {"alpha", "beta"} <= story.provides
    assert set(story.timings) == {"first", "second"}


def test_pipeline_wraps_a_stage_crash_with_its_name():
    def broken(story: Story, options: Options) -> Story:
        raise ValueError("boom")

    with pytest.raises(StageError, match="stage 'broken' failed: ValueError: boom"):
        run_stages(_story(), [Stage("broken", broken)])


def test_pipeline_checks_needs_at_run_time():
    stage = Stage("late", lambda s, o: s, needs=("quotes",))
    with pytest.raises(PipelineError, match="needs quotes"):
        run_stages(_story(), [stage])
