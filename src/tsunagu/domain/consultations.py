"""What counts as a consultation: a distinct (pseudonym, open slot) pair with at least one message.

A record carries its JST day and hour, so it belongs to the slot overlapping that hour; a slot belongs
to the day it starts on. Messages outside every slot do not count. Pure domain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from tsunagu.domain.config import Channel
from tsunagu.domain.operations import NO_OVERLAY, Overlay
from tsunagu.domain.records import ContactRecord
from tsunagu.domain.schedule import Slot, slots

Consultation = tuple[str, dt.datetime]  # (pseudonym, slot start)


def slot_index(channel: Channel, first: dt.date, last: dt.date,
               overlay: Overlay = NO_OVERLAY) -> tuple[list[Slot], dict[tuple[dt.date, int], Slot]]:
    """The slots starting from `first` to `last` (same-day operations applied), and each JST (day, hour)
    they overlap -> slot."""
    found = slots(channel, first, (last - first).days + 1, overlay)
    index: dict[tuple[dt.date, int], Slot] = {}
    for slot in found:
        hour = slot.start.replace(minute=0, second=0, microsecond=0)
        while hour < slot.end:
            index.setdefault((hour.date(), hour.hour), slot)
            hour += dt.timedelta(hours=1)
    return found, index


def consultations(index: dict[tuple[dt.date, int], Slot], records: Iterable[ContactRecord]) -> set[Consultation]:
    """The consultations among `records`, within the slots of `index`."""
    found: set[Consultation] = set()
    for rec in records:
        if rec.kind == "message":
            slot = index.get((rec.day, rec.hour))
            if slot is not None:
                found.add((rec.pseudonym, slot.start))
    return found


def open_days(found: Iterable[Slot]) -> int:
    """Days with at least one slot starting on them."""
    return len({s.start.date() for s in found})
