"""LINE's official follower figures: one snapshot per channel per day, and which one a report uses.

LINE's Insight API (`GET /v2/bot/insight/followers?date=yyyyMMdd`, JST) answers `ready` with three
numbers, or `unready` (LINE has not finished counting that day; it usually takes a day) or
`out_of_service` (a date before LINE started counting, 2016-11-01). Only `ready` answers become
snapshots: a zero stored for an unready day would read as "the account lost every friend".

`followers` is LINE Official Account Manager's 友だち数: people who added the account, never
decreasing when they block it; `blocks` is how many block it now; `targeted_reaches` how many LINE
can reach with targeted messages. Pure domain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, get_args

InsightStatus = Literal["ready", "unready", "out_of_service"]
INSIGHT_STATUSES: tuple[InsightStatus, ...] = get_args(InsightStatus)
# LINE counts followers from this day on; earlier dates answer out_of_service.
FIRST_COUNTED_DAY = dt.date(2016, 11, 1)
# A snapshot this many days from a period end still describes it (the daily job ran late, LINE was unready).
SNAPSHOT_WINDOW_DAYS = 31


@dataclass(frozen=True)
class FollowerCount:
    """One answer of the Insight API for one channel and day; the numbers only when `ready`."""

    status: InsightStatus
    followers: int | None = None
    targeted_reaches: int | None = None
    blocks: int | None = None


@dataclass(frozen=True)
class InsightSnapshot:
    """LINE's follower figures of one channel as of one JST day (a `ready` answer, stored)."""

    channel: str
    day: dt.date
    followers: int
    targeted_reaches: int
    blocks: int


def snapshot_of(channel: str, day: dt.date, count: FollowerCount) -> InsightSnapshot | None:
    """The snapshot to store for a `ready` answer; None for `unready` and `out_of_service`."""
    if count.status != "ready" or count.followers is None:
        return None
    return InsightSnapshot(channel, day, count.followers, count.targeted_reaches or 0, count.blocks or 0)


def nearest_snapshot(snapshots: Iterable[InsightSnapshot], day: dt.date,
                     within_days: int = SNAPSHOT_WINDOW_DAYS) -> InsightSnapshot | None:
    """The snapshot closest to `day` (an earlier one wins a tie), at most `within_days` away; else None.

    A report's period ends on `day`; a snapshot a few days off still describes the period end better
    than none, but one from another season does not.
    """
    best: tuple[int, int, InsightSnapshot] | None = None
    for snap in snapshots:
        distance = abs((snap.day - day).days)
        if distance > within_days:
            continue
        rank = (distance, 0 if snap.day <= day else 1, snap)
        if best is None or rank[:2] < best[:2]:
            best = rank
    return None if best is None else best[2]
