"""The reference every benchmark reports against: bare spaCy on the same text.

``bare_spacy(paths, max_words)`` reads the stories with ficlens' readers, takes their
paragraphs in order up to ``max_words`` words, and times ``nlp.pipe`` over them
with the packaged model, doing nothing with the Docs. The ratio ficlens/spaCy is
the number to compare across machines; absolute words/s depend on the CPU.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

from ficlens.nlp import load_nlp
from ficlens.readers import read_story


def sample_paragraphs(paths: Iterable[Path], max_words: int) -> list[str]:
    """Paragraph texts from the stories, in order, up to about ``max_words`` words."""
    texts: list[str] = []
    words = 0
    for path in paths:
        story = read_story(path)
        for p in story.paragraphs:
            chunk = story.text[p.start : p.end].replace("\n", " ")
            texts.append(chunk)
            words += len(chunk.split())
            if words >= max_words:
                return texts
    return texts


def bare_spacy(paths: Iterable[Path], max_words: int = 50_000, batch_size: int = 64) -> dict:
    """Words, seconds and words/s of bare ``nlp.pipe`` over a sample of the stories."""
    texts = sample_paragraphs(paths, max_words)
    nlp = load_nlp()
    words = sum(len(t.split()) for t in texts)
    began = time.perf_counter()
    cpu = time.process_time()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    seconds = time.perf_counter() - began
    cpu_seconds = time.process_time() - cpu
    return {
        "words": words,
        "seconds": seconds,
        "words_per_s": words / seconds if seconds else 0.0,
        "words_per_cpu_s": words / cpu_seconds if cpu_seconds else 0.0,
    }
