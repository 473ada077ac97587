"""Numbers that fit the danger (issue 21, item 5): the emergency reply lists the numbers for the detected
category first, always gives the ways to ask for help in writing, and the printed items keep their room."""

from __future__ import annotations

import datetime as dt

import pytest
from support.programs import PROGRAMS

from tsunagu.domain.intake.replies import Moment, Replies
from tsunagu.domain.schedule import JST
from tsunagu.domain.validation import check_ward
from tsunagu.domain.vocabulary import EMERGENCY_CATEGORIES
from tsunagu.makers.printkit.wording import texts
from tsunagu.makers.sources.programs import load_programs

SUNDAY_NIGHT = dt.datetime(2026, 11, 22, 23, 30, tzinfo=JST)


@pytest.fixture(scope="module")
def kita() -> Replies:
    programs = load_programs(PROGRAMS)
    ward = next(w for w in programs.wards if w.id == "kita")
    return Replies(ward, ward.channels[0], "ja")


def _order(message: str, phones: list[str]) -> list[str]:
    """The numbers of the reply's list of contacts (one per line, "name number"), in the order listed."""
    out = []
    for line in message.splitlines():
        found = [p for p in phones if f" {p}" in line and line.split(f" {p}")[1][:1] in ("", "（", " ")]
        if found:
            out.append(max(found, key=len))
    return out


def test_a_child_in_danger_gets_189_and_the_child_lines_before_anything_else(kita):
    body = kita.emergency("child_danger")[0]["text"]
    phones = [k.phone for k in kita.ward.emergency_contacts]
    order = _order(body, phones)
    assert order[:3] == ["189", "0120-0-78310", "0120-99-7777"]
    assert "110" in order and "119" in order  # the general numbers follow
    assert "#8891" not in order and "0570-064-556" not in order  # numbers for other dangers stay out


@pytest.mark.parametrize(("category", "first"), [("sexual_violence", "#8891"), ("shelter_food", "#8778"),
                                                   ("ideation", "0570-064-556"), ("stalking", "#8103")])
def test_each_danger_leads_with_its_own_number(kita, category, first):
    body = kita.emergency(category)[0]["text"]
    assert _order(body, [k.phone for k in kita.ward.emergency_contacts])[0] == first


def test_an_emergency_of_unknown_kind_lists_every_number(kita):
    body = kita.emergency()[0]["text"]
    assert set(_order(body, [k.phone for k in kita.ward.emergency_contacts])) == {
        k.phone for k in kita.ward.emergency_contacts}


@pytest.mark.parametrize("category", [None, *EMERGENCY_CATEGORIES])
@pytest.mark.parametrize("language", ["ja", "en", "ja-easy"])
def test_every_emergency_reply_gives_the_ways_to_write_for_help(kita, category, language):
    say = Replies(kita.ward, kita.channel, language)
    body = say.emergency(category)[0]["text"]
    assert "110" in body and "NET119" in body
    assert ("電話リレーサービス" if language == "ja" else "リレー" if language == "ja-easy" else "relay") in body


def test_greeting_and_out_of_hours_list_only_the_general_numbers(kita):
    general = [k.phone for k in kita.ward.emergency_contacts if not k.categories]
    special = [k.phone for k in kita.ward.emergency_contacts if k.categories]
    closed = Moment.of(kita.channel, SUNDAY_NIGHT)
    for body in (kita.greeting(SUNDAY_NIGHT)[3]["text"], kita.out_of_hours(closed)[0]["text"]):
        order = _order(body, general + special)
        assert order == general


def test_numbers_marked_not_printed_stay_off_posters_and_stickers(kita):
    printed = texts(kita.ward, kita.channel, "ja")["emergency"]
    assert "110" in printed and "0120-279-338" in printed
    assert "189" not in printed and "#8891" not in printed


def test_every_sample_number_for_one_danger_names_its_source():
    for ward in load_programs(PROGRAMS).wards:
        for k in ward.emergency_contacts:
            if k.categories:
                assert k.source, f"{ward.id}: {k.phone} has categories but no source"


def test_an_unknown_category_is_refused_with_its_field():
    data = {"id": "w", "name": "W", "program": "P", "languages": ["ja"],
            "emergency_contacts": [{"name": "X", "phone": "110", "categories": ["suicide"]}], "channels": []}
    ward, problems = check_ward(data, "w.yml")
    assert ward is None
    where = "emergency_contacts[0].categories[0]"
    assert any(p.dotted == where and "ideation" in p.message for p in problems), problems
