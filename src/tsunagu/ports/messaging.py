"""What the intake needs from the outside: a way to answer on LINE and a way to alert staff."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, runtime_checkable

# What a reply or push came to (see ReplySender.send); "failed" and "unsent" mean LINE did not take it;
# "repeat": LINE had already accepted this push's retry key (sent once before, not again).
SendOutcome = Literal["reply", "push", "failed", "unsent", "skipped", "repeat"]
NOT_SENT: tuple[SendOutcome, ...] = ("failed", "unsent")


@dataclass(frozen=True)
class Alert:
    """A staff alert: which channel, what kind (emergency, review, handoff-phone, ...), when, what an
    emergency is about (its category, never its text), and for an alert about many requests
    (console-unreachable) how many. Nothing else."""

    channel: str
    kind: str
    at: dt.datetime
    count: int | None = None
    category: str | None = None

    def to_json(self) -> dict[str, str | int]:
        """The alert as JSON fields, the same for the local log and SNS."""
        doc: dict[str, str | int] = {"channel": self.channel, "kind": self.kind,
                                     "at": self.at.isoformat(timespec="seconds")}
        if self.count is not None:
            doc["count"] = self.count
        if self.category is not None:
            doc["category"] = self.category
        return doc


class Notifier(Protocol):
    """Tells staff at once; must not raise for a delivery problem it can log instead."""

    def send(self, alert: Alert) -> None:
        """Deliver one alert."""


class ReplySender(Protocol):
    """Answers one person on LINE; the user id is for the push fallback only and is never kept."""

    def send(self, channel: str, reply_token: str | None, user_id: str, messages: Sequence[dict[str, Any]],
             deadline: float | None = None, urgent: bool = False) -> SendOutcome:
        """Send the messages by `deadline` (time.monotonic(); None: the client's own limit per call).

        Returns "reply", "push", "failed", "unsent" (the time ran out first) or "skipped" (the fallback
        push of a reply that is not `urgent` found the month's push quota used up, or LINE refused it
        for quota: 429); failures are logged without user data.
        """


# How long a reply that is not an emergency waits for the person's LINE language (issue 21): the reply
# goes out in the language of her message when LINE has not answered by then.
PROFILE_TIMEOUT_S = 0.3


@runtime_checkable
class ProfileReader(Protocol):
    """Reads the language of a person's LINE profile for one reply; nothing of the profile is kept or logged."""

    def profile_language(self, channel: str, user_id: str, timeout: float = PROFILE_TIMEOUT_S) -> str | None:
        """Her LINE language as a BCP 47 tag; None when LINE gives none, fails, or does not answer within
        `timeout` seconds. Never raises: a reply must not wait or fail for it."""


class PushSender(Protocol):
    """Pushes to one person outside a reply (the retry worker); the user id is used for this call only."""

    def push(self, channel: str, to: str, messages: Sequence[dict[str, Any]], *, urgent: bool = False,
             retry_key: str | None = None) -> SendOutcome:
        """Push the messages; "push", "failed", "unsent", "skipped" (not `urgent`, month's quota used up)
        or "repeat" (LINE had accepted this `retry_key` before).

        LINE sends a push at most once per `retry_key`, however often it is asked (a queue may deliver
        a message twice); an urgent push (an emergency reply) goes whatever the quota.
        """


class LineMessenger(ReplySender, PushSender, Protocol):
    """Replies and pushes: what the intake and the retry worker use (tsunagu.adapters.line.api does both)."""
