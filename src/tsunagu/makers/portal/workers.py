"""The ward pages spread over every core: forked workers render and write a share each.

An all-Japan build writes ~10,000 pages, each with its channel's QR code (qrcode takes ~5 ms a code):
on one core that is most of the build. Forked workers inherit the loaded programmes and templates, so
nothing is pickled but page ranges. Fork is used only where it is the platform's safe default (Linux)
and the process has no other thread (never under `mkdocs serve`, whose server runs threads).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

# Below this many pages the workers cost more than they save.
PARALLEL_FROM = 600
# Pages per task: a few wards in all their languages, so that a channel's code is mostly made once.
CHUNK = 120

# The task the forked workers run (set before they are forked, inherited by them).
_TASK: Callable[[int, int], None] | None = None


def fork_workers(pages: int) -> int:
    """How many workers to fork for `pages` pages: 0 (render in this process) when it would not pay or is unsafe."""
    cores = os.cpu_count() or 1
    safe = sys.platform == "linux" and threading.active_count() == 1
    return cores if safe and cores > 1 and pages >= PARALLEL_FROM else 0


def run_forked(task: Callable[[int, int], None], pages: int, workers: int) -> None:
    """Run `task(start, stop)` over `range(pages)` in chunks on `workers` forked processes; errors propagate."""
    global _TASK
    _TASK = task
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            ranges = [(start, min(start + CHUNK, pages)) for start in range(0, pages, CHUNK)]
            for _ in pool.map(_run, ranges):
                pass
    finally:
        _TASK = None


def _run(span: tuple[int, int]) -> None:
    assert _TASK is not None, "run_forked sets the task before the workers fork"
    _TASK(*span)
