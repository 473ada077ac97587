"""The retry worker: push the replies and send the staff alerts the intake could not, within a minute, once each.

The SQS worker (functions/app.py `retry_replies`) and the in-process queue both call `deliver`. A push
or alert that fails is tried again by the queue (SQS redelivers after its visibility timeout; the
in-process queue after RETRY_DELAYS_S); LINE's retry key makes a second delivery of an already-sent push
a no-op ("repeat", not counted again). A push LINE refuses for quota (429) is not an emergency's: it is
skipped, not retried. A message that is not ours (malformed, too deep, an unknown channel, a key that
would break a header) is dropped with a log line: retrying would not make it so.
Log lines and metrics name the channel, the kind and the outcome: never the user id or the messages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from tsunagu.domain.errors import TsunaguError
from tsunagu.ports.messaging import NOT_SENT, Notifier, PushSender, SendOutcome
from tsunagu.ports.metrics import Metrics
from tsunagu.ports.retry import Pending, PendingReply, pending_from_json
from tsunagu.ports.secrets import SecretsError

log = logging.getLogger("tsunagu.services.retry")

# In-process attempts: 5 s after the failed reply (LINE's trouble is often a blip), then 20 s and 60 s.
# The SQS queue has the same shape: 5 s delivery delay, then its 60 s visibility timeout, 3 receives.
RETRY_DELAYS_S = (5.0, 20.0, 60.0)


class PushFailed(TsunaguError):
    """Some pending replies could not be pushed yet; the queue is to deliver them again."""


def deliver(pending: Pending, line: PushSender, metrics: Metrics,
            notifier: Callable[[], Notifier] | None = None) -> SendOutcome:
    """Push one pending reply (an emergency whatever the quota) or send one staff alert; the outcome.

    An alert comes to "push" when sent, "failed" when the notifier raised (or there is none here).
    """
    if not isinstance(pending, PendingReply):
        try:
            if notifier is None:
                raise RuntimeError("no notifier")
            notifier().send(pending.alert)
        except Exception as exc:  # the queue tries again
            log.error("pending staff alert: failed (%s): channel %s %s", type(exc).__name__, pending.channel,
                      pending.kind)
            return "failed"
        log.info("pending staff alert: sent: channel %s %s", pending.channel, pending.kind)
        return "push"
    outcome = line.push(pending.channel, pending.to, pending.messages, urgent=pending.urgent,
                        retry_key=pending.retry_key)
    metrics.count({"PushesSent": outcome == "push", "PushesSkippedQuota": outcome == "skipped",
                   "PushesFailed": outcome in NOT_SENT}, pending.channel)
    log.info("pending %s reply: %s: channel %s", pending.kind, outcome, pending.channel)
    return outcome


def deliver_messages(bodies: Iterable[str], line: PushSender, metrics: Metrics,
                     notifier: Callable[[], Notifier] | None = None) -> int:
    """Push every queue message; returns how many were pushed, raises PushFailed when some must come again."""
    pushed = failed = 0
    for body in bodies:
        try:
            pending = pending_from_json(body)
            outcome = deliver(pending, line, metrics, notifier)
        except (ValueError, SecretsError) as exc:  # not ours: retrying would not make it so
            log.error("queue message dropped: %s", exc)
            continue
        pushed += outcome == "push"
        failed += outcome in NOT_SENT
    if failed:
        raise PushFailed(f"{failed} pending messages not sent yet; the queue delivers them again")
    return pushed
