"""tsunagu on AWS Lambda: the LINE webhook, scan counting and the weekly schedule. Logic is in tsunagu."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from chalice import Chalice, Cron, IAMAuthorizer, Response
from chalice.app import SQSEvent

from tsunagu.logconfig import configure_logging
from tsunagu.services.intake import HttpResult, receive_scan, receive_webhook
from tsunagu.settings import Settings
from tsunagu.wiring import Wiring

# configure_logs=False: Chalice would set the `tsunagu` logger to ERROR and stop it propagating (see
# tsunagu.logconfig); the level comes from Settings when the wiring is built.
app = Chalice(app_name="tsunagu", configure_logs=False)
# LINE sends application/json; a scan beacon sends text/plain (or nothing): its body is ignored.
BEACON_TYPES = ["application/json", "text/plain", "application/x-www-form-urlencoded", "application/octet-stream"]
# scripts/package compiles the programmes beside this file, so the Lambda parses no YAML.
COMPILED_PROGRAMS = Path(__file__).with_name("programs.json")
_wiring: list[Wiring] = []


def wiring() -> Wiring:
    """The process's wiring, built from the environment on first use (once per Lambda container)."""
    if not _wiring:
        settings = Settings.from_env()
        configure_logging(settings.log_level)
        default = COMPILED_PROGRAMS if COMPILED_PROGRAMS.exists() else Path("programs")
        _wiring.append(Wiring(settings, programs_path=settings.programs_path(default)))
    return _wiring[0]


def use(replacement: Wiring) -> None:
    """Run on other wiring (`tsunagu serve` and tests hand in theirs)."""
    _wiring[:] = [replacement]


def _http(result: HttpResult) -> Response:
    body = "" if result.status == 204 else result.body
    return Response(body=body, status_code=result.status, headers={"Cache-Control": "no-store", **result.headers})


@app.route("/callback/{channel}", methods=["POST"], content_types=["application/json"])
def callback(channel: str) -> Response:
    """LINE's webhook for one channel (see tsunagu.services.intake.http for the status codes)."""
    request = app.current_request
    signature = request.headers.get("x-line-signature")
    return _http(receive_webhook(channel, request.raw_body, signature, wiring().services()))


# No cors=True (it answers `Access-Control-Allow-Origin: *`): the answer names the ward's portal origin.
@app.route("/scan/{placement}", methods=["POST"], content_types=BEACON_TYPES)
def scan(placement: str) -> Response:
    """Count one scan of a printed placement: placement and day only; body and headers are ignored."""
    return _http(receive_scan(placement, wiring().services()))


@app.route("/callback/{channel}", methods=["OPTIONS"])
def callback_options(channel: str) -> Response:
    """No preflight: LINE posts server to server, and no page may call the webhook (405, not 200)."""
    return _not_allowed()


@app.route("/scan/{placement}", methods=["OPTIONS"])
def scan_options(placement: str) -> Response:
    """No preflight: the beacon is a simple request (text/plain), which browsers send without one."""
    return _not_allowed()


def _not_allowed() -> Response:
    return Response(body={"error": "method not allowed"}, status_code=405,
                    headers={"Allow": "POST", "Cache-Control": "no-store"})


# Same-day operations for staff in AWS (a closure for a typhoon, a notice): signed with the staff member's IAM
# credentials (SigV4), never public; CloudFront does not route /ops, so only the API's own URL reaches it.
STAFF = IAMAuthorizer()


@app.route("/ops", methods=["GET", "POST"], authorizer=STAFF, content_types=["application/json"])
def operations() -> Response:
    """GET: the operations in force; POST: add one (JSON as in README "Same-day operations"), republished at once."""
    from tsunagu.domain.errors import TsunaguError
    from tsunagu.domain.schedule import JST
    from tsunagu.services.operations import add_operation, operation_from_request

    w = wiring()
    request = app.current_request
    if request.method == "GET":
        channel = (request.query_params or {}).get("channel")
        return _http(HttpResult(200, {"operations": [op.to_json() for op in w.store().operations(channel)]}))
    now = dt.datetime.now(JST)
    try:
        op = operation_from_request(request.json_body, now)
        add_operation(op, w.programs(), w.store(), w.publisher(), now.date())
    except (TsunaguError, ValueError) as exc:
        return _http(HttpResult(400, {"error": str(exc)}))
    return _http(HttpResult(201, {"operation": op.to_json()}))


@app.route("/ops/{op_id}", methods=["DELETE"], authorizer=STAFF)
def remove_operation(op_id: str) -> Response:
    """Remove an operation by id; `?by=NAME` says who, for the change log."""
    from tsunagu.domain.errors import TsunaguError
    from tsunagu.domain.schedule import JST
    from tsunagu.services.operations import remove_operation as remove

    w = wiring()
    by = (app.current_request.query_params or {}).get("by", "")
    try:
        removed = remove(op_id, by, w.programs(), w.store(), w.publisher(), dt.datetime.now(JST).date())
    except TsunaguError as exc:
        return _http(HttpResult(400, {"error": str(exc)}))
    return _http(HttpResult(200, {"removed": removed.to_json()}))


@app.schedule(Cron(0, 21, "?", "*", "SUN", "*"))  # Monday 06:00 JST = Sunday 21:00 UTC
def publish_schedule(event: object) -> list[str]:
    """Publish the next 14 days of slots of every channel (schedule/<channel>.json and .ics)."""
    from tsunagu.domain.schedule import JST
    from tsunagu.services.operations import overlays_of
    from tsunagu.services.publishing import publish_schedules

    w = wiring()
    return publish_schedules(w.programs(), w.publisher(), start=dt.datetime.now(JST).date(), days=14,
                             overlays=overlays_of(w.store()))


@app.schedule(Cron(0, 1, "*", "*", "?", "*"))  # 10:00 JST every day: LINE has counted yesterday by then
def snapshot_insight(event: object) -> list[dict[str, object]]:
    """Store LINE's official follower count of every running channel for yesterday (see services.insight)."""
    from tsunagu.domain.schedule import JST
    from tsunagu.services.insight import daily_snapshots

    w = wiring()
    today = dt.datetime.now(JST).date()
    return [r.to_json() for r in daily_snapshots(w.programs(), w.insight("http"), w.store(), today)]


# The queue's name here is a placeholder: scripts/package points the event source at the stack's RetryQueue.
@app.on_sqs_message(queue="tsunagu-retry", batch_size=1)
def retry_replies(event: SQSEvent) -> int:
    """Push the replies and send the staff alerts the intake could not (an error makes SQS deliver it again)."""
    from tsunagu.services.retry import deliver_messages

    w = wiring()
    return deliver_messages((record.body for record in event), w.line(), w.metrics(), w.notifier)


# The queue's name here is a placeholder: scripts/package points the event source at the stack's ConsoleQueue.
@app.on_sqs_message(queue="tsunagu-console", batch_size=10)
def forward_console(event: SQSEvent) -> int:
    """Forward to the counselling consoles the LINE requests the intake could not hand over in time, in order.

    A refusal ends the batch: the forwarded ones before it are deleted, the rest come again (FIFO keeps
    the channel's order); a request older than 24 hours goes to the dead-letter queue and staff are told.
    """
    from tsunagu.adapters.console.http import HttpConsoleForwarder
    from tsunagu.adapters.console.sqs import SqsForwardQueue
    from tsunagu.services.console import ForwardsWaiting, drain

    w = wiring()
    queue = w.forward_queue()
    assert isinstance(queue, SqsForwardQueue), "TSUNAGU_CONSOLE_QUEUE names the stack's FIFO queue"
    records = list(event)
    try:
        return drain((r.body for r in records), HttpConsoleForwarder(), w.notifier(), w.metrics(), queue.dead_letter)
    except ForwardsWaiting as waiting:
        queue.delete([r.receipt_handle for r in records[:waiting.done]])
        raise
