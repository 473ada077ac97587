"""What a contact is, and when contacts arrive: the demand the planner forecasts and staffs for.

A contact is a person's first message in a channel after at least 30 minutes of silence from her in
that channel (the definition issue 24 gives: several messages of one conversation are one contact). The
report's consultations are a different notion (a person writing within an open slot, `domain.consultations`);
contacts count open and closed hours alike, since a message that arrives while the service is closed is
demand too. Pure domain: records in, counts out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from tsunagu.domain.records import ContactRecord
from tsunagu.domain.schedule import JST, Slot

SILENCE = dt.timedelta(minutes=30)  # issue 24: a new contact after at least 30 minutes of silence
WEEK_HOURS = 7 * 24
# Japan keeps no daylight saving time, so a fixed +09:00 is Asia/Tokyo; converting with it is several times
# faster than through zoneinfo, which counts for a year of contacts.
JAPAN_OFFSET = dt.timezone(dt.timedelta(hours=9), "JST")

Heatmap = tuple[tuple[int, ...], ...]  # 7 weekdays (Monday first) × 24 hours of arrival counts


@dataclass(frozen=True, order=True)
class Contact:
    """One contact: when a person started writing (JST), in which channel; no pseudonym is kept."""

    at: dt.datetime
    channel: str

    @property
    def week_hour(self) -> int:
        """Hour of the week, 0 = Monday 00:00-01:00 ... 167 = Sunday 23:00-24:00."""
        return self.at.weekday() * 24 + self.at.hour


def message_time(rec: ContactRecord) -> int:
    """When a message was sent (Unix seconds): its event time, or the start of its JST hour when that is unknown."""
    if rec.at:
        return rec.at
    return int(dt.datetime(rec.day.year, rec.day.month, rec.day.day, rec.hour, tzinfo=JST).timestamp())


def contacts(records: Iterable[ContactRecord]) -> list[Contact]:
    """The contacts among `records` (messages only), sorted by time."""
    times: dict[tuple[str, str], list[int]] = defaultdict(list)
    for rec in records:
        if rec.kind == "message":
            times[(rec.channel, rec.pseudonym)].append(message_time(rec))
    silence = int(SILENCE.total_seconds())
    starts: list[tuple[int, str]] = []
    for (channel, _), seen in times.items():
        seen.sort()
        last: int | None = None
        for at in seen:
            if last is None or at - last >= silence:
                starts.append((at, channel))
            last = at
    starts.sort()
    return [Contact(dt.datetime.fromtimestamp(at, JAPAN_OFFSET), channel) for at, channel in starts]


def heatmap(found: Iterable[Contact], channel: str) -> Heatmap:
    """Arrivals of one channel per weekday (rows, Monday first) and hour (columns)."""
    counts = [0] * WEEK_HOURS
    for c in found:
        if c.channel == channel:
            counts[c.week_hour] += 1
    return tuple(tuple(counts[d * 24:(d + 1) * 24]) for d in range(7))


def hour_exposure(first: dt.date, last: dt.date, open_slots: Iterable[Slot]) -> tuple[list[int], list[int]]:
    """How often each hour of the week occurred from `first` to `last`, and how often it was open.

    An hour counts as open when a slot overlaps it. Dividing a heatmap cell by the first gives arrivals
    per hour over the whole period; the second says how much of that was in opening hours.
    """
    seen = [0] * WEEK_HOURS
    day = first
    while day <= last:
        base = day.weekday() * 24
        for hour in range(24):
            seen[base + hour] += 1
        day += dt.timedelta(days=1)
    opened: set[dt.datetime] = set()
    for slot in open_slots:
        at = slot.start.replace(minute=0, second=0, microsecond=0)
        while at < slot.end:
            if first <= at.date() <= last:
                opened.add(at)
            at += dt.timedelta(hours=1)
    open_count = [0] * WEEK_HOURS
    for at in opened:
        open_count[at.weekday() * 24 + at.hour] += 1
    return seen, open_count
