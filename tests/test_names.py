"""Name parsing: titles, honorifics, possessives, stammers, either word order."""

from __future__ import annotations

from ficlens.names import normalise, parse_name, split_honorific, strip_possessive


def test_names_title_is_split_off() -> None:
    name = parse_name("Mrs. Bennet")
    assert (name.title, name.parts, name.title_class, name.title_gender) == (
        "Mrs",
        ("Bennet",),
        "mrs",
        "she",
    )


def test_names_honorific_is_split_off() -> None:
    assert split_honorific("Gai-kun") == ("Gai", "kun")
    assert split_honorific("Jean-Luc") == ("Jean-Luc", "")
    name = parse_name("Kakashi-sensei")
    assert name.parts == ("Kakashi",) and name.honorific == "sensei"
    assert name.display == "Kakashi-sensei"


def test_names_possessive_is_stripped() -> None:
    assert strip_possessive("Kakashi's") == "Kakashi"
    assert strip_possessive("Jesus\u2019") == "Jesus"
    assert parse_name("Kakashi-sensei's").parts == ("Kakashi",)
    assert normalise('  "Maito   Gai\'s"  ') == "Maito Gai"


def test_names_key_ignores_order() -> None:
    assert parse_name("Hatake Kakashi").key == parse_name("Kakashi Hatake").key
    assert parse_name("Hatake Sakumo").key != parse_name("Hatake Kakashi").key


def test_names_stammer_is_not_a_part() -> None:
    assert parse_name("Ka- Kakashi").parts == ("Kakashi",)


def test_names_title_alone_is_a_word() -> None:
    # "Captain" on its own is a name part, not an empty name.
    assert parse_name("Captain").parts == ("Captain",)
    assert parse_name("Captain Ahab").title == "Captain"


def test_names_a_title_used_as_the_name_gives_its_gender() -> None:
    from ficlens.names import name_gender

    assert name_gender("Signora") == "she"
    assert name_gender("Mary") == "she"
    assert name_gender("Colonel") is None  # a title of either sex
    assert name_gender("Tanaka") is None


def test_names_pet_names_shorten_formal_ones() -> None:
    from ficlens.names import DIMINUTIVES

    assert "elizabeth" in DIMINUTIVES["lizzy"] and "elizabeth" in DIMINUTIVES["beth"]
    assert "thomas" in DIMINUTIVES["tommy"]
    assert "kakashi" not in DIMINUTIVES


def test_names_census_gender_is_a_wider_prior() -> None:
    from ficlens.names import census_gender, name_gender

    assert name_gender("Millie") is None  # not in the short list
    assert census_gender("Millie") == "she"
    assert census_gender("Aaron") == "he"
    assert census_gender("Terry") is None  # both, too often
    assert census_gender("Kakashi") is None
