"""Benchmark the pipeline up to coreference against bare spaCy on full novels.

For each novel (full LitBank texts from ``<repo>/../shared/data/litbank/original``)
it runs, in the same process and the same run:

- **bare spaCy**: ``nlp.pipe`` over the story's prose paragraphs, prepared as the
  parse stage prepares them, with the same batch size, doing nothing with the Docs;
- **ficlens**: structure, quotes, parse, mentions, characters, coref.

and prints words/s for both (wall clock and CPU time: CPU time is the fairer
measure on a shared machine), ficlens' share of bare spaCy's speed (the bar is
70%), seconds per stage, and the process's peak resident memory after each novel
(longest novel first, so its row is the peak for one novel plus the model).

    python benchmarks/bench_pipeline.py                  # the ten default novels
    python benchmarks/bench_pipeline.py --limit 3        # the first three of them
    python benchmarks/bench_pipeline.py --novels 1342_pride_and_prejudice 158_emma
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOVELS = REPO.parent / "shared" / "data" / "litbank" / "original"
STAGES = ("structure", "quotes", "parse", "mentions", "characters", "coref")

#: Ten full novels of about 1.2 million words in all (100-140k words each).
DEFAULT_NOVELS = (
    "27_far_from_the_madding_crowd",
    "9830_the_beautiful_and_damned",
    "1342_pride_and_prejudice",
    "521_the_life_and_adventures_of_robinson_crusoe",
    "3457_the_man_of_the_forest",
    "768_wuthering_heights",
    "2807_to_have_and_to_hold",
    "76_adventures_of_huckleberry_finn",
    "2891_howards_end",
    "15265_the_quest_of_the_silver_fleece_a_novel",
)


@dataclass
class Row:
    novel: str
    words: int
    spacy_wall: float
    spacy_cpu: float
    ficlens_wall: float
    ficlens_cpu: float
    stages: dict[str, float]
    characters: int
    peak_mb: float


def _peak_mb() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_novel(path: Path, nlp: object, batch_size: int = 64) -> Row:
    """Bare spaCy, then the ficlens pipeline, over one novel."""
    from ficlens.nlp import _prepare
    from ficlens.pipeline import READER_SETS, Options, resolve_stages, run_stages
    from ficlens.readers import read_story

    # The paragraphs spaCy sees are those the parse stage sends (after structure).
    probe = read_story(path)
    probe.provides.update(READER_SETS)
    probe = run_stages(probe, resolve_stages(("structure",), probe.provides))
    texts = [_prepare(probe.text[p.start : p.end]) for p in probe.paragraphs if p.kind == "text"]
    del probe

    wall, cpu = time.perf_counter(), time.process_time()
    for _doc in nlp.pipe(texts, batch_size=batch_size):  # type: ignore[attr-defined]
        pass
    spacy_wall, spacy_cpu = time.perf_counter() - wall, time.process_time() - cpu

    wall, cpu = time.perf_counter(), time.process_time()
    story = read_story(path)
    story.provides.update(READER_SETS)
    story = run_stages(
        story, resolve_stages(STAGES, story.provides), Options(nlp=nlp, batch_size=batch_size)
    )
    ficlens_wall, ficlens_cpu = time.perf_counter() - wall, time.process_time() - cpu
    return Row(
        path.stem,
        story.words,
        spacy_wall,
        spacy_cpu,
        ficlens_wall,
        ficlens_cpu,
        dict(story.timings),
        len(story.characters),
        _peak_mb(),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--novels", nargs="*", help="LitBank ids (default: ten novels)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N novels")
    parser.add_argument("--data", type=Path, default=NOVELS, help="folder of novels (.txt)")
    args = parser.parse_args(argv)
    ids = list(args.novels or DEFAULT_NOVELS)[: args.limit]
    paths = [args.data / f"{i}.txt" for i in ids]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"missing novels: {', '.join(missing)}", file=sys.stderr)
        return 2
    paths.sort(key=lambda p: p.stat().st_size, reverse=True)  # longest first: its peak

    from ficlens.nlp import load_nlp

    nlp = load_nlp()
    rows = []
    print(
        f"{'novel':44} {'words':>8} {'spaCy w/s':>10} {'ficlens w/s':>11} "
        f"{'ratio':>6} {'cpu ratio':>9} {'chars':>5} {'peak MB':>8}"
    )
    for path in paths:
        r = bench_novel(path, nlp)
        rows.append(r)
        print(
            f"{r.novel[:44]:44} {r.words:8d} {r.words / r.spacy_wall:10.0f} "
            f"{r.words / r.ficlens_wall:11.0f} {r.spacy_wall / r.ficlens_wall:6.1%} "
            f"{r.spacy_cpu / r.ficlens_cpu:9.1%} {r.characters:5d} {r.peak_mb:8.0f}",
            flush=True,
        )
    words = sum(r.words for r in rows)
    sw, fw = sum(r.spacy_wall for r in rows), sum(r.ficlens_wall for r in rows)
    sc, fc = sum(r.spacy_cpu for r in rows), sum(r.ficlens_cpu for r in rows)
    print(
        f"{'TOTAL':44} {words:8d} {words / sw:10.0f} {words / fw:11.0f} {sw / fw:6.1%} "
        f"{sc / fc:9.1%} {'':5} {max(r.peak_mb for r in rows):8.0f}"
    )
    stage_totals: dict[str, float] = {}
    for r in rows:
        for name, secs in r.stages.items():
            stage_totals[name] = stage_totals.get(name, 0.0) + secs
    print("seconds per stage: " + ", ".join(f"{k} {v:.2f}" for k, v in stage_totals.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
