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
    """Sends each forward as one message of its channel's group; the worker settles what it received."""

    def __init__(self, queue_url: str, dead_letter_url: str | None = None, endpoint_url: str | None = None) -> None:
        self.queue_url = queue_url
        self.dead_letter_url = dead_letter_url
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

    def delete(self, receipt_handles: list[str]) -> None:
        """Remove the messages the worker has done with (the forwarded ones before a refusal)."""
        for start in range(0, len(receipt_handles), 10):
            batch = receipt_handles[start:start + 10]
            self._client.delete_message_batch(QueueUrl=self.queue_url, Entries=[
                {"Id": str(i), "ReceiptHandle": handle} for i, handle in enumerate(batch)])

    def dead_letter(self, pending: PendingForward) -> None:
        """Move a forward given up after 24 h to the dead-letter queue (alarm ConsoleDeadLetterAlarm)."""
        if self.dead_letter_url is None:
            return
        self._client.send_message(QueueUrl=self.dead_letter_url, MessageBody=pending.to_json(),
                                  MessageGroupId=pending.channel,
                                  MessageDeduplicationId=hashlib.sha256(pending.body).hexdigest())
