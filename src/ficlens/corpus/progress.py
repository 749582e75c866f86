"""A progress bar for corpus runs (rich, on stderr): works/s, words/s, ETA, failures.

The library never prints: ``run_corpus`` only calls a progress callback, and the
CLI passes a ``ProgressBar`` as that callback.
"""

from __future__ import annotations

import sys
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ficlens.corpus.run import ProgressUpdate


class ProgressBar:
    """Use as a context manager; call with each ``ProgressUpdate``."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._progress = Progress(
            TextColumn("[bold]corpus"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rates]}"),
            TimeRemainingColumn(),
            TextColumn("[red]{task.fields[failed]}"),
            console=Console(file=stream or sys.stderr),
            transient=False,
        )
        self._task = self._progress.add_task("corpus", total=None, rates="", failed="")

    def __enter__(self) -> ProgressBar:
        return self  # the bar appears with the first update, not before a startup error

    def __exit__(self, *exc: object) -> None:
        if self._progress.live.is_started:
            self._progress.stop()

    def __call__(self, update: ProgressUpdate) -> None:
        if not self._progress.live.is_started:
            self._progress.start()
        elapsed = update.elapsed or 1e-9
        rates = f"{update.processed / elapsed:.2f} works/s {update.words / elapsed:,.0f} words/s"
        failed = f"{update.failed} failed" if update.failed else ""
        self._progress.update(
            self._task, total=update.total, completed=update.seen, rates=rates, failed=failed
        )
