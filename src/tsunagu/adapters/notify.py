"""Staff alerts: a local alert log by default, AWS SNS in deployment. An alert is channel, kind and time.

TSUNAGU_NOTIFY selects the adapter: unset or a file path (default build/alerts.log, one JSON line per
alert) or `sns:TOPIC_ARN`. boto3 is imported only by the SNS adapter, when it sends.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

from tsunagu.ports.messaging import Alert

DEFAULT_ALERT_LOG = "build/alerts.log"
log = logging.getLogger("tsunagu.adapters.notify")


class AlertLog:
    """Appends one JSON line per alert to a local file (flushed, so a person tailing it sees it at once)."""

    def __init__(self, path: str | Path = DEFAULT_ALERT_LOG) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def send(self, alert: Alert) -> None:
        """Append the alert."""
        line = json.dumps(alert.to_json(), ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(line)


class SnsNotifier:
    """Publishes each alert to an SNS topic that staff subscribe to (e-mail, SMS, chat)."""

    def __init__(self, topic_arn: str) -> None:
        self.topic_arn = topic_arn
        self._client = None

    def send(self, alert: Alert) -> None:
        """Publish the alert; the subject says only the channel and the kind."""
        if self._client is None:
            import boto3

            self._client = boto3.client("sns")
        self._client.publish(TopicArn=self.topic_arn, Subject=f"tsunagu {alert.kind}: {alert.channel}"[:100],
                             Message=json.dumps(alert.to_json(), ensure_ascii=False))
