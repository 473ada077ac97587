"""`tsunagu log`: staff append counts of what they did beyond the chat, for the report's activity rows.

A ward's `activities` say what can be logged (packs handed out by place, peer-support sessions and
participants, specialist consultations by kind); `--activity handoff` logs people handed on, exactly
as `tsunagu handoff log` does. Counts only: no names, no notes. Every check runs before the store is
written, so a refused log writes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from tsunagu.domain.activities import check_activity, check_outcome
from tsunagu.domain.errors import ActivityLogError, UnknownWardError
from tsunagu.domain.schedule import JST
from tsunagu.entry.commands import Subcommands
from tsunagu.entry.commands.handoff import report_outcome

HANDOFF = "handoff"  # the built-in activity of every channel: people handed on (see `tsunagu handoff log`)


def register(sub: Subcommands) -> None:
    """Add `log` to the command line."""
    p = sub.add_parser("log", help="log staff activity counts (packs, peer support, specialist days, hand-offs)")
    p.add_argument("--activity", required=True,
                   help="one of the ward's activities (programme file: activities[].id), or handoff")
    p.add_argument("--ward", help="ward id, e.g. osaka (not needed for handoff: the channel says it)")
    p.add_argument("--item", help="the place or kind the count is for, when the activity is broken down")
    p.add_argument("--date", required=True, help="the day, YYYY-MM-DD (Japan time)")
    p.add_argument("--count", action="append", default=[], metavar="[MEASURE=]N",
                   help="a whole number, 1 or more; name the measure when the activity counts several "
                        "(--count sessions=1 --count participants=4)")
    p.add_argument("--channel", help="handoff only: channel id")
    p.add_argument("--kind", help="handoff only: phone, face, outreach or partner")
    p.add_argument("--partner", help="handoff only: id of one of the channel's partner organisations")
    p.add_argument("--programs", type=Path, default=None, help="folder of programme files (default: programs/)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Check the log against the programme files, then append it to the store."""
    programs = args.wiring.programs()
    today = dt.datetime.now(JST).date()
    if args.activity == HANDOFF:
        missing = [f"--{name}" for name in ("channel", "kind", "partner") if getattr(args, name) is None]
        if missing:
            raise ActivityLogError(f"--activity handoff needs {', '.join(missing)}")
        if len(args.count) > 1:
            raise ActivityLogError("--activity handoff takes one --count (people handed on)")
        outcome = check_outcome(programs, args.channel, args.kind, args.partner, args.date,
                                args.count[0] if args.count else "1", today=today)
        args.wiring.store().add_outcome(outcome)
        report_outcome(outcome)
        return 0
    strays = [f"--{name}" for name in ("channel", "kind", "partner") if getattr(args, name) is not None]
    if strays:
        raise ActivityLogError(f"{', '.join(strays)}: only for --activity handoff")
    if args.ward is None:
        raise ActivityLogError(f"--activity {args.activity} needs --ward (the ward whose programme file declares it)")
    try:
        ward = programs.ward(args.ward)
    except KeyError:
        raise UnknownWardError(args.ward) from None
    entries = check_activity(ward, args.activity, args.item, args.date, args.count, today)
    store = args.wiring.store()
    for entry in entries:
        store.add_activity(entry)
    where = f" at {entries[0].item}" if entries[0].item else ""
    counts = ", ".join(f"{e.count} {e.measure}" for e in entries)
    print(f"logged {counts} for {ward.id} {args.activity}{where} on {entries[0].day}")
    return 0
