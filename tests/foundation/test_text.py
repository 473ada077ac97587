"""Multilingual text: one fallback rule wherever a ward's words are shown, decoded from programme files."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.programs import PROGRAMS

from tsunagu.adapters.programs_json import compile_programs, load_compiled
from tsunagu.domain.config import Contact
from tsunagu.domain.decode import DecodeError, decode
from tsunagu.domain.text import Text
from tsunagu.makers.sources.programs import load_programs

LANGS = st.sampled_from(["ja", "en", "ja-easy", "ko", "zh"])


def test_a_reader_gets_her_language_else_japanese_else_the_first_written():
    name = Text({"en": "Kita City", "ja": "北区"})
    assert name.pick("en") == "Kita City"
    assert name.pick("ja-easy") == "北区"
    assert Text({"en": "Kita City", "ko": "기타구"}).pick("zh") == "Kita City"
    assert Text({"ja": "  ", "en": ""}).has("ja") is False
    assert Text({"ja": "", "en": "Kita City"}).pick("ja") == "Kita City"
    assert Text().pick("ja") == ""


@given(st.dictionaries(LANGS, st.text(max_size=5)), LANGS)
def test_the_pick_is_written_in_the_asked_language_when_there_is_one(written, language):
    picked = Text(written).pick(language)
    if written.get(language):
        assert picked == written[language]
    elif written.get("ja"):
        assert picked == written["ja"]
    else:
        assert picked == next((v for v in written.values() if v), "")


def test_programme_text_decodes_to_text_and_wrong_shapes_name_the_field():
    contact = decode(Contact, {"name": {"ja": "警察", "en": "Police"}, "phone": "110"})
    assert isinstance(contact.name, Text) and contact.name.pick("en") == "Police" and contact.hours is None
    with pytest.raises(DecodeError) as caught:
        decode(Contact, {"name": "警察", "phone": "110", "hours": {"ja": 24}})
    assert {p.dotted for p in caught.value.problems} == {"name", "hours.ja"}


def test_compiled_programmes_keep_every_text(tmp_path):
    programs = load_programs(PROGRAMS)
    compiled = tmp_path / "programs.json"
    compiled.write_text(json.dumps(compile_programs(programs), ensure_ascii=False), encoding="utf-8")
    assert load_compiled(compiled) == programs
