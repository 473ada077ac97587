"""The emergency reply never waits on anything slow (issue 19, F1 F2 F13): faults injected on 127.0.0.1.

A "hanging" service is a socket server that accepts connections and never answers, as a stuck SNS or
DynamoDB endpoint does. A write-locked SQLite file is another connection holding its write lock.
"""

from __future__ import annotations

import logging
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.intake_moments import closed_moment, open_moment
from support.line_events import make_event

from tsunagu.makers.sources.programs import load_programs
from tsunagu.ports.retry import PendingAlert, PendingReply

KITA = "kita-women"
PROGRAMS = Path(__file__).resolve().parents[2] / "programs"
REPLY, PUSH = "/v2/bot/message/reply", "/v2/bot/message/push"


@pytest.fixture(scope="module")
def kita():
    return load_programs(PROGRAMS).channel(KITA)


@pytest.fixture
def hanging_url() -> Iterator[str]:
    """http://127.0.0.1:PORT of a server that accepts every connection and never says a word (30 s)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            held.append(conn)  # kept open, unanswered, until the test ends (at most 30 s)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join(1)
    for conn in held:
        conn.close()
    server.close()


@pytest.fixture
def aws_env(monkeypatch):
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "ap-northeast-1"}.items():
        monkeypatch.setenv(name, value)


class Refusing:
    """A retry queue that takes nothing (SQS down as well)."""

    def put(self, pending: PendingReply | PendingAlert) -> None:
        from tsunagu.ports.retry import RetryQueueUnavailable

        raise RetryQueueUnavailable("SQS is down too")


class Queue:
    """A retry queue that keeps what it is given (the worker is tested apart, in test_retry.py)."""

    def __init__(self) -> None:
        self.items: list[PendingReply | PendingAlert] = []

    def put(self, pending: PendingReply | PendingAlert) -> None:
        self.items.append(pending)


def timed_replies(app) -> list[float]:
    """Make the LINE stand-in note when each reply arrives (time.monotonic())."""
    arrived: list[float] = []

    def answer(req):
        arrived.append(time.monotonic())
        return 200, {"sentMessages": [{"id": "1", "quoteToken": "q"}]}

    app.line.route("POST", REPLY, answer)
    return arrived


def write_locked(path: Path) -> sqlite3.Connection:
    """Another process's writer holding the file's write lock."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    return conn


@pytest.mark.parametrize("storage", ["sqlite-locked", "dynamodb-hanging"])
def test_hanging_sns_and_storage_do_not_delay_the_emergency_reply(intake_on, tmp_path, hanging_url, aws_env, kita,
                                                                 storage, caplog):
    from tsunagu.adapters.notify.sns import SnsNotifier
    from tsunagu.adapters.store.dynamodb import DynamoStore
    from tsunagu.adapters.store.sqlite import SqliteStore

    caplog.set_level(logging.INFO)
    lock = None
    if storage == "sqlite-locked":
        store = SqliteStore(tmp_path / "locked.sqlite3")
        lock = write_locked(tmp_path / "locked.sqlite3")
    else:
        store = DynamoStore("tsunagu-hanging", endpoint_url=hanging_url)
    queue = Queue()
    notifier = SnsNotifier("arn:aws:sns:ap-northeast-1:123456789012:tsunagu-alerts", endpoint_url=hanging_url)
    app = intake_on(store, notifier=notifier, retry_queue=queue)
    arrived = timed_replies(app)
    event = make_event("text", text="もう死にたい", at=closed_moment(kita))
    started = time.monotonic()
    res = app.post(KITA, event)
    answered = time.monotonic() - started
    assert arrived, "no emergency reply reached LINE"
    assert arrived[0] - started < 1.5, f"the emergency reply reached LINE after {arrived[0] - started:.2f} s"
    assert res.status_code == 503 and answered < 2.0, f"answered {res.status_code} after {answered:.2f} s"
    # The alert could not go out (SNS hangs): it waits in the retry queue, with the channel and kind only.
    [alert] = [p for p in queue.items if isinstance(p, PendingAlert)]
    assert (alert.alert.channel, alert.alert.kind) == (KITA, "emergency")
    # The log says what happened, and why the answer was 503.
    assert "answered and alerted" not in caplog.text
    assert "staff alert queued" in caplog.text
    assert "storage unavailable" in caplog.text and ("locked" in caplog.text or "ReadTimeout" in caplog.text)
    if lock:
        lock.close()
    store.close()


def test_hanging_sns_alone_the_emergency_is_answered_recorded_and_its_alert_queued(intake_on, tmp_path, hanging_url,
                                                                                  aws_env, kita, caplog):
    from tsunagu.adapters.notify.sns import SnsNotifier
    from tsunagu.adapters.store.sqlite import SqliteStore

    caplog.set_level(logging.INFO)
    store = SqliteStore(tmp_path / "s.sqlite3")
    queue = Queue()
    notifier = SnsNotifier("arn:aws:sns:ap-northeast-1:123456789012:tsunagu-alerts", endpoint_url=hanging_url)
    app = intake_on(store, notifier=notifier, retry_queue=queue)
    arrived = timed_replies(app)
    started = time.monotonic()
    res = app.post(KITA, make_event("text", text="もう死にたい", at=open_moment(kita)))
    assert res.status_code == 200 and time.monotonic() - started < 2.0
    assert arrived and arrived[0] - started < 1.5
    assert [r.kind for r in app.records()] == ["emergency"]
    assert [type(p).__name__ for p in queue.items] == ["PendingAlert"]
    store.close()


class Stamped:
    """A notifier that notes when each alert arrives (time.monotonic()), its kind only."""

    def __init__(self) -> None:
        self.arrived: list[tuple[float, str]] = []

    def send(self, alert) -> None:
        self.arrived.append((time.monotonic(), alert.kind))


def test_staff_hear_of_an_emergency_before_a_hanging_store_gives_up(intake_on, hanging_url, aws_env, kita):
    # The store hangs (each write waits out its timeouts, then 503): the alert goes out beside the write,
    # not after it. An order of events, not a time limit: the alert arrives before the write has failed.
    from tsunagu.adapters.store.dynamodb import DynamoStore

    store = DynamoStore("tsunagu-hanging", endpoint_url=hanging_url)
    staff = Stamped()
    app = intake_on(store, notifier=staff, retry_queue=Queue())
    arrived = timed_replies(app)
    res = app.post(KITA, make_event("text", text="もう死にたい", at=closed_moment(kita)))
    gave_up = time.monotonic()
    assert res.status_code == 503 and arrived
    [(alerted, kind)] = staff.arrived
    assert kind == "emergency" and arrived[0] <= alerted
    # The write waited at least one timeout (0.5 s) after the alert went out.
    assert gave_up - alerted >= 0.4, f"the alert went out {gave_up - alerted:.2f} s before the store gave up"
    store.close()


def test_a_hanging_alert_service_does_not_hold_up_the_record(intake_on, tmp_path, hanging_url, aws_env, kita):
    # SNS hangs: the record is written while the alert waits out its timeout, then the alert is queued.
    from tsunagu.adapters.notify.sns import SnsNotifier
    from tsunagu.adapters.store.sqlite import SqliteStore

    written: list[float] = []

    class Noting(SqliteStore):
        def record_claiming(self, record, claim, add=None):
            out = super().record_claiming(record, claim, add)
            written.append(time.monotonic())
            return out

    store = Noting(tmp_path / "s.sqlite3")
    queue = Queue()
    notifier = SnsNotifier("arn:aws:sns:ap-northeast-1:123456789012:tsunagu-alerts", endpoint_url=hanging_url)
    app = intake_on(store, notifier=notifier, retry_queue=queue)
    arrived = timed_replies(app)
    assert app.post(KITA, make_event("text", text="もう死にたい", at=open_moment(kita))).status_code == 200
    queued = time.monotonic()
    assert [r.kind for r in app.records()] == ["emergency"]
    assert [type(p).__name__ for p in queue.items] == ["PendingAlert"]
    assert arrived and written and arrived[0] <= written[0]
    assert queued - written[0] >= 0.3, "the record waited for the hanging alert service"
    store.close()


def test_a_recorded_emergency_whose_alert_never_went_out_is_alerted_on_redelivery(intake_on, tmp_path, kita):
    # The first delivery was recorded, then the function stopped (LINE's redelivery follows): alert then.
    from tsunagu.adapters.store.sqlite import SqliteStore

    class Down:
        def send(self, alert):
            raise OSError("SNS is down")

    store = SqliteStore(tmp_path / "s.sqlite3")
    app = intake_on(store, notifier=Down(), retry_queue=Refusing())  # the alert is lost this time
    event = make_event("text", text="もう死にたい", at=open_moment(kita))
    assert app.post(KITA, event).status_code == 200
    app2 = intake_on(store)  # SNS is back
    assert app2.post(KITA, {**event, "deliveryContext": {"isRedelivery": True}}).status_code == 200
    assert [a["kind"] for a in app2.alerts()] == ["emergency"]
    assert len(app2.records()) == 1
    # A third delivery finds it answered and alerted: nothing more.
    assert app2.post(KITA, {**event, "deliveryContext": {"isRedelivery": True}}).status_code == 200
    assert [a["kind"] for a in app2.alerts()] == ["emergency"]
    store.close()


def test_a_recorded_handoff_whose_reply_never_went_out_is_answered_on_redelivery(intake_on, tmp_path, kita):
    from tsunagu.adapters.store.sqlite import SqliteStore

    store = SqliteStore(tmp_path / "s.sqlite3")
    app = intake_on(store, retry_queue=Refusing())
    app.line.fail(REPLY, 500)
    app.line.fail(PUSH, 500)
    event = make_event("postback", data="action=handoff&kind=phone", at=open_moment(kita))
    assert app.post(KITA, event).status_code == 200
    assert app.line.delivered() == []
    app.line.fail(REPLY, None)
    app.line.fail(PUSH, None)
    assert app.post(KITA, {**event, "deliveryContext": {"isRedelivery": True}}).status_code == 200
    assert len(app.line.delivered()) == 1
    assert app.post(KITA, {**event, "deliveryContext": {"isRedelivery": True}}).status_code == 200
    assert len(app.line.delivered()) == 1
    store.close()


def test_a_corrupt_database_names_its_cause_in_the_log(tmp_path, kita, caplog):
    from support.line_events import sign, webhook_body

    from tsunagu.adapters.line.api import HttpLineClient
    from tsunagu.adapters.notify.alertlog import AlertLog
    from tsunagu.adapters.secrets.files import init_local_secrets
    from tsunagu.adapters.store.sqlite import SqliteStore
    from tsunagu.services.intake.http import Services, receive_webhook
    from tsunagu.wiring import load_secrets

    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"this is not a database" * 200)
    init_local_secrets(tmp_path / "secrets.json", [KITA])
    secrets = load_secrets(str(tmp_path / "secrets.json"))
    programs = load_programs(PROGRAMS)
    services = Services(programs=lambda: programs, secrets=lambda: secrets, store=lambda: SqliteStore(path),
                        line=lambda: HttpLineClient(secrets, "http://127.0.0.1:9"),
                        notifier=lambda: AlertLog(tmp_path / "alerts.log"))
    caplog.set_level(logging.INFO)
    body = webhook_body(make_event("text", at=open_moment(kita)))
    assert receive_webhook(KITA, body, sign(body, secrets.channel(KITA).secret), services).status == 503
    [line] = [r.getMessage() for r in caplog.records if "storage unavailable" in r.getMessage()]
    assert "not a database" in line and str(path) in line


def test_timeouts_of_every_outbound_client_are_at_most_one_second(aws_env):
    from tsunagu.adapters.line.api import HttpLineClient
    from tsunagu.adapters.notify.sns import SnsNotifier
    from tsunagu.adapters.retry.sqs import SqsRetryQueue
    from tsunagu.adapters.secrets.ssm import SSM_CONFIG
    from tsunagu.adapters.store.dynamodb import DynamoStore
    from tsunagu.adapters.store.sqlite import BUSY_MS
    from tsunagu.ports.secrets import Secrets

    clients = [SnsNotifier("arn:aws:sns:ap-northeast-1:1:t")._client, SqsRetryQueue("http://q")._client,
               DynamoStore("t")._client]
    for client in clients:
        config = client.meta.config
        assert config.connect_timeout <= 1 and config.read_timeout <= 1, client.meta.service_model.service_name
        assert config.retries["total_max_attempts"] <= 2
    assert SSM_CONFIG.connect_timeout <= 1 and SSM_CONFIG.read_timeout <= 1
    assert HttpLineClient(Secrets(b"k" * 32, {}), "http://x").timeout <= 1
    assert BUSY_MS <= 500  # the lock wait, the emergency reply and an alert fit in LINE's 2 s
