"""The ficlens/1 JSON keeps the contract's keys and meanings."""

from __future__ import annotations

import json

from ficlens.document import Chapter, Character, Mention, Metadata, Note, Quote, Story
from ficlens.exporters.json import SCHEMA, dumps, story_to_dict

CONTRACT_KEYS = {
    "schema",
    "text",
    "metadata",
    "notes",
    "chapters",
    "characters",
    "quotes",
    "mentions",
}
METADATA_KEYS = {
    "title",
    "authors",
    "fandoms",
    "relationships",
    "characters",
    "tags",
    "rating",
    "warnings",
    "summary",
}


def _story() -> Story:
    text = 'A/N: hi.\n\n"Go," said Rei.'
    return Story(
        text=text,
        metadata=Metadata(title="T", extra={"language": "English"}),
        notes=[Note(0, 8, "note")],
        chapters=[Chapter(10, len(text), "One")],
        characters=[Character("c0", "Tsukino Rei", ["Rei"], "he", 1, 1)],
        quotes=[Quote("q0", 10, 15, '"Go,"', "c0", 0.93, [], "explicit")],
        mentions=[Mention(21, 24, "proper", "Rei", "c0")],
    )


def test_json_has_every_contract_key():
    doc = story_to_dict(_story())
    assert set(doc) >= CONTRACT_KEYS
    assert doc["schema"] == SCHEMA == "ficlens/1"
    assert set(doc["metadata"]) >= METADATA_KEYS
    assert doc["metadata"]["language"] == "English"


def test_json_records_have_the_contract_fields():
    doc = story_to_dict(_story())
    assert doc["notes"] == [{"start": 0, "end": 8, "kind": "note"}]
    assert doc["chapters"] == [{"start": 10, "end": len(doc["text"]), "title": "One"}]
    character = doc["characters"][0]
    assert {"id", "name", "aliases", "gender", "mentions", "quotes"} <= set(character)
    quote = doc["quotes"][0]
    assert {
        "id",
        "start",
        "end",
        "text",
        "speaker",
        "speaker_confidence",
        "addressees",
        "type",
    } <= set(quote)
    assert quote["speaker"] == character["id"]
    assert doc["mentions"] == [{"start": 21, "end": 24, "character": "c0", "kind": "proper"}]


def test_json_offsets_index_the_text():
    doc = json.loads(dumps(_story()))
    for quote in doc["quotes"]:
        assert doc["text"][quote["start"] : quote["end"]] == quote["text"]
