"""``check``: the clarity report of a story, as linter lines a writer can jump to.

>>> report = check("story.txt")                 # doctest: +SKIP
>>> print("\\n".join(report.lines()))            # doctest: +SKIP
story.txt:12:1: unclear speaker: probably Gai (confidence 0.41); ...
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ficlens.cast import CastMember
from ficlens.document import Story
from ficlens.pipeline import DEFAULT_STAGES, analyze

#: The stages the report needs: everything up to clarity but the other insights.
CHECK_STAGES: tuple[str, ...] = tuple(
    s for s in DEFAULT_STAGES if s not in ("emotion", "network", "tags")
)


@dataclass
class CheckReport:
    """The findings of one story, and the name to print them under."""

    path: str
    findings: list[dict[str, Any]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """``file:line:col: [kind] message``, one per finding, in text order."""
        return [
            f"{self.path}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]"
            for f in self.findings
        ]


def report_for(story: Story, path: str | None = None) -> CheckReport:
    """The report of an already analysed story (one that ran the clarity stage)."""
    clarity = story.insights.get("clarity", {})
    return CheckReport(path or story.source or "story", list(clarity.get("findings", [])))


def check(path: str | Path, cast: str | Path | list[CastMember] | None = None) -> CheckReport:
    """Analyse ``path`` as far as the clarity stage and return its findings."""
    story = analyze(path, cast=cast, stages=CHECK_STAGES)
    return report_for(story, str(path))
