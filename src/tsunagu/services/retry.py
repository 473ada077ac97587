"""The retry worker: push the replies the intake could not send, within a minute, at most once each.

The SQS worker (functions/app.py `retry_replies`) and the in-process queue both call `deliver`. A push
that fails is tried again by the queue (SQS redelivers after its visibility timeout; the in-process
queue after RETRY_DELAYS_S); LINE's retry key makes a second delivery of an already-sent push a no-op.
Log lines and metrics name the channel, the kind and the outcome: never the user id or the messages.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from tsunagu.domain.errors import TsunaguError
from tsunagu.ports.messaging import NOT_SENT, PushSender, SendOutcome
from tsunagu.ports.metrics import Metrics
from tsunagu.ports.retry import PendingReply

log = logging.getLogger("tsunagu.services.retry")

# In-process attempts: 5 s after the failed reply (LINE's trouble is often a blip), then 20 s and 60 s.
# The SQS queue has the same shape: 5 s delivery delay, then its 60 s visibility timeout, 3 receives.
RETRY_DELAYS_S = (5.0, 20.0, 60.0)


class PushFailed(TsunaguError):
    """Some pending replies could not be pushed yet; the queue is to deliver them again."""


def deliver(pending: PendingReply, line: PushSender, metrics: Metrics) -> SendOutcome:
    """Push one pending reply (an emergency whatever the quota); returns the push outcome."""
    outcome = line.push(pending.channel, pending.to, pending.messages, urgent=pending.urgent,
                        retry_key=pending.retry_key)
    metrics.count({"PushesSent": outcome == "push", "PushesSkippedQuota": outcome == "skipped",
                   "PushesFailed": outcome in NOT_SENT}, pending.channel)
    log.info("pending %s reply: %s: channel %s", pending.kind, outcome, pending.channel)
    return outcome


def deliver_messages(bodies: Iterable[str], line: PushSender, metrics: Metrics) -> int:
    """Push every queue message; returns how many were pushed, raises PushFailed when some must come again."""
    pushed = failed = 0
    for body in bodies:
        try:
            pending = PendingReply.from_json(body)
        except ValueError as exc:  # not ours: retrying would not make it so
            log.error("queue message dropped: %s", exc)
            continue
        outcome = deliver(pending, line, metrics)
        pushed += outcome == "push"
        failed += outcome in NOT_SENT
    if failed:
        raise PushFailed(f"{failed} pending replies not pushed yet; the queue delivers them again")
    return pushed
