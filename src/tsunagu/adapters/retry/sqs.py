"""The retry queue in AWS: one SQS queue (SSE, short retention, a dead-letter queue; see the template).

The message body is the pending reply as JSON, user id included: SQS is the only place it is written,
encrypted at rest, and gone after the queue's retention. The worker (functions/app.py `retry_replies`)
receives it through Lambda's event source mapping, so this adapter only sends.
"""

from __future__ import annotations

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from tsunagu.ports.retry import Pending, RetryQueueUnavailable

# The intake is still inside LINE's 2 s when it queues: a slow SQS must not hold the webhook (one
# attempt of at most 0.5 + 0.5 s; a message it did not take is logged and counted as lost).
SQS_CONFIG = Config(connect_timeout=0.5, read_timeout=0.5, retries={"mode": "standard", "total_max_attempts": 1})


class SqsRetryQueue:
    """Sends each pending reply as one message to the queue at `queue_url`."""

    def __init__(self, queue_url: str, endpoint_url: str | None = None) -> None:
        self.queue_url = queue_url
        self._client = boto3.client("sqs", endpoint_url=endpoint_url, config=SQS_CONFIG)

    def put(self, pending: Pending) -> None:
        """Send the message; RetryQueueUnavailable names the failure's type only (never the message)."""
        try:
            self._client.send_message(QueueUrl=self.queue_url, MessageBody=pending.to_json())
        except (BotoCoreError, ClientError) as exc:
            raise RetryQueueUnavailable(f"SQS did not take the message: {type(exc).__name__}") from None
