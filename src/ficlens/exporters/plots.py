"""The network and the mood arc as PNG and SVG pictures, for papers and slides.

Needs matplotlib (``pip install 'ficlens[plots]'``). It is imported only when a
picture is drawn, and figures are made without pyplot, so no global backend is
switched and nothing opens a window.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ficlens.document import Story
from ficlens.errors import MissingExtraError
from ficlens.stages.network import layout, undirected_weights

#: Nodes drawn in the network picture (the strongest ones).
MAX_NODES = 15
COLOURS = (
    "#1f5fbf",
    "#b8321f",
    "#1d7a3a",
    "#8a3fb3",
    "#9a5500",
    "#0f7373",
    "#b0306e",
    "#596a00",
    "#6b4f2a",
    "#3d4db8",
)


def _figure(width: float, height: float) -> Any:
    try:
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise MissingExtraError("pictures of the network and mood arc", "plots") from exc
    return Figure(figsize=(width, height), dpi=150, layout="constrained")


def network_figure(story: Story) -> Any:
    network = story.insights.get("network", {})
    nodes = sorted(network.get("nodes", []), key=lambda n: -n.get("strength", 0))[:MAX_NODES]
    keep = {n["id"] for n in nodes}
    sub = {
        "nodes": nodes,
        "edges": [
            e for e in network.get("edges", []) if e["source"] in keep and e["target"] in keep
        ],
    }
    fig = _figure(7, 5)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title("Who interacts with whom")
    if not sub["edges"]:
        ax.text(0.5, 0.5, "no interactions found", ha="center", va="center")
        return fig
    pos = layout(sub)
    weights = undirected_weights(sub)
    top = max(weights.values())
    for (a, b), w in weights.items():
        (x1, y1), (x2, y2) = pos[a], pos[b]
        ax.plot([x1, x2], [y1, y2], color="#888888", alpha=0.6, lw=1 + 7 * w / top, zorder=1)
    biggest = max(n.get("lines", 0) + n.get("mentions", 0) for n in nodes) or 1
    for i, n in enumerate(nodes):
        x, y = pos[n["id"]]
        size = 120 + 900 * (n.get("lines", 0) + n.get("mentions", 0)) / biggest
        ax.scatter(
            [x],
            [y],
            s=size,
            color=COLOURS[i % len(COLOURS)],
            zorder=2,
            edgecolors="white",
            linewidths=1.5,
        )
        ax.annotate(
            n["name"],
            (x, y),
            textcoords="offset points",
            xytext=(0, -18),
            ha="center",
            va="top",
            fontsize=9,
        )
    ax.set_xlim(-0.15, 1.15)
    ax.set_ylim(-0.2, 1.12)
    return fig


def arc_figure(story: Story) -> Any:
    emotion = story.insights.get("emotion", {})
    arc, paragraphs = emotion.get("arc", []), emotion.get("paragraphs", [])
    fig = _figure(7, 3)
    ax = fig.add_subplot()
    ax.set_title("Mood across the story")
    ax.axhline(0, color="#bbbbbb", lw=1)
    if arc:
        first, last = paragraphs[0]["start"], paragraphs[-1]["end"]
        span = max(last - first, 1)
        ax.scatter(
            [((p["start"] + p["end"]) / 2 - first) / span for p in paragraphs],
            [p["valence"] for p in paragraphs],
            s=8,
            color="#888888",
            alpha=0.5,
        )
        ax.plot([p["position"] for p in arc], [p["valence"] for p in arc], color="#1f5fbf", lw=2.5)
    ax.set_xlim(0, 1)
    ax.set_ylim(-1, 1)
    ax.set_xlabel("position in the story")
    ax.set_ylabel("valence (VADER)")
    return fig


def write_plots(story: Story, directory: str | Path) -> list[Path]:
    """Write network.png/.svg and arc.png/.svg into ``directory``; the paths written."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in (("network", network_figure), ("arc", arc_figure)):
        fig = make(story)
        for suffix in ("png", "svg"):
            path = directory / f"{name}.{suffix}"
            fig.savefig(path, format=suffix)
            written.append(path)
    return written
