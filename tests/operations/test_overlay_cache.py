"""The intake's overlay: at most a minute stale, one store read per channel per minute, steady through a blip."""

from __future__ import annotations

import datetime as dt

from tsunagu.adapters.store.sqlite import SqliteStore
from tsunagu.domain.operations import Operation
from tsunagu.domain.schedule import JST
from tsunagu.ports.store import StoreUnavailable
from tsunagu.services.operations import OverlayCache


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


class Counting:
    def __init__(self, inner) -> None:
        self.inner, self.reads, self.down = inner, 0, False

    def operations(self, channel):
        self.reads += 1
        if self.down:
            raise StoreUnavailable("down")
        return self.inner.operations(channel)


def test_a_new_closure_is_seen_within_a_minute_with_one_read_per_channel_per_minute(tmp_path):
    store, clock = Counting(SqliteStore(tmp_path / "s.sqlite3")), Clock()
    cache = OverlayCache(lambda: store, clock=clock)
    assert cache.get("kita-women").operations == ()
    today = dt.datetime.now(JST)
    store.inner.put_operation(Operation("a1", "kita-women", "closure", "山田", today, date=today.date()))
    for _ in range(100):
        cache.get("kita-women")
    assert store.reads == 1, "no read on the hot path within the minute"
    clock.now = 60.0
    assert [op.id for op in cache.get("kita-women").operations] == ["a1"]
    store.down = True
    clock.now = 130.0
    assert [op.id for op in cache.get("kita-women").operations] == ["a1"], "a store blip keeps the last view"
    store.down = False
    cache.get("taito-habataki")
    assert store.reads == 4


def test_a_hanging_store_costs_a_webhook_at_most_the_wait():
    import threading
    import time

    release = threading.Event()

    class Hanging:
        def operations(self, channel):
            release.wait(5)
            return []

    cache = OverlayCache(lambda: Hanging(), wait=0.1)
    started = time.monotonic()
    assert cache.get("kita-women").operations == ()
    assert time.monotonic() - started < 0.5
    release.set()
