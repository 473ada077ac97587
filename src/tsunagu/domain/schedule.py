"""When is a channel open? Weekly rules, nth weekdays, past-midnight spans, holidays, closures, extra days.

Pure domain: standard library only. Public holidays come from a table (2000-2099) that
scripts/holidays-table generates from the `holidays` package; a date outside it is a ValueError.
Everything is in Japan time, Asia/Tokyo.

Rules, in order: a day outside the channel's validity period has no slots; a closed day (annual,
one-off date or period) has no slots, whatever else says, since closures always win; on a public
holiday a channel with `holidays: closed` drops its weekly hours but keeps a declared extra day;
otherwise the weekly rules matching the weekday (and the nth week, if given) plus the day's extra
hours apply. Same-day operations (`tsunagu.domain.operations`: the store's overlay, handed in) come
last: their extra sessions are added and their closures cut out, so a closure still wins. A slot
belongs to the day it starts on. Overlapping spans are merged.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from importlib import resources
from zoneinfo import ZoneInfo

from tsunagu.domain.config import ANNUAL, Channel
from tsunagu.domain.decode import Clock
from tsunagu.domain.errors import HolidayTableError
from tsunagu.domain.operations import NO_OVERLAY, Overlay, subtract
from tsunagu.domain.vocabulary import WEEKDAYS

JST = ZoneInfo("Asia/Tokyo")
# How far next_open looks ahead before it decides the channel will not open again.
HORIZON_DAYS = 800


@dataclass(frozen=True, order=True)
class Slot:
    """One open period of one channel."""

    start: dt.datetime
    end: dt.datetime
    channel: str
    specialist: tuple[str, ...] = ()  # specialist kinds answering on that day (e.g. legal)

    def __contains__(self, at: object) -> bool:
        return isinstance(at, dt.datetime) and self.start <= at < self.end

    def to_json(self) -> dict[str, object]:
        """The documented JSON shape: start, end (ISO 8601 with +09:00), channel, specialist."""
        return {
            "channel": self.channel,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "specialist": list(self.specialist),
        }


def slots(channel: Channel, start: dt.date, days: int, overlay: Overlay = NO_OVERLAY) -> list[Slot]:
    """Slots that start on the `days` days from `start`, sorted and never overlapping."""
    raw: list[Slot] = []
    for offset in range(max(days, 0)):
        raw.extend(_day_slots(channel, start + dt.timedelta(days=offset), overlay))
    return _merge(raw)


def is_open(channel: Channel, at: dt.datetime, overlay: Overlay = NO_OVERLAY) -> bool:
    """True exactly when `at` falls inside one of the channel's slots."""
    return current_slot(channel, at, overlay) is not None


def current_slot(channel: Channel, at: dt.datetime, overlay: Overlay = NO_OVERLAY) -> Slot | None:
    """The slot containing `at`, if any."""
    local = _aware(at).astimezone(JST)
    for slot in slots(channel, local.date() - dt.timedelta(days=1), 2, overlay):
        if local in slot:
            return slot
    return None


def next_open(channel: Channel, at: dt.datetime, overlay: Overlay = NO_OVERLAY) -> dt.datetime | None:
    """`at` itself when open, else the start of the next slot; None if the channel never opens again."""
    local = _aware(at).astimezone(JST)
    if is_open(channel, local, overlay):
        return local
    slot = next_slot(channel, local, overlay)
    return slot.start if slot else None


def next_slot(channel: Channel, at: dt.datetime, overlay: Overlay = NO_OVERLAY) -> Slot | None:
    """The first slot starting at or after `at`, or None within the horizon."""
    local = _aware(at).astimezone(JST)
    day = local.date()
    last = day + dt.timedelta(days=HORIZON_DAYS)
    if channel.valid is not None:
        if day > channel.valid.end:
            return None
        day = max(day, channel.valid.start)
        last = min(last, channel.valid.end)
    step = 31
    while day <= last:
        for slot in slots(channel, day, min(step, (last - day).days + 1), overlay):
            if slot.start >= local:
                return slot
        day += dt.timedelta(days=step)
    return None


def is_closed_day(channel: Channel, day: dt.date) -> bool:
    """True when a closure (annual, date or period) or the validity period rules the day out."""
    if channel.valid is not None and day not in channel.valid:
        return True
    closures = channel.closures
    if day in closures.dates or any(day in p for p in closures.periods):
        return True
    return any(_annual_matches(rule, day) for rule in closures.annual)


def is_holiday(day: dt.date) -> bool:
    """True on a Japanese public holiday (including substitute holidays)."""
    return day in _japan_holidays(day.year)


def _day_slots(channel: Channel, day: dt.date, overlay: Overlay = NO_OVERLAY) -> list[Slot]:
    if is_closed_day(channel, day):
        return []
    spans: list[tuple[Clock, Clock]] = []
    if not (channel.holidays == "closed" and is_holiday(day)):
        weekday = WEEKDAYS[day.weekday()]
        nth = (day.day - 1) // 7 + 1
        spans.extend((r.start, r.end) for r in channel.hours
                     if weekday in r.days and (not r.nth or nth in r.nth))
    spans.extend((e.start, e.end) for e in channel.extra_days if e.date == day)
    if overlay.touches(day):
        spans = subtract([*spans, *overlay.extra(day)], overlay.closed(day))
    specialist = tuple(s.kind for s in channel.specialist_days if day in s.dates)
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=JST)
    return [
        Slot(
            start=_at(midnight, start),
            end=_at(midnight, end),
            channel=channel.id,
            specialist=specialist,
        )
        for start, end in spans
    ]


def _at(midnight: dt.datetime, clock: Clock) -> dt.datetime:
    # Wall-clock arithmetic: Japan has no daylight saving time, so adding minutes is exact.
    return midnight + dt.timedelta(minutes=clock.minutes)


def _merge(raw: list[Slot]) -> list[Slot]:
    merged: list[Slot] = []
    for slot in sorted(raw):
        if merged and slot.start <= merged[-1].end:
            last = merged[-1]
            kinds = last.specialist + tuple(k for k in slot.specialist if k not in last.specialist)
            merged[-1] = Slot(last.start, max(last.end, slot.end), last.channel, kinds)
        else:
            merged.append(slot)
    return merged


def _annual_matches(rule: str, day: dt.date) -> bool:
    m = ANNUAL.match(rule)
    if not m:
        return False
    key = (day.month, day.day)
    first = (int(m.group(1)), int(m.group(2)))
    if m.group(3) is None:
        return key == first
    last = (int(m.group(3)), int(m.group(4)))
    if first <= last:
        return first <= key <= last
    return key >= first or key <= last  # wraps the year end, e.g. 12-29..01-03


def _aware(at: dt.datetime) -> dt.datetime:
    if at.tzinfo is None:
        raise ValueError("give an aware datetime (with a time zone); naive times are ambiguous")
    return at


@functools.cache
def _japan_holidays(year: int) -> frozenset[dt.date]:
    table = _holiday_table()
    if str(year) not in table:
        raise HolidayTableError(year, min(table), max(table))
    return frozenset(dt.date.fromisoformat(d) for d in table[str(year)])


@functools.cache
def _holiday_table() -> dict[str, list[str]]:
    # Made by scripts/holidays-table from the `holidays` package; a test keeps the two in step.
    table: dict[str, list[str]] = json.loads(
        resources.files("tsunagu.data").joinpath("jp_holidays.json").read_text(encoding="utf-8"))
    return table
