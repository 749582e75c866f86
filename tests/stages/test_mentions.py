"""The mentions stage: names by evidence, pronouns, person nominals."""

from __future__ import annotations

import pytest
from character_story import run

pytestmark = pytest.mark.slow


def _texts(story, kind: str) -> list[str]:
    return [m.text for m in story.mentions if m.kind == kind]


def test_mentions_invented_names_found_and_interjections_not(nlp) -> None:
    story = run(
        'Ryo ran to the gate of Konohagakure. "Yosh!" Ryo shouted.\n\n'
        '"Maa, calm down," said Kenji. "Oi. Hn. Tch."\n\n'
        "Ryo grinned at Kenji. Well, Kenji was right. On Monday they would leave.",
        nlp,
        upto="mentions",
    )
    proper = set(_texts(story, "proper"))
    assert {"Ryo", "Kenji"} <= proper
    assert not proper & {"Yosh", "Maa", "Oi", "Hn", "Tch", "Well", "Konohagakure", "Monday"}


def test_mentions_sentence_initial_word_is_not_a_name(nlp) -> None:
    story = run(
        '"Delusional. Pathetic," Kenji said. Bother, he thought. Ryo sighed.', nlp, upto="mentions"
    )
    assert set(_texts(story, "proper")) == {"Kenji", "Ryo"}


def test_mentions_honorific_and_title_stay_in_the_span(nlp) -> None:
    story = run(
        '"Kakashi-sensei!" Naruto shouted. Mr. Tanaka laughed at Naruto.', nlp, upto="mentions"
    )
    proper = set(_texts(story, "proper"))
    assert "Kakashi-sensei" in proper and "Mr. Tanaka" in proper


def test_mentions_pronouns_carry_person_and_quote(nlp) -> None:
    story = run('Kenji looked at her. "I know you," he said.', nlp, upto="mentions")
    pron = {m.text: m for m in story.mentions if m.kind == "pronoun"}
    assert pron["her"].gender == "she" and pron["her"].quote is None
    assert pron["I"].person == 1 and pron["I"].quote is not None
    assert pron["you"].person == 2 and pron["he"].gender == "he"


def test_mentions_person_nominals_and_groups(nlp) -> None:
    story = run(
        "The old shopkeeper waved at his father. Gai had left the rest of the genin "
        "behind, and most of his classmates laughed.",
        nlp,
        upto="mentions",
    )
    nominals = {m.text: m for m in story.mentions if m.kind == "nominal"}
    assert "The old shopkeeper" in nominals and "his father" in nominals
    assert nominals["the rest of the genin"].plural
    assert nominals["most of his classmates"].plural
    assert not nominals["his father"].plural and nominals["his father"].gender == "he"


def test_mentions_wordnet_person_nouns_beyond_the_hand_list(nlp) -> None:
    story = run(
        "The auctioneer raised his gavel. The urchin laughed at a postman. "
        "Gabriel watched the colt.",
        nlp,
        upto="mentions",
    )
    nominals = set(_texts(story, "nominal"))
    assert {"The auctioneer", "The urchin", "a postman"} <= nominals
    assert "the colt" not in nominals  # a young horse first
    assert "Gabriel" in _texts(story, "proper")  # a first name, not the archangel noun


def test_mentions_two_words_that_name_a_person_together(nlp) -> None:
    story = run(
        "The prima donna bowed to the best man while a black panther yawned.",
        nlp,
        upto="mentions",
    )
    nominals = set(_texts(story, "nominal"))
    assert {"The prima donna", "the best man"} <= nominals
    assert not any("panther" in text for text in nominals)


def test_mentions_bare_kinship_and_address_words(nlp) -> None:
    story = run(
        'Mother put down the basket. "Yes, Sir," said the lodger, "I will pay Mamma tomorrow."',
        nlp,
        upto="mentions",
    )
    nominals = set(_texts(story, "nominal"))
    assert {"Mother", "Sir", "the lodger", "Mamma"} <= nominals


def test_mentions_a_capitalised_word_after_the_is_a_place(nlp) -> None:
    story = run(
        "Rin flew across the Gorge at dawn. The wind over the Gorge was cold, and Rin "
        "laughed. Rin said the Gorge was hers.",
        nlp,
        upto="mentions",
    )
    proper = set(_texts(story, "proper"))
    assert "Rin" in proper and "Gorge" not in proper


def test_mentions_full_name_only_at_sentence_start(nlp) -> None:
    story = run(
        'Kubo Tetsu had taught flying for years. "Late again," said Kubo-sensei. '
        '"Sorry, Kubo-sensei," Rin said.',
        nlp,
        upto="mentions",
    )
    assert "Kubo Tetsu" in _texts(story, "proper")


def test_mentions_named_possessor_stays_in_the_nominal(nlp) -> None:
    story = run("Mei's father watched from the door.", nlp, upto="mentions")
    assert "Mei's father" in _texts(story, "nominal")


def test_mentions_a_place_word_after_a_title_is_a_surname(nlp) -> None:
    story = run(
        "Mrs. Hall lit the fire in the hall. The stranger watched her. Mrs. Hall "
        'smiled at him. "Tea, sir?" said Mrs. Hall.',
        nlp,
        upto="mentions",
    )
    proper = _texts(story, "proper")
    assert proper.count("Mrs. Hall") == 3 and "Hall" not in proper


def test_mentions_a_ship_or_estate_is_no_person(nlp) -> None:
    story = run(
        "The _Albatross_ had been struck at noon. The _Albatross_ settled lower, and Ned "
        "ran for the boats.\n\n"
        '"Have you heard that Thornfield Park is let?" said Ned. "Thornfield is taken by '
        'a stranger." Ned laughed. The Frenchmen laugh too, said Ned.',
        nlp,
        upto="mentions",
    )
    proper = set(_texts(story, "proper"))
    assert "Ned" in proper
    assert not proper & {"Albatross", "Thornfield", "Frenchmen"}


def test_mentions_a_comma_between_adjectives_stays_in_the_description(nlp) -> None:
    story = run("Ryo saw a thin, elderly gentleman at the gate.", nlp, upto="mentions")
    assert "a thin, elderly gentleman" in _texts(story, "nominal")


def test_mentions_nationals_coins_and_towns_are_no_names(nlp) -> None:
    story = run(
        "Ned lived in the little town of Brackwater. Brackwater was quiet, and Ned liked "
        'it. "That Englishman paid me Threepence," said Ned. "Frenchmen pay more."',
        nlp,
        upto="mentions",
    )
    proper = set(_texts(story, "proper"))
    assert "Ned" in proper
    assert not proper & {"Brackwater", "Englishman", "Threepence", "Frenchmen"}


def test_mentions_a_sexed_modifier_genders_the_description(nlp) -> None:
    story = run("A woman servant came into the room.", nlp, upto="mentions")
    servant = next(m for m in story.mentions if m.text == "A woman servant")
    assert servant.gender == "she"


def test_mentions_a_capitalised_description_is_a_nominal(nlp) -> None:
    story = run(
        "The hands were loafing by the corral when the Old Man drove up with a stranger. "
        "The Old Man climbed down from the buggy.",
        nlp,
        upto="mentions",
    )
    assert _texts(story, "nominal").count("the Old Man") == 1
    assert "The Old Man" in _texts(story, "nominal")
