"""``ficlens demo``: analyse the built-in sample story."""

from __future__ import annotations

import argparse
import sys

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
    p.add_argument("--graph", help="also write the network as GraphML and GEXF here")
    p.add_argument("-q", "--quiet", action="store_true", help="print no summary")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    story = analyze(sample_path())
    # Unlike `analyze`, the demo shows the summary on stdout and the JSON only when asked.
    write_outputs(story, args, json_to_stdout=False, summary_stream=sys.stdout)
    return 0
