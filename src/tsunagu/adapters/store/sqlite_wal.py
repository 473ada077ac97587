"""Emptying SQLite's write-ahead log after an erasure, checked: a reader mid-read makes it answer "busy"."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from contextlib import AbstractContextManager

from tsunagu.ports.store import StoreUnavailable

log = logging.getLogger("tsunagu.store")


def empty_wal(connection: Callable[[], AbstractContextManager[sqlite3.Connection]], patience: float,
              name: str) -> bool:
    """Checkpoint (TRUNCATE) until the WAL is empty or `patience` seconds pass; True when it is empty.

    PRAGMA wal_checkpoint reports (busy, frames in the log, frames copied); a pinned WAL is "busy" and
    kept, with no error raised, which is why its answer is read instead of trusted.
    """
    deadline = time.monotonic() + patience
    pause = 0.01
    while True:
        try:
            with connection() as conn:
                busy, frames, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except (sqlite3.Error, StoreUnavailable) as exc:  # the erasure is committed: a later one empties it
            log.warning("%s: checkpoint after erasing failed (%s)", name, type(exc).__name__)
            return False
        if not busy and frames <= 0:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(pause)
        pause = min(pause * 2, 0.2)
