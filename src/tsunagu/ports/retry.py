"""The retry queue: replies LINE did not take in time, kept briefly so that a worker can push them.

An emergency, hand-off or greeting reply that fails or misses the webhook's time budget is put here
(SQS in AWS, an in-process queue under `tsunagu serve`) and pushed within a minute. The LINE user id
must travel with it (a push needs the recipient): the queue message is the only place it is written,
encrypted at rest and expiring after a short retention; it is never logged, stored or put in a metric.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, get_args

from tsunagu.domain.errors import TsunaguError

# What is worth a push when its reply did not go out: the emergency numbers, the answer to a hand-off
# request, and the greeting (privacy promise, hours, emergency numbers) a new friend would otherwise miss.
RetryKind = Literal["emergency", "handoff", "greeting"]
RETRY_KINDS: tuple[RetryKind, ...] = get_args(RetryKind)


class RetryQueueUnavailable(TsunaguError):
    """The retry queue did not accept a pending reply (it is lost; the caller logs and counts it)."""


@dataclass(frozen=True)
class PendingReply:
    """A reply to push later. `repr` leaves the user id out, so no log line can carry it by accident."""

    channel: str
    to: str = field(repr=False)
    messages: tuple[dict[str, Any], ...] = field(repr=False)
    kind: RetryKind
    retry_key: str = field(default_factory=lambda: str(uuid.uuid4()))  # LINE's X-Line-Retry-Key
    queued_at: float = field(default_factory=time.time)

    @property
    def urgent(self) -> bool:
        """Emergency replies are pushed whatever the month's push quota."""
        return self.kind == "emergency"

    def to_json(self) -> str:
        """The queue message body."""
        return json.dumps({"channel": self.channel, "to": self.to, "messages": list(self.messages),
                           "kind": self.kind, "retryKey": self.retry_key, "queuedAt": self.queued_at},
                          ensure_ascii=False)

    @classmethod
    def from_json(cls, body: str) -> PendingReply:
        """Read a queue message body; ValueError when it is not one of ours."""
        try:
            doc = json.loads(body)
            kind = doc["kind"]
            if kind not in RETRY_KINDS or not isinstance(doc["messages"], list):
                raise ValueError(f"not a pending reply (kind {kind!r})")
            return cls(str(doc["channel"]), str(doc["to"]), tuple(doc["messages"]), kind, str(doc["retryKey"]),
                       float(doc["queuedAt"]))
        except (KeyError, TypeError, json.JSONDecodeError) as exc:
            raise ValueError(f"not a pending reply: missing or malformed {exc}") from None


class RetryQueue(Protocol):
    """Keeps pending replies until a worker pushes them."""

    def put(self, pending: PendingReply) -> None:
        """Queue one pending reply durably, or raise RetryQueueUnavailable."""

