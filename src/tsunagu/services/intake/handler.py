"""Decide what each event means (a record, maybe a reply, maybe an alert) and carry it out exactly once.

`plan` is pure: event in, Plan out. `process` applies the plans in order: erase if asked, write the
record (a conditional write: a redelivered event is neither counted nor answered again), claim the
rate-limit marker when the reply is limited, alert staff, then answer. Replies go out event by event,
so events recorded before a storage failure are still answered before the 503; an emergency message
that cannot be recorded is answered and alerted anyway (`answer_emergencies`), before the 503.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from tsunagu.domain.config import Channel, Ward
from tsunagu.domain.intake.detection import detector
from tsunagu.domain.intake.postback import parse_postback
from tsunagu.domain.intake.replies import Replies, text
from tsunagu.domain.intake.webhook import WebhookEvent
from tsunagu.domain.pseudonym import pseudonym
from tsunagu.domain.records import ContactRecord
from tsunagu.domain.schedule import JST, current_slot
from tsunagu.domain.vocabulary import HANDLED_EVENTS
from tsunagu.ports.messaging import NOT_SENT, Alert, Notifier, ReplySender, SendOutcome
from tsunagu.ports.metrics import MetricName
from tsunagu.ports.retry import PendingReply, RetryKind, RetryQueue
from tsunagu.ports.store import Store, StoreUnavailable

log = logging.getLogger("tsunagu.services.intake")

# At most one out-of-hours reply per contact per 3 hours (issue 5), so a person writing many lines at
# night is not answered with the same text each time.
OUT_OF_HOURS_INTERVAL = 3 * 3600
DAY = 86400
# How long an event older than the retention period is remembered as answered (see _late_claimed).
LATE_MARKER_S = 30 * DAY


@dataclass(frozen=True)
class Plan:
    """What one event leads to."""

    record: ContactRecord
    messages: tuple[dict[str, Any], ...] = ()
    limit: tuple[str, int, int] | None = None  # (marker key, interval, expires_at): reply only if claimed
    alert: Alert | None = None  # the staff alert, sent once the record is written
    erase: str | None = None  # pseudonym to erase before recording
    retry: RetryKind | None = None  # pushed later through the retry queue if the reply does not go out

    @property
    def emergency(self) -> bool:
        """An emergency message: alerted and answered even unrecorded, its push sent whatever the quota."""
        return self.record.kind == "emergency"


@dataclass(frozen=True)
class Report:
    """What happened to one request's events, for the status code and the simulator's summary."""

    recorded: int = 0
    duplicates: int = 0
    ignored: int = 0
    replies: dict[str, int] = field(default_factory=dict)  # reply / push / failed / unsent / skipped / queued / lost
    emergencies: int = 0  # staff alerted of an emergency message

    def counts(self) -> dict[MetricName, int]:
        """The metrics of this request (counts only)."""
        r = self.replies
        return {"EventsRecorded": self.recorded, "EventsDuplicate": self.duplicates, "RepliesSent": r.get("reply", 0),
                "RepliesFailed": r.get("failed", 0), "RepliesUnsent": r.get("unsent", 0),
                "RepliesQueued": r.get("queued", 0), "RepliesLost": r.get("lost", 0), "PushesSent": r.get("push", 0),
                "PushesSkippedQuota": r.get("skipped", 0), "EmergencyAlerts": self.emergencies}


def marker_key(channel: str, contact: str, purpose: str) -> str:
    """A rate-limit marker key, "channel:pseudonym:purpose" (the stores erase a person's markers by prefix)."""
    return f"{channel}:{contact}:{purpose}"


def plan(event: WebhookEvent, ward: Ward, channel: Channel, key: bytes) -> Plan | None:
    """What this event leads to, or None when it is ignored (groups, rooms, unknown types and postbacks)."""
    if not event.from_person or event.type not in HANDLED_EVENTS:
        return None
    at = dt.datetime.fromtimestamp(event.timestamp_ms / 1000, JST)
    now = event.timestamp_ms // 1000
    contact = pseudonym(key, event.user_id or "")
    base = ContactRecord(event_id=event.event_id, channel=channel.id, kind=event.type, day=at.date(),
                         hour=at.hour, pseudonym=contact, expires_at=now + ward.retention_days * DAY, at=now)
    say = Replies.of(ward, channel)
    if event.type == "follow":
        # A follow after a block is marked, so the report can tell new friends from returning ones.
        return Plan(replace(base, detail="unblocked" if event.unblocked else None), tuple(say.greeting(at)),
                    retry="greeting")
    if event.type == "unfollow":
        return Plan(base)
    if event.type == "postback":
        return _postback_plan(event, base, say, at)
    message_text = event.text if event.message_type == "text" else None
    # Patterns are compiled on the first text message, not at import: a cold start pays nothing for them.
    said = detector(ward.emergency_patterns, ward.emergency_exceptions).classify(message_text) \
        if message_text is not None else None
    if said == "deletion":
        # Erasure cannot be undone: ask first. Only the confirming button (action=erase&confirm=yes) erases.
        return Plan(replace(base, kind="menu", detail="erase-asked"), tuple(say.deletion_confirm()))
    if said == "emergency":
        return Plan(replace(base, kind="emergency"), tuple(say.emergency()), alert=Alert(channel.id, "emergency", at),
                    retry="emergency")
    slot = current_slot(channel, at)
    if slot is None:
        return Plan(base, tuple(say.out_of_hours(at)),
                    limit=(marker_key(channel.id, contact, "out-of-hours"), OUT_OF_HOURS_INTERVAL,
                           now + OUT_OF_HOURS_INTERVAL))
    # One acknowledgement per session: claim() re-sets a marker at least `interval` seconds old, and
    # one set before this slot began is exactly the one older than (time since it began + 1 s).
    since_open = max(0, now - int(slot.start.timestamp())) + 1
    return Plan(base, tuple(say.acknowledgement()),
                limit=(marker_key(channel.id, contact, "session"), since_open, int(slot.end.timestamp())))


def _postback_plan(event: WebhookEvent, base: ContactRecord, say: Replies, at: dt.datetime) -> Plan | None:
    pb = parse_postback(event.postback_data or "")
    if pb is None:
        return None
    if pb.action == "age":
        return Plan(replace(base, kind="age", age_band=pb.band), tuple(say.age_thanks()))
    if pb.action == "survey" and pb.question is None:
        return Plan(replace(base, kind="menu", detail="survey"), tuple(say.survey_question("glad", intro=True)))
    if pb.action == "survey" and pb.question and pb.answer:
        return Plan(replace(base, kind="survey", survey={pb.question: pb.answer}), tuple(say.survey_next(pb.question)))
    if pb.action == "status":
        if not say.channel.status_question:  # not asked here: a stray or forged button
            return None
        return Plan(replace(base, kind="status", detail=pb.status), tuple(say.status_thanks()))
    if pb.action == "reason":
        if pb.reason not in {r.id for r in say.channel.reasons}:
            return None
        return Plan(replace(base, kind="reason", detail=pb.reason), tuple(say.reason_chosen()))
    if pb.action == "reasons-done":
        return Plan(replace(base, kind="menu", detail="reasons-done"), tuple(say.survey_thanks()))
    if pb.action == "erase":
        if pb.confirm == "yes":
            # Kept without pseudonym, so a redelivered confirmation is neither erased again nor answered twice.
            return Plan(replace(base, kind="erasure", pseudonym=""), tuple(say.deletion_done()), erase=base.pseudonym)
        return Plan(replace(base, kind="menu", detail="erase-cancelled"), tuple(say.deletion_cancelled()))
    if pb.action == "handoff" and pb.kind:
        if pb.kind == "outreach" and not say.channel.outreach:
            return Plan(replace(base, kind="menu", detail="outreach-unavailable"), tuple(say.handoff_unavailable()))
        return Plan(replace(base, kind="handoff", handoff=pb.kind), tuple(say.handoff(pb.kind, at)),
                    alert=Alert(base.channel, f"handoff-{pb.kind}", at), retry="handoff")
    menus = {"hours": lambda: [text(say.hours(at))], "emergency": say.emergency, "privacy": say.privacy,
             "specialist": lambda: say.specialist(at)}
    return Plan(replace(base, kind="menu", detail=pb.action), tuple(menus[pb.action]()))


def process(events: Sequence[WebhookEvent], ward: Ward, channel: Channel, key: bytes, store: Store,
            line: Callable[[], ReplySender], notifier: Callable[[], Notifier], deadline: float | None = None,
            now: int | None = None, retry_queue: Callable[[], RetryQueue] | None = None) -> Report:
    """Record every event exactly once and answer the new ones; StoreUnavailable after answering earlier ones
    and every emergency among the rest.

    Replies stop at `deadline` (time.monotonic()): one not sent by then is counted as "unsent" and logged.
    `now` (Unix seconds, default the clock) tells events older than the retention period.
    An emergency, hand-off or greeting reply that failed or went unsent is put on the retry queue.
    """
    now = int(time.time()) if now is None else now
    recorded = duplicates = ignored = emergencies = 0
    replies: dict[str, int] = {}
    for i, event in enumerate(events):
        p = plan(event, ward, channel, key)
        if p is None:
            ignored += 1
            continue
        if p.record.expires_at <= now:
            # Older than the retention period: stored, it would be expired at once and every redelivery
            # counted and answered again. Not recorded; answered at most once (`_late_claimed`).
            if not _late_claimed(store, p, event, now):
                duplicates += 1
                continue
        else:
            try:
                if p.erase:
                    # Only what came before the request; the tombstone keeps her older events out.
                    store.erase_contact(channel.id, p.erase, up_to=p.record.at, tombstone_until=p.record.expires_at)
                fresh = store.record(p.record)
            except StoreUnavailable:
                answer_emergencies(events[i:], ward, channel, key, line, notifier, deadline)
                raise
            if not fresh:
                duplicates += 1
                continue
            recorded += 1
            if p.alert and _alert(notifier, p.alert):
                emergencies += p.emergency
        if not p.messages or event.mode != "active" or not _claimed(store, p, event):
            continue
        outcome = _reply(line, channel.id, event, p.messages, deadline, urgent=p.emergency)
        replies[outcome] = replies.get(outcome, 0) + 1
        if outcome in NOT_SENT and p.retry and event.user_id and retry_queue is not None:
            queued = _queue(retry_queue, PendingReply(channel.id, event.user_id, p.messages, p.retry))
            replies[queued] = replies.get(queued, 0) + 1
    return Report(recorded, duplicates, ignored, replies, emergencies)


def _queue(retry_queue: Callable[[], RetryQueue], pending: PendingReply) -> str:
    try:
        retry_queue().put(pending)
        log.info("%s reply queued for a push: channel %s", pending.kind, pending.channel)
        return "queued"
    except Exception as exc:  # the event is recorded; the alert (if any) went out: log and count the loss
        log.error("%s reply lost: channel %s: the retry queue refused it (%s)", pending.kind, pending.channel,
                  type(exc).__name__)
        return "lost"


def answer_emergencies(events: Sequence[WebhookEvent], ward: Ward, channel: Channel, key: bytes,
                       line: Callable[[], ReplySender], notifier: Callable[[], Notifier],
                       deadline: float | None = None) -> int:
    """Alert staff and answer every emergency among events that cannot be recorded now; how many there were.

    Storage is down, so the request ends in a 503 and LINE redelivers: she must not wait for that. The
    redelivery, once recorded, alerts and answers again; for an emergency, twice is better than late.
    """
    answered = 0
    for event in events:
        p = plan(event, ward, channel, key)
        if p is None or not p.emergency or p.alert is None:
            continue
        answered += 1
        _alert(notifier, p.alert)
        if event.mode == "active":
            _reply(line, channel.id, event, p.messages, deadline, urgent=True)
    if answered:
        log.warning("storage unavailable: %d emergency message(s) answered and alerted before the 503", answered)
    return answered


def _late_claimed(store: Store, p: Plan, event: WebhookEvent, now: int) -> bool:
    """Claim the once-only marker of an event older than the retention period; True for the first delivery.

    The marker is keyed on the event id, in her marker space (an erasure removes it), and lasts
    LATE_MARKER_S from its first delivery: far longer than LINE goes on redelivering an event.
    """
    contact = p.erase or p.record.pseudonym
    key = marker_key(p.record.channel, contact, f"late-{event.event_id}")
    return store.claim(key, now, LATE_MARKER_S, now + LATE_MARKER_S)


def _claimed(store: Store, p: Plan, event: WebhookEvent) -> bool:
    if p.limit is None:
        return True
    key, interval, expires_at = p.limit
    try:
        return store.claim(key, event.timestamp_ms // 1000, interval, expires_at)
    except StoreUnavailable:
        # The event is already recorded; answering twice is better than leaving her unanswered.
        log.warning("rate-limit marker unavailable; replying anyway", extra={"channel": p.record.channel})
        return True


def _alert(notifier: Callable[[], Notifier], alert: Alert) -> bool:
    """Alert staff; False (logged) when the alert could not be sent, so it is not counted as sent."""
    try:
        notifier().send(alert)
    except Exception as exc:  # an alert problem must not lose the event: it is recorded already
        log.error("staff alert failed: %s %s: %s", alert.channel, alert.kind, type(exc).__name__)
        return False
    return True


def _reply(line: Callable[[], ReplySender], channel: str, event: WebhookEvent, messages: Sequence[dict],
           deadline: float | None = None, urgent: bool = False) -> SendOutcome:
    timeout = None if deadline is None else deadline - time.monotonic()
    if timeout is not None and timeout <= 0:
        log.warning("reply unsent: channel %s: the webhook's time for replies is spent", channel)
        return "unsent"
    try:
        return line().send(channel, event.reply_token, event.user_id or "", messages, timeout=timeout, urgent=urgent)
    except Exception as exc:  # a reply problem must not fail the request: the event is recorded
        log.error("reply failed: channel %s: %s", channel, type(exc).__name__)
        return "failed"
