"""``ficlens check``: linter lines and exit codes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from insight_stories import rivals

from ficlens.check import CheckReport, report_for
from ficlens.cli import check as check_cli
from ficlens.cli.main import main
from ficlens.pipeline import Options
from ficlens.stages.clarity import STAGE


def test_check_report_lines_look_like_a_linter() -> None:
    story = STAGE.run(rivals(), Options())
    lines = report_for(story, "rivals.txt").lines()
    assert len(lines) == 7
    assert lines[0].startswith("rivals.txt:9:33: 'he' could be ")
    assert lines[0].endswith("[ambiguous-pronoun]")
    assert all(line.split(":")[1].isdigit() and line.split(":")[2].isdigit() for line in lines)


@pytest.mark.parametrize(
    ("findings", "strict", "status"),
    [([], False, 0), ([], True, 0), (["x"], False, 0), (["x"], True, 1)],
)
def test_check_cli_exit_status(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    findings: list[str],
    strict: bool,
    status: int,
) -> None:
    found = [
        {"line": 3, "column": 5, "message": "unclear speaker", "kind": "unclear-speaker"}
        for _ in findings
    ]
    monkeypatch.setattr(check_cli, "check", lambda path, cast=None: CheckReport(path, found))
    argv = ["check", "story.txt"] + (["--strict"] if strict else [])
    assert main(argv) == status
    out, err = capsys.readouterr()
    assert out == ("story.txt:3:5: unclear speaker [unclear-speaker]\n" if findings else "")
    assert f"{len(findings)} finding" in err


def test_check_cli_missing_file_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "/nonexistent/story.txt"]) == 2
    assert "ficlens: error" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.skipif(
    importlib.util.find_spec("ficlens.stages.speakers") is None,
    reason="the speakers stage is not written yet",
)
def test_check_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = tmp_path / "story.txt"
    story.write_text(
        '"Where were you?"\n\n"Out."\n\n"Out where?"\n\n"Just out."\n\n'
        '"With whom?"\n\nMia and Sara stared at each other. She looked away.\n',
        encoding="utf-8",
    )
    assert main(["check", str(story), "--strict"]) == 1
    out = capsys.readouterr().out
    assert f"{story}:1:1: " in out
