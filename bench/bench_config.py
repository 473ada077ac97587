"""Benchmark: loading and validating every programme file, and the import cost of the schedule engine.

The schedule module sits on the Lambda cold path, so its import is compared side by side with the
`holidays` package it would otherwise import (the table in tsunagu/data keeps that off the path).
Run: .venv/bin/python bench/bench_config.py [--repeat N]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def import_cost_us(statement: str, module: str, runs: int = 5) -> float:
    """Median cumulative `-X importtime` microseconds of `module` in a fresh interpreter."""
    costs = []
    for _ in range(runs):
        err = subprocess.run([sys.executable, "-X", "importtime", "-c", statement], capture_output=True,
                             text=True, check=True, cwd=REPO).stderr
        pattern = rf"^import time:\s+\d+ \|\s+(\d+) \|\s*{re.escape(module)}$"
        costs.append(int(re.findall(pattern, err, re.M)[-1]))
    return statistics.median(costs)


def main() -> None:
    """Print the figures and ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    from tsunagu.domain.schedule import slots
    from tsunagu.makers.sources.programs import load_programs

    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        programs = load_programs(REPO / "programs")
        times.append(time.perf_counter() - t0)
    print(f"load + validate {len(programs.wards)} programmes ({len(programs.channels)} channels): "
          f"median {statistics.median(times) * 1000:.1f} ms over {args.repeat} runs")

    import datetime as dt

    t0 = time.perf_counter()
    count = sum(len(slots(ch, dt.date(2026, 4, 1), 365)) for ch in programs.channels)
    print(f"a year of slots for every channel: {count} slots in {(time.perf_counter() - t0) * 1000:.1f} ms")

    schedule_us = import_cost_us("import tsunagu.domain.schedule", "tsunagu.domain.schedule")
    holidays_us = import_cost_us("import holidays.countries.japan", "holidays.countries.japan")
    print(f"import tsunagu.domain.schedule (cold path): {schedule_us / 1000:.1f} ms cumulative")
    print(f"import holidays.countries.japan (baseline it avoids): {holidays_us / 1000:.1f} ms cumulative")
    print(f"ratio schedule / holidays: {schedule_us / holidays_us:.3f}")


if __name__ == "__main__":
    main()
