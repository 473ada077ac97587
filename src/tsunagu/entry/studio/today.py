"""Today: each channel's week with the overlay applied, open or closed now, the next opening, today's
counts (kinds and numbers only, read through the store port) and the alert log's latest lines."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from tsunagu.domain.config import Channel
from tsunagu.domain.operations import Overlay
from tsunagu.domain.schedule import is_open, next_open, slots
from tsunagu.services.operations import overlays_of

if TYPE_CHECKING:
    from tsunagu.entry.studio.app import Studio

WEEK = 7
ALERT_LINES = 10


@dataclass(frozen=True)
class Day:
    """One row of a week: the date and its open spans as HH:MM-HH:MM."""

    day: dt.date
    spans: tuple[str, ...]


def week(channel: Channel, start: dt.date, overlay: Overlay) -> list[Day]:
    """The channel's slots over seven days from `start`, one row per day."""
    found = slots(channel, start, WEEK, overlay)
    rows = []
    for offset in range(WEEK):
        day = start + dt.timedelta(days=offset)
        spans = tuple(f"{s.start:%H:%M}–{_end(s.start, s.end)}" for s in found if s.start.date() == day)
        rows.append(Day(day, spans))
    return rows


def _end(start: dt.datetime, end: dt.datetime) -> str:
    # Past midnight reads as the programme files write it: 25:00 is 1 a.m. the next day.
    hours = end.hour + 24 * (end.date() - start.date()).days
    return f"{hours:02d}:{end.minute:02d}"


def alert_lines(target: str) -> list[dict[str, str]] | None:
    """The alert log's latest entries (channel, kind, time, count), or None when alerts go elsewhere."""
    if target.startswith(("sns:", "sqs:")):
        return None
    path = Path(target)
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines()[-ALERT_LINES:]:
        try:
            doc = json.loads(line)
        except ValueError:
            continue
        out.append({k: str(doc.get(k, "")) for k in ("at", "channel", "kind", "count")})
    return list(reversed(out))


def page(studio: Studio) -> Callable[[Request], Awaitable[Response]]:
    """GET /: the Today page."""

    async def today(request: Request) -> Response:
        now = studio.now()
        programs, store = studio.programs(), studio.wiring.store()
        overlays = overlays_of(store)
        records: dict[str, Counter[str]] = {}
        for rec in store.records(None, now.date(), now.date()):
            records.setdefault(rec.channel, Counter())[rec.kind] += 1
        scans: Counter[str] = Counter()
        placements = {p.id: p.channel for w in programs.wards for p in w.placements}
        for (placement, _day), count in store.scan_counts(now.date(), now.date()).items():
            scans[placements.get(placement, "")] += count
        channels = []
        for ward in programs.wards:
            for channel in ward.channels:
                overlay = overlays.get(channel.id, Overlay())
                opening = next_open(channel, now, overlay)
                kinds = records.get(channel.id, Counter())
                channels.append({"ward": ward, "channel": channel, "open": is_open(channel, now, overlay),
                                 "next_open": opening, "week": week(channel, now.date(), overlay),
                                 "kinds": sorted(kinds.items()), "records": sum(kinds.values()),
                                 "emergencies": kinds.get("emergency", 0), "scans": scans.get(channel.id, 0),
                                 "operations": overlay.operations, "busy": overlay.busy(now),
                                 "notice": overlay.notice(now, studio.language(request))})
        return studio.render(request, "today.html", channels=channels, now=now,
                             alerts=alert_lines(studio.wiring.settings.notify))

    return today
