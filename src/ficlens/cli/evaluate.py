"""``ficlens evaluate``: score ficlens on LitBank or on an annotated corpus folder."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "evaluate",
        help="score ficlens on LitBank or on your own annotated corpus",
        description="Score speaker (and addressee) attribution. 'litbank' runs LitBank's "
        "ten-fold cross-validation (end to end, with gold quote spans, with the gold cast) "
        "and prints quote-span and character scores; 'corpus DIR' scores a folder of "
        "NAME.txt + NAME.quotes.csv (+ NAME.cast.yaml) works.",
    )
    which = p.add_subparsers(dest="corpus_kind", metavar="CORPUS", required=True)
    lit = which.add_parser("litbank", help="LitBank, ten-fold cross-validation")
    lit.add_argument("--data", help="LitBank folder (default: ../shared/data/litbank)")
    lit.add_argument("--folds", type=int, default=10, help="how many of the ten folds to run")
    lit.add_argument(
        "--gold-quotes",
        action="store_true",
        help="only the settings with gold quote spans (skip end-to-end)",
    )
    lit.add_argument("--cache", help="cache parses in this folder between runs")
    lit.add_argument("-o", "--output", help="also write the full report as JSON here")
    lit.set_defaults(run=run_litbank)
    corpus = which.add_parser("corpus", help="a folder in the ficlens evaluation format")
    corpus.add_argument("folder", help="folder of NAME.txt + NAME.quotes.csv (+ NAME.cast.yaml)")
    corpus.add_argument("-o", "--output", help="also write the full report as JSON here")
    corpus.set_defaults(run=run_corpus)


def _write(report: dict, output: str | None) -> None:  # type: ignore[type-arg]
    if output:
        Path(output).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


def run_litbank(args: argparse.Namespace) -> int:
    from ficlens.evaluate.speakers import evaluate_litbank, format_litbank

    report = evaluate_litbank(
        args.data, args.folds, args.gold_quotes, Path(args.cache) if args.cache else None
    )
    print(format_litbank(report))
    _write(report, args.output)
    return 0


def run_corpus(args: argparse.Namespace) -> int:
    from ficlens.evaluate.corpus import evaluate_corpus

    report = evaluate_corpus(args.folder)
    print(
        f"{report['works']} works, {report['quotes']} quotes ({report['found']} found): "
        f"speaker accuracy {report['speaker_accuracy']}%, addressee accuracy "
        f"{report['addressee_accuracy']}% of {report['quotes_with_addressees']}"
    )
    for kind, row in report["by_type"].items():
        print(f"  {kind:<10} {row['n']:>5}  {row['accuracy']:>5.1f}%")
    _write(report, args.output)
    return 0
