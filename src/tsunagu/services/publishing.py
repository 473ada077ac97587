"""Publishing the weekly schedule: the next days of slots per channel as JSON and iCalendar, through a Publisher."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping

from tsunagu.domain.config import Programs
from tsunagu.domain.ical import slots_to_ics
from tsunagu.domain.operations import NO_OVERLAY, Overlay
from tsunagu.domain.schedule import JST, slots
from tsunagu.ports.publisher import SCHEDULE_DAYS, Publisher, content_type


def schedule_document(channel_slots: Iterable, start: dt.date, days: int,
                      overlay: Overlay = NO_OVERLAY) -> dict[str, object]:
    """The documented schedule JSON: timezone, from, days, the slots and the staff's notices in force in
    those days (see README, Schedule JSON); the portal's hours.js shows a notice beside the hours."""
    last = start + dt.timedelta(days=days - 1)
    notices = [{"from": op.first.isoformat(), "to": op.last.isoformat(), "text": dict(op.texts)}
               for op in overlay.operations if op.kind == "notice" and op.first is not None
               and op.last is not None and op.first <= last and op.last >= start]
    return {"timezone": "Asia/Tokyo", "from": start.isoformat(), "days": days,
            "slots": [s.to_json() for s in channel_slots], "notices": notices}


def publish_schedules(programs: Programs, publisher: Publisher, start: dt.date, days: int = SCHEDULE_DAYS,
                      overlays: Mapping[str, Overlay] | None = None, only: str | None = None) -> list[str]:
    """Write schedule/<channel>.json and .ics for every channel (or `only` one), same-day operations applied;
    returns the keys written."""
    stamp = dt.datetime(start.year, start.month, start.day, tzinfo=JST)  # reproducible DTSTAMP
    written: list[str] = []
    for channel in programs.channels:
        if only is not None and channel.id != only:
            continue
        overlay = (overlays or {}).get(channel.id, NO_OVERLAY)
        found = slots(channel, start, days, overlay)
        doc = json.dumps(schedule_document(found, start, days, overlay), ensure_ascii=False, indent=1)
        key = f"schedule/{channel.id}.json"
        publisher.put(key, doc.encode("utf-8"), content_type(key))
        written.append(key)
        key = f"schedule/{channel.id}.ics"
        publisher.put(key, slots_to_ics(found, programs, stamp=stamp), content_type(key))
        written.append(key)
    return written
