"""iCalendar (.ics) rendering of slots, with the `icalendar` package (an adapter: not on the Lambda path)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from icalendar import Calendar, Event

from .config import Programs
from .schedule import Slot


def slots_to_ics(slots: Iterable[Slot], programs: Programs, language: str = "ja",
                 stamp: dt.datetime | None = None) -> bytes:
    """One VEVENT per slot, summary = the channel's name; `stamp` fixes DTSTAMP for reproducible files."""
    cal = Calendar()
    cal.add("prodid", "-//tsunagu//schedule//JA")
    cal.add("version", "2.0")
    cal.add("x-wr-timezone", "Asia/Tokyo")
    for slot in slots:
        channel = programs.channel(slot.channel)
        event = Event()
        event.add("uid", f"{slot.channel}-{slot.start:%Y%m%dT%H%M}@tsunagu")
        event.add("dtstamp", (stamp or slot.start).astimezone(dt.UTC))
        event.add("dtstart", slot.start)
        event.add("dtend", slot.end)
        name = channel.name.get(language) or next(iter(channel.name.values()))
        event.add("summary", name)
        if slot.specialist:
            event.add("categories", list(slot.specialist))
        cal.add_component(event)
    cal.add_missing_timezones()  # a VTIMEZONE for Asia/Tokyo, so every client reads +09:00
    return cal.to_ical()
