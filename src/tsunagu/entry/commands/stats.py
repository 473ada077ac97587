"""`tsunagu stats`: how many records the store holds, per channel and kind, and scans per placement."""

from __future__ import annotations

import argparse
import datetime as dt
from collections import Counter

from tsunagu.entry.commands import Subcommands
from tsunagu.ports.store import Store

ALL_TIME = (dt.date(2000, 1, 1), dt.date(2100, 12, 31))


def register(sub: Subcommands) -> None:
    """Add `stats` to the command line."""
    p = sub.add_parser("stats", help="count the stored records per channel and kind, and scans per placement")
    p.add_argument("--channel", default=None, help="one channel id (default: every channel)")
    p.set_defaults(run=run)


def counts(store: Store, channel: str | None = None) -> Counter[tuple[str, str]]:
    """Records per (channel, kind) in the store."""
    return Counter((r.channel, r.kind) for r in store.records(channel, *ALL_TIME))


def print_counts(store: Store, channel: str | None = None) -> None:
    """Print the table of counts (and the total)."""
    found = counts(store, channel)
    if not found:
        print("records:          none" + (f" for {channel}" if channel else ""))
        return
    width = max(len(c) for c, _ in found)
    print(f"{'channel':<{width}}  {'kind':<10} records")
    for (ch, kind), n in sorted(found.items()):
        print(f"{ch:<{width}}  {kind:<10} {n:>7}")
    print(f"{'total':<{width}}  {'':<10} {sum(found.values()):>7}")


def print_scans(store: Store) -> None:
    """Print the counted scans per placement (all days)."""
    per_placement: Counter[str] = Counter()
    for (placement, _), n in store.scan_counts(*ALL_TIME).items():
        per_placement[placement] += n
    if not per_placement:
        print("scans:            none")
        return
    width = max(len(p) for p in per_placement)
    print(f"{'placement':<{width}}  scans")
    for placement, n in sorted(per_placement.items()):
        print(f"{placement:<{width}}  {n:>5}")


def run(args: argparse.Namespace) -> int:
    """Print the counts."""
    store = args.wiring.store()
    print_counts(store, args.channel)
    print_scans(store)
    return 0
