"""A contact is a person's first message after at least 30 minutes of silence; the heatmap counts them."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from tsunagu.domain.contacts import contacts, heatmap, hour_exposure
from tsunagu.domain.records import ContactRecord
from tsunagu.domain.schedule import JST, Slot

T0 = dt.datetime(2026, 4, 6, 17, 0, tzinfo=JST)  # a Monday, 17:00


def msg(minutes: float, who: str = "p1", channel: str = "ch", kind: str = "message", at: bool = True) -> ContactRecord:
    when = T0 + dt.timedelta(minutes=minutes)
    return ContactRecord(f"{who}-{minutes}-{kind}", channel, kind, when.date(), when.hour, who, 4_000_000_000,
                         at=int(when.timestamp()) if at else 0)


def test_messages_within_30_minutes_of_the_last_are_one_contact():
    found = contacts([msg(0), msg(10), msg(35), msg(64)])  # gaps 10, 25, 29 minutes: one conversation
    assert [c.at for c in found] == [T0]


def test_thirty_minutes_of_silence_start_a_new_contact():
    found = contacts([msg(0), msg(30), msg(100)])
    assert [c.at for c in found] == [T0, T0 + dt.timedelta(minutes=30), T0 + dt.timedelta(minutes=100)]


def test_people_and_channels_are_apart_and_other_kinds_are_not_contacts():
    found = contacts([msg(0, "p1"), msg(1, "p2"), msg(2, "p1", channel="other"), msg(3, "p3", kind="follow")])
    assert sorted((c.channel, c.at.minute) for c in found) == [("ch", 0), ("ch", 1), ("other", 2)]


def test_a_record_without_its_time_counts_from_its_hour():
    (found,) = contacts([msg(25, at=False)])
    assert found.at == T0  # only the JST hour was kept


@given(st.lists(st.integers(0, 24 * 60), max_size=40))
def test_every_contact_follows_silence_and_every_message_belongs_to_one(minutes):
    found = contacts([msg(m) for m in minutes])
    starts = sorted(c.at for c in found)
    times = sorted(T0 + dt.timedelta(minutes=m) for m in set(minutes))
    for t in times:  # each message is at or after a contact start, within its conversation
        assert any(s <= t for s in starts)
    for s in starts:  # before each contact, 30 minutes without a message
        assert not any(s - dt.timedelta(minutes=30) < t < s for t in times)


def test_the_heatmap_counts_contacts_per_weekday_and_hour():
    found = contacts([msg(0), msg(60 * 24 + 5, "p2"), msg(60 * 24 + 7, "p3", channel="other")])
    grid = heatmap(found, "ch")
    assert len(grid) == 7 and all(len(row) == 24 for row in grid)
    assert grid[0][17] == 1 and grid[1][17] == 1  # Monday and Tuesday 17:00
    assert sum(map(sum, grid)) == 2


def test_hour_exposure_counts_each_hour_of_the_week_and_the_open_ones():
    first, last = dt.date(2026, 4, 6), dt.date(2026, 4, 19)  # two whole weeks
    slot = Slot(T0, T0 + dt.timedelta(hours=2), "ch")
    seen, opened = hour_exposure(first, last, [slot])
    assert set(seen) == {2}
    assert opened[17] == opened[18] == 1 and sum(opened) == 2
