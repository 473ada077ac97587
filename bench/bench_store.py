"""Benchmark: the two stores side by side, SQLite (embedded default) and DynamoDB on dynalite.

1. record() throughput: conditional writes, one thread and several, plus the redelivery path (a
   duplicate event id answered False).
2. The report's read: a year of records spread over 10 channels (`--events`, default 100,000),
   bulk-loaded, then read back with records(None, year) and with records(one channel, one month).

dynalite is a stand-in, not DynamoDB: its figures show the adapter's request pattern (one Query
per channel-month page), not AWS latency. Run: .venv/bin/python bench/bench_store.py [--events N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the dynalite launcher the tests use
sys.path.insert(0, str(REPO / "bench"))  # the shared side-by-side table

from side_by_side import side_by_side  # noqa: E402
from support.dynalite import AWS_ENV, running_dynalite  # noqa: E402

from tsunagu.domain.records import ContactRecord  # noqa: E402
from tsunagu.ports.store import Store  # noqa: E402

YEAR = (dt.date(2026, 4, 1), dt.date(2027, 3, 31))  # a Japanese fiscal year
CHANNELS = [f"channel-{i:02d}" for i in range(10)]
KINDS = ("message", "message", "message", "follow", "survey", "age", "menu", "unfollow")
console = Console()


def make_records(n: int, tag: str) -> list[ContactRecord]:
    """n records spread evenly over the year and the 10 channels."""
    days = (YEAR[1] - YEAR[0]).days + 1
    expires = int(time.time()) + 400 * 86400
    return [ContactRecord(event_id=f"{tag}-{i:08d}", channel=CHANNELS[i % 10], kind=KINDS[i % len(KINDS)],
                          day=YEAR[0] + dt.timedelta(days=i * 7 % days), hour=i % 24,
                          pseudonym=f"{i % 5000:016x}", expires_at=expires,
                          survey={"glad": "yes"} if i % 8 == 4 else {})
            for i in range(n)]


def writes_per_second(store: Store, records: list[ContactRecord], threads: int) -> float:
    """record() every record from `threads` threads; returns records per second."""
    t0 = time.perf_counter()
    if threads == 1:
        results = [store.record(r) for r in records]
    else:
        with ThreadPoolExecutor(threads) as pool:
            results = list(pool.map(store.record, records))
    elapsed = time.perf_counter() - t0
    assert all(results), "every new event id must be stored"
    return len(records) / elapsed


def bulk_load(name: str, store: Store, records: list[ContactRecord]) -> None:
    """Load the report's data set fast, bypassing record() (its cost is measured separately)."""
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(f"loading {len(records):,} records into {name}", total=len(records))
        if name == "SQLite":
            from tsunagu.adapters.store.sqlite_schema import INSERT_RECORD, record_row

            now = int(time.time())
            for i in range(0, len(records), 10_000):
                chunk = records[i:i + 10_000]
                with store._transaction("bulk load") as conn:
                    conn.executemany(INSERT_RECORD, [(*record_row(r), now) for r in chunk])
                progress.advance(task, len(chunk))
            return
        from tsunagu.adapters.store.dynamodb_items import record_item

        for partition in {record_item(r)["dpk"]["S"] for r in records}:
            store._register(partition)  # what record() does before a partition's first item
        batches = [records[i:i + 25] for i in range(0, len(records), 25)]  # BatchWriteItem takes 25

        def write(batch: list[ContactRecord]) -> None:
            pending = [{"PutRequest": {"Item": record_item(r)}} for r in batch]
            while pending:
                out = store._client.batch_write_item(RequestItems={store.table: pending})
                pending = out.get("UnprocessedItems", {}).get(store.table, [])
            progress.advance(task, len(batch))

        with ThreadPoolExecutor(4) as pool:
            list(pool.map(write, batches))


def timed(fn) -> tuple[float, int]:
    t0 = time.perf_counter()
    n = fn()
    return time.perf_counter() - t0, n


def run(name: str, store: Store, args: argparse.Namespace) -> dict[str, float]:
    """Every figure for one store."""
    figures: dict[str, float] = {}
    writes = make_records(args.writes, f"w{uuid.uuid4().hex[:6]}")
    console.print(f"[bold]{name}[/]: {args.writes:,} record() calls, 1 thread and {args.threads} threads")
    figures["record/s, 1 thread"] = writes_per_second(store, writes[: args.writes // 2], 1)
    figures[f"record/s, {args.threads} threads"] = writes_per_second(store, writes[args.writes // 2:], args.threads)
    t0 = time.perf_counter()
    again = writes[:200]
    duplicates = sum(not store.record(r) for r in again)
    figures["redelivery (False) ms"] = (time.perf_counter() - t0) / len(again) * 1000
    assert duplicates == len(again)

    report_store = args.fresh(name)
    bulk_load(name, report_store, make_records(args.events, "r"))
    elapsed, n = timed(lambda: sum(1 for _ in report_store.records(None, *YEAR)))
    assert n == args.events, (n, args.events)
    figures["year, all channels: s"] = elapsed
    figures["year, all channels: records/s"] = n / elapsed
    month = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    elapsed, n = timed(lambda: sum(1 for _ in report_store.records(CHANNELS[3], *month)))
    figures["one channel-month: ms"] = elapsed * 1000
    report_store.close()
    return figures


def main() -> None:
    """Print the figures of both stores and their ratios."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000, help="records in the report's year (10 channels)")
    parser.add_argument("--writes", type=int, default=1_000, help="record() calls for the throughput figure")
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()

    from tsunagu.adapters.store.sqlite import SqliteStore

    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        args.fresh = lambda name: SqliteStore(Path(tmp) / f"{uuid.uuid4().hex}.sqlite3")
        store = args.fresh("SQLite")
        results["SQLite"] = run("SQLite", store, args)
        store.close()

        os.environ.update(AWS_ENV)
        with running_dynalite(Path(tmp) / "dynalite.log") as url:
            from tsunagu.adapters.store.dynamodb import DynamoStore

            def fresh(name: str) -> DynamoStore:
                # Large report pages from a local node process can take longer than the intake's limit.
                s = DynamoStore(f"bench-{uuid.uuid4().hex[:8]}", endpoint_url=url, read_timeout=60)
                s.ensure_table()
                return s

            args.fresh = fresh
            store = fresh("DynamoDB (dynalite)")
            results["DynamoDB (dynalite)"] = run("DynamoDB (dynalite)", store, args)
            store.close()

    table = side_by_side(f"store benchmark: {args.writes:,} writes; report over {args.events:,} records, "
                         f"{len(CHANNELS)} channels, {YEAR[0]}..{YEAR[1]}", results)
    console.print(table)


if __name__ == "__main__":
    main()
