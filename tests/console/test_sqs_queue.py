"""The forward queue in AWS, on moto's SQS server on 127.0.0.1: a FIFO group per channel in LINE's order, a
refusal leaves the rest queued, a restarted worker carries on, and what is done is deleted exactly once.

Order *through* an outage is SQS FIFO's own guarantee (a group with a message in flight delivers nothing
later until it is deleted or visible again, first). moto does not keep it (a message that becomes visible
again goes to the back), so that is asserted on the in-process queue, which runs the same service code
(tests/console/test_forwarding.py); here the order is asserted where moto is faithful."""

from __future__ import annotations

import boto3
import pytest
from support.console import CHANNEL, SECRET, Alerts, Counts, line_body

from tsunagu.adapters.console.http import HttpConsoleForwarder
from tsunagu.adapters.console.sqs import SqsForwardQueue
from tsunagu.adapters.standin.console import ConsoleStandIn
from tsunagu.domain.intake.signature import sign
from tsunagu.ports.console import PendingForward
from tsunagu.services.console import ForwardsWaiting, drain


class Worker:
    """What functions/app.py's forward worker does with one SQS batch (Lambda's FIFO event source)."""

    def __init__(self, endpoint: str, queue: SqsForwardQueue) -> None:
        self.sqs = boto3.client("sqs", endpoint_url=endpoint)
        self.queue = queue
        self.counts, self.alerts = Counts(), Alerts()

    def run_once(self) -> int:
        got = self.sqs.receive_message(QueueUrl=self.queue.queue_url, MaxNumberOfMessages=10,
                                       VisibilityTimeout=0, AttributeNames=["All"]).get("Messages", [])
        try:
            done = drain([m["Body"] for m in got], HttpConsoleForwarder(), self.alerts, self.counts,
                         self.queue.dead_letter)
        except ForwardsWaiting as waiting:
            done = waiting.done
        self.queue.delete([m["ReceiptHandle"] for m in got[:done]])
        return done


@pytest.fixture
def queues(s3_endpoint):
    sqs = boto3.client("sqs", endpoint_url=s3_endpoint)
    dlq = sqs.create_queue(QueueName="console-dlq.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    url = sqs.create_queue(QueueName="console.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    yield s3_endpoint, url, dlq
    sqs.delete_queue(QueueUrl=url)
    sqs.delete_queue(QueueUrl=dlq)


def test_order_holds_through_an_outage_and_a_worker_restart_on_sqs(queues):
    endpoint, url, dlq = queues
    with ConsoleStandIn(lambda channel: SECRET) as console:
        queue = SqsForwardQueue(url, dlq, endpoint_url=endpoint)
        assert not queue.direct_allowed(CHANNEL), "SQS cannot see a backlog: every request goes in order"
        bodies = [line_body(("Ua", "Ub", "Uc")[n % 3], n) for n in range(25)]
        for body in bodies:
            queue.put(PendingForward(CHANNEL, console.url(CHANNEL), body, sign(body, SECRET)))
        worker = Worker(endpoint, queue)
        assert worker.run_once() == 10
        assert [f.body for f in console.received] == bodies[:10], "a channel's group comes in LINE's order"
        console.down(503)
        for _ in range(5):  # the outage: nothing moves, nothing is deleted
            assert worker.run_once() == 0
        assert waiting(endpoint, url) == 15
        worker = Worker(endpoint, queue)  # a new worker (a new Lambda container) takes over
        console.down(None)
        while worker.run_once():
            pass
        assert sorted(f.body for f in console.received) == sorted(bodies), "every request arrives"
        assert console.duplicates == 0 and console.refused == 0, "and each once"
        assert waiting(endpoint, url) == 0


def waiting(endpoint: str, url: str) -> int:
    attributes = boto3.client("sqs", endpoint_url=endpoint).get_queue_attributes(
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])
    return sum(int(v) for v in attributes["Attributes"].values())


def test_a_request_queued_twice_within_five_minutes_is_queued_once(queues):
    endpoint, url, dlq = queues
    queue = SqsForwardQueue(url, dlq, endpoint_url=endpoint)
    body = line_body("Ua", 1)
    for _ in range(2):
        queue.put(PendingForward(CHANNEL, "https://console.example.jp/x", body, sign(body, SECRET)))
    got = boto3.client("sqs", endpoint_url=endpoint).receive_message(QueueUrl=url, MaxNumberOfMessages=10)
    assert len(got.get("Messages", [])) == 1
