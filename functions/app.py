"""tsunagu on AWS Lambda: the LINE webhook, scan counting and the weekly schedule. Logic is in tsunagu."""

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chalice import Chalice, Cron, Response

from tsunagu.intake import HttpResult, Services, receive_scan, receive_webhook

app = Chalice(app_name="tsunagu")
_built: dict = {}
# LINE sends application/json; a scan beacon sends text/plain (or nothing): its body is ignored.
BEACON_TYPES = ["application/json", "text/plain", "application/x-www-form-urlencoded", "application/octet-stream"]


def _once(name: str, build: Callable[[], Any]) -> Any:
    if name not in _built:
        _built[name] = build()
    return _built[name]


def _get_programs():
    from tsunagu.config import load_programs

    compiled = Path(__file__).with_name("programs.json")
    default = compiled if compiled.exists() else Path("programs")
    return _once("programs", lambda: load_programs(Path(os.environ.get("TSUNAGU_PROGRAMS") or default)))


def _get_secrets():
    from tsunagu.secretstore import load_secrets

    return _once("secrets", load_secrets)


def _get_store():
    from tsunagu.store import open_store

    return _once("store", open_store)


def _get_line():
    from tsunagu.line_api import open_line_client

    return _once("line", lambda: open_line_client(_get_secrets()))


def _get_notifier():
    from tsunagu.notify import open_notifier

    return _once("notifier", open_notifier)


def _services() -> Services:
    return Services(programs=_get_programs, secrets=_get_secrets, store=_get_store, line=_get_line,
                    notifier=_get_notifier)


def _http(result: HttpResult) -> Response:
    body = "" if result.status == 204 else result.body
    return Response(body=body, status_code=result.status, headers={"Cache-Control": "no-store"})


@app.route("/callback/{channel}", methods=["POST"], content_types=["application/json"])
def callback(channel: str) -> Response:
    """LINE's webhook for one channel (see tsunagu.intake.http for the status codes)."""
    request = app.current_request
    return _http(receive_webhook(channel, request.raw_body, request.headers.get("x-line-signature"), _services()))


@app.route("/scan/{placement}", methods=["POST"], content_types=BEACON_TYPES, cors=True)
def scan(placement: str) -> Response:
    """Count one scan of a printed placement: placement and day only; body and headers are ignored."""
    return _http(receive_scan(placement, _services()))


@app.schedule(Cron(0, 21, "?", "*", "SUN", "*"))  # Monday 06:00 JST = Sunday 21:00 UTC
def publish_schedule(event: object) -> list:
    """Publish the next 14 days of slots of every channel (schedule/<channel>.json and .ics)."""
    from tsunagu.publish import open_publisher, publish_schedules
    from tsunagu.schedule import JST

    return publish_schedules(_get_programs(), open_publisher(), start=dt.datetime.now(JST).date(), days=14)
