"""`tsunagu simulate`: realistic signed LINE webhook traffic for one channel, retried like LINE retries.

A seeded crowd of people adds the channel as a friend, writes in and out of hours, sometimes writes
emergency words, taps the rich menu (hours, privacy, the survey, an age band, a hand-off), answers
the survey, the status question and the reasons where the channel asks them, and sometimes blocks the
account. Some requests are delivered twice (LINE redelivers with `isRedelivery`), some reply tokens
arrive expired, and every 503 is retried until it is accepted.
Timestamps fall in the last `--days` days, so records land inside the retention period.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import random
import string
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from tsunagu.domain.config import Channel
from tsunagu.domain.intake.postback import (
    age_data,
    handoff_data,
    menu_data,
    reason_data,
    reasons_done_data,
    status_data,
    survey_data,
)
from tsunagu.domain.intake.signature import sign
from tsunagu.domain.schedule import JST, slots
from tsunagu.domain.vocabulary import (
    AGE_BANDS,
    MENU_ACTIONS,
    REQUESTED_HANDOFFS,
    STATUSES,
    SURVEY_ANSWERS,
    SURVEY_QUESTIONS,
)
from tsunagu.entry.commands import Subcommands

DEFAULT_URL = "http://127.0.0.1:8000"
# LINE retries a failed webhook a few times over minutes; locally we retry at once, up to this often.
MAX_ATTEMPTS = 50
EVERYDAY = ["こんにちは", "相談してもいいですか", "仕事のことで悩んでいます", "お金が足りなくて困っています",
            "家族とうまくいきません", "眠れない日が続いています", "ありがとうございました"]
EMERGENCY = ["死にたい", "ｼﾆﾀｲ", "もう消えたいです", "たすけて", "夫に殴られた"]


@dataclass
class Summary:
    """What a simulation did."""

    events: int = 0
    requests: int = 0
    redeliveries: int = 0
    ok: int = 0
    retries_503: int = 0
    other: dict[int, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)


@dataclass
class Person:
    """One simulated person: a LINE user id that never leaves this process."""

    user_id: str
    followed: bool = False
    blocked: bool = False
    survey_step: int = -1
    answers: list[str] = field(default_factory=list)  # postbacks she taps next: a status, reasons, 以上です


def traffic(channel: Channel, n: int, seed: int = 0, days: int = 14,
            now: dt.datetime | None = None) -> Iterator[list[dict[str, Any]]]:
    """Requests (lists of 1-3 events) carrying `n` distinct events in total, in time order."""
    rng = random.Random(seed)
    now = (now or dt.datetime.now(JST)).astimezone(JST)
    start = now - dt.timedelta(days=days)
    open_slots = [s for s in slots(channel, start.date(), days + 1) if s.start < now]
    people = [Person("U" + "".join(rng.choice("0123456789abcdef") for _ in range(32)))
              for _ in range(max(3, n // 8))]
    times = sorted(_moment(rng, start, now, open_slots) for _ in range(n))
    pending: list[dict[str, Any]] = []
    for i, at in enumerate(times):
        person = rng.choice(people)
        pending.append(_event(rng, channel, person, at, i, seed))
        if len(pending) >= rng.choice((1, 1, 1, 2, 3)) or i == n - 1:
            yield pending
            pending = []


def _moment(rng: random.Random, start: dt.datetime, now: dt.datetime, open_slots: list) -> dt.datetime:
    if open_slots and rng.random() < 0.7:  # most people write when the channel is open
        s = rng.choice(open_slots)
        end = min(s.end, now)
        return s.start + dt.timedelta(seconds=rng.uniform(0, max(1.0, (end - s.start).total_seconds() - 1)))
    return start + dt.timedelta(seconds=rng.uniform(0, (now - start).total_seconds()))


def _event(rng: random.Random, channel: Channel, person: Person, at: dt.datetime, i: int,
           seed: int) -> dict[str, Any]:
    base: dict[str, Any] = {
        "mode": "active", "timestamp": int(at.timestamp() * 1000),
        "source": {"type": "user", "userId": person.user_id},
        "webhookEventId": f"SIM{seed:04d}{i:08d}" + "".join(rng.choice(string.ascii_uppercase) for _ in range(10)),
        "deliveryContext": {"isRedelivery": False},
        "replyToken": ("expired" if rng.random() < 0.03 else "") + "".join(rng.choice("0123456789abcdef")
                                                                           for _ in range(32)),
    }
    if not person.followed or (person.blocked and rng.random() < 0.5):
        unblocked = person.blocked
        person.followed, person.blocked = True, False
        return {**base, "type": "follow", "follow": {"isUnblocked": unblocked}}
    if person.answers:
        return _postback(base, person.answers.pop(0))
    if person.survey_step >= 0:
        q = SURVEY_QUESTIONS[person.survey_step]
        person.survey_step = person.survey_step + 1 if person.survey_step + 1 < len(SURVEY_QUESTIONS) else -1
        if person.survey_step < 0 and channel.reasons:  # the last question: "why did you consult" follows
            chosen = rng.sample(channel.reasons, rng.randint(1, min(2, len(channel.reasons))))
            person.answers = [*(reason_data(r.id) for r in chosen), reasons_done_data()]
        return _postback(base, survey_data(q, rng.choices(SURVEY_ANSWERS, weights=(3, 1, 1))[0]))
    roll = rng.random()
    if roll < 0.04:
        person.blocked = True
        base.pop("replyToken")
        return {**base, "type": "unfollow"}
    if roll < 0.09:
        if channel.status_question:  # the status question follows the age band
            person.answers = [status_data(rng.choices(STATUSES, weights=(2, 5, 2, 1))[0])]
        return _postback(base, age_data(rng.choice(AGE_BANDS)))
    if roll < 0.13:
        person.survey_step = 0
        return _postback(base, menu_data("survey"))
    if roll < 0.17:
        return _postback(base, handoff_data(rng.choice(REQUESTED_HANDOFFS)))
    if roll < 0.22:
        return _postback(base, menu_data(rng.choice(MENU_ACTIONS)))
    if roll < 0.25:
        return _message(base, rng, rng.choice(EMERGENCY))
    if roll < 0.29:
        return {**base, "type": "message", "message": {"id": str(rng.randrange(10**17)), "type": "sticker",
                                                       "packageId": "446", "stickerId": "1988"}}
    return _message(base, rng, rng.choice(EVERYDAY))


def _postback(base: dict[str, Any], data: str) -> dict[str, Any]:
    return {**base, "type": "postback", "postback": {"data": data}}


def _message(base: dict[str, Any], rng: random.Random, text: str) -> dict[str, Any]:
    return {**base, "type": "message", "message": {"id": str(rng.randrange(10**17)), "type": "text", "text": text}}


class Sender:
    """POSTs signed webhooks over one kept-alive connection; resends every 503 as LINE does."""

    def __init__(self, url: str, channel: str, secret: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.path = f"{parts.path.rstrip('/')}/callback/{channel}"
        self.secret = secret
        self._conn: http.client.HTTPConnection | None = None

    def post(self, events: list[dict[str, Any]]) -> int:
        """One POST; returns the status (0 when the connection failed)."""
        body = json.dumps({"destination": "Usimulator", "events": events}, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8", "X-Line-Signature": sign(body, self.secret)}
        for _ in range(2):  # one reconnect if a kept-alive connection was closed by the server
            try:
                if self._conn is None:
                    self._conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                self._conn.request("POST", self.path, body=body, headers=headers)
                res = self._conn.getresponse()
                res.read()
                return res.status
            except (OSError, http.client.HTTPException):
                self.close()
        return 0

    def deliver(self, events: list[dict[str, Any]], summary: Summary) -> int:
        """Send until accepted, marking retries as redeliveries; returns the final status."""
        status = self.post(events)
        summary.requests += 1
        attempts = 1
        # 503 means "not recorded, send again"; a refused connection is retried a little, then reported.
        while (status == 503 and attempts < MAX_ATTEMPTS) or (status == 0 and attempts < 3):
            summary.retries_503 += 1
            events = [{**e, "deliveryContext": {"isRedelivery": True}} for e in events]
            time.sleep(0.002 * attempts)
            status = self.post(events)
            summary.requests += 1
            attempts += 1
        return status

    def close(self) -> None:
        """Close the connection."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def simulate(channel: Channel, secret: str, url: str, n: int, seed: int = 0, days: int = 14,
             redeliver: float = 0.1, progress: Callable[[int], object] | None = None) -> Summary:
    """Send `n` events to the intake at `url`; some requests twice. Returns the summary."""
    rng = random.Random(seed + 1)
    summary = Summary()
    sender = Sender(url, channel.id, secret)
    try:
        for events in traffic(channel, n, seed, days):
            status = sender.deliver(events, summary)
            _count(summary, status, events)
            if rng.random() < redeliver:  # LINE sometimes delivers an accepted request again
                summary.redeliveries += 1
                again = [{**e, "deliveryContext": {"isRedelivery": True}} for e in events]
                _count(summary, sender.deliver(again, summary), [])
            if progress is not None:
                progress(len(events))
    finally:
        sender.close()
    return summary


def _count(summary: Summary, status: int, events: list[dict[str, Any]]) -> None:
    summary.events += len(events)
    if status == 200:
        summary.ok += 1
    else:
        summary.other[status] = summary.other.get(status, 0) + 1
    for e in events:
        kind = e["type"] if e["type"] != "postback" else "postback:" + e["postback"]["data"].split("&")[0][7:]
        summary.kinds[kind] = summary.kinds.get(kind, 0) + 1


def register(sub: Subcommands) -> None:
    """Add `simulate` to the command line."""
    p = sub.add_parser("simulate", help="send realistic signed LINE webhook traffic to the intake")
    p.add_argument("--channel", required=True, help="channel id, e.g. kita-women")
    p.add_argument("--events", type=int, required=True, help="number of distinct events to send")
    p.add_argument("--url", default=DEFAULT_URL, help=f"intake base URL (default {DEFAULT_URL}, tsunagu serve)")
    p.add_argument("--seed", type=int, default=0, help="random seed (same seed, same traffic)")
    p.add_argument("--days", type=int, default=14, help="spread the events over the last N days (default 14)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Simulate, then print the summary and the channel's records in the store."""
    from rich.progress import Progress

    programs = args.wiring.programs()
    channel = programs.channel(args.channel)
    secret = args.wiring.secrets().channel(channel.id).secret
    with Progress(transient=True) as bar:
        task = bar.add_task(f"{channel.id} → {args.url}", total=args.events)
        summary = simulate(channel, secret, args.url, args.events, args.seed, args.days,
                           progress=lambda k: bar.advance(task, k))
    print(f"events sent:      {summary.events}")
    print(f"requests:         {summary.requests}  (200: {summary.ok}, 503 retries: {summary.retries_503}, "
          f"redelivered: {summary.redeliveries})")
    if summary.other:
        print("other statuses:   " + ", ".join(f"{k}: {v}" for k, v in sorted(summary.other.items())))
    print("kinds sent:       " + ", ".join(f"{k} {v}" for k, v in sorted(summary.kinds.items())))
    if channel.console is not None:  # every request also went on to the counselling console
        answers = "in open hours" if channel.console.answers == "in-hours" else "at all hours"
        print(f"console:          {channel.console.url} answers messages {answers}; tsunagu forwarded every request "
              "(see its page or log)")
    from tsunagu.entry.commands.stats import print_counts

    print_counts(args.wiring.store(), channel.id)
    return 0 if not summary.other else 1
