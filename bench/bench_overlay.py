"""Benchmark: what the same-day operations (tsunagu ops) add to the warm webhook path, side by side in one run.

The same signed text webhooks (out of hours, so a reply is planned with the next opening) go through the
intake with no overlay and with the overlay read through its cache (one store read per channel per
minute; a closure and a notice in force), interleaved. The store is SQLite on a RAM-backed folder when
there is one, so the fsync of each record does not drown the difference. Target: at most 2 % more CPU.

Run: .venv/bin/python bench/bench_overlay.py [--webhooks N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from support.line_events import make_event, sign, webhook_body  # noqa: E402

from tsunagu.adapters.notify.alertlog import AlertLog  # noqa: E402
from tsunagu.adapters.secrets.files import init_local_secrets  # noqa: E402
from tsunagu.adapters.store.sqlite import SqliteStore  # noqa: E402
from tsunagu.domain.operations import Operation, new_id  # noqa: E402
from tsunagu.domain.schedule import JST, slots  # noqa: E402
from tsunagu.domain.text import Text  # noqa: E402
from tsunagu.makers.sources.programs import load_programs  # noqa: E402
from tsunagu.services.intake import receive_webhook  # noqa: E402
from tsunagu.settings import Settings  # noqa: E402
from tsunagu.wiring import Wiring, load_secrets  # noqa: E402

CHANNEL = "kita-women"
TARGET = 1.02


class Silent:
    """A LINE client that takes every reply at once (the bench times tsunagu, not the network)."""

    def send(self, *args, **kwargs):
        return "reply"

    def push(self, *args, **kwargs):
        return "push"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--webhooks", type=int, default=2000)
    args = p.parse_args()
    ram = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(prefix="tsunagu-overlay-", dir=ram if ram.is_dir() else None))
    programs = load_programs(REPO / "programs")
    init_local_secrets(folder / "secrets.json", [c.id for c in programs.channels])
    secrets = load_secrets(str(folder / "secrets.json"))
    store = SqliteStore(folder / "bench.sqlite3")
    now = dt.datetime.now(JST)
    # A closure later this month: in force, read and applied, without moving this week's answers.
    store.put_operation(Operation(new_id(), CHANNEL, "closure", "bench", now, date=now.date() + dt.timedelta(days=20)))
    store.put_operation(Operation(new_id(), CHANNEL, "notice", "bench", now, first=now.date(),
                                  last=now.date() + dt.timedelta(days=3), texts=Text({"ja": "台風のため休止します。"})))
    parts = {"programs": programs, "secrets": secrets, "store": store, "line": Silent(),
             "notifier": AlertLog(folder / "alerts.log")}
    with_overlay = Wiring(Settings(), provided=parts).services()
    without = Wiring(Settings(), provided=parts).services()
    without = type(without)(**{**{f: getattr(without, f) for f in without.__dataclass_fields__}, "overlay": None})
    channel = programs.find(CHANNEL)[1]
    past = [s for s in slots(channel, now.date() - dt.timedelta(days=7), 8) if s.end < now]
    closed = past[-1].end + dt.timedelta(minutes=30)
    secret = secrets.channel(CHANNEL).secret
    cpu: dict[str, list[float]] = {"without": [], "with": []}
    for i in range(args.webhooks + 200):
        pair = (("without", without), ("with", with_overlay))
        for name, services in pair if i % 2 else pair[::-1]:  # alternate which goes first
            body = webhook_body(make_event("text", at=closed))
            started = time.process_time()
            assert receive_webhook(CHANNEL, body, sign(body, secret), services).status == 200
            if i >= 200:  # warm-up: imports, compiled patterns, the first overlay read
                cpu[name].append(time.process_time() - started)
    median = {k: statistics.median(v) * 1000 for k, v in cpu.items()}
    ratio = median["with"] / median["without"]
    print(f"warm out-of-hours text webhook, {args.webhooks} each, CPU per webhook: without the overlay "
          f"{median['without']:.3f} ms, with it {median['with']:.3f} ms; ratio {ratio:.3f} (target <= {TARGET})")
    store.close()
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
