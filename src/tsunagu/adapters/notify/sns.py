"""Staff alerts through AWS SNS (`TSUNAGU_NOTIFY=sns:TOPIC_ARN`): staff subscribe by e-mail, SMS or chat."""

from __future__ import annotations

import json

import boto3
from botocore.client import BaseClient

from tsunagu.ports.messaging import Alert


class SnsNotifier:
    """Publishes each alert to an SNS topic that staff subscribe to (e-mail, SMS, chat)."""

    def __init__(self, topic_arn: str) -> None:
        self.topic_arn = topic_arn
        self._client: BaseClient | None = None

    def send(self, alert: Alert) -> None:
        """Publish the alert; the subject says only the channel and the kind."""
        if self._client is None:  # on the first alert: most containers never send one
            self._client = boto3.client("sns")
        self._client.publish(TopicArn=self.topic_arn, Subject=f"tsunagu {alert.kind}: {alert.channel}"[:100],
                             Message=json.dumps(alert.to_json(), ensure_ascii=False))
