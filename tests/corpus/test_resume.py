"""A run really killed (SIGKILL, in a subprocess) and resumed equals an uninterrupted run."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus_stories import CHEAP_STAGES, all_tables, make_corpus

from ficlens.corpus import SerialExecutor, run_corpus
from ficlens.corpus.ledger import JOURNAL


def _journal_lines(out: Path) -> int:
    try:
        return (out / JOURNAL).read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


@pytest.mark.parametrize("victim", ["driver", "process group"])
def test_resume_after_kill_9_gives_the_tables_of_an_uninterrupted_run(
    tmp_path: Path, victim: str
) -> None:
    corpus = make_corpus(tmp_path, works=20)
    killed = tmp_path / "killed"
    command = [
        sys.executable, "-m", "ficlens", "corpus", str(corpus), "-o", str(killed),
        "--stages", ",".join(CHEAP_STAGES), "--workers", "2", "--batch-size", "2", "--quiet",
    ]  # fmt: skip
    # Slow works make "mid-way" deterministic: we kill once 3 of 12 batches are journaled.
    env = {**os.environ, "FICLENS_CORPUS_SLOW": "0.15"}
    proc = subprocess.Popen(command, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while _journal_lines(killed) < 3 and time.monotonic() < deadline:
            assert proc.poll() is None, "the run ended before it could be killed"
            time.sleep(0.02)
    finally:
        # Killing the driver alone leaves its workers orphaned mid-batch: they must
        # not add parts the resumed run does not know about.
        if victim == "driver":
            os.kill(proc.pid, signal.SIGKILL)
        else:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    done_when_killed = _journal_lines(killed)
    assert 3 <= done_when_killed < 12

    resumed = subprocess.run(command, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    last = (killed / "ficlens-corpus.log").read_text(encoding="utf-8").splitlines()[-1]
    already = int(re.search(r"(\d+) already done", last).group(1))  # type: ignore[union-attr]
    assert already >= 2 * done_when_killed  # committed batches were not run again
    whole = tmp_path / "whole"
    run_corpus([str(corpus)], whole, stages=CHEAP_STAGES, executor=SerialExecutor(), batch_works=2)
    tables = all_tables(killed)
    assert tables == all_tables(whole)
    works = tables["works"]
    assert len(works) == len({w["id"] for w in works}) == 23
