"""Hand-written gold for the built-in sample story and the founding seed story.

Three layers of checks:
- the sample story is the right length and carries every feature ficlens reads;
- each gold file agrees with its story (paragraphs, quote counts, names) and with itself;
- the pipeline agrees with the gold (slow; skipped until the stages exist).

The seed is read from ``<repo>/../shared/seeds``; its gold quotes it by paragraph
number and at most two words, so none of its text lives in the project.
"""

from __future__ import annotations

import bisect
import importlib.util
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from ficlens.document import QUOTE_TYPES, Character, Quote, Story

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
SAMPLE = REPO / "src" / "ficlens" / "data" / "sample_story.txt"
SEED = REPO.parent / "shared" / "seeds" / "000_a3ab017558f1b5e3.txt"

#: The stages up to attribution; the insight stages after it are not judged here.
PIPELINE_STAGES = ("structure", "quotes", "parse", "mentions", "characters", "coref", "speakers")

GENDERS = {"he", "she", "they", "it", "xe"}
KINDS = {"named", "unnamed", "group"}
# Words that do not tell two characters' names apart ("the shopkeeper" = "shopkeeper").
DETERMINERS = {"the", "a", "an", "his", "her", "their", "its"}
QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019 \n"


# --- helpers ---------------------------------------------------------------------


@cache
def load_gold(name: str) -> dict[str, Any]:
    with (DATA / name).open(encoding="utf-8") as handle:
        gold: dict[str, Any] = yaml.safe_load(handle)
    return gold


def read_seed() -> str:
    if not SEED.is_file():
        pytest.skip(f"the seed story is not here ({SEED})")
    return SEED.read_text(encoding="utf-8")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of every non-empty block separated by blank lines."""
    spans = []
    start = 0
    for sep in re.finditer(r"\n[ \t]*\n\s*", text):
        if text[start : sep.start()].strip():
            spans.append((start, sep.start()))
        start = sep.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def paragraph_texts(text: str) -> list[str]:
    return [text[s:e] for s, e in paragraph_spans(text)]


def paragraph_of(offset: int, spans: list[tuple[int, int]]) -> int:
    """1-based number of the paragraph holding ``offset``."""
    return bisect.bisect_right([s for s, _ in spans], offset)


def simple_quotes(paragraph: str) -> list[str]:
    """Straight double-quoted stretches; enough for stories whose marks all balance."""
    return re.findall(r'"[^"]*"', paragraph)


def clean_words(text: str) -> str:
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")
    return " ".join(text.strip(QUOTE_MARKS).split())


def starts_with_words(quote_text: str, words: str) -> bool:
    return clean_words(quote_text).startswith(clean_words(words))


def norm_name(name: str) -> str:
    """A name compared loosely: case, determiners and word order do not count."""
    tokens = name.replace("\u2019", "'").lower().split()
    return " ".join(sorted(t for t in tokens if t not in DETERMINERS))


def member_forms(member: dict[str, Any]) -> set[str]:
    forms = [member["name"], *member.get("aliases", []), *member.get("nominals", [])]
    return {norm_name(f) for f in forms}


def gold_speakers(gold: dict[str, Any]) -> Iterator[str]:
    for quote in gold["quotes"]:
        yield quote["speaker"]
        yield from quote["addressees"]
        for alt in quote.get("addressees_alt", []):
            yield from alt


def match_character(character: Character, cast: list[dict[str, Any]]) -> str | None:
    """The gold cast member a found character stands for, by name, then by aliases."""
    name = norm_name(character.name)
    for member in cast:
        if name in member_forms(member):
            return str(member["name"])
    aliases = {norm_name(a) for a in character.aliases}
    overlaps = [(len(aliases & member_forms(m)), str(m["name"])) for m in cast]
    best = max(overlaps, default=(0, ""))
    if best[0] and sum(1 for n, _ in overlaps if n == best[0]) == 1:
        return best[1]
    return None


def align_quotes(story: Story, gold: dict[str, Any]) -> list[Quote | None]:
    """The found quote for each gold quote (paragraph and first words), in order."""
    spans = paragraph_spans(story.text)
    found = sorted(story.quotes, key=lambda q: q.start)
    aligned: list[Quote | None] = []
    cursor = 0
    for want in gold["quotes"]:
        hit = None
        for i in range(cursor, len(found)):
            quote = found[i]
            para = paragraph_of(quote.start, spans)
            if para > want["para"]:
                break
            if para == want["para"] and starts_with_words(quote.text, want["words"]):
                hit, cursor = quote, i + 1
                break
        aligned.append(hit)
    return aligned


def speaker_name(story: Story, character_id: str | None, cast: list[dict[str, Any]]) -> str | None:
    character = story.character(character_id)
    return match_character(character, cast) if character else None


def describe(want: dict[str, Any], got: object) -> str:
    return f"para {want['para']} {want['words']!r}: gold {want['speaker']!r}, got {got!r}"


# --- (a) the sample story --------------------------------------------------------


def test_sample_story_length_is_within_bounds() -> None:
    words = len(SAMPLE.read_text(encoding="utf-8").split())
    assert 1500 <= words <= 3000, words


def test_sample_story_contains_every_feature() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    features = load_gold("sample_gold.yaml")["features"]
    missing = []
    for name, wanted in features.items():
        for needle in wanted if isinstance(wanted, list) else [wanted]:
            if needle not in text:
                missing.append(f"{name}: {needle!r}")
    assert not missing, missing


def test_sample_story_quote_marks_are_consistent_and_balanced() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    curly = "\u201c" in text or "\u201d" in text
    straight = '"' in text
    assert curly != straight, "use either curly or straight double quotes, not both"
    assert "\r" not in text
    for number, paragraph in enumerate(paragraph_texts(text), 1):
        assert paragraph.count('"') % 2 == 0, f"paragraph {number} has an odd quote count"


def test_sample_gold_exercises_every_kind_of_quote() -> None:
    gold = load_gold("sample_gold.yaml")
    quotes = gold["quotes"]
    kinds = {m["name"]: m["kind"] for m in gold["cast"]}
    speakers = {q["speaker"] for q in quotes}
    assert {q["type"] for q in quotes} == set(QUOTE_TYPES)
    assert {"unnamed", "group"} <= {kinds[s] for s in speakers}
    assert any(q.get("remembered") for q in quotes)
    assert any(q["words"].endswith("-") for q in quotes), "an interrupted quote"
    assert sum(1 for q in quotes if q["para"] == 21) == 2, "a quote split by its tag"
    genders = {m["name"]: m["gender"] for m in gold["cast"]}
    assert {genders[p["character"]] for p in gold["pronouns"]} == {"she"}
    assert len({p["character"] for p in gold["pronouns"]}) >= 2, "same-gender ambiguity"


def test_sample_gold_has_an_untagged_alternating_run() -> None:
    quotes = load_gold("sample_gold.yaml")["quotes"]
    best = run = 0
    for prev, quote in zip(quotes, quotes[1:], strict=False):
        alternating = (
            quote["type"] == "implicit"
            and prev["type"] == "implicit"
            and quote["para"] == prev["para"] + 1
            and quote["speaker"] != prev["speaker"]
        )
        run = run + 1 if alternating else 0
        best = max(best, run + 1 if alternating else 1)
    assert best >= 6, best


# --- (b) the gold files agree with their stories and themselves -------------------


@pytest.mark.parametrize("name", ["sample_gold.yaml", "seed_gold.yaml"])
def test_gold_file_is_self_consistent(name: str) -> None:
    gold = load_gold(name)
    cast = gold["cast"]
    names = [m["name"] for m in cast]
    assert len(names) == len(set(names))
    forms = [f for m in cast for f in member_forms(m)]
    assert len(forms) == len(set(forms)), "a name form listed for two characters"
    for member in cast:
        assert member["gender"] in GENDERS and member["kind"] in KINDS
    assert set(gold_speakers(gold)) <= set(names)
    assert {p["character"] for p in gold.get("pronouns", [])} <= set(names)
    for quote in gold["quotes"]:
        assert quote["type"] in QUOTE_TYPES
        assert quote.get("type_alt", quote["type"]) in QUOTE_TYPES
        assert quote["speaker"] not in quote["addressees"], quote
    paras = [q["para"] for q in gold["quotes"]]
    assert paras == sorted(paras)
    note_paras = {n["para"] for n in gold["notes"]}
    assert not note_paras & set(paras), "a quote inside a note"


def check_gold_against_text(gold: dict[str, Any], text: str) -> None:
    paragraphs = paragraph_texts(text)
    by_para: dict[int, list[str]] = {}
    for quote in gold["quotes"]:
        by_para.setdefault(quote["para"], []).append(quote["words"])
    for number, paragraph in enumerate(paragraphs, 1):
        found = simple_quotes(paragraph)
        wanted = by_para.get(number, [])
        if number in {n["para"] for n in gold["notes"]}:
            continue
        assert len(found) == len(wanted), f"paragraph {number}: {len(found)} quotes in text"
        for quote, words in zip(found, wanted, strict=True):
            assert starts_with_words(quote, words), f"paragraph {number}: {words!r}"
    for note in gold["notes"]:
        assert paragraphs[note["para"] - 1].startswith(note["words"]), note
    for chapter in gold["chapters"]:
        assert paragraphs[chapter["para"] - 1].strip() == chapter["heading"], chapter
        assert chapter["title"] in chapter["heading"]
    for scene_break in gold.get("scene_breaks", []):
        assert paragraphs[scene_break["para"] - 1].strip() == scene_break["text"]
    for member in gold["cast"]:
        if member["kind"] == "named":
            for alias in member["aliases"]:
                assert re.search(rf"\b{re.escape(alias)}\b", text), alias


def test_sample_gold_matches_the_sample_text() -> None:
    gold = load_gold("sample_gold.yaml")
    text = SAMPLE.read_text(encoding="utf-8")
    check_gold_against_text(gold, text)
    paragraphs = paragraph_texts(text)
    for pronoun in gold["pronouns"]:
        assert pronoun["context"] in paragraphs[pronoun["para"] - 1], pronoun
    assert len(gold["quotes"]) == sum(len(simple_quotes(p)) for p in paragraphs)


def test_seed_gold_matches_the_seed_text() -> None:
    gold = load_gold("seed_gold.yaml")
    text = read_seed()
    paragraphs = paragraph_texts(text)
    assert len(paragraphs) == gold["paragraphs"]
    assert len(gold["quotes"]) == 28
    check_gold_against_text(gold, text)
    # The project holds no seed text: two words at most per quote.
    assert all(len(q["words"].split()) <= 2 for q in gold["quotes"])
    for pronoun in gold["pronouns"]:
        found = re.findall(rf"\b{pronoun['pronoun']}\b", paragraphs[pronoun["para"] - 1], re.I)
        assert len(found) >= pronoun["nth"], pronoun
    speakers = [q["speaker"] for q in gold["quotes"]]
    assert speakers.count("agemates") == 3


# --- (c) the pipeline against the gold ---------------------------------------------


def analyzed(path: Path) -> Story:
    missing = [
        s for s in PIPELINE_STAGES if importlib.util.find_spec(f"ficlens.stages.{s}") is None
    ]
    if missing:
        pytest.skip(f"stage modules not written yet: {', '.join(missing)}")
    from ficlens import analyze

    return analyze(path, stages=list(PIPELINE_STAGES))


@pytest.fixture(scope="module")
def sample_story() -> Story:
    return analyzed(SAMPLE)


@pytest.fixture(scope="module")
def seed_story() -> Story:
    read_seed()
    return analyzed(SEED)


def check_quotes_and_notes(story: Story, gold: dict[str, Any]) -> list[Quote | None]:
    aligned = align_quotes(story, gold)
    lost = [
        f"para {w['para']} {w['words']!r}"
        for w, q in zip(gold["quotes"], aligned, strict=True)
        if not q
    ]
    assert not lost, f"gold quotes not found: {lost}"
    assert len(story.quotes) == len(gold["quotes"]), "extra quotes found"
    spans = paragraph_spans(story.text)
    for note in gold["notes"]:
        start = spans[note["para"] - 1][0]
        assert any(n.start <= start < n.end for n in story.notes), f"note not found: {note}"
    for quote in story.quotes:
        assert not any(n.start <= quote.start < n.end for n in story.notes), quote.text
    return aligned


def check_characters(story: Story, gold: dict[str, Any]) -> dict[str, list[Character]]:
    found: dict[str, list[Character]] = {m["name"]: [] for m in gold["cast"]}
    for character in story.characters:
        name = match_character(character, gold["cast"])
        if name:
            found[name].append(character)
    absent = [name for name, chars in found.items() if not chars]
    assert not absent, f"characters not found: {absent}"
    spurious = {norm_name(n) for n in gold["not_characters"]}
    wrong = [c.name for c in story.characters if norm_name(c.name) in spurious]
    assert not wrong, f"spurious characters: {wrong}"
    return found


def check_single_clusters(
    found: dict[str, list[Character]], gold: dict[str, Any], names: tuple[str, ...]
) -> None:
    """Each named character is one cluster holding its full name and every alias.

    Matching speakers by name would forgive a split cast (``Hana`` and ``Kazami`` as
    two characters); this does not.
    """
    for name in names:
        assert len(found[name]) == 1, (name, [c.name for c in found[name]])
        member = next(m for m in gold["cast"] if m["name"] == name)
        character = found[name][0]
        forms = {norm_name(f) for f in [character.name, *character.aliases]}
        wanted = {norm_name(f) for f in [member["name"], *member["aliases"]]}
        assert wanted <= forms, (name, sorted(forms))


def speaker_errors(story: Story, gold: dict[str, Any], aligned: list[Quote | None]) -> list[str]:
    errors = []
    for want, quote in zip(gold["quotes"], aligned, strict=True):
        got = speaker_name(story, quote.speaker, gold["cast"]) if quote else None
        if got != want["speaker"]:
            errors.append(describe(want, got))
    return errors


def addressee_errors(story: Story, gold: dict[str, Any], aligned: list[Quote | None]) -> list[str]:
    errors = []
    for want, quote in zip(gold["quotes"], aligned, strict=True):
        got = {speaker_name(story, a, gold["cast"]) for a in quote.addressees} if quote else None
        accepted = [set(want["addressees"])] + [set(a) for a in want.get("addressees_alt", [])]
        if got not in accepted:
            errors.append(f"para {want['para']} {want['words']!r}: gold {accepted}, got {got}")
    return errors


def type_errors(gold: dict[str, Any], aligned: list[Quote | None]) -> list[str]:
    errors = []
    for want, quote in zip(gold["quotes"], aligned, strict=True):
        accepted = {want["type"], want.get("type_alt", want["type"])}
        if quote is None or quote.type not in accepted:
            errors.append(f"para {want['para']} {want['words']!r}: gold {accepted}")
    return errors


@pytest.mark.slow
def test_sample_pipeline_matches_gold(sample_story: Story) -> None:
    gold = load_gold("sample_gold.yaml")
    aligned = check_quotes_and_notes(sample_story, gold)
    assert len(sample_story.chapters) == len(gold["chapters"])
    for chapter, want in zip(sample_story.chapters, gold["chapters"], strict=True):
        assert want["title"] in chapter.title, (chapter.title, want)
    found = check_characters(sample_story, gold)
    named = tuple(m["name"] for m in gold["cast"] if m["kind"] == "named")
    check_single_clusters(found, gold, named)
    errors = speaker_errors(sample_story, gold, aligned)
    assert len(errors) <= 0.1 * len(gold["quotes"]), errors


@pytest.mark.slow
def test_seed_pipeline_matches_gold(seed_story: Story) -> None:
    gold = load_gold("seed_gold.yaml")
    aligned = check_quotes_and_notes(seed_story, gold)
    found = check_characters(seed_story, gold)
    # Issue 3: Gai and Kakashi are each one cluster holding all their name forms.
    check_single_clusters(found, gold, ("Maito Gai", "Hatake Kakashi"))
    errors = speaker_errors(seed_story, gold, aligned)
    assert len(errors) <= 1, errors


@pytest.mark.slow
def test_seed_pipeline_addressees_match_gold(seed_story: Story) -> None:
    gold = load_gold("seed_gold.yaml")
    errors = addressee_errors(seed_story, gold, align_quotes(seed_story, gold))
    assert len(errors) <= 1, errors


@pytest.mark.slow
def test_sample_pipeline_addressees_match_gold(sample_story: Story) -> None:
    gold = load_gold("sample_gold.yaml")
    errors = addressee_errors(sample_story, gold, align_quotes(sample_story, gold))
    assert len(errors) <= 0.15 * len(gold["quotes"]), errors


@pytest.mark.slow
@pytest.mark.parametrize("name", ["sample_gold.yaml", "seed_gold.yaml"])
def test_pipeline_quote_types_match_gold(name: str, request: pytest.FixtureRequest) -> None:
    fixture = "sample_story" if name.startswith("sample") else "seed_story"
    story: Story = request.getfixturevalue(fixture)
    gold = load_gold(name)
    errors = type_errors(gold, align_quotes(story, gold))
    assert len(errors) <= 0.15 * len(gold["quotes"]), errors


# --- the scoring above, checked on a hand-built perfect Story ----------------------


def perfect_story(text: str, gold: dict[str, Any]) -> Story:
    """A Story holding exactly the gold: what a flawless pipeline would return."""
    from ficlens.document import Chapter, Note

    spans = paragraph_spans(text)
    story = Story(text=text)
    story.characters = [
        Character(id=m["name"], name=m["name"], aliases=list(m["aliases"])) for m in gold["cast"]
    ]
    for note in gold["notes"]:
        start, end = spans[note["para"] - 1]
        story.notes.append(Note(start, end, kind=note["kind"]))
    story.chapters = [
        Chapter(spans[c["para"] - 1][0], len(text), c["heading"]) for c in gold["chapters"]
    ]
    cursor: dict[int, int] = {}
    for n, want in enumerate(gold["quotes"]):
        start, end = spans[want["para"] - 1]
        found = list(re.finditer(r'"[^"]*"', text[start:end]))[cursor.get(want["para"], 0)]
        cursor[want["para"]] = cursor.get(want["para"], 0) + 1
        story.quotes.append(
            Quote(
                id=f"q{n}",
                start=start + found.start(),
                end=start + found.end(),
                text=found.group(),
                speaker=want["speaker"],
                addressees=list(want["addressees"]),
                type=want["type"],
            )
        )
    return story


@pytest.mark.parametrize("name", ["sample_gold.yaml", "seed_gold.yaml"])
def test_gold_scoring_accepts_the_gold_and_counts_each_error(name: str) -> None:
    gold = load_gold(name)
    text = SAMPLE.read_text(encoding="utf-8") if name.startswith("sample") else read_seed()
    story = perfect_story(text, gold)
    aligned = check_quotes_and_notes(story, gold)
    found = check_characters(story, gold)
    check_single_clusters(found, gold, tuple(m["name"] for m in gold["cast"]))
    assert speaker_errors(story, gold, aligned) == []
    assert addressee_errors(story, gold, aligned) == []
    assert type_errors(gold, aligned) == []
    # Three wrong speakers, one lost quote, one wrong type: each counted once.
    wrong = {0: "Gai", 5: None, 7: story.quotes[6].speaker}
    for index, speaker in wrong.items():
        story.quotes[index].speaker = speaker
    story.quotes[9].type = "implicit" if story.quotes[9].type != "implicit" else "explicit"
    del story.quotes[12]
    aligned = align_quotes(story, gold)
    assert aligned[12] is None and aligned[13] is story.quotes[12]
    expected_wrong = {i for i in wrong if gold["quotes"][i]["speaker"] != wrong[i]} | {12}
    assert len(speaker_errors(story, gold, aligned)) == len(expected_wrong)
    assert len(type_errors(gold, aligned)) == 2
    with pytest.raises(AssertionError, match="not found"):
        check_quotes_and_notes(story, gold)
