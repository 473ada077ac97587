"""Forwarding LINE's requests to the channel's counselling console, and the queue of those that must wait.

A forwarded request is LINE's own, untouched: the exact body bytes and the exact `X-Line-Signature`, so
the console verifies it with the channel secret it already has, as if LINE had sent it. By nature it
holds a user id and the text: it may be at rest only in the encrypted forward queue (SQS with SSE in
AWS, memory under `tsunagu serve`), for at most the queue's retention, and never in a log, a file, the
store or a metric. `repr` leaves the body and signature out so that no log line can carry them.
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from dataclasses import dataclass, field
from typing import Literal, Protocol

from tsunagu.domain.errors import TsunaguError

# forwarded: the console answered 2xx; failed: it answered otherwise or not at all (tried again later).
ForwardOutcome = Literal["forwarded", "failed"]
# A forward the console has not taken within this time is given up: dead-lettered, counted, staff told.
GIVE_UP_AFTER_S = 24 * 3600.0


class ForwardQueueUnavailable(TsunaguError):
    """The forward queue did not accept a request (the caller logs the channel and counts it)."""


@dataclass(frozen=True)
class PendingForward:
    """One LINE request waiting for its console: where it goes and the bytes LINE signed."""

    channel: str
    url: str = field(repr=False)
    body: bytes = field(repr=False)
    signature: str = field(repr=False)
    received_at: float = field(default_factory=time.time)  # when LINE sent it: the 24 h clock starts here

    def expired(self, now: float) -> bool:
        """True once the console has had GIVE_UP_AFTER_S to take it."""
        return now - self.received_at >= GIVE_UP_AFTER_S

    def to_json(self) -> str:
        """The queue message body (the LINE body as base64: bytes must survive exactly)."""
        return json.dumps({"channel": self.channel, "url": self.url, "signature": self.signature,
                           "body": base64.b64encode(self.body).decode("ascii"), "receivedAt": self.received_at})

    @classmethod
    def from_json(cls, text: str) -> PendingForward:
        """Read a queue message body; ValueError (naming the field, never its value) when it is not one of ours."""
        try:
            doc = json.loads(text)
            if not isinstance(doc, dict):
                raise ValueError("not an object")
            return cls(_text(doc, "channel"), _text(doc, "url"), base64.b64decode(_text(doc, "body"), validate=True),
                       _text(doc, "signature"), float(doc["receivedAt"]))
        except (KeyError, TypeError, binascii.Error, json.JSONDecodeError, RecursionError) as exc:
            raise ValueError(f"not a pending forward: {type(exc).__name__} {exc.args[0] if exc.args else ''}"[:200]) \
                from None


def _text(doc: dict[str, object], name: str) -> str:
    value = doc[name]
    if not isinstance(value, str) or "\n" in value or "\r" in value:
        raise TypeError(name)
    return value


class ConsoleForwarder(Protocol):
    """Sends one LINE request to a console."""

    def forward(self, url: str, body: bytes, signature: str, timeout: float) -> ForwardOutcome:
        """POST the exact bytes and signature; "forwarded" on a 2xx within `timeout` seconds, else "failed"."""


class ForwardQueue(Protocol):
    """Keeps forwards until the console takes them, in the order they were put, per channel."""

    def put(self, pending: PendingForward) -> None:
        """Queue one forward behind every earlier one of its channel, or raise ForwardQueueUnavailable."""

    def direct_allowed(self, channel: str) -> bool:
        """True when nothing of the channel waits, so the intake may try the console first and queue only on
        failure; a queue that cannot tell cheaply (SQS FIFO) says False and takes every request, in order."""
