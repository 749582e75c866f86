"""Where the batches of a corpus run execute: behind one tiny interface.

``Executor.map_unordered(fn, items)`` yields ``(item, result)`` pairs as they
finish, where ``result`` is ``fn(item)`` or the exception it raised. A result that
is a ``WorkerLost`` means ``item`` killed the process running it (a segfault, the
out-of-memory killer, ``os._exit``); it is never blamed on a bystander.

* ``SerialExecutor`` runs everything in this process, in order: the in-process
  fake for tests (httpx's ``MockTransport``), and handy under a debugger.
* ``LocalExecutor`` is a process pool on this machine (the default).
* ``DaskExecutor`` sends the items to a Dask distributed cluster, or to a
  ``LocalCluster`` it starts for trying it out.

Each keeps a bounded number of items in flight, so the item stream is never
drawn into memory.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from ficlens.errors import CorpusError, Errors, MissingExtraError

T = TypeVar("T")
R = TypeVar("R")

log = logging.getLogger("ficlens.corpus")


class WorkerLost(Exception):
    """The process running an item died; the item alone was running in it."""


class Executor:
    """Runs ``fn`` over a stream of items, a bounded number at a time."""

    #: How many workers run at once (used to size batches and report).
    workers: int = 1

    def map_unordered(
        self, fn: Callable[[T], R], items: Iterable[T]
    ) -> Iterator[tuple[T, R | BaseException]]:
        raise NotImplementedError

    def close(self) -> None:
        """Release the workers."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SerialExecutor(Executor):
    """Runs each item in this process, one after another (tests, debugging)."""

    def map_unordered(
        self, fn: Callable[[T], R], items: Iterable[T]
    ) -> Iterator[tuple[T, R | BaseException]]:
        for item in items:
            try:
                yield item, fn(item)
            except Exception as exc:  # the caller records it; the run goes on
                yield item, exc


class LocalExecutor(Executor):
    """A pool of worker processes on this machine.

    Workers are started with ``spawn`` (no inherited threads or locks) and run
    ``initializer`` once (to load the spaCy model once per process). After
    ``recycle_after`` items the pool drains and starts fresh workers, so slow leaks
    (spaCy's string store grows with every new word) stay bounded. Not through
    ``max_tasks_per_child``: it deadlocks the pool on Python 3.11-3.14
    (CPython issue gh-115634).

    When a worker dies, ``concurrent.futures`` fails every item in flight. Those
    are then re-run one at a time in a fresh pool: one that kills its worker again
    alone is reported as ``WorkerLost``; the bystanders get their real results.
    """

    def __init__(
        self,
        workers: int,
        *,
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
        max_in_flight: int | None = None,
        recycle_after: int | None = 500,
    ) -> None:
        if workers < 1:
            raise CorpusError(Errors.E308.format(workers=workers))
        self.workers = workers
        self.max_in_flight = max_in_flight or 2 * workers
        self._pool_args: dict[str, Any] = {
            "max_workers": workers,
            "mp_context": multiprocessing.get_context("spawn"),
            "initializer": initializer,
            "initargs": initargs,
        }
        self.recycle_after = recycle_after
        self._submitted = 0  # items given to the current pool
        self._pool = cf.ProcessPoolExecutor(**self._pool_args)

    def _replace_pool(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = cf.ProcessPoolExecutor(**self._pool_args)
        self._submitted = 0

    def _recycle_due(self) -> bool:
        return self.recycle_after is not None and self._submitted >= self.recycle_after

    def _run_alone(self, fn: Callable[[T], R], item: T) -> R | BaseException:
        try:
            return self._pool.submit(fn, item).result()
        except BrokenProcessPool:
            log.warning("a worker died on its own item; replacing the pool")
            self._replace_pool()
            return WorkerLost(
                "the process exited abruptly: a crash, the out-of-memory killer "
                "or the --timeout watchdog"
            )
        except Exception as exc:
            return exc

    def map_unordered(
        self, fn: Callable[[T], R], items: Iterable[T]
    ) -> Iterator[tuple[T, R | BaseException]]:
        source = iter(items)
        in_flight: dict[cf.Future[R], T] = {}
        suspects: deque[T] = deque()
        exhausted = False
        while True:
            while suspects and not in_flight:
                item = suspects.popleft()
                yield item, self._run_alone(fn, item)
            if not in_flight and self._recycle_due():
                log.info("starting fresh workers after %d items", self._submitted)
                self._replace_pool()
            while not exhausted and len(in_flight) < self.max_in_flight and not self._recycle_due():
                try:
                    item = next(source)
                except StopIteration:
                    exhausted = True
                    break
                in_flight[self._pool.submit(fn, item)] = item
                self._submitted += 1
            if not in_flight:
                if exhausted and not suspects:
                    return
                continue
            done, _ = cf.wait(in_flight, return_when=cf.FIRST_COMPLETED)
            broken = any(isinstance(f.exception(), BrokenProcessPool) for f in done)
            if broken:
                # Every item in flight failed with the pool; keep the real results of
                # those that finished and re-run the rest alone to find the culprit.
                cf.wait(in_flight)
                done = set(in_flight)
            for future in done:
                item = in_flight.pop(future)
                exc = future.exception()
                if isinstance(exc, BrokenProcessPool):
                    suspects.append(item)
                else:
                    yield item, (exc if exc is not None else future.result())
            if broken:
                log.warning("a worker died; re-running %d items one at a time", len(suspects))
                self._replace_pool()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor(Executor):
    """Items run as tasks on a Dask distributed cluster.

    ``address`` names a running scheduler (``tcp://host:8786``); without it a
    ``LocalCluster`` of ``workers`` single-threaded worker processes is started
    (``processes=False`` runs them as threads here, for tests). Dask retries a
    task whose worker died on another worker and gives up with ``KilledWorker``
    once it has killed several; that is reported as ``WorkerLost``.
    """

    def __init__(
        self,
        address: str | None = None,
        *,
        workers: int = 2,
        processes: bool = True,
        max_in_flight: int | None = None,
    ) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:
            raise MissingExtraError("Dask", "dask") from exc
        self._cluster: Any = None
        if address:
            try:
                self._client = Client(address, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise CorpusError(Errors.E307.format(address=address, reason=exc)) from exc
        else:
            self._cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=processes,
                dashboard_address=None,
                silence_logs=logging.CRITICAL,  # failures are rows in `works`, not noise
            )
            self._client = Client(self._cluster)
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})) or workers)
        self.max_in_flight = max_in_flight or 2 * self.workers

    def map_unordered(
        self, fn: Callable[[T], R], items: Iterable[T]
    ) -> Iterator[tuple[T, R | BaseException]]:
        from dask.distributed import as_completed
        from distributed.scheduler import KilledWorker

        source = iter(items)
        in_flight: dict[Any, T] = {}  # by Dask task key
        pending = as_completed()

        def submit_next() -> None:
            for item in source:
                future = self._client.submit(fn, item, pure=False)
                in_flight[future.key] = item
                pending.add(future)
                return

        for _ in range(self.max_in_flight):
            submit_next()
        for future in pending:
            item = in_flight.pop(future.key)
            try:
                outcome: R | BaseException = future.result()
            except KilledWorker as exc:
                # Dask's message goes on about logs and URLs; its first sentence says it.
                outcome = WorkerLost(str(exc).split(". ")[0])
            except Exception as exc:
                outcome = exc
            future.release()
            yield item, outcome
            submit_next()

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
