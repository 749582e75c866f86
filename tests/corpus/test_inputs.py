from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.corpus.inputs import check_inputs, hash_file, iter_inputs
from ficlens.errors import CorpusError


def _touch(path: Path, text: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_inputs_folder_is_walked_recursively_for_story_files(tmp_path: Path) -> None:
    _touch(tmp_path / "b" / "two.html")
    _touch(tmp_path / "a.txt")
    _touch(tmp_path / "notes.json")
    _touch(tmp_path / ".hidden" / "three.txt")
    _touch(tmp_path / "b" / ".four.txt")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_inputs([str(tmp_path)])]
    assert found == ["a.txt", "b/two.html"]


def test_inputs_at_list_file_resolves_relative_paths_and_keeps_missing(tmp_path: Path) -> None:
    _touch(tmp_path / "s" / "one.txt")
    listing = _touch(tmp_path / "list.txt", "# my corpus\ns/one.txt\n\n/nowhere/gone.txt\n")
    found = list(iter_inputs([f"@{listing}"]))
    assert found == [tmp_path / "s" / "one.txt", Path("/nowhere/gone.txt")]


def test_inputs_txt_file_without_at_is_a_story_not_a_list(tmp_path: Path) -> None:
    story = _touch(tmp_path / "list.txt", "a.txt\n")
    assert list(iter_inputs([str(story)])) == [story]


def test_inputs_glob_matches_sorted(tmp_path: Path) -> None:
    _touch(tmp_path / "x" / "2.md")
    _touch(tmp_path / "x" / "1.md")
    _touch(tmp_path / "x" / "3.txt")
    found = list(iter_inputs([str(tmp_path / "**" / "*.md")]))
    assert found == [tmp_path / "x" / "1.md", tmp_path / "x" / "2.md"]


def test_inputs_unknown_spec_fails_before_the_run(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no such input"):
        check_inputs([str(tmp_path / "nope"), "*.nothing-matches"])
    with pytest.raises(CorpusError, match="list file"):
        check_inputs([f"@{tmp_path / 'missing.txt'}"])


def test_inputs_hash_file_is_content_sha256(tmp_path: Path) -> None:
    one = _touch(tmp_path / "one.txt", "same")
    two = _touch(tmp_path / "two.txt", "same")
    assert hash_file(one) == hash_file(two)
    assert hash_file(one).startswith("0967115f")
