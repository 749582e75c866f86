"""The reader view: one self-contained HTML page per story.

The page holds the story (notes set apart, each quote coloured by its speaker, the
speaker's name on hover or focus, unsure attributions marked), the cast, the network
and the mood arc as inline SVG, the tag suggestions and the clarity report with links
to the lines. It makes no network request and runs no script: the Content-Security-
Policy forbids both, so even a story that smuggles markup past the escaping could not
run it. Every piece of story text and metadata goes through :func:`esc`.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ficlens.document import Paragraph, Quote, Story

#: Quotes below this speaker confidence are marked as unsure.
UNSURE = 0.5
#: Nodes drawn in the network picture (the strongest ones).
MAX_NODES = 12
PALETTE_SIZE = 10

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)

CSS = """
:root{--bg:#fbfaf7;--fg:#1d1d1f;--muted:#5f6368;--rule:#dedbd2;--card:#ffffff;
--note:#f1eee6;--flag:#fff1a8;--accent:#1f5fbf;
--s0:#1f5fbf;--s1:#b8321f;--s2:#1d7a3a;--s3:#8a3fb3;--s4:#9a5500;--s5:#0f7373;
--s6:#b0306e;--s7:#596a00;--s8:#6b4f2a;--s9:#3d4db8;--su:#6b6b6b}
@media (prefers-color-scheme:dark){:root{--bg:#15171c;--fg:#e6e3dc;--muted:#a3a7ad;
--rule:#33363d;--card:#1d2026;--note:#23262d;--flag:#5a4b00;--accent:#8ab4ff;
--s0:#8ab4ff;--s1:#ff8f7a;--s2:#74d796;--s3:#d4a0ff;--s4:#ffbb55;--s5:#62d5d5;
--s6:#ff8ec7;--s7:#c9da5c;--s8:#dbb68c;--s9:#a8b1ff;--su:#a0a0a0}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
[id]{scroll-margin-top:3rem}
body{margin:0;background:var(--bg);color:var(--fg);
font:1.05rem/1.6 Georgia,"Iowan Old Style","Palatino Linotype",serif}
header,main,nav,footer{max-width:46rem;margin:0 auto;padding:0 1rem}
header{padding-top:1.5rem}
h1{font-size:1.7rem;line-height:1.25;margin:.2rem 0 .4rem;overflow-wrap:anywhere}
h2{font:600 1.2rem/1.3 system-ui,sans-serif;margin:2.2rem 0 .6rem;padding-top:.6rem;
border-top:1px solid var(--rule)}
h3{font:600 1rem/1.3 system-ui,sans-serif;margin:1.2rem 0 .4rem}
.meta,.small,table,nav,.tags,.findings,figcaption,.legend{
font-family:system-ui,sans-serif;font-size:.9rem}
.meta{color:var(--muted)}.meta dt{font-weight:600;display:inline}
.meta dd{display:inline;margin:0 .8rem 0 .3rem}
nav{position:sticky;top:0;background:var(--bg);border-bottom:1px solid var(--rule);
padding:.4rem 1rem;z-index:2;display:flex;flex-wrap:wrap;gap:.3rem .9rem}
a{color:var(--accent)}
.story p{margin:0 0 .9rem;overflow-wrap:break-word}
.story h3{text-align:center}
.story hr{border:0;text-align:center;margin:1.4rem 0}
.story hr::after{content:"\\2042";color:var(--muted)}
aside.note{background:var(--note);border-left:4px solid var(--rule);
padding:.6rem .9rem;margin:0 0 1rem;font-size:.92rem;color:var(--muted);border-radius:4px}
aside.note::before{content:attr(data-kind);display:block;font:600 .75rem system-ui,sans-serif;
text-transform:uppercase;letter-spacing:.06em;margin-bottom:.2rem}
aside.note[data-kind=""]::before{display:none}
.q{position:relative;color:var(--c,var(--su));border-bottom:2px solid var(--c,var(--su));
border-radius:2px;outline-offset:2px}
.q.low{border-bottom-style:dashed}
.q.low::before{content:"?";font:700 .7rem system-ui,sans-serif;vertical-align:super;
margin-right:.1rem}
.q:hover::after,.q:focus::after{content:attr(data-who);position:absolute;left:0;
bottom:100%;margin-bottom:.25rem;width:max-content;max-width:min(22rem,80vw);
z-index:3;pointer-events:none;
background:var(--fg);color:var(--bg);font:600 .78rem/1.4 system-ui,sans-serif;
padding:.15rem .45rem;border-radius:4px}
.q:target,mark:target{background:var(--flag)}
mark{background:var(--flag);color:inherit;border-radius:2px}
"""
CSS += "".join(f".s{i}{{--c:var(--s{i})}}" for i in range(PALETTE_SIZE))
CSS += """
.su{--c:var(--su)}
.swatch{display:inline-block;width:.8em;height:.8em;border-radius:50%;
background:var(--c,var(--su));vertical-align:baseline;margin-right:.35rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}
th,td{text-align:left;padding:.3rem .45rem;border-bottom:1px solid var(--rule);
vertical-align:top}
th{font-weight:600;color:var(--muted)}
td.n{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:.6rem 0 1rem;background:var(--card);border:1px solid var(--rule);
border-radius:6px;padding:.5rem}
svg{width:100%;height:auto;display:block}
svg text{fill:var(--fg);font:15px system-ui,sans-serif}
svg .axis{stroke:var(--rule)}svg .arc{stroke:var(--accent);fill:none;stroke-width:2.5}
svg .dot{fill:var(--muted);opacity:.45}svg .edge{stroke:var(--muted);opacity:.55}
svg .node{fill:var(--c,var(--su));stroke:var(--card);stroke-width:2}
.tags ul,.findings ol{padding-left:1.2rem}
.tags li{margin:.35rem 0}
.tag{font-weight:600}
.badge{font-size:.72rem;padding:.05rem .4rem;border-radius:999px;border:1px solid var(--rule);
margin-left:.3rem;color:var(--muted)}
.badge.new{border-color:var(--accent);color:var(--accent)}
meter{width:4.5rem;vertical-align:middle;margin-left:.3rem}
.evidence{color:var(--muted);font-size:.85rem}
.findings li{margin:.3rem 0}
.empty{color:var(--muted);font-style:italic}
footer{color:var(--muted);font:.8rem system-ui,sans-serif;padding:2rem 1rem}
@media (max-width:520px){body{font-size:1rem}h1{font-size:1.4rem}
header,main,footer{padding:0 .75rem}th,td{padding:.25rem .3rem}}
"""


NOTE_LABELS = {"note": "author's note", "end_note": "end note", "chapter_note": "chapter note"}
_SELF_LABELLED = re.compile(
    r"\s*(?:A/N|AN:|author'?s\s+notes?|disclaimer|notes?:|summary:)", re.IGNORECASE
)


def esc(value: object) -> str:
    """Escape for HTML text and attribute values alike (quotes included)."""
    return html.escape(str(value), quote=True)


def _anchor(raw: str) -> str:
    """An id safe in HTML and URLs, whatever the stage used as a quote id."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", raw)


def _paragraphs(story: Story) -> list[Paragraph]:
    """The story's paragraphs; blank-line blocks for a Story built without them."""
    if story.paragraphs:
        return story.paragraphs
    return [
        Paragraph(m.start(), m.end())
        for m in re.finditer(r"\S(?:.*?\S)?(?=\n\s*\n|\s*$)", story.text, re.S)
    ]


class View:
    """What the page sections share: colours, names, anchors."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.paragraphs = _paragraphs(story)
        self.starts = [p.start for p in self.paragraphs]
        self.names = {c.id: c.name for c in story.characters}
        lines: dict[str, int] = {}
        for q in story.quotes:
            if q.speaker:
                lines[q.speaker] = lines.get(q.speaker, 0) + 1
        self.lines = lines
        ranked = sorted(story.characters, key=lambda c: (-lines.get(c.id, 0), -c.mentions))
        self.colour = {c.id: f"s{i % PALETTE_SIZE}" for i, c in enumerate(ranked)}
        self.findings: list[dict[str, Any]] = story.insights.get("clarity", {}).get("findings", [])

    def paragraph_at(self, offset: int) -> int:
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def finding_anchor(self, n: int, finding: dict[str, Any]) -> str:
        quote = finding.get("quote")
        return f"q-{_anchor(quote)}" if quote else f"f{n}"

    def name(self, cid: str | None) -> str:
        return self.names.get(cid or "", "unknown speaker")


def _quote_open(view: View, q: Quote) -> str:
    who = view.name(q.speaker)
    to = ", ".join(view.name(a) for a in q.addressees)
    label = who + (f" \u2192 {to}" if to else "")
    unsure = q.speaker is None or q.speaker_confidence < UNSURE
    title = f"{label} \u00b7 {q.type} \u00b7 {q.speaker_confidence:.0%}"
    classes = ["q", view.colour.get(q.speaker or "", "su")] + (["low"] if unsure else [])
    return (
        f'<span class="{" ".join(classes)}" id="q-{esc(_anchor(q.id))}" tabindex="0" '
        f'title="{esc(title)}" data-who="{esc(label + (" (unsure)" if unsure else ""))}">'
    )


def _render_span(
    text: str, base: int, start: int, end: int, spans: list[tuple[int, int, str, str]]
) -> str:
    """Text [start, end) with properly nested spans (crossing ones are left out)."""
    out, cursor, k = [], start, 0
    while k < len(spans):
        s, e, opening, closing = spans[k]
        if s < cursor or e > end:
            k += 1
            continue
        inner = []
        k += 1
        while k < len(spans) and spans[k][0] < e:
            if spans[k][1] <= e:
                inner.append(spans[k])
            k += 1
        out.append(esc(text[cursor - base : s - base]))
        out.append(opening + _render_span(text, base, s, e, inner) + closing)
        cursor = e
    out.append(esc(text[cursor - base : end - base]))
    return "".join(out)


def _story_section(view: View) -> str:
    story = view.story
    note_spans = [(n.start, n.end, n.kind) for n in story.notes]
    spans: list[tuple[int, int, str, str]] = [
        (q.start, q.end, _quote_open(view, q), "</span>") for q in story.quotes
    ]
    for n, f in enumerate(view.findings):
        if not f.get("quote"):
            spans.append(
                (f["start"], f["end"], f'<mark id="f{n}" title="{esc(f["message"])}">', "</mark>")
            )
    spans.sort(key=lambda s: (s[0], -s[1]))
    starts = [s[0] for s in spans]
    parts = []
    for index, p in enumerate(view.paragraphs):
        lo, hi = bisect.bisect_left(starts, p.start), bisect.bisect_left(starts, p.end)
        body = _render_span(story.text[p.start : p.end], p.start, p.start, p.end, spans[lo:hi])
        note = next((kind for s, e, kind in note_spans if s <= p.start and p.end <= e), None)
        if p.kind == "note" or note:
            text = story.text[p.start : p.end]
            # A note that names itself ("A/N:", "Disclaimer:") needs no label of ours.
            label = (
                ""
                if _SELF_LABELLED.match(text)
                else NOTE_LABELS.get(note or "note", (note or "note").replace("_", " "))
            )
            parts.append(
                f'<aside class="note" id="p{index}" data-kind="{esc(label)}">{body}</aside>'
            )
        elif p.kind == "heading":
            parts.append(f'<h3 id="p{index}">{body}</h3>')
        elif p.kind == "break":
            parts.append(f'<hr id="p{index}">')
        else:
            parts.append(f'<p id="p{index}">{body}</p>')
    return '<section class="story" id="story"><h2>Story</h2>' + "\n".join(parts) + "</section>"


def _list(values: Iterable[str]) -> str:
    return ", ".join(esc(v) for v in values)


def _header(story: Story) -> str:
    m = story.metadata
    title = m.title or Path(story.source).stem or "Untitled story"
    fields = [
        ("by", m.authors),
        ("fandom", m.fandoms),
        ("rating", [m.rating] if m.rating else []),
        ("warnings", m.warnings),
        ("relationships", m.relationships),
        ("characters", m.characters),
        ("tags", m.tags),
    ]
    meta = "".join(f"<dt>{esc(k)}</dt><dd>{_list(v)}</dd>" for k, v in fields if v)
    summary = f'<p class="meta">{esc(m.summary)}</p>' if m.summary else ""
    return (
        f"<header><h1>{esc(title)}</h1>"
        f'<dl class="meta">{meta}<dt>words</dt><dd>{story.words:,}</dd></dl>{summary}</header>'
    )


def _cast_section(view: View) -> str:
    story = view.story
    moods = story.insights.get("emotion", {}).get("characters", {})
    rows = []
    for c in sorted(story.characters, key=lambda c: (-view.lines.get(c.id, 0), -c.mentions)):
        mood = moods.get(c.id, {})
        said = mood.get("lines", {}).get("valence")
        around = mood.get("narration", {}).get("valence")
        rows.append(
            f'<tr><td><span class="swatch {view.colour[c.id]}"></span>{esc(c.name)}</td>'
            f"<td>{_list(c.aliases) or '&ndash;'}</td><td>{esc(c.gender or '?')}</td>"
            f'<td class="n">{c.mentions}</td><td class="n">{view.lines.get(c.id, 0)}</td>'
            f'<td class="n">{"" if said is None else f"{said:+.2f}"}</td>'
            f'<td class="n">{"" if around is None else f"{around:+.2f}"}</td></tr>'
        )
    if not rows:
        return '<section id="cast"><h2>Cast</h2><p class="empty">No characters found.</p></section>'
    return (
        '<section id="cast"><h2>Cast</h2><div class="scroll"><table><thead><tr>'
        "<th>Character</th><th>Also called</th><th>Pronouns</th><th>Mentions</th>"
        "<th>Lines</th><th>Mood of lines</th><th>Mood around</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></div></section>"
    )


def network_svg(view: View, width: int = 600, height: int = 380) -> str:
    from ficlens.stages.network import layout, undirected_weights

    network = view.story.insights.get("network", {})
    nodes = sorted(network.get("nodes", []), key=lambda n: -n.get("strength", 0))[:MAX_NODES]
    keep = {n["id"] for n in nodes}
    sub = {
        "nodes": nodes,
        "edges": [
            e for e in network.get("edges", []) if e["source"] in keep and e["target"] in keep
        ],
    }
    if not sub["edges"]:
        return '<p class="empty">No interactions between characters found.</p>'
    pos = layout(sub)
    pad = 60
    xy = {
        k: (pad + x * (width - 2 * pad), pad * 0.7 + y * (height - 1.6 * pad))
        for k, (x, y) in pos.items()
    }
    weights = undirected_weights(sub)
    top = max(weights.values())
    by_pair = {(e["source"], e["target"]): e for e in sub["edges"]}
    out = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="net-title">'
        '<title id="net-title">Who interacts with whom</title>'
    ]
    for (a, b), w in sorted(weights.items(), key=lambda kv: kv[1]):
        (x1, y1), (x2, y2) = xy[a], xy[b]
        ab, ba = by_pair.get((a, b), {}), by_pair.get((b, a), {})
        tip = (
            f"{view.name(a)} \u2194 {view.name(b)}: {ab.get('speech', 0)} + "
            f"{ba.get('speech', 0)} lines, {ab.get('cooccurrence', 0)} shared paragraphs, "
            f"{ab.get('action', 0) + ba.get('action', 0)} actions"
        )
        out.append(
            f'<line class="edge" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke-width="{1 + 9 * w / top:.1f}"><title>{esc(tip)}</title></line>'
        )
    biggest = max((n.get("lines", 0) + n.get("mentions", 0) for n in nodes), default=1) or 1
    for n in nodes:
        x, y = xy[n["id"]]
        r = 7 + 13 * ((n.get("lines", 0) + n.get("mentions", 0)) / biggest) ** 0.5
        out.append(
            f'<g class="{view.colour.get(n["id"], "su")}"><circle class="node" '
            f'cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"><title>{esc(n["name"])}: '
            f"{n.get('lines', 0)} lines, {n.get('mentions', 0)} mentions</title></circle>"
            f'<text x="{x:.1f}" y="{y + r + 17:.1f}" text-anchor="middle">'
            f"{esc(n['name'])}</text></g>"
        )
    out.append("</svg>")
    return "".join(out)


def _edge_table(view: View) -> str:
    edges = view.story.insights.get("network", {}).get("edges", [])[:8]
    if not edges:
        return ""
    rows = "".join(
        f"<tr><td>{esc(view.name(e['source']))} \u2192 {esc(view.name(e['target']))}</td>"
        f'<td class="n">{e["speech"]}</td><td class="n">{e["cooccurrence"]}</td>'
        f'<td class="n">{e["action"]}</td><td class="n">{e["weight"]:g}</td></tr>'
        for e in edges
    )
    return (
        '<div class="scroll"><table><thead><tr><th>From \u2192 to</th><th>Lines</th>'
        "<th>Shared paragraphs</th><th>Actions</th><th>Weight</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


def arc_svg(view: View, width: int = 600, height: int = 220) -> str:
    emotion = view.story.insights.get("emotion", {})
    arc, paras = emotion.get("arc", []), emotion.get("paragraphs", [])
    if not arc:
        return '<p class="empty">No mood measured.</p>'
    left, right, top, bottom = 10, width - 10, 8, height - 26
    first, last = paras[0]["start"], paras[-1]["end"]
    # Scale to the arc, not to the noisiest paragraph, so its shape shows; paragraph
    # dots beyond the scale sit on the edge (their titles keep the true value).
    scale = max(0.2, max(abs(p["valence"]) for p in arc) * 1.3)

    def x(pos: float) -> float:
        return left + pos * (right - left)

    def y(v: float) -> float:
        return top + (1 - (v / scale + 1) / 2) * (bottom - top)

    out = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="arc-title">'
        '<title id="arc-title">Mood across the story</title>',
        f'<line class="axis" x1="{left}" x2="{right}" y1="{y(0):.1f}" y2="{y(0):.1f}"/>',
        f'<line class="axis" x1="{left}" x2="{left}" y1="{top}" y2="{bottom}"/>',
        f'<text x="{left + 4}" y="{top + 12}">+{scale:.2f}</text>',
        f'<text x="{left + 4}" y="{bottom - 4}">\u2212{scale:.2f}</text>',
        f'<text x="{left}" y="{height - 6}">beginning</text>',
        f'<text x="{right}" y="{height - 6}" text-anchor="end">end</text>',
    ]
    span = max(last - first, 1)
    for p in paras:
        pos = ((p["start"] + p["end"]) / 2 - first) / span
        shown = max(-scale, min(scale, p["valence"]))
        out.append(
            f'<a href="#p{p["index"]}"><circle class="dot" cx="{x(pos):.1f}" '
            f'cy="{y(shown):.1f}" r="3"><title>paragraph {p["index"] + 1}: '
            f"{p['valence']:+.2f}</title></circle></a>"
        )
    points = " ".join(f"{x(p['position']):.1f},{y(p['valence']):.1f}" for p in arc)
    out.append(f'<polyline class="arc" points="{points}"/></svg>')
    return "".join(out)


def _evidence(view: View, evidence: list[dict[str, Any]]) -> str:
    links = [
        f'<a href="#p{view.paragraph_at(e["start"])}">\u201c{esc(e["text"])}\u201d</a>'
        for e in evidence
    ]
    joined = " \u00b7 ".join(links)
    return f' <span class="evidence">{joined}</span>' if links else ""


def _tags_section(view: View) -> str:
    tags = view.story.insights.get("tags")
    if not tags:
        return ""
    groups = []
    for key, title in (
        ("characters", "Characters"),
        ("relationships", "Relationships"),
        ("freeform", "Additional tags"),
    ):
        items = []
        for s in tags.get(key, []):
            status = s.get("status")
            badge = f'<span class="badge {esc(status)}">{esc(status)}</span>' if status else ""
            items.append(
                f'<li><span class="tag">{esc(s["tag"])}</span>{badge}'
                f'<meter min="0" max="1" value="{s["score"]:.3f}" '
                f'title="score {s["score"]:.2f}"></meter>'
                f"{_evidence(view, s.get('evidence', []))}</li>"
            )
        body = f"<ul>{''.join(items)}</ul>" if items else '<p class="empty">None suggested.</p>'
        groups.append(f"<h3>{title}</h3>{body}")
    pairs = [p for p in tags.get("pairs", []) if p["reading"] != "unclear"][:8]
    rows = "".join(
        f"<tr><td>{esc(p['names'][0])} &amp; {esc(p['names'][1])}</td><td>{esc(p['reading'])}</td>"
        f'<td class="n">{p["lines"]["a_to_b"]} / {p["lines"]["b_to_a"]}</td>'
        f'<td class="n">{"" if p["mood"] is None else format(p["mood"], "+.2f")}</td>'
        f"<td>{_list(p['cues'])}</td></tr>"
        for p in pairs
    )
    table = (
        (
            '<h3>How the pairs read</h3><div class="scroll"><table><thead><tr><th>Pair</th>'
            "<th>Reading</th><th>Lines each way</th><th>Mood between</th><th>Cues</th></tr>"
            f"</thead><tbody>{rows}</tbody></table></div>"
        )
        if rows
        else ""
    )
    return (
        f'<section class="tags" id="tags"><h2>Suggested tags</h2>{"".join(groups)}{table}</section>'
    )


def _clarity_section(view: View) -> str:
    if "clarity" not in view.story.insights:
        return ""
    items = [
        f'<li><a href="#{view.finding_anchor(n, f)}">line {f["line"]}, column '
        f"{f['column']}</a>: {esc(f['message'])}</li>"
        for n, f in enumerate(view.findings)
    ]
    body = (
        f"<ol>{''.join(items)}</ol>"
        if items
        else '<p class="empty">Nothing to flag: every line has a clear speaker.</p>'
    )
    return f'<section class="findings" id="clarity"><h2>Clarity report</h2>{body}</section>'


def _legend(view: View) -> str:
    speakers = [c for c in view.story.characters if view.lines.get(c.id)]
    items = "".join(
        f'<span><span class="swatch {view.colour[c.id]}"></span>{esc(c.name)}</span> '
        for c in speakers[:PALETTE_SIZE]
    )
    return (
        f'<p class="legend">{items}<span><span class="swatch su"></span>unknown</span> '
        "&middot; dashed and ? = unsure; hover or tap a line for its speaker</p>"
    )


def render_html(story: Story) -> str:
    """The reader view of ``story`` as one HTML document (a string)."""
    view = View(story)
    insights = story.insights
    sections = [_story_section(view), _cast_section(view)]
    if "network" in insights:
        sections.append(
            '<section id="network"><h2>Who interacts with whom</h2><figure>'
            f"{network_svg(view)}<figcaption>Line width: lines spoken, shared "
            "paragraphs and actions combined.</figcaption></figure>"
            f"{_edge_table(view)}</section>"
        )
    if "emotion" in insights:
        lexicon = esc(insights["emotion"].get("lexicon", ""))
        sections.append(
            '<section id="mood"><h2>Mood across the story</h2><figure>'
            f"{arc_svg(view)}<figcaption>Smoothed valence ({lexicon}) from "
            "\u22121 to +1; dots are paragraphs (click one to jump to it)."
            "</figcaption></figure></section>"
        )
    sections += [_tags_section(view), _clarity_section(view)]
    links = [
        ("story", "Story"),
        ("cast", "Cast"),
        ("network", "Network"),
        ("mood", "Mood"),
        ("tags", "Tags"),
        ("clarity", "Clarity"),
    ]
    present = {"story", "cast"} | {k for k in ("network", "tags", "clarity") if k in insights}
    present |= {"mood"} if "emotion" in insights else set()
    nav = "".join(f'<a href="#{k}">{v}</a>' for k, v in links if k in present)
    title = story.metadata.title or Path(story.source).stem or "Story"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="color-scheme" content="light dark">'
        f"<title>{esc(title)} \u00b7 ficlens</title><style>{CSS}</style></head><body>"
        f"{_header(story)}<nav>{nav}</nav><main>{_legend(view)}{''.join(sections)}</main>"
        "<footer>Made by ficlens: speakers, mood and tags are machine readings; "
        "check them against the story.</footer></body></html>\n"
    )


def write_html(story: Story, path: str | Path) -> Path:
    """Write the reader view of ``story`` to ``path``."""
    path = Path(path)
    path.write_text(render_html(story), encoding="utf-8")
    return path
