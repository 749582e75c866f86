"""``ficlens`` entry point: dispatches to one module per command."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from ficlens import __version__
from ficlens.errors import FiclensError

#: Command modules under ficlens.cli, each with ``add_parser(subparsers)`` and
#: ``run(args) -> int``.
COMMANDS = ("analyze", "demo", "check", "evaluate", "corpus")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ficlens",
        description="Read a story and tell who is in it, who says each line to whom, "
        "how they feel and relate, and which lines a reader could not attribute.",
    )
    parser.add_argument("--version", action="version", version=f"ficlens {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"ficlens.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"ficlens.cli.{name}":  # command not written yet
                continue
            raise
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.run(args) or 0)
    except FiclensError as exc:
        print(f"ficlens: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("ficlens: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
