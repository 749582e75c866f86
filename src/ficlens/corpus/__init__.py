"""Corpus mode: the pipeline over many works, into Parquet tables, resumably.

``run_corpus(inputs, out_dir, ...)`` is the entry point; ``ficlens corpus`` is its
command line. Executors (local process pool, Dask, in-process) live in
``executors``; the tables' schemas in ``tables``; the resumable journal in
``ledger``.
"""

from ficlens.corpus.executors import (
    DaskExecutor,
    Executor,
    LocalExecutor,
    SerialExecutor,
    WorkerLost,
)
from ficlens.corpus.run import CorpusSummary, ProgressUpdate, run_corpus
from ficlens.corpus.tables import SCHEMAS, TABLES

__all__ = [
    "SCHEMAS",
    "TABLES",
    "CorpusSummary",
    "DaskExecutor",
    "Executor",
    "LocalExecutor",
    "ProgressUpdate",
    "SerialExecutor",
    "WorkerLost",
    "run_corpus",
]
