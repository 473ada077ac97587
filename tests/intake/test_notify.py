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
    assert isinstance(log, AlertLog)
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
        assert isinstance(notifier, SnsNotifier)
        notifier.send(ALERT)
        [msg] = sqs.receive_message(QueueUrl=queue)["Messages"]
        envelope = json.loads(msg["Body"])
        assert json.loads(envelope["Message"]) == ALERT.to_json()
        assert envelope["Subject"] == "tsunagu emergency: kita-women"
