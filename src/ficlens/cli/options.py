"""Arguments several commands share, declared and parsed in one place."""

from __future__ import annotations

import argparse

from ficlens.pipeline import DEFAULT_STAGES


def add_stages_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--stages",
        type=parse_stages,
        help=f"comma-separated stages to run (default: all: {','.join(DEFAULT_STAGES)})",
    )


def parse_stages(value: str) -> list[str]:
    """``"structure, quotes"`` -> ``["structure", "quotes"]`` (empty names dropped)."""
    return [name.strip() for name in value.split(",") if name.strip()]
