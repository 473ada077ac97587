"""`tsunagu schedule`: print a channel's slots as a table, JSON or iCalendar, or publish them (--publish)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import replace
from pathlib import Path

from tsunagu.domain.config import Programs
from tsunagu.domain.dates import date_format
from tsunagu.domain.errors import UnknownChannelError
from tsunagu.domain.operations import NO_OVERLAY
from tsunagu.domain.schedule import JST, slots
from tsunagu.entry.commands import Subcommands
from tsunagu.services.operations import overlays_of


def register(sub: Subcommands) -> None:
    """Add `schedule` to the command line."""
    p = sub.add_parser("schedule", help="print the open slots of one channel or all channels")
    p.add_argument("--channel", help="channel id, e.g. osaka-women (default: every channel)")
    p.add_argument("--from", dest="start", type=dt.date.fromisoformat, default=None,
                   help="first day, YYYY-MM-DD (default: today in Japan)")
    p.add_argument("--days", type=int, default=None, help="number of days (default: 7; 14 with --publish)")
    p.add_argument("--format", choices=("text", "json", "ics"), default="text")
    p.add_argument("--programs", type=Path, default=None, help="folder of programme files (default: programs/)")
    p.add_argument("--publish", action="store_true",
                   help="write schedule/<channel>.json and .ics for every channel (14 days unless --days)")
    p.add_argument("--out", default=None,
                   help="with --publish: folder or s3://BUCKET/PREFIX (default: $TSUNAGU_PUBLISH, then build/site)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the slots in the chosen format."""
    programs = args.wiring.programs()
    start = args.start or dt.datetime.now(JST).date()
    if args.publish:
        return _publish(programs, start, args)
    channels = [programs.channel(args.channel)] if args.channel else list(programs.channels)
    args.days = args.days or 7
    overlays = overlays_of(args.wiring.store())  # same-day operations (tsunagu ops) apply here too
    found = [s for ch in channels for s in slots(ch, start, args.days, overlays.get(ch.id, NO_OVERLAY))]
    if args.format == "json":
        doc = {"timezone": "Asia/Tokyo", "from": start.isoformat(), "days": args.days,
               "slots": [s.to_json() for s in found]}
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    elif args.format == "ics":
        from tsunagu.domain.ical import slots_to_ics

        stamp = dt.datetime(start.year, start.month, start.day, tzinfo=JST)
        sys.stdout.buffer.write(slots_to_ics(found, programs, stamp=stamp))
    else:
        _print_table(found, channels, start, args.days)
    return 0


def _publish(programs: Programs, start: dt.date, args: argparse.Namespace) -> int:
    from tsunagu.ports.publisher import SCHEDULE_DAYS
    from tsunagu.services.publishing import publish_schedules
    from tsunagu.wiring import open_publisher

    if args.channel:
        programs = Programs(tuple(replace(w, channels=tuple(c for c in w.channels if c.id == args.channel))
                                  for w in programs.wards if any(c.id == args.channel for c in w.channels)))
        if not programs.wards:
            raise UnknownChannelError(args.channel)
    publisher = open_publisher(args.out) if args.out else args.wiring.publisher()
    keys = publish_schedules(programs, publisher, start, args.days or SCHEDULE_DAYS, overlays_of(args.wiring.store()))
    print(f"{publisher.describe()}: {len(keys)} file(s) for {len(programs.channels)} channel(s) from {start}")
    return 0


def _print_table(found: list, channels: list, start: dt.date, days: int) -> None:
    end = start + dt.timedelta(days=days - 1)
    print(f"Slots from {start} to {end} (Asia/Tokyo)")
    dates = date_format("en")  # the CLI speaks English to staff; the channel names stay as written
    for ch in channels:
        mine = [s for s in found if s.channel == ch.id]
        print(f"\n{ch.id}  {ch.name.pick('ja')}  ({len(mine)} slot(s))")
        for s in mine:
            extra = f"  specialist: {', '.join(s.specialist)}" if s.specialist else ""
            print(f"  {dates.slot(s)}{extra}")
