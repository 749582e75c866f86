"""The same corpus through Dask gives the same tables as the local process pool."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from corpus_stories import CHEAP_STAGES, all_tables, make_corpus

from ficlens.corpus import run_corpus

distributed = pytest.importorskip("dask.distributed")


def test_dask_scheduler_gives_the_tables_of_the_local_pool(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, works=10)
    local, dask = tmp_path / "local", tmp_path / "dask"
    run_corpus([str(corpus)], local, stages=CHEAP_STAGES, workers=2, batch_works=3)
    # A LocalCluster of threads in this process, reached by its address exactly as
    # `--scheduler tcp://...` reaches a real cluster.
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:  # fmt: skip
        summary = run_corpus(
            [str(corpus)], dask, stages=CHEAP_STAGES, scheduler=cluster.scheduler_address,
            batch_works=3,
        )  # fmt: skip
    assert summary.processed == 13 and summary.workers == 2
    assert all_tables(dask) == all_tables(local)
