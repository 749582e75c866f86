"""``ficlens corpus INPUT... -o OUT``: the pipeline over many works, into Parquet tables."""

from __future__ import annotations

import argparse
import contextlib
import sys

from ficlens.cli.options import add_stages_argument


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "corpus",
        help="analyse many works into Parquet tables (resumable; local or Dask)",
        description="Run the pipeline over every work INPUT names and write Parquet tables "
        "(works, characters, quotes, interactions, tags; mentions with --mentions) under "
        "OUT_DIR. Rerun the same command to resume after a crash or kill: works already "
        "done (by content hash) are skipped.",
    )
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="a story file, a folder (searched recursively), a glob, or @LIST (a text file "
        "with one path per line)",
    )
    p.add_argument("-o", "--output", required=True, metavar="OUT_DIR", help="output folder")
    p.add_argument("--workers", type=int, help="worker processes (default: one per CPU core)")
    p.add_argument(
        "--scheduler", metavar="URL", help="run on this Dask scheduler (tcp://HOST:PORT)"
    )
    p.add_argument("--dask-local", action="store_true", help="run on a Dask LocalCluster here")
    p.add_argument("--json", action="store_true", help="also write OUT_DIR/json/<id>.json per work")
    p.add_argument("--mentions", action="store_true", help="also write the (large) mentions table")
    p.add_argument("--retry-failed", action="store_true", help="run failed and skipped works again")
    p.add_argument("--max-words", type=int, metavar="N", help="skip works longer than N words")
    p.add_argument("--timeout", type=float, metavar="S", help="fail a work after S seconds")
    p.add_argument(
        "--batch-size",
        type=int,
        default=16,
        metavar="N",
        help="works per batch, the unit of scheduling and of part files (default: 16)",
    )
    p.add_argument("--cast", help="YAML or JSON file naming characters known in every work")
    add_stages_argument(p)
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ficlens.corpus import run_corpus
    from ficlens.corpus.progress import ProgressBar

    stages = args.stages or None
    bar = None if args.quiet else ProgressBar()
    with bar or contextlib.nullcontext():
        summary = run_corpus(
            args.inputs,
            args.output,
            workers=args.workers,
            scheduler=args.scheduler,
            dask_local=args.dask_local,
            stages=stages,
            cast=args.cast,
            json=args.json,
            mentions=args.mentions,
            retry_failed=args.retry_failed,
            max_words=args.max_words,
            timeout=args.timeout,
            progress=bar,
            batch_works=args.batch_size,
        )
    if not args.quiet:
        s = summary
        print(
            f"ficlens corpus: {s.ok} ok, {s.failed} failed, {s.skipped} skipped, "
            f"{s.already_done} already done, {s.duplicates} duplicates; "
            f"{s.words:,} words in {s.seconds:.1f} s "
            f"({s.works_per_second:.2f} works/s, {s.words_per_second:,.0f} words/s"
            + (f", peak {max(s.peak_rss_mb.values()):,.0f} MiB/worker" if s.peak_rss_mb else "")
            + f") -> {s.out_dir}",
            file=sys.stderr,
        )
        for path, error in s.failures[:5]:
            # Reader errors already start with the path.
            print(f"  failed: {path}: {error.removeprefix(f'{path}: ')}", file=sys.stderr)
    # Failed works are data (rows in `works`), not a failed run.
    return 0
