"""Small generated corpora for the corpus-mode tests, and a table reader.

(Not named conftest.py: several test folders have one, and ``from conftest import``
would pick whichever was imported first.)"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from ficlens.pipeline import STAGE_MODULES

#: Stages without a language model, so corpus tests stay fast.
CHEAP_STAGES = tuple(
    name for name in ("structure", "quotes") if importlib.util.find_spec(STAGE_MODULES[name])
)

_NAMES = ["Mira", "Tobin", "Ilse", "Corwin", "Anouk", "Pell", "Sana", "Judd"]


def story_text(n: int) -> str:
    """A short two-hander, different for every n."""
    a, b = _NAMES[n % len(_NAMES)], _NAMES[(n * 3 + 1) % len(_NAMES)]
    return (
        f"Chapter 1: The {n}th crossing\n\n"
        f'"Is the ferry late again?" {a} asked, stamping the cold out of her boots.\n\n'
        f'{b} shrugged. "It was late on day {n}, and it will be late tomorrow."\n\n'
        f'"Then we walk," {a} said. "{b}, bring the lantern."\n\n'
        f"They walked until the river bent {n + 2} times and the lights of the town came up.\n"
    )


def make_corpus(root: Path, works: int = 8, broken: bool = True) -> Path:
    """``works`` good stories in nested folders, plus broken files when asked."""
    folder = root / "corpus"
    for n in range(works):
        sub = folder / f"shelf{n % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"story{n:03d}.txt").write_text(story_text(n), encoding="utf-8")
    if broken:
        (folder / "empty.txt").write_bytes(b"")
        (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
        (folder / "broken.epub").write_bytes(b"PK\x03\x04 this is not a zip archive")
        (folder / "copy.txt").write_text(story_text(0), encoding="utf-8")  # a duplicate
    return folder


def read_table(out: Path, table: str) -> list[dict[str, Any]]:
    """A table's rows, sorted, without the timing column that differs run to run."""
    rows = pq.read_table(out / table).to_pylist()
    for row in rows:
        row.pop("seconds", None)
    return sorted(rows, key=repr)


def all_tables(out: Path) -> dict[str, list[dict[str, Any]]]:
    return {
        t.name: read_table(out, t.name) for t in out.iterdir() if t.is_dir() and t.name != "json"
    }
