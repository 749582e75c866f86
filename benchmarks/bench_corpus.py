"""Corpus mode on the LitBank novels: throughput, 1 -> 2 worker scaling, memory.

    python benchmarks/bench_corpus.py                 # all 100 novels, full pipeline
    python benchmarks/bench_corpus.py --limit 2 --stages structure,quotes   # smoke run

Runs the same works with 1 and 2 workers, through the local process pool and a
Dask LocalCluster, each into a fresh output folder, and prints works/s, words/s,
the 2-worker/1-worker speed-up (target: >= 1.8) and each worker's peak memory.
Times include starting the workers and loading the model, as a user's run would.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from ficlens.corpus import CorpusSummary, run_corpus
from ficlens.pipeline import DEFAULT_STAGES

sys.path.insert(0, str(Path(__file__).resolve().parent))
from spacy_reference import bare_spacy  # noqa: E402

LITBANK = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "litbank" / "original"


def bench_corpus(
    files: list[Path], workers: int, *, dask: bool, stages: tuple[str, ...]
) -> CorpusSummary:
    """One run over ``files`` into a throw-away folder."""
    with tempfile.TemporaryDirectory(prefix="ficlens-bench-") as tmp:
        return run_corpus(
            [str(f) for f in files],
            Path(tmp) / "out",
            workers=workers,
            dask_local=dask,
            stages=stages,
            # One novel per batch: two workers share the load evenly to the end.
            batch_works=1,
        )


def scaling_bound(sizes: list[int], workers: int) -> float:
    """The best speed-up the work sizes allow (longest-first greedy schedule).

    One long novel among short ones caps the speed-up however well workers scale.
    """
    loads = [0] * workers
    for size in sorted(sizes, reverse=True):
        loads[loads.index(min(loads))] += size
    return sum(sizes) / max(loads) if max(loads) else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=LITBANK, help="folder of .txt novels")
    parser.add_argument("--limit", type=int, help="only the first N novels (sorted by name)")
    parser.add_argument("--stages", help="comma-separated stages (default: the full pipeline)")
    parser.add_argument("--workers", default="1,2", help="worker counts to compare")
    parser.add_argument("--modes", default="local,dask", help="local, dask or both")
    parser.add_argument(
        "--spacy-words",
        type=int,
        default=50_000,
        help="words of the same novels for the bare-spaCy reference (0: skip)",
    )
    args = parser.parse_args()

    files = sorted(args.data.glob("*.txt"))[: args.limit]
    # Longest first, so no worker is left alone with a long novel at the end.
    files.sort(key=lambda f: -f.stat().st_size)
    if not files:
        raise SystemExit(f"no novels under {args.data}")
    stages = tuple(args.stages.split(",")) if args.stages else DEFAULT_STAGES
    counts = [int(n) for n in args.workers.split(",")]
    print(f"{len(files)} works, stages {','.join(stages)}")
    reference = bare_spacy(files, args.spacy_words) if args.spacy_words else None
    if reference:
        print(
            f"bare spaCy nlp.pipe, one process, {reference['words']:,} words of the same "
            f"novels: {reference['words_per_s']:,.0f} words/s"
        )
    print(
        f"{'mode':6} {'workers':>7} {'works/s':>8} {'words/s':>9} {'seconds':>8}  peak MiB/worker"
    )
    for mode in args.modes.split(","):
        rates: dict[int, float] = {}
        for n in counts:
            s = bench_corpus(files, n, dask=mode == "dask", stages=stages)
            rates[n] = s.words_per_second
            peaks = " ".join(f"{mb:.0f}" for mb in sorted(s.peak_rss_mb.values()))
            ratio = (
                f"  {s.words_per_second / reference['words_per_s']:.2f}x bare spaCy"
                if reference
                else ""
            )
            print(
                f"{mode:6} {n:>7} {s.works_per_second:>8.3f} {s.words_per_second:>9,.0f} "
                f"{s.seconds:>8.1f}  {peaks}{ratio}"
                + (f"  ({s.failed} failed)" if s.failed else "")
            )
        if 1 in rates and 2 in rates and rates[1]:
            speedup = rates[2] / rates[1]
            verdict = "meets" if speedup >= 1.8 else "below"
            bound = scaling_bound([f.stat().st_size for f in files], 2)
            print(
                f"{mode:6} scaling 1 -> 2 workers: {speedup:.2f}x ({verdict} the 1.8x target; "
                f"these work sizes allow at most {bound:.2f}x)"
            )
            if s.seconds < 60:
                print("       (runs this short measure worker start-up; use more works)")


if __name__ == "__main__":
    main()
