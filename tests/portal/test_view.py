"""Ward pages as a visitor reads them: hours baked from the schedule engine, ended channels, tel links."""

from __future__ import annotations

import datetime as dt

import pytest

from tsunagu.domain.schedule import JST, next_slot
from tsunagu.makers.drawing import qrcodes
from tsunagu.makers.portal import view
from tsunagu.makers.portal.view import tel_href, ward_view, words


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=JST)


def test_this_week_lists_every_day_with_hours_past_midnight_written_as_the_next_day(programs):
    view = ward_view(programs.ward("kita"), "ja", at("2026-11-27 15:00"))  # a Friday
    week = view.channels[0].week
    assert [d.date for d in week][:2] == ["11月27日（金）", "11月28日（土）"]
    assert week[0].spans == ("19:00〜22:00",)
    assert week[1].spans == ("20:00〜翌1:00",)  # Saturday 20:00-25:00
    assert week[4].spans == ()  # Tuesday: closed
    assert len(week) == 7


def test_status_says_open_now_inside_a_slot_and_the_next_slot_outside(programs):
    ward = programs.ward("kita")
    inside = ward_view(ward, "ja", at("2026-11-27 20:30")).channels[0]
    assert inside.is_open and inside.status == "いま相談できます（22:00まで）"
    before = ward_view(ward, "en", at("2026-11-27 15:00")).channels[0]
    assert not before.is_open
    assert before.status == "Next open Fri 27 November, 19:00–22:00."
    easy = ward_view(ward, "ja-easy", at("2026-11-28 23:00")).channels[0]
    assert easy.status == "今 相談 できます（1:00まで）"


def test_the_baked_next_open_is_the_schedule_engines_next_slot(programs):
    channel = programs.channel("taito-habataki")
    now = at("2026-11-27 23:30")
    expected = next_slot(channel, now)
    status = ward_view(programs.ward("taito"), "ja", now).channels[0].status
    assert words("ja").dates.slot(expected) in status


def test_an_ended_channel_says_so_politely_with_its_last_day(programs):
    osaka = ward_view(programs.ward("osaka"), "ja", at("2026-11-27 12:00")).channels[0]
    assert "2023年3月31日 で終了しました" in osaka.ended
    english = ward_view(programs.ward("osaka"), "en", at("2026-11-27 12:00")).channels[0]
    assert english.ended.startswith("This counselling service ended on 31 March 2023.")


def test_a_channel_before_its_start_says_when_it_starts(programs):
    view = ward_view(programs.ward("osaka"), "ja", at("2022-03-01 12:00")).channels[0]
    assert view.starts == "この相談窓口は 2022年4月1日 から始まります。"
    assert not view.ended


def test_specialist_days_show_only_dates_still_to_come(programs):
    view = ward_view(programs.ward("osaka"), "ja", at("2022-10-01 12:00")).channels[0]
    legal, health = view.specialists
    assert legal.dates == ("2023年2月19日",)  # 2022-09-18 has passed
    assert health.dates == ("2022年10月16日", "2023年3月19日")


@pytest.mark.parametrize(("phone", "href"), [("#8008", "tel:%238008"), ("0120-279-889", "tel:0120-279-889"),
                                              ("110", "tel:110")])
def test_tel_links_percent_encode_the_hash(phone, href):
    assert tel_href(phone) == href


def test_every_language_has_its_own_date_words():
    day = dt.date(2026, 11, 29)
    assert words("ja").dates.date(day) == "11月29日（日）"
    assert words("en").dates.date(day) == "Sun 29 November"
    assert words("ja-easy").dates.date(day) == "11がつ 29にち（にち）"


def test_codes_made_on_other_cores_are_the_codes_made_here():
    urls = [f"https://line.me/R/ti/p/%40sample-pool{i:03d}" for i in range(view.PARALLEL_FROM)]
    view.prepare_qr(urls)  # returns at once; qr_svg waits for the chunk holding its code
    assert all(view.qr_svg(url, "<友だち追加>") == qrcodes.svg(qrcodes.make(url), module=5, title="<友だち追加>")
               for url in reversed(urls))
