"""`tsunagu insight`: store LINE's official follower count of a channel for a day (the report's 友だち登録者数)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from tsunagu.domain.errors import InsightError, UnknownChannelError
from tsunagu.domain.schedule import JST
from tsunagu.entry.commands import Subcommands
from tsunagu.services.insight import take_snapshot


def register(sub: Subcommands) -> None:
    """Add `insight` to the command line."""
    p = sub.add_parser("insight", help="store LINE's official follower count of a channel for a day")
    p.add_argument("--channel", required=True, help="channel id, e.g. taito-habataki")
    p.add_argument("--date", default=None,
                   help="the day, YYYY-MM-DD (Japan time; default: yesterday, the latest day LINE has counted)")
    p.add_argument("--programs", type=Path, default=None, help="folder of programme files (default: programs/)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Ask LINE for the figures; store them when ready, say why not otherwise (exit 1, nothing stored)."""
    programs = args.wiring.programs()
    try:
        programs.channel(args.channel)
    except KeyError:
        raise UnknownChannelError(args.channel) from None
    today = dt.datetime.now(JST).date()
    day = _day(args.date, today)
    result = take_snapshot(args.wiring.insight(), args.wiring.store(), args.channel, day)
    if result.status == "failed":
        raise InsightError(result.error)
    if result.status == "unready":
        raise InsightError(f"LINE has not finished counting {day} for {args.channel} (status unready); nothing "
                           "was stored. LINE usually needs a day: try again tomorrow, or give an earlier --date")
    if result.status == "out_of_service":
        raise InsightError(f"LINE has no follower count for {day} (status out_of_service: LINE counts from "
                           "2016-11-01 on); nothing was stored")
    count = result.count
    assert count is not None  # a ready result always carries its count
    print(f"{args.channel} {day}: {count.followers:,} friends (LINE's official count), "
          f"{count.blocks:,} blocking, {count.targeted_reaches:,} reachable by targeted messages; stored")
    return 0


def _day(text: str | None, today: dt.date) -> dt.date:
    if text is None:
        return today - dt.timedelta(days=1)
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise InsightError(f"--date {text!r}: write the day as YYYY-MM-DD, e.g. "
                           f"{today - dt.timedelta(days=1)}") from None
    if day > today:
        raise InsightError(f"--date {day} is in the future (today is {today} in Japan); LINE counts days "
                           "that have ended")
    return day
