"""The intake over real HTTP (the `tsunagu serve` WSGI app in a thread) on SQLite and on DynamoDB (dynalite).

The simulator sends signed traffic and retries every 503 while the store fails at random, before or
after writing; afterwards every event is recorded exactly once, and a privacy scan finds no user id,
message text or reply token in the store, the logs, the alert log or the LINE outbox.
"""

from __future__ import annotations

import json
import logging
import threading
import urllib.error
import urllib.request
from pathlib import Path
from wsgiref.simple_server import make_server

import pytest
from support.line_events import make_event, sign, webhook_body

from tsunagu.entry.commands.serve import make_wsgi_app
from tsunagu.entry.commands.simulate import EMERGENCY, EVERYDAY, simulate, traffic
from tsunagu.entry.serving.connections import BoundedServer, DeadlineHandler
from tsunagu.makers.sources.programs import load_programs

KITA = "kita-women"
N = 120


@pytest.fixture(params=["sqlite", pytest.param("dynamodb", marks=pytest.mark.dynalite)])
def store(request, tmp_path):
    if request.param == "dynamodb":
        yield request.getfixturevalue("dynamo_store")
        return
    from tsunagu.adapters.store.sqlite import SqliteStore

    s = SqliteStore(tmp_path / "http.sqlite3")
    yield s
    s.close()


@pytest.fixture
def served(intake_on, store, tmp_path, make_faulty_store):
    """The WSGI app of `tsunagu serve` on a free port, around a store that fails 15 % before and after."""
    faulty = make_faulty_store(store, before=0.15, after=0.15, seed=11)
    app = intake_on(faulty)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>tsunagu</h1>", encoding="utf-8")
    server = make_server("127.0.0.1", 0, make_wsgi_app(app.app, site), server_class=BoundedServer,
                         handler_class=DeadlineHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    app.url = f"http://127.0.0.1:{server.server_address[1]}"
    app.faulty = faulty
    yield app
    server.shutdown()
    server.server_close()


def _post(url: str, body: bytes, headers: dict) -> int:
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req) as res:
            return res.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_faults_and_redeliveries_leave_exactly_one_record_per_event_and_no_personal_data(served, store, caplog,
                                                                                          capsys):
    caplog.set_level(logging.DEBUG)
    channel = load_programs(Path("programs")).channel(KITA)
    summary = simulate(channel, served.secret(KITA), served.url, N, seed=4, days=10, redeliver=0.3)
    assert summary.other == {} and summary.retries_503 > 0 and summary.redeliveries > 0
    assert served.faulty.faults_before > 0 and served.faulty.faults_after > 0
    sent = [e for request in traffic(channel, N, seed=4, days=10) for e in request]
    records = served.records()
    assert sorted(r.event_id for r in records) == sorted(e["webhookEventId"] for e in sent)
    assert served.replies(), "the people got answers"

    secrets = {e["source"]["userId"] for e in sent} | {e.get("replyToken") for e in sent if e.get("replyToken")}
    secrets |= set(EVERYDAY) | set(EMERGENCY)
    places = {"logs": caplog.text + "".join(capsys.readouterr()),
              "alerts": served.alert_log.read_text() if served.alert_log.exists() else ""}
    if hasattr(store, "path"):
        places["sqlite"] = b"".join(p.read_bytes() for p in store.path.parent.glob(store.path.name + "*"))
    else:
        from support.dynalite import table_items

        places["dynamodb"] = json.dumps(table_items(store), ensure_ascii=False)
    for where, content in places.items():
        blob = content if isinstance(content, bytes) else content.encode("utf-8")
        leaked = [s for s in secrets if s.encode("utf-8") in blob]
        assert not leaked, f"{where} holds {len(leaked)} personal value(s)"


def test_status_codes_over_http(served):
    served.faulty.before = served.faulty.after = 0.0
    body = webhook_body(make_event("follow"))
    url = f"{served.url}/callback/{KITA}"
    json_type = {"Content-Type": "application/json; charset=UTF-8"}
    assert _post(url, body, {**json_type, "X-Line-Signature": sign(body, served.secret(KITA))}) == 200
    assert _post(url, body, {**json_type, "X-Line-Signature": "AAAA"}) == 400
    assert _post(url, body, json_type) == 400
    assert _post(f"{served.url}/callback/nowhere", body, json_type) == 400  # as a known channel's bad signature
    assert _post(url, b"{" * (1024 * 1024 + 10), json_type) == 413
    assert _post(f"{served.url}/scan/kita-sticker-ward-office", b"", {"Content-Type": "text/plain"}) == 204
    with urllib.request.urlopen(served.url + "/") as res:
        assert b"tsunagu" in res.read()
