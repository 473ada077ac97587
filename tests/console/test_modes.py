"""The intake in front of a counselling console (issue 20): who answers, what the console receives, tokens.

In hours (answers: in-hours) a text gets no reply from tsunagu and reaches the console; out of hours tsunagu
replies and forwards; an emergency the console owns gets the numbers by push and staff get the alert;
tsunagu's own events (greeting, postbacks, erasure) are answered by tsunagu and forwarded too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from support.intake_app import REPO
from support.line_events import make_event, webhook_body

from tsunagu.adapters.standin.console import ConsoleStandIn
from tsunagu.adapters.standin.tokens import LONG_LIVED_PATHS
from tsunagu.domain.config import Programs
from tsunagu.domain.console import Console
from tsunagu.domain.schedule import JST, slots
from tsunagu.makers.sources.programs import load_programs

KITA = "kita-women"


def with_console(answers: str) -> Programs:
    programs = load_programs(REPO / "programs")
    wards = []
    for ward in programs.wards:
        channels = tuple(dataclasses.replace(ch, console=Console("local", answers)) if ch.id == KITA else ch
                         for ch in ward.channels)
        wards.append(dataclasses.replace(ward, channels=channels))
    return Programs(tuple(wards))


def moments(programs: Programs) -> tuple[dt.datetime, dt.datetime]:
    """A time inside an open slot and one outside, in the last week (records within retention)."""
    channel = programs.find(KITA)[1]
    today = dt.datetime.now(JST).date()
    found = [s for s in slots(channel, today - dt.timedelta(days=7), 7) if s.end < dt.datetime.now(JST)]
    inside = found[-1].start + dt.timedelta(minutes=10)
    outside = found[-1].end + dt.timedelta(minutes=10)
    return inside, outside


@pytest.fixture
def console_setup(intake_on, tmp_path):
    from tsunagu.adapters.store.sqlite import SqliteStore

    console = ConsoleStandIn(lambda channel: json.loads((tmp_path / "secrets.json").read_text())["channels"][channel]
                             ["secret"]).start()
    store = SqliteStore(tmp_path / "console.sqlite3")

    def build(answers: str = "in-hours", client=None):
        programs = with_console(answers)
        kinds = {"client_type": client} if client else {}
        intake = intake_on(store, programs=programs, console_local=console.url(""), **kinds)
        return intake, programs

    yield console, build
    console.stop()
    store.close()


def test_in_hours_a_text_reaches_the_console_and_tsunagu_stays_silent(console_setup):
    console, build = console_setup
    intake, programs = build()
    inside, _ = moments(programs)
    event = make_event("text", at=inside, text="仕事のことで相談したいです")
    res = intake.post(KITA, event)
    assert res.status_code == 200
    assert intake.replies() == [], "the reply token is the console's"
    assert [e["webhookEventId"] for e in console.events(KITA)] == [event["webhookEventId"]]
    assert console.received[-1].body == webhook_body(event), "the console gets LINE's bytes untouched"
    assert console.refused == 0 and len(intake.records(KITA)) == 1


def test_out_of_hours_tsunagu_replies_and_still_forwards(console_setup):
    console, build = console_setup
    intake, programs = build()
    _, outside = moments(programs)
    event = make_event("text", at=outside, text="夜分にすみません")
    assert intake.post(KITA, event).status_code == 200
    replies = intake.replies()
    assert len(replies) == 1 and "replyToken" in replies[0], "tsunagu answers out of hours, with the token"
    assert [e["webhookEventId"] for e in console.events(KITA)] == [event["webhookEventId"]]


def test_with_answers_always_the_console_also_answers_out_of_hours_and_greets(console_setup):
    console, build = console_setup
    intake, programs = build("always")
    _, outside = moments(programs)
    assert intake.post(KITA, make_event("text", at=outside)).status_code == 200
    assert intake.post(KITA, make_event("follow")).status_code == 200
    assert intake.replies() == []
    assert len(console.events(KITA)) == 2


def test_an_emergency_the_console_owns_gets_the_numbers_by_push_and_staff_are_alerted(console_setup):
    console, build = console_setup
    intake, programs = build()
    inside, _ = moments(programs)
    event = make_event("text", at=inside, text="もう死にたい")
    assert intake.post(KITA, event).status_code == 200
    sent = [r for r in intake.line.received if r.path.startswith("/v2/bot/message/")]
    assert [r.path for r in sent] == ["/v2/bot/message/push"], "never the reply token the console will use"
    assert sent[0].json["to"] == event["source"]["userId"]
    assert "110" in json.dumps(sent[0].json, ensure_ascii=False)
    assert [a["kind"] for a in intake.alerts()] == ["emergency"]
    assert [e["webhookEventId"] for e in console.events(KITA)] == [event["webhookEventId"]]


def test_tsunagus_own_postbacks_and_greeting_are_answered_by_tsunagu_and_forwarded(console_setup):
    console, build = console_setup
    intake, programs = build()
    inside, _ = moments(programs)
    events = [make_event("follow", at=inside), make_event("postback", at=inside, data="action=privacy")]
    assert intake.post(KITA, *events).status_code == 200
    assert len(intake.replies()) == 2 and all("replyToken" in r for r in intake.replies())
    assert len(console.events(KITA)) == 2


def test_a_console_that_is_down_does_not_hold_the_webhook_and_gets_the_request_later(console_setup):
    import time

    console, build = console_setup
    intake, programs = build()
    inside, _ = moments(programs)
    console.down(503)
    first = make_event("text", at=inside, text="一つ目")
    started = time.monotonic()
    assert intake.post(KITA, first).status_code == 200
    assert time.monotonic() - started < 2.0
    console.down(None)
    deadline = time.monotonic() + 10
    while not console.events(KITA) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [e["webhookEventId"] for e in console.events(KITA)] == [first["webhookEventId"]]


def test_tokens_are_tsunagus_own_stateless_ones_never_the_long_lived_endpoints(console_setup, tmp_path):
    from tsunagu.adapters.line.api import HttpLineClient
    from tsunagu.ports.secrets import secrets_from_json

    _, build = console_setup
    doc = json.loads((tmp_path / "secrets.json").read_text())
    for cid, values in doc["channels"].items():  # channel_id given, no long-lived token at all
        values.pop("access_token")
        values["channel_id"] = str(1650000000 + len(cid))
    secrets = secrets_from_json(doc, "test")
    intake, programs = build(client=lambda _, url: HttpLineClient(secrets, url))  # channel IDs, no long-lived
    _, outside = moments(programs)
    assert intake.post(KITA, make_event("text", at=outside)).status_code == 200
    assert intake.post(KITA, make_event("follow")).status_code == 200
    paths = [r.path for r in intake.line.received]
    assert paths.count("/oauth2/v3/token") == 1, "one stateless token, kept for its life"
    assert not [p for p in paths if p in LONG_LIVED_PATHS]
    tokens = {r.headers.get("Authorization") for r in intake.line.received if r.path.startswith("/v2/bot/message/")}
    assert tokens and all(intake.line.tokens.valid(t.removeprefix("Bearer ")) for t in tokens)
