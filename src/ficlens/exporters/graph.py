"""The interaction network as GraphML and GEXF, for Gephi, networkx, Cytoscape.

Both are directed graphs: a node per character (name, kind, mentions, lines) and an
edge per ordered pair with the ``network`` stage's counts (speech, cooccurrence,
scenes, action) and combined ``weight``. The XML is written by hand, every value
escaped, and characters that XML 1.0 forbids dropped, so any story's names are safe.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from ficlens.document import Story

NODE_ATTRS = (("name", "string"), ("kind", "string"), ("mentions", "int"), ("lines", "int"))
EDGE_ATTRS = (
    ("speech", "int"),
    ("cooccurrence", "int"),
    ("scenes", "int"),
    ("action", "int"),
    ("weight", "double"),
)

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(value: object) -> str:
    return _NOT_XML.sub("", str(value))


def _text(value: object) -> str:
    return escape(_clean(value))


def _attr(value: object) -> str:
    return quoteattr(_clean(value))


def _network(story: Story) -> dict[str, Any]:
    """The stage's network, or one built now (without storing it) when it did not run."""
    network = story.insights.get("network")
    if network is None:
        from ficlens.stages.network import build_network

        network = build_network(story)
    return network


def _gexf_type(kind: str) -> str:
    return "integer" if kind == "int" else kind


def graphml(story: Story) -> str:
    """The network as a GraphML document."""
    network = _network(story)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ]
    for name, kind in NODE_ATTRS:
        out.append(f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{kind}"/>')
    for name, kind in EDGE_ATTRS:
        out.append(f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>')
    out.append('  <graph id="characters" edgedefault="directed">')
    for node in network.get("nodes", []):
        out.append(f"    <node id={_attr(node['id'])}>")
        out.extend(
            f'      <data key="n_{name}">{_text(node.get(name, ""))}</data>'
            for name, _ in NODE_ATTRS
        )
        out.append("    </node>")
    for n, edge in enumerate(network.get("edges", [])):
        out.append(
            f'    <edge id="e{n}" source={_attr(edge["source"])} target={_attr(edge["target"])}>'
        )
        out.extend(
            f'      <data key="e_{name}">{_text(edge.get(name, 0))}</data>'
            for name, _ in EDGE_ATTRS
        )
        out.append("    </edge>")
    out += ["  </graph>", "</graphml>", ""]
    return "\n".join(out)


def gexf(story: Story) -> str:
    """The network as a GEXF 1.2 document (Gephi's own format)."""
    network = _network(story)
    title = story.metadata.title or story.source or "story"
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">',
        f"  <meta><creator>ficlens</creator><description>{_text(title)}</description></meta>",
        '  <graph mode="static" defaultedgetype="directed">',
        '    <attributes class="node">',
    ]
    out += [
        f'      <attribute id="{n}" title="{name}" type="{_gexf_type(kind)}"/>'
        for n, (name, kind) in enumerate(NODE_ATTRS[1:])
    ]
    out += ["    </attributes>", '    <attributes class="edge">']
    out += [
        f'      <attribute id="{n}" title="{name}" type="{_gexf_type(kind)}"/>'
        for n, (name, kind) in enumerate(EDGE_ATTRS[:-1])
    ]
    out += ["    </attributes>", "    <nodes>"]
    for node in network.get("nodes", []):
        values = "".join(
            f'<attvalue for="{n}" value={_attr(node.get(name, ""))}/>'
            for n, (name, _) in enumerate(NODE_ATTRS[1:])
        )
        out.append(
            f"      <node id={_attr(node['id'])} label={_attr(node.get('name', ''))}>"
            f"<attvalues>{values}</attvalues></node>"
        )
    out += ["    </nodes>", "    <edges>"]
    for n, edge in enumerate(network.get("edges", [])):
        values = "".join(
            f'<attvalue for="{k}" value={_attr(edge.get(name, 0))}/>'
            for k, (name, _) in enumerate(EDGE_ATTRS[:-1])
        )
        out.append(
            f'      <edge id="{n}" source={_attr(edge["source"])} '
            f'target={_attr(edge["target"])} weight="{float(edge["weight"]):g}">'
            f"<attvalues>{values}</attvalues></edge>"
        )
    out += ["    </edges>", "  </graph>", "</gexf>", ""]
    return "\n".join(out)


def write_graphml(story: Story, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(graphml(story), encoding="utf-8")
    return path


def write_gexf(story: Story, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(gexf(story), encoding="utf-8")
    return path


def write_network_files(story: Story, directory: str | Path) -> list[Path]:
    """Write ``network.graphml`` and ``network.gexf`` into ``directory``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    return [
        write_graphml(story, directory / "network.graphml"),
        write_gexf(story, directory / "network.gexf"),
    ]
