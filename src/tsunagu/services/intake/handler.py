"""Decide what each event means (a record, maybe a reply, maybe an alert) and carry it out exactly once.

`plan` is pure: event in, Plan out; each event is planned once per request. `process` applies the plans:

1. An emergency message gets its reply with the numbers first, before any write or alert: a slow or
   failing store or alert service must not keep them from her. (A redelivered one is checked first:
   its reply may have gone out already; if the store cannot say, it is answered again.)
2. Each event is recorded with a conditional write: a redelivered event is neither counted nor
   answered again, unless it was recorded but its reply or alert never went out (the answered marker).
3. Staff are alerted (a hand-off at most once per person, kind and day), then the reply is built and
   sent, once the record and the rate-limit claim succeed. A reply or an alert that does not go out is
   put on the retry queue.

When storage fails, the emergencies not yet recorded are alerted (their replies went first) before
the 503; LINE then redelivers.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from tsunagu.domain.config import Channel, Ward
from tsunagu.domain.console import who_answers
from tsunagu.domain.intake.detection import detector
from tsunagu.domain.intake.postback import parse_postback
from tsunagu.domain.intake.replies import Message, Moment, Replies, message_language, text
from tsunagu.domain.intake.webhook import WebhookEvent
from tsunagu.domain.operations import NO_OVERLAY, Overlay
from tsunagu.domain.pseudonym import pseudonym
from tsunagu.domain.records import ContactRecord
from tsunagu.domain.schedule import JST
from tsunagu.domain.vocabulary import HANDLED_EVENTS, RecordKind
from tsunagu.ports.messaging import NOT_SENT, Alert, Notifier, ReplySender, SendOutcome
from tsunagu.ports.metrics import MetricName
from tsunagu.ports.retry import Pending, PendingAlert, PendingReply, RetryKind, RetryQueue
from tsunagu.ports.store import Store, StoreUnavailable
from tsunagu.services.intake.language import in_their_language

log = logging.getLogger("tsunagu.services.intake")

# At most one out-of-hours reply per contact per 3 hours (issue 5), so a person writing many lines at
# night is not answered with the same text each time.
OUT_OF_HOURS_INTERVAL = 3 * 3600
DAY = 86400
# How long an event older than the retention period is remembered as answered (see _late_claimed), and
# how long the answered marker of a recorded event lasts: far longer than LINE goes on redelivering.
LATE_MARKER_S = 30 * DAY

Build = Callable[[], list[Message]]


@dataclass(frozen=True)
class Plan:
    """What one event leads to; the reply is built only when it is to be sent."""

    record: ContactRecord
    reply: Build | None = None
    limit: tuple[str, int, int] | None = None  # (marker key, interval, expires_at): reply only if claimed
    alert: Alert | None = None  # the staff alert, sent once the record is written
    erase: str | None = None  # pseudonym to erase before recording
    retry: RetryKind | None = None  # pushed later through the retry queue if the reply does not go out
    push: bool = False  # sent by push, the reply token left to the counselling console that owns the event

    @property
    def emergency(self) -> bool:
        """An emergency message: answered first, alerted even unrecorded, its push sent whatever the quota."""
        return self.record.kind == "emergency"

    @property
    def marked(self) -> bool:
        """Its reply and alert matter enough to keep an answered marker: a redelivery finds one that never went out."""
        return self.retry is not None


@dataclass(frozen=True)
class Report:
    """What happened to one request's events, for the status code and the simulator's summary."""

    recorded: int = 0
    duplicates: int = 0
    ignored: int = 0
    replies: dict[str, int] = field(default_factory=dict)  # reply / push / failed / unsent / skipped / queued / lost
    emergencies: int = 0  # staff alerted of an emergency message
    alerts: dict[str, int] = field(default_factory=dict)  # sent / queued / lost / once-a-day

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


def plan(event: WebhookEvent, ward: Ward, channel: Channel, key: bytes, overlay: Overlay = NO_OVERLAY,
         language: str | None = None) -> Plan | None:
    """What this event leads to, or None when it is ignored (groups, rooms, unknown types and postbacks).

    `overlay` is the channel's same-day operations (closures, extra sessions, notice, busy). With a
    counselling console (`channel.console`), the console answers what it owns (domain.console.who_answers):
    tsunagu then records, detects and alerts but never uses the reply token, and sends an emergency's
    numbers by push. `language`: the reply's (services.intake.language); None: the message's.
    """
    if not event.from_person or event.type not in HANDLED_EVENTS:
        return None
    at = dt.datetime.fromtimestamp(event.timestamp_ms / 1000, JST)
    now = event.timestamp_ms // 1000
    contact = pseudonym(key, event.user_id or "")
    kind: RecordKind = "menu" if event.type == "postback" else event.type  # every postback plan sets its kind
    base = ContactRecord(event_id=event.event_id, channel=channel.id, kind=kind, day=at.date(),
                         hour=at.hour, pseudonym=contact, expires_at=now + ward.retention_days * DAY, at=now)
    say = Replies.of(ward, channel, language or message_language(event, ward))
    if event.type == "follow":
        # A follow after a block is marked, so the report can tell new friends from returning ones.
        followed = replace(base, detail="unblocked" if event.unblocked else None)
        if who_answers(channel.console, "follow", False, True) == "console":
            return Plan(followed)
        return Plan(followed, lambda: say.greeting(at, overlay), retry="greeting")
    if event.type == "unfollow":
        return Plan(base)
    if event.type == "postback":
        return _postback_plan(event, base, say, at, overlay)
    message_text = event.text if event.message_type == "text" else None
    # Patterns are compiled on the first text message, not at import: a cold start pays nothing for them.
    said = detector(ward.emergency_patterns, ward.emergency_exceptions).classify(message_text) \
        if message_text is not None else None
    if said == "deletion":
        # Erasure cannot be undone: ask first. Only the confirming button (action=erase&confirm=yes) erases.
        return Plan(replace(base, kind="menu", detail="erase-asked"), say.deletion_confirm)
    # The schedule, once for this event; an emergency without a console needs none before its reply.
    moment = Moment.of(channel, at, overlay) if said != "emergency" or channel.console is not None else None
    console_answers = moment is not None and who_answers(channel.console, "message", False,
                                                         moment.current is not None) == "console"
    if said == "emergency":
        return Plan(replace(base, kind="emergency"), say.emergency, alert=Alert(channel.id, "emergency", at),
                    retry="emergency", push=console_answers)
    assert moment is not None
    if console_answers:  # the counsellors answer in their console: recorded and forwarded, no reply here
        return Plan(base)
    if moment.current is None:
        return Plan(base, lambda: say.out_of_hours(moment),
                    limit=(marker_key(channel.id, contact, "out-of-hours"), OUT_OF_HOURS_INTERVAL,
                           now + OUT_OF_HOURS_INTERVAL))
    # One acknowledgement per session: claim() re-sets a marker at least `interval` seconds old, and
    # one set before this slot began is exactly the one older than (time since it began + 1 s).
    slot = moment.current
    since_open = max(0, now - int(slot.start.timestamp())) + 1
    return Plan(base, lambda: say.acknowledgement(moment),
                limit=(marker_key(channel.id, contact, "session"), since_open, int(slot.end.timestamp())))


def _postback_plan(event: WebhookEvent, base: ContactRecord, say: Replies, at: dt.datetime,
                   overlay: Overlay) -> Plan | None:
    pb = parse_postback(event.postback_data or "")
    if pb is None:
        return None
    if pb.action == "age":
        return Plan(replace(base, kind="age", age_band=pb.band), say.age_thanks)
    if pb.action == "survey" and pb.question is None:
        return Plan(replace(base, kind="menu", detail="survey"), lambda: say.survey_question("glad", intro=True))
    if pb.action == "survey" and pb.question and pb.answer:
        question = pb.question
        return Plan(replace(base, kind="survey", survey={question: pb.answer}), lambda: say.survey_next(question))
    if pb.action == "status":
        if not say.channel.status_question:  # not asked here: a stray or forged button
            return None
        return Plan(replace(base, kind="status", detail=pb.status), say.status_thanks)
    if pb.action == "reason":
        if pb.reason not in {r.id for r in say.channel.reasons}:
            return None
        return Plan(replace(base, kind="reason", detail=pb.reason), say.reason_chosen)
    if pb.action == "reasons-done":
        return Plan(replace(base, kind="menu", detail="reasons-done"), say.survey_thanks)
    if pb.action == "erase":
        if pb.confirm == "yes":
            # Kept without pseudonym, so a redelivered confirmation is neither erased again nor answered twice.
            return Plan(replace(base, kind="erasure", pseudonym=""), say.deletion_done, erase=base.pseudonym)
        return Plan(replace(base, kind="menu", detail="erase-cancelled"), say.deletion_cancelled)
    if pb.action == "handoff" and pb.kind:
        if pb.kind == "outreach" and not say.channel.outreach:
            return Plan(replace(base, kind="menu", detail="outreach-unavailable"), say.handoff_unavailable)
        kind = pb.kind
        return Plan(replace(base, kind="handoff", handoff=kind),
                    lambda: say.handoff(kind, Moment.of(say.channel, at, overlay)),
                    alert=Alert(base.channel, f"handoff-{kind}", at), retry="handoff")
    menus: dict[str, Build] = {"hours": lambda: [text(say.hours(at, overlay))], "emergency": say.emergency,
                               "privacy": say.privacy, "specialist": lambda: say.specialist(at)}
    return Plan(replace(base, kind="menu", detail=pb.action), menus[pb.action])


def process(events: Sequence[WebhookEvent], ward: Ward, channel: Channel, key: bytes,
            store: Store | Callable[[], Store],
            line: Callable[[], ReplySender], notifier: Callable[[], Notifier], deadline: float | None = None,
            now: int | None = None, retry_queue: Callable[[], RetryQueue] | None = None,
            overlay: Overlay = NO_OVERLAY) -> Report:
    """Answer emergencies first, record every event exactly once and answer the new ones; StoreUnavailable
    after answering earlier ones and alerting every emergency among the rest.

    `store` may be a builder, called when the first write is due: a store that cannot be opened then
    still lets the emergency replies out first. Replies stop at `deadline` (time.monotonic(), the
    webhook's one budget): one not sent by then is "unsent" and logged. `now` (Unix seconds, default
    the clock) tells events older than the retention period. An emergency, hand-off or greeting reply,
    or a staff alert, that did not go out is put on the retry queue.
    """
    run = _Run(channel.id, store, line, notifier, retry_queue, deadline, int(time.time()) if now is None else now)
    plans = [(e, in_their_language(functools.partial(plan, e, ward, channel, key, overlay), e, channel.id, line,
                                   deadline)) for e in events]
    # The numbers before any write or alert: what each first reply came to (sent or queued: True).
    first = {i: run.reply(p, event) for i, (event, p) in enumerate(plans)
             if p is not None and p.emergency and not event.redelivery}
    for i, (event, p) in enumerate(plans):
        if p is None:
            run.ignored += 1
            continue
        try:
            fresh = run.store_event(p, event)
        except StoreUnavailable:
            run.unrecorded([(e, q, j in first) for j, (e, q) in enumerate(plans) if j >= i and q and q.emergency])
            raise
        if not fresh:
            run.duplicates += 1
            if not (p.marked and fresh is False and run.claim_answered(p, event)):
                continue
            log.warning("%s: a redelivered %s event was recorded but not answered: answering now", channel.id,
                        p.record.kind)
        done = run.alert(p) if p.alert else True
        done = (first[i] if i in first else run.reply(p, event)) and done
        if fresh and p.marked and done:
            run.claim_answered(p, event)
    return run.report()


class _Run:
    """One request's calls and counts."""

    def __init__(self, channel: str, store: Store | Callable[[], Store], line: Callable[[], ReplySender],
                 notifier: Callable[[], Notifier], retry_queue: Callable[[], RetryQueue] | None, deadline: float | None,
                 now: int) -> None:
        self._store, self.channel, self.line, self.notifier = store, channel, line, notifier
        self.retry_queue, self.deadline, self.now = retry_queue, deadline, now
        self.recorded = self.duplicates = self.ignored = self.emergencies = 0
        self.replies: dict[str, int] = {}
        self.alerts: dict[str, int] = {}
        self._claims: dict[str, bool] = {}  # event id -> the rate-limit claim made with its record

    @property
    def store(self) -> Store:
        """The store (opened by its builder on first use: StoreUnavailable when it cannot be)."""
        return self._store if isinstance(self._store, Store) else self._store()

    def report(self) -> Report:
        return Report(self.recorded, self.duplicates, self.ignored, self.replies, self.emergencies, self.alerts)

    def store_event(self, p: Plan, event: WebhookEvent) -> bool | None:
        """Record the event: True when new, False when already recorded, None for an old event seen before."""
        if p.record.expires_at <= self.now:
            # Older than the retention period: stored, it would be expired at once and every redelivery
            # counted and answered again. Not recorded; answered at most once (`_late_claimed`).
            return True if _late_claimed(self.store, p, event, self.now) else None
        if p.erase:
            # Only what came before the request; the tombstone keeps her older events out.
            self.store.erase_contact(self.channel, p.erase, up_to=p.record.at, tombstone_until=p.record.expires_at)
        claim = None
        if p.limit is not None and event.mode == "active":  # the reply's claim rides on the record's write
            key, interval, expires_at = p.limit
            claim = (key, event.timestamp_ms // 1000, interval, expires_at)
        fresh, claimed = self.store.record_claiming(p.record, claim)
        if claim is not None:
            self._claims[event.event_id] = claimed
        self.recorded += fresh
        return fresh

    def _answered_key(self, p: Plan, event: WebhookEvent) -> str:
        return marker_key(self.channel, p.erase or p.record.pseudonym, f"answered-{event.event_id}")

    def claim_answered(self, p: Plan, event: WebhookEvent) -> bool:
        """Set the event's answered marker (a flag keyed by event id, nothing else); True when this call set it."""
        try:
            return self.store.claim(self._answered_key(p, event), self.now, LATE_MARKER_S, self.now + LATE_MARKER_S)
        except StoreUnavailable as exc:  # the event is recorded: a redelivery would answer it again at worst
            log.warning("%s: answered marker not kept (%s)", self.channel, exc)
            return False

    def reply(self, p: Plan, event: WebhookEvent) -> bool:
        """Build and send the reply if it is to be sent; True when it went out, was queued, or none was due."""
        if p.reply is None or event.mode != "active" or not self._claimed(p, event):
            return True
        messages = tuple(p.reply())
        outcome = _reply(self.line, self.channel, event, messages, self.deadline, urgent=p.emergency, push=p.push)
        self._count(self.replies, outcome)
        if outcome not in NOT_SENT:
            return True
        if p.retry and event.user_id:
            return self._queue(self.replies, PendingReply(self.channel, event.user_id, messages, p.retry))
        return False

    def _claimed(self, p: Plan, event: WebhookEvent) -> bool:
        """The reply's rate-limit claim (the store is not touched for a reply without one)."""
        if p.limit is None:
            return True
        if event.event_id in self._claims:
            return self._claims[event.event_id]
        key, interval, expires_at = p.limit
        try:
            return self.store.claim(key, event.timestamp_ms // 1000, interval, expires_at)
        except StoreUnavailable:
            # The event is already recorded; answering twice is better than leaving her unanswered.
            log.warning("rate-limit marker unavailable; replying anyway", extra={"channel": p.record.channel})
            return True

    def alert(self, p: Plan) -> bool:
        """Alert staff (a hand-off once per person, kind and day); True when sent, queued or already sent today."""
        assert p.alert is not None
        if not p.emergency and not self._first_today(p, p.alert):
            self._count(self.alerts, "once-a-day")
            return True
        try:
            self.notifier().send(p.alert)
        except Exception as exc:  # an alert problem must not lose the event: queue it
            log.error("staff alert failed: %s %s: %s", p.alert.channel, p.alert.kind, type(exc).__name__)
            return self._queue(self.alerts, PendingAlert(p.alert))
        self._count(self.alerts, "sent")
        self.emergencies += p.emergency
        return True

    def _first_today(self, p: Plan, alert: Alert) -> bool:
        """Claim the (pseudonym, kind, JST day) alert marker; True for the first request of the day."""
        key = marker_key(self.channel, p.record.pseudonym, f"alert-{alert.kind}-{p.record.day.isoformat()}")
        try:
            return self.store.claim(key, self.now, 2 * DAY, self.now + 2 * DAY)
        except StoreUnavailable:  # better a second alert than none
            return True

    def unrecorded(self, emergencies: list[tuple[WebhookEvent, Plan, bool]]) -> None:
        """Storage is down: alert every emergency not recorded yet, and answer those not answered first."""
        for event, p, answered in emergencies:
            if not answered:
                self.reply(p, event)
            self.alert(p)
        if emergencies:
            log.warning("storage unavailable: %d emergency message(s) before the 503: replies %s, staff alerts %s",
                        len(emergencies), self.replies, self.alerts)

    def _queue(self, counts: dict[str, int], pending: Pending) -> bool:
        what = "reply" if isinstance(pending, PendingReply) else "staff alert"
        if self.retry_queue is None:
            log.error("%s %s lost: channel %s: no retry queue", pending.kind, what, pending.channel)
            self._count(counts, "lost")
            return False
        try:
            self.retry_queue().put(pending)
        except Exception as exc:  # the event is recorded: log and count the loss
            log.error("%s %s lost: channel %s: the retry queue refused it (%s)", pending.kind, what, pending.channel,
                      type(exc).__name__)
            self._count(counts, "lost")
            return False
        log.info("%s queued: %s: channel %s", what, pending.kind, pending.channel)
        self._count(counts, "queued")
        return True

    @staticmethod
    def _count(counts: dict[str, int], outcome: str) -> None:
        counts[outcome] = counts.get(outcome, 0) + 1


def _late_claimed(store: Store, p: Plan, event: WebhookEvent, now: int) -> bool:
    """Claim the once-only marker of an event older than the retention period; True for the first delivery.

    The marker is keyed on the event id, in her marker space (an erasure removes it), and lasts
    LATE_MARKER_S from its first delivery: far longer than LINE goes on redelivering an event.
    """
    contact = p.erase or p.record.pseudonym
    key = marker_key(p.record.channel, contact, f"late-{event.event_id}")
    return store.claim(key, now, LATE_MARKER_S, now + LATE_MARKER_S)


def _reply(line: Callable[[], ReplySender], channel: str, event: WebhookEvent, messages: Sequence[Message],
           deadline: float | None = None, urgent: bool = False, push: bool = False) -> SendOutcome:
    if deadline is not None and deadline <= time.monotonic():
        log.warning("reply unsent: channel %s: the webhook's time for replies is spent", channel)
        return "unsent"
    try:
        token = None if push else event.reply_token  # push: the token is the console's to use
        return line().send(channel, token, event.user_id or "", messages, deadline=deadline, urgent=urgent)
    except Exception as exc:  # a reply problem must not fail the request
        log.error("reply failed: channel %s: %s", channel, type(exc).__name__)
        return "failed"
