"""What speaker attribution adds to the pipeline's run time, on full novels.

Runs structure, quotes, parse, mentions, characters, coref and speakers over each
novel (the ten of ``bench_pipeline.py`` by default) and prints the seconds of the
stages before speakers, the seconds of the speakers stage (attribution, the
coreference feedback round and attribution again) and the share it adds (the bar
is 15%).

    python benchmarks/bench_speakers.py [--limit N] [--novels ID ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench_pipeline import DEFAULT_NOVELS, NOVELS

STAGES = ("structure", "quotes", "parse", "mentions", "characters", "coref", "speakers")


def bench_speakers(paths: list[Path]) -> tuple[float, float, int, int]:
    """(seconds before speakers, seconds of speakers, words, quotes) over ``paths``."""
    from ficlens.nlp import load_nlp
    from ficlens.pipeline import READER_SETS, Options, resolve_stages, run_stages
    from ficlens.readers import read_story

    nlp = load_nlp()
    before = attribution = 0.0
    words = quotes = 0
    for path in paths:
        began = time.perf_counter()
        story = read_story(path)
        story.provides.update(READER_SETS)
        story = run_stages(story, resolve_stages(STAGES, story.provides), Options(nlp=nlp))
        total = time.perf_counter() - began
        spent = story.timings["speakers"]
        before += total - spent
        attribution += spent
        words += story.words
        quotes += len(story.quotes)
        print(
            f"{path.stem:<48} {story.words:>8} words {len(story.quotes):>6} quotes "
            f"pipeline {total - spent:7.1f} s  speakers {spent:6.2f} s "
            f"(+{100 * spent / (total - spent):.1f}%)",
            flush=True,
        )
    return before, attribution, words, quotes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--novels", nargs="*", help="LitBank ids (default: ten novels)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N novels")
    args = parser.parse_args(argv)
    paths = [NOVELS / f"{i}.txt" for i in list(args.novels or DEFAULT_NOVELS)[: args.limit]]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"missing novels: {', '.join(missing)}", file=sys.stderr)
        return 2
    before, attribution, words, quotes = bench_speakers(paths)
    print(
        f"total: {words} words, {quotes} quotes; pipeline before speakers {before:.1f} s, "
        f"speakers {attribution:.1f} s: attribution adds {100 * attribution / before:.1f}%"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
