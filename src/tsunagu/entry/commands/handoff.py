"""`tsunagu handoff log`: staff record how many people moved on to phone, face-to-face, outreach or a partner.

Counts only: no names, no notes. Every check runs before the store is opened, so a refused log
writes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from tsunagu.domain.activities import check_outcome
from tsunagu.domain.records import HandoffOutcome
from tsunagu.domain.schedule import JST
from tsunagu.domain.vocabulary import HANDOFF_KINDS
from tsunagu.entry.commands import Subcommands


def register(sub: Subcommands) -> None:
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
