"""Soak benchmark: `tsunagu serve` under `ulimit -n 256`, 20,000 webhooks (10 % redeliveries) and 2,000 scans,
then a hostile phase: 250 slow-trickle clients and 8 concurrent webhooks at a time against a LINE that takes 3 s.

Eight client threads send signed one-event webhooks (follows, messages in and out of hours, age
answers, unfollows from 2,000 people) and scan beacons to one placement (far past 30 a minute, so most
are answered without being counted), each request on its own connection as LINE's are. Printed: p50
and p99 latency per kind, the server's open file descriptors and resident memory after warm-up, at
every quarter and at the end, its peak RSS, and the checks: every answer 2xx, records = distinct
events, descriptors flat, memory flat over the second half (SQLite's caches fill in the first).
Loopback only; the server's LINE stand-in answers the replies.

The hostile phase (`--hostile-seconds`, default 40; 0 skips it) restarts the server against a LINE stand-in
that answers everything after 3 s, keeps 250 clients that each send one byte every 3 s (reconnecting when
cut), and meanwhile sends 8 concurrent webhooks every 2 s and scans and page loads from two threads.
Checks (the bench, not a timed test, asserts them): every webhook answered 200 within 2 s, scans and
pages p99 under 100 ms, descriptors and memory flat over the phase.

Run: .venv/bin/python bench/bench_soak.py [--webhooks N] [--scans N] [--threads N] [--nofile N] [--hostile-seconds S]
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

from tsunagu.adapters.standin.line import LineStandIn  # noqa: E402
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


def timed_request(port: int, method: str, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, float]:
    """One request on its own connection, as LINE sends each; (status or 0 when refused, seconds)."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body, headers)
        res = conn.getresponse()
        res.read()
        status = res.status
    except OSError:
        status = 0
    finally:
        conn.close()
    return status, time.perf_counter() - started


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
        if kind == "webhook":
            path, headers = f"/callback/{CHANNEL}", {"Content-Type": "application/json",
                                                     "X-Line-Signature": sign(body, secret)}
        else:
            path, headers, body = f"/scan/{PLACEMENT}", {"Content-Type": "text/plain"}, b""
        status, took = timed_request(server.port, "POST", path, body or b"", headers)
        with lock:
            latencies[kind].append(took)
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


def hostile(args: argparse.Namespace) -> int:
    """250 trickling clients, a LINE that takes 3 s, 8 webhooks at a time, scans and pages; 1 when a check fails."""
    folder = Path(tempfile.mkdtemp(prefix="tsunagu-hostile-"))
    (folder / "site").mkdir()
    (folder / "site" / "index.html").write_text("<!doctype html><p>tsunagu</p>", encoding="utf-8")
    line = LineStandIn().start()
    line.hang(3.0)
    server = start_serve(folder, env={"TSUNAGU_LINE_API": line.url, "TSUNAGU_LINE_DATA_API": line.url},
                         nofile=args.nofile)
    secret = server.secret(CHANNEL)
    stop = threading.Event()
    lock = threading.Lock()
    webhook_times: list[tuple[int, float]] = []
    quick: dict[str, list[float]] = {"scan": [], "page": []}
    quick_status: Counter[int] = Counter()
    samples: list[dict[str, int]] = []
    cut = Counter[str]()

    def request(method: str, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, float]:
        return timed_request(server.port, method, path, body, headers)

    def trickler() -> None:
        import socket

        sock = None
        while not stop.is_set():
            try:
                if sock is None:
                    sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
                sock.sendall(b"P")
            except OSError:
                with lock:
                    cut["trickle cut"] += 1
                if sock is not None:
                    sock.close()
                sock = None
            stop.wait(3.0)
        if sock is not None:
            sock.close()

    def webhook() -> None:
        body = webhook_body(make_event("text", user_id=new_user_id(), text="こんにちは"))
        result = request("POST", f"/callback/{CHANNEL}", body, {"Content-Type": "application/json",
                                                                 "X-Line-Signature": sign(body, secret)})
        with lock:
            webhook_times.append(result)

    def quick_loop(kind: str) -> None:
        while not stop.is_set():
            if kind == "scan":
                status, took = request("POST", f"/scan/{PLACEMENT}", b"", {"Content-Type": "text/plain"})
            else:
                status, took = request("GET", "/", b"", {})
            with lock:
                quick[kind].append(took)
                quick_status[status] += 1
            stop.wait(0.05)

    webhook()  # warm: imports, the store, the app copies
    webhook_times.clear()
    trickle = [threading.Thread(target=trickler, daemon=True) for _ in range(250)]
    for t in trickle:
        t.start()
        time.sleep(0.004)
    loops = [threading.Thread(target=quick_loop, args=(k,), daemon=True) for k in ("scan", "page")]
    for t in loops:
        t.start()
    began = time.monotonic()
    while time.monotonic() - began < args.hostile_seconds:
        batch = [threading.Thread(target=webhook) for _ in range(8)]
        for t in batch:
            t.start()
        for t in batch:
            t.join()
        samples.append(proc_status(server.proc.pid))
        time.sleep(max(0.0, 2.0 - (time.monotonic() - began) % 2.0))
    stop.set()
    for t in loops:
        t.join()
    server.stop()
    line.stop()
    return hostile_report(args, webhook_times, quick, quick_status, samples, cut)


def hostile_report(args: argparse.Namespace, webhook_times: list[tuple[int, float]], quick: dict[str, list[float]],
                   quick_status: Counter[int], samples: list[dict[str, int]], cut: Counter[str]) -> int:
    """Print the hostile phase's figures and checks; 0 when every check holds."""
    def p99(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else float("nan")

    slowest = max((t for _, t in webhook_times), default=float("nan"))
    print(f"hostile phase ({args.hostile_seconds} s, ulimit -n {args.nofile}): 250 trickling clients, LINE answering "
          f"after 3 s, {len(webhook_times)} webhooks in batches of 8")
    print(f"  webhooks  p50 {statistics.median(t for _, t in webhook_times) * 1000:7.1f} ms   slowest "
          f"{slowest * 1000:7.1f} ms   statuses {dict(Counter(s for s, _ in webhook_times))}")
    for kind, values in quick.items():
        print(f"  {kind:<8}  p50 {statistics.median(values) * 1000:7.1f} ms   p99 {p99(values) * 1000:7.1f} ms   "
              f"({len(values)} requests)")
    print(f"  statuses  {dict(sorted(quick_status.items()))};  trickling connections cut and reopened: "
          f"{cut['trickle cut']}")
    half = len(samples) // 2
    first, second = samples[1: half] or samples[:1], samples[half:]
    shown = samples[:: max(1, len(samples) // 6)]
    print("  server    " + "  ".join(f"{s['fds']} fds / {s['VmRSS'] / 1024:.0f} MiB" for s in shown))
    checks = {
        "every webhook answered 200": all(s == 200 for s, _ in webhook_times),
        "every webhook within 2 s": slowest < 2.0,
        "scans p99 under 100 ms": p99(quick["scan"]) < 0.100,
        "pages p99 under 100 ms": p99(quick["page"]) < 0.100,
        "scans and pages answered 2xx": all(200 <= s < 300 for s in quick_status),
        "descriptors flat (second half within 16 of the first)":
            max(s["fds"] for s in second) <= max(s["fds"] for s in first) + 16,
        "memory flat (second half grows under 10 %)":
            max(s["VmRSS"] for s in second) <= max(s["VmRSS"] for s in first) * 1.10,
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
    p.add_argument("--hostile-seconds", type=float, default=40.0, help="the hostile phase's length (0 skips it)")
    args = p.parse_args()
    failed = run(args) if args.webhooks else 0
    if args.hostile_seconds > 0:
        failed |= hostile(args)
    return failed


if __name__ == "__main__":
    sys.exit(main())
