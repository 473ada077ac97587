"""Parse LINE's webhook body into events: one unusable event is skipped, never the whole batch.

Shapes follow LINE's webhook event objects (tests/fixtures/line-openapi/webhook.yml). Only a body that is
not LINE's shape at all (not JSON, nested absurdly deep, not an object, `events` not a list) is a
MalformedWebhookError (400). An event without a field the intake needs (`source` is optional in the
spec: module and bot events have none), with a mistyped one, or with a timestamp outside 2000-2999, is
returned as `Skipped` (its index, its type when it is one of LINE's, and the field: never a value),
and the other events go on. Unknown fields and unknown event types pass: LINE adds both over time,
and an unknown type is later ignored. Only the standard library: this runs on every cold start.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from tsunagu.domain.errors import MalformedWebhookError
from tsunagu.domain.vocabulary import HANDLED_EVENTS


@dataclass(frozen=True)
class WebhookEvent:
    """One event as the intake needs it. User id, text and reply token stay in memory, never in a repr."""

    type: str
    event_id: str  # webhookEventId: the key of the exactly-once write
    timestamp_ms: int
    source_type: str  # user, group or room; "" when the event has no source (module and bot events)
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


# The event types of LINE's webhook spec: an unusable event is logged by its type only if it is one of
# these (any other string came from the body and is not repeated in a log).
LINE_EVENT_TYPES = ("message", "unsend", "follow", "unfollow", "join", "leave", "memberJoined", "memberLeft",
                    "postback", "videoPlayComplete", "beacon", "accountLink", "membership", "module", "activated",
                    "deactivated", "botSuspended", "botResumed", "delivery")
# Plausible event times (ms): 2000-01-01 to 3000-01-01 UTC. Outside, dates overflow or mean nothing.
MIN_TIMESTAMP_MS = 946_684_800_000
MAX_TIMESTAMP_MS = 32_503_680_000_000
# Ids are keys: LINE's are 26 (event) and 33 (user) characters. Longer ones cannot be LINE's, and DynamoDB
# refuses sort keys over 1,024 bytes (the record's day index puts the event id in one).
MAX_ID_BYTES = 256


@dataclass(frozen=True)
class Skipped:
    """An event the intake cannot use: where it is and which field is wrong, never what it holds."""

    index: int
    type: str  # one of LINE_EVENT_TYPES, else "unknown"
    problem: str  # e.g. "source: missing or not a dict"


class Batch(NamedTuple):
    """The usable events of one webhook body, in order, and the skipped ones."""

    events: list[WebhookEvent]
    skipped: list[Skipped]


class _Unusable(Exception):
    """One event lacks or mistypes a field the intake needs."""


def parse(body: bytes, destination: str | None = None) -> Batch:
    """The events of a webhook body; MalformedWebhookError only when the body is not LINE's shape, or when
    `destination` is given and the body names another bot."""
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise MalformedWebhookError("the body is not UTF-8 JSON") from None
    except RecursionError:  # e.g. 10,000 nested arrays: json's C parser recurses per level
        raise MalformedWebhookError("the body is nested too deeply to be LINE's") from None
    if not isinstance(doc, dict):
        raise MalformedWebhookError("the body is not a JSON object")
    raw_events = doc.get("events")
    if not isinstance(raw_events, list):
        raise MalformedWebhookError("events: missing or not a list")
    if destination is not None and doc.get("destination") != destination:
        raise MalformedWebhookError("destination: not this channel's bot user id")
    events: list[WebhookEvent] = []
    skipped: list[Skipped] = []
    for i, raw in enumerate(raw_events):
        try:
            events.append(_event(raw))
        except _Unusable as exc:
            kind = raw.get("type") if isinstance(raw, dict) else None
            skipped.append(Skipped(i, kind if kind in LINE_EVENT_TYPES else "unknown", str(exc)))
    return Batch(events, skipped)


def _event(raw: Any) -> WebhookEvent:
    if not isinstance(raw, dict):
        raise _Unusable("not an object")
    kind = _need(raw, "type", str)
    event_id = _id(raw, "webhookEventId")
    timestamp = raw.get("timestamp")
    if not isinstance(timestamp, int) or isinstance(timestamp, bool):
        raise _Unusable("timestamp: missing or not milliseconds")
    if not MIN_TIMESTAMP_MS <= timestamp < MAX_TIMESTAMP_MS:
        raise _Unusable("timestamp: outside the years 2000-2999")
    context = raw.get("deliveryContext")
    redelivery = bool(context.get("isRedelivery")) if isinstance(context, dict) else False
    given_mode = raw.get("mode")
    mode: str = given_mode if isinstance(given_mode, str) else "active"
    source = raw.get("source")
    source_type = source.get("type") if isinstance(source, dict) else None
    if kind not in HANDLED_EVENTS or source_type != "user" or not isinstance(source, dict):
        # the handled types each need their payload
        if kind in HANDLED_EVENTS and not isinstance(source_type, str):
            raise _Unusable("source.type: missing or not a str" if isinstance(source, dict)
                            else "source: missing or not an object")
        return WebhookEvent(kind, event_id, timestamp, source_type if isinstance(source_type, str) else "",
                            mode, redelivery)
    user_id = _id(source, "userId", "source.")
    token = raw.get("replyToken")
    token = token if isinstance(token, str) and token else None
    message_type = postback = text = None
    unblocked = False
    if kind == "message":
        message = _need(raw, "message", dict)
        message_type = _need(message, "type", str, "message.")
        if message_type == "text":
            text = message.get("text")
            if not isinstance(text, str):
                raise _Unusable("message.text: missing or not a str")
    elif kind == "postback":
        postback = _need(_need(raw, "postback", dict), "data", str, "postback.")
    elif kind == "follow":
        follow = raw.get("follow")
        unblocked = bool(follow.get("isUnblocked")) if isinstance(follow, dict) else False
    return WebhookEvent(kind, event_id, timestamp, "user", mode, redelivery, message_type, postback,
                        unblocked, user_id, token, text)


def _id(obj: dict[str, Any], key: str, prefix: str = "") -> str:
    """An id that can be a key: a UTF-8 string (no lone surrogate, which json accepts escaped) of at most
    MAX_ID_BYTES bytes."""
    value: str = _need(obj, key, str, prefix)
    try:
        size = len(value.encode("utf-8"))
    except UnicodeEncodeError:
        raise _Unusable(f"{prefix}{key}: not valid Unicode") from None
    if size > MAX_ID_BYTES:
        raise _Unusable(f"{prefix}{key}: longer than {MAX_ID_BYTES} bytes")
    return value


def _need(obj: dict[str, Any], key: str, kind: type, prefix: str = "") -> Any:
    value = obj.get(key)
    if not isinstance(value, kind) or (kind is str and not value):
        raise _Unusable(f"{prefix}{key}: missing or not a {kind.__name__}")
    return value
