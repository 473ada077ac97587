"""`tsunagu handoff log`: staff record how many people moved on to phone, face-to-face, outreach or a partner.

Counts only: no names, no notes. Every check runs before the store is opened, so a refused log
writes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from tsunagu.domain.config import Channel, Programs, Ward
from tsunagu.domain.errors import HandoffLogError
from tsunagu.domain.records import HandoffOutcome
from tsunagu.domain.schedule import JST
from tsunagu.domain.vocabulary import HANDOFF_KINDS


def register(sub: argparse._SubParsersAction) -> None:
    """Add `handoff` to the command line."""
    p = sub.add_parser("handoff", help="log hand-off outcomes (counts only) for the KPI report")
    p.add_argument("action", choices=("log",), help="log: append a count of people handed on")
    p.add_argument("--channel", required=True, help="channel id, e.g. kita-women")
    p.add_argument("--kind", required=True, choices=HANDOFF_KINDS,
                   help="phone, face (face-to-face), outreach (a visit) or partner (another organisation)")
    p.add_argument("--partner", required=True, help="id of one of the channel's partner organisations")
    p.add_argument("--date", required=True, help="the day of the hand-off, YYYY-MM-DD (Japan time)")
    p.add_argument("--count", default="1", help="how many people (default: 1)")
    p.add_argument("--programs", type=Path, default=None, help="folder of programme files (default: programs/)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Check the log against the programme config, then append it to the store."""
    outcome = check_outcome(args.wiring.programs(), args.channel, args.kind, args.partner, args.date,
                            args.count, today=dt.datetime.now(JST).date())
    args.wiring.store().add_outcome(outcome)
    report_outcome(outcome)
    return 0


def report_outcome(outcome: HandoffOutcome) -> None:
    """Tell staff what was logged (this command and `tsunagu log --activity handoff`)."""
    partner = f" via {outcome.partner}" if outcome.partner else ""
    print(f"logged {outcome.count} {outcome.kind} hand-off(s){partner} for {outcome.channel} on {outcome.day}")


def check_outcome(programs: Programs, channel_id: str, kind: str, partner: str, day: str, count: str,
                  today: dt.date) -> HandoffOutcome:
    """The outcome to store, or HandoffLogError naming what is wrong and what would be accepted."""
    ward = programs.ward_of(channel_id)
    channel = ward.channel(channel_id)
    if kind not in HANDOFF_KINDS:
        raise HandoffLogError(f"--kind {kind!r}: use one of {', '.join(HANDOFF_KINDS)}")
    if kind == "outreach" and not channel.outreach:
        raise HandoffLogError(f"--kind outreach: {channel_id} has no outreach team "
                              f"(channels[].outreach is false in {ward.source})")
    partner_id = _partner_id(ward, channel, partner)
    try:
        n = int(count)
    except ValueError:
        raise HandoffLogError(f"--count {count!r}: give a whole number of people, 1 or more") from None
    if n < 1:
        raise HandoffLogError(f"--count {n}: give a whole number of people, 1 or more")
    try:
        when = dt.date.fromisoformat(day)
    except ValueError:
        raise HandoffLogError(f"--date {day!r}: write the day as YYYY-MM-DD, e.g. {today.isoformat()}") from None
    if when > today:
        raise HandoffLogError(f"--date {when} is in the future (today is {today} in Japan); log hand-offs "
                              "that have happened")
    if channel.valid is not None and when not in channel.valid:
        raise HandoffLogError(f"--date {when}: {channel_id} ran from {channel.valid.start} to {channel.valid.end} "
                              f"(channels[].valid in {ward.source})")
    return HandoffOutcome(channel=channel_id, kind=kind, day=when, count=n, partner=partner_id)


def _partner_id(ward: Ward, channel: Channel, given: str) -> str:
    """The partner's id, from its id or its exact name in any language; refuses partners of other channels."""
    for p in ward.partners:
        if p.id in channel.partners and (given == p.id or given in p.name.values()):
            return p.id
    valid = ", ".join(channel.partners) or "(none)"
    where = f"channels[].partners in {ward.source}"
    raise HandoffLogError(f"--partner {given!r} is not a partner of {channel.id}; valid ids: {valid} ({where})")
