"""``ficlens corpus`` on the command line, and the full default pipeline on two works."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from corpus_stories import CHEAP_STAGES, make_corpus, read_table

from ficlens.cli.main import main
from ficlens.corpus import SerialExecutor, run_corpus
from ficlens.pipeline import DEFAULT_STAGES, STAGE_MODULES


def test_cli_corpus_writes_tables_and_resumes(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    corpus = make_corpus(tmp_path, works=3, broken=False)
    out = tmp_path / "out"
    argv = ["corpus", str(corpus), "-o", str(out), "--workers", "1"]
    argv += ["--stages", ",".join(CHEAP_STAGES), "--json"]
    assert main(argv) == 0
    assert "3 ok, 0 failed" in capsys.readouterr().err
    assert len(list((out / "json").glob("*.json"))) == 3
    assert main([*argv, "--quiet"]) == 0
    assert capsys.readouterr().err == ""
    assert len(read_table(out, "works")) == 3


def test_cli_corpus_reports_a_bad_input_in_one_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["corpus", str(tmp_path / "nothing"), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ficlens: error: no such input") and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


_MISSING = [s for s in DEFAULT_STAGES if not importlib.util.find_spec(STAGE_MODULES[s])]


@pytest.mark.slow
@pytest.mark.skipif(bool(_MISSING), reason=f"stages not written yet: {_MISSING}")
def test_cli_corpus_full_pipeline_on_two_works(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, works=2, broken=False)
    out = tmp_path / "out"
    summary = run_corpus([str(corpus)], out, executor=SerialExecutor(), mentions=True, json=True)
    assert (summary.ok, summary.failed) == (2, 0), summary.failures
    quotes = read_table(out, "quotes")
    assert any(q["speaker_name"] for q in quotes)
    # Every table agrees with the works' ficlens/1 documents, row for row.
    for work in read_table(out, "works"):
        doc = json.loads((out / "json" / f"{work['id']}.json").read_text(encoding="utf-8"))
        mine = {t: [r for r in read_table(out, t) if r["work_id"] == work["id"]] for t in (
            "quotes", "characters", "mentions", "interactions", "tags")}  # fmt: skip
        assert len(mine["quotes"]) == len(doc["quotes"]) == work["quotes"] >= 3
        assert len(mine["characters"]) == len(doc["characters"]) == work["characters"]
        assert len(mine["mentions"]) == len(doc["mentions"])
        assert len(mine["interactions"]) == len(doc["insights"]["network"]["edges"])
        tags = doc["insights"]["tags"]
        assert len(mine["tags"]) == sum(len(v) for k, v in tags.items() if k != "pairs")


def test_cli_corpus_without_dask_names_the_extra(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # as if not installed
    corpus = make_corpus(tmp_path, works=1, broken=False)
    argv = ["corpus", str(corpus), "-o", str(tmp_path / "out"), "--dask-local", "-q"]
    assert main([*argv, "--stages", ",".join(CHEAP_STAGES)]) == 2
    assert "pip install 'ficlens[dask]'" in capsys.readouterr().err
