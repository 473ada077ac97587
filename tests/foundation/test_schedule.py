"""The schedule engine: seed examples, holidays, past-midnight spans, and properties that always hold."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.programs import make_channel

from tsunagu.domain.errors import HolidayTableError
from tsunagu.domain.schedule import JST, is_closed_day, is_holiday, is_open, next_open, slots
from tsunagu.entry.cli import main
from tsunagu.makers.sources.programs import load_programs

PROGRAMS = load_programs(Path("programs"))


def jst(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=JST)


def test_osaka_rule_alone_gives_103_sessions_and_the_report_105():
    osaka = PROGRAMS.channel("osaka-women")
    rule_only = dataclasses.replace(osaka, extra_days=())
    assert len(slots(rule_only, dt.date(2022, 4, 1), 365)) == 52 + 52 - 1
    assert len(slots(osaka, dt.date(2022, 4, 1), 365)) == 105
    assert not any(s.start.date() == dt.date(2023, 1, 1) for s in slots(osaka, dt.date(2022, 12, 25), 14))


def test_osaka_closing_on_holidays_would_give_fewer_still():
    osaka = dataclasses.replace(PROGRAMS.channel("osaka-women"), extra_days=(), holidays="closed")
    assert len(slots(osaka, dt.date(2022, 4, 1), 365)) < 103


def test_schedule_command_lists_osakas_105_slots_as_json(capsys):
    assert main(["schedule", "--channel", "osaka-women", "--from", "2022-04-01", "--days", "365",
                 "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["slots"]) == 105
    for slot in doc["slots"]:
        assert slot["channel"] == "osaka-women"
        assert slot["start"].endswith("+09:00") and slot["end"].endswith("+09:00")
        assert dt.datetime.fromisoformat(slot["start"]) < dt.datetime.fromisoformat(slot["end"])
    assert doc["slots"][0]["start"] == "2022-04-03T10:00:00+09:00"


def test_osaka_specialist_days_are_marked_on_their_slots():
    marked = [s for s in slots(PROGRAMS.channel("osaka-women"), dt.date(2022, 4, 1), 365) if s.specialist]
    assert [(s.start.date().isoformat(), s.specialist) for s in marked] == [
        ("2022-09-18", ("legal",)), ("2022-10-16", ("health",)), ("2023-02-19", ("legal",)),
        ("2023-03-19", ("health",))]


def test_disaster_channel_has_exactly_ten_evening_slots():
    found = slots(PROGRAMS.channel("kanagawa-disaster"), dt.date(2018, 6, 1), 60)
    assert len(found) == 10
    assert {(s.start.hour, s.end.hour) for s in found} == {(19, 22)}
    assert next_open(PROGRAMS.channel("kanagawa-disaster"), jst(2018, 7, 1, 23)) is None


def test_itabashi_second_saturday_holidays_and_year_end():
    itabashi = PROGRAMS.channel("itabashi-chat")
    december = slots(itabashi, dt.date(2026, 12, 1), 31)
    saturdays = [s.start.date() for s in december if s.start.weekday() == 5]
    assert saturdays == [dt.date(2026, 12, 12)]
    assert not any(s.start.date() >= dt.date(2026, 12, 29) for s in december)
    assert is_holiday(dt.date(2026, 11, 23))  # 勤労感謝の日, a Monday
    assert not slots(itabashi, dt.date(2026, 11, 23), 1)
    assert slots(itabashi, dt.date(2026, 11, 24), 1)


def test_kita_weekend_night_runs_past_midnight():
    kita = PROGRAMS.channel("kita-women")
    assert is_open(kita, jst(2026, 11, 29, 0, 30))  # Saturday night's slot, after midnight
    assert not is_open(kita, jst(2026, 11, 29, 1, 0))
    assert next_open(kita, jst(2026, 11, 29, 1, 0)) == jst(2026, 11, 29, 20, 0)
    assert not slots(kita, dt.date(2027, 1, 1), 1)  # closed on 1 January


def test_schedule_ics_parses_back(capsys):
    from icalendar import Calendar

    assert main(["schedule", "--channel", "kanagawa-disaster", "--from", "2018-06-20", "--days", "20",
                 "--format", "ics"]) == 0
    cal = Calendar.from_ical(capsys.readouterr().out)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 10
    assert events[0].decoded("dtstart") == jst(2018, 6, 22, 19)
    assert events[0].decoded("dtend") == jst(2018, 6, 22, 22)


def test_unknown_channel_is_a_clear_error(capsys):
    assert main(["schedule", "--channel", "nowhere"]) == 1
    assert "unknown channel 'nowhere'" in capsys.readouterr().err


def test_holiday_table_matches_the_holidays_package():
    from holidays.countries.japan import Japan

    for year in range(2000, 2100):
        expected = set(Japan(years=year))
        days = [dt.date(year, 1, 1) + dt.timedelta(days=i) for i in range(366 if year % 4 == 0 else 365)]
        assert {d for d in days if is_holiday(d)} == expected, f"run scripts/holidays-table ({year})"


@pytest.mark.parametrize("day", [dt.date(1999, 12, 31), dt.date(2100, 1, 1)])
def test_a_date_outside_the_holiday_table_is_a_clear_error(day):
    with pytest.raises(HolidayTableError, match=r"outside .* holiday table \(2000-2099\).*scripts/holidays-table"):
        is_holiday(day)


def test_schedule_past_the_holiday_table_says_so(capsys):
    assert main(["schedule", "--channel", "itabashi-chat", "--from", "2100-01-05", "--days", "3"]) == 1
    assert "2100 is outside" in capsys.readouterr().err


# ---- properties ---------------------------------------------------------------------------------

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
START = dt.date(2026, 1, 1)


@st.composite
def spans(draw: st.DrawFn) -> tuple[str, str]:
    start = draw(st.integers(0, 23 * 4)) * 15
    length = draw(st.integers(1, min(24 * 4, (30 * 60 - start) // 15))) * 15  # ends by 30:00
    end = start + length
    return f"{start // 60:02d}:{start % 60:02d}", f"{end // 60:02d}:{end % 60:02d}"


@st.composite
def channels(draw: st.DrawFn):
    rules = []
    for _ in range(draw(st.integers(1, 4))):
        start, end = draw(spans())
        rule = {"days": draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=3, unique=True)),
                "start": start, "end": end}
        if draw(st.booleans()):
            rule["nth"] = draw(st.lists(st.integers(1, 5), min_size=1, max_size=2, unique=True))
        rules.append(rule)
    days = st.dates(START, START + dt.timedelta(days=60))
    extra = [{"date": d, "start": s, "end": e} for d, (s, e) in draw(st.lists(st.tuples(days, spans()), max_size=3))]
    closures = {
        "dates": draw(st.lists(days, max_size=4)),
        "annual": draw(st.lists(st.sampled_from(["01-01", "12-29..01-03", "02-10", "01-15..01-20"]), max_size=2)),
    }
    return make_channel(hours=rules, extra_days=extra, closures=closures,
                        holidays=draw(st.sampled_from(["open", "closed"])))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(channel=channels())
def test_slots_are_sorted_never_overlap_and_closures_win(channel):
    found = slots(channel, START, 62)
    for a, b in itertools.pairwise(found):
        assert a.end < b.start, "touching or overlapping slots must have been merged"
    for slot in found:
        assert slot.start < slot.end
        assert not is_closed_day(channel, slot.start.date())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(channel=channels(), minutes=st.integers(0, 60 * 24 * 60 - 1))
def test_is_open_exactly_inside_a_slot_and_next_open_is_open(channel, minutes):
    at = dt.datetime(START.year, START.month, START.day, tzinfo=JST) + dt.timedelta(minutes=minutes)
    around = slots(channel, at.date() - dt.timedelta(days=1), 2)
    assert is_open(channel, at) == any(s.start <= at < s.end for s in around)
    upcoming = next_open(channel, at)
    if upcoming is not None:
        assert upcoming >= at
        assert is_open(channel, upcoming)
        if upcoming > at:
            assert not is_open(channel, at)


@settings(max_examples=100, deadline=None)
@given(name=st.text(min_size=1, max_size=120).filter(lambda s: s.strip() == s and "\r" not in s))
def test_ics_round_trips_any_channel_name(name):
    from icalendar import Calendar

    from tsunagu.domain.config import Programs, Ward
    from tsunagu.domain.ical import fold, slots_to_ics

    channel = make_channel(name={"ja": name})
    ward = Ward(id="w", name={"ja": "w"}, program={"ja": "p"}, languages=("ja",), portal_url="https://x/",
                emergency_contacts=(), channels=(channel,))
    found = slots(channel, dt.date(2026, 1, 5), 7)
    data = slots_to_ics(found, Programs((ward,)))
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    assert fold(name).replace(b"\r\n ", b"").decode("utf-8") == name
    events = list(Calendar.from_ical(data).walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == [name] * len(found)
    assert [e.decoded("dtstart") for e in events] == [s.start for s in found]
