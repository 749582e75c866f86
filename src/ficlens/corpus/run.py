"""``run_corpus``: the pipeline over many works, into Parquet tables, resumably.

The driver (this module) streams the inputs, hashes each file (its sha256 is the
work's identity), skips works the journal already holds, groups the rest into
small batches and hands them to an executor. Workers analyse and write each
batch's part files; the driver commits each finished batch to the journal. See
``ledger`` for why a ``kill -9`` at any moment loses and duplicates nothing.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import secrets
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ficlens.corpus.executors import DaskExecutor, Executor, LocalExecutor, WorkerLost
from ficlens.corpus.inputs import check_inputs, hash_file, iter_inputs
from ficlens.corpus.ledger import Ledger
from ficlens.corpus.tables import TABLES, ensure_tables, works_row, write_atomic
from ficlens.corpus.work import (
    Batch,
    BatchReport,
    RunConfig,
    WorkItem,
    WorkReport,
    init_worker,
    process_batch,
    write_batch,
)
from ficlens.errors import CorpusError, Errors, InputError
from ficlens.pipeline import DEFAULT_STAGES, resolve_stages

log = logging.getLogger("ficlens.corpus")

SETTINGS = "corpus.json"
LOG_FILE = "ficlens-corpus.log"
#: Settings a resumed run must share with the run that wrote the folder.
_PINNED = ("stages", "mentions", "json", "cast")


@dataclass
class ProgressUpdate:
    """Sent to the progress callback after every batch."""

    total: int | None  # input paths, when counted up front
    seen: int  # input paths dealt with so far (done before, duplicate or run now)
    processed: int  # works analysed by this run
    words: int
    failed: int
    elapsed: float


@dataclass
class CorpusSummary:
    """What a corpus run did."""

    out_dir: Path
    workers: int
    seen: int = 0
    already_done: int = 0
    duplicates: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    retried: int = 0
    words: int = 0
    seconds: float = 0.0
    #: Peak resident memory (MiB) of each worker process, by pid.
    peak_rss_mb: dict[int, float] = field(default_factory=dict)
    #: (path, error) of the first failures, for the final message.
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.ok + self.failed + self.skipped

    @property
    def works_per_second(self) -> float:
        return self.processed / self.seconds if self.seconds else 0.0

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def _settings(config: RunConfig) -> dict[str, object]:
    cast = hashlib.sha256(Path(config.cast).read_bytes()).hexdigest() if config.cast else None
    return {
        "format": "ficlens-corpus/1",
        "stages": list(config.stages),
        "mentions": config.mentions,
        "json": config.json,
        "cast": cast,
    }


def _open_out_dir(out_dir: Path, config: RunConfig) -> None:
    """Create OUT, or check that an existing OUT was written with these settings."""
    settings = _settings(config)
    path = out_dir / SETTINGS
    if path.exists():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise CorpusError(Errors.E310.format(path=out_dir, reason=exc)) from exc
        diff = [k for k in _PINNED if old.get(k) != settings[k]]
        if diff:
            raise CorpusError(Errors.E305.format(path=out_dir, diff=", ".join(diff)))
        return
    # Never adopt (and garbage-collect in) a folder that holds someone else's files.
    # (Hidden files are ignored: a run killed as it began leaves its temp file.)
    if out_dir.is_dir() and any(not p.name.startswith(".") for p in out_dir.iterdir()):
        raise CorpusError(Errors.E310.format(path=out_dir, reason=f"no {SETTINGS}, not empty"))
    out_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps(settings, indent=2)
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _work_item(path: Path) -> WorkItem:
    try:
        sha = hash_file(path)
        size = path.stat().st_size
    except OSError as exc:
        # No content to hash: the path stands in, so a rerun still finds the failure.
        reason = Errors.E001 if isinstance(exc, FileNotFoundError) else Errors.E003
        error = str(InputError(path, reason.format(reason=exc.strerror)))
        key = hashlib.sha256(f"unreadable:{path}".encode()).hexdigest()
        return WorkItem(key[:16], str(path), None, error)
    return WorkItem(sha[:16], str(path), sha, size=size)


def _absolute(paths: Iterable[Path]) -> Iterator[Path]:
    # Workers (Dask ones on other machines included) may not share our cwd.
    return (p.absolute() for p in paths)


def _batches(
    paths: Iterable[Path],
    ledger: Ledger,
    summary: CorpusSummary,
    run_id: str,
    *,
    max_works: int,
    max_bytes: int,
) -> Iterator[Batch]:
    """Group the works still to do into batches of a few works or bytes each."""
    queued: set[str] = set()
    batch: list[WorkItem] = []
    size = 0
    seq = 0
    for path in paths:
        summary.seen += 1
        item = _work_item(path)
        # Checked first: a copy met earlier in this run may be committed by now.
        if item.id in queued:
            summary.duplicates += 1
            log.info("duplicate content, counted once: %s", path)
            continue
        if item.id in ledger.done:
            summary.already_done += 1
            continue
        queued.add(item.id)
        batch.append(item)
        size += item.size
        if len(batch) >= max_works or size >= max_bytes:
            seq += 1
            yield Batch(f"{run_id}-{seq:06d}", tuple(batch))
            batch, size = [], 0
    if batch:
        yield Batch(f"{run_id}-{seq + 1:06d}", tuple(batch))


def _lost_report(batch: Batch, out_dir: Path, reason: str) -> BatchReport:
    """A one-work batch whose worker died: the driver writes its failed row."""
    item = batch.works[0]
    error = Errors.E304.format(reason=reason)
    row = works_row(item.id, item.path, item.sha256, status="failed", seconds=0.0, error=error)
    report = WorkReport(item.id, item.path, "failed", error=error)
    parts = write_batch(out_dir, batch.name, [(report, {"works": [row]})], mentions=False)
    return BatchReport(batch.name, [report], parts)


def _error_report(batch: Batch, out_dir: Path, exc: BaseException) -> BatchReport:
    """A batch whose task raised (not a work's own failure): all its works failed."""
    error = Errors.E309.format(reason=f"{type(exc).__name__}: {exc}")
    results = []
    for item in batch.works:
        row = works_row(item.id, item.path, item.sha256, status="failed", seconds=0.0, error=error)
        results.append((WorkReport(item.id, item.path, "failed", error=error), {"works": [row]}))
    parts = write_batch(out_dir, batch.name, results, mentions=False)
    return BatchReport(batch.name, [r for r, _ in results], parts)


def _make_executor(
    workers: int, scheduler: str | None, dask_local: bool, config: RunConfig
) -> Executor:
    if scheduler:
        return DaskExecutor(scheduler)
    if dask_local:
        return DaskExecutor(workers=workers)
    return LocalExecutor(workers, initializer=init_worker, initargs=(config, os.getpid()))


def _attach_log(out_dir: Path) -> logging.Handler:
    handler = logging.FileHandler(out_dir / LOG_FILE, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return handler


def run_corpus(
    inputs: Sequence[str],
    out_dir: str | Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    dask_local: bool = False,
    stages: Sequence[str] | None = None,
    cast: str | Path | None = None,
    json: bool = False,
    mentions: bool = False,
    retry_failed: bool = False,
    max_words: int | None = None,
    timeout: float | None = None,
    progress: Callable[[ProgressUpdate], None] | None = None,
    executor: Executor | None = None,
    batch_works: int = 16,
    batch_bytes: int = 256_000,
) -> CorpusSummary:
    """Analyse every work ``inputs`` name and write the tables under ``out_dir``.

    Rerunning with the same arguments resumes: works already in the tables (by
    content hash) are skipped. ``executor`` overrides the local pool / Dask choice
    (tests pass a ``SerialExecutor``).
    """
    out = Path(out_dir).absolute()
    config = RunConfig(
        out_dir=str(out),
        stages=tuple(DEFAULT_STAGES if stages is None else stages),
        cast=str(cast) if cast else None,
        json=json,
        mentions=mentions,
        max_words=max_words,
        timeout=timeout,
    )
    resolve_stages(config.stages)  # unknown stages fail now, not in every worker
    check_inputs(inputs)
    _open_out_dir(out, config)
    handler = _attach_log(out)
    ledger = Ledger(out)
    try:
        tables = (*TABLES, "mentions") if mentions else TABLES
        ledger.collect_garbage((*tables, "json"))
        ensure_tables(out, tables)
        if json:
            (out / "json").mkdir(exist_ok=True)
        retried = ledger.drop_unsuccessful() if retry_failed else 0
        total = sum(1 for _ in iter_inputs(inputs)) if progress else None
        owned = executor is None
        executor = executor or _make_executor(
            workers or os.cpu_count() or 1, scheduler, dask_local, config
        )
        summary = CorpusSummary(out, executor.workers, retried=retried)
        log.info("corpus run: %s -> %s, stages %s", list(inputs), out, ",".join(config.stages))
        try:
            _run(
                executor, config, ledger, summary, inputs, total, progress, batch_works, batch_bytes
            )
        finally:
            if owned:
                executor.close()
        # A worker orphaned by an earlier kill may have written late; drop its parts.
        ledger.collect_garbage((*tables, "json"))
        log.info(
            "done: %d ok, %d failed, %d skipped, %d already done, %d duplicates, "
            "%d words in %.1f s",
            summary.ok, summary.failed, summary.skipped, summary.already_done,
            summary.duplicates, summary.words, summary.seconds,
        )  # fmt: skip
        return summary
    finally:
        ledger.close()
        log.removeHandler(handler)
        handler.close()


def _run(
    executor: Executor,
    config: RunConfig,
    ledger: Ledger,
    summary: CorpusSummary,
    inputs: Sequence[str],
    total: int | None,
    progress: Callable[[ProgressUpdate], None] | None,
    batch_works: int,
    batch_bytes: int,
) -> None:
    out = Path(config.out_dir)
    run_id = time.strftime("%Y%m%dT%H%M%S") + secrets.token_hex(2)
    fn = functools.partial(process_batch, config=config)
    began = time.perf_counter()
    pending: Iterable[Batch] = _batches(
        _absolute(iter_inputs(inputs)),
        ledger,
        summary,
        run_id,
        max_works=batch_works,
        max_bytes=batch_bytes,
    )
    # Round 1 streams the inputs; a batch whose worker died is split into single
    # works for another round, so the one that kills its worker is pinned down.
    while True:
        lost: list[Batch] = []
        for batch, outcome in executor.map_unordered(fn, pending):
            if isinstance(outcome, WorkerLost):
                ledger.discard_batch(batch.name)
                if len(batch.works) > 1:
                    lost.append(batch)
                    continue
                log.error("worker died on %s", batch.works[0].path)
                outcome = _lost_report(batch, out, str(outcome))
            elif isinstance(outcome, BaseException) and not isinstance(outcome, Exception):
                raise outcome  # Ctrl-C reached the workers too: stop, commit nothing more
            elif not isinstance(outcome, BatchReport):
                log.error("batch %s raised %r", batch.name, outcome)
                ledger.discard_batch(batch.name)
                outcome = _error_report(batch, out, outcome)
            ledger.commit(outcome)
            _count(summary, outcome)
            _stop_if_hopeless(summary)
            summary.seconds = time.perf_counter() - began
            if progress:
                progress(
                    ProgressUpdate(
                        total,
                        summary.seen,
                        summary.processed,
                        summary.words,
                        summary.failed,
                        summary.seconds,
                    )  # fmt: skip
                )
        if not lost:
            break
        pending = [Batch(f"{b.name}-s{i:03d}", (w,)) for b in lost for i, w in enumerate(b.works)]
    summary.seconds = time.perf_counter() - began


#: A run whose first this-many works all fail alike is misconfigured, not unlucky.
FAIL_FAST_AFTER = 20


def _stop_if_hopeless(summary: CorpusSummary) -> None:
    # A missing model or a broken stage fails every work the same way; better to
    # stop in seconds than to record a week of identical failures.
    errors = {error for _, error in summary.failures}
    if summary.ok == 0 and summary.failed >= FAIL_FAST_AFTER and len(errors) == 1:
        raise CorpusError(Errors.E311.format(count=summary.failed, error=errors.pop()))


def _count(summary: CorpusSummary, report: BatchReport) -> None:
    if report.pid:
        peak = summary.peak_rss_mb.get(report.pid, 0.0)
        summary.peak_rss_mb[report.pid] = max(peak, report.max_rss_mb)
    for work in report.works:
        if work.status == "ok":
            summary.words += work.words  # words analysed: the rate that scales
            summary.ok += 1
        elif work.status == "skipped":
            summary.skipped += 1
        else:
            summary.failed += 1
            if len(summary.failures) < 20:
                summary.failures.append((work.path, work.error or ""))
        if work.status != "ok":
            log.warning("%s %s: %s", work.status, work.path, work.error)


__all__ = ["CorpusSummary", "ProgressUpdate", "run_corpus"]
