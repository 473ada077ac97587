"""Forwarding LINE's requests to the counselling console: exact bytes, verified signatures, order through
an outage, at-least-once delivery, the 24 h give-up, and who answers each event."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.console import CHANNEL, SECRET, Alerts, Clock, Counts, line_body

from tsunagu.adapters.console.http import HttpConsoleForwarder
from tsunagu.adapters.console.inprocess import InProcessForwardQueue
from tsunagu.adapters.standin.console import ConsoleStandIn
from tsunagu.domain.console import Console, url_problem, who_answers
from tsunagu.domain.intake.signature import sign
from tsunagu.ports.console import GIVE_UP_AFTER_S, ForwardQueueUnavailable, PendingForward
from tsunagu.ports.messaging import Alert
from tsunagu.services.console import ConsoleLink, ForwardsWaiting, drain, forward_request


@pytest.fixture
def console() -> Iterator[ConsoleStandIn]:
    with ConsoleStandIn(lambda channel: SECRET) as standin:
        yield standin


def pending(console: ConsoleStandIn, body: bytes, at: float = 1_800_000_000.0) -> PendingForward:
    return PendingForward(CHANNEL, console.url(CHANNEL), body, sign(body, SECRET), received_at=at)


def test_the_console_receives_lines_exact_bytes_and_verifies_the_signature(console):
    body = line_body("U1", 1, "もう無理　\u200b😢 \\u0041")
    outcome = HttpConsoleForwarder().forward(console.url(CHANNEL), body, sign(body, SECRET), 1.0)
    assert outcome == "forwarded"
    assert console.received[-1].body == body
    assert console.refused == 0


def test_a_forward_with_a_wrong_signature_is_refused_by_the_console(console):
    body = line_body("U1", 1)
    assert HttpConsoleForwarder().forward(console.url(CHANNEL), body, sign(body, "another secret"), 1.0) == "failed"
    assert console.refused == 1 and not console.received


def test_a_console_that_does_not_answer_costs_at_most_the_budget():
    import socket
    import time

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/line/x"
        started = time.monotonic()
        assert HttpConsoleForwarder().forward(url, b"{}", "sig", 0.3) == "failed"
        assert time.monotonic() - started < 1.0


def test_order_is_kept_through_a_five_minute_outage_and_nothing_is_lost_or_doubled(console):
    clock, counts, alerts = Clock(), Counts(), Alerts()
    queue = InProcessForwardQueue(HttpConsoleForwarder, lambda: alerts, lambda: counts, clock=clock, thread=False)
    link = ConsoleLink(HttpConsoleForwarder(), queue, counts)
    users = ["Ua", "Ub", "Uc"]
    bodies = [line_body(users[n % 3], n) for n in range(30)]
    # The first ten go straight through.
    for body in bodies[:10]:
        assert forward_request(link, pending(console, body, clock.now)) == "forwarded"
    # The console goes down for five minutes: every later request waits, in order.
    console.down(503)
    for body in bodies[10:20]:
        assert forward_request(link, pending(console, body, clock.now)) == "queued"
        clock.now += 1
    for _ in range(30):  # the worker keeps trying with backoff through the outage
        clock.now += 10
        queue.run_due()
    assert queue.waiting() == 10
    # Back up: a new request must not overtake the ones waiting.
    console.down(None)
    for body in bodies[20:]:
        assert forward_request(link, pending(console, body, clock.now)) == "queued"
    clock.now += 61
    queue.run_due()
    assert queue.waiting() == 0
    got = [f.body for f in console.received]
    assert got == bodies, "the console sees LINE's requests in LINE's order, each once"
    for user in users:
        ids = [e["webhookEventId"] for e in console.events() if e["source"]["userId"] == user]
        assert ids == sorted(ids)
    assert console.duplicates == 0 and console.refused == 0
    assert counts.counts["ConsoleForwarded"] == 30 and counts.counts["ConsoleRetried"] >= 20
    assert not alerts.sent


def test_a_forward_the_console_never_takes_is_given_up_after_24_hours_and_staff_told_how_many(console):
    clock, counts, alerts = Clock(), Counts(), Alerts()
    queue = InProcessForwardQueue(HttpConsoleForwarder, lambda: alerts, lambda: counts, clock=clock, thread=False)
    console.down(503)
    for n in range(3):
        queue.put(pending(console, line_body("U1", n), clock.now))
    clock.now += GIVE_UP_AFTER_S + 1
    queue.run_due()
    assert queue.waiting() == 0
    assert counts.counts["ConsoleDeadLettered"] == 3
    assert [(a.channel, a.kind, a.count) for a in alerts.sent] == [(CHANNEL, "console-unreachable", 1)] * 3
    assert all("U1" not in json.dumps(a.to_json()) for a in alerts.sent)


def test_a_full_queue_refuses_and_the_request_is_lost_so_the_webhook_answers_503(console, monkeypatch):
    import tsunagu.adapters.console.inprocess as inprocess

    monkeypatch.setattr(inprocess, "MAX_WAITING", 2)
    counts = Counts()
    queue = InProcessForwardQueue(HttpConsoleForwarder, Alerts, lambda: counts, thread=False)
    console.down(503)
    link = ConsoleLink(HttpConsoleForwarder(), queue, counts)
    assert [forward_request(link, pending(console, line_body("U", n))) for n in range(3)] == \
        ["queued", "queued", "lost"]
    assert counts.counts["ConsoleLost"] == 1
    with pytest.raises(ForwardQueueUnavailable):
        queue.put(pending(console, line_body("U", 9)))


def test_the_sqs_worker_forwards_in_order_and_stops_at_the_first_refusal(console):
    counts, alerts, dead = Counts(), Alerts(), []
    bodies = [pending(console, line_body("U1", n)).to_json() for n in range(5)]
    assert drain(bodies[:2], HttpConsoleForwarder(), alerts, counts, dead.append) == 2
    console.down(503)
    with pytest.raises(ForwardsWaiting) as waiting:
        drain(bodies[2:], HttpConsoleForwarder(), alerts, counts, dead.append)
    assert waiting.value.done == 0
    console.down(None)
    assert drain(["not json", "{}", *bodies[2:]], HttpConsoleForwarder(), alerts, counts, dead.append) == 5
    assert [f.body for f in console.received] == [PendingForward.from_json(b).body for b in bodies]


def test_the_sqs_worker_dead_letters_what_is_older_than_24_hours(console):
    counts, alerts, dead = Counts(), Alerts(), []
    old = pending(console, line_body("U1", 1), at=1_000.0)
    assert drain([old.to_json()], HttpConsoleForwarder(), alerts, counts, dead.append, now=1_000.0 + 86_401) == 1
    assert dead == [old] and not console.received
    assert alerts.sent[0].kind == "console-unreachable" and alerts.sent[0].count == 1


@given(st.binary(max_size=2000), st.text(alphabet=st.characters(blacklist_characters="\r\n"), min_size=1, max_size=40))
def test_a_queued_forward_keeps_every_byte(body, signature):
    p = PendingForward(CHANNEL, "https://console.example.jp/hook", body, signature, 12.5)
    assert PendingForward.from_json(p.to_json()) == p


GOOD = {"channel": "a", "url": "u", "signature": "s", "body": "", "receivedAt": 1}


@pytest.mark.parametrize("text", ["[]", "null", '{"channel": "a"}', "[" * 5000 + "]" * 5000,
                                  json.dumps({**GOOD, "channel": "a\nb"}), json.dumps({**GOOD, "body": "%%%"})])
def test_a_malformed_queue_message_is_refused_without_echoing_it(text):
    with pytest.raises(ValueError) as refused:
        PendingForward.from_json(text)
    assert "a\nb" not in str(refused.value)


def test_a_pending_forward_never_shows_the_body_or_signature():
    p = PendingForward(CHANNEL, "https://console.example.jp/hook", line_body("Usecret", 1, "死にたい"), "sig==")
    assert "Usecret" not in repr(p) and "sig==" not in repr(p) and "hook" not in repr(p)


@pytest.mark.parametrize(("console", "event", "own", "open_now", "who"), [
    (None, "message", False, True, "tsunagu"),
    (Console("local"), "message", False, True, "console"),
    (Console("local"), "message", False, False, "tsunagu"),
    (Console("local", "always"), "message", False, False, "console"),
    (Console("local"), "follow", False, True, "tsunagu"),
    (Console("local", "always"), "follow", False, True, "console"),
    (Console("local", "always"), "postback", True, True, "tsunagu"),
    (Console("local", "always"), "message", True, True, "tsunagu"),  # 削除 and its confirmation are tsunagu's
    (Console("local", "always"), "unfollow", False, True, "tsunagu"),
])
def test_the_reply_token_goes_to_whoever_owns_the_event(console, event, own, open_now, who):
    assert who_answers(console, event, own, open_now) == who


@pytest.mark.parametrize(("url", "ok"), [
    ("https://console.example.jp/line/webhook/kita", True), ("local", True), ("http://127.0.0.1:9000/x", True),
    ("http://localhost:9000/x", True), ("http://console.example.jp/x", False), ("ftp://example.jp/", False),
    ("https://", False), ("console.example.jp", False), ("http://[::1", False),
])
def test_console_urls_are_https_or_this_machine(url, ok):
    assert (url_problem(url) is None) is ok


def test_the_alert_json_carries_the_count_only_when_given():
    at = dt.datetime(2026, 12, 5, 9, tzinfo=dt.UTC)
    assert "count" not in Alert("c", "emergency", at).to_json()
    assert Alert("c", "console-unreachable", at, count=4).to_json()["count"] == 4
