"""Factories for LINE webhook events, bodies and signatures (shapes from LINE's webhook spec).

    ev = make_event("text", text="こんにちは", user_id="U1...", at=dt.datetime(..., tzinfo=JST))
    body = webhook_body(ev, make_event("follow"))
    headers = {"X-Line-Signature": sign(body, secret)}

Kinds: text, image, video, audio, file, location, sticker, follow, unfollow, postback, unsend, join,
leave, memberJoined, memberLeft, beacon, accountLink, videoPlayComplete, or any other string (an
unknown future type). Source: source="user" (default), "group" or "room".
"""

from __future__ import annotations

import datetime as dt
import json
import random
import string
from pathlib import Path
from typing import Any

import pytest

from tsunagu.domain.intake.signature import sign as _sign

_rng = random.Random(5)
MESSAGE_KINDS = ("text", "image", "video", "audio", "file", "location", "sticker")
FIXTURE = "line-bot-sdk-webhook.json"


def new_id(prefix: str = "01", n: int = 24) -> str:
    """A random id shaped like LINE's (webhookEventId is a ULID)."""
    return prefix + "".join(_rng.choice(string.ascii_uppercase + string.digits) for _ in range(n))


def new_user_id() -> str:
    """A random LINE user id: 'U' and 32 hex digits."""
    return "U" + "".join(_rng.choice("0123456789abcdef") for _ in range(32))


def make_event(kind: str, *, user_id: str | None = None, at: dt.datetime | None = None, event_id: str | None = None,
               text: str = "こんにちは", data: str = "action=hours", redelivery: bool = False,
               reply_token: str | None = None, source: str = "user", mode: str = "active",
               **extra: Any) -> dict[str, Any]:
    """One webhook event as LINE sends it; `extra` adds or replaces top-level fields."""
    at = at or dt.datetime.now(dt.UTC)
    uid = user_id or new_user_id()
    src: dict[str, Any] = {"type": "user", "userId": uid}
    if source == "group":
        src = {"type": "group", "groupId": "C" + uid[1:], "userId": uid}
    elif source == "room":
        src = {"type": "room", "roomId": "R" + uid[1:], "userId": uid}
    event: dict[str, Any] = {
        "type": kind if kind not in MESSAGE_KINDS else "message",
        "mode": mode,
        "timestamp": int(at.timestamp() * 1000),
        "source": src,
        "webhookEventId": event_id or new_id(),
        "deliveryContext": {"isRedelivery": redelivery},
    }
    if kind not in ("unfollow", "leave", "memberLeft", "unsend"):
        event["replyToken"] = reply_token or new_id("", 32).lower()
    if kind in MESSAGE_KINDS:
        message: dict[str, Any] = {"id": new_id("", 18), "type": kind}
        if kind == "text":
            message.update(text=text, quoteToken=new_id("q", 20))
        elif kind == "sticker":
            message.update(packageId="446", stickerId="1988", stickerResourceType="STATIC", keywords=["hello"])
        elif kind == "location":
            message.update(title="ここ", address="東京都", latitude=35.6, longitude=139.7)
        elif kind == "file":
            message.update(fileName="memo.txt", fileSize=120)
        else:
            message["contentProvider"] = {"type": "line"}
        event["message"] = message
    elif kind == "follow":
        event["follow"] = {"isUnblocked": False}
    elif kind == "postback":
        event["postback"] = {"data": data}
    elif kind == "unsend":
        event["unsend"] = {"messageId": new_id("", 18)}
    elif kind == "memberJoined":
        event["joined"] = {"members": [{"type": "user", "userId": uid}]}
    elif kind == "memberLeft":
        event["left"] = {"members": [{"type": "user", "userId": uid}]}
    event.update(extra)
    return event


def minutes_in(minutes: float) -> dt.datetime:
    """A moment `minutes` into a conversation that began two hours ago (within the retention period, and
    the events of one test in order)."""
    return dt.datetime.now(dt.UTC) - dt.timedelta(hours=2) + dt.timedelta(minutes=minutes)


def one_request_each(intake: Any, channel: str, user: str, texts: tuple[str, ...], start: float = 0,
                     apart: float = 1) -> None:
    """Post her text messages each in a webhook request of its own, as LINE usually sends them, `apart`
    minutes apart from `start` (`minutes_in`); every request must be accepted."""
    for i, text in enumerate(texts):
        event = make_event("text", user_id=user, text=text, at=minutes_in(start + i * apart))
        assert intake.post(channel, event).status_code == 200


def webhook_body(*events: dict[str, Any], destination: str = "U" + "0" * 32) -> bytes:
    """The raw body LINE would POST for these events."""
    return json.dumps({"destination": destination, "events": list(events)}, ensure_ascii=False).encode("utf-8")


def sign(body: bytes, secret: str) -> str:
    """The X-Line-Signature LINE would send with this body."""
    return _sign(body, secret)


@pytest.fixture
def line_fixture_body() -> bytes:
    """LINE's own SDK webhook payload (tests/fixtures/line/, Apache-2.0), as raw bytes."""
    return (Path(__file__).resolve().parents[1] / "fixtures" / "line" / FIXTURE).read_bytes()
