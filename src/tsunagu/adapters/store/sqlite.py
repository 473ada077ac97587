"""The embedded store: one SQLite file in WAL mode with `synchronous=FULL`, safe for threads.

Connections come from a small pool (at most `POOL`, borrowed per call and given back): WAL lets
readers run beside a writer, and the open files stay bounded however many threads a server starts.
Writers of one file in one process queue on a Python lock first (SQLite's busy handler starved some
under eight threads in bench/bench_store.py); writes use `BEGIN IMMEDIATE`, and waiting longer than
`BUSY_MS` surfaces as StoreUnavailable (the intake then answers 503 and LINE redelivers).

Exactly-once is the primary key on `event_id` plus an upsert that only replaces an *expired* row, so
`record()` is one atomic statement.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from tsunagu.adapters.store.sqlite_schema import (
    ADD_SCAN,
    AT_CEILING,
    CLAIM,
    INSERT_RECORD,
    RECORD_COLUMNS,
    SCHEMA,
    add_to,
    record_of,
    record_row,
)
from tsunagu.adapters.store.sqlite_wal import empty_wal
from tsunagu.domain.counts import ContractorCounts
from tsunagu.domain.insight import InsightSnapshot
from tsunagu.domain.operations import Operation
from tsunagu.domain.records import ActivityEntry, ContactRecord, HandoffOutcome, ScanRecord
from tsunagu.ports.store import OVER_CEILING, Store, StoreUnavailable, Written, tombstone_id

# LINE allows 2 s for the whole webhook answer: a write waits at most this long for the file's lock,
# so the emergency reply, the write and a staff alert (at most 1 s) fit with room to spare.
BUSY_MS = 500
# The in-process writer queue may wait longer: only `tsunagu serve` has concurrent writers in one process
# (a Lambda container serves one request at a time), and each holds the lock for one commit.
QUEUE_MS = 1500
# Rows per read query: keyset pages keep memory flat for a year of records and hold no read
# transaction open between pages (a long-lived reader would stall WAL checkpoints).
PAGE = 5000
# `up_to` of an erasure of everything: later than any event time.
ALL_TIMES = 2**62
# Connections per store: enough for a few concurrent readers beside the one writer the lock allows.
POOL = 8
# Expired rows are deleted at open and then at most this often, piggy-backed on a write.
PURGE_EVERY_S = 3600

log = logging.getLogger("tsunagu.store")

# How long an erasure waits for readers to let the WAL be emptied (a report reads a page at a time):
# inside the webhook (LINE allows 2 s in all), then beside it.
CHECKPOINT_INLINE_S, CHECKPOINT_PATIENCE_S = 0.8, 60.0


class SqliteStore(Store):
    """Store backed by one SQLite file (created with its folder if missing)."""

    def __init__(self, path: str | Path, *, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self._clock = clock
        self._idle: list[sqlite3.Connection] = []  # open connections nobody is using
        self._slots = threading.BoundedSemaphore(POOL)
        self._lock = threading.Lock()
        self._writer = _writer_lock(self.path)
        self._closed = False
        self._purged_at = 0.0
        self.page_size = PAGE  # rows per read query
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(f"{self.path}: cannot create the folder ({exc})") from exc
        with self._conn() as conn:
            try:
                # WAL persists in the file; the schema is idempotent so every process may run it.
                conn.execute("PRAGMA journal_mode=WAL")
                conn.executescript(SCHEMA)
                if "at" not in {row[1] for row in conn.execute("PRAGMA table_info(records)")}:
                    # A file from before records kept their event time: those rows count as time 0.
                    conn.execute("ALTER TABLE records ADD COLUMN at INTEGER NOT NULL DEFAULT 0")
            except sqlite3.Error as exc:
                raise StoreUnavailable(f"{self.path}: cannot open the SQLite store ({exc})") from exc
        self._purge()

    def _connect(self) -> sqlite3.Connection:
        try:
            # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE ... COMMIT).
            conn = sqlite3.connect(self.path, timeout=BUSY_MS / 1000, isolation_level=None, check_same_thread=False)
            try:
                conn.execute("PRAGMA synchronous=FULL")
                # Deleted rows are overwritten, so an erased pseudonym does not linger in free pages.
                conn.execute("PRAGMA secure_delete=ON")
                conn.execute(f"PRAGMA busy_timeout={BUSY_MS}")
            except sqlite3.Error:
                conn.close()
                raise
        except (OSError, sqlite3.Error) as exc:  # e.g. out of file descriptors: 503, LINE redelivers
            raise StoreUnavailable(f"{self.path}: cannot open a connection ({type(exc).__name__}: {exc})") from exc
        return conn

    @contextlib.contextmanager
    def _conn(self) -> Iterator[sqlite3.Connection]:
        """Borrow a pooled connection for one call (opened on demand, at most POOL at once)."""
        if not self._slots.acquire(timeout=BUSY_MS / 1000):
            raise StoreUnavailable(f"{self.path}: all {POOL} connections stayed busy for {BUSY_MS} ms")
        try:
            with self._lock:
                if self._closed:
                    raise StoreUnavailable(f"{self.path}: the store is closed")
                conn = self._idle.pop() if self._idle else None
            conn = conn or self._connect()
            try:
                yield conn
            finally:
                with self._lock:
                    keep = not self._closed
                    if keep:
                        self._idle.append(conn)
                if not keep:
                    conn.close()
        finally:
            self._slots.release()

    @contextlib.contextmanager
    def _transaction(self, what: str) -> Iterator[sqlite3.Connection]:
        """An immediate write transaction, committed on success; any failure is StoreUnavailable."""
        with self._conn() as conn:
            if not self._writer.acquire(timeout=QUEUE_MS / 1000):
                raise StoreUnavailable(f"{self.path}: {what} waited over {QUEUE_MS} ms for other writers")
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                raise StoreUnavailable(f"{self.path}: {what} failed ({type(exc).__name__}: {exc})") from exc
            finally:
                self._writer.release()

    def _write(self, sql: str, params: tuple = ()) -> int:
        """Run one statement in its own immediate transaction; returns the rows it changed."""
        with self._transaction("write") as conn:
            return conn.execute(sql, params).rowcount

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        try:
            with self._conn() as conn:
                return conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"{self.path}: read failed ({type(exc).__name__}: {exc})") from exc

    def _days(self, select: str, owner: tuple[str, str | None], start: dt.date, end: dt.date,
              order: str) -> list[tuple]:
        """Rows of `select` (SELECT ... FROM a table) with `start <= day <= end`, of one (column, value) or all."""
        sql, params = f"{select} WHERE day BETWEEN ? AND ?", (start.isoformat(), end.isoformat())
        column, value = owner
        if value is not None:
            sql, params = f"{sql} AND {column} = ?", (*params, value)
        return self._read(f"{sql} ORDER BY {order}", params)

    def _purge(self) -> None:
        """Delete rows whose retention ran out (reads already ignore them)."""
        now = int(self._clock())
        self._purged_at = now
        with self._transaction("purge") as conn:
            conn.execute("DELETE FROM records WHERE expires_at <= ?", (now,))
            conn.execute("DELETE FROM markers WHERE expires_at <= ?", (now,))
            conn.execute("DELETE FROM totals WHERE expires_at <= ?", (now,))
            conn.execute("DELETE FROM tombstones WHERE expires_at <= ?", (now,))
            conn.execute("DELETE FROM operations WHERE expires_at <= ?", (now,))

    def record(self, rec: ContactRecord) -> bool:
        """Add the record unless its event id is already recorded; True when this call stored it."""
        return self.record_claiming(rec, None)[0]

    def record_claiming(self, rec: ContactRecord, claim: tuple[str, int, int, int] | None,
                        add: tuple[str, float, int, int] | None = None) -> Written:
        """Record and, when stored, claim the marker and add to the total, in one transaction (one fsync
        instead of three)."""
        now = int(self._clock())
        with self._transaction("record") as conn:
            erased = rec.pseudonym and conn.execute(
                "SELECT 1 FROM tombstones WHERE contact = ? AND at >= ? AND expires_at > ?",
                (tombstone_id(rec.channel, rec.pseudonym), rec.at, now)).fetchone()
            stored = not erased and conn.execute(INSERT_RECORD, (*record_row(rec), now)).rowcount == 1
            claimed, total = False, None
            if stored and claim is not None:
                key, at, interval, expires_at = claim
                claimed = conn.execute(CLAIM, (key, at, expires_at, interval)).rowcount == 1
            if stored and add is not None:
                total = add_to(conn, *add)
        if now - self._purged_at >= PURGE_EVERY_S:
            # The record is durable already: a failed purge must not make the caller think otherwise.
            with contextlib.suppress(StoreUnavailable):
                self._purge()
        return Written(stored, claimed, total)

    def claim(self, key: str, now: int, interval: int, expires_at: int) -> bool:
        """Set marker `key` to `now` if absent, expired or at least `interval` seconds old."""
        return self._write(CLAIM, (key, now, expires_at, interval)) == 1

    def add_to(self, key: str, amount: float, now: int, expires_at: int) -> tuple[float, int]:
        """Add `amount` to the total under `key` (started again once expired); returns (total, amounts)."""
        with self._transaction("write") as conn:
            return add_to(conn, key, amount, now, expires_at)

    def held(self, keys: Sequence[str], now: int) -> set[str]:
        """The markers among `keys` that are set and unexpired (one read)."""
        if not keys:
            return set()
        marks = ",".join("?" * len(keys))
        rows = self._read(f"SELECT key FROM markers WHERE key IN ({marks}) AND expires_at > ?", (*keys, now))
        return {key for (key,) in rows}

    def erase_contact(self, channel: str, pseudonym: str, *, up_to: int | None = None,
                      tombstone_until: int | None = None) -> int:
        """Delete this contact's records and markers up to `up_to`, keep a tombstone; returns live records deleted."""
        if not pseudonym:
            raise ValueError("erase_contact needs a pseudonym")
        now = int(self._clock())
        bound = ALL_TIMES if up_to is None else up_to
        prefix = _like_escape(f"{channel}:{pseudonym}:") + "%"
        mine = "channel = ? AND pseudonym = ? AND at <= ?"
        with self._transaction("erase") as conn:
            live = conn.execute(f"SELECT count(*) FROM records WHERE {mine} AND expires_at > ?",
                                (channel, pseudonym, bound, now)).fetchone()[0]
            conn.execute(f"DELETE FROM records WHERE {mine}", (channel, pseudonym, bound))
            conn.execute("DELETE FROM markers WHERE key LIKE ? ESCAPE '\\' AND at <= ?", (prefix, bound))
            conn.execute("DELETE FROM totals WHERE key LIKE ? ESCAPE '\\' AND at <= ?", (prefix, bound))
            if tombstone_until is not None:
                conn.execute("INSERT INTO tombstones (contact, at, expires_at) VALUES (?, ?, ?) "
                             "ON CONFLICT (contact) DO UPDATE SET at = max(at, excluded.at), "
                             "expires_at = max(expires_at, excluded.expires_at)",
                             (tombstone_id(channel, pseudonym), now if up_to is None else up_to, tombstone_until))
        self._checkpoint()
        return live

    def _checkpoint(self) -> None:
        """Copy the WAL into the file and empty it, so erased rows do not linger in the `-wal` file.

        A reader in the middle of a read (a report, `stats`) pins the WAL: the checkpoint then answers
        "busy" and leaves it as it was, without an error. So its answer is checked and it is tried again
        until the WAL is empty (readers here read a page at a time): inside the webhook for up to
        CHECKPOINT_INLINE_S, then beside it, for up to CHECKPOINT_PATIENCE_S, so LINE is answered in time.
        """
        if empty_wal(self._conn, CHECKPOINT_INLINE_S, self.path.name):
            return
        log.warning("%s: a reader keeps the WAL from emptying after an erasure; trying again in the background",
                    self.path.name)

        def later() -> None:
            if not empty_wal(self._conn, CHECKPOINT_PATIENCE_S, self.path.name):
                log.error("%s: the WAL still holds erased rows after %.0f s of readers; the next checkpoint "
                          "empties it (close long-running readers)", self.path.name, CHECKPOINT_PATIENCE_S)

        threading.Thread(target=later, name="tsunagu-checkpoint", daemon=True).start()

    def records(self, channel: str | None, start: dt.date, end: dt.date) -> Iterator[ContactRecord]:
        """Live records with `start <= day <= end`, of one channel or all, read in keyset pages."""
        now = int(self._clock())
        where = "day <= ? AND expires_at > ?"
        if channel is not None:
            where += " AND channel = ?"
        extra = (channel,) if channel is not None else ()
        sql = (f"SELECT {RECORD_COLUMNS} FROM records WHERE (day, event_id) > (?, ?) AND {where} "
               f"ORDER BY day, event_id LIMIT {int(self.page_size)}")
        after = (start.isoformat(), "")  # "" sorts before every event id, so day == start is included
        while True:
            rows = self._read(sql, (*after, end.isoformat(), now, *extra))
            for row in rows:
                yield record_of(row)
            if len(rows) < self.page_size:
                return
            after = (rows[-1][3], rows[-1][0])

    def record_scan(self, scan: ScanRecord, *, at: int = 0, per_minute: int | None = None,
                    per_day: int | None = None) -> bool:
        """Count one scan of a placement on a day, unless `per_minute` scans of it were counted in `at`'s minute."""
        with self._transaction("scan") as conn:
            minute = (scan.placement, at // 60)
            if per_minute is not None and conn.execute(
                    "UPDATE scan_minutes SET n = n + 1 WHERE placement = ? AND minute = ? AND n < ?",
                    (*minute, per_minute)).rowcount == 0:
                if conn.execute("SELECT 1 FROM scan_minutes WHERE placement = ? AND minute = ?", minute).fetchone():
                    return False  # the cap is reached: answered, not counted
                # A new minute: the placement's older minutes are of no more use.
                conn.execute("DELETE FROM scan_minutes WHERE placement = ?", (scan.placement,))
                conn.execute("INSERT INTO scan_minutes (placement, minute, n) VALUES (?, ?, 1)", minute)
            key, day = scan.placement, scan.day.isoformat()
            if per_day is not None and conn.execute(AT_CEILING, (key, day, per_day)).fetchone():
                key += OVER_CEILING  # past the day's ceiling: counted apart, not lost
            conn.execute(ADD_SCAN, (key, day))
        return True

    def scan_counts(self, start: dt.date, end: dt.date) -> dict[tuple[str, dt.date], int]:
        """Scans per (placement, day) with `start <= day <= end`."""
        rows = self._read(
            "SELECT placement, day, count FROM scans WHERE day BETWEEN ? AND ?", (start.isoformat(), end.isoformat())
        )
        return {(placement, dt.date.fromisoformat(day)): count for placement, day, count in rows}

    def add_outcome(self, outcome: HandoffOutcome) -> None:
        """Append a staff-logged hand-off count."""
        self._write(
            "INSERT INTO outcomes (channel, kind, day, count, partner) VALUES (?, ?, ?, ?, ?)",
            (outcome.channel, outcome.kind, outcome.day.isoformat(), outcome.count, outcome.partner),
        )

    def outcomes(self, channel: str | None, start: dt.date, end: dt.date) -> Iterator[HandoffOutcome]:
        """Logged hand-off outcomes with `start <= day <= end`, of one channel or all."""
        rows = self._days("SELECT channel, kind, day, count, partner FROM outcomes", ("channel", channel),
                          start, end, "id")
        for ch, kind, day, count, partner in rows:
            yield HandoffOutcome(channel=ch, kind=kind, day=dt.date.fromisoformat(day), count=count, partner=partner)

    def put_snapshot(self, snapshot: InsightSnapshot) -> None:
        """Keep LINE's follower figures of a channel for a day (replacing that day's)."""
        self._write(
            "INSERT INTO snapshots (channel, day, followers, targeted_reaches, blocks) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (channel, day) DO UPDATE SET followers = excluded.followers, "
            "targeted_reaches = excluded.targeted_reaches, blocks = excluded.blocks",
            (snapshot.channel, snapshot.day.isoformat(), snapshot.followers, snapshot.targeted_reaches,
             snapshot.blocks),
        )

    def snapshots(self, channel: str | None, start: dt.date, end: dt.date) -> list[InsightSnapshot]:
        """Snapshots with `start <= day <= end`, of one channel or all, by day then channel."""
        rows = self._days("SELECT channel, day, followers, targeted_reaches, blocks FROM snapshots",
                          ("channel", channel), start, end, "day, channel")
        return [InsightSnapshot(ch, dt.date.fromisoformat(day), followers, reach, blocks)
                for ch, day, followers, reach, blocks in rows]

    def add_activity(self, entry: ActivityEntry) -> None:
        """Append a staff-logged activity count."""
        self._write(
            "INSERT INTO activities (ward, activity, day, measure, count, item) VALUES (?, ?, ?, ?, ?, ?)",
            (entry.ward, entry.activity, entry.day.isoformat(), entry.measure, entry.count, entry.item),
        )

    def activities(self, ward: str | None, start: dt.date, end: dt.date) -> Iterator[ActivityEntry]:
        """Logged activity counts with `start <= day <= end`, of one ward or all."""
        rows = self._days("SELECT ward, activity, day, measure, count, item FROM activities", ("ward", ward),
                          start, end, "id")
        for w, activity, day, measure, count, item in rows:
            yield ActivityEntry(w, activity, dt.date.fromisoformat(day), measure, count, item)

    def put_operation(self, op: Operation) -> None:
        """Keep a same-day operation until it ends."""
        self._write("INSERT OR REPLACE INTO operations (id, channel, created, doc, expires_at) VALUES (?, ?, ?, ?, ?)",
                    (op.id, op.channel, op.created.isoformat(), json.dumps(op.to_json(), ensure_ascii=False),
                     int(op.ends().timestamp())))

    def operations(self, channel: str | None) -> list[Operation]:
        """The operations not yet ended, oldest first."""
        now = int(self._clock())
        rows = self._read("SELECT doc FROM operations WHERE expires_at > ? AND (? IS NULL OR channel = ?) "
                          "ORDER BY created, id", (now, channel, channel))
        return [Operation.from_json(json.loads(doc)) for (doc,) in rows]

    def remove_operation(self, op_id: str) -> Operation | None:
        """Forget an operation by id."""
        rows = self._read("SELECT doc FROM operations WHERE id = ?", (op_id,))
        if not rows:
            return None
        self._write("DELETE FROM operations WHERE id = ?", (op_id,))
        return Operation.from_json(json.loads(rows[0][0]))

    def put_counts(self, counts: ContractorCounts) -> None:
        """Keep the contractor's counts of a channel-month (replacing that month's), as a JSON object."""
        self._write(
            "INSERT INTO contractor_counts (channel, month, counts) VALUES (?, ?, ?) "
            "ON CONFLICT (channel, month) DO UPDATE SET counts = excluded.counts",
            (counts.channel, counts.month, json.dumps(dict(counts.counts), sort_keys=True)),
        )

    def contractor_counts(self, channel: str | None, first: str, last: str) -> list[ContractorCounts]:
        """Counts of the months first..last, of one channel or all, by month then channel."""
        sql, params = "SELECT channel, month, counts FROM contractor_counts WHERE month BETWEEN ? AND ?", (first, last)
        if channel is not None:
            sql, params = f"{sql} AND channel = ?", (*params, channel)
        rows = self._read(f"{sql} ORDER BY month, channel", params)
        return [ContractorCounts(ch, month, json.loads(body)) for ch, month, body in rows]

    def close(self) -> None:
        """Close the pooled connections (those in use close when given back); later calls raise StoreUnavailable."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


_WRITER_LOCKS: dict[Path, threading.Lock] = {}
_WRITER_LOCKS_GUARD = threading.Lock()


def _writer_lock(path: Path) -> threading.Lock:
    """The in-process writer lock of one database file, shared by every store opened on it."""
    key = path.resolve()
    with _WRITER_LOCKS_GUARD:
        return _WRITER_LOCKS.setdefault(key, threading.Lock())


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
