"""Take LINE's follower snapshot of channels for a day: `tsunagu insight` and the daily scheduled function."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from tsunagu.domain.insight import FollowerCount, snapshot_of
from tsunagu.ports.insight import InsightSource, InsightUnavailable
from tsunagu.ports.store import Store


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


def take_snapshots(source: InsightSource, store: Store, channels: Iterable[str], day: dt.date) -> list[SnapshotResult]:
    """`take_snapshot` for every channel; one channel's failure does not stop the others."""
    return [take_snapshot(source, store, ch, day) for ch in channels]
