"""Benchmark: how fast a studio page answers, as staff open it: `tsunagu studio` in its own process on
127.0.0.1, pages fetched over HTTP with the session cookie (keep-alive, one after another, like one person
clicking). Target: every page at most 200 ms at p95. The store holds a day's worth of records.

Run: .venv/bin/python bench/bench_studio.py [--requests 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_MS = 200.0
PAGES = ["/", "/ops", "/programme", "/programme/kita/hours", "/programme/osaka/texts", "/log", "/publish",
         "/preview/kita"]
RECORDS = 2000  # a busy day across the shipped channels


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def seed(store_path: Path) -> None:
    """A day's records in the store (counts and kinds only, as the intake writes them)."""
    from tsunagu.adapters.store.sqlite import SqliteStore
    from tsunagu.domain.records import ContactRecord
    from tsunagu.domain.schedule import JST

    store = SqliteStore(str(store_path))
    today = dt.datetime.now(JST).date()
    kinds = ["follow", "message", "message", "message", "emergency"]
    for i in range(RECORDS):
        store.record(ContactRecord(f"bench-{i}", "kita-women", kinds[i % len(kinds)], today, i % 24,
                                   f"{i % 300:016x}", 2_000_000_000))
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per page (default 200)")
    n = parser.parse_args().requests
    with tempfile.TemporaryDirectory(prefix="bench-studio-") as tmp:
        folder = Path(tmp)
        shutil.copytree(REPO / "programs", folder / "programs")
        seed(folder / "bench.sqlite3")
        port = free_port()
        env = dict(os.environ, TSUNAGU_STORE=f"sqlite:///{folder / 'bench.sqlite3'}",
                   TSUNAGU_PUBLISH=str(folder / "site"), TSUNAGU_NOTIFY=str(folder / "alerts.log"),
                   PYTHONPATH=str(REPO / "src"))
        proc = subprocess.Popen([sys.executable, "-m", "tsunagu.entry.cli", "studio", "--port", str(port),
                                 "--programs", str(folder / "programs")], env=env, cwd=folder, stdout=subprocess.PIPE,
                                text=True)
        try:
            line = proc.stdout.readline()
            token = line.split("token=")[1].split()[0]
            conn = _connect(port)
            conn.request("GET", f"/login?token={token}")
            response = conn.getresponse()
            response.read()
            cookie = response.getheader("set-cookie").split(";")[0]
            print(f"tsunagu studio, {n} requests per page, {RECORDS} records today (p50 / p95 / max, ms)")
            worst = 0.0
            for page in PAGES:
                times = []
                for _ in range(n + 5):
                    start = time.perf_counter()
                    conn.request("GET", page, headers={"Cookie": cookie})
                    response = conn.getresponse()
                    response.read()
                    times.append((time.perf_counter() - start) * 1000)
                    assert response.status == 200, (page, response.status)
                times = sorted(times[5:])  # the first few warm the caches
                p95 = times[int(0.95 * len(times)) - 1]
                worst = max(worst, p95)
                print(f"  {page:28s} {statistics.median(times):7.1f} {p95:7.1f} {times[-1]:7.1f}")
            verdict = "ok" if worst <= TARGET_MS else "OVER"
            print(f"slowest page p95: {worst:.1f} ms (target <= {TARGET_MS:.0f} ms, ratio {worst / TARGET_MS:.2f}): "
                  f"{verdict}")
        finally:
            proc.terminate()
            proc.wait(10)


def _connect(port: int) -> http.client.HTTPConnection:
    deadline = time.monotonic() + 20
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.connect()
            return conn
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


if __name__ == "__main__":
    main()
