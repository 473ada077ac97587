"""Parse LINE's webhook body into events: strict about what LINE always sends, tolerant of the rest.

Shapes follow LINE's webhook event objects. A missing or mistyped required field is a malformed body
(400). Unknown fields and unknown event types pass: LINE adds both over time, and an unknown type is
later ignored. Only the standard library: this runs on every cold start.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from tsunagu.domain.errors import MalformedWebhookError
from tsunagu.domain.vocabulary import HANDLED_EVENTS


@dataclass(frozen=True)
class WebhookEvent:
    """One event as the intake needs it. User id, text and reply token stay in memory, never in a repr."""

    type: str
    event_id: str  # webhookEventId: the key of the exactly-once write
    timestamp_ms: int
    source_type: str  # user, group or room
    mode: str = "active"  # "standby": another module answers, so this one must not reply
    redelivery: bool = False
    message_type: str | None = None
    postback_data: str | None = None
    unblocked: bool = False
    user_id: str | None = field(default=None, repr=False)
    reply_token: str | None = field(default=None, repr=False)
    text: str | None = field(default=None, repr=False)

    @property
    def from_person(self) -> bool:
        """True for a one-to-one chat with a person; group and room events are ignored."""
        return self.source_type == "user" and self.user_id is not None


def parse(body: bytes) -> list[WebhookEvent]:
    """The events of a webhook body; MalformedWebhookError names the first missing or mistyped field."""
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise MalformedWebhookError("the body is not UTF-8 JSON") from None
    if not isinstance(doc, dict):
        raise MalformedWebhookError("the body is not a JSON object")
    events = doc.get("events")
    if not isinstance(events, list):
        raise MalformedWebhookError("events: missing or not a list")
    return [_event(raw, i) for i, raw in enumerate(events)]


def _event(raw: Any, i: int) -> WebhookEvent:
    if not isinstance(raw, dict):
        raise MalformedWebhookError(f"events[{i}]: not an object")
    kind = _need(raw, "type", str, i)
    event_id = _need(raw, "webhookEventId", str, i)
    timestamp = raw.get("timestamp")
    if not isinstance(timestamp, int) or isinstance(timestamp, bool) or timestamp < 0:
        raise MalformedWebhookError(f"events[{i}].timestamp: missing or not milliseconds")
    source = _need(raw, "source", dict, i)
    source_type = _need(source, "type", str, i, "source.")
    context = raw.get("deliveryContext")
    redelivery = bool(context.get("isRedelivery")) if isinstance(context, dict) else False
    mode = raw.get("mode") if isinstance(raw.get("mode"), str) else "active"
    if kind not in HANDLED_EVENTS or source_type != "user":  # the handled types each need their payload
        return WebhookEvent(kind, event_id, timestamp, source_type, mode, redelivery)
    user_id = _need(source, "userId", str, i, "source.")
    token = raw.get("replyToken")
    token = token if isinstance(token, str) and token else None
    message_type = postback = text = None
    unblocked = False
    if kind == "message":
        message = _need(raw, "message", dict, i)
        message_type = _need(message, "type", str, i, "message.")
        if message_type == "text":
            text = message.get("text")
            if not isinstance(text, str):
                raise MalformedWebhookError(f"events[{i}].message.text: missing or not a str")
    elif kind == "postback":
        postback = _need(_need(raw, "postback", dict, i), "data", str, i, "postback.")
    elif kind == "follow":
        follow = raw.get("follow")
        unblocked = bool(follow.get("isUnblocked")) if isinstance(follow, dict) else False
    return WebhookEvent(kind, event_id, timestamp, source_type, mode, redelivery, message_type, postback,
                        unblocked, user_id, token, text)


def _need(obj: dict, key: str, kind: type, i: int, prefix: str = "") -> Any:
    value = obj.get(key)
    if not isinstance(value, kind) or (kind is str and not value):
        raise MalformedWebhookError(f"events[{i}].{prefix}{key}: missing or not a {kind.__name__}")
    return value
