"""``ficlens analyze STORY``: the ficlens/1 JSON, and optionally the reader view."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from ficlens.cli.options import add_stages_argument
from ficlens.document import Story
from ficlens.exporters.json import dumps
from ficlens.pipeline import analyze
from ficlens.summary import print_summary


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "analyze",
        help="analyse a story and write the ficlens/1 JSON",
        description="Analyse a story (txt, Markdown, HTML, AO3 HTML/EPUB, EPUB) and write "
        "the ficlens/1 JSON document: notes, chapters, characters, quotes with speakers "
        "and addressees, mentions.",
    )
    p.add_argument("story", help="the story file")
    p.add_argument("-o", "--output", help="write the JSON here (default: stdout)")
    p.add_argument("--cast", help="YAML or JSON file naming the known characters")
    p.add_argument("--html", help="also write the self-contained reader view here")
    p.add_argument("--plots", help="also write the network and mood arc as PNG and SVG here")
    p.add_argument("--graph", help="also write the network as GraphML and GEXF into this folder")
    add_stages_argument(p)
    p.add_argument("-q", "--quiet", action="store_true", help="print no summary to stderr")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    stages = args.stages or None
    story = analyze(args.story, cast=args.cast, stages=stages)
    write_outputs(story, args)
    return 0


def write_outputs(
    story: Story,
    args: argparse.Namespace,
    json_to_stdout: bool = True,
    summary_stream: TextIO = sys.stderr,
) -> None:
    """Write the JSON and any views the arguments ask for; print the summary."""
    document = dumps(story)
    if args.output:
        Path(args.output).write_text(document + "\n", encoding="utf-8")
    elif json_to_stdout:
        sys.stdout.write(document + "\n")
    if args.html:
        from ficlens.exporters.html import write_html

        write_html(story, args.html)
    if args.plots:
        from ficlens.exporters.plots import write_plots

        write_plots(story, args.plots)
    if args.graph:
        from ficlens.exporters.graph import write_network_files

        write_network_files(story, args.graph)
    if not args.quiet:
        # Rich tables where a person reads them (a terminal, or the demo's stdout).
        tables = summary_stream.isatty() or not json_to_stdout
        print_summary(story, summary_stream, rich_tables=tables)
