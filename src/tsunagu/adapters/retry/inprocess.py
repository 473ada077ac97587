"""The retry queue under `tsunagu serve` (and wherever TSUNAGU_RETRY_QUEUE is empty): in memory, one worker thread.

Like the SQS queue, a pending reply is tried after a short delay, a few times, then dropped with a log
line (channel and kind only). It lives as long as the process: the user id never touches the disk.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable

from tsunagu.ports.messaging import NOT_SENT, Notifier, PushSender
from tsunagu.ports.metrics import Metrics
from tsunagu.ports.retry import Pending
from tsunagu.services.retry import RETRY_DELAYS_S, deliver

log = logging.getLogger("tsunagu.adapters.retry")


class InProcessRetryQueue:
    """Pushes pending replies and sends pending alerts from a daemon thread, after RETRY_DELAYS_S."""

    def __init__(self, line: Callable[[], PushSender], metrics: Callable[[], Metrics],
                 delays: tuple[float, ...] = RETRY_DELAYS_S, notifier: Callable[[], Notifier] | None = None) -> None:
        self._line = line
        self._metrics = metrics
        self._notifier = notifier
        self._delays = delays
        self._due: list[tuple[float, int, int, Pending]] = []  # (due at, order, attempt, pending)
        self._order = itertools.count()
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    def put(self, pending: Pending) -> None:
        """Schedule the first attempt."""
        self._schedule(pending, 0)

    def _schedule(self, pending: Pending, attempt: int) -> None:
        with self._wake:
            heapq.heappush(self._due, (time.monotonic() + self._delays[attempt], next(self._order), attempt, pending))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="tsunagu-retry", daemon=True)
                self._thread.start()
            self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._due or self._due[0][0] > time.monotonic():
                    self._wake.wait(None if not self._due else self._due[0][0] - time.monotonic())
                _, _, attempt, pending = heapq.heappop(self._due)
            try:
                outcome = deliver(pending, self._line(), self._metrics(), self._notifier)
            except Exception as exc:  # one thread serves every pending reply: it must outlive a push that raises
                log.error("pending %s reply: push raised %s: channel %s", pending.kind, type(exc).__name__,
                          pending.channel)
                outcome = "failed"
            if outcome in NOT_SENT:
                if attempt + 1 < len(self._delays):
                    self._schedule(pending, attempt + 1)
                else:
                    log.error("pending %s reply dropped after %d attempts: channel %s", pending.kind, attempt + 1,
                              pending.channel)
