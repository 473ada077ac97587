"""Carry out what each event means (`planning.plan`: a record, maybe a reply, maybe an alert) exactly once.

Each event is planned once per request. `process` applies the plans:

1. An emergency message gets its reply with the numbers first, before any write or alert: a slow or
   failing store or alert service must not keep them from her. (A redelivered one is checked first:
   its reply may have gone out already; if the store cannot say, it is answered again.) Its staff
   alert then goes out on a thread of its own while the first record is written: a hanging store does
   not keep staff waiting either, nor a hanging alert service the write.
2. Each event is recorded with a conditional write: a redelivered event is neither counted nor
   answered again, unless it was recorded but its reply or alert never went out (the answered marker).
3. Staff are alerted (a hand-off at most once per person, kind and day), then the reply is built and
   sent, once the record and the rate-limit claim succeed. A reply or an alert that does not go out is
   put on the retry queue.

When storage fails, the emergencies not yet recorded are alerted (their replies went first) before
the 503; LINE then redelivers.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tsunagu.domain.config import Channel, Ward
from tsunagu.domain.intake.concern import CONCERN_ALERT_AT, CONCERN_WINDOW_S, carried, evidence_adds_up
from tsunagu.domain.intake.fragments import FRAGMENT_WINDOW_S
from tsunagu.domain.intake.replies import Message
from tsunagu.domain.intake.webhook import WebhookEvent
from tsunagu.domain.operations import NO_OVERLAY, Overlay
from tsunagu.ports.messaging import NOT_SENT, Alert, Notifier, ReplySender, SendOutcome
from tsunagu.ports.metrics import MetricName
from tsunagu.ports.retry import Pending, PendingAlert, PendingReply, RetryQueue
from tsunagu.ports.store import Store, StoreUnavailable
from tsunagu.services.intake.language import in_their_language
from tsunagu.services.intake.planning import DAY, Plan, marker_key, plan

log = logging.getLogger("tsunagu.services.intake")

# How long an event older than the retention period is remembered as answered (see _late_claimed), and
# how long the answered marker of a recorded event lasts: far longer than LINE goes on redelivering.
LATE_MARKER_S = 30 * DAY


@dataclass(frozen=True)
class Report:
    """What happened to one request's events, for the status code and the simulator's summary."""

    recorded: int = 0
    duplicates: int = 0
    ignored: int = 0
    replies: dict[str, int] = field(default_factory=dict)  # reply / push / failed / unsent / skipped / queued / lost
    emergencies: int = 0  # staff alerted of an emergency message
    alerts: dict[str, int] = field(default_factory=dict)  # sent / queued / lost / once-a-day
    reviews: int = 0  # low-priority review notes sent (a match that context demoted)

    def counts(self) -> dict[MetricName, int]:
        """The metrics of this request (counts only)."""
        r = self.replies
        return {"EventsRecorded": self.recorded, "EventsDuplicate": self.duplicates, "RepliesSent": r.get("reply", 0),
                "RepliesFailed": r.get("failed", 0), "RepliesUnsent": r.get("unsent", 0),
                "RepliesQueued": r.get("queued", 0), "RepliesLost": r.get("lost", 0), "PushesSent": r.get("push", 0),
                "PushesSkippedQuota": r.get("skipped", 0), "EmergencyAlerts": self.emergencies,
                "ReviewNotes": self.reviews}


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
    plans = _plans(events, ward, channel, key, overlay, line, deadline)
    # The numbers before any write or alert: what each first reply came to (sent or queued: True).
    first = {i: run.reply(p, event) for i, (event, p) in enumerate(plans)
             if p is not None and p.emergency and not event.redelivery}
    # Staff hear of those while the first record is written (each waits out its own timeout, not the other's).
    early = _EarlyAlerts(run, [(i, p) for i, (_, p) in enumerate(plans) if i in first and p is not None and p.alert])
    for i, (event, p) in enumerate(plans):
        if p is None:
            run.ignored += 1
            continue
        try:
            fresh = run.store_event(p, event)
        except StoreUnavailable:
            alerted = early.outcomes()
            run.unrecorded([(e, q, j in first, alerted.get(j)) for j, (e, q) in enumerate(plans)
                            if j >= i and q and q.emergency])
            raise
        alerted = early.outcomes()  # the counts are the main thread's again from here
        if not fresh:
            run.duplicates += 1
            if not (p.marked and fresh is False and run.claim_answered(p, event)):
                continue
            log.warning("%s: a redelivered %s event was recorded but not answered: answering now", channel.id,
                        p.record.kind)
        if fresh and p.pieces:  # her split phrases' markers read and moved on
            completed = run.completes(p, event)
            if completed and p.joined is not None:
                p = p.joined  # the rest of a phrase her last message started (死に / たい): the numbers, staff alerted
        if fresh and p.concern is not None and run.concern_adds_up(p, event):
            p = p.concern  # her weak signals of the last hour add up: the numbers, and staff alerted now
        done = (alerted[i] if i in alerted else run.alert(p)) if p.alert else True
        done = (first[i] if i in first else run.reply(p, event)) and done
        if fresh and p.marked and done:
            run.claim_answered(p, event)
    return run.report()


def _plans(events: Sequence[WebhookEvent], ward: Ward, channel: Channel, key: bytes, overlay: Overlay,
           line: Callable[[], ReplySender], deadline: float | None) -> list[tuple[WebhookEvent, Plan | None]]:
    """Each event's plan, a text message judged with the end of the same person's texts before it in this
    request (joined in memory, for matching only: 死 / に / たい); a reply that can wait, in her LINE language."""
    before: dict[str, str] = {}
    out: list[tuple[WebhookEvent, Plan | None]] = []
    for event in events:
        said = event.text if event.type == "message" and event.message_type == "text" else None
        previous = before.get(event.user_id) if said is not None and event.user_id else None
        planner = functools.partial(plan, event, ward, channel, key, overlay, previous)
        out.append((event, in_their_language(planner, event, channel.id, line, deadline)))
        if said is not None and event.user_id:
            before[event.user_id] = carried(before.get(event.user_id), said)
    return out


class _EarlyAlerts:
    """The staff alerts of the emergencies answered first, sent one after another on a thread of their own.
    `outcomes` waits for them: each alert's True or False (`_Run.alert`); one missing (the thread failed
    before it) is sent again by the caller, as a second alert is better than none. Until then the main
    thread only writes records, so the run's counts are never changed by two threads at once."""

    def __init__(self, run: _Run, plans: list[tuple[int, Plan]]) -> None:
        self._outcomes: dict[int, bool] = {}
        self._thread: threading.Thread | None = None
        if plans:
            self._thread = threading.Thread(target=self._send, args=(run, plans), name="tsunagu-alerts", daemon=True)
            self._thread.start()

    def _send(self, run: _Run, plans: list[tuple[int, Plan]]) -> None:
        for i, p in plans:
            self._outcomes[i] = run.alert(p)

    def outcomes(self) -> dict[int, bool]:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        return self._outcomes


class _Run:
    """One request's calls and counts."""

    def __init__(self, channel: str, store: Store | Callable[[], Store], line: Callable[[], ReplySender],
                 notifier: Callable[[], Notifier], retry_queue: Callable[[], RetryQueue] | None, deadline: float | None,
                 now: int) -> None:
        self._store, self.channel, self.line, self.notifier = store, channel, line, notifier
        self.retry_queue, self.deadline, self.now = retry_queue, deadline, now
        self.recorded = self.duplicates = self.ignored = self.emergencies = self.reviews = 0
        self.replies: dict[str, int] = {}
        self.alerts: dict[str, int] = {}
        self._claims: dict[str, bool] = {}  # event id -> the rate-limit claim made with its record
        self._totals: dict[str, tuple[float, int]] = {}  # event id -> her evidence added with its record

    @property
    def store(self) -> Store:
        """The store (opened by its builder on first use: StoreUnavailable when it cannot be)."""
        return self._store if isinstance(self._store, Store) else self._store()

    def report(self) -> Report:
        return Report(self.recorded, self.duplicates, self.ignored, self.replies, self.emergencies, self.alerts,
                      self.reviews)

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
        add = None
        if p.evidence is not None and p.record.pseudonym:  # her concern's evidence rides on the write too
            at = event.timestamp_ms // 1000
            add = (marker_key(self.channel, p.record.pseudonym, "evidence"), p.evidence[0], at, at + CONCERN_WINDOW_S)
        fresh, claimed, total = self.store.record_claiming(p.record, claim, add)
        if claim is not None:
            self._claims[event.event_id] = claimed
        if total is not None:
            self._totals[event.event_id] = total
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
        self.reviews += p.alert.kind == "review"
        return True

    def concern_adds_up(self, p: Plan, event: WebhookEvent) -> bool:
        """Count this message's weak signals and model evidence into her concern of the last hour (markers and
        a number, no text); True once when they add up, so the message is answered and alerted as an emergency.

        Marker `concern-n` is the n-th weak signal since the first of the window: a claim fails while
        the n-th is held. The model's evidence of her messages is summed under `evidence` (`Store.add_to`,
        a number, added with the message's record in `store_event`); from her second message, a sum past
        the language's threshold makes an emergency too (tsunagu.domain.intake.concern). An erasure drops
        both with her other markers.
        """
        at = event.timestamp_ms // 1000
        until = at + CONCERN_WINDOW_S

        def claim(purpose: str) -> bool:
            return self.store.claim(marker_key(self.channel, p.record.pseudonym, purpose), at, CONCERN_WINDOW_S, until)

        try:
            for _ in range(p.weak):
                held = next((n for n in range(1, CONCERN_ALERT_AT + 1) if claim(f"concern-{n}")), None)
                if held is None or held >= CONCERN_ALERT_AT:
                    return claim("concern-alerted")  # once per window: later weak lines are answered as usual
            total = self._totals.get(event.event_id)
            if p.evidence is not None and total is not None and evidence_adds_up(*total, *p.evidence):
                return claim("concern-alerted")
        except StoreUnavailable as exc:  # the message is recorded and answered as usual
            log.warning("%s: concern score not kept (%s)", self.channel, exc)
        return False

    def completes(self, p: Plan, event: WebhookEvent) -> bool:
        """Read and move on her split phrases' markers (tsunagu.domain.intake.fragments: which listed phrase
        her messages of the last minutes started, never their letters); True when this message completes one.
        The markers are read only when it could (`Plan.joined`) or grows one."""
        at = event.timestamp_ms // 1000
        key = functools.partial(marker_key, self.channel, p.record.pseudonym)
        asked = {key(x.purpose): x for x in p.pieces.asks}
        try:
            held = self.store.held(list(asked), at) if asked else set()
            sets, complete = p.pieces.after(asked[k] for k in held)
            for piece in sets:
                self.store.claim(key(piece.purpose), at, 0, at + FRAGMENT_WINDOW_S)
        except StoreUnavailable as exc:  # the message is recorded and answered as usual
            log.warning("%s: split phrases not read or kept (%s)", self.channel, exc)
            return False
        return complete

    def _first_today(self, p: Plan, alert: Alert) -> bool:
        """Claim the (pseudonym, kind, JST day) alert marker; True for the first request of the day."""
        key = marker_key(self.channel, p.record.pseudonym, f"alert-{alert.kind}-{p.record.day.isoformat()}")
        try:
            return self.store.claim(key, self.now, 2 * DAY, self.now + 2 * DAY)
        except StoreUnavailable:  # better a second alert than none
            return True

    def unrecorded(self, emergencies: list[tuple[WebhookEvent, Plan, bool, bool | None]]) -> None:
        """Storage is down: alert every emergency not recorded yet (unless its alert went out early: its
        outcome, else None), and answer those not answered first."""
        for event, p, answered, alerted in emergencies:
            if not answered:
                self.reply(p, event)
            if alerted is None:
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
