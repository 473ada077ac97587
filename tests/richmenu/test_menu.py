"""The rich menu from config: the buttons each channel offers, LINE's object shape and limits, the tap areas."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tsunagu.catalog import section
from tsunagu.domain.errors import RichMenuError
from tsunagu.domain.intake.postback import parse_postback
from tsunagu.domain.richmenu import COMPACT_HEIGHT, FULL_HEIGHT, MAX_AREAS, WIDTH, build_menu, layout
from tsunagu.makers.sources.programs import load_programs

CHANNELS = load_programs(Path("programs")).channels
LANGUAGES = ("ja", "en", "ja-easy")


def _overlap(a, b) -> bool:
    return a.x < b.x + b.width and b.x < a.x + a.width and a.y < b.y + b.height and b.y < a.y + a.height


@pytest.mark.parametrize("channel", CHANNELS, ids=lambda c: c.id)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_shipped_channel_makes_a_menu_line_accepts(channel, language, assert_schema_valid):
    menu = build_menu(channel, language)
    doc = menu.to_json()
    assert_schema_valid(doc)
    areas = doc["areas"]
    for a in areas:
        b = a["bounds"]
        assert b["x"] + b["width"] <= doc["size"]["width"] and b["y"] + b["height"] <= doc["size"]["height"]
    rects = [a.rect for a in menu.areas]
    assert not any(_overlap(p, q) for i, p in enumerate(rects) for q in rects[i + 1:]), "a tap would hit two buttons"
    assert sum(r.width * r.height for r in rects) == menu.width * menu.height, "some of the menu does nothing"
    # every button sends data the intake understands
    assert all(parse_postback(a["action"]["data"]) is not None for a in areas)


def test_kita_offers_an_outreach_visit_and_osaka_its_specialist_days():
    kita = build_menu(load_programs(Path("programs")).channel("kita-women"))
    osaka = build_menu(load_programs(Path("programs")).channel("osaka-women"))
    kita_data = {a.data for a in kita.areas}
    osaka_data = {a.data for a in osaka.areas}
    assert "action=handoff&kind=outreach" in kita_data and "action=handoff&kind=outreach" not in osaka_data
    assert "action=specialist" in osaka_data and "action=specialist" not in kita_data
    for data in ("action=hours", "action=emergency", "action=handoff&kind=phone", "action=handoff&kind=face",
                 "action=survey", "action=privacy"):
        assert data in kita_data and data in osaka_data


def test_japanese_labels_are_the_ones_the_issue_names():
    menu = build_menu(load_programs(Path("programs")).channel("kita-women"), "ja")
    labels = {t.key: t.label for t in menu.tiles}
    assert labels["hours"] == "相談できる時間"
    assert labels["emergency"] == "緊急のとき"
    assert labels["talk"] == "電話・面談で話したい"
    assert labels["outreach"] == "来てほしい"
    assert menu.chat_bar_text == section("ja", "richmenu")["chat_bar"]


def test_a_chat_bar_text_longer_than_line_allows_is_refused_naming_the_catalogue():
    strings = dict(section("ja", "richmenu"), chat_bar="こちらをタップしてメニューを開いてください")
    with pytest.raises(RichMenuError, match=r"catalog/ja/richmenu.yml: chat_bar .* 14 characters"):
        build_menu(load_programs(Path("programs")).channel("kita-women"), "ja", strings)


def test_an_unknown_language_is_refused():
    with pytest.raises(RichMenuError, match="no rich-menu catalogue for language 'fr'"):
        build_menu(load_programs(Path("programs")).channel("kita-women"), "fr")


@given(st.integers(1, MAX_AREAS))
def test_any_number_of_buttons_tiles_the_image_without_gaps_or_overlaps(count):
    height, cells = layout(count)
    assert height == (COMPACT_HEIGHT if count <= 3 else FULL_HEIGHT)
    assert len(cells) == count
    assert all(c.inside(WIDTH, height) for c in cells)
    assert not any(_overlap(p, q) for i, p in enumerate(cells) for q in cells[i + 1:])
    assert sum(c.width * c.height for c in cells) == WIDTH * height
