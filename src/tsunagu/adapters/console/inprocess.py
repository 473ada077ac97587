"""The forward queue under `tsunagu serve`: in memory, a line per channel, one worker thread.

A channel's oldest forward is tried again with backoff (services.console.backoff) until its console takes
it; the later ones wait behind it, so LINE's order is kept through an outage. After 24 hours a forward is
given up (dead-lettered to the log, counted, staff alerted). It lives as long as the process: the user id
and text in a body never touch the disk (a restart loses what waits; SQS keeps it in AWS).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import deque
from collections.abc import Callable

from tsunagu.ports.console import ConsoleForwarder, ForwardQueueUnavailable, PendingForward
from tsunagu.ports.messaging import Notifier
from tsunagu.ports.metrics import Metrics
from tsunagu.services.console import WORKER_TIMEOUT_S, backoff, forward_once, give_up

log = logging.getLogger("tsunagu.adapters.console")

# Memory bound: past it a forward is refused (the webhook answers 503 and LINE redelivers later).
MAX_WAITING = 100_000


class InProcessForwardQueue:
    """Keeps forwards per channel in order and drains them from a daemon thread (`run_due` in tests)."""

    def __init__(self, forwarder: Callable[[], ConsoleForwarder], notifier: Callable[[], Notifier],
                 metrics: Callable[[], Metrics], clock: Callable[[], float] = time.time,
                 thread: bool = True) -> None:
        self._forwarder = forwarder
        self._notifier = notifier
        self._metrics = metrics
        self._clock = clock
        self._lines: dict[str, deque[PendingForward]] = {}
        self._attempts: dict[str, int] = {}
        self._due: dict[str, float] = {}
        self._waiting = 0
        self._wake = threading.Condition()
        self._thread_wanted = thread
        self._thread: threading.Thread | None = None

    def direct_allowed(self, channel: str) -> bool:
        """True when nothing of the channel waits."""
        with self._wake:
            return not self._lines.get(channel)

    def waiting(self) -> int:
        """How many forwards wait, all channels together."""
        with self._wake:
            return self._waiting

    def put(self, pending: PendingForward) -> None:
        """Queue behind the channel's earlier forwards; the first try is due at once."""
        with self._wake:
            if self._waiting >= MAX_WAITING:
                raise ForwardQueueUnavailable(f"{MAX_WAITING} forwards already wait")
            line = self._lines.setdefault(pending.channel, deque())
            if not line:
                self._due[pending.channel] = self._clock()
                self._attempts[pending.channel] = 0
            line.append(pending)
            self._waiting += 1
            if self._thread_wanted and self._thread is None:
                self._thread = threading.Thread(target=self._run, name="tsunagu-console", daemon=True)
                self._thread.start()
            self._wake.notify()

    def run_due(self) -> int:
        """Try every channel whose head is due, in order, until its console refuses; returns forwards done."""
        done = 0
        with self._wake:
            due = [c for c, at in self._due.items() if at <= self._clock() and self._lines.get(c)]
        for channel in due:
            done += self._drain(channel)
        return done

    def _drain(self, channel: str) -> int:
        done = 0
        while True:
            with self._wake:
                line = self._lines.get(channel)
                if not line:
                    self._due.pop(channel, None)
                    return done
                head = line[0]
            now = self._clock()
            if head.expired(now):
                give_up([head], self._notifier(), self._metrics(), _dead_letter, dt.datetime.fromtimestamp(now, dt.UTC))
            else:
                try:
                    taken = forward_once(self._forwarder(), head, self._metrics(), WORKER_TIMEOUT_S)
                except Exception as exc:  # one thread serves every channel: it must outlive a forwarder that raises
                    log.error("console forward raised %s: channel %s", type(exc).__name__, channel)
                    taken = False
                if not taken:
                    with self._wake:
                        attempt = self._attempts.get(channel, 0)
                        self._attempts[channel] = attempt + 1
                        self._due[channel] = self._clock() + backoff(attempt)
                    self._metrics().count({"ConsoleRetried": 1}, channel)
                    return done
            with self._wake:
                line.popleft()
                self._waiting -= 1
                self._attempts[channel] = 0
            done += 1

    def _run(self) -> None:
        while True:
            with self._wake:
                while True:
                    pending_due = [at for c, at in self._due.items() if self._lines.get(c)]
                    wait = None if not pending_due else min(pending_due) - self._clock()
                    if wait is not None and wait <= 0:
                        break
                    self._wake.wait(wait)
            self.run_due()


def _dead_letter(pending: PendingForward) -> None:
    """In memory there is no dead-letter queue: the log line (channel only) and the alert are the record."""
    log.error("console forward dead-lettered: channel %s", pending.channel)
