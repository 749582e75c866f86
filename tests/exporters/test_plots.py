"""PNG and SVG pictures of the network and the mood arc."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from insight_stories import rivals

from ficlens.document import Story
from ficlens.errors import MissingExtraError
from ficlens.exporters.plots import write_plots
from ficlens.pipeline import Options
from ficlens.stages import emotion, network

pytest.importorskip("matplotlib")


def test_plots_write_png_and_svg_of_network_and_arc(tmp_path: Path) -> None:
    story = rivals()
    for stage in (emotion.STAGE, network.STAGE):
        story = stage.run(story, Options())
    written = write_plots(story, tmp_path / "pics")
    assert sorted(p.name for p in written) == ["arc.png", "arc.svg", "network.png", "network.svg"]
    for path in written:
        head = path.read_bytes()[:200]
        magic = b"\x89PNG" if path.suffix == ".png" else b"<?xml"
        assert head.startswith(magic)
    assert "Mori Kai" in (tmp_path / "pics" / "network.svg").read_text(encoding="utf-8")


def test_plots_of_an_empty_story_still_draw(tmp_path: Path) -> None:
    assert len(write_plots(Story(text="Nothing."), tmp_path)) == 4


def test_plots_without_matplotlib_name_the_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(MissingExtraError, match=r"ficlens\[plots\]"):
        write_plots(rivals(), tmp_path)
