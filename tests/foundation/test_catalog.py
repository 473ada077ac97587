"""Message catalogues: every language has every key the reference language (ja) has."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest
import yaml

from tsunagu.catalog import languages, section


def _keys(data: Any, prefix: str = "") -> set[str]:
    if isinstance(data, dict):
        return {k for key, value in data.items() for k in _keys(value, f"{prefix}{key}.")}
    return {prefix.rstrip(".")}


SECTIONS = sorted(p.name.rsplit(".", 1)[0] for p in resources.files("tsunagu.catalog").joinpath("ja").iterdir()
                  if p.name.endswith((".yml", ".json")))


def test_every_catalogue_is_compiled_from_its_yaml():
    root = resources.files("tsunagu.catalog")
    for lang in languages():
        for source in root.joinpath(lang).iterdir():
            if source.name.endswith(".yml"):
                # JSON keys are text: a YAML key such as nth's 1 is read back as "1", as the code reads it
                expected = json.loads(json.dumps(yaml.safe_load(source.read_text(encoding="utf-8")) or {}))
                assert section(lang, source.name[:-4]) == expected, f"run scripts/catalogues ({lang}/{source.name})"


def test_the_three_languages_exist():
    assert {"ja", "en", "ja-easy"} <= set(languages())


@pytest.mark.parametrize("name", SECTIONS)
def test_every_language_has_every_key(name):
    reference = _keys(section("ja", name))
    for lang in languages():
        try:
            keys = _keys(section(lang, name))
        except KeyError:
            pytest.fail(f"catalog/{lang}/{name}.yml is missing")
        assert reference - keys == set(), f"catalog/{lang}/{name}.yml lacks {sorted(reference - keys)}"
        empty = [k for k in keys if _value(section(lang, name), k) in ("", None)]
        assert not empty, f"catalog/{lang}/{name}.yml has empty entries {empty}"


def _value(data: dict, dotted: str) -> Any:
    for part in dotted.split("."):
        data = data[part]
    return data
