"""Benchmark: the print kit, per item and per kit, one process and both cores.

1. Each item of one ward (default kita) built in-process: render, seven decode checks, PDF + PNG;
   the time per item against the 0.5 s target, split by kind.
2. The kit of that ward, and the kits of every seed programme, with 1 worker and with one per core
   (items are independent: a process pool), plus the peak memory of the largest process.

Run: .venv/bin/python bench/bench_print.py [--ward ID] [--sample-only]
The machine may be shared: compare the ratios (cores, per kind) more than the absolute figures.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from tsunagu.makers.printkit import kit  # noqa: E402
from tsunagu.makers.sources.programs import load_programs  # noqa: E402

TARGET_S = 0.5  # per item, all decode checks included (issue 4)
console = Console()


def per_item(ward_id: str) -> None:
    ward = load_programs(REPO / "programs").ward(ward_id)
    times: dict[str, list[float]] = defaultdict(list)
    cpu_times: dict[str, list[float]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        jobs = kit.plan(ward, Path(tmp), sample=False)
        kit.build_item(jobs[0])  # warm fonts and imports
        for job in jobs:
            start, cpu = time.perf_counter(), time.process_time()
            kit.build_item(job)
            key = f"{job.kind} {job.size_name}" + (" +sheet" if job.sheet else "")
            times[key].append(time.perf_counter() - start)
            cpu_times[key].append(time.process_time() - cpu)
    table = Table(title=f"{ward_id}: one item in-process (render, 7 decodes, PDF, PNG)")
    for col in ("item", "n", "median wall s", "median CPU s", "CPU vs 0.5 s target"):
        table.add_column(col)
    for name, values in sorted(times.items()):
        med, cpu = statistics.median(values), statistics.median(cpu_times[name])
        table.add_row(name, str(len(values)), f"{med:.2f}", f"{cpu:.2f}", f"{cpu / TARGET_S:.1f}×")
    console.print(table)


def kits(ward_ids: list[str] | None, label: str) -> None:
    programs = load_programs(REPO / "programs")
    table = Table(title=f"kit build: {label} (--sample)")
    for col in ("workers", "items", "wall s", "wall s per item", "CPU s per item", "speed-up"):
        table.add_column(col)
    base = None
    for workers in (1, os.cpu_count() or 1):
        with tempfile.TemporaryDirectory() as tmp:
            start, cpu = time.perf_counter(), _cpu()
            results = kit.build(programs, ward_ids, Path(tmp), sample=True, workers=workers)
            wall, cpu = time.perf_counter() - start, _cpu() - cpu
        items = sum(len(r.items) for r in results)
        base = base or wall
        table.add_row(str(workers), str(items), f"{wall:.1f}", f"{wall / items:.2f}", f"{cpu / items:.2f}",
                      f"{base / wall:.2f}×")
    console.print(table)


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ward", default="kita")
    args = parser.parse_args()
    console.print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}")
    per_item(args.ward)
    kits([args.ward], args.ward)
    kits(None, "every seed programme")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    console.print(f"peak memory: {own:.0f} MiB in-process, {children:.0f} MiB largest worker")


if __name__ == "__main__":
    main()
