"""The intake's HTTP contract, and the one place where failures become status codes.

    POST /callback/{channel}   200 every event durably recorded (also {"events": []}, LINE's check)
                               (events that cannot be used are skipped and logged by type and field)
                               400 missing or wrong X-Line-Signature (an unknown channel too: the
                               signature is checked first, against a stand-in secret, so unknown and
                               known channels look alike), a body not LINE's shape, or a
                               `destination` that is not the channel's bot
                               404 unknown channel, signed all the same   413 body over 1 MiB
                               503 storage unavailable (LINE redelivers)   500 anything else, no trace
    POST /scan/{placement}     204 counted (also past 30 a minute per placement: answered, not counted)
                               404 unknown placement   503 storage unavailable

Bodies are small JSON objects naming the problem; never a stack trace, never user data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tsunagu.domain.config import Channel, Programs
from tsunagu.domain.errors import (
    BodyTooLargeError,
    ConfigError,
    MalformedWebhookError,
    SignatureError,
    TsunaguError,
    UnknownChannelError,
    UnknownPlacementError,
)
from tsunagu.domain.intake.signature import verify
from tsunagu.domain.intake.webhook import parse
from tsunagu.domain.operations import NO_OVERLAY, Overlay
from tsunagu.domain.records import ScanRecord
from tsunagu.domain.schedule import JST
from tsunagu.ports.messaging import Notifier, ReplySender
from tsunagu.ports.metrics import Metrics, NoMetrics
from tsunagu.ports.retry import RetryQueue
from tsunagu.ports.secrets import Secrets, SecretsError
from tsunagu.ports.store import Store, StoreUnavailable
from tsunagu.services.intake.handler import process

if TYPE_CHECKING:  # forwarding is imported by the first channel with a console, not on every cold start
    from tsunagu.services.console import ConsoleLink

log = logging.getLogger("tsunagu.services.intake")


class ForwardLost(TsunaguError):
    """The counselling console took neither the request nor could the forward queue keep it (LINE redelivers)."""

# 1 MiB: LINE's webhooks are a few KiB; anything this large is not LINE.
MAX_BODY = 1024 * 1024
# The webhook's one time budget for replies, from its arrival (the emergency reply goes first, so it has
# nearly all of it): LINE counts 2 s as a request_timeout; the rest covers the write and an alert.
REPLY_DEADLINE_S = 1.0
# Scans counted per placement per minute: a person scans once; more is someone posting in a loop.
SCANS_PER_MINUTE = 30


@dataclass(frozen=True)
class Services:
    """Lazy builders of what a request needs; the Chalice app and `tsunagu serve` supply them."""

    programs: Callable[[], Programs]
    secrets: Callable[[], Secrets]
    store: Callable[[], Store]
    line: Callable[[], ReplySender]
    notifier: Callable[[], Notifier]
    clock: Callable[[], float] = time.time
    retry_queue: Callable[[], RetryQueue] | None = None  # None: replies that do not go out are only counted
    metrics: Callable[[], Metrics] = NoMetrics
    overlay: Callable[[str], Overlay] | None = None  # a channel's same-day operations, at most a minute stale
    console: Callable[[], ConsoleLink] | None = None  # forwarding to the counselling console (channels with one)
    console_url: Callable[[Channel], str | None] | None = None  # where a channel's console is (`local` resolved)


@dataclass(frozen=True)
class HttpResult:
    """A status code and a small JSON body."""

    status: int
    body: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


def receive_webhook(channel_id: str, body: bytes, signature: str | None, services: Services) -> HttpResult:
    """Verify, parse, record and answer one webhook request."""
    deadline = time.monotonic() + REPLY_DEADLINE_S
    try:
        if len(body) > MAX_BODY:
            raise BodyTooLargeError(f"the body is over {MAX_BODY} bytes")
        found = services.programs().find(channel_id)  # one look-up; its answer waits for the signature
        secrets = services.secrets()
        secret = secrets.channel(channel_id).secret if found or channel_id in secrets.channels \
            else stand_in_secret(secrets.pseudonym_key, channel_id)
        if not verify(body, secret, signature):
            raise SignatureError("X-Line-Signature is missing or does not match")
        if found is None:
            raise UnknownChannelError(channel_id)
        ward, channel = found
        received = services.clock()
        events, skipped = parse(body, channel.bot_user_id)
        for bad in skipped:  # index, LINE's type name and the field: never a value from the body
            log.warning("%s: events[%d] (%s) skipped: %s", channel_id, bad.index, bad.type, bad.problem)
        if not events:
            _forward(channel, body, signature or "", received, deadline, services)
            return HttpResult(200, {"ok": True, "events": 0, "skipped": len(skipped)})
        overlay = services.overlay(channel_id) if services.overlay is not None else NO_OVERLAY
        report = process(events, ward, channel, secrets.pseudonym_key, services.store, services.line,
                         services.notifier, deadline, int(received), retry_queue=services.retry_queue,
                         overlay=overlay)
        _forward(channel, body, signature or "", received, deadline, services)
        services.metrics().count(report.counts(), channel_id)
        # Counts only: what an operator needs to see that redeliveries are absorbed and replies go out.
        log.info("%s: %d recorded, %d redelivered, %d ignored, replies %s, staff alerts %s", channel_id,
                 report.recorded, report.duplicates, report.ignored, report.replies, report.alerts)
        return HttpResult(200, {"ok": True, "events": len(events), "skipped": len(skipped)})
    except Exception as exc:
        return _counted(failure(exc, channel_id), channel_id, services)


def _forward(channel: Channel, body: bytes, signature: str, received: float, deadline: float,
             services: Services) -> None:
    """Hand LINE's request, untouched, to the channel's counselling console (once every event is recorded).

    The direct try ends half a second after the reply budget, inside LINE's 2 s; what does not finish
    in time waits in the forward queue. ForwardLost (neither forwarded nor queued) makes the webhook
    answer 503, so that LINE redelivers the request and it is forwarded then.
    """
    if channel.console is None or services.console is None or services.console_url is None:
        return
    url = services.console_url(channel)
    if url is None:
        log.error("%s: console %s has no address here (a local stand-in runs only under tsunagu serve)",
                  channel.id, channel.console.url)
        return
    from tsunagu.ports.console import PendingForward
    from tsunagu.services.console import FORWARD_BUDGET_S, forward_request

    budget = min(FORWARD_BUDGET_S, deadline + 0.5 - time.monotonic())
    outcome = forward_request(services.console(), PendingForward(channel.id, url, body, signature, received), budget)
    if outcome == "lost":
        raise ForwardLost(f"{channel.id}: the console request could be neither forwarded nor queued")


def receive_scan(placement_id: str, services: Services) -> HttpResult:
    """Count one scan of a placement that counts scans: (placement, JST day) and nothing else."""
    try:
        placement = services.programs().placement(placement_id)
        if not placement.count_scans:
            raise UnknownPlacementError(placement_id)
        now = services.clock()
        day = dt.datetime.fromtimestamp(now, JST).date()
        counted = services.store().record_scan(ScanRecord(placement.id, day), at=int(now), per_minute=SCANS_PER_MINUTE,
                                               per_day=placement.daily_scan_ceiling)
        if not counted:
            log.debug("scan of %s over %d a minute: answered, not counted", placement.id, SCANS_PER_MINUTE)
        services.metrics().count({"ScansCounted": int(counted), "ScansCapped": int(not counted)}, placement.id)
        # Only the ward's own portal may read the answer (a beacon from the page itself needs no CORS at all).
        ward = next(w for w in services.programs().wards if placement in w.placements)
        return HttpResult(204, headers={"Access-Control-Allow-Origin": origin(ward.portal_url), "Vary": "Origin"})
    except Exception as exc:
        return _counted(failure(exc, placement_id), placement_id, services)


def stand_in_secret(key: bytes, channel_id: str) -> str:
    """A secret for a channel that has none: 32 hex digits like LINE's, so verifying costs the same."""
    return hmac.new(key, b"stand-in:" + channel_id.encode("utf-8", "replace"), hashlib.sha256).hexdigest()[:32]


def _counted(result: HttpResult, what: str, services: Services) -> HttpResult:
    """Count a 503 (storage down: the alarm on 5xx reads it too); `what` is a known channel or placement."""
    if result.status == 503:
        services.metrics().count({"ServiceUnavailable": 1}, what)
    return result


def origin(url: str) -> str:
    """The origin (scheme://host[:port]) of a URL, as browsers compare it for CORS."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# The one mapping from failures to statuses.
STATUS: tuple[tuple[type[BaseException], int, str], ...] = (
    (BodyTooLargeError, 413, "body too large"),
    (UnknownChannelError, 404, "unknown channel"),
    (UnknownPlacementError, 404, "unknown placement"),
    (SignatureError, 400, "bad signature"),
    (MalformedWebhookError, 400, "malformed body"),
    (StoreUnavailable, 503, "storage unavailable; retry"),
    (ForwardLost, 503, "console unreachable and its queue too; retry"),
)


def failure(exc: Exception, what: str) -> HttpResult:
    """The status and body for a failure; unexpected ones are logged by type only and become 500."""
    for kind, status, message in STATUS:
        if isinstance(exc, kind):
            detail = str(exc) if isinstance(exc, MalformedWebhookError) else message
            if status == 503:
                # The cause, as the log has always named it; store errors name the file or table and the
                # failure, never a record's values.
                log.warning("%s: %s: answering 503 so LINE redelivers", message.split(";")[0], exc)
            return HttpResult(status, {"error": detail})
    if isinstance(exc, ConfigError | SecretsError):
        log.error("intake misconfigured: %s", exc)
    else:
        log.error("intake failed: %s", type(exc).__name__)
    return HttpResult(500, {"error": "internal error"})
