"""Read what a ward's report needs from the store and compute its figures (`tsunagu report`, tests, benches)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from tsunagu.domain.config import Ward
from tsunagu.domain.insight import FIRST_COUNTED_DAY, SNAPSHOT_WINDOW_DAYS
from tsunagu.domain.kpi import Month, WardReport, compute
from tsunagu.domain.records import ContactRecord
from tsunagu.ports.store import Store
from tsunagu.services.operations import overlays_of

SNAPSHOT_WINDOW = dt.timedelta(days=SNAPSHOT_WINDOW_DAYS)  # read as far as nearest_snapshot looks


def ward_report(store: Store, ward: Ward, first: Month, last: Month, today: dt.date | None = None,
                tick: Callable[[], None] | None = None) -> WardReport:
    """The ward's figures for `first`..`last` as of `today` (JST); `tick` is called after each channel is read."""
    step = tick or (lambda: None)
    records: list[ContactRecord] = []
    for ch in ward.channels:
        # From the first day LINE counts: the net friend count is cumulative and the headline compares with
        # the previous fiscal year (retention decides how far back the store still has records). One day
        # past the end: a night slot starting on the last day runs past midnight.
        records.extend(store.records(ch.id, FIRST_COUNTED_DAY, last.last + dt.timedelta(days=1)))
        step()
    outcomes = [o for ch in ward.channels for o in store.outcomes(ch.id, first.first, last.last)]
    previous_start = dt.date(first.fiscal_year - 1, 4, 1)
    snapshots = [s for ch in ward.channels
                 for s in store.snapshots(ch.id, previous_start - SNAPSHOT_WINDOW, last.last + SNAPSHOT_WINDOW)]
    activities = list(store.activities(ward.id, first.first, last.last))
    reported = [c for ch in ward.channels for c in store.contractor_counts(ch.id, str(first), str(last))]
    overlays = {ch: o for ch, o in overlays_of(store).items() if ch in {c.id for c in ward.channels}}
    return compute(ward, first, last, records, outcomes, store.scan_counts(first.first, last.last), snapshots,
                   activities, today, reported, overlays)
