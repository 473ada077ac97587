"""What the intake keeps: anonymized records, and nothing that could say who wrote or what was written.

Stored per event (DESIGN.md's privacy model): channel, event kind, JST day and hour, the pseudonym
(keyed hash of the LINE user id), self-declared age band and survey answers when given, the webhook
event id (for exactly-once recording) and an expiry time. Never: user id, display name, message
text, reply token, IP address.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

# follow/unfollow: friend added or blocked; message: a message from a person; age: self-declared age
# band; survey: end-of-chat survey answers; emergency: emergency words seen (the words are not kept);
# handoff: a request for phone, face-to-face or outreach; menu: a rich-menu tap (hours, privacy, ...).
# erasure: a person asked to be forgotten; kept without pseudonym so a redelivery is not answered twice.
RecordKind = Literal["follow", "unfollow", "message", "age", "survey", "emergency", "handoff", "menu", "erasure"]
AGE_BANDS: tuple[str, ...] = ("10s", "20s", "30s", "40s", "50s", "60plus", "no-answer")
SURVEY_QUESTIONS: tuple[str, ...] = ("glad", "again", "easy", "positive")  # 相談してよかった, また相談したい,
# 相談しやすかった, 前向きな気持ちになれた
HandoffKind = Literal["phone", "face", "outreach", "partner"]


@dataclass(frozen=True)
class ContactRecord:
    """One anonymized event of one contact in one channel."""

    event_id: str  # LINE's webhookEventId: the key of the exactly-once write
    channel: str
    kind: RecordKind
    day: dt.date  # JST
    hour: int  # JST, 0-23
    pseudonym: str  # HMAC-SHA256(key, userId), truncated hex; never the user id
    expires_at: int  # Unix seconds; the store drops the record after this (retention)
    age_band: str | None = None
    survey: dict[str, str] = field(default_factory=dict)  # question -> yes/no/skip
    handoff: str | None = None  # HandoffKind for kind == "handoff"
    detail: str | None = None  # a fixed, non-personal label, e.g. the menu action "hours"


@dataclass(frozen=True)
class ScanRecord:
    """One scan of a printed placement's QR code: which placement and which JST day, nothing else."""

    placement: str
    day: dt.date


@dataclass(frozen=True)
class HandoffOutcome:
    """A count of hand-offs staff logged for a day (e.g. 2 people moved to phone counselling)."""

    channel: str
    kind: str  # HandoffKind
    day: dt.date
    count: int
    partner: str | None = None  # id of one of the channel's partner organisations
