"""The forward queue in AWS: one SQS FIFO queue (SSE, a dead-letter queue), a message group per channel.

FIFO keeps a channel's requests in the order LINE sent them: while one waits for its console, the later
ones of its group wait behind it (a per-channel order is the per-user order and more). Deduplication is
by the body's hash, so a webhook retried inside SQS's five-minute window is queued once; LINE's own
redeliveries carry `isRedelivery` and a console dedupes them by `webhookEventId`, as it must anyway.
"""

from __future__ import annotations

import hashlib

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from tsunagu.ports.console import ForwardQueueUnavailable, PendingForward

# The intake is still inside LINE's 2 s when it queues: a slow SQS must not hold the webhook.
SQS_CONFIG = Config(connect_timeout=1.0, read_timeout=1.0, retries={"max_attempts": 2, "mode": "standard"})


class SqsForwardQueue:
    """Sends each forward as one message of its channel's group."""

    def __init__(self, queue_url: str, endpoint_url: str | None = None) -> None:
        self.queue_url = queue_url
        self._client = boto3.client("sqs", endpoint_url=endpoint_url, config=SQS_CONFIG)

    def direct_allowed(self, channel: str) -> bool:
        """Never: SQS cannot say cheaply whether the channel has a backlog, so every request goes in order."""
        return False

    def put(self, pending: PendingForward) -> None:
        """Send the message; ForwardQueueUnavailable names the failure's type only (never the message)."""
        try:
            self._client.send_message(QueueUrl=self.queue_url, MessageBody=pending.to_json(),
                                      MessageGroupId=pending.channel,
                                      MessageDeduplicationId=hashlib.sha256(pending.body).hexdigest())
        except (BotoCoreError, ClientError) as exc:
            raise ForwardQueueUnavailable(f"SQS did not take the forward: {type(exc).__name__}") from None
