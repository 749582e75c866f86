"""The built-in sample story (an original story written for ficlens)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def sample_path() -> Path:
    """Path of the sample story shipped inside the package."""
    return Path(str(resources.files("ficlens") / "data" / "sample_story.txt"))
