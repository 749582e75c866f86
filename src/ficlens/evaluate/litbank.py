"""LitBank (Bamman et al. 2019, 2020; CC BY 4.0) mapped onto the original novels.

LitBank annotates the first ~2,000 words of 100 novels by sentence and token of a
tokenised copy (``coref/tsv/*_brat.txt``). ficlens reads the untokenised novel
(``original/*.txt``), so this module aligns every token back to character offsets
in the original text and cuts the text at the end of the annotated paragraph.
The result is gold mentions, coreference chains and attributed quotes as spans of
``GoldDoc.text``: the same coordinates the pipeline produces.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from ficlens.document import Story
from ficlens.errors import Errors, EvaluationError


@dataclass(slots=True)
class GoldMention:
    start: int
    end: int
    text: str
    chain: str
    category: str  # PER, FAC, GPE, LOC, VEH, ORG
    kind: str  # PROP, NOM, PRON


@dataclass(slots=True)
class GoldQuote:
    start: int
    end: int
    text: str
    speaker: str | None  # a coreference chain id


@dataclass
class GoldDoc:
    id: str
    text: str
    mentions: list[GoldMention] = field(default_factory=list)
    quotes: list[GoldQuote] = field(default_factory=list)
    # chain id -> its mentions, in text order
    chains: dict[str, list[GoldMention]] = field(default_factory=dict)
    # Share of tokens aligned exactly to the original text (a health check).
    aligned: float = 1.0


@dataclass(frozen=True)
class Fold:
    train: list[str]
    dev: list[str]
    test: list[str]


def default_data_dir() -> Path | None:
    """``../shared/data/litbank`` beside the checkout, when it is there."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent.parent / "shared" / "data" / "litbank"
        if (candidate / "original").is_dir():
            return candidate
    return None


def _data_dir(data_dir: Path | str | None) -> Path:
    path = Path(data_dir) if data_dir else default_data_dir()
    if path is None or not (path / "original").is_dir():
        raise EvaluationError(Errors.E400.format(path=path or "../shared/data/litbank"))
    return path


def _align(tokens: list[list[str]], original: str) -> tuple[list[list[tuple[int, int]]], float]:
    """Character offsets in ``original`` for each token of each sentence."""
    offsets: list[list[tuple[int, int]]] = []
    pos = 0
    exact = total = 0
    n = len(original)
    for sentence in tokens:
        row = []
        for tok in sentence:
            total += 1
            while pos < n and original[pos].isspace():
                pos += 1
            if original.startswith(tok, pos):
                exact += 1
                row.append((pos, pos + len(tok)))
                pos += len(tok)
                continue
            found = original.find(tok, pos, pos + 80)
            if found >= 0:
                row.append((found, found + len(tok)))
                pos = found + len(tok)
                continue
            # Tokeniser changed the characters (rare): take the same length here.
            end = pos
            while end < n and not original[end].isspace() and end - pos < len(tok):
                end += 1
            row.append((pos, max(end, pos + 1)))
            pos = max(end, pos + 1)
        offsets.append(row)
    return offsets, (exact / total if total else 1.0)


def _read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE) if row]


def load_doc(data_dir: Path | str | None, doc_id: str) -> GoldDoc:
    """One LitBank document by id (``1342_pride_and_prejudice``)."""
    root = _data_dir(data_dir)
    original_path = root / "original" / f"{doc_id}.txt"
    tok_path = root / "coref" / "tsv" / f"{doc_id}_brat.txt"
    if not original_path.is_file() or not tok_path.is_file():
        raise EvaluationError(Errors.E401.format(doc=doc_id, path=root))
    original = original_path.read_text(encoding="utf-8").replace("\r\n", "\n")
    tokens = [line.split(" ") for line in tok_path.read_text(encoding="utf-8").split("\n")]
    tokens = [[t for t in sent if t] for sent in tokens]
    offsets, aligned = _align(tokens, original)

    def span(s1: str, t1: str, s2: str, t2: str) -> tuple[int, int]:
        return offsets[int(s1)][int(t1)][0], offsets[int(s2)][int(t2)][1]

    # Cut the text at the end of the paragraph holding the last annotated token.
    last = max((row[-1][1] for row in offsets if row), default=0)
    cut = original.find("\n\n", last)
    text = original if cut < 0 else original[:cut]

    doc = GoldDoc(id=doc_id, text=text, aligned=aligned)
    by_id: dict[str, GoldMention] = {}
    chain_of: dict[str, str] = {}
    for row in _read_rows(root / "coref" / "tsv" / f"{doc_id}_brat.ann"):
        if row[0] == "MENTION":
            start, end = span(*row[2:6])
            by_id[row[1]] = GoldMention(start, end, text[start:end], "", row[7], row[8])
        elif row[0] == "COREF":
            chain_of[row[1]] = row[2]
    for mention_id, mention in by_id.items():
        mention.chain = chain_of.get(mention_id, f"singleton-{mention_id}")
        doc.mentions.append(mention)
    doc.mentions.sort(key=lambda m: (m.start, -m.end))
    for mention in doc.mentions:
        doc.chains.setdefault(mention.chain, []).append(mention)

    quotes: dict[str, GoldQuote] = {}
    speakers: dict[str, str] = {}
    for row in _read_rows(root / "quotations" / "tsv" / f"{doc_id}_brat.ann"):
        if row[0] == "QUOTE":
            start, end = span(*row[2:6])
            quotes[row[1]] = GoldQuote(start, end, text[start:end], None)
        elif row[0] == "ATTRIB":
            speakers[row[1]] = row[2]
    for quote_id, quote in quotes.items():
        quote.speaker = speakers.get(quote_id)
        doc.quotes.append(quote)
    doc.quotes.sort(key=lambda q: q.start)
    return doc


def doc_ids(data_dir: Path | str | None = None) -> list[str]:
    root = _data_dir(data_dir)
    return sorted(p.name[: -len("_brat.txt")] for p in (root / "coref" / "tsv").glob("*_brat.txt"))


def load_litbank(data_dir: Path | str | None = None, ids: list[str] | None = None) -> list[GoldDoc]:
    """Every LitBank document (or those named), aligned to the original text."""
    return [load_doc(data_dir, doc_id) for doc_id in (ids or doc_ids(data_dir))]


def litbank_folds(data_dir: Path | str | None = None) -> list[Fold]:
    """LitBank's ten-fold document splits (``splits_tenfold/N``)."""
    root = _data_dir(data_dir) / "splits_tenfold"

    def ids(path: Path) -> list[str]:
        names = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        return [n.removesuffix(".tsv").removesuffix("_brat") for n in names if n]

    folds = []
    for n in sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: int(p.name)):
        folds.append(Fold(ids(n / "train.ids"), ids(n / "dev.ids"), ids(n / "test.ids")))
    return folds


def gold_story(doc: GoldDoc) -> Story:
    """The document's text as a Story, ready for the pipeline."""
    from ficlens.readers import read_text

    story = read_text(doc.text, source=f"litbank:{doc.id}")
    story.provides.update(("text", "paragraphs", "metadata"))
    return story
