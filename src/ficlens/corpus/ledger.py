"""The journal that makes a corpus run resumable: nothing lost, nothing twice.

``OUT/done.jsonl`` is append-only; each line is fsynced before the run goes on.

* ``{"op": "batch", "batch": NAME, "parts": [...], "works": [[id, status], ...]}``
  commits a batch whose part files are already in place (workers write them
  atomically before the driver journals them).
* ``{"op": "drop", "parts": [...], "works": [...]}`` (``--retry-failed``) takes
  failed works out of the tables so they run again.

The journal is the truth. On opening, a torn last line (a kill during the write)
is cut off, and every part file the journal does not hold (a batch killed after
its worker wrote but before the driver journaled) is deleted. So the tables
always hold exactly the committed works, each once, whenever the run stopped.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from ficlens.corpus.tables import SCHEMA_PART
from ficlens.corpus.work import BatchReport, part_names
from ficlens.errors import CorpusError, Errors

log = logging.getLogger("ficlens.corpus")

JOURNAL = "done.jsonl"
LOCK = ".lock"


class Ledger:
    """The committed state of an output folder, held while a run writes to it."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = out_dir / JOURNAL
        #: work id -> status, for every work in the tables.
        self.done: dict[str, str] = {}
        #: part path (relative to out_dir) -> ids of the works it holds.
        self.parts: dict[str, list[str]] = {}
        self._lock = self._take_lock()
        self._load()
        self._journal: IO[str] = self.path.open("a", encoding="utf-8")

    def _take_lock(self) -> IO[str]:
        # flock dies with the process, so a kill -9 never leaves a stale lock.
        lock = (self.out_dir / LOCK).open("w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            lock.close()
            raise CorpusError(Errors.E306.format(path=self.out_dir)) from exc
        return lock

    def _load(self) -> None:
        if not self.path.exists():
            return
        good = 0  # byte offset after the last complete line
        with self.path.open("rb") as f:
            for line in f:
                if not line.endswith(b"\n"):
                    break
                try:
                    record = json.loads(line)
                except ValueError:
                    break
                self._apply(record)
                good += len(line)
        if good < self.path.stat().st_size:
            log.warning("cutting a torn record off the end of %s", self.path)
            os.truncate(self.path, good)

    def _apply(self, record: dict) -> None:  # type: ignore[type-arg]
        if record.get("op") == "batch":
            ids = [work_id for work_id, _ in record["works"]]
            for part in record["parts"]:
                self.parts[part] = ids
            self.done.update((work_id, status) for work_id, status in record["works"])
        elif record.get("op") == "drop":
            for part in record["parts"]:
                self.parts.pop(part, None)
            for work_id in record["works"]:
                self.done.pop(work_id, None)

    def _append(self, record: dict) -> None:  # type: ignore[type-arg]
        self._journal.write(json.dumps(record, separators=(",", ":")) + "\n")
        self._journal.flush()
        os.fsync(self._journal.fileno())
        self._apply(record)

    def commit(self, report: BatchReport) -> None:
        """Record a finished batch: from now on its works are in the tables."""
        works = [[w.id, w.status] for w in report.works]
        self._append({"op": "batch", "batch": report.batch, "parts": report.parts, "works": works})

    def drop_unsuccessful(self) -> int:
        """Take failed and skipped works out of the tables (``--retry-failed``)."""
        retry = {work_id for work_id, status in self.done.items() if status != "ok"}
        if not retry:
            return 0
        # Failed works only ever sit in the batches' "-failed" works parts.
        parts = [p for p, ids in self.parts.items() if p.endswith("-failed.parquet")]
        self._append({"op": "drop", "parts": parts, "works": sorted(retry)})
        self.collect_garbage()
        return len(retry)

    def discard_batch(self, batch: str) -> None:
        """Delete any parts an uncommitted batch left behind (its worker died)."""
        for name in part_names(batch):
            for part in self.out_dir.glob(f"*/{name}"):
                if f"{part.parent.name}/{name}" not in self.parts:
                    part.unlink(missing_ok=True)

    def collect_garbage(self, tables: Iterable[str] | None = None) -> int:
        """Delete part and temporary files the journal does not hold."""
        removed = 0
        folders = [self.out_dir / t for t in tables] if tables else self.out_dir.iterdir()
        for folder in folders:
            if not folder.is_dir():
                continue
            for path in folder.iterdir():
                rel = f"{folder.name}/{path.name}"
                stray_part = path.name.startswith("part-") and path.name != SCHEMA_PART
                if path.name.endswith(".tmp") or (stray_part and rel not in self.parts):
                    path.unlink(missing_ok=True)
                    removed += 1
        if removed:
            log.info("removed %d uncommitted part files", removed)
        return removed

    def close(self) -> None:
        self._journal.close()
        self._lock.close()
