"""The worker side of a corpus run: analyse one batch of works, write its parts.

``process_batch`` runs in a worker process (or a Dask task). It analyses each work
of the batch under the per-work limits, records a failure as a ``works`` row with
its error instead of raising, writes the batch's part files and, with ``--json``,
one ficlens/1 document per work, and reports what it wrote. The driver then
commits the batch to the journal; until then the parts do not count.

Two environment variables exist for tests (they make the hard cases
deterministic): ``FICLENS_CORPUS_SLOW=SECONDS`` sleeps before each work,
``FICLENS_CORPUS_CRASH=TEXT`` makes the worker process exit abruptly on a work
whose path contains TEXT, as a segfault or the out-of-memory killer would, and
``FICLENS_CORPUS_HANG=TEXT`` makes such a work hang inside native code.
"""

from __future__ import annotations

import contextlib
import faulthandler
import functools
import json
import logging
import os
import resource
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO, Any

from ficlens.corpus.tables import TABLES, works_row, write_atomic, write_part
from ficlens.errors import CorpusError, Errors, FiclensError

log = logging.getLogger("ficlens.corpus")

#: Set in pool workers: the driver's pid, so an orphaned worker stops writing.
_PARENT_PID: int | None = None


@dataclass(frozen=True)
class RunConfig:
    """What every worker needs to know; small and picklable."""

    out_dir: str
    stages: tuple[str, ...]
    cast: str | None = None
    json: bool = False
    mentions: bool = False
    max_words: int | None = None
    timeout: float | None = None


@dataclass(frozen=True)
class WorkItem:
    id: str
    path: str
    sha256: str | None  # None when the file could not be read to hash it
    error: str | None = None  # set by the driver when the file cannot even be opened
    size: int = 0  # bytes, for sizing batches


@dataclass(frozen=True)
class Batch:
    name: str
    works: tuple[WorkItem, ...]


@dataclass
class WorkReport:
    id: str
    path: str
    status: str  # ok | failed | skipped
    words: int = 0
    seconds: float = 0.0
    error: str | None = None


@dataclass
class BatchReport:
    batch: str
    works: list[WorkReport]
    parts: list[str] = field(default_factory=list)
    pid: int = 0
    max_rss_mb: float = 0.0


def init_worker(config: RunConfig, parent_pid: int | None = None) -> None:
    """Pool initializer: load the spaCy model once, before the first work."""
    global _PARENT_PID
    _PARENT_PID = parent_pid
    if parent_pid is not None:
        threading.Thread(target=_watch_parent, name="ficlens-parent-watch", daemon=True).start()
    # A failing initializer would break the pool; let each work record the error.
    with contextlib.suppress(FiclensError):
        _prepare(config.stages, config.cast)


def _watch_parent() -> None:
    # A pool worker whose driver was killed would wait on its task queue forever.
    while True:
        time.sleep(1.0)
        _exit_if_orphaned()


@functools.lru_cache(maxsize=4)
def _prepare(stages: tuple[str, ...], cast: str | None) -> tuple[list[Any], Any]:
    """The resolved stages and Options, built once per process."""
    from ficlens.cast import load_cast
    from ficlens.pipeline import READER_SETS, Options, resolve_stages

    options = Options(cast=load_cast(cast) if cast else None)
    if "parse" in stages:
        from ficlens.nlp import load_nlp

        options.nlp = load_nlp()
    return resolve_stages(stages, READER_SETS), options


class WorkTimeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    # SIGALRM interrupts a stage mid-way, but only in a process's main thread (pool
    # workers); in a Dask worker thread the limit is checked between stages instead.
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise WorkTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    # A stage stuck inside native code never lets the Python handler run. In a pool
    # worker, faulthandler's C watchdog then ends the process: the pool replaces it
    # and the work is recorded as having killed its worker.
    watchdog = _PARENT_PID is not None
    if watchdog:
        faulthandler.dump_traceback_later(2 * seconds + 2, exit=True, file=_watchdog_file())
    try:
        yield
    finally:
        if watchdog:
            faulthandler.cancel_dump_traceback_later()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@functools.lru_cache(maxsize=1)
def _watchdog_file() -> IO[str]:
    # faulthandler writes the stuck stack with no locks held; it goes to the run log.
    for handler in log.handlers:
        stream = getattr(handler, "stream", None)
        if stream is not None and hasattr(stream, "fileno"):
            return stream  # type: ignore[no-any-return]
    return sys.stderr


def _test_hooks(path: str) -> None:
    slow = os.environ.get("FICLENS_CORPUS_SLOW")
    if slow:
        time.sleep(float(slow))
    crash = os.environ.get("FICLENS_CORPUS_CRASH")
    if crash and crash in path:
        os._exit(70)
    hang = os.environ.get("FICLENS_CORPUS_HANG")
    if hang and hang in path:
        # A C loop that never returns to the interpreter, so no signal handler runs.
        sum(range(10**15))


def _exit_if_orphaned() -> None:
    # After a kill -9 of the driver its pool workers live on; they must not write
    # parts the resumed run would not know about.
    if _PARENT_PID is not None and os.getppid() != _PARENT_PID:
        os._exit(0)


def analyze_work(
    item: WorkItem, config: RunConfig
) -> tuple[WorkReport, dict[str, list[dict[str, Any]]], dict[str, Any] | None]:
    """Analyse one work: its report, its table rows and its ficlens/1 dict (if ok)."""
    from ficlens.corpus.tables import story_rows
    from ficlens.exporters.json import story_to_dict
    from ficlens.pipeline import READER_SETS, run_stages
    from ficlens.readers import read_story

    began = time.perf_counter()
    words: int | None = None
    document: dict[str, Any] | None = None
    rows: dict[str, list[dict[str, Any]]] = {}
    status, error = "ok", item.error
    try:
        if error:
            raise CorpusError(error)
        stages, options = _prepare(config.stages, config.cast)
        with _time_limit(config.timeout):
            _test_hooks(item.path)
            story = read_story(item.path)
            story.provides.update(READER_SETS)
            words = story.words
            if config.max_words is not None and words > config.max_words:
                status = "skipped"
                error = Errors.E302.format(words=words, limit=config.max_words)
            else:
                for stage in stages:
                    story = run_stages(story, [stage], options)
                    if config.timeout and time.perf_counter() - began > config.timeout:
                        raise WorkTimeout
                document = story_to_dict(story)
                rows = story_rows(item.id, document, mentions=config.mentions)
    except WorkTimeout:
        status, error = "failed", Errors.E303.format(seconds=config.timeout)
    except FiclensError as exc:
        status, error = "failed", str(exc)
    except Exception as exc:  # a bug must cost one work, not the run
        log.exception("unexpected error in %s", item.path)
        status, error = "failed", Errors.E309.format(reason=f"{type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - began
    if status != "ok":
        document, rows = None, {}
    report = WorkReport(item.id, item.path, status, words or 0, seconds, error)
    rows["works"] = [
        works_row(
            item.id,
            item.path,
            item.sha256,
            status=status,
            seconds=seconds,
            error=error,
            document=document,
            words=words,
        )
    ]
    return report, rows, document


def part_names(batch: str) -> tuple[str, str]:
    """The part file names of a batch: its ok rows, and its failed/skipped works."""
    return f"part-{batch}.parquet", f"part-{batch}-failed.parquet"


def write_batch(
    out_dir: Path,
    batch: str,
    results: list[tuple[WorkReport, dict[str, list[dict[str, Any]]]]],
    mentions: bool,
) -> list[str]:
    """Write a batch's part files; returns their paths relative to ``out_dir``.

    Failed and skipped works go to their own ``works`` part, so ``--retry-failed``
    can drop that one file instead of rewriting parts that hold good works.
    """
    ok_name, failed_name = part_names(batch)
    tables = (*TABLES, "mentions") if mentions else TABLES
    merged: dict[str, list[dict[str, Any]]] = {t: [] for t in tables}
    failed: list[dict[str, Any]] = []
    for report, rows in results:
        for table, table_rows in rows.items():
            if table == "works" and report.status != "ok":
                failed.extend(table_rows)
            else:
                merged[table].extend(table_rows)
    parts = [write_part(out_dir, t, ok_name, r) for t, r in merged.items() if r]
    if failed:
        parts.append(write_part(out_dir, "works", failed_name, failed))
    return parts


@functools.lru_cache(maxsize=1)
def _log_to_out_dir(out_dir: str) -> None:
    # Workers append to the run's log file; the driver's process already does.
    target = os.path.abspath(os.path.join(out_dir, "ficlens-corpus.log"))
    for handler in log.handlers:
        if getattr(handler, "baseFilename", None) == target:
            return
    handler = logging.FileHandler(target, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def process_batch(batch: Batch, config: RunConfig) -> BatchReport:
    """Analyse every work of ``batch`` and write its parts (runs in a worker)."""
    out_dir = Path(config.out_dir)
    _log_to_out_dir(config.out_dir)
    results = []
    for item in batch.works:
        _exit_if_orphaned()
        report, rows, document = analyze_work(item, config)
        if document is not None and config.json:
            text = json.dumps(document, ensure_ascii=False)
            target = out_dir / "json" / f"{item.id}.json"
            write_atomic(target, lambda tmp, text=text: tmp.write_text(text, encoding="utf-8"))
        results.append((report, rows))
    _exit_if_orphaned()
    parts = write_batch(out_dir, batch.name, results, config.mentions)
    # ru_maxrss is in KiB on Linux: the peak of this worker process so far.
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return BatchReport(batch.name, [r for r, _ in results], parts, os.getpid(), rss_mb)
