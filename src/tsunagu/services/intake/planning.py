"""What each event means: a record, maybe a reply, maybe an alert (`plan`, pure: event in, Plan out).

`tsunagu.services.intake.handler.process` carries the plans out. A text message is judged by the
detector (`Detector.judge`, with the same person's previous message of this request joined in
memory, so a word split across two messages is read whole); weak signals of concern (もう無理, 疲れた,
さようなら) and the model's evidence are added up by the handler across her messages of the last hour, and
`Plan.concern` is what the event becomes when they add up to an emergency.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from tsunagu.domain.config import Channel, Ward
from tsunagu.domain.console import who_answers
from tsunagu.domain.intake.assessment import NOTHING, Assessment
from tsunagu.domain.intake.detection import detector
from tsunagu.domain.intake.fragments import NO_PIECES, Pieces
from tsunagu.domain.intake.postback import parse_postback
from tsunagu.domain.intake.replies import Message, Moment, Replies, message_language, text
from tsunagu.domain.intake.webhook import WebhookEvent
from tsunagu.domain.operations import NO_OVERLAY, Overlay
from tsunagu.domain.pseudonym import pseudonym
from tsunagu.domain.records import ContactRecord
from tsunagu.domain.schedule import JST
from tsunagu.domain.vocabulary import HANDLED_EVENTS, RecordKind
from tsunagu.ports.messaging import Alert
from tsunagu.ports.retry import RetryKind

# At most one out-of-hours reply per contact per 3 hours (issue 5), so a person writing many lines at
# night is not answered with the same text each time.
OUT_OF_HOURS_INTERVAL = 3 * 3600
DAY = 86400

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
    weak: int = 0  # weak signals of concern in this message (counted by the handler over the last hour)
    # The model's evidence of this message and the total that makes an emergency (summed by the handler over
    # the last hour, `Store.add_to`; tsunagu.domain.intake.concern): None when the model does not read it.
    evidence: tuple[float, float] | None = None
    concern: Plan | None = None  # what this event becomes when the weak signals or the evidence add up
    # Her split phrases across requests (tsunagu.domain.intake.fragments): the markers this message reads and
    # sets, and what it becomes when it completes one (死に, then たい in her next request).
    pieces: Pieces = NO_PIECES
    joined: Plan | None = None

    @property
    def emergency(self) -> bool:
        """An emergency message: answered first, alerted even unrecorded, its push sent whatever the quota."""
        return self.record.kind == "emergency"

    @property
    def marked(self) -> bool:
        """Its reply and alert matter enough to keep an answered marker: a redelivery finds one that never went out."""
        return self.retry is not None



def marker_key(channel: str, contact: str, purpose: str) -> str:
    """A rate-limit marker key, "channel:pseudonym:purpose" (the stores erase a person's markers by prefix)."""
    return f"{channel}:{contact}:{purpose}"


def plan(event: WebhookEvent, ward: Ward, channel: Channel, key: bytes, overlay: Overlay = NO_OVERLAY,
         previous: str | None = None, language: str | None = None) -> Plan | None:
    """What this event leads to, or None when it is ignored (groups, rooms, unknown types and postbacks).

    `previous` is the same person's text message just before this one in the same request: joined for
    matching only (死に / たい), never kept.

    `overlay` is the channel's same-day operations (closures, extra sessions, notice, busy). With a
    counselling console (`channel.console`), the console answers what it owns (domain.console.who_answers):
    tsunagu then records, detects and alerts but never uses the reply token, and sends an emergency's
    numbers by push. `language` is the reply's (services.intake.language: her LINE language); None: that of
    her message, for an emergency also that of the pattern that matched (domain.intake.language).
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
    pieces = NO_PIECES
    if message_text is None:
        found = NOTHING
    else:
        # Patterns are compiled on the first text message, not at import: a cold start pays nothing for them.
        judge = detector(ward.emergency_patterns, ward.emergency_exceptions)
        verdict, pieces = judge.judge_pieces(message_text, previous)
        if verdict is None:
            # Erasure cannot be undone: ask first. Only the confirming button (action=erase&confirm=yes) erases.
            return Plan(replace(base, kind="menu", detail="erase-asked"), say.deletion_confirm)
        found = verdict
        say = _replies_for(found, say, event, ward, channel, language)
    # The schedule, once for this event; an emergency without a console needs none before its reply.
    moment = Moment.of(channel, at, overlay) if not found.emergency or channel.console is not None else None
    console_answers = moment is not None and who_answers(channel.console, "message", False,
                                                         moment.current is not None) == "console"
    if found.emergency:
        return _emergency(base, say, at, found, console_answers)
    assert moment is not None
    usual = _usual(base, say, moment, console_answers)
    # Only a message leaning to danger adds to her evidence (tsunagu.domain.intake.concern, `add_evidence`).
    needs = found.evidence_needs
    evidence = (found.evidence, needs) if needs is not None and found.evidence > 0 else None
    if pieces:  # what it completes is an emergency of the joined text's category, in its language
        joined = pieces.joined
        usual = replace(usual, pieces=pieces, joined=None if joined is None else _emergency(
            base, _replies_for(joined, say, event, ward, channel, language), at, joined, console_answers))
    if not found.weak and found.level != "review" and evidence is None:
        return usual
    review = found.level == "review" and ward.review_notes
    # Weak signals that add up (もう無理, 疲れた, さようなら) are read as indirect ideation (the label policy);
    # the model's evidence names no category (every number is listed), as when the model alerts alone.
    adds_up = found if found.category or not found.weak else replace(found, category="ideation")
    return replace(usual, weak=found.weak, evidence=evidence,
                   concern=_emergency(base, say, at, adds_up, console_answers),
                   alert=Alert(channel.id, "review", at, category=found.category) if review else None)


def _replies_for(found: Assessment, say: Replies, event: WebhookEvent, ward: Ward, channel: Channel,
                 language: str | None) -> Replies:
    """The replies in the language of the pattern that matched (it tells romaji and Han alone), unless her LINE
    language (`language`) decided already."""
    if found.language and language is None:
        return Replies.of(ward, channel, message_language(event, ward, found.language))
    return say


def _emergency(base: ContactRecord, say: Replies, at: dt.datetime, found: Assessment, push: bool) -> Plan:
    """The numbers (those for the danger first) and an alert naming its category, never its text."""
    category = found.category
    return Plan(replace(base, kind="emergency", detail=category), lambda: say.emergency(category),
                alert=Alert(base.channel, "emergency", at, category=category), retry="emergency", push=push)


def _usual(base: ContactRecord, say: Replies, moment: Moment, console_answers: bool) -> Plan:
    """A message that is not an emergency: the out-of-hours reply, or one acknowledgement per session."""
    if console_answers:  # the counsellors answer in their console: recorded and forwarded, no reply here
        return Plan(base)
    channel, contact, now = base.channel, base.pseudonym, base.at
    if moment.current is None:
        return Plan(base, lambda: say.out_of_hours(moment),
                    limit=(marker_key(channel, contact, "out-of-hours"), OUT_OF_HOURS_INTERVAL,
                           now + OUT_OF_HOURS_INTERVAL))
    # One acknowledgement per session: claim() re-sets a marker at least `interval` seconds old, and
    # one set before this slot began is exactly the one older than (time since it began + 1 s).
    slot = moment.current
    since_open = max(0, now - int(slot.start.timestamp())) + 1
    return Plan(base, lambda: say.acknowledgement(moment),
                limit=(marker_key(channel, contact, "session"), since_open, int(slot.end.timestamp())))


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
