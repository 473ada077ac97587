"""The composition root: adapters chosen and built from Settings, for the Lambda app, the CLI and `serve`.

Every "which adapter does this URL name" decision lives here, once. Adapters are imported inside the
functions that choose them, so the Lambda's cold path loads only the adapters its settings name
(the SQLite store never imports boto3; the standard-library LINE client never imports line-bot-sdk).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from tsunagu.domain.config import Channel, Programs
from tsunagu.domain.errors import PublishError
from tsunagu.ports.insight import InsightSource
from tsunagu.ports.messaging import Alert, LineMessenger, Notifier, PushSender
from tsunagu.ports.metrics import Metrics, NoMetrics
from tsunagu.ports.publisher import Publisher, s3_location
from tsunagu.ports.retry import RetryQueue
from tsunagu.ports.secrets import Secrets
from tsunagu.ports.store import Store, StoreUnavailable
from tsunagu.services.intake import Services
from tsunagu.settings import Settings

log = logging.getLogger("tsunagu.wiring")

if TYPE_CHECKING:  # built on first use: a Lambda without consoles never imports forwarding
    from tsunagu.ports.console import ForwardQueue
    from tsunagu.services.console import ConsoleLink
    from tsunagu.services.operations import OverlayCache

T = TypeVar("T")


def read_programs(path: Path) -> Programs:
    """Programmes compiled to JSON (the Lambda: no YAML parser is imported) or a folder of programme files."""
    if path.suffix == ".json":
        from tsunagu.adapters.programs_json import load_compiled

        return load_compiled(path)
    from tsunagu.makers.sources.programs import load_programs

    return load_programs(path)


def open_store(url: str) -> Store:
    """The store named by a URL: `sqlite:///PATH` or `dynamodb://TABLE`."""
    if url.startswith("sqlite:///"):
        from tsunagu.adapters.store.sqlite import SqliteStore

        return SqliteStore(url.removeprefix("sqlite:///"))
    if url.startswith("dynamodb://"):
        from tsunagu.adapters.store.dynamodb import DynamoStore

        return DynamoStore(url.removeprefix("dynamodb://"))
    raise StoreUnavailable(f"TSUNAGU_STORE={url!r}: use sqlite:///PATH or dynamodb://TABLE")


def load_secrets(source: str) -> Secrets:
    """The secrets from a JSON file path or from `ssm:/PREFIX`."""
    if source.startswith("ssm:"):
        from tsunagu.adapters.secrets.ssm import load_ssm_secrets

        return load_ssm_secrets(source.removeprefix("ssm:"))
    from tsunagu.adapters.secrets.files import load_file_secrets

    return load_file_secrets(Path(source))


def open_publisher(url: str) -> Publisher:
    """The publisher for a folder path or `s3://BUCKET/PREFIX`."""
    if url.startswith("s3://"):
        from tsunagu.adapters.publish.s3 import S3Publisher

        try:
            bucket, prefix = s3_location(url)
        except ValueError:
            raise PublishError("TSUNAGU_PUBLISH: give the bucket, e.g. s3://my-bucket/site") from None
        return S3Publisher(bucket, prefix)
    from tsunagu.adapters.publish.local import LocalPublisher

    return LocalPublisher(Path(url.removeprefix("file://")))


def open_notifier(target: str, review: str = "") -> Notifier:
    """Staff alerts: `sns:TOPIC_ARN`, or a file path; review notes to `review` (see Settings.notify_review)."""
    urgent = _notifier(target)
    if not review and target.startswith("sns:"):
        return ByPriority(urgent, None)  # a review note never goes where alerts page someone
    return ByPriority(urgent, _notifier(review) if review and review != target else urgent)


def _notifier(target: str) -> Notifier:
    if target.startswith("sns:"):
        from tsunagu.adapters.notify.sns import SnsNotifier

        return SnsNotifier(target.removeprefix("sns:"))
    from tsunagu.adapters.notify.alertlog import AlertLog

    return AlertLog(target)


class ByPriority:
    """Alerts to their target; review notes (kind "review") to theirs, or nowhere (logged) without one."""

    def __init__(self, urgent: Notifier, review: Notifier | None) -> None:
        self.urgent, self.review = urgent, review

    def send(self, alert: Alert) -> None:
        """Send the alert where its priority goes."""
        if alert.kind != "review":
            self.urgent.send(alert)
        elif self.review is not None:
            self.review.send(alert)
        else:
            log.info("review note not sent: %s %s (no TSUNAGU_NOTIFY_REVIEW)", alert.channel, alert.category)


def open_retry_queue(target: str, line: Callable[[], PushSender], metrics: Callable[[], Metrics],
                     notifier: Callable[[], Notifier] | None = None) -> RetryQueue:
    """Replies to push and alerts to send later: `sqs:QUEUE_URL`, or (empty) a queue inside this process."""
    if target.startswith("sqs:"):
        from tsunagu.adapters.retry.sqs import SqsRetryQueue

        return SqsRetryQueue(target.removeprefix("sqs:"))
    from tsunagu.adapters.retry.inprocess import InProcessRetryQueue

    return InProcessRetryQueue(line, metrics, notifier=notifier)


def open_forward_queue(target: str, dead_letter: str, wiring: Wiring) -> ForwardQueue:
    """Forwards to the counselling console that must wait: `sqs:QUEUE_URL` (FIFO), or (empty) this process."""
    if target.startswith("sqs:"):
        from tsunagu.adapters.console.sqs import SqsForwardQueue

        return SqsForwardQueue(target.removeprefix("sqs:"), dead_letter.removeprefix("sqs:") or None)
    from tsunagu.adapters.console.http import HttpConsoleForwarder
    from tsunagu.adapters.console.inprocess import InProcessForwardQueue

    return InProcessForwardQueue(HttpConsoleForwarder, wiring.notifier, wiring.metrics)


def open_metrics(target: str) -> Metrics:
    """Counts: `emf:SERVICE` (CloudWatch embedded-metric lines on stdout), or none."""
    if target.startswith("emf:"):
        from tsunagu.adapters.metrics import EmbeddedMetrics

        return EmbeddedMetrics(target.removeprefix("emf:"))
    return NoMetrics()


def open_line_client(settings: Settings, secrets: Secrets) -> LineMessenger:
    """The standard-library LINE client on `line_api` (line-bot-sdk stays off the intake's path)."""
    from tsunagu.adapters.line.api import HttpLineClient

    return HttpLineClient(secrets, settings.line_api)


def open_insight(settings: Settings, secrets: Secrets, client: str = "sdk") -> InsightSource:
    """LINE's follower counts on the Messaging API host: line-bot-sdk's Insight client (`sdk`, staff side)
    or the standard library (`http`, the Lambda, which ships no SDK)."""
    if client == "http":
        from tsunagu.adapters.line.insight_http import HttpInsightSource

        return HttpInsightSource(secrets, settings.line_api)
    from tsunagu.adapters.line.insight import SdkInsightSource

    return SdkInsightSource(secrets, settings.line_api)


class Wiring:
    """What one process needs, built once on first use from its Settings (thread-safe)."""

    def __init__(self, settings: Settings, programs_path: Path | None = None,
                 provided: Mapping[str, object] | None = None) -> None:
        self.settings = settings
        self._programs_path = programs_path or settings.programs_path()
        # Parts handed in ready-made (tests, `serve`) are used as they are, by name: "store", "line", ...
        self._built: dict[str, object] = dict(provided or {})
        self._lock = threading.RLock()  # re-entrant: building the LINE client reads the secrets

    def _once(self, name: str, build: Callable[[], T]) -> T:
        """The part called `name`, built on first use; later calls take no lock (a dict read is atomic)."""
        part = self._built.get(name)
        if part is None:
            with self._lock:
                part = self._built.get(name)
                if part is None:
                    part = self._built[name] = build()
        return cast(T, part)

    def programs(self) -> Programs:
        """The validated programmes (folder of YAML files or compiled JSON)."""
        return self._once("programs", lambda: read_programs(self._programs_path))

    def secrets(self) -> Secrets:
        """Channel secrets, access tokens and the pseudonym key."""
        return self._once("secrets", lambda: load_secrets(self.settings.secrets))

    def store(self) -> Store:
        """The records store."""
        return self._once("store", lambda: open_store(self.settings.store))

    def publisher(self) -> Publisher:
        """Where the weekly schedule files go."""
        return self._once("publisher", lambda: open_publisher(self.settings.publish))

    def notifier(self) -> Notifier:
        """Where staff alerts go."""
        return self._once("notifier", lambda: open_notifier(self.settings.notify, self.settings.notify_review))

    def line(self) -> LineMessenger:
        """The LINE client (replies and pushes)."""
        return self._once("line", lambda: open_line_client(self.settings, self.secrets()))

    def insight(self, client: str = "sdk") -> InsightSource:
        """LINE's official follower counts: `sdk` for staff commands, `http` for the daily Lambda."""
        return self._once(f"insight-{client}", lambda: open_insight(self.settings, self.secrets(), client))

    def retry_queue(self) -> RetryQueue:
        """Where replies that did not go out wait to be pushed."""
        return self._once("retry_queue", lambda: open_retry_queue(self.settings.retry_queue, self.line, self.metrics,
                                                                  self.notifier))

    def metrics(self) -> Metrics:
        """Where the counts go."""
        return self._once("metrics", lambda: open_metrics(self.settings.metrics))

    def forward_queue(self) -> ForwardQueue:
        """Where LINE requests wait for a counselling console that did not take them in time."""
        return self._once("forward_queue", lambda: open_forward_queue(
            self.settings.console_queue, self.settings.console_dead_letter_queue, self))

    def console(self) -> ConsoleLink:
        """Forwarding to the counselling consoles: the HTTP forwarder, the queue and the counts."""
        def build() -> ConsoleLink:
            from tsunagu.adapters.console.http import HttpConsoleForwarder
            from tsunagu.services.console import ConsoleLink

            return ConsoleLink(HttpConsoleForwarder(), self.forward_queue(), self.metrics())

        return self._once("console", build)

    def console_url(self, channel: Channel) -> str | None:
        """A channel's console webhook URL; `local` is the stand-in `tsunagu serve` runs (None elsewhere)."""
        if channel.console is None:
            return None
        if not channel.console.is_local:
            return channel.console.url
        base = self._built.get("console_local")
        return f"{base}{channel.id}" if isinstance(base, str) else None

    def overlay(self) -> OverlayCache:
        """The channels' same-day operations as the intake reads them (at most TSUNAGU_OVERLAY_TTL stale)."""
        from tsunagu.services.operations import OverlayCache

        return self._once("overlay", lambda: OverlayCache(self.store, ttl=self.settings.overlay_ttl))

    def close(self) -> None:
        """Release what was opened (the store's connections); the wiring is not used afterwards."""
        store = self._built.pop("store", None)
        if isinstance(store, Store):
            store.close()

    def services(self) -> Services:
        """What the intake needs for one request, as lazy builders."""
        return Services(programs=self.programs, secrets=self.secrets, store=self.store, line=self.line,
                        notifier=self.notifier, retry_queue=self.retry_queue, metrics=self.metrics,
                        overlay=lambda channel: self.overlay().get(channel), console=self.console,
                        console_url=self.console_url)
