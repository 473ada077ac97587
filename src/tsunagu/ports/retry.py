"""The retry queue: replies LINE did not take in time and staff alerts that did not go out, kept briefly
so that a worker can send them.

An emergency, hand-off or greeting reply that fails or misses the webhook's time budget is put here
(SQS in AWS, an in-process queue under `tsunagu serve`) and pushed within a minute; so is a staff alert
the notifier did not take (it holds the channel, the kind and the time, nothing else). The LINE user id
must travel with it (a push needs the recipient): the queue message is the only place it is written,
encrypted at rest and expiring after a short retention; it is never logged, stored or put in a metric.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, get_args

from tsunagu.domain.errors import TsunaguError
from tsunagu.ports.messaging import Alert

# What is worth a push when its reply did not go out: the emergency numbers, the answer to a hand-off
# request, and the greeting (privacy promise, hours, emergency numbers) a new friend would otherwise miss.
RetryKind = Literal["emergency", "handoff", "greeting"]
RETRY_KINDS: tuple[RetryKind, ...] = get_args(RetryKind)
# LINE's X-Line-Retry-Key is a UUID (hex and hyphens): anything else would be refused, or break the header.
RETRY_KEY = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# A queue message is a flat JSON object; nesting deeper than this is not ours (and json recurses per level).
MAX_NESTING = 64


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
        """Read a queue message body of a pending reply; ValueError when it is not one."""
        pending = pending_from_json(body)
        if not isinstance(pending, PendingReply):
            raise ValueError("not a pending reply")
        return pending


@dataclass(frozen=True)
class PendingAlert:
    """A staff alert the notifier did not take: channel, kind and time, as the alert itself."""

    alert: Alert
    queued_at: float = field(default_factory=time.time)

    @property
    def channel(self) -> str:
        """The channel the alert is about."""
        return self.alert.channel

    @property
    def kind(self) -> str:
        """The alert's kind (emergency, handoff-phone, ...)."""
        return self.alert.kind

    def to_json(self) -> str:
        """The queue message body."""
        return json.dumps({"alert": self.alert.to_json(), "queuedAt": self.queued_at}, ensure_ascii=False)


Pending = PendingReply | PendingAlert


def pending_from_json(body: str) -> Pending:
    """Read a queue message body; ValueError (naming the field, never a value) when it is not one of ours."""
    if body.count("[") + body.count("{") > MAX_NESTING:
        raise ValueError("not a pending message: nested too deeply")
    try:
        doc = json.loads(body)
        if not isinstance(doc, dict):
            raise ValueError("not a pending message: not an object")
        if "alert" in doc:
            a = doc["alert"]
            return PendingAlert(Alert(_text(a, "channel"), _text(a, "kind"), dt.datetime.fromisoformat(a["at"])),
                                float(doc["queuedAt"]))
        kind = doc["kind"]
        if kind not in RETRY_KINDS or not isinstance(doc["messages"], list):
            raise ValueError("not a pending reply: kind or messages")
        key = str(doc["retryKey"])
        if not RETRY_KEY.fullmatch(key):
            raise ValueError("not a pending reply: retryKey is not a UUID")
        return PendingReply(_text(doc, "channel"), _text(doc, "to"), tuple(doc["messages"]), kind, key,
                            float(doc["queuedAt"]))
    except (KeyError, TypeError, json.JSONDecodeError, RecursionError) as exc:
        raise ValueError(f"not a pending message: missing or malformed {type(exc).__name__}") from None


def _text(doc: dict[str, Any], name: str) -> str:
    """A one-line string field (a line break would reach a header or a log line)."""
    value = doc[name]
    if not isinstance(value, str) or not value or not value.isprintable():
        raise ValueError(f"not a pending message: {name} is not a one-line string")
    return value


class RetryQueue(Protocol):
    """Keeps pending replies and alerts until a worker sends them."""

    def put(self, pending: Pending) -> None:
        """Queue one pending reply or alert durably, or raise RetryQueueUnavailable."""

