"""Turn the INPUT arguments of a corpus run into a stream of story paths.

Each INPUT is, checked in this order:

* ``@LIST`` -- a text file listing one path per line (blank lines and lines
  starting with ``#`` are skipped; relative paths are relative to the list file);
* a folder -- every story file under it, recursively (hidden files and folders
  skipped), in sorted order;
* a file -- that file, whatever its extension (a ``.txt`` file is a story, never a
  list: lists always take the ``@``);
* a glob (``stories/**/*.html``) -- the files it matches, sorted.

Paths are yielded one at a time and never collected, so a corpus of millions of
works costs the memory of one folder listing at a time.
"""

from __future__ import annotations

import glob
import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ficlens.errors import CorpusError, Errors

#: Extensions a folder walk picks up (readers exist for each).
STORY_EXTENSIONS = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".epub"})

_GLOB_CHARS = frozenset("*?[")


def _is_glob(spec: str) -> bool:
    return any(c in spec for c in _GLOB_CHARS)


def check_inputs(specs: Iterable[str]) -> None:
    """Fail before a long run starts if an INPUT names nothing at all."""
    for spec in specs:
        if spec.startswith("@"):
            if not Path(spec[1:]).is_file():
                raise CorpusError(Errors.E301.format(path=spec[1:], reason="no such file"))
        elif Path(spec).exists():
            continue
        elif not (_is_glob(spec) and next(glob.iglob(spec, recursive=True), None)):
            raise CorpusError(Errors.E300.format(spec=spec))


def _walk(folder: Path) -> Iterator[Path]:
    # os.walk lists one folder at a time; sorting each level keeps runs reproducible.
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in STORY_EXTENSIONS:
                yield Path(root) / name


def _read_list(list_file: Path) -> Iterator[Path]:
    try:
        with list_file.open(encoding="utf-8") as lines:
            for line in lines:
                entry = line.strip()
                if entry and not entry.startswith("#"):
                    path = Path(entry)
                    yield path if path.is_absolute() else list_file.parent / path
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(Errors.E301.format(path=str(list_file), reason=exc)) from exc


def iter_inputs(specs: Iterable[str]) -> Iterator[Path]:
    """Every story path the INPUT arguments name, streamed.

    A path in a list file that does not exist is still yielded: the run records
    it as a failed work rather than silently dropping it.
    """
    for spec in specs:
        if spec.startswith("@"):
            yield from _read_list(Path(spec[1:]))
            continue
        path = Path(spec)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield path
        elif _is_glob(spec):
            for match in sorted(glob.iglob(spec, recursive=True)):
                found = Path(match)
                if found.is_dir():
                    yield from _walk(found)
                else:
                    yield found
        else:
            raise CorpusError(Errors.E300.format(spec=spec))


def hash_file(path: Path, chunk: int = 1 << 20) -> str:
    """The sha256 of a file's bytes, read in chunks (a work's identity)."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(chunk):
            digest.update(block)
    return digest.hexdigest()
