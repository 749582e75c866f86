"""The README's documented commands are the ones CI runs, and they work."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


README = (REPO / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w*)\n(.*?)```", README, flags=re.S)


def _sh_blocks() -> list[str]:
    return [body.strip() for lang, body in BLOCKS if lang == "sh"]


def test_readme_opens_with_setup_then_test_command():
    setup, test = _sh_blocks()[:2]
    assert "\n" not in setup and "\n" not in test
    assert "pip install" in setup and setup.endswith("ficlens demo")
    assert "pytest" in test
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    # CI runs exactly the README's two commands.
    assert setup in ci.splitlines()
    assert test in ci.splitlines()


@pytest.mark.slow
def test_readme_demo_command_analyses_the_sample():
    result = subprocess.run(
        [sys.executable, "-m", "ficlens", "demo"], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "quotes" in result.stdout


def test_readme_documents_only_real_commands_and_options():
    usage = next(body for lang, body in BLOCKS if lang == "sh" and "ficlens analyze" in body)
    for line in usage.strip().splitlines():
        words = shlex.split(line.split("#")[0])
        assert words[0] == "ficlens"
        help_text = subprocess.run(
            [sys.executable, "-m", "ficlens", words[1], "--help"],
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
        for word in words[2:]:
            if word.startswith("-"):
                assert word in help_text, f"{line!r}: {word} is not an option"


@pytest.mark.slow
def test_readme_python_example_runs(tmp_path, monkeypatch):
    from ficlens.sample import sample_path

    example = next(body for lang, body in BLOCKS if lang == "python")
    (tmp_path / "story.txt").write_text(sample_path().read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    exec(compile(example, "README.md", "exec"), {})
