"""Benchmark: `tsunagu plan` on a year of 100,000 contacts (issue 24: at most 10 s on two cores).

The store is SQLite with a year (fiscal 2025) of Poisson contacts to Taito's channel (open 17:00-22:00 every
day), two thirds of them in opening hours, half of them with a second message in the same conversation.
Times the whole command as a ward runs it (read, contacts, heatmap, forecast and backtest, Erlang-A per slot,
the SimPy check of every slot, the files), and the same without the simulation, side by side.

Run: .venv/bin/python bench/bench_plan.py [--contacts N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the synthetic demand the tests use

from support.demand import bulk_load, poisson_records  # noqa: E402

from tsunagu.adapters.store.sqlite import SqliteStore  # noqa: E402
from tsunagu.entry.cli import main  # noqa: E402

BUDGET_S = 10.0  # issue 24
FIRST, LAST = dt.date(2025, 4, 1), dt.date(2026, 3, 31)


def shape(hour: dt.datetime) -> float:
    """Relative demand: evenings (open hours) carry two thirds of the week's contacts."""
    if 17 <= hour.hour < 22:
        return 4.0 + 0.5 * (hour.hour - 17) + (1.0 if hour.weekday() >= 5 else 0.0)
    return 0.45


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    args = parser.parse_args()
    hours = [dt.datetime(2025, 4, 1, tzinfo=dt.timezone(dt.timedelta(hours=9))) + dt.timedelta(hours=i)
             for i in range(24 * 7)]
    scale = args.contacts / (sum(shape(h) for h in hours) * ((LAST - FIRST).days + 1) / 7)
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        store = SqliteStore(path)
        records = poisson_records("taito-habataki", FIRST, LAST, lambda h: scale * shape(h), seed=1)
        bulk_load(store, records)
        store.close()
        contacts = len({r.pseudonym for r in records})
        os.environ["TSUNAGU_STORE"] = f"sqlite:///{path}"
        timings, cpu = {}, {}
        for label, extra in (("with the simulation", []), ("without (--no-simulation)", ["--no-simulation"])):
            used = _cpu()
            start = time.perf_counter()
            code = main(["plan", "--ward", "taito", "--from", "2025-04", "--to", "2026-03",
                         "--out", str(Path(tmp) / "out"), *extra])
            timings[label] = time.perf_counter() - start
            cpu[label] = _cpu() - used
            assert code == 0
    print(f"\ntsunagu plan on {contacts:,} contacts ({len(records):,} messages), a year, "
          f"{len(os.sched_getaffinity(0))} cores:")
    print(f"  (load average before: {load:.1f}: the machine is shared; CPU seconds count this run's work alone)")
    for label, seconds in timings.items():
        print(f"  {label:28s} {seconds:6.2f} s wall, {cpu[label]:6.2f} s CPU (this process and its workers)")
    figure = timings["with the simulation"]
    verdict = "within" if figure <= BUDGET_S else "OVER"
    print(f"  budget {BUDGET_S:.0f} s: {verdict} ({figure / BUDGET_S:.0%} of it)")


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished workers."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


if __name__ == "__main__":
    main_bench()
