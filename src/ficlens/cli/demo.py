"""``ficlens demo``: analyse the built-in sample story."""

from __future__ import annotations

import argparse

from ficlens.cli.analyze import write_outputs
from ficlens.pipeline import analyze
from ficlens.sample import sample_path


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo",
        help="analyse the built-in sample story",
        description="Analyse the sample story that ships with ficlens and print a summary; "
        "-o writes its ficlens/1 JSON, --html its reader view.",
    )
    p.add_argument("-o", "--output", help="write the JSON here (default: summary only)")
    p.add_argument("--html", help="also write the reader view here")
    p.add_argument("--plots", help="also write the network and mood arc pictures here")
    p.add_argument("-q", "--quiet", action="store_true", help="print no summary")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    story = analyze(sample_path())
    if not args.output:
        args.output = None
        # The demo prints the summary, not the whole JSON, unless asked.
        from ficlens.summary import print_summary
        import sys

        if args.html:
            from ficlens.exporters.html import write_html

            write_html(story, args.html)
        if args.plots:
            from ficlens.exporters.plots import write_plots

            write_plots(story, args.plots)
        if not args.quiet:
            print_summary(story, sys.stdout, rich_tables=True)
        return 0
    write_outputs(story, args)
    return 0
