"""What only the SQLite adapter promises: a durable file that survives restarts, and clear failures."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from tsunagu.adapters.store.sqlite import SqliteStore
from tsunagu.domain.records import ContactRecord
from tsunagu.ports.store import StoreUnavailable
from tsunagu.wiring import open_store

DAY = dt.date(2026, 4, 1)


def rec(event_id: str, expires_at: int) -> ContactRecord:
    return ContactRecord(event_id=event_id, channel="minato-main", kind="follow", day=DAY, hour=9,
                         pseudonym="0123456789abcdef", expires_at=expires_at)


def test_records_survive_a_restart_and_redeliveries_after_it(tmp_path):
    path = tmp_path / "a" / "b" / "tsunagu.sqlite3"
    store = open_store(f"sqlite:///{path}")
    assert isinstance(store, SqliteStore)
    assert store.record(rec("e1", int(time.time()) + 3600)) is True
    store.close()
    again = SqliteStore(path)
    assert again.record(rec("e1", int(time.time()) + 3600)) is False
    assert [r.event_id for r in again.records(None, DAY, DAY)] == ["e1"]
    again.close()


def test_the_file_is_in_wal_mode_with_full_sync(tmp_path, monkeypatch):
    opened: list[sqlite3.Connection] = []
    connect = sqlite3.connect

    def spy(*args, **kwargs):  # the real connection, kept to look at (synchronous is per connection)
        opened.append(connect(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(sqlite3, "connect", spy)
    store = SqliteStore(tmp_path / "t.sqlite3")
    store.record(rec("e1", int(time.time()) + 3600))
    assert opened and all(c.execute("PRAGMA synchronous").fetchone()[0] == 2 for c in opened)  # 2 = FULL
    store.close()
    with sqlite3.connect(tmp_path / "t.sqlite3") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_expired_rows_are_purged_from_the_file(tmp_path):
    path = tmp_path / "t.sqlite3"
    now = [1_800_000_000.0]
    store = SqliteStore(path, clock=lambda: now[0])
    store.record(rec("short", int(now[0]) + 60))
    store.record(rec("long", int(now[0]) + 10 * 86400))
    now[0] += 2 * 3600  # past "short"'s expiry and the purge interval
    store.record(rec("later", int(now[0]) + 86400))
    store.close()
    with sqlite3.connect(path) as conn:
        assert {r[0] for r in conn.execute("SELECT event_id FROM records")} == {"long", "later"}


def test_an_unusable_path_raises_store_unavailable(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(StoreUnavailable, match="file"):
        SqliteStore(tmp_path / "file" / "t.sqlite3")


def test_a_closed_store_refuses_writes(tmp_path):
    store = SqliteStore(tmp_path / "t.sqlite3")
    store.close()
    with pytest.raises(StoreUnavailable):
        store.record(rec("e1", int(time.time()) + 3600))


def test_an_unknown_store_url_is_explained():
    with pytest.raises(StoreUnavailable, match="sqlite:///PATH or dynamodb://TABLE"):
        open_store("postgres://x")


def test_a_thread_per_call_under_a_low_descriptor_limit_neither_leaks_nor_fails(tmp_path):
    # `tsunagu serve` runs each request on a new thread; a connection per thread, never closed, ran the
    # server out of descriptors after ~125 requests under `ulimit -n 256`. Here: 64 descriptors, 400 threads.
    code = textwrap.dedent(f"""
        import datetime as dt, json, os, resource, threading, time
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
        from tsunagu.adapters.store.sqlite import SqliteStore
        from tsunagu.domain.records import ContactRecord, ScanRecord
        store = SqliteStore({str(tmp_path / "fd.sqlite3")!r})
        day, errors = dt.date(2026, 4, 1), []
        def work(i):
            try:
                store.record(ContactRecord(f"e{{i}}", "minato-main", "follow", day, 9, "ab", int(time.time()) + 99))
                store.record_scan(ScanRecord("p", day))
                list(store.records(None, day, day))
            except Exception as exc:
                errors.append(repr(exc))
        start = len(os.listdir("/proc/self/fd"))
        for i in range(400):
            t = threading.Thread(target=work, args=(i,))
            t.start()
            t.join()
        print(json.dumps(dict(errors=errors[:3], failed=len(errors), fds=[start, len(os.listdir("/proc/self/fd"))],
                              records=len(list(store.records(None, day, day))))))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["failed"] == 0 and result["records"] == 400, result
    start, end = result["fds"]
    assert end <= start + 4, result  # the store's few pooled connections, not one per thread


def test_a_connection_that_cannot_open_is_store_unavailable(tmp_path, monkeypatch):
    SqliteStore(tmp_path / "t.sqlite3").close()  # the file exists and is sound

    def refuse(*args, **kwargs):  # e.g. the process is out of file descriptors
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(sqlite3, "connect", refuse)
    with pytest.raises(StoreUnavailable, match="cannot open a connection"):
        SqliteStore(tmp_path / "t.sqlite3").record(rec("e1", int(time.time()) + 3600))


def test_an_erased_pseudonym_is_in_neither_the_file_nor_its_wal(tmp_path):
    # A deleted row stays in the -wal file until a checkpoint, and in free pages without secure_delete.
    path = tmp_path / "erase.sqlite3"
    store = SqliteStore(path)
    me = "f00dfeedf00dfeedf00dfeedf00dfeed"
    for i in range(50):
        store.record(ContactRecord(f"e{i}", "minato-main", "message", DAY, 9, me, int(time.time()) + 3600, at=100))
    store.claim(f"minato-main:{me}:session", 100, 60, int(time.time()) + 3600)
    assert me.encode() in (path.parent / (path.name + "-wal")).read_bytes()
    assert store.erase_contact("minato-main", me, up_to=200, tombstone_until=int(time.time()) + 3600) == 50
    for name in (path.name, path.name + "-wal"):
        assert me.encode() not in (path.parent / name).read_bytes(), name
    store.close()


def _filled(path, me: str, n: int) -> SqliteStore:
    """A store with `n` messages of one person."""
    store = SqliteStore(path)
    for i in range(n):
        store.record(ContactRecord(f"e{i}", "minato-main", "message", DAY, 9, me, int(time.time()) + 3600, at=100))
    return store


def _reading(path, for_s: float):
    """A reader mid-read (a report's page, `stats`): a read transaction pins the WAL until it ends."""
    import threading

    reader = sqlite3.connect(path, check_same_thread=False)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM records").fetchone()
    released = threading.Timer(for_s, reader.rollback)
    released.start()
    return reader, released


def _nowhere(path, me: str) -> None:
    for name in (path.name, path.name + "-wal"):
        assert me.encode() not in (path.parent / name).read_bytes(), name


def test_an_erasure_empties_the_wal_even_while_a_reader_holds_the_database(tmp_path):
    # Issue 19, F7: a report or `stats` reading at the moment of an erasure kept the checkpoint from
    # emptying the -wal, silently: 14 copies of the erased pseudonym stayed in it.
    path, me = tmp_path / "erase.sqlite3", "0ddba11c0ddba11c0ddba11c0ddba11c"
    store = _filled(path, me, 30)
    reader, released = _reading(path, 0.6)  # the report finishes its page a moment later
    assert store.erase_contact("minato-main", me, up_to=200, tombstone_until=int(time.time()) + 3600) == 30
    released.join()
    reader.close()
    _nowhere(path, me)
    assert store.records("minato-main", DAY, DAY) is not None and not list(store.records("minato-main", DAY, DAY))
    store.close()


def test_a_reader_that_outlasts_the_webhook_does_not_hold_it_and_the_wal_is_emptied_after(tmp_path):
    path, me = tmp_path / "erase.sqlite3", "feedc0defeedc0defeedc0defeedc0de"
    store = _filled(path, me, 10)
    reader, released = _reading(path, 1.5)
    started = time.monotonic()
    store.erase_contact("minato-main", me, up_to=200, tombstone_until=int(time.time()) + 3600)
    assert time.monotonic() - started < 1.2, "the webhook's erasure answers within LINE's deadline"
    released.join()
    for _ in range(50):
        if me.encode() not in (path.parent / (path.name + "-wal")).read_bytes():
            break
        time.sleep(0.1)
    reader.close()
    _nowhere(path, me)
    store.close()
