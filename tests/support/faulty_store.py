"""A Store wrapper that fails at random (seeded), for tests that exactly-once must survive.

A fault *before* delegating is a write that never happened; a fault *after* delegating is the nasty
case: the write is durable but the caller saw StoreUnavailable, answered 503, and LINE redelivers.

    store = FaultyStore(inner, before=0.2, after=0.2, seed=7)

Fixtures: `faulty_store` (a fresh SQLite store behind the default rates) and `make_faulty_store`
(wrap any store: `make_faulty_store(dynamo_store, before=0.1, after=0.3, seed=1)`).
"""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

import pytest

from tsunagu.domain.counts import ContractorCounts
from tsunagu.domain.insight import InsightSnapshot
from tsunagu.domain.operations import Operation
from tsunagu.domain.records import ActivityEntry, ContactRecord, HandoffOutcome, ScanRecord
from tsunagu.ports.store import Store, StoreUnavailable

T = TypeVar("T")


class FaultyStore(Store):
    """Delegates to `inner`, raising StoreUnavailable before or after a call with the given odds."""

    def __init__(self, inner: Store, *, before: float = 0.2, after: float = 0.2, seed: int = 0,
                 reads: bool = False) -> None:
        self.inner = inner
        self.before, self.after, self.reads = before, after, reads
        self._rng = random.Random(seed)
        self._lock = threading.Lock()  # random.Random is not safe to share between threads
        self.faults_before = 0
        self.faults_after = 0

    def _roll(self) -> float:
        with self._lock:
            return self._rng.random()

    def _call(self, name: str, fn: Callable[[], T], *, read: bool = False) -> T:
        if read and not self.reads:
            return fn()
        roll = self._roll()
        if roll < self.before:
            with self._lock:
                self.faults_before += 1
            raise StoreUnavailable(f"injected fault before {name}")
        result = fn()
        if roll < self.before + self.after:
            with self._lock:
                self.faults_after += 1
            raise StoreUnavailable(f"injected fault after {name} (it happened)")
        return result

    def record(self, rec: ContactRecord) -> bool:
        return self._call("record", lambda: self.inner.record(rec))

    def claim(self, key: str, now: int, interval: int, expires_at: int) -> bool:
        return self._call("claim", lambda: self.inner.claim(key, now, interval, expires_at))

    def add_to(self, key: str, amount: float, now: int, expires_at: int) -> tuple[float, int]:
        return self._call("add_to", lambda: self.inner.add_to(key, amount, now, expires_at))

    def held(self, keys: Sequence[str], now: int) -> set[str]:
        return self._call("held", lambda: self.inner.held(keys, now), read=True)

    def erase_contact(self, channel: str, pseudonym: str, *, up_to: int | None = None,
                      tombstone_until: int | None = None) -> int:
        return self._call("erase_contact", lambda: self.inner.erase_contact(
            channel, pseudonym, up_to=up_to, tombstone_until=tombstone_until))

    def records(self, channel: str | None, start: dt.date, end: dt.date) -> Iterator[ContactRecord]:
        return self._call("records", lambda: iter(list(self.inner.records(channel, start, end))), read=True)

    def record_scan(self, scan: ScanRecord, *, at: int = 0, per_minute: int | None = None,
                    per_day: int | None = None) -> bool:
        return self._call("record_scan", lambda: self.inner.record_scan(scan, at=at, per_minute=per_minute,
                                                                        per_day=per_day))

    def scan_counts(self, start: dt.date, end: dt.date) -> dict[tuple[str, dt.date], int]:
        return self._call("scan_counts", lambda: self.inner.scan_counts(start, end), read=True)

    def add_outcome(self, outcome: HandoffOutcome) -> None:
        self._call("add_outcome", lambda: self.inner.add_outcome(outcome))

    def outcomes(self, channel: str | None, start: dt.date, end: dt.date) -> Iterator[HandoffOutcome]:
        return self._call("outcomes", lambda: iter(list(self.inner.outcomes(channel, start, end))), read=True)

    def put_snapshot(self, snapshot: InsightSnapshot) -> None:
        self._call("put_snapshot", lambda: self.inner.put_snapshot(snapshot))

    def snapshots(self, channel: str | None, start: dt.date, end: dt.date) -> list[InsightSnapshot]:
        return self._call("snapshots", lambda: self.inner.snapshots(channel, start, end), read=True)

    def add_activity(self, entry: ActivityEntry) -> None:
        self._call("add_activity", lambda: self.inner.add_activity(entry))

    def activities(self, ward: str | None, start: dt.date, end: dt.date) -> Iterator[ActivityEntry]:
        return self._call("activities", lambda: iter(list(self.inner.activities(ward, start, end))), read=True)

    def put_operation(self, op: Operation) -> None:
        self._call("put_operation", lambda: self.inner.put_operation(op))

    def operations(self, channel: str | None) -> list[Operation]:
        return self._call("operations", lambda: self.inner.operations(channel), read=True)

    def remove_operation(self, op_id: str) -> Operation | None:
        return self._call("remove_operation", lambda: self.inner.remove_operation(op_id))

    def put_counts(self, counts: ContractorCounts) -> None:
        self._call("put_counts", lambda: self.inner.put_counts(counts))

    def contractor_counts(self, channel: str | None, first: str, last: str) -> list[ContractorCounts]:
        return self._call("contractor_counts", lambda: self.inner.contractor_counts(channel, first, last), read=True)

    def close(self) -> None:
        self.inner.close()


@pytest.fixture
def make_faulty_store() -> Callable[..., FaultyStore]:
    """Wrap a store: `make_faulty_store(store, before=0.2, after=0.2, seed=0, reads=False)`."""
    return FaultyStore


@pytest.fixture
def faulty_store(tmp_path) -> Iterator[FaultyStore]:
    """A fresh SQLite store that fails 20 % of writes before and 20 % after writing (seed 0)."""
    from tsunagu.adapters.store.sqlite import SqliteStore

    store = FaultyStore(SqliteStore(tmp_path / "faulty.sqlite3"))
    yield store
    store.close()
