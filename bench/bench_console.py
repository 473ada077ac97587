"""Benchmark: the intake in front of a counselling console (issue 20), in one process on 127.0.0.1.

1. What forwarding adds to the webhook's answer: the same signed text webhooks (in open hours, so the
   console answers) to a channel with a healthy local console stand-in and to the same channel without
   one, interleaved; p50 and p99 of each and the difference. Target: at most 50 ms more at p99.
2. A console that hangs: `--events` webhooks (default 10,000) arrive while it accepts and never answers.
   Every one must be answered within LINE's 2 s (the first forward waits its 1 s budget, the rest queue
   behind it at once); then the console returns and the queue must drain in LINE's order, each request
   once. Printed: the slowest answer, how long the drain took, and the checks.

Run: .venv/bin/python bench/bench_console.py [--events N] [--overhead N]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from support.line_events import make_event, sign, webhook_body  # noqa: E402

from tsunagu.adapters.line.api import HttpLineClient  # noqa: E402
from tsunagu.adapters.notify.alertlog import AlertLog  # noqa: E402
from tsunagu.adapters.secrets.files import init_local_secrets  # noqa: E402
from tsunagu.adapters.standin.console import ConsoleStandIn  # noqa: E402
from tsunagu.adapters.standin.line import LineStandIn  # noqa: E402
from tsunagu.adapters.store.sqlite import SqliteStore  # noqa: E402
from tsunagu.domain.config import Programs  # noqa: E402
from tsunagu.domain.console import Console  # noqa: E402
from tsunagu.domain.schedule import JST, slots  # noqa: E402
from tsunagu.makers.sources.programs import load_programs  # noqa: E402
from tsunagu.services.intake import receive_webhook  # noqa: E402
from tsunagu.settings import Settings  # noqa: E402
from tsunagu.wiring import Wiring, load_secrets  # noqa: E402

WITH, WITHOUT = "kita-women", "taito-habataki"
OVERHEAD_TARGET_MS = 50.0


def programs_with_console() -> Programs:
    programs = load_programs(REPO / "programs")
    wards = [dataclasses.replace(w, channels=tuple(dataclasses.replace(c, console=Console("local")) if c.id == WITH
                                                   else c for c in w.channels)) for w in programs.wards]
    return Programs(tuple(wards))


def open_moment(programs: Programs, channel: str) -> dt.datetime:
    """A minute inside the channel's latest past slot (the console answers then)."""
    now = dt.datetime.now(JST)
    past = [s for s in slots(programs.find(channel)[1], now.date() - dt.timedelta(days=7), 8) if s.end < now]
    return past[-1].start + dt.timedelta(minutes=1)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--events", type=int, default=10_000)
    p.add_argument("--overhead", type=int, default=300, help="webhooks per side in part 1")
    args = p.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tsunagu-console-"))
    programs = programs_with_console()
    init_local_secrets(folder / "secrets.json", [c.id for c in programs.channels])
    secrets = load_secrets(str(folder / "secrets.json"))
    console = ConsoleStandIn(lambda ch: secrets.channel(ch).secret, keep=None).start()
    line = LineStandIn(keep=100).start()
    store = SqliteStore(folder / "bench.sqlite3")
    parts = {"programs": programs, "secrets": secrets, "store": store, "line": HttpLineClient(secrets, line.url),
             "notifier": AlertLog(folder / "alerts.log"), "console_local": console.url("")}
    wiring = Wiring(Settings(), provided=parts)
    services = wiring.services()

    def post(channel: str, at: dt.datetime) -> tuple[int, float, bytes]:
        body = webhook_body(make_event("text", at=at, text="相談したいことがあります"))
        started = time.perf_counter()
        status = receive_webhook(channel, body, sign(body, secrets.channel(channel).secret), services).status
        return status, time.perf_counter() - started, body

    times: dict[str, list[float]] = {WITH: [], WITHOUT: []}
    moments = {c: open_moment(programs, c) for c in times}
    for _ in range(20):  # warm
        for c in times:
            post(c, moments[c])
    for _ in range(args.overhead):
        for c in times:
            times[c].append(post(c, moments[c])[1])
    p99 = {c: sorted(v)[int(len(v) * 0.99)] * 1000 for c, v in times.items()}
    p50 = {c: statistics.median(v) * 1000 for c, v in times.items()}
    overhead = p99[WITH] - p99[WITHOUT]
    print(f"1. webhook answer, {args.overhead} each: with a console p50 {p50[WITH]:.1f} ms p99 {p99[WITH]:.1f} ms; "
          f"without p50 {p50[WITHOUT]:.1f} ms p99 {p99[WITHOUT]:.1f} ms; forwarding adds {overhead:.1f} ms at p99 "
          f"(target <= {OVERHEAD_TARGET_MS:.0f})")

    forwarded_before = len(console.received)
    console.hang()
    sent: list[bytes] = []
    slowest = 0.0
    statuses: set[int] = set()
    began = time.perf_counter()
    for i in range(args.events):
        status, took, body = post(WITH, moments[WITH] + dt.timedelta(seconds=i % 3000))
        statuses.add(status)
        slowest = max(slowest, took)
        sent.append(body)
    sending = time.perf_counter() - began
    queue = wiring.forward_queue()
    print(f"2. console hanging: {args.events} webhooks in {sending:.1f} s, slowest answer {slowest * 1000:.0f} ms, "
          f"statuses {sorted(statuses)}, waiting {queue.waiting()}")  # type: ignore[attr-defined]
    console.hang(False)
    drained = time.perf_counter()
    deadline = drained + 600
    while queue.waiting() and time.perf_counter() < deadline:  # type: ignore[attr-defined]
        time.sleep(0.2)
    drain_s = time.perf_counter() - drained
    got = [f.body for f in list(console.received)[forwarded_before:]]
    in_order = got == sent
    print(f"   the console returned: drained in {drain_s:.1f} s; {len(got)} received, in LINE's order: {in_order}, "
          f"duplicates {console.duplicates}, refused {console.refused}")
    checks = {
        f"forwarding adds at most {OVERHEAD_TARGET_MS:.0f} ms at p99": overhead <= OVERHEAD_TARGET_MS,
        "every webhook answered 200 while the console hung": statuses == {200},
        "every webhook answered within LINE's 2 s": slowest < 2.0,
        "the queue drained in order, each request once": in_order and console.duplicates == 0,
    }
    for name, ok in checks.items():
        print(f"   {'ok  ' if ok else 'FAIL'} {name}")
    console.stop()
    line.stop()
    store.close()
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
