"""Message catalogues: a language folder holds the sections it offers, and each has every key of ja's."""

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


# The residents' languages speak where a person meets tsunagu on LINE: the intake's replies, the dates
# in them and emergency detection. The portal, print kit, report, plan and studio stay ja, en, ja-easy.
INTAKE_SECTIONS = {"intake", "dates", "detection"}
RESIDENTS = ("zh", "ko", "vi", "pt", "tl", "ne", "my")


def test_the_three_languages_offer_every_section():
    for lang in ("ja", "en", "ja-easy"):
        assert set(SECTIONS) <= set(_held(lang)), lang


@pytest.mark.parametrize("lang", RESIDENTS)
def test_each_residents_language_offers_the_intakes_sections_and_carries_a_review_note(lang):
    assert _held(lang) == INTAKE_SECTIONS
    for name in INTAKE_SECTIONS:
        note = section(lang, name).get("review")
        assert isinstance(note, str) and note.strip(), f"catalog/{lang}/{name}.yml has no review note"


def test_every_language_lists_the_sections_it_holds():
    for name in SECTIONS:
        assert set(languages(name)) == {lang for lang in languages() if name in _held(lang)}


def _held(lang: str) -> set[str]:
    root = resources.files("tsunagu.catalog").joinpath(lang)
    return {p.name[:-4] for p in root.iterdir() if p.name.endswith(".yml")}


# detection.yml's keys are the detector's format (issue 21): every category (help: a plea naming none),
# weak signals, exceptions, deletion requests and the ConText triggers. Each residents' catalogue holds
# every key of ja's but its concepts (a language's own words: ja's <child>, en's <pills>); ja-easy's holds only
# what easy Japanese adds to ja's (checked apart, in detection).
CATEGORIES = ("ideation", "plans_means", "self_harm", "overdose", "violence", "sexual_violence", "child_danger",
              "shelter_food", "stalking", "other_person", "help")
DETECTION_KEYS = ({f"emergency.{c}" for c in CATEGORIES} | {"weak", "exceptions", "deletion", "context.frame",
                  "context.present", "context.terminate"}
                  | {f"context.{k}.{d}" for k in ("negated", "historical", "hypothetical", "other_experiencer")
                     for d in ("forward", "backward")})


@pytest.mark.parametrize("lang", RESIDENTS)
def test_each_residents_detection_catalogue_has_every_category_and_context(lang):
    data = section(lang, "detection")
    shared = {k for k in _keys(section("ja", "detection")) if not k.startswith("concepts.")}
    assert (DETECTION_KEYS | shared) - _keys(data) == set(), f"catalog/{lang}/detection.yml"
    assert all(data["emergency"][c] for c in CATEGORIES), f"catalog/{lang}/detection.yml: an empty category"


@pytest.mark.parametrize("name", [s for s in SECTIONS if s != "detection"])
def test_every_section_a_language_holds_has_every_key(name):
    reference = _keys(section("ja", name))
    for lang in languages(name):
        keys = _keys(section(lang, name))
        assert reference - keys == set(), f"catalog/{lang}/{name}.yml lacks {sorted(reference - keys)}"
        empty = [k for k in keys if _value(section(lang, name), k) in ("", None)]
        assert not empty, f"catalog/{lang}/{name}.yml has empty entries {empty}"


def _value(data: dict, dotted: str) -> Any:
    for part in dotted.split("."):
        data = data[part]
    return data
