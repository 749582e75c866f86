from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from ficlens.corpus.tables import SCHEMAS, ensure_tables, story_rows, write_part

DOC = {
    "text": 'Ada waved. "Hi," said Ada to Bo.',
    "characters": [
        {"id": "c0", "name": "Ada", "aliases": ["Addie"], "gender": "she", "mentions": 2,
         "quotes": 1, "first_appearance": 0, "kind": "named"},
        {"id": "c1", "name": "Bo", "aliases": [], "gender": None, "mentions": 1, "quotes": 0,
         "first_appearance": 30, "kind": "named"},
    ],
    "quotes": [
        {"id": "q0", "start": 11, "end": 16, "text": '"Hi,"', "speaker": "c0",
         "speaker_confidence": 0.9, "addressees": ["c1"], "type": "explicit"},
    ],
    "mentions": [{"start": 0, "end": 3, "character": "c0", "kind": "proper"}],
    "insights": {
        "network": {"edges": [{"source": "c0", "target": "c1", "speech": 1, "cooccurrence": 1,
                               "scenes": 1, "action": 0, "weight": 1.5}]},
        "tags": {"pairs": [{"a": "c0", "b": "c1"}],
                 "characters": [{"tag": "Ada", "kind": "character", "score": 0.9,
                                 "evidence": [{"start": 0, "end": 3}], "status": None}],
                 "freeform": [{"tag": "waving", "kind": "freeform", "score": 0.4,
                               "evidence": [], "status": "new"}]},
    },
}  # fmt: skip


def test_tables_story_rows_resolve_names_and_flatten_insights() -> None:
    rows = story_rows("w1", DOC, mentions=True)
    quote = rows["quotes"][0]
    assert (quote["speaker_name"], quote["addressee_names"], quote["confidence"]) == (
        "Ada", ["Bo"], 0.9,
    )  # fmt: skip
    edge = rows["interactions"][0]
    assert (edge["source_name"], edge["target_name"], edge["weight"]) == ("Ada", "Bo", 1.5)
    assert [(t["tag"], t["kind"]) for t in rows["tags"]] == [
        ("Ada", "character"),
        ("waving", "freeform"),
    ]
    assert rows["mentions"][0]["text"] == "Ada"
    assert "mentions" not in story_rows("w1", DOC, mentions=False)


def test_tables_parts_match_schema_and_read_as_one_table(tmp_path: Path) -> None:
    ensure_tables(tmp_path, SCHEMAS)
    rows = story_rows("w1", DOC, mentions=True)
    for table, table_rows in rows.items():
        write_part(tmp_path, table, "part-b1.parquet", table_rows)
    assert pq.read_table(tmp_path / "quotes").schema == SCHEMAS["quotes"]
    got = duckdb.sql(
        f"SELECT speaker_name, count(*) FROM '{tmp_path}/quotes/*.parquet' GROUP BY 1"
    ).fetchall()
    assert got == [("Ada", 1)]
    assert not list(tmp_path.rglob("*.tmp"))
    # An empty table still answers a query (its schema part).
    empty = duckdb.sql(f"SELECT count(*) FROM '{tmp_path}/works/*.parquet'").fetchall()
    assert empty == [(0,)]
    pandas = pytest.importorskip("pandas")
    assert pandas.read_parquet(tmp_path / "quotes")["speaker_name"].tolist() == ["Ada"]
