"""Personal names: split a surface form into title, name parts and honorific.

Fan fiction writes one person many ways: ``Hatake Kakashi`` (surname first),
``Kakashi Hatake``, ``Kakashi-sensei``, ``Kakashi's``; novels add titles
(``Mr. Bennet``, ``Lady Catherine``). The characters stage clusters on the
*parts* of a name (order-free) and uses title and honorific only as evidence
(gender, family role), so this module does no guessing about which part is the
surname: ``Name.parts`` keeps the written order and the caller decides.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources


def words(text: str) -> list[str]:
    """A vocabulary written as running text: ``words("he him his")``.

    Long word lists read (and diff) better as prose than as one quoted string per
    line; this is the one place that splits them.
    """
    return text.split()


#: Japanese (and fandom) honorifics written after a hyphen: ``Gai-kun``.
HONORIFICS = frozenset(
    words(
        "kun chan san sama sensei senpai sempai dono nii nee niisan neesan nii-san "
        "nee-san nii-chan nee-chan chi tan shishou shisho taichou taicho hime senpai-sama "
        "kohai ojou ojousan bocchan aniki oneesan oniisan baa-chan jii-chan"
    )
)

#: Title (lower case, no dot) -> the gender it implies (None: any).
TITLES: dict[str, str | None] = {
    **dict.fromkeys(
        words(
            "mr mister sir lord master uncle monsieur herr signor senor king prince duke count "
            "baron brother father grandpa grandfather"
        ),
        "he",
    ),
    **dict.fromkeys(
        words(
            "mrs miss ms lady madam madame mistress aunt auntie aunty dame queen princess "
            "duchess countess baroness mademoiselle mme mlle frau sister mother grandma "
            "grandmother signora signorina senora fraulein"
        ),
        "she",
    ),
    **dict.fromkeys(
        words(
            "don colonel major general lieutenant sergeant captain capt dr doctor "
            "professor prof rev reverend judge officer detective agent st saint honourable hon "
            # role words that open a name like a title: "Farmer Oak", "Parson Tringham"
            "parson vicar curate rector deacon chaplain canon farmer squire nurse constable "
            "sheriff"
        ),
        None,
    ),
    "mx": "they",
}

#: Titles that mark a married or unmarried woman / a man: ``Mrs. Bennet`` and
#: ``Miss Bennet`` are different people, ``Mr. Bennet`` a third.
TITLE_CLASS: dict[str, str] = {
    **dict.fromkeys(["mr", "mister", "monsieur", "herr", "signor"], "mr"),
    **dict.fromkeys(["mrs", "madam", "madame", "mme", "frau"], "mrs"),
    **dict.fromkeys(["miss", "ms", "mademoiselle", "mlle"], "miss"),
}

_ABBREVIATED = frozenset(words("mr mrs ms dr st mme mlle prof capt rev mx"))
_APOSTROPHES = "'\u2019\u02bc"
_POSSESSIVE = re.compile(rf"[{_APOSTROPHES}]s?$")
_EDGE_JUNK = " \t\n\"'\u201c\u201d\u2018\u2019,.;:!?()[]-\u2014\u2013*_"


@dataclass(frozen=True, slots=True)
class Name:
    """A name split into its pieces; ``parts`` excludes title and honorific."""

    text: str
    parts: tuple[str, ...]
    title: str = ""
    honorific: str = ""

    @property
    def key(self) -> frozenset[str]:
        """Order-free identity: ``Hatake Kakashi`` and ``Kakashi Hatake`` share it."""
        return frozenset(p.lower() for p in self.parts)

    @property
    def title_gender(self) -> str | None:
        return TITLES.get(self.title.lower().rstrip("."))

    @property
    def title_class(self) -> str:
        return TITLE_CLASS.get(self.title.lower().rstrip("."), "")

    @property
    def display(self) -> str:
        """The name as one clean spelling: ``Mr. Bennet``, ``Kakashi-sensei``."""
        core = " ".join(self.parts)
        if self.title:
            dot = "." if self.title.lower() in _ABBREVIATED else ""
            core = f"{self.title}{dot} {core}"
        return f"{core}-{self.honorific}" if self.honorific else core

    @property
    def full(self) -> bool:
        return len(self.parts) >= 2


def strip_possessive(text: str) -> str:
    """``Kakashi's`` -> ``Kakashi``; ``Jesus'`` -> ``Jesus``."""
    return _POSSESSIVE.sub("", text.strip())


def normalise(text: str) -> str:
    """One spelling per surface form: trimmed, single-spaced, no possessive."""
    text = " ".join(text.split()).strip(_EDGE_JUNK)
    text = strip_possessive(text).strip(_EDGE_JUNK)
    return text.replace("\u2019", "'")


def split_honorific(word: str) -> tuple[str, str]:
    """``Gai-kun`` -> (``Gai``, ``kun``); a word without one comes back as is."""
    base, sep, rest = word.partition("-")
    if sep and rest.lower() in HONORIFICS and base:
        return base, rest.lower()
    return word, ""


def parse_name(text: str) -> Name:
    """Split a surface form into title, parts and honorific.

    >>> parse_name("Mr. Bennet").title, parse_name("Mr. Bennet").parts
    ('Mr', ('Bennet',))
    >>> parse_name("Kakashi-sensei's").parts, parse_name("Kakashi-sensei").honorific
    (('Kakashi',), 'sensei')
    """
    clean = normalise(text)
    words = [w for w in re.split(r"\s+", clean) if w]
    title = ""
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
        title = title or words[0].rstrip(".")
        words = words[1:]
    # A stammered start ("Ka- Kakashi") is not a name part.
    words = [
        w
        for i, w in enumerate(words)
        if not (
            w.endswith("-")
            and i + 1 < len(words)
            and words[i + 1].lower().startswith(w[:-1].lower())
        )
    ]
    honorific = ""
    if words:
        last, honorific = split_honorific(words[-1])
        words[-1] = last
    parts = tuple(w.strip(".") for w in words if w.strip("."))
    return Name(text=clean, parts=parts, title=title, honorific=honorific)


#: A weak prior for a character's pronouns from a common English given name,
#: used only until the story's own pronouns say otherwise (coref's first pass).
_FEMALE_NAMES = frozenset(
    words(
        "mary elizabeth anne ann anna jane emma margaret catherine kate katherine sarah "
        "susan lucy charlotte emily harriet fanny frances caroline louisa julia maria "
        "marianne elinor lydia kitty georgiana isabella isabel eliza betty bella alice "
        "edith ellen helen helena grace rose amy beth jo meg martha molly nancy nelly "
        "polly sally sophia sophie dorothy clara hannah hester esther rebecca rachel ruth "
        "laura lily lilly agnes agatha cecilia cecily matilda maggie dora flora florence "
        "hetty hetty judith lizzy lizzie linda mildred carol carrie jennie jenny "
        "josephine jessie jess nora norah olivia pauline rosamond rosa ada adela adele "
        "amelia arabella augusta beatrice bertha blanche constance cora daisy diana "
        "eleanor elsie estella evelyn georgina gwendolen henrietta ida irene janet joan "
        "leonora letty lottie mabel madeline marian marion minnie miriam nell olive "
        "phoebe priscilla sibyl sybil tess theresa ursula victoria violet winifred sakura "
        "ino hinata tenten tsunade kushina rin hermione ginny luna lavender petunia "
        "minerva molly"
    )
)
_MALE_NAMES = frozenset(
    words(
        "john james william george charles henry thomas edward robert richard arthur "
        "frederick fred fitzwilliam darcy charles frank francis joseph jack jim tom tommy "
        "harry harold david daniel peter paul philip samuel sam walter alfred albert "
        "ernest herbert hugh stephen michael mark matthew luke andrew anthony benjamin "
        "ben christopher edmund edgar gilbert horace jacob jerry joe lewis louis martin "
        "nicholas oliver oscar patrick ralph roger simon tim timothy victor vincent "
        "wilfred willoughby ned ted teddy bob bill billy dick nick pip huck ishmael ahab "
        "queequeg starbuck stubb dorian basil heathcliff hindley hareton linton lockwood "
        "rochester jude dan roderick rodney jem kakashi gai naruto sasuke itachi obito "
        "minato jiraiya iruka neji lee shikamaru choji kiba shino sakumo harry ron draco "
        "severus albus sirius remus gabriel adam anthony"
    )
)


def name_gender(first_part: str) -> str | None:
    """``he``/``she`` for a common given name, else None (a prior, never a verdict).

    A title used as the name (``the Signora``, ``Madame``) counts as one.
    """
    word = first_part.lower()
    if word in _FEMALE_NAMES:
        return "she"
    if word in _MALE_NAMES:
        return "he"
    title = TITLES.get(word.rstrip("."))
    return title if title in ("he", "she") else None


@functools.cache
def word_table(filename: str) -> dict[str, str]:
    """A word list shipped in ``ficlens/data``: ``word<TAB>value`` per line (the value
    may be missing: ""), ``#`` comment lines; read once per process."""
    text = resources.files("ficlens").joinpath(f"data/{filename}").read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and line[0] != "#")
    return {row[0]: row[1] if len(row) > 1 else "" for row in rows}


def census_gender(first_name: str) -> str | None:
    """``he``/``she`` where the 1990 US Census counts one sex at least 4x the other.

    Wider than :func:`name_gender` (5,083 names against some 270) and a weaker prior:
    coreference reads it only for characters nothing else sexes, never to tell a
    given name from a surname (``Grant``, ``Morris`` are both).
    """
    return word_table("given_names.txt").get(first_name.lower())


#: Pet forms of English given names -> the formal names they shorten. ``Lizzy`` and
#: ``Elizabeth`` are one person when the story has one Elizabeth (characters stage).
DIMINUTIVES: dict[str, frozenset[str]] = {
    pet: frozenset(words(formal))
    for pets, formal in (
        ("lizzy lizzie liz lizbeth eliza beth betsy bess bessie betty", "elizabeth"),
        ("meg maggie peggy madge", "margaret"),
        ("jo josie", "josephine"),
        ("kate kitty katie kit", "katherine catherine katharine kathleen"),
        ("tom tommy", "thomas"),
        ("bill billy will willie willy", "william"),
        ("bob bobby rob robin", "robert"),
        ("dick dickie", "richard"),
        ("jack johnny", "john"),
        ("ned ted teddy", "edward edmund"),
        ("fanny", "frances"),
        ("jim jimmy jem", "james"),
        ("joe", "joseph"),
        ("sam sammy", "samuel"),
        ("ben", "benjamin"),
        ("fred freddy freddie", "frederick"),
        ("charlie", "charles"),
        ("nell nelly nellie", "ellen helen eleanor"),
        ("polly molly", "mary"),
        ("sally", "sarah"),
        ("nan nancy", "ann anne anna"),
        ("dolly", "dorothy"),
        ("jenny", "jane jennifer"),
        ("tony", "anthony"),
        ("nick", "nicholas"),
        ("andy", "andrew"),
        ("harry hal", "henry"),
        ("tuppence", "prudence"),
    )
    for pet in words(pets)
}
