"""Issue 19, third round: bad ids (F9), the retry worker (F10), repeated hand-offs (F6), small leaks (F14)."""

from __future__ import annotations

import io
import json
import logging
import uuid
from pathlib import Path

import pytest
from support.intake_moments import open_moment
from support.line_events import make_event, new_user_id, sign, webhook_body

from tsunagu.makers.sources.programs import load_programs

KITA = "kita-women"
PROGRAMS = Path(__file__).resolve().parents[2] / "programs"


@pytest.fixture(scope="module")
def kita():
    return load_programs(PROGRAMS).channel(KITA)


# --- F9: bad ids skip only their event -------------------------------------------------------------

@pytest.mark.parametrize("where", ["webhookEventId", "userId"])
def test_a_lone_surrogate_in_an_id_skips_only_that_event(intake, kita, where, caplog):
    caplog.set_level(logging.INFO)
    at = open_moment(kita)
    good = make_event("follow", at=at)
    bad = make_event("follow", at=at)
    placeholder = "LONE-SURROGATE-HERE"
    if where == "userId":
        bad["source"]["userId"] = placeholder
    else:
        bad["webhookEventId"] = placeholder
    body = webhook_body(bad, good).replace(placeholder.encode(), b"\\ud800")
    res = intake.post(KITA, body=body)
    assert res.status_code == 200
    assert [r.event_id for r in intake.records()] == [good["webhookEventId"]]
    assert "events[0] (follow) skipped" in caplog.text


def test_an_event_id_over_dynamodbs_key_limit_skips_only_that_event(intake_any, kita):
    at = open_moment(kita)
    good = make_event("follow", at=at)
    res = intake_any.post(KITA, make_event("follow", at=at, event_id="01" + "X" * 3000), good)
    assert res.status_code == 200
    assert [r.event_id for r in intake_any.records()] == [good["webhookEventId"]]


# --- F6: one staff alert per person, kind and day ---------------------------------------------------

def test_ten_handoff_taps_raise_one_staff_alert_a_day(intake, kita):
    import datetime as dt

    user, at = new_user_id(), open_moment(kita)
    for i in range(10):
        tap = make_event("postback", user_id=user, data="action=handoff&kind=phone", at=at + dt.timedelta(minutes=i))
        assert intake.post(KITA, tap).status_code == 200
    assert [a["kind"] for a in intake.alerts()] == ["handoff-phone"]
    assert len(intake.replies()) == 10  # she is still answered each time
    # Another kind, or another person, is alerted; so is the same request the next day.
    intake.post(KITA, make_event("postback", user_id=user, data="action=handoff&kind=face", at=at))
    intake.post(KITA, make_event("postback", data="action=handoff&kind=phone", at=at))
    intake.post(KITA, make_event("postback", user_id=user, data="action=handoff&kind=phone",
                                 at=at + dt.timedelta(days=1)))
    assert [a["kind"] for a in intake.alerts()] == ["handoff-phone", "handoff-face", "handoff-phone", "handoff-phone"]


# --- F14: unknown and known channels look alike; destination; OPTIONS ---------------------------------

def test_an_unknown_channel_answers_as_a_bad_signature_on_a_known_one(intake):
    body = webhook_body(make_event("follow"))
    unknown = intake.post("no-such-channel", body=body, signature=sign(body, "x" * 32))
    known = intake.post(KITA, body=body, signature=sign(body, "x" * 32))
    assert (unknown.status_code, unknown.body) == (known.status_code, known.body) == (400, known.body)
    assert intake.post("no-such-channel", body=body, signature=None).status_code == 400


def test_a_webhook_for_another_bot_is_refused_when_the_programme_names_its_bot(intake_on, tmp_path, kita):
    import dataclasses

    from tsunagu.adapters.store.sqlite import SqliteStore
    from tsunagu.domain.config import Programs

    bot = "U" + "a" * 32
    programs = load_programs(PROGRAMS)
    ward = programs.ward_of(KITA)
    channels = tuple(dataclasses.replace(c, bot_user_id=bot) if c.id == KITA else c for c in ward.channels)
    named = Programs(tuple(dataclasses.replace(w, channels=channels) if w is ward else w for w in programs.wards))
    store = SqliteStore(tmp_path / "d.sqlite3")
    app = intake_on(store, programs=named)
    event = make_event("follow", at=open_moment(kita))
    other = json.dumps({"destination": "U" + "b" * 32, "events": [event]}).encode()
    assert app.post(KITA, body=other).status_code == 400
    assert app.records() == []
    ours = json.dumps({"destination": bot, "events": [event]}).encode()
    assert app.post(KITA, body=ours).status_code == 200
    store.close()


def test_a_bot_user_id_that_is_not_one_is_a_config_error_with_file_and_line(tmp_path):
    from tsunagu.domain.errors import ConfigError

    text = (PROGRAMS / "osaka.yml").read_text(encoding="utf-8")
    text = text.replace("    status_question: false", '    bot_user_id: "@x"\n    status_question: false', 1)
    folder = tmp_path / "programs"
    folder.mkdir()
    (folder / "osaka.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_programs(folder)
    assert "osaka.yml:" in str(err.value) and "bot_user_id" in str(err.value)


def test_options_on_the_intake_routes_is_405(intake):
    from chalice.test import Client

    with Client(intake.app) as client:
        for path in (f"/callback/{KITA}", "/scan/kita-sticker-ward-office"):
            assert client.http.request("OPTIONS", path).status_code == 405, path


# --- F10: the retry worker -------------------------------------------------------------------------

def pending_body(**overrides) -> str:
    doc = {"channel": KITA, "to": new_user_id(), "messages": [{"type": "text", "text": "x"}], "kind": "handoff",
           "retryKey": str(uuid.uuid4()), "queuedAt": 1.0}
    return json.dumps({**doc, **overrides})


@pytest.fixture
def worker(line_standin):
    from tsunagu.adapters.line.api import HttpLineClient
    from tsunagu.adapters.metrics import EmbeddedMetrics
    from tsunagu.ports.secrets import ChannelSecret, Secrets

    secrets = Secrets(b"k" * 32, {KITA: ChannelSecret("s" * 32, "token")})
    metrics = io.StringIO()
    return HttpLineClient(secrets, line_standin.url), EmbeddedMetrics("proof", stream=metrics), metrics


def test_a_429_on_a_non_emergency_push_is_skipped_not_retried(worker, line_standin):
    from tsunagu.services.retry import deliver_messages

    line, metrics, counted = worker
    line_standin.fail("/v2/bot/message/push", 429)
    assert deliver_messages([pending_body()], line, metrics) == 0  # no PushFailed: SQS does not try again
    assert '"PushesSkippedQuota":1' in counted.getvalue()


@pytest.mark.parametrize("body", [
    "[" * 100_000 + "]" * 100_000,
    pending_body(channel="no-such-channel"),
    pending_body(retryKey="6f1c0a52-0b8e-4b8a-9d35-2a3c1d3e4f50\r\nX-Evil: 1"),
    "not json",
])
def test_a_malformed_queue_message_is_dropped_with_a_log_line(worker, line_standin, body, caplog):
    from tsunagu.services.retry import deliver_messages

    line, metrics, _ = worker
    assert deliver_messages([body], line, metrics) == 0
    assert "queue message dropped" in caplog.text
    assert line_standin.requests("/v2/bot/message/push") == []


def test_a_message_delivered_twice_counts_once_in_pushes_sent(worker, line_standin):
    from tsunagu.services.retry import deliver_messages

    line, metrics, counted = worker
    body = pending_body()
    deliver_messages([body], line, metrics)
    deliver_messages([body], line, metrics)
    assert len(line_standin.delivered()) == 1
    assert sum(json.loads(x).get("PushesSent", 0) for x in counted.getvalue().splitlines()) == 1


def test_a_queued_staff_alert_is_sent_by_the_worker(worker, tmp_path):
    import datetime as dt

    from tsunagu.adapters.notify.alertlog import AlertLog
    from tsunagu.ports.messaging import Alert
    from tsunagu.ports.retry import PendingAlert
    from tsunagu.services.retry import deliver_messages

    line, metrics, _ = worker
    at = dt.datetime(2026, 12, 5, 21, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    body = PendingAlert(Alert(KITA, "emergency", at)).to_json()
    deliver_messages([body], line, metrics, lambda: AlertLog(tmp_path / "alerts.log"))
    assert json.loads((tmp_path / "alerts.log").read_text()) == {"channel": KITA, "kind": "emergency",
                                                                  "at": "2026-12-05T21:00:00+09:00"}
