"""Take LINE's follower snapshot of channels for a day: `tsunagu insight` and the daily scheduled function."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from tsunagu.domain.config import Programs
from tsunagu.domain.errors import InsightError
from tsunagu.domain.insight import FollowerCount, snapshot_of
from tsunagu.ports.insight import InsightSource, InsightUnavailable
from tsunagu.ports.store import Store

log = logging.getLogger("tsunagu.insight")
# The daily run asks for yesterday and, when it has no snapshot yet, the day before: a day LINE had not
# finished counting (unready) is caught up the next morning.
CATCH_UP_DAYS = 2


@dataclass(frozen=True)
class SnapshotResult:
    """What happened for one channel: `ready` (stored), `unready`, `out_of_service` or `failed`."""

    channel: str
    day: dt.date
    status: str
    count: FollowerCount | None = None
    error: str = ""

    def to_json(self) -> dict[str, object]:
        """A plain summary for logs and the scheduled function's result (counts only)."""
        doc: dict[str, object] = {"channel": self.channel, "date": self.day.isoformat(), "status": self.status}
        if self.count is not None and self.status == "ready":
            doc.update(followers=self.count.followers, targetedReaches=self.count.targeted_reaches,
                       blocks=self.count.blocks)
        if self.error:
            doc["error"] = self.error
        return doc


def take_snapshot(source: InsightSource, store: Store, channel: str, day: dt.date) -> SnapshotResult:
    """Ask LINE for the channel's figures on `day` and store them when `ready`; never store other answers."""
    try:
        count = source.followers(channel, day)
    except InsightUnavailable as exc:
        return SnapshotResult(channel, day, "failed", error=str(exc))
    snapshot = snapshot_of(channel, day, count)
    if snapshot is not None:
        store.put_snapshot(snapshot)
    return SnapshotResult(channel, day, count.status, count)


def daily_snapshots(programs: Programs, source: InsightSource, store: Store, today: dt.date) -> list[SnapshotResult]:
    """The scheduled run: every channel running on the days before `today` (JST) that has no snapshot yet.

    One channel's failure does not stop the others; unready days are logged (and caught up tomorrow);
    any failure raises InsightError at the end, so the function's error alarm tells staff.
    """
    results = []
    for ch in programs.channels:
        for back in range(CATCH_UP_DAYS, 0, -1):
            day = today - dt.timedelta(days=back)
            if (ch.valid is not None and day not in ch.valid) or store.snapshots(ch.id, day, day):
                continue
            result = take_snapshot(source, store, ch.id, day)
            if result.status != "ready":
                log.warning("insight %s %s: %s %s", ch.id, day, result.status, result.error)
            results.append(result)
    failed = [r for r in results if r.status == "failed"]
    if failed:
        raise InsightError("; ".join(r.error for r in failed))
    return results
