"""The store port: what the intake and the report need from storage, and what every adapter promises.

Adapters: `store.sqlite` (embedded default, `sqlite:///PATH`) and `store.dynamodb` (`dynamodb://TABLE`).
One contract test suite runs against both, so a behaviour cannot exist in one and not the other.
Every method either completes durably or raises StoreUnavailable (the intake answers 503 so that
LINE redelivers); none of them ever receives a LINE user id or message text.
"""

from __future__ import annotations

import abc
import datetime as dt
import hashlib
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from tsunagu.domain.counts import ContractorCounts
from tsunagu.domain.errors import TsunaguError
from tsunagu.domain.insight import InsightSnapshot
from tsunagu.domain.operations import Operation
from tsunagu.domain.records import OVER_CEILING, ActivityEntry, ContactRecord, HandoffOutcome, ScanRecord

__all__ = ["OVER_CEILING", "Store", "StoreUnavailable", "Written", "positive", "tombstone_id"]


class StoreUnavailable(TsunaguError):
    """Storage could not confirm a write or answer a read; the caller must not acknowledge."""


def tombstone_id(channel: str, pseudonym: str) -> str:
    """The key of an erased contact's tombstone: a hash, so the pseudonym itself is gone after erasure."""
    return hashlib.sha256(f"tombstone:{channel}:{pseudonym}".encode()).hexdigest()[:32]


def positive(amount: float) -> float:
    """`amount`, when it is above 0 (what `Store.add_to` adds); ValueError otherwise (0, less, NaN)."""
    if not amount > 0:
        raise ValueError(f"add_to adds amounts above 0, not {amount!r}")
    return amount


class Written(NamedTuple):
    """What `Store.record_claiming` did: the record stored, the marker claimed, the total added to."""

    stored: bool
    claimed: bool
    total: tuple[float, int] | None = None  # `add_to`'s (total, amounts), when it was asked and done


class Store(abc.ABC):
    """Durable, anonymized storage of contact records, scans and hand-off outcomes."""

    @abc.abstractmethod
    def record(self, rec: ContactRecord) -> bool:
        """Add the record if no record with its `event_id` exists yet and no erasure covers it.

        Returns True when this call stored it, False when the event id was already recorded (a
        redelivery: the caller must neither count nor answer it again) or when a tombstone of its
        channel and pseudonym is at or after `rec.at` (an event from before an erasure). The write is durable when
        this returns. Raises StoreUnavailable otherwise; the write may then have happened all the
        same, and the redelivery returns False. A record past its `expires_at` counts as absent
        everywhere (reads skip it, adapters purge it; the same event id may be stored again).
        """

    @abc.abstractmethod
    def claim(self, key: str, now: int, interval: int, expires_at: int) -> bool:
        """Atomically set marker `key` to `now` if it is absent or was set `interval`+ seconds before.

        Returns True when this call set it. Used to rate-limit replies (e.g. one out-of-hours reply
        per contact per 3 hours). Keys are `<channel>:<pseudonym>:<purpose>` (pseudonyms, never user
        ids) so that erase_contact finds them. A marker whose `expires_at <= now` counts as absent.
        """

    @abc.abstractmethod
    def add_to(self, key: str, amount: float, now: int, expires_at: int) -> tuple[float, int]:
        """Atomically add `amount` to the running total kept under `key`; returns (total, how many amounts
        it holds now).

        Keys are a contact's marker keys (`<channel>:<pseudonym>:<purpose>`): erase_contact drops the total
        with her markers. `amount` is above 0 (ValueError otherwise). A total whose `expires_at <= now` (or
        none) starts again from `amount`, with this `expires_at`; an unexpired one keeps its own. Two calls
        at once both count; a retry of a call whose answer was lost counts once. Used for her concern score
        of the last hour (a number, never text).
        """

    @abc.abstractmethod
    def held(self, keys: Sequence[str], now: int) -> set[str]:
        """Which of these markers (`claim`) are set and unexpired at `now`: a read, nothing changes.

        Used for the split phrases of her messages (tsunagu.domain.intake.fragments): a few keys, read only
        when her message could complete one. Raises StoreUnavailable when the store cannot be read.
        """

    def record_claiming(self, rec: ContactRecord, claim: tuple[str, int, int, int] | None,
                        add: tuple[str, float, int, int] | None = None) -> Written:
        """`record(rec)`, then, when this call stored it, `claim(*claim)` (key, now, interval, expires_at) and
        `add_to(*add)` (key, amount, now, expires_at).

        Returns (stored, claimed, total); claimed is False and total None when nothing was stored or no
        claim or addition was given. Either all are durable when this returns, or StoreUnavailable is
        raised (as for `record`). Adapters may do them in one write (SQLite: one transaction, one fsync),
        which is what a text message needs.
        """
        stored = self.record(rec)
        claimed = bool(stored and claim is not None and self.claim(*claim))
        return Written(stored, claimed, self.add_to(*add) if stored and add is not None else None)

    @abc.abstractmethod
    def erase_contact(self, channel: str, pseudonym: str, *, up_to: int | None = None,
                      tombstone_until: int | None = None) -> int:
        """Delete this pseudonym's records and markers (`<channel>:<pseudonym>:*`) in this channel.

        Only those of times `<= up_to` (Unix seconds; None: all): a redelivered erasure must not erase
        what she wrote after it. With `tombstone_until`, a tombstone for the pair lasts until then, and
        `record()` refuses her records of times `<= up_to` (None: now), so an older event redelivered after the
        erasure does not bring her back. The tombstone holds a hash of channel and pseudonym
        (`tombstone_id`), never the pseudonym itself. Returns how many unexpired records were deleted.
        An empty pseudonym raises ValueError (the intake's pseudonym-less `erasure` records must survive).
        """

    @abc.abstractmethod
    def records(self, channel: str | None, start: dt.date, end: dt.date) -> Iterator[ContactRecord]:
        """Records with `start <= day <= end` (JST), of one channel or all (None), in no set order."""

    @abc.abstractmethod
    def record_scan(self, scan: ScanRecord, *, at: int = 0, per_minute: int | None = None,
                    per_day: int | None = None) -> bool:
        """Count one scan of a placement on a day; True when counted.

        With `per_minute`, at most that many scans of the placement are counted in the minute of `at`
        (Unix seconds); the others return False and change nothing, so that anyone posting scans in a
        loop cannot inflate a placement's figures. With `per_day`, scans past that many on the day are
        counted apart, under the placement id plus OVER_CEILING (`scan_counts` returns both), not lost.
        """

    @abc.abstractmethod
    def scan_counts(self, start: dt.date, end: dt.date) -> dict[tuple[str, dt.date], int]:
        """Scans per (placement, day) with `start <= day <= end`."""

    @abc.abstractmethod
    def add_outcome(self, outcome: HandoffOutcome) -> None:
        """Append a staff-logged hand-off count (appends: two logs of 1 make 2)."""

    @abc.abstractmethod
    def outcomes(self, channel: str | None, start: dt.date, end: dt.date) -> Iterator[HandoffOutcome]:
        """Logged hand-off outcomes with `start <= day <= end`, of one channel or all (None)."""

    @abc.abstractmethod
    def put_snapshot(self, snapshot: InsightSnapshot) -> None:
        """Keep LINE's follower figures of a channel for a day, replacing any kept for that channel and day.

        Snapshots are counts of an account, not of a person: no retention applies to them.
        """

    @abc.abstractmethod
    def snapshots(self, channel: str | None, start: dt.date, end: dt.date) -> list[InsightSnapshot]:
        """Snapshots with `start <= day <= end`, of one channel or all (None), ordered by day, then channel."""

    @abc.abstractmethod
    def add_activity(self, entry: ActivityEntry) -> None:
        """Append a staff-logged activity count (appends: two logs of 100 packs make 200)."""

    @abc.abstractmethod
    def activities(self, ward: str | None, start: dt.date, end: dt.date) -> Iterator[ActivityEntry]:
        """Logged activity counts with `start <= day <= end`, of one ward or all (None), in no set order."""

    @abc.abstractmethod
    def put_operation(self, op: Operation) -> None:
        """Keep a same-day operation (replacing one with its id) until it ends (`Operation.ends`)."""

    @abc.abstractmethod
    def operations(self, channel: str | None) -> list[Operation]:
        """The operations not yet ended, of one channel or all (None), oldest first; one read, cheap enough
        for the intake to make once per channel per minute."""

    @abc.abstractmethod
    def remove_operation(self, op_id: str) -> Operation | None:
        """Forget an operation by id; returns it, or None when there is none with that id."""

    @abc.abstractmethod
    def put_counts(self, counts: ContractorCounts) -> None:
        """Keep the contractor's counts of a channel for a month, replacing any kept for that channel and month.

        A corrected sheet imported again replaces the first, it does not add to it. Counts of a service, not
        of a person: no retention applies to them.
        """

    @abc.abstractmethod
    def contractor_counts(self, channel: str | None, first: str, last: str) -> list[ContractorCounts]:
        """Counts of the months `first <= month <= last` (YYYY-MM), of one channel or all (None), ordered by
        month, then channel."""

    def close(self) -> None:  # noqa: B027 - optional hook: adapters without resources need nothing
        """Release connections; the store is not used afterwards."""
