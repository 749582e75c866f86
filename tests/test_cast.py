"""Cast files (YAML or JSON) name the known characters up front."""

from __future__ import annotations

import json

import pytest

from ficlens.cast import load_cast, parse_cast
from ficlens.errors import CastError


def test_cast_reads_yaml(tmp_path):
    path = tmp_path / "cast.yaml"
    path.write_text(
        "characters:\n"
        "  - name: Tsukino Rei\n"
        "    aliases: [Rei, Rei-kun]\n"
        "    gender: he\n"
        "  - Ogawa Mina\n",
        encoding="utf-8",
    )
    cast = load_cast(path)
    assert [c.name for c in cast] == ["Tsukino Rei", "Ogawa Mina"]
    assert cast[0].aliases == ["Rei", "Rei-kun"] and cast[0].gender == "he"
    assert cast[1].aliases == [] and cast[1].gender is None


def test_cast_reads_json(tmp_path):
    path = tmp_path / "cast.json"
    path.write_text(json.dumps({"characters": [{"name": "Ada", "aliases": ["Addie"]}]}))
    assert load_cast(path)[0].aliases == ["Addie"]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"people": []}, "expected a 'characters' list"),
        ({"characters": [{"aliases": ["x"]}]}, "character 1 has no 'name'"),
        ({"characters": [{"name": "A", "aliases": "B"}]}, "aliases must be a list"),
    ],
)
def test_cast_rejects_malformed_data(data, message):
    with pytest.raises(CastError, match=message):
        parse_cast(data)


def test_cast_reports_a_missing_file(tmp_path):
    with pytest.raises(CastError, match="no such file"):
        load_cast(tmp_path / "absent.yaml")


def test_cast_reports_broken_yaml_in_one_line(tmp_path):
    path = tmp_path / "cast.yaml"
    path.write_text("characters: [unclosed\n", encoding="utf-8")
    with pytest.raises(CastError) as info:
        load_cast(path)
    assert "\n" not in str(info.value)
