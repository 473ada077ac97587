"""Staff alerts through AWS SNS (`TSUNAGU_NOTIFY=sns:TOPIC_ARN`): staff subscribe by e-mail, SMS or chat."""

from __future__ import annotations

import json

import boto3
from botocore.client import BaseClient
from botocore.config import Config

from tsunagu.ports.messaging import Alert

# The webhook may be waiting (LINE allows 2 s): a stuck SNS fails within 1 s, one attempt, and the
# intake puts the alert on the retry queue instead (botocore's defaults wait 60 s, four times).
SNS_CONFIG = Config(connect_timeout=0.5, read_timeout=0.5, retries={"mode": "standard", "total_max_attempts": 1})


class SnsNotifier:
    """Publishes each alert to an SNS topic that staff subscribe to (e-mail, SMS, chat)."""

    def __init__(self, topic_arn: str, endpoint_url: str | None = None) -> None:
        self.topic_arn = topic_arn
        # Built with the notifier, which the wiring builds on the first alert: most containers never send one.
        self._client: BaseClient = boto3.client("sns", endpoint_url=endpoint_url, config=SNS_CONFIG)

    def send(self, alert: Alert) -> None:
        """Publish the alert; the subject says only the channel and the kind."""
        self._client.publish(TopicArn=self.topic_arn, Subject=f"tsunagu {alert.kind}: {alert.channel}"[:100],
                             Message=json.dumps(alert.to_json(), ensure_ascii=False))
