"""Fakes for the console tests: counters, an alert sink, a settable clock, and LINE bodies as LINE writes them."""

from __future__ import annotations

import json

from tsunagu.ports.messaging import Alert

SECRET = "0123456789abcdef0123456789abcdef"
CHANNEL = "kita-women"


class Counts:
    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def count(self, counts, dimension) -> None:
        for name, n in counts.items():
            self.counts[name] = self.counts.get(name, 0) + n


class Alerts:
    def __init__(self) -> None:
        self.sent: list[Alert] = []

    def send(self, alert: Alert) -> None:
        self.sent.append(alert)


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def line_body(user: str, n: int, text: str = "こんにちは") -> bytes:
    """A LINE webhook body as LINE writes it (compact JSON, non-ASCII escaped or not: bytes are what count)."""
    event = {"type": "message", "mode": "active", "timestamp": 1_700_000_000_000 + n,
             "source": {"type": "user", "userId": user}, "webhookEventId": f"01H{user}{n:06d}",
             "deliveryContext": {"isRedelivery": False}, "replyToken": f"rt{n}",
             "message": {"id": str(n), "type": "text", "text": f"{text} {n}"}}
    return json.dumps({"destination": "Ubot", "events": [event]}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")
