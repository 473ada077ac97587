"""Forwarding each verified LINE request to its channel's counselling console, without ever delaying LINE.

The webhook tries the console directly when nothing of the channel waits and the queue allows it, within
FORWARD_BUDGET_S; a forward that did not finish in time, or that must not overtake an earlier one, goes
to the forward queue (SQS FIFO in AWS, in-process under `tsunagu serve`). The queue's worker retries the
channel's oldest forward with backoff until the console takes it, keeping LINE's order, and gives up
after 24 hours: the request is dead-lettered, counted, and staff are told the console is unreachable
(the channel and a count, nothing personal). Delivery is at least once: a console dedupes by LINE's
`webhookEventId`, as it must for LINE's own redeliveries.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from tsunagu.domain.errors import TsunaguError
from tsunagu.ports.console import ConsoleForwarder, ForwardQueue, ForwardQueueUnavailable, PendingForward
from tsunagu.ports.messaging import Alert, Notifier
from tsunagu.ports.metrics import Metrics

log = logging.getLogger("tsunagu.services.console")

# At most 1 s of the webhook's time for a direct forward: LINE allows 2 s in all, and the record comes first.
FORWARD_BUDGET_S = 1.0
# The worker's own tries get a little longer: nobody waits on them.
WORKER_TIMEOUT_S = 5.0
# Backoff between tries of a channel's oldest forward: quick at first (a console restarting), then a minute.
BACKOFF_S = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)

Forwarding = Literal["forwarded", "queued", "lost"]


class ForwardsWaiting(TsunaguError):
    """The console did not take a forward; it and the later ones of its channel are to be tried again."""

    def __init__(self, done: int) -> None:
        super().__init__(f"console did not take a forward; {done} before it were forwarded")
        self.done = done


def backoff(attempt: int) -> float:
    """Seconds before try number `attempt + 1` of a forward (attempt 0 is the first retry)."""
    return BACKOFF_S[min(attempt, len(BACKOFF_S) - 1)]


@dataclass(frozen=True)
class ConsoleLink:
    """What forwarding needs: the HTTP forwarder, the queue and the counters."""

    forwarder: ConsoleForwarder
    queue: ForwardQueue
    metrics: Metrics


def forward_request(link: ConsoleLink, pending: PendingForward, budget_s: float = FORWARD_BUDGET_S) -> Forwarding:
    """Forward now if the channel has no backlog and the console answers in time, else queue it in order.

    "lost" only when the console failed and the queue refused too: the caller answers LINE 503, so that
    LINE redelivers the request (tsunagu counts a redelivered event once) and it is forwarded then.
    """
    channel = pending.channel
    if (budget_s > 0 and link.queue.direct_allowed(channel)
            and forward_once(link.forwarder, pending, link.metrics, min(budget_s, FORWARD_BUDGET_S))):
        return "forwarded"
    try:
        link.queue.put(pending)
    except ForwardQueueUnavailable as exc:
        log.error("console forward lost: channel %s: %s", channel, exc)
        link.metrics.count({"ConsoleLost": 1}, channel)
        return "lost"
    link.metrics.count({"ConsoleRetried": 1}, channel)
    log.info("console forward queued: channel %s", channel)
    return "queued"


def forward_once(forwarder: ConsoleForwarder, pending: PendingForward, metrics: Metrics, timeout: float) -> bool:
    """One try at the console; a success is counted with its latency. True when the console took it."""
    started = time.monotonic()
    if forwarder.forward(pending.url, pending.body, pending.signature, timeout) != "forwarded":
        return False
    metrics.count({"ConsoleForwarded": 1, "ConsoleForwardMs": round((time.monotonic() - started) * 1000)},
                  pending.channel)
    return True


def give_up(pending: Iterable[PendingForward], notifier: Notifier, metrics: Metrics,
            dead_letter: Callable[[PendingForward], None], now: dt.datetime) -> int:
    """Dead-letter forwards past 24 h; one staff alert per channel with the count. Returns how many."""
    per_channel: dict[str, int] = {}
    for p in pending:
        dead_letter(p)
        per_channel[p.channel] = per_channel.get(p.channel, 0) + 1
    for channel, n in per_channel.items():
        metrics.count({"ConsoleDeadLettered": n}, channel)
        log.error("console unreachable: channel %s: %d request(s) given up after 24 h", channel, n)
        notifier.send(Alert(channel, "console-unreachable", now, count=n))
    return sum(per_channel.values())


def drain(bodies: Iterable[str], forwarder: ConsoleForwarder, notifier: Notifier, metrics: Metrics,
          dead_letter: Callable[[PendingForward], None], now: float | None = None) -> int:
    """The SQS worker: forward each message in order; returns how many were done (forwarded, dropped or
    dead-lettered). Raises ForwardsWaiting at the first the console refuses: it and the rest come again."""
    wall = time.time() if now is None else now
    done = 0
    for body in bodies:
        try:
            pending = PendingForward.from_json(body)
        except ValueError as exc:  # not ours: retrying would not make it so
            log.error("forward queue message dropped: %s", exc)
            done += 1
            continue
        if pending.expired(wall):
            give_up([pending], notifier, metrics, dead_letter, dt.datetime.fromtimestamp(wall, dt.UTC))
            done += 1
            continue
        if not forward_once(forwarder, pending, metrics, WORKER_TIMEOUT_S):
            metrics.count({"ConsoleRetried": 1}, pending.channel)
            raise ForwardsWaiting(done)
        done += 1
    return done
