"""Shared test fixtures: the spaCy model (loaded once) and the LitBank location."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
LITBANK = SHARED / "data" / "litbank"


@pytest.fixture(scope="session")
def nlp():
    """The packaged spaCy pipeline, loaded once for the whole run."""
    from ficlens.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def litbank_dir() -> Path:
    """LitBank beside the project; tests that need it skip cleanly without it."""
    if not (LITBANK / "original").is_dir():
        pytest.skip("../shared/data/litbank is not here")
    return LITBANK
