"""What the intake keeps: anonymized records, and nothing that could say who wrote or what was written.

Stored per event (DESIGN.md's privacy model): channel, event kind, JST day and hour, the pseudonym
(keyed hash of the LINE user id), self-declared age band, survey answers, status and reasons when
given, the event time, the webhook event id (for exactly-once recording) and an expiry time. Never:
user id, display name, message text, reply token, IP address.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tsunagu.domain.vocabulary import AgeBand, HandoffKind, RecordKind, RequestedHandoff, SurveyAnswer, SurveyQuestion

# Scans of a placement over its daily ceiling are counted under its id plus this suffix (ids hold no '#').
OVER_CEILING = "#over"

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
    age_band: AgeBand | None = None
    survey: dict[SurveyQuestion, SurveyAnswer] = field(default_factory=dict)
    handoff: RequestedHandoff | None = None  # for kind == "handoff"
    detail: str | None = None  # a fixed, non-personal label: the menu action "hours", a status, a reason id
    at: int = 0  # Unix seconds of the event (erasure removes records up to its own time); 0: not known


@dataclass(frozen=True)
class ScanRecord:
    """One scan of a printed placement's QR code: which placement and which JST day, nothing else."""

    placement: str
    day: dt.date


@dataclass(frozen=True)
class HandoffOutcome:
    """A count of hand-offs staff logged for a day (e.g. 2 people moved to phone counselling)."""

    channel: str
    kind: HandoffKind
    day: dt.date
    count: int
    partner: str | None = None  # id of one of the channel's partner organisations


@dataclass(frozen=True)
class ActivityEntry:
    """A count staff logged for one of a ward's activities on a day (e.g. 500 packs handed out at city hall)."""

    ward: str
    activity: str  # id of one of the ward's `activities`
    day: dt.date
    measure: str  # id of one of the activity's measures, e.g. packs, sessions, participants
    count: int
    item: str | None = None  # the place or kind the count is for, when the activity is broken down
