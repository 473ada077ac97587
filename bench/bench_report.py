"""Benchmark: the KPI report over a year of 10 channels, on SQLite and on DynamoDB (dynalite), and the
weekly schedule publishing for every channel (local folder and an S3 stand-in, moto's server).

Report figures: the store read (records, outcomes, scans), the KPI computation, the labelled tables
(staff and public, the latter with small-count suppression), and the files (Markdown, HTML, CSV,
charts). Defaults run in a few minutes; `--full` uses the issue's size, 100,000 events.

Run: .venv/bin/python bench/bench_report.py [--events N | --full]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the dynalite launcher the tests use
sys.path.insert(0, str(REPO / "bench"))  # the stores' bulk loader

from bench_store import bulk_load  # noqa: E402
from side_by_side import side_by_side  # noqa: E402
from support.dynalite import AWS_ENV, running_dynalite  # noqa: E402

from tsunagu.domain.config import Ward  # noqa: E402
from tsunagu.domain.kpi import Month, compute  # noqa: E402
from tsunagu.domain.records import ContactRecord, HandoffOutcome, ScanRecord  # noqa: E402
from tsunagu.domain.vocabulary import AGE_BANDS, SURVEY_QUESTIONS  # noqa: E402
from tsunagu.makers.report import build_tables, write_report  # noqa: E402
from tsunagu.makers.sources.programs import load_programs  # noqa: E402
from tsunagu.ports.store import Store  # noqa: E402

FIRST, LAST = Month(2026, 4), Month(2027, 3)  # a Japanese fiscal year
console = Console()


def bench_ward() -> Ward:
    """A ward of 10 channels cloned from the shipped programmes (open all year, ids bench-01..10)."""
    programs = load_programs(REPO / "programs")
    base = programs.ward("kanagawa")
    source = list(programs.channels)
    channels = tuple(replace(source[i % len(source)], id=f"bench-{i + 1:02d}", valid=None) for i in range(10))
    placements = tuple(replace(p, id=f"bench-placement-{i}", channel=channels[i % 10].id, count_scans=True)
                       for i, p in enumerate(base.placements[:1] * 6))
    partners = {pid for ch in channels for pid in ch.partners}
    all_partners = {p.id: p for w in programs.wards for p in w.partners}
    return replace(base, id="bench", channels=channels, placements=placements,
                   partners=tuple(all_partners[p] for p in sorted(partners)))


def make_data(ward: Ward, n: int) -> tuple[list[ContactRecord], list[HandoffOutcome], list[ScanRecord]]:
    """n records over the year and the channels (seeded), plus logged outcomes and scans."""
    rng = random.Random(7)
    days = (LAST.last - FIRST.first).days + 1
    expires = int(time.time()) + 400 * 86400
    kinds = ["message"] * 14 + ["follow", "unfollow", "age", "survey", "handoff", "menu"]
    recs = []
    for i in range(n):
        kind = rng.choice(kinds)
        extra: dict = {}
        if kind == "age":
            extra["age_band"] = rng.choice(AGE_BANDS)
        elif kind == "survey":
            extra["survey"] = {q: rng.choice(("yes", "no", "skip")) for q in SURVEY_QUESTIONS}
        elif kind == "handoff":
            extra["handoff"] = rng.choice(("phone", "face", "outreach"))
        recs.append(ContactRecord(event_id=f"b-{i:08d}", channel=ward.channels[i % 10].id, kind=kind,
                                  day=FIRST.first + dt.timedelta(days=rng.randrange(days)), hour=rng.randrange(24),
                                  pseudonym=f"{rng.randrange(n // 10 + 1):016x}", expires_at=expires, **extra))
    outcomes = [HandoffOutcome(ch.id, rng.choice(("phone", "face", "partner")),
                               FIRST.first + dt.timedelta(days=rng.randrange(days)), rng.randint(1, 3),
                               rng.choice([*ch.partners, None])) for ch in ward.channels for _ in range(30)]
    scans = [ScanRecord(p.id, FIRST.first + dt.timedelta(days=rng.randrange(days)))
             for p in ward.placements for _ in range(50)]
    return recs, outcomes, scans


def report_figures(store: Store, ward: Ward, out: Path) -> dict[str, float]:
    """Seconds for each step of `tsunagu report` (what the command does, timed step by step)."""
    t0 = time.perf_counter()
    records = [r for ch in ward.channels
               for r in store.records(ch.id, FIRST.first, LAST.last + dt.timedelta(days=1))]
    outcomes = [o for ch in ward.channels for o in store.outcomes(ch.id, FIRST.first, LAST.last)]
    scans = store.scan_counts(FIRST.first, LAST.last)
    t1 = time.perf_counter()
    figures = compute(ward, FIRST, LAST, records, outcomes, scans)
    t2 = time.perf_counter()
    build_tables(figures, ward)
    t3 = time.perf_counter()
    public = build_tables(figures, ward, public=True)
    t4 = time.perf_counter()
    write_report(public, ward, str(FIRST), str(LAST), out, public=True)
    t5 = time.perf_counter()
    return {"read store (s)": t1 - t0, "compute KPIs (s)": t2 - t1, "tables, staff (s)": t3 - t2,
            "tables, public + suppression (s)": t4 - t3, "write md/html/csv/json + charts (s)": t5 - t4,
            "report total (s)": t5 - t0, "records read": float(len(records))}


def load(store: Store, name: str, data: tuple) -> None:
    recs, outcomes, scans = data
    bulk_load(name, store, recs)
    for o in outcomes:
        store.add_outcome(o)
    for s in scans:
        store.record_scan(s)


def publish_figures(tmp: Path) -> dict[str, float]:
    """Seconds to publish 14 days of every shipped channel: local folder, and S3 on a moto server."""
    import logging

    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one log line per request would drown the figures

    from tsunagu.services.publishing import publish_schedules
    from tsunagu.wiring import open_publisher

    programs = load_programs(REPO / "programs")
    start = dt.date(2026, 4, 6)
    t0 = time.perf_counter()
    keys = publish_schedules(programs, open_publisher(str(tmp / "site")), start)
    t1 = time.perf_counter()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        url = f"http://{host}:{port}"
        boto3.client("s3", endpoint_url=url).create_bucket(
            Bucket="bench", CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"})
        os.environ["AWS_ENDPOINT_URL"] = url
        t2 = time.perf_counter()
        publish_schedules(programs, open_publisher("s3://bench/site"), start)
        t3 = time.perf_counter()
    finally:
        server.stop()
        os.environ.pop("AWS_ENDPOINT_URL", None)
    return {"channels": float(len(programs.channels)), "files": float(len(keys)),
            "local folder (s)": t1 - t0, "S3 on moto (s)": t3 - t2}


def main() -> None:
    """Print the report figures of both stores side by side, then the publishing figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=20_000, help="records in the year (default 20,000)")
    parser.add_argument("--full", action="store_true", help="the issue's size: 100,000 records")
    args = parser.parse_args()
    n = 100_000 if args.full else args.events
    ward = bench_ward()
    data = make_data(ward, n)
    os.environ.update(AWS_ENV)
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        from tsunagu.adapters.store.sqlite import SqliteStore

        store = SqliteStore(tmp / "bench.sqlite3")
        load(store, "SQLite", data)
        results["SQLite"] = report_figures(store, ward, tmp / "sqlite-report")
        store.close()
        with running_dynalite(tmp / "dynalite.log") as url:
            from tsunagu.adapters.store.dynamodb import DynamoStore

            store = DynamoStore(f"bench-{uuid.uuid4().hex[:8]}", endpoint_url=url, read_timeout=60)
            store.ensure_table()
            load(store, "DynamoDB (dynalite)", data)
            results["DynamoDB (dynalite)"] = report_figures(store, ward, tmp / "dynamo-report")
            store.close()
        publishing = publish_figures(tmp)

    table = side_by_side(f"report benchmark: {n:,} records, 10 channels, fiscal year {FIRST}..{LAST}", results,
                         digits=3)
    console.print(table)
    pub = Table(title="weekly publishing: 14 days of slots, schedule/<channel>.json and .ics")
    pub.add_column("figure")
    pub.add_column("value", justify="right")
    for figure, value in publishing.items():
        pub.add_row(figure, f"{value:,.3f}" if "(s)" in figure else f"{value:,.0f}")
    pub.add_row("per channel, S3 (ms)", f"{1000 * publishing['S3 on moto (s)'] / publishing['channels']:,.1f}")
    console.print(pub)


if __name__ == "__main__":
    main()
