"""Soak benchmark: `tsunagu serve` under `ulimit -n 256`, 20,000 webhooks (10 % redeliveries) and 2,000 scans.

Eight client threads send signed one-event webhooks (follows, messages in and out of hours, age
answers, unfollows from 2,000 people) and scan beacons to one placement (far past 30 a minute, so most
are answered without being counted), each request on its own connection as LINE's are. Printed: p50
and p99 latency per kind, the server's open file descriptors and resident memory after warm-up, at
every quarter and at the end, its peak RSS, and the checks: every answer 2xx, records = distinct
events, descriptors flat, memory flat over the second half (SQLite's caches fill in the first).
Loopback only; the server's LINE stand-in answers the replies.

Run: .venv/bin/python bench/bench_soak.py [--webhooks N] [--scans N] [--threads N] [--nofile N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the serve launcher and event factories the tests use

from support.line_events import make_event, new_user_id, sign, webhook_body  # noqa: E402
from support.serve_process import start_serve  # noqa: E402

from tsunagu.adapters.store.sqlite import SqliteStore  # noqa: E402

CHANNEL = "kita-women"
PLACEMENT = "kita-sticker-ward-office"
WARM_UP = 300  # requests before the "start" figures are read (imports, caches, the pool filled)


def proc_status(pid: int) -> dict[str, int]:
    """Open descriptors and memory (kB) of a process, from /proc."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0])
    fields["fds"] = len(list(Path(f"/proc/{pid}/fd").iterdir()))
    return fields


def plan_requests(webhooks: int, scans: int, seed: int) -> list[tuple[str, bytes | None]]:
    """("webhook", event JSON) and ("scan", None) in a shuffled order; 10 % of webhooks redeliver one sent earlier."""
    rng = random.Random(seed)
    people = [new_user_id() for _ in range(2000)]
    now = dt.datetime.now(dt.UTC)
    fresh: list[dict] = []
    unique = webhooks - webhooks // 10
    for i in range(unique):
        at = now - dt.timedelta(seconds=rng.randrange(0, 6 * 86400))
        kind = rng.choice(("follow", "text", "text", "text", "postback", "unfollow"))
        extra = {"data": f"action=age&band={rng.choice(('20s', '30s', '40s'))}"} if kind == "postback" else {}
        fresh.append(make_event(kind, user_id=people[i % len(people)], at=at, text="こんにちは", **extra))
    sends = [("webhook", e) for e in fresh]
    for _ in range(webhooks - unique):  # LINE redelivers an event it already sent (same webhookEventId)
        again = dict(rng.choice(fresh))
        again["deliveryContext"] = {"isRedelivery": True}
        sends.append(("webhook", again))
    rng.shuffle(sends)
    out: list[tuple[str, bytes | None]] = [("webhook", webhook_body(e)) for _, e in sends]
    for _ in range(scans):
        out.insert(rng.randrange(0, len(out) + 1), ("scan", None))
    return out


def run(args: argparse.Namespace) -> int:
    """Start the server, send everything from the client threads, print the figures; 1 when a check fails."""
    folder = Path(tempfile.mkdtemp(prefix="tsunagu-soak-"))
    server = start_serve(folder, nofile=args.nofile)
    secret = server.secret(CHANNEL)
    plan = plan_requests(args.webhooks, args.scans, args.seed)
    latencies: dict[str, list[float]] = {"webhook": [], "scan": []}
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    cursor = iter(range(len(plan)))
    marks: dict[str, dict[str, int]] = {}

    def send(kind: str, body: bytes | None) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        if kind == "webhook":
            path, headers = f"/callback/{CHANNEL}", {"Content-Type": "application/json",
                                                     "X-Line-Signature": sign(body, secret)}
        else:
            path, headers, body = f"/scan/{PLACEMENT}", {"Content-Type": "text/plain"}, b""
        started = time.perf_counter()
        try:
            conn.request("POST", path, body, headers)
            res = conn.getresponse()
            res.read()
            status = res.status
        except OSError:
            status = 0
        finally:
            conn.close()
        with lock:
            latencies[kind].append(time.perf_counter() - started)
            statuses[status] += 1

    def worker() -> None:
        while True:
            with lock:
                i = next(cursor, None)
                if i == WARM_UP:
                    marks["start"] = proc_status(server.proc.pid)
                elif i is not None and i > 0 and i % (len(plan) // 4) == 0:
                    marks[f"{i * 100 // len(plan)} %"] = proc_status(server.proc.pid)
            if i is None:
                return
            send(*plan[i])

    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    marks["end"] = proc_status(server.proc.pid)
    server.stop()
    store = SqliteStore(folder / "serve.sqlite3")
    records = len(list(store.records(None, dt.date(2000, 1, 1), dt.date(2100, 1, 1))))
    scans = sum(store.scan_counts(dt.date(2000, 1, 1), dt.date(2100, 1, 1)).values())
    store.close()
    distinct = len({_event_id(body) for kind, body in plan if kind == "webhook" and body})
    return report(args, elapsed, latencies, statuses, marks, records, distinct, scans)


def _event_id(body: bytes) -> str:
    import json

    return json.loads(body)["events"][0]["webhookEventId"]


def report(args: argparse.Namespace, elapsed: float, latencies: dict[str, list[float]], statuses: Counter[int],
           marks: dict[str, dict[str, int]], records: int, distinct: int, scans: int) -> int:
    """Print the figures and the checks; 0 when every check holds."""
    total = sum(statuses.values())
    print(f"tsunagu serve soak: {args.webhooks} webhooks ({args.webhooks // 10} redeliveries) and {args.scans} "
          f"scans from {args.threads} threads under ulimit -n {args.nofile}, in {elapsed:.1f} s "
          f"({total / elapsed:.0f} requests/s)")
    for kind, values in latencies.items():
        ordered = sorted(values)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        print(f"  {kind:<8} p50 {statistics.median(ordered) * 1000:7.1f} ms   p99 {p99 * 1000:7.1f} ms")
    start, half, end = marks["start"], marks["50 %"], marks["end"]
    print("  server        " + "   ".join(f"{name}: {m['fds']} fds, {m['VmRSS'] / 1024:.1f} MiB"
                                          for name, m in marks.items()))
    print(f"  peak RSS      {end['VmHWM'] / 1024:.1f} MiB")
    print(f"  statuses      {dict(sorted(statuses.items()))}")
    print(f"  records       {records} for {distinct} distinct events;  scans counted {scans} of {args.scans}")
    checks = {
        "every answer 2xx": all(200 <= s < 300 for s in statuses),
        "records = distinct events": records == distinct,
        "descriptors flat (end within 8 of warm-up)": end["fds"] <= start["fds"] + 8,
        # SQLite's page caches (2 MiB per pooled connection) fill in the first half as the file grows.
        "memory flat (second half grows under 10 %)": end["VmRSS"] <= half["VmRSS"] * 1.10,
    }
    for name, ok in checks.items():
        print(f"  {'ok  ' if ok else 'FAIL'} {name}")
    return 0 if all(checks.values()) else 1


def main() -> int:
    """Parse the options and run the soak."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--webhooks", type=int, default=20_000)
    p.add_argument("--scans", type=int, default=2_000)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--nofile", type=int, default=256, help="RLIMIT_NOFILE of the server (ulimit -n)")
    p.add_argument("--seed", type=int, default=12)
    return run(p.parse_args())


if __name__ == "__main__":
    sys.exit(main())
