"""The one date and time formatter: how each language writes days, times and spans past midnight."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tsunagu.catalog import languages
from tsunagu.domain.dates import DAY, date_format, ical, minutes_after
from tsunagu.domain.schedule import JST, Slot
from tsunagu.domain.vocabulary import WEEKDAYS


def test_japanese_dates_times_and_spans_read_as_timetables_write_them():
    ja = date_format("ja")
    assert ja.date(dt.date(2026, 11, 27)) == "11月27日（金）"
    assert ja.date_full(dt.date(2023, 3, 31)) == "2023年3月31日"
    assert ja.span(19 * 60, 22 * 60) == "19:00〜22:00"
    assert ja.span(20 * 60, DAY) == "20:00〜24:00"
    assert ja.span(20 * 60, 25 * 60 + 30) == "20:00〜翌1:30"
    assert ja.time(9 * 60 + 5) == "9:05"


def test_english_writes_the_same_moments_its_own_way():
    en = date_format("en")
    assert en.date(dt.date(2026, 11, 27)) == "Fri 27 November"
    assert en.date_full(dt.date(2023, 3, 31)) == "31 March 2023"
    assert en.span(20 * 60, 25 * 60) == "20:00–1:00 (next day)"


def test_weekly_patterns_name_runs_lists_every_day_and_nth_weeks():
    ja = date_format("ja")
    assert ja.days(("fri", "mon", "wed")) == "月・水・金"
    assert ja.days(("mon", "tue", "wed", "thu", "fri")) == "月〜金"
    assert ja.days(WEEKDAYS) == "毎日"
    assert ja.days(("sat",), nth=(2, 4)) == "第2第4土"


def test_a_slot_past_midnight_belongs_to_the_day_it_starts_on():
    start = dt.datetime(2026, 11, 27, 20, 0, tzinfo=JST)
    slot = Slot(start, start + dt.timedelta(hours=5), "kita-women")
    assert date_format("ja").slot(slot) == "11月27日（金） 20:00〜翌1:00"
    assert minutes_after(start.date(), slot.end) == 25 * 60


@pytest.mark.parametrize("language", languages("dates"))
@given(day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)),
       start=st.integers(0, DAY - 1), length=st.integers(1, DAY))
def test_every_language_writes_every_day_and_span_with_its_own_names(language, day, start, length):
    words = date_format(language)
    assert words.weekdays[day.weekday()] in words.date(day)
    assert str(day.year) in words.date_full(day) and str(day.day) in words.date_full(day)
    text = words.span(start, start + length)
    assert words.time(start) in text and words.time(start + length) in text


def test_icalendar_stamps_are_japan_wall_clock_or_utc():
    at = dt.datetime(2022, 8, 13, 14, 0, tzinfo=JST)
    assert ical(at) == "20220813T140000"
    assert ical(at, utc=True) == "20220813T050000Z"


def test_a_month_is_written_with_its_year():
    assert date_format("ja").month(dt.date(2024, 4, 1)) == "2024年4月"
    assert date_format("en").month(dt.date(2024, 4, 1)) == "April 2024"
