"""GraphML and GEXF: networkx (and so Gephi) reads back what the stage found."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from insight_stories import rivals

from ficlens.document import Story
from ficlens.exporters.graph import graphml, write_gexf, write_graphml
from ficlens.pipeline import Options
from ficlens.stages import network


@pytest.fixture()
def story() -> Story:
    story = rivals()
    story.characters[0].name = 'Ren <&> "\x01 Tanaka'  # markup and a control character
    return network.STAGE.run(story, Options())


def test_graph_graphml_round_trips_through_networkx(story: Story, tmp_path: Path) -> None:
    g = nx.read_graphml(write_graphml(story, tmp_path / "net.graphml"))
    assert g.is_directed()
    assert g.nodes["ren"]["name"] == 'Ren <&> " Tanaka'
    assert g.nodes["kai"]["lines"] == 3
    assert g.edges["kai", "ren"]["speech"] == 3
    assert g.edges["kai", "ren"]["weight"] == pytest.approx(8.5)
    assert g.number_of_edges() == len(story.insights["network"]["edges"])


def test_graph_gexf_round_trips_through_networkx(story: Story, tmp_path: Path) -> None:
    g = nx.read_gexf(write_gexf(story, tmp_path / "net.gexf"))
    assert g.is_directed()
    assert g.nodes["ren"]["label"] == 'Ren <&> " Tanaka'
    assert g.nodes["aiko"]["mentions"] == 2
    assert g.edges["ren", "kai"]["weight"] == pytest.approx(8.5)
    assert g.edges["kids", "ren"]["speech"] == 2


def test_graph_builds_the_network_when_the_stage_did_not_run() -> None:
    story = rivals()
    assert "speech" in graphml(story)
    assert "network" not in story.insights  # exporters never change the story


def test_graph_cli_writes_both_network_files(tmp_path):
    import subprocess
    import sys

    story = tmp_path / "s.txt"
    story.write_text('"Hi," said Rei.\n\n"Hello," said Mina.\n', encoding="utf-8")
    out = tmp_path / "net"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ficlens",
            "analyze",
            str(story),
            "-q",
            "-o",
            str(tmp_path / "s.json"),
            "--graph",
            str(out),
        ],
        check=True,
    )
    assert (out / "network.graphml").is_file() and (out / "network.gexf").is_file()
