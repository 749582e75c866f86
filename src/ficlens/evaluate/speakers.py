"""Speaker attribution scored on LitBank by ten-fold cross-validation.

Three settings, from the hardest:

- ``end_to_end``: our quotes, our characters. A gold quote counts as right only if
  one of our quotes overlaps it and our speaker maps to the gold speaker's chain.
- ``gold_quotes``: the gold quote spans, our characters.
- ``gold_cast``: gold quote spans and the gold PER chains as the characters (how
  "with the cast given" systems are compared).

Our characters map to gold chains by the majority of their mentions that match a
gold PER mention span. Per fold the ranker is retrained in memory on the train+dev
documents and tested on the held-out ones; features do not depend on the weights, so
each document is parsed and featurised once and reused across folds.
"""

from __future__ import annotations

import copy
import importlib
import pickle
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ficlens.attribution.attribute import Decision, decisions, prepare
from ficlens.attribution.gold import gold_characters, gold_quotes
from ficlens.attribution.ranker import Ranker, fit_platt, train, trusted_sieves
from ficlens.document import Story
from ficlens.evaluate.litbank import GoldDoc, gold_story, litbank_folds, load_litbank

SETTINGS = ("end_to_end", "gold_quotes", "gold_cast")
FEEDBACK = True
#: Attribute the feedback rounds with each fold's ranker, as the pipeline does.
RANKED_FEEDBACK = True
CHARACTER_STAGES = ("mentions", "characters", "coref")


@dataclass
class Instance:
    """One gold quote as attribution saw it."""

    doc: str
    gold: str | None  # gold speaker chain
    found: bool  # one of our quotes overlaps it
    rule: str | None  # rules' speaker, mapped to a gold chain
    qtype: str
    sieve: str = ""
    rule_row: int = -1  # row of the rules' own answer among the candidates
    cands: list[str | None] = field(default_factory=list)  # candidates mapped to chains
    x: np.ndarray | None = None
    label: int = -1  # row of the gold speaker among the candidates, -1 if absent


def _stage_available(name: str) -> bool:
    try:
        importlib.import_module(f"ficlens.stages.{name}")
    except ModuleNotFoundError:
        return False
    return True


def available_settings() -> list[str]:
    """Settings the installed stages can run (end-to-end needs quotes and characters)."""
    have_chars = all(_stage_available(s) for s in CHARACTER_STAGES)
    out = []
    if have_chars and _stage_available("quotes") and _stage_available("structure"):
        out.append("end_to_end")
    if have_chars:
        out.append("gold_quotes")
    out.append("gold_cast")
    return out


def run_stages_named(story: Story, names: Sequence[str]) -> Story:
    from ficlens.pipeline import Options, get_stage

    options = Options()
    for name in names:
        stage = get_stage(name)
        began = time.perf_counter()
        story = stage.run(story, options)
        story.provides.update(stage.sets)
        story.timings[name] = story.timings.get(name, 0.0) + time.perf_counter() - began
    return story


def parsed_story(doc: GoldDoc) -> Story:
    """The document parsed: structure (if there), parse; what every setting shares."""
    from ficlens.nlp import parse_story

    story = gold_story(doc)
    if _stage_available("structure"):
        story = run_stages_named(story, ["structure"])
    story.provides.add("notes")
    parse_story(story)
    story.provides.update(("tokens", "sentences"))
    return story


def setting_story(doc: GoldDoc, parsed: Story, setting: str) -> Story:
    """A copy of the parsed story with the setting's quotes and characters on it."""
    story = copy.deepcopy(parsed)
    if setting == "end_to_end":
        story = run_stages_named(story, ["quotes"])
    else:
        gold_quotes(story, doc.quotes)
    if setting == "gold_cast":
        gold_characters(story, doc)
    else:
        story = run_stages_named(story, CHARACTER_STAGES)
    return story


FIRST_PERSON = frozenset(("i", "me", "my", "mine", "myself"))


def character_to_chain(story: Story, doc: GoldDoc) -> dict[str, str]:
    """Our character id -> the gold PER chain its mentions match, names first.

    The vote is over the character's proper-name mentions that match a gold PER
    mention; only a character with none votes with the narration's ``I``/``me``/``my``
    (a first-person narrator's name is ``I``: one stray description coreference sent
    to the narrator must not rename it), then its descriptions, then its other
    pronouns. A character is its name: pronouns coref sent its way wrongly are
    scored by the character evaluation and must not rename the character here.
    """
    gold = {(m.start, m.end): m.chain for m in doc.mentions if m.category == "PER"}
    by_end = {m.end: m.chain for m in doc.mentions if m.category == "PER"}
    rank = {"proper": 0, "nominal": 2, "pronoun": 3}
    votes: dict[str, dict[int, Counter[str]]] = {}
    for m in story.mentions:
        if m.character is None:
            continue
        chain = gold.get((m.start, m.end)) or by_end.get(m.end)
        if chain is not None:
            level = rank.get(m.kind, 3)
            if m.kind == "pronoun" and m.quote is None and m.text.lower() in FIRST_PERSON:
                level = 1
            votes.setdefault(m.character, {}).setdefault(level, Counter())[chain] += 1
    return {c: v[min(v)].most_common(1)[0][0] for c, v in votes.items()}


def instances(
    doc: GoldDoc, story: Story, setting: str, feedback_ranker: Ranker | None = None
) -> list[Instance]:
    """Attribution evidence for every gold quote of ``doc`` in ``story``.

    Where our coreference is in play, the speakers stage's feedback rounds run first:
    speakers resolve ``I``/``you`` and coref re-resolves, as in the pipeline. They
    attribute with ``feedback_ranker`` (one trained without this document), or with
    the rules alone where none is given.
    """
    if setting != "gold_cast" and FEEDBACK:
        from ficlens.stages.speakers import feedback

        feedback(story, ranker=feedback_ranker)
    ctx, evidence, turns = prepare(story)
    made: list[Decision] = decisions(ctx, evidence, turns, None)
    mapping = (
        {c.id: c.id for c in story.characters}
        if setting == "gold_cast"
        else character_to_chain(story, doc)
    )
    out = []
    for gq in doc.quotes:
        best, overlap = -1, 0
        for i, ev in enumerate(evidence):
            q = ev.span.quote
            o = min(q.end, gq.end) - max(q.start, gq.start)
            if o > overlap:
                best, overlap = i, o
        if best < 0:
            out.append(Instance(doc.id, gq.speaker, False, None, "none"))
            continue
        ev, d = evidence[best], made[best]
        cands = [mapping.get(c.character) for c in d.cands]
        label = cands.index(gq.speaker) if gq.speaker in cands else -1
        rule = mapping.get(ev.speaker) if ev.speaker else None
        rule_row = next((i for i, c in enumerate(d.cands) if c.character == ev.speaker), -1)
        out.append(
            Instance(doc.id, gq.speaker, True, rule, ev.type, ev.sieve, rule_row, cands, d.x, label)
        )
    return out


# -- preparing and caching -----------------------------------------------------


def prepare_litbank(
    data_dir: Path | str | None,
    settings: Sequence[str],
    cache: Path | None = None,
    ids: Sequence[str] | None = None,
    progress: Callable[[str], None] | None = None,
    keep: dict[str, list[Story]] | None = None,
    splits: Sequence[Any] | None = None,
    first_pass: dict[str, list[Instance]] | None = None,
) -> dict[str, list[Instance]]:
    """Instances per setting for every document; parses cached at ``cache`` if given.

    ``keep``, when given, receives each setting's analysed stories (for the
    character scores, which would otherwise run the stages again). With ``splits``
    the feedback rounds are attributed by each fold's ranker (``_ranked_feedback``);
    ``first_pass`` then receives the rules-only rows those rankers learned from.
    """
    docs = load_litbank(data_dir, list(ids) if ids else None)
    parsed: dict[str, Story] = {}
    cache_file = cache / "parsed.pkl" if cache is not None else None
    if cache_file is not None and cache_file.is_file():
        with cache_file.open("rb") as handle:
            stored = pickle.load(handle)  # our own cache, written below
        parsed = {k: v for k, v in stored.items() if isinstance(v, Story)}
    fresh = False
    for doc in docs:
        if doc.id not in parsed:
            parsed[doc.id] = parsed_story(doc)
            fresh = True
            if progress:
                progress(f"parsed {doc.id}")
    if cache_file is not None and fresh:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        with cache_file.open("wb") as handle:
            pickle.dump(parsed, handle)
    out: dict[str, list[Instance]] = {}
    for setting in settings:
        rows: list[Instance] = []
        stories: list[Story] = []
        for doc in docs:
            story = setting_story(doc, parsed[doc.id], setting)
            rows.extend(instances(doc, story, setting))
            stories.append(story)
        if splits is not None and FEEDBACK and setting != "gold_cast":
            if first_pass is not None:
                first_pass[setting] = rows
            rows, stories = _ranked_feedback(docs, parsed, setting, rows, splits)
        if keep is not None:
            keep.setdefault(setting, []).extend(stories)
        out[setting] = rows
    return out


def _ranked_feedback(
    docs: Sequence[GoldDoc],
    parsed: dict[str, Story],
    setting: str,
    rows: list[Instance],
    splits: Sequence[Any],
) -> tuple[list[Instance], list[Story]]:
    """Every document again, its feedback rounds attributed by a held-out ranker.

    The pipeline's speakers stage attributes its feedback rounds with the ranker;
    here each test document gets the ranker of its fold, trained on the other
    documents' rules-only rows, so no label of the document reaches its own run.
    """
    by_doc: dict[str, tuple[list[Instance], Story]] = {}
    for fold in splits:
        train_ids = set(fold.train) | set(fold.dev)
        ranker = Ranker(fit([r for r in rows if r.doc in train_ids and r.gold is not None]))
        for doc in docs:
            if doc.id in fold.test:
                story = setting_story(doc, parsed[doc.id], setting)
                by_doc[doc.id] = (instances(doc, story, setting, ranker), story)
    out_rows: list[Instance] = []
    out_stories: list[Story] = []
    for doc in docs:
        if doc.id not in by_doc:  # in no fold's test set: its first pass stands
            story = setting_story(doc, parsed[doc.id], setting)
            by_doc[doc.id] = ([r for r in rows if r.doc == doc.id], story)
        out_rows.extend(by_doc[doc.id][0])
        out_stories.append(by_doc[doc.id][1])
    return out_rows, out_stories


# -- training and scoring --------------------------------------------------------


def fit(rows: Sequence[Instance], seed: int = 13) -> np.ndarray:
    groups = [(r.x, r.label) for r in rows if r.x is not None and r.label >= 0 and len(r.cands) > 1]
    return train(groups, seed=seed)


def probabilities(row: Instance, weights: np.ndarray) -> np.ndarray:
    s = row.x @ weights  # type: ignore[operator]
    p = np.exp(s - s.max())
    return np.asarray(p / p.sum())


@dataclass
class Scored:
    doc: str
    qtype: str
    sieve: str
    found: bool
    rule_ok: bool
    ranker_ok: bool  # the ranker alone
    raw: float
    rule_raw: float  # the ranker's probability of the rules' answer
    final_ok: bool = False  # ranker, with trusted sieves standing
    final_raw: float = 0.0
    confidence: float = 0.0
    fold: int = -1


def cross_validate(
    rows: Sequence[Instance],
    folds: Sequence[Any],
    seed: int = 13,
    train_rows: Sequence[Instance] | None = None,
) -> list[Scored]:
    """Ten-fold: train on train+dev documents, score the held-out test documents.

    ``train_rows`` (default ``rows``) are what the rankers learn from: the rules-only
    first pass where the test rows came from ranked feedback rounds, whose rankers
    saw the other folds. Which sieves to trust over the ranker, and the Platt
    calibration, are chosen for each fold from the other folds' held-out output,
    never from the fold itself.
    """
    scored: list[Scored] = []
    attributed = [r for r in rows if r.gold is not None]
    learn = [r for r in (rows if train_rows is None else train_rows) if r.gold is not None]
    for k, fold in enumerate(folds):
        train_ids = set(fold.train) | set(fold.dev)
        test_ids = set(fold.test)
        w = fit([r for r in learn if r.doc in train_ids], seed)
        for r in attributed:
            if r.doc not in test_ids:
                continue
            speaker, raw, rule_raw = None, 0.0, 0.0
            if r.x is not None and r.cands:
                p = probabilities(r, w)
                best = int(np.argmax(p))
                speaker, raw = r.cands[best], float(p[best])
                rule_raw = float(p[r.rule_row]) if r.rule_row >= 0 else 0.0
            rule_ok = r.found and r.rule is not None and r.rule == r.gold
            scored.append(
                Scored(
                    r.doc,
                    r.qtype,
                    r.sieve,
                    r.found,
                    rule_ok,
                    r.found and speaker == r.gold,
                    raw,
                    rule_raw,
                    fold=k,
                )
            )
    for k in range(len(folds)):
        others = [s for s in scored if s.fold != k and s.found]
        trust = trusted_sieves([(s.sieve, s.rule_ok, s.ranker_ok) for s in others])
        for s in scored:
            if s.fold == k:
                gated = s.sieve in trust and s.rule_raw > 0
                s.final_ok = s.rule_ok if gated else s.ranker_ok
                s.final_raw = s.rule_raw if gated else s.raw
    for k in range(len(folds)):
        others = [s for s in scored if s.fold != k and s.found]
        a, b = fit_platt([s.final_raw for s in others], [s.final_ok for s in others])
        ranker = Ranker(np.zeros(1), (a, b))
        for s in scored:
            if s.fold == k:
                s.confidence = ranker.calibrate(s.final_raw) if s.found else 0.0
    return scored


def reliability(scored: Sequence[Scored], bins: int = 10) -> list[dict[str, Any]]:
    """Mean confidence vs accuracy per confidence bin."""
    table = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [
            s
            for s in scored
            if s.found and (lo <= s.confidence < hi or (hi == 1 and s.confidence == 1))
        ]
        if inside:
            table.append(
                {
                    "bin": f"{lo:.1f}-{hi:.1f}",
                    "n": len(inside),
                    "confidence": round(float(np.mean([s.confidence for s in inside])), 3),
                    "accuracy": round(float(np.mean([s.final_ok for s in inside])), 3),
                }
            )
    return table


def summarize(scored: Sequence[Scored]) -> dict[str, Any]:
    def acc(items: Sequence[Scored], attr: str) -> float:
        return round(100.0 * sum(getattr(s, attr) for s in items) / len(items), 1) if items else 0.0

    by_type = {}
    for qtype in ("explicit", "anaphoric", "implicit", "none"):
        items = [s for s in scored if s.qtype == qtype]
        if items:
            by_type[qtype] = {
                "n": len(items),
                "rules": acc(items, "rule_ok"),
                "ranker": acc(items, "final_ok"),
            }
    confident = [s for s in scored if s.found]
    ece = sum(
        abs(row["confidence"] - row["accuracy"]) * row["n"] for row in reliability(scored)
    ) / max(1, len(confident))
    return {
        "quotes": len(scored),
        "found": sum(s.found for s in scored),
        "rules": acc(scored, "rule_ok"),
        "ranker_alone": acc(scored, "ranker_ok"),
        "ranker": acc(scored, "final_ok"),
        "by_type": by_type,
        "calibration": reliability(scored),
        "ece": round(ece, 3),
    }


def evaluate_speakers(
    data_dir: Path | str | None = None,
    settings: Sequence[str] | None = None,
    folds: int = 10,
    cache: Path | None = None,
    ids: Sequence[str] | None = None,
    progress: Callable[[str], None] | None = None,
    keep: dict[str, list[Story]] | None = None,
) -> dict[str, Any]:
    """Ten-fold speaker accuracy per setting, rules vs ranker, by type, calibration."""
    began = time.perf_counter()
    chosen = [s for s in (settings or available_settings()) if s in available_settings()]
    splits = litbank_folds(data_dir)[:folds]
    first: dict[str, list[Instance]] = {}
    ranked = splits if RANKED_FEEDBACK else None
    rows = prepare_litbank(data_dir, chosen, cache, ids, progress, keep, ranked, first)
    report: dict[str, Any] = {"settings": {}, "skipped": [s for s in SETTINGS if s not in chosen]}
    for setting in chosen:
        scored = cross_validate(rows[setting], splits, train_rows=first.get(setting))
        report["settings"][setting] = summarize(scored)
    report["folds"] = len(splits)
    report["seconds"] = round(time.perf_counter() - began, 1)
    return report


def evaluate_litbank(
    data_dir: Path | str | None = None,
    folds: int = 10,
    gold_quotes_only: bool = False,
    cache: Path | None = None,
) -> dict[str, Any]:
    """Everything ``ficlens evaluate litbank`` reports: speakers, quote spans, characters."""
    settings = [s for s in available_settings() if not (gold_quotes_only and s == "end_to_end")]
    kept: dict[str, list[Story]] = {}
    report = {"speakers": evaluate_speakers(data_dir, settings, folds, cache, keep=kept)}
    docs = load_litbank(data_dir)
    if _module_available("ficlens.evaluate.quotes"):
        from ficlens.evaluate.quotes import score_quote_spans

        spans = score_quote_spans(docs)
        report["quote_spans"] = {
            "precision": round(spans.precision, 3),
            "recall": round(spans.recall, 3),
            "f1": round(spans.f1, 3),
            "exact_f1": round(spans.exact_f1, 3),
        }
    stories = kept.get("gold_quotes") or kept.get("end_to_end")
    if stories is not None and _module_available("ficlens.evaluate.characters"):
        from dataclasses import asdict

        from ficlens.evaluate.characters import score_characters

        report["characters"] = {
            k: round(v, 3) if isinstance(v, float) else v
            for k, v in asdict(score_characters(docs, stories)).items()
        }
    return report


def _module_available(name: str) -> bool:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError:
        return False
    return True


BOOKNLP = {"small": 86.4, "big": 89.9}  # published speaker accuracy, LitBank gold quotes


def format_litbank(report: dict[str, Any]) -> str:
    """The report as a few plain-text tables."""
    lines = []
    sp = report["speakers"]
    lines.append(
        f"Speaker attribution, LitBank, {sp.get('folds', 10)}-fold cross-validation "
        f"({sp['seconds']} s)"
    )
    lines.append(
        f"{'setting':<12} {'quotes':>6} {'found':>6} {'rules':>6} {'ranker':>7}  "
        "explicit  anaphoric  implicit   ECE"
    )
    for name, s in sp["settings"].items():
        types = "  ".join(
            f"{s['by_type'].get(t, {}).get('ranker', 0.0):>8.1f}"
            for t in ("explicit", "anaphoric", "implicit")
        )
        lines.append(
            f"{name:<12} {s['quotes']:>6} {s['found']:>6} {s['rules']:>6.1f} "
            f"{s['ranker']:>7.1f}  {types}  {s['ece']:.3f}"
        )
    for name in sp.get("skipped", []):
        lines.append(f"{name:<12} skipped (its stages are not installed)")
    lines.append(
        f"BookNLP (published, gold quotes): {BOOKNLP['small']} small, {BOOKNLP['big']} big"
    )
    for name, s in sp["settings"].items():
        lines.append(
            f"calibration ({name}): "
            + ", ".join(
                f"{row['bin']}: {row['accuracy']:.2f} of {row['n']}" for row in s["calibration"]
            )
        )
    if "quote_spans" in report:
        q = report["quote_spans"]
        lines.append(
            f"quote spans: P {q['precision']:.3f} R {q['recall']:.3f} F1 {q['f1']:.3f} "
            f"(exact F1 {q['exact_f1']:.3f})"
        )
    if "characters" in report:
        c = report["characters"]
        lines.append(
            f"characters: B3 F1 {c.get('b3_f1', 0):.3f}, pronoun accuracy "
            f"{c.get('pronoun_accuracy', 0):.3f}"
        )
    return "\n".join(lines)


def train_full(rows: Sequence[Instance], folds: Sequence[Any], seed: int = 13) -> Ranker:
    """The shipped ranker: all documents; Platt fitted on cross-validated output."""
    scored = cross_validate(rows, folds, seed)
    found = [s for s in scored if s.found]
    trust = trusted_sieves([(s.sieve, s.rule_ok, s.ranker_ok) for s in found])
    platt = fit_platt([s.final_raw for s in found], [s.final_ok for s in found])
    weights = fit([r for r in rows if r.gold is not None], seed)
    summary = summarize(scored)
    meta = {
        "trained_on": "LitBank (all 100 documents)",
        "seed": seed,
        "cv_rules": summary["rules"],
        "cv_ranker": summary["ranker"],
    }
    return Ranker(weights, platt, meta, trust)
