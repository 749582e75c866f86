"""Cluster the name mentions into characters, and find the unnamed ones.

Names cluster on their parts, order-free (``Hatake Kakashi`` == ``Kakashi
Hatake``), with titles and honorifics stripped for matching. A lone part joins the
one cluster that holds it (``Hatake`` -> Kakashi when the story has one Hatake);
full names that differ in a part stay apart, so family members do (``Hatake
Sakumo``, ``Hatake Kakashi``). ``Mr. X``, ``Mrs. X`` and ``Miss X`` are three
people unless the story writes the title with a full name; ``Miss X`` is the
elder sister when the story calls a ``Miss Jemima X`` ``Miss Jemima``, and ``Dr
X`` is not a lone ``Miss X``. A pet name joins the one bearer of its formal name
(``Lizzy`` -> ``Elizabeth``). The cast file and an AO3 download's character and
relationship tags seed the clusters first.

Unnamed people become characters when they recur or speak: role nouns (``the
shopkeeper``) and descriptors capitalised as names (``the Old Man``) here, groups
(``the rest of the genin`` ... ``his agemates``) here, relational nouns (``his
father``) in coref, once ``his`` is resolved.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ficlens.document import Character, Mention, Story
from ficlens.epithets import EPITHET_NOUNS
from ficlens.names import DIMINUTIVES, Name, name_gender, normalise, parse_name, words
from ficlens.pipeline import Options, Stage

#: Nouns that usually describe a named character ("the boy" = Gai): coref links them.
DESCRIPTORS = frozenset(
    words(
        "boy girl man woman kid child lady gentleman guy person fellow lad youth figure "
        "teen teenager baby infant toddler youngster"
    )
)
#: Nouns that say how one person relates to another ("his father"): coref keys them.
RELATIONAL = frozenset(
    words(
        "father dad daddy papa pa mother mom mum mommy mummy mama ma son daughter brother "
        "sister husband wife uncle aunt nephew niece cousin grandfather grandpa "
        "grandmother grandma parent sibling twin stepfather stepmother godfather godmother "
        "mamma mammy pappy"
    )
)
# Not "his rival", "my friend", "her teacher": in a story those are mostly the
# named characters themselves, so they are left to the reader, not made people.
#: Plural heads that name a cohort of peers; in one chapter they are one group.
PEERS = frozenset(
    words(
        "kid child genin chuunin chunin agemate classmate peer student other boy girl "
        "teen teenager youngster pupil trainee cadet ninja shinobi"
    )
)

_PAREN = re.compile(r"\s*\([^)]*\)")


@dataclass
class _Cluster:
    key: frozenset[str]
    names: list[Name] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    title_classes: set[str] = field(default_factory=set)
    canonical: str = ""
    gender: str | None = None
    from_cast: bool = False
    extra_aliases: list[str] = field(default_factory=list)


def seed_names(story: Story, options: Options) -> list[str]:
    """Every name the cast file and the archive's metadata give, aliases included."""
    names: list[str] = []
    for member in options.cast or []:
        names.append(member.name)
        names.extend(member.aliases)
    names.extend(_metadata_people(story))
    return names


def _metadata_people(story: Story) -> list[str]:
    """``Hatake Kakashi/Maito Gai``, ``Gai (Naruto)`` -> plain names."""
    people = list(story.metadata.characters)
    for rel in story.metadata.relationships:
        people.extend(re.split(r"\s*[/&]\s*", rel))
    out = []
    for person in people:
        clean = _PAREN.sub("", person).strip()
        if clean and clean.lower() not in (
            "original character",
            "original characters",
            "reader",
            "you",
        ):
            out.append(clean)
    return out


def _seed_clusters(story: Story, options: Options) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    by_key: dict[frozenset[str], _Cluster] = {}
    entries = [(m.name, m.aliases, m.gender) for m in options.cast or []]
    entries += [(name, [], None) for name in _metadata_people(story)]
    for canonical, aliases, gender in entries:
        name = parse_name(canonical)
        if not name.parts:
            continue
        if name.key in by_key:
            cluster = by_key[name.key]
        else:
            cluster = _Cluster(name.key, canonical=name.text, from_cast=True)
            clusters.append(cluster)
            by_key[name.key] = cluster
        cluster.names.append(name)
        cluster.gender = cluster.gender or gender or name.title_gender
        for alias in aliases:
            alias_name = parse_name(alias)
            cluster.names.append(alias_name)
            cluster.extra_aliases.append(alias_name.text)
    return clusters


class _Index:
    """Which clusters hold a name part, a full key, or a title + part."""

    def __init__(self) -> None:
        self.by_key: dict[frozenset[str], _Cluster] = {}
        self.by_part: dict[str, list[_Cluster]] = defaultdict(list)
        self.by_title: dict[tuple[str, str], list[_Cluster]] = defaultdict(list)

    def add(self, cluster: _Cluster, name: Name) -> None:
        self.by_key.setdefault(name.key, cluster)
        for part in name.key:
            if cluster not in self.by_part[part]:
                self.by_part[part].append(cluster)
        cls = name.title_class
        if cls:
            cluster.title_classes.add(cls)
            for part in name.key:
                if cluster not in self.by_title[(cls, part)]:
                    self.by_title[(cls, part)].append(cluster)

    def titled(self, cls: str, part: str) -> _Cluster | None:
        """The one cluster seen as ``Miss ... Bennet``; None when several are."""
        found = self.by_title.get((cls, part), [])
        return found[0] if len(found) == 1 else None


def cluster_names(mentions: list[Mention], seeds: list[_Cluster]) -> list[_Cluster]:
    """Alias clustering of proper mentions into clusters (seeds first)."""
    index = _Index()
    clusters = list(seeds)
    for c in seeds:
        for name in c.names:
            index.add(c, name)
    parsed = [(m, parse_name(m.text)) for m in mentions if m.kind == "proper"]
    parsed = [(m, n) for m, n in parsed if n.parts]

    def new(name: Name) -> _Cluster:
        cluster = _Cluster(name.key)
        clusters.append(cluster)
        return cluster

    def attach(cluster: _Cluster, m: Mention, name: Name) -> None:
        cluster.mentions.append(m)
        cluster.names.append(name)
        index.add(cluster, name)

    # 1. Full names, in either order; a titled full name brings its title along.
    for m, name in parsed:
        if name.full:
            attach(index.by_key.get(name.key) or new(name), m, name)
    # 2. Title + one part: "Mr. Bennet" joins only a cluster seen with the same kind
    #    of title, or (for Dr./Captain/Lady...) the one cluster holding the part.
    misses = {n.parts[0].lower() for _, n in parsed if n.title_class == "miss" and not n.full}
    elders: dict[str, _Cluster] = {}
    for m, name in parsed:
        if name.full or not name.title:
            continue
        part = name.parts[0].lower()
        cls = name.title_class
        target = index.titled(cls, part) if cls else None
        if cls == "miss" and (part in elders or target and _younger(target, part, misses)):
            # "Miss Pinkerton" is the elder sister when "Miss Jemima Pinkerton" is
            # called "Miss Jemima": the form a younger sister goes by.
            if part not in elders:
                elders[part] = new(name)
            attach(elders[part], m, name)
            continue
        if target is None and not cls:
            # "Lady Catherine" is "Catherine de Bourgh", but "Colonel Fitzwilliam" is
            # not "Mr. Fitzwilliam Darcy": a name seen with another title is taken.
            holders = [
                c
                for c in index.by_part.get(part, [])
                if _gender_ok(c, name)
                and _titles(c) <= {name.title.lower()}
                and not (name.title.lower() in _WIVES_TITLES and _surname_of(c, part))
            ]
            if len(holders) > 1:
                holders = [c for c in holders if name.title.lower() in _titles(c)]
            target = holders[0] if len(holders) == 1 else None
        if target is None and cls == "mr":
            target = _only_man(index.by_part.get(part, []))
        if target is None and not cls:
            # The lone "Oak" cluster, but not a woman's: "Dr Marjoribanks" is not
            # "Miss Marjoribanks" (a doctor who was Miss X would be written Dr X).
            target = index.by_key.get(frozenset([part]))
            if target is not None and _title_genders(target) == {"she"} and not name.title_gender:
                target = None
        if target is None:
            target = new(name)
            if cls:
                index.by_title[(cls, part)].append(target)
        attach(target, m, name)
    # 3. One part alone: the one cluster that holds it, else the most mentioned.
    singles = [(m, n) for m, n in parsed if not n.full and not n.title]
    # How often each part is used alone: "Tsukino" is the Tsukino the story calls by
    # her given name ("Rei") most, not the one whose full name recurs most.
    alone = Counter(n.parts[0].lower() for _, n in singles)
    for m, name in singles:
        part = name.parts[0].lower()
        target = index.by_key.get(name.key)
        if target is None or len(target.key) == 1:
            holders = [c for c in index.by_part.get(part, []) if len(c.key) > 1 or c.title_classes]
            if holders:
                # Several Hatakes/Bennets: the bare surname is the most present one,
                # a man's title first (the 19th-century "Bennet" is Mr. Bennet).
                holders.sort(
                    key=lambda c: (
                        "mr" not in c.title_classes,
                        -len(c.mentions) - sum(alone[p] for p in c.key if p != part),
                    )
                )
                target = holders[0]
        attach(target or new(name), m, name)
    return clusters


#: Titles a wife takes with her husband's surname: ``Lady Elliot`` is not ``Anne Elliot``
#: (but ``Lady Catherine`` is ``Catherine de Bourgh``).
_WIVES_TITLES = frozenset(words("lady dame duchess countess baroness"))


def _younger(cluster: _Cluster, surname: str, misses: set[str]) -> bool:
    """The cluster is ``Miss Jemima Pinkerton`` and the story calls her ``Miss Jemima``."""
    given = {p.lower() for n in cluster.names if n.full for p in n.parts[:-1]}
    return _surname_of(cluster, surname) and bool(given & misses)


def _surname_of(cluster: _Cluster, part: str) -> bool:
    """``part`` ends the cluster's full names (its surname, in Western order)."""
    full = [n for n in cluster.names if n.full]
    return bool(full) and all(n.parts[-1].lower() == part for n in full)


def _only_man(holders: list[_Cluster]) -> _Cluster | None:
    """``Mr. Oak`` is ``Gabriel Oak`` when he is the story's only full-named Oak, a man.

    Not for Mrs./Miss: a woman's surname is often her husband's or father's
    (``Mrs. Bennet`` is not ``Elizabeth Bennet``).
    """
    full = [c for c in holders if len(c.key) > 1]
    if len(full) != 1 or len(holders) != 1:
        return None
    man = full[0]
    # A known man's given name or title: "Winnie Verloc" is no "Mr. Verloc".
    genders = {n.title_gender for n in man.names} | {_name_prior(man), man.gender}
    return man if "he" in genders and genders <= {"he", None} else None


def _name_prior(cluster: _Cluster) -> str | None:
    """A common given name's pronouns: a prior that coref's pronoun votes override."""
    found = {name_gender(part) for part in cluster.key} - {None}
    return found.pop() if len(found) == 1 else None


def _titles(cluster: _Cluster) -> set[str]:
    return {n.title.lower() for n in cluster.names if n.title}


def _title_genders(cluster: _Cluster) -> set[str | None]:
    """The sexes the cluster's titles say (``Miss`` -> she; ``Dr`` says none)."""
    return {n.title_gender for n in cluster.names if n.title}


def _gender_ok(cluster: _Cluster, name: Name) -> bool:
    """``Lady Belmont`` is not ``Sir John Belmont``."""
    g = name.title_gender
    if g is None:
        return True
    have = (
        cluster.gender
        or next((n.title_gender for n in cluster.names if n.title_gender), None)
        or _name_prior(cluster)
    )
    return have is None or have == g


def _merge_appositions(story: Story, clusters: list[_Cluster]) -> list[_Cluster]:
    """``Kakashi, the Copy Ninja, ...``: a name in apposition to another is a nickname."""
    owner: dict[int, _Cluster] = {}
    for c in clusters:
        for m in c.mentions:
            owner[m.head] = c
    tokens = story.tokens
    merged: dict[int, _Cluster] = {}
    for c in clusters:
        for m in c.mentions:
            tok = tokens[m.head]
            # Only a nickname used once or twice; spaCy reads lists of names
            # ("Mr. Bennet, Mrs. Bennet, Elizabeth") as appositions too.
            if len(c.mentions) > 2 or _titles(c):
                break
            if tok.dep == "appos" and tok.head in owner:
                target = owner[tok.head]
                while id(target) in merged:
                    target = merged[id(target)]
                if target is not c and id(c) not in merged:
                    merged[id(c)] = target
    for c in clusters:
        if id(c) in merged:
            target = merged[id(c)]
            while id(target) in merged:
                target = merged[id(target)]
            target.mentions += c.mentions
            target.names += c.names
    return [c for c in clusters if id(c) not in merged]


def _merge_diminutives(clusters: list[_Cluster]) -> list[_Cluster]:
    """``Lizzy`` is ``Elizabeth``, ``Tommy`` is ``Thomas Beresford``: a pet name joins
    the story's one untitled (or Miss) bearer of the formal name, of the same sex.

    Only a lone pet name moves, and only where one cluster could take it: two
    Elizabeths, or an Elizabeth seen only as ``Lady Elizabeth``, leave it alone.
    """
    merged: set[int] = set()
    for c in clusters:
        if len(c.key) != 1 or c.from_cast or _titles(c) - {"miss"}:
            continue
        formal = DIMINUTIVES.get(next(iter(c.key)))
        if not formal:
            continue
        takers = [
            t
            for t in clusters
            if t is not c
            and id(t) not in merged
            and t.key & formal
            and not _titles(t) - {"miss"}
            and {_name_prior(t) or t.gender, _name_prior(c) or c.gender} - {None} != {"he", "she"}
        ]
        if len(takers) == 1:
            takers[0].mentions += c.mentions
            takers[0].names += c.names
            merged.add(id(c))
    return [c for c in clusters if id(c) not in merged]


def _canonical(cluster: _Cluster) -> str:
    if cluster.canonical:
        return cluster.canonical
    counts = Counter(n.text for n in cluster.names)

    # The fullest proper name: most parts; a title only for a lone part ("Mr.
    # Bennet", but "Elizabeth Bennet" over "Miss Elizabeth Bennet"); most used.
    def rank(n: Name) -> tuple[int, bool, int, int]:
        return (
            len(n.parts),
            bool(n.title) == (len(n.parts) == 1),
            counts[n.text],
            -len(n.honorific),
        )

    best = max(cluster.names, key=rank)
    return best.display if best.title and len(best.parts) == 1 else " ".join(best.parts)


def title_nouns(characters: list[Character]) -> dict[str, list[str]]:
    """Title as a noun -> the named characters who bear it (``doctor`` -> Dr. Livesey)."""
    out: dict[str, list[str]] = defaultdict(list)
    for c in characters:
        if c.kind != "named":
            continue
        for form in (c.name, *c.aliases):
            title = parse_name(form).title.lower().rstrip(".")
            noun = _TITLE_NOUN.get(title, title)
            if noun and c.id not in out[noun]:
                out[noun].append(c.id)
    return out


_TITLE_NOUN = {"dr": "doctor", "capt": "captain", "prof": "professor", "rev": "reverend"}


def _nominal_characters(
    story: Story, taken: set[int], titled: set[str]
) -> list[tuple[Character, list[Mention]]]:
    """Role nouns and groups that recur or speak (not ``the doctor`` when Dr. X is here)."""
    from ficlens.stages.mentions import SPEECH_VERBS

    tokens = story.tokens
    roles: dict[str, list[Mention]] = defaultdict(list)
    # One group per noun across the whole story: a reader's cast lists "the other
    # apprentices" once, not once per chapter.
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in story.mentions:
        if m.kind != "nominal" or m.head in taken:
            continue
        head = tokens[m.head]
        if head.dep in ("attr", "acomp", "appos") or tokens[head.head].text.lower() == "as":
            continue  # predicative ("friends as children"), not a referring phrase
        lemma = head.lemma.lower()
        if m.plural:
            cls = "peers" if lemma in PEERS or head.text.lower() in PEERS else lemma
            groups[cls].append(m)
        elif _title_cased(story, m):
            roles[_words_of(story, m)].append(m)  # "the Old Man", "the Boy": a name
        elif (
            lemma not in DESCRIPTORS
            and lemma not in RELATIONAL
            and lemma not in titled
            and head.text.lower() not in EPITHET_NOUNS  # "the blond": coref, by looks
            and not _possessed(story, m)
        ):
            roles[lemma].append(m)

    def recurs(ms: list[Mention]) -> bool:
        # Nouns inside speech ("Eternal rivals, you said") are mostly not people
        # on stage; they count only as a speech tag's subject.
        return sum(1 for m in ms if m.quote is None) >= 2 or speaks(ms)

    def speaks(ms: list[Mention]) -> bool:
        return any(
            tokens[m.head].dep == "nsubj"
            and tokens[tokens[m.head].head].lemma.lower() in SPEECH_VERBS
            for m in ms
        )

    out: list[tuple[Character, list[Mention]]] = []
    for key, ms in roles.items():
        if recurs(ms):
            out.append(
                (
                    Character(
                        id="",
                        name=f"the {key if key[:1].isupper() else tokens[ms[0].head].text.lower()}",
                        kind="unnamed",
                        gender=ms[0].gender,
                    ),
                    ms,
                )
            )
    for ms in groups.values():
        if recurs(ms):
            heads = Counter(tokens[m.head].text.lower() for m in ms)
            best = max(
                ms,
                key=lambda m: (
                    heads[tokens[m.head].text.lower()],
                    tokens[m.head].tag == "NNS",
                    -m.start,
                ),
            )
            out.append(
                (
                    Character(
                        id="",
                        name=f"the {tokens[best.head].text.lower()}",
                        kind="group",
                        gender="they",
                    ),
                    ms,
                )
            )
    return out


def _title_cased(story: Story, m: Mention) -> bool:
    """``the Old Man``, ``the Boy``: a person noun capitalised mid-sentence is used as a name.

    Only a descriptor (``man``, ``boy``) written so: it is then one person, not
    the named character coref would take ``the man`` for. Not at a sentence's
    start, in an all-capitals heading, or in a run of capitalised words that is
    a heading or a title (the word after it is capitalised too).
    """
    tokens = story.tokens
    head = tokens[m.head]
    if m.plural or head.lemma.lower() not in DESCRIPTORS or m.tok_start == m.head:
        return False
    if tokens[m.tok_start].text.lower() != "the":
        return False
    words_ = [tokens[i].text for i in range(m.tok_start + 1, m.head + 1)]
    if not all(w[:1].isupper() and not w.isupper() for w in words_):
        return False
    sent_start = story.sentences[head.sent][0]
    if m.tok_start + 1 == sent_start:
        return False
    after = tokens[m.head + 1].text if m.head + 1 < len(tokens) else ""
    return not after[:1].isupper()


def _words_of(story: Story, m: Mention) -> str:
    """``The Old Man`` -> ``Old Man`` (the role's key and, after ``the``, its name)."""
    tokens = story.tokens
    return " ".join(tokens[i].text for i in range(m.tok_start + 1, m.head + 1))


def _possessed(story: Story, m: Mention) -> bool:
    return any(story.tokens[i].dep == "poss" for i in range(m.tok_start, m.head))


def build_characters(story: Story, options: Options) -> list[Character]:
    """Characters from the mentions (and the seeds); sets ``Mention.character``."""
    seeds = _seed_clusters(story, options)
    clusters = cluster_names(story.mentions, seeds)
    clusters = _merge_appositions(story, clusters)
    clusters = _merge_diminutives(clusters)
    made: list[tuple[Character, list[Mention]]] = []
    for c in clusters:
        if not c.mentions and not c.from_cast:
            continue
        name = _canonical(c)
        forms = [n.display for n in c.names] + c.extra_aliases
        aliases = list(dict.fromkeys(f for f in forms if f and f != name))
        gender = (
            c.gender
            or next((n.title_gender for n in c.names if n.title_gender), None)
            or _name_prior(c)
        )
        made.append(
            (
                Character(
                    id="",
                    name=name,
                    aliases=aliases,
                    gender=gender,
                    kind="named",
                    from_cast=c.from_cast,
                ),
                c.mentions,
            )
        )
    taken = {m.head for _, ms in made for m in ms}
    made += _nominal_characters(story, taken, set(title_nouns([c for c, _ in made])))
    # Ids in order of first appearance; cast members never seen go last.
    made.sort(key=lambda cm: min((m.start for m in cm[1]), default=len(story.text) + 1))
    characters = []
    for n, (char, ms) in enumerate(made):
        char.id = f"c{n}"
        for m in ms:
            m.character = char.id
        if char.kind != "named":
            char.aliases = list(
                dict.fromkeys(normalise(m.text) for m in ms if normalise(m.text) != char.name)
            )
        characters.append(char)
    update_counts(story, characters)
    return characters


def update_counts(story: Story, characters: list[Character] | None = None) -> None:
    """Recompute mentions, quotes, first appearance and profiles from the layers."""
    characters = story.characters if characters is None else characters
    by_id = {c.id: c for c in characters}
    for c in characters:
        c.mentions, c.quotes, c.first_appearance = 0, 0, -1
    for m in story.mentions:
        char = by_id.get(m.character or "")
        if char is None:
            continue
        char.mentions += 1
        if char.first_appearance < 0 or m.start < char.first_appearance:
            char.first_appearance = m.start
    for q in story.quotes:
        speaker = by_id.get(q.speaker or "")
        if speaker is not None:
            speaker.quotes += 1
    _profiles(story, by_id)


def _profiles(story: Story, by_id: dict[str, Character]) -> None:
    """BookNLP's ``.book`` file: what each character does, has done to them, and is."""
    tokens = story.tokens
    appos: dict[int, list[int]] = defaultdict(list)
    attrs: dict[int, list[int]] = defaultdict(list)
    for t in tokens:
        if t.dep == "appos" and t.head != t.i:
            appos[t.head].append(t.i)
        elif t.dep in ("acomp", "attr") and t.head != t.i or t.dep == "amod" and t.head != t.i:
            attrs[t.head].append(t.i)
    found: dict[str, dict[str, list[str]]] = {
        cid: {"agent": [], "patient": [], "adjectives": [], "appositions": []} for cid in by_id
    }
    for m in story.mentions:
        if m.character not in found or m.head < 0:
            continue
        prof = found[m.character]
        tok = tokens[m.head]
        head = tokens[tok.head]
        if tok.dep in ("nsubj", "agent") and head.pos == "VERB":
            prof["agent"].append(head.lemma.lower())
        elif tok.dep in ("dobj", "nsubjpass", "dative") and head.pos == "VERB":
            prof["patient"].append(head.lemma.lower())
        if tok.dep == "nsubj" and head.lemma == "be":
            prof["adjectives"] += [
                tokens[a].text.lower()
                for a in attrs.get(head.i, ())
                if tokens[a].pos in ("ADJ", "VERB") and tokens[a].dep == "acomp"
            ]
        if m.kind == "nominal":
            prof["adjectives"] += [
                tokens[a].text.lower() for a in attrs.get(m.head, ()) if tokens[a].pos == "ADJ"
            ]
        # Any word of the name may carry it ("Hatake Kakashi, the brilliant genius").
        for i in range(max(m.tok_start, 0), max(m.tok_end, m.head + 1)):
            for a in appos.get(i, ()):
                prof["appositions"].append(_phrase(story, a))
    for cid, prof in found.items():
        by_id[cid].profile = {k: _top(v) for k, v in prof.items()}


def _phrase(story: Story, head: int) -> str:
    """The words of a noun phrase up to its head (``the brilliant genius``)."""
    tokens = story.tokens
    start = head
    while start > 0 and tokens[start - 1].head == head and tokens[start - 1].dep != "punct":
        start -= 1
    return story.text[tokens[start].start : tokens[head].end]


def _top(items: list[str], n: int = 10) -> list[str]:
    return [w for w, _ in Counter(items).most_common(n)]


def characters(story: Story, options: Options) -> Story:
    story.characters = build_characters(story, options)
    return story


STAGE = Stage("characters", characters, needs=("mentions",), sets=("characters",))

__all__ = [
    "DESCRIPTORS",
    "RELATIONAL",
    "STAGE",
    "build_characters",
    "seed_names",
    "title_nouns",
    "update_counts",
]
