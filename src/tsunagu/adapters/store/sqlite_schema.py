"""The SQLite store's tables, its two atomic statements, and a contact record as a `records` row."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

from tsunagu.domain.records import ContactRecord
from tsunagu.ports.store import positive

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    event_id TEXT PRIMARY KEY,
    channel TEXT NOT NULL,
    kind TEXT NOT NULL,
    day TEXT NOT NULL,
    hour INTEGER NOT NULL,
    pseudonym TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    age_band TEXT,
    survey TEXT,
    handoff TEXT,
    detail TEXT,
    at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS records_by_channel_day ON records (channel, day, event_id);
CREATE INDEX IF NOT EXISTS records_by_day ON records (day, event_id);
CREATE INDEX IF NOT EXISTS records_by_contact ON records (channel, pseudonym);
CREATE INDEX IF NOT EXISTS records_by_expiry ON records (expires_at);
CREATE TABLE IF NOT EXISTS markers (
    key TEXT PRIMARY KEY,
    at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS totals (
    key TEXT PRIMARY KEY,
    at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    total REAL NOT NULL,
    n INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tombstones (
    contact TEXT PRIMARY KEY,
    at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS scans (
    placement TEXT NOT NULL,
    day TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (placement, day)
);
CREATE INDEX IF NOT EXISTS scans_by_day ON scans (day);
CREATE TABLE IF NOT EXISTS scan_minutes (
    placement TEXT NOT NULL,
    minute INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (placement, minute)
);
CREATE TABLE IF NOT EXISTS outcomes (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    kind TEXT NOT NULL,
    day TEXT NOT NULL,
    count INTEGER NOT NULL,
    partner TEXT
);
CREATE INDEX IF NOT EXISTS outcomes_by_channel_day ON outcomes (channel, day);
CREATE INDEX IF NOT EXISTS outcomes_by_day ON outcomes (day);
CREATE TABLE IF NOT EXISTS snapshots (
    channel TEXT NOT NULL,
    day TEXT NOT NULL,
    followers INTEGER NOT NULL,
    targeted_reaches INTEGER NOT NULL,
    blocks INTEGER NOT NULL,
    PRIMARY KEY (channel, day)
);
CREATE TABLE IF NOT EXISTS activities (
    id INTEGER PRIMARY KEY,
    ward TEXT NOT NULL,
    activity TEXT NOT NULL,
    day TEXT NOT NULL,
    measure TEXT NOT NULL,
    count INTEGER NOT NULL,
    item TEXT
);
CREATE INDEX IF NOT EXISTS activities_by_ward_day ON activities (ward, day);
CREATE TABLE IF NOT EXISTS operations (
    id TEXT PRIMARY KEY,
    channel TEXT NOT NULL,
    created TEXT NOT NULL,
    doc TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS contractor_counts (
    channel TEXT NOT NULL,
    month TEXT NOT NULL,
    counts TEXT NOT NULL,
    PRIMARY KEY (channel, month)
);
"""

RECORD_COLUMNS = "event_id, channel, kind, day, hour, pseudonym, expires_at, age_band, survey, handoff, detail, at"

# Insert, or replace a row whose retention ran out but was not purged yet; a live duplicate changes
# nothing, so `rowcount` says whether this call stored the event.
INSERT_RECORD = f"""
INSERT INTO records ({RECORD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (event_id) DO UPDATE SET
    channel = excluded.channel, kind = excluded.kind, day = excluded.day, hour = excluded.hour,
    pseudonym = excluded.pseudonym, expires_at = excluded.expires_at, age_band = excluded.age_band,
    survey = excluded.survey, handoff = excluded.handoff, detail = excluded.detail, at = excluded.at
WHERE records.expires_at <= ?
"""

# A placement's scan of a day; whether its count has reached the day's ceiling (then it is counted apart).
ADD_SCAN = ("INSERT INTO scans (placement, day, count) VALUES (?, ?, 1) "
            "ON CONFLICT (placement, day) DO UPDATE SET count = count + 1")
AT_CEILING = "SELECT 1 FROM scans WHERE placement = ? AND day = ? AND count >= ?"

CLAIM = """
INSERT INTO markers (key, at, expires_at) VALUES (?, ?, ?)
ON CONFLICT (key) DO UPDATE SET at = excluded.at, expires_at = excluded.expires_at
WHERE markers.at <= excluded.at - ? OR markers.expires_at <= excluded.at
"""

# A running total (`Store.add_to`): an expired one starts again from the amount, with the new expiry.
ADD_TO = """
INSERT INTO totals (key, at, expires_at, total, n) VALUES (?, ?, ?, ?, 1)
ON CONFLICT (key) DO UPDATE SET
    total = CASE WHEN totals.expires_at <= excluded.at THEN excluded.total ELSE totals.total + excluded.total END,
    n = CASE WHEN totals.expires_at <= excluded.at THEN 1 ELSE totals.n + 1 END,
    expires_at = CASE WHEN totals.expires_at <= excluded.at THEN excluded.expires_at ELSE totals.expires_at END,
    at = excluded.at
RETURNING total, n
"""


def add_to(conn: sqlite3.Connection, key: str, amount: float, now: int, expires_at: int) -> tuple[float, int]:
    """`Store.add_to` in the caller's transaction."""
    total, n = conn.execute(ADD_TO, (key, now, expires_at, float(positive(amount)))).fetchone()
    return float(total), int(n)


def record_row(rec: ContactRecord) -> tuple:
    """The `records` row of a contact record, in RECORD_COLUMNS order."""
    survey = json.dumps(rec.survey, sort_keys=True) if rec.survey else None
    return (rec.event_id, rec.channel, rec.kind, rec.day.isoformat(), rec.hour, rec.pseudonym,
            rec.expires_at, rec.age_band, survey, rec.handoff, rec.detail, rec.at)


def record_of(row: tuple) -> ContactRecord:
    """The contact record a `records` row holds."""
    event_id, channel, kind, day, hour, pseudonym, expires_at, age_band, survey, handoff, detail, at = row
    return ContactRecord(
        event_id=event_id, channel=channel, kind=kind, day=dt.date.fromisoformat(day), hour=hour,
        pseudonym=pseudonym, expires_at=expires_at, age_band=age_band,
        survey=json.loads(survey) if survey else {}, handoff=handoff, detail=detail, at=at,
    )
