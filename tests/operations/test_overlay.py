"""Same-day operations over the schedule: closures win, extra sessions open, notices and busy spells in force."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from support.programs import make_channel

from tsunagu.domain.decode import Clock
from tsunagu.domain.operations import Operation, Overlay, operation_problems, subtract
from tsunagu.domain.schedule import JST, next_open, slots
from tsunagu.domain.text import Text

MONDAY = dt.date(2026, 12, 7)  # the channel is open Mondays 10:00-16:00
NOW = dt.datetime(2026, 12, 5, 9, 0, tzinfo=JST)


def op(kind, **fields) -> Operation:
    return Operation(id="a1b2c3d4", channel="test-channel", kind=kind, author="山田", created=NOW, **fields)


def test_a_closure_for_the_day_removes_the_slot_and_moves_the_next_opening():
    channel = make_channel()
    closed = Overlay((op("closure", date=MONDAY, note="台風"),))
    assert slots(channel, MONDAY, 1) and not slots(channel, MONDAY, 1, closed)
    assert next_open(channel, NOW).date() == MONDAY
    assert next_open(channel, NOW, closed).date() == MONDAY + dt.timedelta(days=7)


def test_a_closure_of_some_hours_cuts_them_out():
    channel = make_channel()
    overlay = Overlay((op("closure", date=MONDAY, start=Clock.parse("12:00"), end=Clock.parse("13:00")),))
    got = [(s.start.strftime("%H:%M"), s.end.strftime("%H:%M")) for s in slots(channel, MONDAY, 1, overlay)]
    assert got == [("10:00", "12:00"), ("13:00", "16:00")]


def test_an_extra_session_opens_and_a_closure_still_wins_over_it():
    channel = make_channel()
    tuesday = MONDAY + dt.timedelta(days=1)
    extra = op("extra", date=tuesday, start=Clock.parse("18:00"), end=Clock.parse("21:00"), note="夜の相談会")
    assert [s.start.hour for s in slots(channel, tuesday, 1, Overlay((extra,)))] == [18]
    both = Overlay((extra, op("closure", date=tuesday)))
    assert not slots(channel, tuesday, 1, both)


def test_a_programme_closure_wins_over_an_extra_session():
    channel = make_channel(closures={"dates": [MONDAY.isoformat()]})
    extra = op("extra", date=MONDAY, start=Clock.parse("18:00"), end=Clock.parse("21:00"))
    assert not slots(channel, MONDAY, 1, Overlay((extra,)))


clocks = st.integers(0, 30 * 60).map(Clock)


@given(st.lists(st.tuples(clocks, clocks), max_size=5), st.lists(st.tuples(clocks, clocks), max_size=5))
def test_no_minute_inside_a_closed_span_stays_open(spans, closed):
    spans = [(a, b) for a, b in spans if a.minutes < b.minutes]
    closed = [(a, b) for a, b in closed if a.minutes < b.minutes]
    left = subtract(spans, closed)
    for start, end in left:
        assert start.minutes < end.minutes
        for c_start, c_end in closed:
            assert end.minutes <= c_start.minutes or start.minutes >= c_end.minutes
        assert any(s.minutes <= start.minutes and end.minutes <= e.minutes for s, e in spans)
    open_minutes = sum(e.minutes - s.minutes for s, e in left)
    assert open_minutes <= sum(e.minutes - s.minutes for s, e in spans)


def test_a_notice_is_in_force_between_its_days_in_the_readers_language():
    notice = op("notice", first=MONDAY, last=MONDAY + dt.timedelta(days=2),
                texts=Text({"ja": "台風のため休止します。", "en": "Closed for the typhoon."}))
    overlay = Overlay((notice,))
    monday_noon = dt.datetime(2026, 12, 7, 12, tzinfo=JST)
    assert overlay.notice(monday_noon, "en") == "Closed for the typhoon."
    assert overlay.notice(monday_noon, "ja-easy") == "台風のため休止します。"
    assert overlay.notice(monday_noon + dt.timedelta(days=3), "ja") is None


def test_busy_lasts_until_its_time():
    overlay = Overlay((op("busy", until=NOW + dt.timedelta(hours=2)),))
    assert overlay.busy(NOW + dt.timedelta(hours=1)) and not overlay.busy(NOW + dt.timedelta(hours=2))


def test_an_operation_round_trips_through_its_stored_shape():
    for one in (op("closure", date=MONDAY, start=Clock.parse("12:00"), end=Clock.parse("25:00"), note="x"),
                op("notice", first=MONDAY, last=MONDAY, texts=Text({"ja": "お知らせ"})),
                op("busy", until=NOW + dt.timedelta(hours=1)),
                op("extra", date=MONDAY, start=Clock(600), end=Clock(700))):
        assert Operation.from_json(one.to_json()) == one


def test_bad_operations_say_which_option_and_what_to_do():
    today = NOW.date()
    cases = [
        (op("closure", date=today - dt.timedelta(days=1)), "--date", "in the past"),
        (op("extra", date=MONDAY, start=Clock.parse("18:00"), end=Clock.parse("17:00")), "--end", "not after"),
        (op("extra", date=MONDAY), "--start", "start and end"),
        (op("notice", first=MONDAY, last=MONDAY, texts=Text({"ja": "あ" * 501})), "--text", "1 to 500 characters"),
        (op("notice", first=MONDAY, last=MONDAY, texts=Text({"fr": "Fermé"})), "--text", "not one of"),
        (op("busy", until=NOW - dt.timedelta(minutes=1)), "--until", "later than now"),
    ]
    for operation, option, words in cases:
        problems = operation_problems(operation, ("ja", "en"), today)
        assert any(o == option and words in m for o, m in problems), (operation.kind, problems)
    assert operation_problems(op("closure", date=MONDAY), ("ja",), today) == []
