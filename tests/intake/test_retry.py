"""Replies LINE did not take in time reach the person by push, exactly once: SQS on moto's server, the LINE stand-in.

The reply endpoint is made to say nothing for longer than the webhook's reply budget (and then fail),
so the webhook answers 200 at once and the reply goes to the retry queue. The worker pushes it; SQS may
deliver the same message twice, and LINE's retry key keeps the person from getting it twice.
"""

from __future__ import annotations

import io
import json
import logging
import time
import uuid
from pathlib import Path

import boto3
import pytest
from support.line_events import make_event

from tsunagu.adapters.line.api import HttpLineClient
from tsunagu.adapters.metrics import EmbeddedMetrics
from tsunagu.adapters.notify.alertlog import AlertLog
from tsunagu.adapters.retry.inprocess import InProcessRetryQueue
from tsunagu.adapters.retry.sqs import SqsRetryQueue
from tsunagu.adapters.store.sqlite import SqliteStore
from tsunagu.domain.intake.webhook import parse
from tsunagu.ports.retry import PendingReply
from tsunagu.ports.secrets import ChannelSecret, Secrets
from tsunagu.services.intake.handler import process
from tsunagu.wiring import read_programs

CHANNEL = "kita-women"
REPO = Path(__file__).resolve().parents[2]


def silent_reply(seconds: float):
    """A reply endpoint that says nothing for `seconds`, then fails: the reply never reaches her."""

    def answer(req):
        time.sleep(seconds)
        return 504, {"message": "Gateway timeout"}

    return answer


@pytest.fixture
def sqs_queue(s3_endpoint):
    """A fresh queue on the moto server (the same server the S3 tests use)."""
    sqs = boto3.client("sqs", endpoint_url=s3_endpoint)
    url = sqs.create_queue(QueueName=f"tsunagu-retry-{uuid.uuid4().hex[:8]}")["QueueUrl"]
    return sqs, url


def lambda_sqs_event(messages: list[dict]) -> dict:
    """The event Lambda's SQS event source mapping hands the worker for these received messages."""
    return {"Records": [{"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
                         "attributes": {"ApproximateReceiveCount": "1"}, "messageAttributes": {},
                         "md5OfBody": m["MD5OfBody"], "eventSource": "aws:sqs",
                         "eventSourceARN": "arn:aws:sqs:ap-northeast-1:123456789012:tsunagu-retry",
                         "awsRegion": "ap-northeast-1"} for m in messages]}


def test_a_greeting_that_times_out_reaches_her_by_push_exactly_once(intake_on, tmp_path, sqs_queue, s3_endpoint,
                                                                     caplog):
    # tsunagu's own lines at every level; the libraries' at INFO, the template's ApplicationLogLevel
    # (botocore's DEBUG lines print request bodies: the operator guide says never to turn that on).
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="tsunagu")
    sqs, url = sqs_queue
    metrics = io.StringIO()
    store = SqliteStore(tmp_path / "intake.sqlite3")
    intake = intake_on(store, retry_queue=SqsRetryQueue(url, endpoint_url=s3_endpoint),
                       metrics=EmbeddedMetrics("proof", stream=metrics))
    intake.line.route("POST", "/v2/bot/message/reply", silent_reply(2.0))
    intake.line.fail("/v2/bot/message/push", 503)  # the in-request fallback push fails too
    follow = make_event("follow")
    user = follow["source"]["userId"]

    assert intake.post(CHANNEL, follow).status_code == 200
    assert intake.line.delivered() == []
    intake.line.fail("/v2/bot/message/push", None)  # LINE is back

    received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)["Messages"]
    assert len(received) == 1
    pending = PendingReply.from_json(received[0]["Body"])
    assert (pending.channel, pending.to, pending.kind) == (CHANNEL, user, "greeting")

    intake.module.retry_replies(lambda_sqs_event(received), None)
    intake.module.retry_replies(lambda_sqs_event(received), None)  # SQS delivers at least once: here, twice
    pushes = [r for r in intake.line.delivered() if r.path == "/v2/bot/message/push"]
    assert len(pushes) == 1 and pushes[0].json["to"] == user
    assert pushes[0].json["messages"] == list(pending.messages) and len(pending.messages) == 5
    assert len(intake.line.requests("/v2/bot/message/push")) == 3  # the fallback, the push, a 409 (already sent)

    counted = [json.loads(line) for line in metrics.getvalue().splitlines()]
    assert counted[0]["RepliesQueued"] == 1 and counted[0]["EventsRecorded"] == 1
    assert sum(c.get("PushesSent", 0) for c in counted) == 1  # the repeat (LINE's 409) is not counted again
    for where in (caplog.text, metrics.getvalue(), repr(pending)):
        assert user not in where and follow["replyToken"] not in where
    store.close()


def test_an_emergency_reply_that_fails_is_pushed_by_the_in_process_queue(line_standin, tmp_path):
    programs = read_programs(REPO / "programs")
    secrets = Secrets(b"k" * 32, {CHANNEL: ChannelSecret("s" * 32, "token")})
    client = HttpLineClient(secrets, line_standin.url)
    line_standin.fail("/v2/bot/message/reply", 500)
    line_standin.fail("/v2/bot/message/push", 500)  # the in-request fallback push fails too
    queue = InProcessRetryQueue(lambda: client, lambda: EmbeddedMetrics("proof", stream=io.StringIO()),
                                delays=(0.3, 0.3, 0.3))
    text = make_event("text", text="もう死にたい")
    events, _ = parse(json.dumps({"destination": "U0", "events": [text]}).encode())
    store = SqliteStore(tmp_path / "intake.sqlite3")
    report = process(events, programs.ward_of(CHANNEL), programs.channel(CHANNEL), b"k" * 32, store, lambda: client,
                     lambda: AlertLog(tmp_path / "alerts.log"), time.monotonic() + 1.0, retry_queue=lambda: queue)
    assert report.replies == {"failed": 1, "queued": 1} and report.emergencies == 1
    line_standin.fail("/v2/bot/message/push", None)  # LINE is back before the queue's first attempt
    for _ in range(200):  # the queue's first attempt is due after 0.3 s
        if line_standin.delivered():
            break
        time.sleep(0.05)
    [push] = line_standin.delivered()
    assert push.path == "/v2/bot/message/push" and push.json["to"] == text["source"]["userId"]
    time.sleep(0.2)
    assert len(line_standin.delivered()) == 1
    store.close()


def test_the_in_process_queue_goes_on_after_a_push_that_raises():
    # One worker thread serves every pending reply: an exception in one push must not end it for all later ones.
    pushed: list[str] = []

    class Flaky:
        def push(self, channel, to, messages, *, urgent=False, retry_key=None):
            if not pushed and to == "U-first":
                pushed.append("raised")
                raise RuntimeError("LINE client broke")
            pushed.append(to)
            return "push"

    queue = InProcessRetryQueue(lambda: Flaky(), lambda: EmbeddedMetrics("proof", stream=io.StringIO()),
                                delays=(0.05, 0.05))
    queue.put(PendingReply(CHANNEL, "U-first", ({"type": "text", "text": "x"},), "emergency"))
    for _ in range(100):
        if "U-first" in pushed:
            break
        time.sleep(0.02)
    queue.put(PendingReply(CHANNEL, "U-second", ({"type": "text", "text": "x"},), "handoff"))
    for _ in range(100):
        if "U-second" in pushed:
            break
        time.sleep(0.02)
    assert pushed == ["raised", "U-first", "U-second"]


def test_a_debug_log_level_does_not_print_the_queue_message(sqs_queue, caplog):
    # At DEBUG, botocore logs each request's body: the retry queue's message carries the user id.
    from tsunagu.logconfig import BODY_LOGGERS, configure_logging

    sqs, url = sqs_queue
    caplog.set_level(logging.DEBUG)
    before = {name: logging.getLogger(name).level for name in BODY_LOGGERS}
    try:
        configure_logging("DEBUG")
        user = "U" + uuid.uuid4().hex
        SqsRetryQueue(url, endpoint_url=sqs.meta.endpoint_url).put(
            PendingReply(CHANNEL, user, ({"type": "text", "text": "いのちの電話"},), "emergency"))
        assert user in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=10)["Messages"][0]["Body"]
        assert logging.getLogger("tsunagu").isEnabledFor(logging.DEBUG)  # the level asked for, for tsunagu
        assert user not in caplog.text
    finally:
        for name, level in before.items():
            logging.getLogger(name).setLevel(level)


def test_an_emergency_whose_staff_alert_fails_is_answered_but_not_counted_as_alerted(line_standin, tmp_path):
    class BrokenNotifier:
        def send(self, alert: object) -> None:
            raise OSError("SNS is down")

    programs = read_programs(REPO / "programs")
    secrets = Secrets(b"k" * 32, {CHANNEL: ChannelSecret("s" * 32, "token")})
    client = HttpLineClient(secrets, line_standin.url)
    events, _ = parse(json.dumps({"destination": "U0", "events": [make_event("text", text="もう死にたい")]}).encode())
    store = SqliteStore(tmp_path / "intake.sqlite3")
    report = process(events, programs.ward_of(CHANNEL), programs.channel(CHANNEL), b"k" * 32, store, lambda: client,
                     BrokenNotifier, time.monotonic() + 1.0)
    assert report.recorded == 1 and report.replies == {"reply": 1}
    assert report.emergencies == 0  # the EmergencyAlerts metric counts alerts that reached staff
    store.close()
