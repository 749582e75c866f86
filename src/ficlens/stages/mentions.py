"""Find every reference to a person: names, pronouns and person nominals.

spaCy's PERSON entities miss most invented names (and tag ``Maa`` as a PERSON,
``Hatake`` as an ORG), so a capitalised span becomes a name by the *evidence*
the whole story gives for its spelling: entity labels, speech tags (``"..." Gai
asked``), vocatives (``"Gai, look"``), honorifics and titles, subject position,
against place evidence (GPE labels, ``in``/``at`` objects, ``the town of X``,
``X Park``, an article before it) and exclusion lists of interjections, coins,
nationals (``Englishman``) and place words (which a title turns back into a
surname: ``Mrs. Hall``). Sentence-initial capitals count only for a
spelling that is accepted elsewhere.

The stage makes a handful of linear passes over the tokens; nothing here is
quadratic in the length of the story.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ficlens.document import Mention, Story, Token
from ficlens.epithets import EPITHET_NOUNS
from ficlens.names import HONORIFICS, TITLES, parse_name, word_table, words
from ficlens.pipeline import Options, Stage

# --- lexicons -----------------------------------------------------------------

#: Pronoun -> (gender, person, plural). ``they`` may be singular; coref decides.
PRONOUNS: dict[str, tuple[str, int, bool]] = {}
for _words, _info in (
    ("he him his himself", ("he", 3, False)),
    ("she her hers herself", ("she", 3, False)),
    ("they them their theirs themselves themself", ("they", 3, True)),
    (
        "xe xem xyr xyrs xemself ze zir zirs zirself hir hirs hirself ey em eir emself",
        ("xe", 3, False),
    ),
    ("i me my mine myself", ("", 1, False)),
    ("we us our ours ourselves", ("", 1, True)),
    ("you your yours yourself yourselves", ("", 2, False)),
):
    for _w in _words.split():
        PRONOUNS[_w] = _info

#: Person nouns -> the gender they imply ("" for none).
_MALE = (
    "boy man father dad daddy papa pa son brother husband uncle nephew grandfather grandpa "
    "king prince lord gentleman sir monk priest guy fellow lad bachelor widower groom "
    "bridegroom boyfriend master mister duke count earl baron emperor sultan tsar "
    "schoolboy stepfather pappy pop stepson godfather"
)
_FEMALE = (
    "girl woman mother mom mum mommy mummy mama ma daughter sister wife aunt niece "
    "grandmother grandma queen princess lady madam maid maiden nun widow bride girlfriend "
    "mamma mammy mistress duchess countess baroness empress schoolgirl stepmother stepdaughter "
    "godmother landlady governess housekeeper actress waitress heroine hostess"
)
_ANY = (
    "passenger fool inhabitant guide individual seaman gardener hero savage waggoner "
    "wagoner patient personage devil workman worker labourer laborer observer soul "
    "keeper prefect shepherd customer player victim ancestor deity magistrate prospector "
    "beggar rascal villain wretch angel sinner porter messenger valet tutor tenant miner "
    "peddler pedlar tailor blacksmith smith carpenter mason weaver miller banker broker "
    "attorney solicitor barrister pastor friar cardinal pope chieftain trapper scout "
    "cowboy rancher sheriff marshal deputy outlaw bandit pirate steward trooper sentinel "
    "corporal recruit veteran foe opponent traitor spy convict captive page squire "
    "nobleman foreigner caller beloved heiress maiden lass chap mortal human "
    "person child kid baby infant toddler teen teenager youth adult parent sibling cousin "
    "twin friend enemy rival partner lover spouse stranger neighbour neighbor visitor guest "
    "host owner shopkeeper merchant vendor clerk cashier waiter bartender innkeeper "
    "landlord servant butler footman coachman driver cook chef baker butcher farmer "
    "fisherman hunter soldier officer captain sergeant general commander guard sentry "
    "knight warrior ninja shinobi kunoichi genin chuunin chunin jounin jonin anbu samurai "
    "sensei teacher student pupil classmate agemate peer teammate mentor apprentice master "
    "doctor nurse healer medic surgeon physician lawyer judge clerk secretary manager boss "
    "leader chief elder villager citizen resident native traveller traveler stranger "
    "sailor pilot captain mate crew boatswain harpooneer whaler "
    "detective inspector constable policeman police thief robber murderer killer prisoner "
    "witch wizard mage sorcerer priestess prophet god goddess "
    "hokage kage shopgirl shopboy newcomer passerby bystander onlooker crowd "
    "family clan team squad gang mob people folk folks kin relatives "
    "orphan heir slave noble peasant youngster creature lodger undertaker scholar colonist "
    "rider female male fugitive invalid sufferer "
    "author narrator reader writer artist painter musician singer dancer poet "
    "clergyman curate vicar parson rector minister preacher bishop "
    "colleague companion comrade ally admirer suitor fiance fiancee "
    "grandparent grandchild grandson granddaughter"
)
PERSON_NOUNS: dict[str, str] = {}
for _words, _g in ((_ANY, ""), (_MALE, "he"), (_FEMALE, "she")):
    for _w in _words.split():
        PERSON_NOUNS[_w] = _g
# "the blond", "the redhead": people named by their hair (``ficlens.epithets``).
PERSON_NOUNS.update(dict.fromkeys(EPITHET_NOUNS, ""))
#: Common nouns WordNet knows as people beyond the list above (``auctioneer``,
#: ``urchin``; ``data/person_nouns.txt``, built by ``scripts/build_person_nouns.py``).
WORDNET_PERSONS = True


def wordnet_persons() -> dict[str, str]:
    return word_table("person_nouns.txt")


#: Person nouns spaCy tags PROPN when written bare and capitalised ("Mother", "Sir").
BARE_PERSONS = frozenset(
    words("mother father mamma mama papa pa ma uncle aunt sir madam grandma grandpa mammy pappy")
)
#: Nouns that name a collection of people: always a group mention.
COLLECTIVES = frozenset(
    words("crowd family clan team squad gang mob people folk folks kin relatives police")
)
#: ``the rest of the genin``, ``most of his agemates``: the person noun is the head.
PARTITIVES = frozenset(
    words(
        "rest most all some many few several none both each group crowd bunch couple pair "
        "handful lot majority half one two three"
    )
)

#: Capitalised words that are not names even where the model says PERSON.
NOT_NAMES = frozenset(
    words(
        # interjections and onomatopoeia that fan fiction capitalises
        "yosh maa oi hn hmm hmph tch ah oh eh uh um umm er erm well yes no yeah yep nope "
        "okay ok hey hi hello bye sorry please thanks wow whoa woah ugh argh gah huh ha haha "
        "heh hehe eep oops ow ouch shh psst sigh nani ano etto demo baka sugoi kya "
        "aww aw ahh ooh alright right sure fine god gods lord heaven heavens hell damn shit "
        "christ jesus dear darling honey sweetheart love sir madam ma'am mister miss "
        "nay aye yea alas indeed pray amen society phew pho pooh pshaw bah tut tush hush "
        "hurrah hurray huzzah bravo sapristi mon dieu gad egad zounds lor lawks "
        # coins
        "penny pence twopence threepence sixpence shilling shillings guinea guineas "
        # days, months, seasons and other calendar words
        "monday tuesday wednesday thursday friday saturday sunday january february march "
        "july september october november december spring summer autumn "
        "winter christmas easter today tomorrow yesterday michaelmas whitsun whitsuntide "
        "candlemas martinmas lammas midsummer hallowmas shrovetide lent advent "
        # place and organisation words
        "konoha konohagakure leaf village academy suna sunagakure kiri kirigakure iwa "
        "iwagakure kumo kumogakure hogwarts ministry england london france paris america "
        "street road lane avenue square park river lake mountain hill house hall manor castle "
        "church school college university court kingdom empire city town county "
        # rank words fan fiction capitalises
        "genin chuunin chunin jounin jonin anbu hokage kage sensei eternal "
        # function words and pronouns that turn up capitalised
        "i the a an and but or if then when why what who how where this that these those "
        "he she they we you it his her their our my your its them him us me "
        "chapter part book volume end prologue epilogue note disclaimer"
    )
)

#: A man or woman of a nation: "Englishman", "Frenchwomen" (not "Freeman", "Hoffman").
_NATIONALITY = re.compile(
    r"^(?:English|French|Irish|Scots|Scotch|Welsh|Dutch|China|Norse|Cornish|Mancunian|"
    r"Country|Church|Clergy|Gentle|Noble|Kins|Towns|Sales)(?:man|men|woman|women)$"
)
#: Place words that are also surnames after a title: "Mrs. Hall", "Mr. Church".
_SURNAME_WORDS = frozenset(
    words(
        "hall house lane street park hill church court castle manor city town field "
        "wood brook lake river moor rivers banks brooks woods fields hills"
    )
)
#: "the town of X", "the county of X": X is a place.
_PLACE_NOUNS = frozenset(
    words(
        "town city village county country island kingdom province parish state district "
        "port capital duchy principality republic valley"
    )
)
#: Last words that make a capitalised run a place: "Netherfield Park", "Baker Street".
_PLACE_SUFFIXES = frozenset(
    words(
        "park street road lane avenue square hall house manor castle court abbey place "
        "lodge cottage farm grange priory church chapel bridge station hotel inn river "
        "lake hill mountain island bay harbour harbor islands county city town village"
    )
)

SPEECH_VERBS = frozenset(
    words(
        "say ask reply answer mutter murmur whisper shout yell call cry scream add "
        "continue begin start explain insist demand snap growl hiss sigh laugh chuckle "
        "snort huff grumble mumble stammer stutter breathe gasp exclaim announce declare "
        "remark note observe respond retort protest plead beg suggest offer agree admit "
        "confess counter interrupt challenge tease taunt repeat wonder inquire enquire "
        "question groan whine sob sniff sniffle squeak bark roar bellow drawl purr coo "
        "chirp sneer scoff muse tell order command warn promise prompt urge finish "
        "conclude go pause"
    )
)

#: What a narrator says just before their own name: "Call me Ishmael".
SELF_NAMING = re.compile(r"\b(?:[Mm]y name (?:is|was)|[Cc]all me|called me|named me)\s+$")
_PARTICLES = frozenset(words("de van von der du la le di da del della bin ibn al"))
_NAME_PUNCT = frozenset("'\u2019-.")
_QUOTE_MARKS = frozenset("\"\u201c\u201d'\u2018\u2019\u00ab\u00bb")
_OPENERS = _QUOTE_MARKS | {"(", "[", "-", "--", "\u2014", "\u2013", ":", "...", "\u2026"}
_VOCATIVE_AFTER = frozenset({",", "!", "?", "-", "--", "\u2014", "\u2026", "...", ";"})
# Not "at"/"to": people are looked at and talked to.
_PLACE_PREPS = frozenset(
    words(
        "in from into towards toward near across through inside outside around within over "
        "up down along beyond above below"
    )
)
_PLACE_ENTS = frozenset(["GPE", "LOC", "FAC"])
_OTHER_ENTS = frozenset(
    ["ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE", "DATE", "TIME"]
)
_NP_INNER = frozenset(words("det amod poss compound nummod predet case nmod quantmod advmod"))


@dataclass
class _Evidence:
    """What the story says about one spelling of a capitalised span."""

    person: float = 0.0
    place: float = 0.0
    mid: int = 0  # occurrences not at the start of a sentence or quote
    count: int = 0
    strong: bool = False  # title, honorific, speech tag, vocative or cast
    titled: bool = False  # title, honorific or cast


@dataclass
class _Candidate:
    start_tok: int
    end_tok: int  # exclusive
    key: str
    initial: bool
    ok_initial: bool  # at the start but tagged PROPN/PERSON


@dataclass
class _Context:
    """Per-token facts computed once and shared by the finders."""

    initial: list[bool] = field(default_factory=list)
    quote_of: list[int] = field(default_factory=list)  # index into story.quotes, -1


def _context(story: Story) -> _Context:
    tokens = story.tokens
    initial = [False] * len(tokens)
    for s, e in story.sentences:
        i = s
        while i < e and tokens[i].pos == "PUNCT":
            i += 1
        if i < e:
            initial[i] = True
    quote_of = [-1] * len(tokens)
    quotes = story.quotes
    if quotes:
        starts = [q.start for q in quotes]
        for t in tokens:
            k = bisect.bisect_right(starts, t.start) - 1
            if k >= 0 and t.start < quotes[k].end:
                quote_of[t.i] = k
    for t in tokens:
        if t.i and not initial[t.i]:
            prev = tokens[t.i - 1]
            if prev.para != t.para:
                initial[t.i] = True
            elif prev.text in _QUOTE_MARKS:
                # After an opening mark speech starts with a capital; after a
                # closing one ('"..." Gai asked') the name's capital is its own.
                q = quote_of[t.i]
                initial[t.i] = q >= 0 if quotes else True
            elif prev.text in _OPENERS:
                initial[t.i] = True
    return _Context(initial=initial, quote_of=quote_of)


def _is_name_token(tok: Token, initial: bool, titled: bool = False) -> bool:
    """``titled``: a title stands before it, so a place word is a surname ("Mrs. Hall")."""
    text = tok.text
    if text.lower() in PRONOUNS:
        return False
    if not all(ch.isalpha() or ch in _NAME_PUNCT for ch in text):
        return False  # "Darcy:--but": a tokenisation slip, not a name
    if not text[:1].isupper() or not any(ch.isalpha() for ch in text):
        return False
    if text.lower() in NOT_NAMES and not (titled and text.lower() in _SURNAME_WORDS):
        return False
    if _NATIONALITY.match(text):
        return False  # "that mysterious Englishman", "a band of Frenchmen"
    if len(text) > 1 and text.isupper() and tok.ent_type != "PERSON":
        return False  # shouting: "NO", "STOP"
    if text.lower().rstrip(".") in TITLES and tok.pos != "PROPN":
        return False
    if tok.pos in ("PRON", "DET", "ADP", "CCONJ", "SCONJ", "AUX", "PART", "NUM", "PUNCT"):
        return False
    if initial:
        # spaCy often tags a sentence's first invented name NOUN ("Ryo climbed");
        # such a token is kept but counts only if the name is accepted elsewhere.
        return tok.pos in ("PROPN", "NOUN") or tok.ent_type == "PERSON"
    return True


def _candidates(story: Story, ctx: _Context) -> list[_Candidate]:
    """Runs of capitalised tokens, with a title before and an honorific after."""
    tokens = story.tokens
    out: list[_Candidate] = []
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        word = tok.text.lower().rstrip(".")
        start = i
        # A title opens a name: "Mr. Bennet", "Lady Catherine".
        if word in TITLES and tok.text[:1].isupper() and i + 1 < n:
            nxt = tokens[i + 1]
            if nxt.sent == tok.sent and _is_name_token(nxt, False, titled=True):
                i += 1
        if not _is_name_token(tokens[i], ctx.initial[i] and start == i, titled=i > start):
            i += 1
            continue
        j = i + 1
        while (
            j < n and tokens[j].sent == tokens[i].sent and tokens[j].start - tokens[j - 1].end <= 1
        ):
            if _is_name_token(tokens[j], False) and tokens[j].pos == "PROPN":
                j += 1
            elif (  # "Catherine de Bourgh", "Ludwig van Beethoven"
                tokens[j].text in _PARTICLES
                and j + 1 < n
                and tokens[j + 1].start - tokens[j].end <= 1
                and _is_name_token(tokens[j + 1], False)
            ):
                j += 2
            else:
                break
        # "the Bennets", "the Collinses": a family, not a person.
        if (
            start > 0
            and tokens[start - 1].text.lower() == "the"
            and tokens[j - 1].text.endswith("s")
            and tokens[j - 1].text[:1].isupper()
        ):
            i = j
            continue
        # Honorific written with a hyphen: "Gai-kun" (tokenised Gai / - / kun).
        if (
            j + 1 < n
            and tokens[j].text == "-"
            and tokens[j].start == tokens[j - 1].end
            and tokens[j + 1].start == tokens[j].end
            and tokens[j + 1].text.lower() in HONORIFICS
        ):
            j += 2
        span_text = story.text[tokens[start].start : tokens[j - 1].end]
        name = parse_name(span_text)
        if name.parts:
            key = " ".join(p.lower() for p in name.parts)
            first = tokens[i]
            out.append(
                _Candidate(
                    start,
                    j,
                    key,
                    ctx.initial[start],
                    first.pos == "PROPN" or first.ent_type == "PERSON",
                )
            )
        i = j
    return out


def _gather_evidence(
    story: Story, ctx: _Context, cands: list[_Candidate], known: set[str]
) -> dict[str, _Evidence]:
    tokens = story.tokens
    ev: dict[str, _Evidence] = {}
    for c in cands:
        e = ev.setdefault(c.key, _Evidence())
        if c.initial and not c.ok_initial:
            continue
        e.count += 1
        first, last = tokens[c.start_tok], tokens[c.end_tok - 1]
        if not c.initial:
            e.mid += 1
        name = parse_name(story.text[first.start : last.end])
        if name.title or name.honorific or c.key in known:
            e.strong = e.titled = True
        if _after_article(tokens, c.start_tok) and not name.title:
            e.place += 2  # "across the Gorge", "The _Lusitania_": a person takes no article
        nxt = tokens[c.end_tok] if c.end_tok < len(tokens) else None
        if (
            nxt is not None
            and nxt.text[:1].isupper()
            and nxt.text.lower() in _PLACE_SUFFIXES
            and nxt.start - last.end <= 1
            and not name.title
        ):
            e.place += 3  # "Netherfield Park is let": the place's own name is no person
        ent = last.ent_type
        if ent == "PERSON":
            e.person += 1
        elif ent in _PLACE_ENTS:
            e.place += 1
        elif ent == "NORP" or last.tag == "NNPS":
            # "Americans", "the Tories": not one person, whatever verb they take.
            e.place += 3 if last.text.endswith("s") else 1
        elif ent in _OTHER_ENTS:
            e.place += 0.5  # the small model calls many invented names ORG
        head = tokens[last.head]
        if last.dep in ("nsubj", "nsubjpass") and head.pos in ("VERB", "AUX"):
            # The subject of a finite verb ("Ryo saw") is stronger evidence than
            # that of a participle ("Bother calling him a rival?").
            e.person += 2 if head.tag in ("VBD", "VBZ", "VBP") else 1
            if head.lemma.lower() in SPEECH_VERBS and _near_quote(story, ctx, last):
                e.strong = True
                e.person += 2  # places do not speak: outweighs a GPE label or two
        elif last.dep == "poss" or (c.end_tok < len(tokens) and tokens[c.end_tok].dep == "case"):
            e.person += 0.5
        elif last.dep == "pobj" and head.text.lower() in _PLACE_PREPS:
            e.place += 1
        elif (
            last.dep == "pobj"
            and head.text.lower() == "of"
            and tokens[head.head].lemma.lower() in _PLACE_NOUNS
        ):
            e.place += 3  # "the little town of Vevey"
        if SELF_NAMING.search(story.text[max(0, first.start - 20) : first.start]):
            e.strong = True
            e.person += 2
        # Vocative: "Gai, look", "Kakashi!" inside a quote.
        if ctx.quote_of[c.start_tok] >= 0 and c.start_tok > 0 and c.end_tok < len(tokens):
            before, after = tokens[c.start_tok - 1].text, tokens[c.end_tok].text
            if (before in _OPENERS or before == ",") and after in _VOCATIVE_AFTER:
                e.strong = True
                e.person += 1
    return ev


def _after_article(tokens: list[Token], i: int) -> bool:
    """``the`` (any case) just before token ``i``, italic marks between allowed."""
    j = i - 1
    while j >= 0 and tokens[j].text in ("_", "*") and i - j <= 2:
        j -= 1
    return j >= 0 and tokens[j].text.lower() == "the"


def _near_quote(story: Story, ctx: _Context, tok: Token) -> bool:
    """A speech tag: the sentence (or the paragraph's next token) holds a quote."""
    start, end = story.sentences[tok.sent]
    return any(
        ctx.quote_of[j] >= 0 for j in range(max(0, start - 1), min(len(ctx.quote_of), end + 1))
    )


def _accepted(ev: dict[str, _Evidence], known: set[str]) -> set[str]:
    ok: set[str] = set()
    for key, e in ev.items():
        words = key.split()
        if key in known:
            ok.add(key)
            continue
        surname = e.titled and all(w in _SURNAME_WORDS for w in words)  # "Mrs. Hall"
        if any(w in NOT_NAMES for w in words) and len(words) == 1 and not surname:
            continue
        if not surname and all(w in NOT_NAMES or w in PERSON_NOUNS or w in TITLES for w in words):
            continue
        if e.person <= e.place and not e.titled:
            continue
        if e.mid or e.titled:
            if e.strong or e.person >= 1:
                ok.add(key)
        # Only ever where any word is capitalised ("Delusional.", "Bother, he
        # thought"): it takes more than one weak sign.
        elif e.person >= 2 or e.count >= 2 and e.person >= 1:
            ok.add(key)
    # A single word that is a part of an accepted full name is a name too
    # ("Hatake" beside "Hatake Kakashi"), unless the story says it is a place.
    parts = {w for key in ok for w in key.split() if len(key.split()) > 1}
    orders = {frozenset(key.split()) for key in ok}
    # ... and a full name holding an accepted name, seen only at a sentence start
    # ("Oda Genzo had flown" beside "Oda-sensei"), is that person's full name.
    singles = {key for key in ok if " " not in key}
    for key, e in ev.items():
        part_of_name = key in parts and e.place <= e.person + 1
        holds_name = " " in key and e.person > e.place and any(w in singles for w in key.split())
        if part_of_name or holds_name or frozenset(key.split()) in orders:
            ok.add(key)
    return ok


def _known_names(story: Story, options: Options) -> set[str]:
    """Spellings the cast file or the archive's metadata vouch for."""
    from ficlens.stages.characters import seed_names

    known: set[str] = set()
    for surface in seed_names(story, options):
        name = parse_name(surface)
        if name.parts:
            known.add(" ".join(p.lower() for p in name.parts))
            if len(name.parts) > 1:
                known.update(p.lower() for p in name.parts)
    return known


def _proper_mentions(story: Story, ctx: _Context, options: Options) -> list[Mention]:
    known = _known_names(story, options)
    cands = _candidates(story, ctx)
    ev = _gather_evidence(story, ctx, cands, known)
    ok = _accepted(ev, known)
    tokens = story.tokens
    out = []
    for c in cands:
        if c.key not in ok:
            continue
        first, last = tokens[c.start_tok], tokens[c.end_tok - 1]
        # The syntactic head: the token whose head lies outside the span ("Hatake"
        # in "Hatake Kakashi" when the parser hangs "Kakashi" on it).
        head = next(
            (
                j
                for j in range(c.start_tok, c.end_tok)
                if not c.start_tok <= tokens[j].head < c.end_tok or tokens[j].head == j
            ),
            c.end_tok - 1,
        )
        out.append(
            Mention(
                start=first.start,
                end=last.end,
                kind="proper",
                text=story.text[first.start : last.end],
                tok_start=c.start_tok,
                tok_end=c.end_tok,
                head=head,
            )
        )
    return out


def _pronoun_mentions(story: Story, ctx: _Context) -> list[Mention]:
    out = []
    for t in story.tokens:
        info = PRONOUNS.get(t.text.lower())
        if info is None or t.pos not in ("PRON", "DET", "PROPN", "NOUN"):
            continue
        gender, person, plural = info
        in_quote = ctx.quote_of[t.i] >= 0
        # Outside speech only the narrator's "I" refers to a person reliably;
        # narrative "you"/"we" are mostly generic.
        if person == 2 and not in_quote:
            continue
        if person == 1 and plural and not in_quote:
            continue
        out.append(
            Mention(
                start=t.start,
                end=t.end,
                kind="pronoun",
                text=t.text,
                tok_start=t.i,
                tok_end=t.i + 1,
                head=t.i,
                plural=plural,
                gender=gender or None,
                person=person,
            )
        )
    return out


def _nominal_mentions(story: Story) -> list[Mention]:
    tokens = story.tokens
    out = []
    for t in tokens:
        # "the Colonel", "the Doctor": a capitalised person noun after a determiner;
        # "Mother said", "Yes, Sir": a bare kinship or address word used as a name.
        if t.pos != "NOUN" and not (
            t.pos == "PROPN" and (_determined(tokens, t.i) or t.text.lower() in BARE_PERSONS)
        ):
            continue
        lemma = t.lemma.lower()
        if lemma in PERSON_NOUNS or t.text.lower() in PERSON_NOUNS:
            gender = PERSON_NOUNS.get(lemma, PERSON_NOUNS.get(t.text.lower(), ""))
        elif t.pos == "NOUN" and WORDNET_PERSONS and lemma in wordnet_persons():
            gender = wordnet_persons()[lemma]  # "the auctioneer", "a postman"
        elif t.pos in ("NOUN", "PROPN") and WORDNET_PERSONS and t.i > 0:
            # Two words that name a person only together: "the prima donna".
            pair = f"{tokens[t.i - 1].text.lower()} {lemma}"
            if pair not in wordnet_persons():
                continue
            gender = wordnet_persons()[pair]
        else:
            continue
        plural = t.tag in ("NNS", "NNPS") or lemma in COLLECTIVES
        start = t.i
        # Extend left over the noun phrase's own modifiers (the older boy, his father,
        # Mei's father: the possessive 's hangs on the name before it).
        j = t.i - 1
        while j >= 0 and tokens[j].sent == t.sent:
            if _list_comma(tokens, j, t.i):
                j -= 1  # "a thin, elderly gentleman": the comma between two adjectives
                continue
            if not (
                tokens[j].dep in _NP_INNER
                and (j < tokens[j].head <= t.i or _possessive_mark(tokens, j, t.i))
            ):
                break
            start = j
            j -= 1
        # Partitive: "the rest of the genin", "most of his agemates" -> a group.
        of = tokens[t.head] if t.dep == "pobj" else None
        if of is not None and of.text.lower() == "of" and of.head < of.i:
            part = tokens[of.head]
            if part.text.lower() in PARTITIVES and part.i < start:
                plural = True
                start = part.i
                k = part.i - 1
                while (
                    k >= 0
                    and tokens[k].sent == t.sent
                    and tokens[k].dep in _NP_INNER
                    and tokens[k].head == part.i
                ):
                    start = k
                    k -= 1
        if not gender:
            # "a woman servant", "the lady doctor": the modifier says the sex.
            gender = next(
                (
                    PERSON_NOUNS[tokens[k].lemma.lower()]
                    for k in range(start, t.i)
                    if tokens[k].dep in ("compound", "amod")
                    and PERSON_NOUNS.get(tokens[k].lemma.lower()) in ("he", "she")
                ),
                "",
            )
        first = tokens[start]
        out.append(
            Mention(
                start=first.start,
                end=t.end,
                kind="nominal",
                text=story.text[first.start : t.end],
                tok_start=start,
                tok_end=t.i + 1,
                head=t.i,
                plural=plural,
                gender=gender or ("they" if plural else None),
            )
        )
    return out


def _determined(tokens: list[Token], i: int) -> bool:
    """A determiner before the noun, capitalised words between: ``the Colonel``, ``the Old Man``.

    A person noun written as a name (spaCy tags it PROPN) is a description only
    with its determiner; ``Old`` in ``the Old Man`` is the parser's compound.
    """
    if i > 0 and tokens[i - 1].dep == "det":
        return True
    j = i - 1
    while j > 0 and i - j <= 3 and tokens[j].pos == "PROPN" and tokens[j].head == i:
        j -= 1
    return j < i - 1 and tokens[j].dep == "det" and tokens[j].head == i


def _list_comma(tokens: list[Token], j: int, noun: int) -> bool:
    """A comma between two modifiers of ``noun`` (``thin, elderly``)."""
    return (
        tokens[j].text == ","
        and j > 0
        and j + 1 < noun
        and tokens[j - 1].dep in ("amod", "advmod")
        and j - 1 < tokens[j - 1].head <= noun
        and tokens[j + 1].dep in ("amod", "advmod", "compound")
    )


def _possessive_mark(tokens: list[Token], j: int, noun: int) -> bool:
    """``'s`` after a possessor of ``noun`` (``Mei 's father``)."""
    owner = tokens[tokens[j].head]
    return (
        tokens[j].dep == "case"
        and owner.dep == "poss"
        and j - 1 <= owner.i < j
        and owner.head == noun
    )


def find_mentions(story: Story, options: Options | None = None) -> list[Mention]:
    """Every person mention in the story's parsed prose, in text order."""
    options = options or Options()
    ctx = _context(story)
    mentions = _proper_mentions(story, ctx, options)
    taken = {m.head for m in mentions}
    mentions += [m for m in _pronoun_mentions(story, ctx) if m.head not in taken]
    mentions += [m for m in _nominal_mentions(story) if m.head not in taken]
    for m in mentions:
        q = ctx.quote_of[m.tok_start]
        if q >= 0:
            m.quote = story.quotes[q].id
    mentions.sort(key=lambda m: (m.start, -m.end))
    return mentions


def mentions(story: Story, options: Options) -> Story:
    story.mentions = find_mentions(story, options)
    return story


STAGE = Stage("mentions", mentions, needs=("tokens", "quotes"), sets=("mentions",))
