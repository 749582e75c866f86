"""The Parquet tables of a corpus run: their schemas, rows and part files.

Each table is a folder ``OUT/<table>/`` of part files that DuckDB, pandas and
pyarrow read as one table (``SELECT ... FROM 'OUT/quotes/*.parquet'``). A part
holds the rows of one batch of works and is named after the batch, so a batch that
runs twice (a retried Dask task) overwrites its own parts instead of adding rows.
Parts are written under a temporary name and renamed into place, so a reader or a
``kill -9`` never sees half a file. Every table also has an empty
``part-schema.parquet`` so that a query works before the first batch lands.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

_str = pa.string()
_int = pa.int64()
_float = pa.float64()
_strings = pa.list_(pa.string())

SCHEMAS: dict[str, pa.Schema] = {
    "works": pa.schema(
        [
            ("id", _str),
            ("path", _str),
            ("sha256", _str),
            ("format", _str),
            ("title", _str),
            ("words", _int),
            ("chapters", _int),
            ("characters", _int),
            ("quotes", _int),
            ("metadata", _str),
            ("status", _str),
            ("error", _str),
            ("seconds", _float),
        ]
    ),
    "characters": pa.schema(
        [
            ("work_id", _str),
            ("character_id", _str),
            ("name", _str),
            ("aliases", _strings),
            ("gender", _str),
            ("kind", _str),
            ("mentions", _int),
            ("quotes", _int),
            ("first_appearance", _int),
        ]
    ),
    "quotes": pa.schema(
        [
            ("work_id", _str),
            ("quote_id", _str),
            ("start", _int),
            ("end", _int),
            ("text", _str),
            ("speaker_id", _str),
            ("speaker_name", _str),
            ("addressees", _strings),
            ("addressee_names", _strings),
            ("type", _str),
            ("confidence", _float),
        ]
    ),
    "mentions": pa.schema(
        [
            ("work_id", _str),
            ("start", _int),
            ("end", _int),
            ("text", _str),
            ("kind", _str),
            ("character_id", _str),
        ]
    ),
    "interactions": pa.schema(
        [
            ("work_id", _str),
            ("source", _str),
            ("target", _str),
            ("source_name", _str),
            ("target_name", _str),
            ("speech", _int),
            ("cooccurrence", _int),
            ("scenes", _int),
            ("action", _int),
            ("weight", _float),
        ]
    ),
    "tags": pa.schema(
        [
            ("work_id", _str),
            ("tag", _str),
            ("kind", _str),
            ("score", _float),
            ("status", _str),
            ("evidence", _str),
        ]
    ),
}

#: Tables written by every run; ``mentions`` only with ``--mentions``.
TABLES = ("works", "characters", "quotes", "interactions", "tags")

SCHEMA_PART = "part-schema.parquet"


def works_row(
    work_id: str,
    path: str,
    sha256: str | None,
    *,
    status: str,
    seconds: float,
    error: str | None = None,
    document: Mapping[str, Any] | None = None,
    words: int | None = None,
) -> dict[str, Any]:
    """One row of ``works``; ``document`` is the work's ficlens/1 dict when read."""
    doc = document or {}
    metadata = doc.get("metadata")
    return {
        "id": work_id,
        "path": path,
        "sha256": sha256,
        "format": doc.get("format"),
        "title": (metadata or {}).get("title") or None,
        "words": words,
        "chapters": len(doc["chapters"]) if "chapters" in doc else None,
        "characters": len(doc["characters"]) if "characters" in doc else None,
        "quotes": len(doc["quotes"]) if "quotes" in doc else None,
        "metadata": json.dumps(metadata, ensure_ascii=False, default=str) if metadata else None,
        "status": status,
        "error": error,
        "seconds": round(seconds, 4),
    }


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _tag_suggestions(tags: Any) -> list[Mapping[str, Any]]:
    # The tags stage groups suggestions by kind: characters, relationships, freeform
    # ("pairs" holds its relationship readings, not tags).
    if not isinstance(tags, Mapping):
        return _dicts(tags)
    return [t for key, value in tags.items() if key != "pairs" for t in _dicts(value)]


def _int_or_none(value: Any) -> int | None:
    return int(value) if isinstance(value, (int, float)) else None


def _float_or_none(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def story_rows(
    work_id: str, document: Mapping[str, Any], *, mentions: bool
) -> dict[str, list[dict[str, Any]]]:
    """The rows a work adds to every table but ``works``, from its ficlens/1 dict."""
    names = {c["id"]: c["name"] for c in document.get("characters", [])}
    rows: dict[str, list[dict[str, Any]]] = {
        "characters": [
            {
                "work_id": work_id,
                "character_id": c["id"],
                "name": c["name"],
                "aliases": list(c.get("aliases", [])),
                "gender": c.get("gender"),
                "kind": c.get("kind"),
                "mentions": c.get("mentions"),
                "quotes": c.get("quotes"),
                "first_appearance": c.get("first_appearance"),
            }
            for c in document.get("characters", [])
        ],
        "quotes": [
            {
                "work_id": work_id,
                "quote_id": q["id"],
                "start": q["start"],
                "end": q["end"],
                "text": q["text"],
                "speaker_id": q.get("speaker"),
                "speaker_name": names.get(q.get("speaker")),
                "addressees": list(q.get("addressees", [])),
                "addressee_names": [names.get(a, a) for a in q.get("addressees", [])],
                "type": q.get("type"),
                "confidence": q.get("speaker_confidence"),
            }
            for q in document.get("quotes", [])
        ],
    }
    insights = document.get("insights") or {}
    network = insights.get("network")
    rows["interactions"] = [
        {
            "work_id": work_id,
            "source": str(e.get("source")),
            "target": str(e.get("target")),
            "source_name": names.get(e.get("source")),
            "target_name": names.get(e.get("target")),
            "speech": _int_or_none(e.get("speech")),
            "cooccurrence": _int_or_none(e.get("cooccurrence")),
            "scenes": _int_or_none(e.get("scenes")),
            "action": _int_or_none(e.get("action")),
            "weight": _float_or_none(e.get("weight")),
        }
        for e in _dicts(network.get("edges") if isinstance(network, Mapping) else None)
    ]
    rows["tags"] = [
        {
            "work_id": work_id,
            "tag": str(t.get("tag")),
            "kind": t.get("kind"),
            "score": _float_or_none(t.get("score")),
            "status": t.get("status"),
            "evidence": json.dumps(t["evidence"], ensure_ascii=False)
            if t.get("evidence")
            else None,
        }
        for t in _tag_suggestions(insights.get("tags"))
    ]
    if mentions:
        text = document.get("text", "")
        rows["mentions"] = [
            {
                "work_id": work_id,
                "start": m["start"],
                "end": m["end"],
                "text": text[m["start"] : m["end"]],
                "kind": m.get("kind"),
                "character_id": m.get("character"),
            }
            for m in document.get("mentions", [])
        ]
    return rows


def write_atomic(path: Path, write: Any) -> None:
    """Call ``write(tmp_path)``, flush it to disk, then rename it to ``path``."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write(tmp)
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def write_part(out_dir: Path, table: str, name: str, rows: list[dict[str, Any]]) -> str:
    """Write ``rows`` as ``OUT/<table>/<name>``; returns the path relative to OUT."""
    path = out_dir / table / name
    arrow = pa.Table.from_pylist(rows, schema=SCHEMAS[table])
    write_atomic(path, lambda tmp: pq.write_table(arrow, tmp))
    return f"{table}/{name}"


def ensure_tables(out_dir: Path, tables: Iterable[str]) -> None:
    """Create each table's folder with an empty schema part, so queries work at once."""
    for table in tables:
        (out_dir / table).mkdir(parents=True, exist_ok=True)
        if not (out_dir / table / SCHEMA_PART).exists():
            write_part(out_dir, table, SCHEMA_PART, [])
