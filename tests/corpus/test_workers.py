"""Worker processes: a worker that dies is replaced, and only its work is failed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from corpus_stories import CHEAP_STAGES, make_corpus, read_table

from ficlens.corpus import LocalExecutor, WorkerLost, run_corpus


def _double_or_die(x: int) -> int:
    if x == 3:
        os._exit(1)  # as a segfault or the OOM killer would end the process
    return 2 * x


def test_workers_local_executor_blames_only_the_item_that_killed_its_worker() -> None:
    with LocalExecutor(2, max_in_flight=4) as executor:
        outcomes = dict(executor.map_unordered(_double_or_die, range(7)))
    assert isinstance(outcomes.pop(3), WorkerLost)
    assert outcomes == {x: 2 * x for x in (0, 1, 2, 4, 5, 6)}


def test_workers_crash_in_a_work_is_recorded_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = make_corpus(tmp_path, works=8, broken=False)
    monkeypatch.setenv("FICLENS_CORPUS_CRASH", "story003")  # read by the spawned workers
    out = tmp_path / "out"
    summary = run_corpus([str(corpus)], out, workers=2, stages=CHEAP_STAGES, batch_works=3)
    works = read_table(out, "works")
    assert len(works) == len({w["id"] for w in works}) == 8
    failed = [w for w in works if w["status"] != "ok"]
    assert [Path(w["path"]).name for w in failed] == ["story003.txt"]
    assert "worker process died" in failed[0]["error"]
    assert (summary.ok, summary.failed) == (7, 1)
    # Its batch-mates' rows are there once: only committed parts are left on disk.
    parts = sorted(p.name for p in (out / "works").glob("part-*.parquet"))
    assert len(parts) == len(set(parts))


def test_workers_work_stuck_in_native_code_is_ended_by_the_watchdog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = make_corpus(tmp_path, works=3, broken=False)
    monkeypatch.setenv("FICLENS_CORPUS_HANG", "story001")  # a C loop no signal interrupts
    out = tmp_path / "out"
    summary = run_corpus(
        [str(corpus)], out, workers=2, stages=CHEAP_STAGES, batch_works=1, timeout=0.5
    )
    failed = [w for w in read_table(out, "works") if w["status"] != "ok"]
    assert [Path(w["path"]).name for w in failed] == ["story001.txt"]
    assert "worker process died" in failed[0]["error"]
    assert (summary.ok, summary.failed) == (2, 1)
    assert "Timeout" in (out / "ficlens-corpus.log").read_text(encoding="utf-8")


def _pid(_: int) -> int:
    return os.getpid()


def test_workers_pool_is_recycled_after_so_many_items() -> None:
    with LocalExecutor(1, recycle_after=3) as executor:
        pids = [pid for _, pid in executor.map_unordered(_pid, range(7))]
    assert len(pids) == 7
    assert len(set(pids)) == 3  # items 0-2, 3-5 and 6 each in a fresh process
