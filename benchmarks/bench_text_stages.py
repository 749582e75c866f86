"""Benchmark the model-free text stages: reader + structure + quotes.

Runs over every full novel in ``<repo>/../shared/data/litbank/original/`` (100
Project Gutenberg novels, about 11 million words) and prints words, seconds,
words per second and peak memory. Results are printed, not committed.

    python benchmarks/bench_text_stages.py            # all novels
    python benchmarks/bench_text_stages.py --limit 10 # the first ten
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from ficlens.document import Story
from ficlens.pipeline import READER_SETS, TEXT_STAGES, resolve_stages, run_stages
from ficlens.readers import read_story

sys.path.insert(0, str(Path(__file__).resolve().parent))
from spacy_reference import bare_spacy  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
NOVELS = REPO.parent / "shared" / "data" / "litbank" / "original"


def _run_one(path: Path, stages: list) -> Story:
    story = read_story(path)
    story.provides.update(READER_SETS)
    return run_stages(story, stages)


def bench_text_stages(paths: list[Path]) -> dict[str, float]:
    """Read and run the text stages over ``paths``: counts, seconds, words/s."""
    stages = resolve_stages(TEXT_STAGES)
    words = quotes = notes = chapters = 0
    per_stage = dict.fromkeys(("read", *TEXT_STAGES), 0.0)
    began = time.perf_counter()
    cpu_began = time.process_time()
    for path in paths:
        t0 = time.perf_counter()
        story = read_story(path)
        per_stage["read"] += time.perf_counter() - t0
        story.provides.update(READER_SETS)
        run_stages(story, stages)
        for name in TEXT_STAGES:
            per_stage[name] += story.timings.get(name, 0.0)
        words += story.words
        quotes += len(story.quotes)
        notes += len(story.notes)
        chapters += len(story.chapters)
    seconds = time.perf_counter() - began
    cpu_seconds = time.process_time() - cpu_began
    return {
        "files": len(paths),
        "words": words,
        "quotes": quotes,
        "notes": notes,
        "chapters": chapters,
        "seconds": seconds,
        "words_per_s": words / seconds if seconds else 0.0,
        # On a shared machine wall time includes waiting for a core; CPU time does not.
        "cpu_seconds": cpu_seconds,
        "words_per_cpu_s": words / cpu_seconds if cpu_seconds else 0.0,
        **{f"{name}_s": value for name, value in per_stage.items()},
    }


def peak_memory(path: Path) -> dict[str, float]:
    """tracemalloc's peak for one story, and the process's ru_maxrss so far (MiB).

    Stories are not kept between files, so the peak is the largest story's; it is
    measured in its own pass because tracemalloc slows Python about fourfold.
    """
    stages = resolve_stages(TEXT_STAGES)
    tracemalloc.start()
    _run_one(path, stages)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    # ru_maxrss is KiB on Linux, bytes on macOS.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_mib = rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024
    return {"tracemalloc_peak_mib": peak / (1024 * 1024), "ru_maxrss_mib": rss_mib}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N novels")
    parser.add_argument("--dir", type=Path, default=NOVELS, help="folder of .txt novels")
    parser.add_argument(
        "--spacy-words",
        type=int,
        default=50_000,
        help="words of the same novels for the bare-spaCy reference (0: skip)",
    )
    args = parser.parse_args(argv)
    paths = sorted(args.dir.glob("*.txt"))[: args.limit]
    if not paths:
        print(f"no novels in {args.dir}", file=sys.stderr)
        return 2
    result = bench_text_stages(paths)
    largest = max(paths, key=lambda p: p.stat().st_size)
    memory = peak_memory(largest)
    print(
        f"{result['files']} files, {result['words']:,} words, {result['quotes']:,} quotes, "
        f"{result['notes']} notes, {result['chapters']:,} chapters"
    )
    print(
        f"{result['seconds']:.2f} s, {result['words_per_s']:,.0f} words/s; "
        f"CPU {result['cpu_seconds']:.2f} s, {result['words_per_cpu_s']:,.0f} words/CPU-s "
        f"(read {result['read_s']:.2f} s, structure {result['structure_s']:.2f} s, "
        f"quotes {result['quotes_s']:.2f} s)"
    )
    print(
        f"peak memory: tracemalloc {memory['tracemalloc_peak_mib']:.1f} MiB "
        f"(largest novel, {largest.name}), ru_maxrss {memory['ru_maxrss_mib']:.1f} MiB"
    )
    if args.spacy_words:
        ref = bare_spacy(paths, args.spacy_words)
        print(
            f"bare spaCy nlp.pipe on {ref['words']:,} words of the same novels: "
            f"{ref['words_per_s']:,.0f} words/s ({ref['words_per_cpu_s']:,.0f} words/CPU-s); "
            f"text stages are {result['words_per_cpu_s'] / ref['words_per_cpu_s']:,.0f}x "
            "bare spaCy per CPU-second"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
