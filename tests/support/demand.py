"""Synthetic demand: Poisson contacts per hour from a known rate, as records a store can hold.

Each contact is a new pseudonym writing at a random minute of the hour, and half of them write again
within 20 minutes (the same contact, by the 30-minute rule), so a planner that counted messages instead
of contacts would be caught.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import numpy as np

from tsunagu.adapters.store.sqlite import SqliteStore
from tsunagu.adapters.store.sqlite_schema import INSERT_RECORD, record_row
from tsunagu.domain.records import ContactRecord
from tsunagu.domain.schedule import JST

FAR = 4_000_000_000  # expiry in 2096: the records outlive any test's clock


def poisson_records(channel: str, first: dt.date, last: dt.date, rate: Callable[[dt.datetime], float],
                    seed: int = 1) -> list[ContactRecord]:
    """Messages of Poisson contacts with `rate(hour start)` per hour, every hour from `first` to `last`."""
    rng = np.random.default_rng(seed)
    out: list[ContactRecord] = []
    hour = dt.datetime(first.year, first.month, first.day, tzinfo=JST)
    end = dt.datetime(last.year, last.month, last.day, tzinfo=JST) + dt.timedelta(days=1)
    n = 0
    while hour < end:
        for _ in range(rng.poisson(rate(hour))):
            n += 1
            at = int(hour.timestamp()) + int(rng.integers(0, 3600))
            times = [at, at + int(rng.integers(60, 1200))] if rng.random() < 0.5 else [at]
            for k, t in enumerate(times):
                local = dt.datetime.fromtimestamp(t, JST)
                out.append(ContactRecord(f"{channel}-{n}-{k}", channel, "message", local.date(), local.hour,
                                         f"{seed:04x}{n:012x}", FAR, at=t))
        hour += dt.timedelta(hours=1)
    return out


def bulk_load(store: SqliteStore, records: Iterable[ContactRecord]) -> None:
    """Write records in one transaction (record() one by one takes minutes for a year of contacts)."""
    rows = [(*record_row(r), 0) for r in records]
    with store._transaction("bulk load") as conn:
        conn.executemany(INSERT_RECORD, rows)
