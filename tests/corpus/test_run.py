"""run_corpus in this process (SerialExecutor): tables, failures, resume, retry."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from corpus_stories import CHEAP_STAGES, all_tables, make_corpus, read_table

from ficlens.corpus import ProgressUpdate, SerialExecutor, run_corpus
from ficlens.corpus.ledger import JOURNAL, Ledger
from ficlens.errors import CorpusError
from ficlens.readers import read_story

BROKEN = {"empty.txt", "picture.txt", "broken.epub"}


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return make_corpus(tmp_path)


def _unreadable(corpus: Path) -> set[str]:
    """The broken files the readers refuse (the readers decide; the corpus records)."""
    refused = set()
    for name in BROKEN:
        try:
            read_story(corpus / name)
        except Exception:
            refused.add(name)
    return refused


def _run(corpus: Path | str, out: Path, **kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("stages", CHEAP_STAGES)
    return run_corpus([str(corpus)], out, executor=SerialExecutor(), batch_works=3, **kwargs)


def test_run_tables_hold_every_work_once_with_failures_recorded(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    summary = _run(corpus, out)
    works = read_table(out, "works")
    names = sorted(Path(w["path"]).name for w in works)
    # The duplicate (copy.txt, same bytes as story000.txt) is one work, listed once.
    assert len(works) == len({w["id"] for w in works}) == 11
    assert ("copy.txt" in names) != ("story000.txt" in names) and summary.duplicates == 1
    by_name = {Path(w["path"]).name: w for w in works}
    unreadable = _unreadable(corpus)
    assert "picture.txt" in unreadable
    for name in unreadable:
        assert by_name[name]["status"] == "failed", name
        assert by_name[name]["error"]
    good = [w for w in works if Path(w["path"]).name not in BROKEN]
    assert all(w["status"] == "ok" and w["words"] > 30 and w["error"] is None for w in good)
    assert (summary.ok, summary.failed) == (11 - len(unreadable), len(unreadable))
    # Readable at once by DuckDB and pyarrow, as one table per folder.
    count = duckdb.sql(f"SELECT count(*) FROM '{out}/works/*.parquet'").fetchall()
    assert count == [(11,)]
    assert pq.read_table(out / "works").num_rows == 11
    log = (out / "ficlens-corpus.log").read_text(encoding="utf-8")
    assert all(f"failed {corpus / name}:" in log for name in unreadable)


@pytest.mark.skipif("quotes" not in CHEAP_STAGES, reason="the quotes stage is not written yet")
def test_run_quotes_table_has_one_row_per_quote(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(corpus, out, json=True)
    quotes = read_table(out, "quotes")
    ok = [w for w in read_table(out, "works") if w["status"] == "ok"]
    assert len(quotes) == sum(w["quotes"] for w in ok) > 0
    doc = json.loads((out / "json" / f"{ok[0]['id']}.json").read_text(encoding="utf-8"))
    assert doc["schema"] == "ficlens/1"
    assert len(doc["quotes"]) == ok[0]["quotes"]


def test_run_rerun_skips_done_works_and_changes_nothing(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(corpus, out)
    before = all_tables(out)
    summary = _run(corpus, out)
    assert summary.processed == 0 and summary.already_done == 12
    assert all_tables(out) == before


def test_run_retry_failed_replaces_failed_rows(corpus: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    monkeypatch.setenv("FICLENS_CORPUS_SLOW", "0.3")
    first = _run(corpus, out, timeout=0.05)
    assert first.failed == 11
    assert {w["error"] for w in read_table(out, "works")} == {"timed out after 0.05 s (--timeout)"}
    monkeypatch.delenv("FICLENS_CORPUS_SLOW")
    again = _run(corpus, out, timeout=0.05)
    assert again.processed == 0  # failures count as done until --retry-failed
    retry = _run(corpus, out, timeout=5, retry_failed=True)
    good = 11 - len(_unreadable(corpus))
    assert retry.retried == 11 and retry.ok == good
    works = read_table(out, "works")
    assert len(works) == len({w["id"] for w in works}) == 11
    assert sum(w["status"] == "ok" for w in works) == good


def test_run_max_words_skips_with_reason(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = _run(corpus, out, max_words=10)
    assert summary.skipped == 8
    skipped = [w for w in read_table(out, "works") if w["status"] == "skipped"]
    assert len(skipped) == 8
    assert all("over the --max-words limit of 10" in w["error"] for w in skipped)


def test_run_mentions_table_only_when_asked(corpus: Path, tmp_path: Path) -> None:
    _run(corpus, tmp_path / "plain")
    _run(corpus, tmp_path / "full", mentions=True)
    assert not (tmp_path / "plain" / "mentions").exists()
    assert pq.read_table(tmp_path / "full" / "mentions").schema.names[:3] == [
        "work_id",
        "start",
        "end",
    ]


def test_run_refuses_other_settings_and_foreign_folders(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(corpus, out)
    with pytest.raises(CorpusError, match="mentions"):
        _run(corpus, out, mentions=True)
    foreign = tmp_path / "home"
    (foreign / "works").mkdir(parents=True)
    (foreign / "works" / "part-mine.parquet").write_bytes(b"precious")
    with pytest.raises(CorpusError, match="not a ficlens corpus folder"):
        _run(corpus, foreign)
    assert (foreign / "works" / "part-mine.parquet").read_bytes() == b"precious"


def test_run_ledger_cuts_torn_line_and_drops_uncommitted_parts(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _run(corpus, out)
    before = all_tables(out)
    # What a kill -9 can leave: half a journal line, a part no line names, a temp file.
    with (out / JOURNAL).open("a", encoding="utf-8") as journal:
        journal.write('{"op":"batch","batch":"x","parts":["works/part-x.parq')
    (out / "works" / "part-x.parquet").write_bytes(
        (out / "works" / "part-schema.parquet").read_bytes()
    )
    (out / "quotes" / ".part-y.parquet.123.tmp").write_bytes(b"half")
    ledger = Ledger(out)
    try:
        assert ledger.collect_garbage() == 2
    finally:
        ledger.close()
    assert (out / JOURNAL).read_text(encoding="utf-8").endswith("\n")
    assert all_tables(out) == before
    assert _run(corpus, out).processed == 0


def test_run_second_run_on_same_folder_is_refused(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(corpus, out)
    holder = Ledger(out)
    try:
        with pytest.raises(CorpusError, match="another ficlens corpus run"):
            _run(corpus, out)
    finally:
        holder.close()


def test_run_stops_early_when_every_work_fails_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = make_corpus(tmp_path, works=30, broken=False)
    out = tmp_path / "out"
    monkeypatch.setenv("FICLENS_CORPUS_SLOW", "1")
    with pytest.raises(CorpusError, match="first 21 works all failed .* timed out"):
        _run(corpus, out, timeout=0.02)  # a limit no work can meet
    monkeypatch.delenv("FICLENS_CORPUS_SLOW")
    summary = _run(corpus, out, timeout=5, retry_failed=True)
    assert (summary.retried, summary.ok, summary.failed) == (21, 30, 0)
    assert len(read_table(out, "works")) == 30


def test_run_progress_reports_every_batch_up_to_the_total(corpus: Path, tmp_path: Path) -> None:
    from io import StringIO

    from ficlens.corpus.progress import ProgressBar

    updates: list[ProgressUpdate] = []
    stream = StringIO()
    with ProgressBar(stream) as bar:

        def both(update: ProgressUpdate) -> None:
            updates.append(update)
            bar(update)

        _run(corpus, tmp_path / "out", progress=both)
    assert len(updates) == 4  # 11 works in batches of 3
    assert [u.processed for u in updates] == [3, 6, 9, 11]
    assert updates[-1].total == updates[-1].seen == 12
    assert updates[-1].failed == len(_unreadable(corpus))
    assert "words/s" in stream.getvalue() and "12/12" in stream.getvalue()
