"""iCalendar (RFC 5545) rendering of slots with the standard library only.

The weekly `publish_schedule` Lambda writes .ics files, and the Lambda ships no build-time packages,
so this writer needs nothing beyond Python; tests parse its output back with the `icalendar` package.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from tsunagu.domain.config import Programs
from tsunagu.domain.dates import ical
from tsunagu.domain.schedule import Slot

# Japan has kept +09:00 without daylight saving time since 1951, so one STANDARD block is exact.
_VTIMEZONE = (
    "BEGIN:VTIMEZONE", "TZID:Asia/Tokyo", "BEGIN:STANDARD", "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900", "TZNAME:JST", "END:STANDARD", "END:VTIMEZONE",
)


def slots_to_ics(slots: Iterable[Slot], programs: Programs, language: str = "ja",
                 stamp: dt.datetime | None = None) -> bytes:
    """One VEVENT per slot, summary = the channel's name; `stamp` fixes DTSTAMP for reproducible files."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tsunagu//schedule//JA", "CALSCALE:GREGORIAN",
             "X-WR-TIMEZONE:Asia/Tokyo", *_VTIMEZONE]
    for slot in slots:
        channel = programs.channel(slot.channel)
        name = channel.name.pick(language)
        lines += [
            "BEGIN:VEVENT",
            # The UID keeps its minute precision: subscribed calendars match events by UID.
            f"UID:{slot.channel}-{ical(slot.start)[:13]}@tsunagu",
            f"DTSTAMP:{ical(stamp or slot.start, utc=True)}",
            f"DTSTART;TZID=Asia/Tokyo:{ical(slot.start)}",
            f"DTEND;TZID=Asia/Tokyo:{ical(slot.end)}",
            f"SUMMARY:{escape_text(name)}",
        ]
        if slot.specialist:
            lines.append("CATEGORIES:" + ",".join(escape_text(kind) for kind in slot.specialist))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) + b"\r\n" for line in lines)


def escape_text(text: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and newlines (RFC 5545 3.3.11)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> bytes:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1)."""
    out: list[bytes] = []
    current = b""
    limit = 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            out.append(current)
            current = b" "
            limit = 75  # continuation lines start with one space, which counts toward their 75 octets
        current += encoded
    out.append(current)
    return b"\r\n".join(out)
