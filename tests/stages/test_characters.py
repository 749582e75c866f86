"""The characters stage: one character per person, under all their names."""

from __future__ import annotations

from pathlib import Path

import pytest
from character_story import by_name, names, run

from ficlens.cast import CastMember

pytestmark = pytest.mark.slow

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_a3ab017558f1b5e3.txt"


def test_characters_surname_first_and_either_order(nlp) -> None:
    story = run(
        "Hatake Kakashi walked into the training ground, late as always.\n\n"
        '"You are late," said Maito Gai. Kakashi shrugged, and Gai glared at him.\n\n'
        '"Kakashi Hatake, I challenge you!" Gai shouted. Hatake ignored him and walked off.',
        nlp,
        upto="characters",
    )
    kakashi = by_name(story, "Kakashi")
    assert {"Hatake", "Kakashi"} <= set(kakashi.aliases) | {kakashi.name}
    assert "Kakashi Hatake" in kakashi.aliases or kakashi.name == "Kakashi Hatake"
    assert by_name(story, "Gai").name == "Maito Gai"
    assert len(story.characters) == 2


def test_characters_honorifics_join_the_name(nlp) -> None:
    story = run(
        'Naruto ran onto the bridge. "Kakashi-sensei, you are late again!"\n\n'
        'Kakashi waved lazily. "Maa, a black cat crossed my path."\n\n'
        'Sakura sighed. "Kakashi-sensei always says that." "Yosh!" Naruto shouted.',
        nlp,
        upto="characters",
    )
    kakashi = by_name(story, "Kakashi-sensei")
    assert kakashi.name == "Kakashi"
    assert names(story) == {"Kakashi", "Naruto", "Sakura"}


def test_characters_interjections_and_places_are_not_characters(nlp) -> None:
    story = run(
        'Gai ran through Konohagakure. "Yosh!" Gai shouted at Lee. "Tch," said Lee.\n\n'
        '"Hn." Lee turned away. "Oi, Gai! Maa, maa." On Monday Gai trained in Konohagakure.',
        nlp,
        upto="characters",
    )
    assert names(story) == {"Gai", "Lee"}


def test_characters_family_members_kept_apart(nlp) -> None:
    story = run(
        "Hatake Sakumo came home late. Hatake Kakashi was waiting at the table.\n\n"
        '"Father," Kakashi said. Sakumo smiled at Kakashi and sat down.',
        nlp,
        upto="characters",
    )
    assert by_name(story, "Sakumo") is not by_name(story, "Kakashi")
    assert by_name(story, "Sakumo").name == "Hatake Sakumo"


def test_characters_mr_mrs_and_daughter_are_three_people(nlp) -> None:
    story = run(
        "Mr. Bennet put down his newspaper. Mrs. Bennet was talking again.\n\n"
        '"My dear Mr. Bennet," said Mrs. Bennet, "have you heard the news?"\n\n'
        "Mr. Bennet said nothing. Elizabeth Bennet laughed, and Elizabeth went to the window.",
        nlp,
        upto="characters",
    )
    mr, mrs, lizzy = (
        by_name(story, "Mr. Bennet"),
        by_name(story, "Mrs. Bennet"),
        by_name(story, "Elizabeth"),
    )
    assert len({mr.id, mrs.id, lizzy.id}) == 3
    assert lizzy.name == "Elizabeth Bennet"
    assert (mr.gender, mrs.gender) == ("he", "she")


def test_characters_mr_surname_is_the_only_man_of_that_name(nlp) -> None:
    story = run(
        "Peter Hollis walked up the lane to the farm. Martha met him at the gate.\n\n"
        '"Good morning, Mr. Hollis," she said. Mr. Hollis nodded to her.',
        nlp,
        upto="characters",
    )
    assert by_name(story, "Mr. Hollis") is by_name(story, "Peter Hollis")


def test_characters_mr_surname_stays_apart_from_a_daughter(nlp) -> None:
    story = run(
        "Alice Hollis walked up the lane to the farm. Martha met her at the gate.\n\n"
        '"Is Mr. Hollis at home?" Alice asked. Mr. Hollis came out of the barn.',
        nlp,
        upto="characters",
    )
    assert by_name(story, "Mr. Hollis") is not by_name(story, "Alice Hollis")


def test_characters_lady_surname_is_not_the_daughter(nlp) -> None:
    story = run(
        "Anne Marlow was the second daughter. Lady Marlow had died when Anne was a child, "
        "and Anne missed Lady Marlow every day.",
        nlp,
        upto="characters",
    )
    assert by_name(story, "Lady Marlow") is not by_name(story, "Anne Marlow")


def test_characters_bare_surname_is_the_one_called_by_given_name(nlp) -> None:
    story = run(
        "Mori Aya packed her bag. Mori Sachiko watched from the door. Mori Sachiko said "
        "nothing. Mori Sachiko sighed.\n\n"
        '"Careful, Mori!" the guard called. Aya ran to the tower. Aya climbed the stairs. '
        "Aya laughed.",
        nlp,
        upto="characters",
    )
    assert "Mori" in by_name(story, "Aya").aliases


def test_characters_unnamed_shopkeeper_recurs(nlp) -> None:
    story = run(
        "Gai pushed open the door of the little shop. The shopkeeper looked up from the "
        'counter.\n\n"Can I help you?" the shopkeeper asked.\n\n'
        "Gai pointed at the green jumpsuit in the window, and the shopkeeper smiled.",
        nlp,
    )
    keeper = by_name(story, "the shopkeeper")
    assert keeper.kind == "unnamed" and keeper.mentions >= 3


def test_characters_a_capitalised_descriptor_is_a_name(nlp) -> None:
    story = run(
        "Tom Harlan rode into the camp at dusk. Down by the creek the Boy was cleaning "
        "fish, and the Boy looked up at the sound of the horse.\n\n"
        '"You\'re late," said the Boy.\n\n'
        "Tom laughed. The boy in him had never grown up.",
        nlp,
    )
    boy = by_name(story, "the Boy")
    assert boy.kind == "unnamed" and boy.mentions >= 3
    assert boy.id != by_name(story, "Tom Harlan").id


def test_characters_a_doctor_is_not_the_miss_of_that_name(nlp) -> None:
    story = run(
        "Miss Penrose came home from school in June. Dr Penrose met the coach and "
        'carried her trunk.\n\n"You have grown," said Dr Penrose.',
        nlp,
        upto="characters",
    )
    assert by_name(story, "Dr. Penrose").id != by_name(story, "Miss Penrose").id


def test_characters_miss_surname_is_the_elder_sister(nlp) -> None:
    story = run(
        "Miss Thornbury kept the village school. Her sister, Miss Agnes Thornbury, kept "
        'its accounts.\n\n"The carriage is here," said Miss Agnes.\n\n'
        '"Then go down," said Miss Thornbury.',
        nlp,
        upto="characters",
    )
    agnes = by_name(story, "Agnes Thornbury")
    assert "Miss Agnes" in agnes.aliases
    assert by_name(story, "Miss Thornbury").id != agnes.id


def test_characters_group_of_other_kids(nlp) -> None:
    story = run(
        "Gai stood alone at the edge of the academy yard. The other kids laughed at him.\n\n"
        '"Look at his eyebrows!" the other kids jeered.\n\n'
        "Gai clenched his fists and walked away from the other kids.",
        nlp,
    )
    kids = by_name(story, "the kids")
    assert kids.kind == "group" and kids.gender == "they"


def test_characters_cast_seeds_canonical_names(nlp) -> None:
    cast = [CastMember("Hatake Kakashi", ["Copy Ninja"], "he"), CastMember("Maito Gai")]
    story = run(
        'Kakashi sat on the wall. "Rival!" Gai called up to him, and Kakashi sighed.',
        nlp,
        upto="characters",
        cast=cast,
    )
    kakashi = by_name(story, "Kakashi")
    assert kakashi.name == "Hatake Kakashi" and kakashi.from_cast
    assert "Copy Ninja" in kakashi.aliases
    assert by_name(story, "Gai").name == "Maito Gai"


def test_characters_metadata_relationships_seed_clusters(nlp) -> None:
    from ficlens.pipeline import Options, resolve_stages, run_stages
    from ficlens.readers import read_text

    story = read_text('Gai grinned. "Race you!" Kakashi rolled his eye.')
    story.metadata.relationships = ["Hatake Kakashi/Maito Gai"]
    story.metadata.characters = ["Hatake Kakashi (Naruto)"]
    story.provides.update(("text", "paragraphs", "metadata"))
    opts = Options(nlp=nlp)
    stages = resolve_stages(
        ["structure", "quotes", "parse", "mentions", "characters"], story.provides
    )
    story = run_stages(story, stages, opts)
    assert {c.name for c in story.characters} == {"Hatake Kakashi", "Maito Gai"}
    assert all(c.from_cast for c in story.characters)


def test_characters_gender_follows_the_text_not_the_name(nlp) -> None:
    # "Sam" could be anyone; "John" is a man's name, but the text says she.
    story = run(
        "John walked into the kitchen. She put the kettle on and she sat down.\n\n"
        "Sam watched her. He said nothing, and he smiled.",
        nlp,
    )
    assert by_name(story, "John").gender == "she"
    assert by_name(story, "Sam").gender == "he"


def test_characters_profile_has_verbs_and_appositions(nlp) -> None:
    story = run(
        "Kakashi, the youngest jounin, read his book. Gai challenged Kakashi.\n\n"
        "Kakashi was bored. Kakashi sighed.",
        nlp,
        upto="characters",
    )
    prof = by_name(story, "Kakashi").profile
    assert "read" in prof["agent"] and "challenge" in prof["patient"]
    assert "the youngest jounin" in prof["appositions"]
    assert "bored" in prof["adjectives"]


@pytest.mark.skipif(not SEED.is_file(), reason="../shared/seeds is not here")
def test_characters_seed_story_cast(nlp) -> None:
    story = run(SEED.read_text(encoding="utf-8"), nlp)
    gai, kakashi = by_name(story, "Gai"), by_name(story, "Kakashi")
    assert gai.name == "Maito Gai" and kakashi.name == "Hatake Kakashi"
    assert "Hatake" in kakashi.aliases
    assert "the brilliant genius" in kakashi.profile["appositions"]
    assert by_name(story, "Sakumo").kind == "named"
    father = by_name(story, "Gai's father")
    assert father.kind == "unnamed" and father.mentions >= 3
    groups = [c for c in story.characters if c.kind == "group"]
    assert len(groups) == 1 and any("agemates" in a for a in groups[0].aliases)
    assert len(story.characters) == 5  # no Hatake, Yosh, Maa or Konohagakure
    # Every name form of the two boys is in their own cluster.
    for m in story.mentions:
        if m.kind == "proper" and "Kakashi" in m.text:
            assert m.character == kakashi.id
        if m.kind == "proper" and "Gai" in m.text:
            assert m.character == gai.id


def test_characters_pet_name_joins_the_one_formal_name(nlp) -> None:
    story = run(
        "Elizabeth Marsh sat by the window. Thomas Marsh read aloud.\n\n"
        '"Lizzy, listen," said Tommy. Lizzy laughed at him.',
        nlp,
        upto="characters",
    )
    assert names(story) == {"Elizabeth Marsh", "Thomas Marsh"}


def test_characters_pet_name_with_two_bearers_stays_apart(nlp) -> None:
    story = run(
        "Elizabeth Marsh and Elizabeth Hale walked in the garden. Beth sang to herself.",
        nlp,
        upto="characters",
    )
    assert "Beth" in names(story)


def test_characters_a_role_word_before_a_surname_is_a_title(nlp) -> None:
    story = run(
        "Gabriel Oak was a young man. Farmer Oak smiled at the sheep. Mr. Oak went "
        'home.\n\n"Good night," said Farmer Oak.',
        nlp,
        upto="characters",
    )
    assert names(story) == {"Gabriel Oak"}
