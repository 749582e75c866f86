"""``ficlens check STORY``: the lines a reader could not attribute, linter style."""

from __future__ import annotations

import argparse
import sys

from ficlens.check import check


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="report lines whose speaker a reader could not tell (a beta reader's check)",
        description="Print the clarity report as FILE:LINE:COL: MESSAGE lines: quotes whose "
        "speaker is unclear, pronouns with two plausible antecedents, and long runs of "
        "untagged dialogue. Exit status 0, or 1 with --strict when there are findings.",
    )
    p.add_argument("story", help="the story file")
    p.add_argument("--cast", help="YAML or JSON file naming the known characters")
    p.add_argument(
        "--strict", action="store_true", help="exit with status 1 when there is any finding"
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    report = check(args.story, cast=args.cast)
    for line in report.lines():
        print(line)
    count = len(report.findings)
    print(f"{count} finding{'s' if count != 1 else ''}", file=sys.stderr)
    return 1 if args.strict and report.findings else 0
