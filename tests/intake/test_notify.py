"""Staff alerts: the local alert log and the SNS adapter (moto) carry channel, kind and time only."""

from __future__ import annotations

import datetime as dt
import json

from moto import mock_aws

from tsunagu.adapters.notify.alertlog import AlertLog
from tsunagu.adapters.notify.sns import SnsNotifier
from tsunagu.domain.schedule import JST
from tsunagu.ports.messaging import Alert
from tsunagu.wiring import open_notifier

ALERT = Alert("kita-women", "emergency", dt.datetime(2026, 5, 1, 23, 5, 9, tzinfo=JST))


def test_alert_log_appends_one_json_line_per_alert(tmp_path):
    log = open_notifier(str(tmp_path / "alerts.log"))
    assert isinstance(log.urgent, AlertLog)
    log.send(ALERT)
    log.send(ALERT)
    lines = (tmp_path / "alerts.log").read_text().splitlines()
    assert [json.loads(x) for x in lines] == [{"channel": "kita-women", "kind": "emergency",
                                               "at": "2026-05-01T23:05:09+09:00"}] * 2


def test_sns_notifier_publishes_channel_kind_and_time(monkeypatch):
    for name, value in {"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x", "AWS_DEFAULT_REGION": "ap-northeast-1"
                        }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        import boto3

        sns, sqs = boto3.client("sns"), boto3.client("sqs")
        topic = sns.create_topic(Name="tsunagu-alerts")["TopicArn"]
        queue = sqs.create_queue(QueueName="staff")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
        notifier = open_notifier(f"sns:{topic}")
        assert isinstance(notifier.urgent, SnsNotifier)
        notifier.send(ALERT)
        [msg] = sqs.receive_message(QueueUrl=queue)["Messages"]
        envelope = json.loads(msg["Body"])
        assert json.loads(envelope["Message"]) == ALERT.to_json()
        assert envelope["Subject"] == "tsunagu emergency: kita-women"


REVIEW = Alert("kita-women", "review", dt.datetime(2026, 5, 1, 23, 5, 9, tzinfo=JST), category="ideation")


def test_a_review_note_never_goes_to_the_paging_topic(tmp_path, monkeypatch):
    for name, value in {"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x", "AWS_DEFAULT_REGION": "ap-northeast-1"
                        }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        import boto3

        sns, sqs = boto3.client("sns"), boto3.client("sqs")
        queues = {}
        for name in ("alerts", "review"):
            topic = sns.create_topic(Name=f"tsunagu-{name}")["TopicArn"]
            url = sqs.create_queue(QueueName=name)["QueueUrl"]
            arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
            queues[name] = (topic, url)
        alerts_topic, review_topic = queues["alerts"][0], queues["review"][0]

        open_notifier(f"sns:{alerts_topic}").send(REVIEW)  # no review topic: not sent at all
        assert "Messages" not in sqs.receive_message(QueueUrl=queues["alerts"][1])

        both = open_notifier(f"sns:{alerts_topic}", f"sns:{review_topic}")
        both.send(REVIEW)
        both.send(ALERT)
        [review] = sqs.receive_message(QueueUrl=queues["review"][1])["Messages"]
        assert json.loads(json.loads(review["Body"])["Message"]) == {**REVIEW.to_json(), "category": "ideation"}
        [alert] = sqs.receive_message(QueueUrl=queues["alerts"][1])["Messages"]
        assert json.loads(json.loads(alert["Body"])["Message"])["kind"] == "emergency"


def test_locally_review_notes_share_the_alert_file_and_say_their_kind(tmp_path):
    log = open_notifier(str(tmp_path / "alerts.log"))
    log.send(REVIEW)
    assert json.loads((tmp_path / "alerts.log").read_text()) == {
        "channel": "kita-women", "kind": "review", "at": "2026-05-01T23:05:09+09:00", "category": "ideation"}
