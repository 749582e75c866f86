"""The reader view: one self-contained, escaped HTML page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from insight_stories import RIVALS_CAST, build, rivals

from ficlens.document import Story
from ficlens.exporters.html import render_html, write_html
from ficlens.pipeline import Options
from ficlens.stages import clarity, emotion, network, tags

PAYLOADS = (
    "<script>window.pwned=1</script>",
    '"><img src=x onerror="window.pwned=2">',
    "'><svg onload=alert(1)>",
)

VOID = {"meta", "br", "hr", "img", "input", "link", "circle", "line", "polyline"}


class _Page(HTMLParser):
    """Collects tags, ids, hrefs and checks that every element is closed in order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def analysed(story: Story) -> Story:
    for stage in (emotion.STAGE, network.STAGE, tags.STAGE, clarity.STAGE):
        story = stage.run(story, Options())
    return story


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    assert parser.stack == [], parser.stack
    return parser


def hostile() -> Story:
    marked = (
        f"{PAYLOADS[0]} [Kai](kai) said {PAYLOADS[1]}.\n\n"
        f'<<kai>ren|0.9|explicit|"{PAYLOADS[2]}">> [Kai](kai) said to [Ren](ren).'
    )
    story = build(marked, [c for c in RIVALS_CAST if c.id in ("kai", "ren")])
    story.characters[0].name = PAYLOADS[1]  # a character name from the story text
    story.metadata.title = PAYLOADS[0]
    story.metadata.tags = list(PAYLOADS)
    story.metadata.authors = [PAYLOADS[1]]
    story.metadata.summary = PAYLOADS[2]
    return analysed(story)


def test_html_escapes_story_text_title_names_and_tags() -> None:
    page = render_html(hostile())
    parsed = parse(page)
    names = {tag for tag, _ in parsed.tags}
    assert "script" not in names and "img" not in names
    assert not [
        attrs for _, attrs in parsed.tags if any(k.startswith("on") for k in attrs)
    ]  # no event handler got in
    assert "svg" in names  # our own pictures are there...
    assert not [a for t, a in parsed.tags if t == "svg" and "onload" in a]  # ...theirs are not
    text = "".join(parsed.text)
    for payload in PAYLOADS:
        assert payload in text  # shown to the reader as text
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=&quot;" in page


def test_html_forbids_scripts_and_network_by_policy() -> None:
    page = render_html(analysed(rivals()))
    parsed = parse(page)
    csp = next(
        a["content"]
        for t, a in parsed.tags
        if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in csp and "script-src" not in csp
    # Nothing to fetch: no external URL in any attribute.
    urls = [
        v
        for _, attrs in parsed.tags
        for v in attrs.values()
        if v and re.match(r"\w+:", v) and not v.startswith(("width=", "light"))
    ]
    assert [u for u in urls if "//" in u] == []
    assert "<script" not in page and "@import" not in page and "url(" not in page


def test_html_quotes_carry_speaker_colour_and_name() -> None:
    story = analysed(rivals())
    parsed = parse(render_html(story))
    quotes = {
        a["id"]: a for t, a in parsed.tags if t == "span" and "q" in (a.get("class") or "").split()
    }
    assert len(quotes) == len(story.quotes)
    first = quotes["q-q2"]  # "Ren, wait." said by Kai to Ren
    assert first["title"].startswith("Mori Kai \u2192 Tanaka Ren")
    assert first["data-who"] == "Mori Kai \u2192 Tanaka Ren"
    assert "low" not in first["class"]
    unsure = quotes["q-q5"]  # 0.3 confidence
    assert "low" in unsure["class"] and "(unsure)" in unsure["data-who"]
    kai, ren = first["class"].split()[1], quotes["q-q3"]["class"].split()[1]
    assert kai != ren and re.fullmatch(r"s\d", kai)


def test_html_sets_notes_apart_and_lists_the_cast() -> None:
    parsed = parse(render_html(analysed(rivals())))
    asides = [a for t, a in parsed.tags if t == "aside"]
    assert len(asides) == 1 and asides[0]["class"] == "note"
    text = "".join(parsed.text)
    assert "Ren, Tanaka" in text and "Kai, Mori" in text  # aliases in the cast table
    assert "Mori Kai/Tanaka Ren" in text and "First Kiss" in text


def test_html_clarity_links_point_at_anchors_on_the_page() -> None:
    story = analysed(rivals())
    parsed = parse(render_html(story))
    ids = {a["id"] for _, a in parsed.tags if a.get("id")}
    links = [
        a["href"][1:] for t, a in parsed.tags if t == "a" and (a.get("href") or "").startswith("#")
    ]
    assert links and set(links) <= ids
    findings = story.insights["clarity"]["findings"]
    marks = [a for t, a in parsed.tags if t == "mark"]
    assert len(marks) == sum(1 for f in findings if f["kind"] == "ambiguous-pronoun")


def test_html_renders_a_story_without_insights_or_paragraphs(tmp_path: Path) -> None:
    story = Story(text="Just one line.\n\nAnd another <b>bold</b> one.")
    path = write_html(story, tmp_path / "plain.html")
    parsed = parse(path.read_text(encoding="utf-8"))
    assert [t for t, _ in parsed.tags].count("p") >= 2
    assert "b" not in {t for t, _ in parsed.tags}
    assert "Clarity report" not in "".join(parsed.text)
