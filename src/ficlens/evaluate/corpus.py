"""Score ficlens on any corpus of stories with attributed quotes.

The format, one folder for the corpus, three files per work (``NAME`` any name):

``NAME.txt``
    the story, UTF-8 plain text. Offsets count characters (not bytes) of the text
    with ``\\r\\n`` and ``\\r`` turned into ``\\n``: the ``text`` of ficlens' JSON.
``NAME.quotes.csv``
    a header row, then one row per quote: ``start,end,speaker,addressees``.
    ``start``/``end``: character offsets [start, end) of the quote, quote marks
    included or not (quotes are matched by overlap). ``speaker``: the speaker's name
    as the cast names them (empty when unknown). ``addressees``: names separated by
    ``;`` (empty when unknown; the column may be left out).
``NAME.cast.yaml`` (optional)
    the cast in ficlens' ``--cast`` format; given, ficlens starts from it.

A gold quote is found when a predicted quote overlaps it. Its speaker is right when
the predicted character's name or one of its aliases equals the gold name (case and
surrounding space ignored); addressees are right when every gold addressee is named
so by a predicted one and there are no others.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ficlens.document import Character, Story
from ficlens.errors import Errors, EvaluationError


@dataclass(slots=True)
class CorpusQuote:
    start: int
    end: int
    speaker: str
    addressees: list[str] = field(default_factory=list)


@dataclass
class WorkScore:
    name: str
    quotes: int = 0
    found: int = 0
    speaker_right: int = 0
    with_addressees: int = 0
    addressees_right: int = 0
    by_type: dict[str, list[int]] = field(default_factory=dict)  # type -> [n, right]
    misses: list[dict[str, Any]] = field(default_factory=list)


def read_quotes_csv(path: Path) -> list[CorpusQuote]:
    """Rows of a ``NAME.quotes.csv``."""
    quotes = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = {c.strip().lower() for c in reader.fieldnames or []}
        if not {"start", "end", "speaker"} <= columns:
            raise EvaluationError(Errors.E412.format(path=path))
        for line, row in enumerate(reader, start=2):
            row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
            try:
                start, end = int(row["start"]), int(row["end"])
            except ValueError:
                reason = "start and end must be integers"
                raise EvaluationError(
                    Errors.E411.format(path=path, line=line, reason=reason)
                ) from None
            if end <= start:
                raise EvaluationError(
                    Errors.E411.format(path=path, line=line, reason="end must be after start")
                )
            addressees = [a.strip() for a in row.get("addressees", "").split(";") if a.strip()]
            quotes.append(CorpusQuote(start, end, row["speaker"], addressees))
    return quotes


def works(folder: Path) -> list[tuple[str, Path, Path, Path | None]]:
    """(name, text, quotes csv, cast or None) of every complete work in ``folder``."""
    found = []
    for text in sorted(folder.glob("*.txt")):
        name = text.name[: -len(".txt")]
        quotes = folder / f"{name}.quotes.csv"
        if not quotes.is_file():
            continue
        cast = next(
            (
                p
                for p in (
                    folder / f"{name}.cast.yaml",
                    folder / f"{name}.cast.yml",
                    folder / f"{name}.cast.json",
                )
                if p.is_file()
            ),
            None,
        )
        found.append((name, text, quotes, cast))
    if not found:
        raise EvaluationError(Errors.E410.format(path=folder))
    return found


def _names(character: Character | None) -> set[str]:
    if character is None:
        return set()
    return {n.strip().lower() for n in (character.name, *character.aliases)}


def score_work(name: str, story: Story, gold: list[CorpusQuote]) -> WorkScore:
    """Compare one analysed story with its gold quotes."""
    score = WorkScore(name)
    for g in gold:
        score.quotes += 1
        best, overlap = None, 0
        for q in story.quotes:
            o = min(q.end, g.end) - max(q.start, g.start)
            if o > overlap:
                best, overlap = q, o
        qtype = best.type if best is not None else "not found"
        tally = score.by_type.setdefault(qtype, [0, 0])
        tally[0] += 1
        if best is None:
            score.misses.append({"start": g.start, "gold": g.speaker, "predicted": None})
            continue
        score.found += 1
        speaker = story.character(best.speaker)
        if g.speaker and g.speaker.strip().lower() in _names(speaker):
            score.speaker_right += 1
            tally[1] += 1
        else:
            score.misses.append(
                {
                    "start": g.start,
                    "gold": g.speaker,
                    "predicted": speaker.name if speaker else None,
                    "evidence": best.evidence,
                }
            )
        if g.addressees:
            score.with_addressees += 1
            predicted = [_names(story.character(a)) for a in best.addressees]
            wanted = [a.strip().lower() for a in g.addressees]
            if len(predicted) == len(wanted) and all(
                any(w in names for names in predicted) for w in wanted
            ):
                score.addressees_right += 1
    return score


def evaluate_corpus(folder: str | Path) -> dict[str, Any]:
    """Analyse every work of a corpus folder and score speakers and addressees."""
    from ficlens.pipeline import analyze

    root = Path(folder)
    if not root.is_dir():
        raise EvaluationError(Errors.E410.format(path=root))
    scores = []
    for name, text, quotes_csv, cast in works(root):
        gold = read_quotes_csv(quotes_csv)
        story = analyze(text, cast=cast)
        scores.append(score_work(name, story, gold))

    def pct(a: int, b: int) -> float:
        return round(100.0 * a / b, 1) if b else 0.0

    by_type: dict[str, list[int]] = {}
    for s in scores:
        for k, (n, right) in s.by_type.items():
            t = by_type.setdefault(k, [0, 0])
            t[0] += n
            t[1] += right
    total = sum(s.quotes for s in scores)
    return {
        "works": len(scores),
        "quotes": total,
        "found": sum(s.found for s in scores),
        "speaker_accuracy": pct(sum(s.speaker_right for s in scores), total),
        "addressee_accuracy": pct(
            sum(s.addressees_right for s in scores), sum(s.with_addressees for s in scores)
        ),
        "quotes_with_addressees": sum(s.with_addressees for s in scores),
        "by_type": {k: {"n": n, "accuracy": pct(r, n)} for k, (n, r) in sorted(by_type.items())},
        "per_work": [
            {
                "name": s.name,
                "quotes": s.quotes,
                "found": s.found,
                "speaker_accuracy": pct(s.speaker_right, s.quotes),
                "addressee_accuracy": pct(s.addressees_right, s.with_addressees),
                "misses": s.misses,
            }
            for s in scores
        ],
    }
