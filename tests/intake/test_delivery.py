"""The emergency reply gets through: storage down, LINE failing or slow, a refused token; and erasure asks first."""

from __future__ import annotations

import functools
import time
from pathlib import Path

import pytest
from support.intake_moments import closed_moment, open_moment
from support.line_events import make_event, new_user_id, sign, webhook_body

from tsunagu.adapters.line.api import HttpLineClient
from tsunagu.adapters.notify.alertlog import AlertLog
from tsunagu.domain.intake.detection import detector
from tsunagu.makers.sources.programs import load_programs
from tsunagu.ports.store import StoreUnavailable
from tsunagu.services.intake.http import Services, receive_webhook

KITA = "kita-women"
PROGRAMS = Path(__file__).resolve().parents[2] / "programs"
PUSH, REPLY = "/v2/bot/message/push", "/v2/bot/message/reply"


@pytest.fixture(scope="module")
def kita():
    return load_programs(PROGRAMS).channel(KITA)


@pytest.fixture
def down(intake_on, make_faulty_store, tmp_path):
    """The app with the stdlib reply client on a store whose every write fails until `store.before = 0`."""
    from tsunagu.adapters.store.sqlite import SqliteStore

    store = make_faulty_store(SqliteStore(tmp_path / "down.sqlite3"), before=1.0, after=0.0)
    yield intake_on(store, HttpLineClient)
    store.close()


@pytest.fixture
def http_intake(intake_on, tmp_path):
    """The app with the stdlib reply client (timeout 0.5 s) on a fresh SQLite store."""
    from tsunagu.adapters.store.sqlite import SqliteStore

    store = SqliteStore(tmp_path / "http.sqlite3")
    yield intake_on(store, functools.partial(HttpLineClient, timeout=0.5))
    store.close()


def test_storage_down_an_emergency_is_answered_and_alerted_before_the_503(down, kita):
    at = closed_moment(kita)
    event = make_event("text", text="もう死にたい", at=at)
    assert down.post(KITA, event).status_code == 503
    [text] = down.reply_texts()
    assert text.startswith(kita.texts["ja"].emergency) and "110" in text
    # the category, never the text (issue 21)
    assert down.alerts() == [{"channel": KITA, "kind": "emergency", "at": at.isoformat(timespec="seconds"),
                              "category": "ideation"}]
    # LINE redelivers once storage is back: recorded once, and (accepted for emergencies) answered again.
    down.store.before = 0.0
    assert down.post(KITA, {**event, "deliveryContext": {"isRedelivery": True}}).status_code == 200
    assert [r.kind for r in down.records()] == ["emergency"]
    assert len(down.alerts()) == 2
    # The first reply used the token, so the redelivery's reply is refused and goes out as a push.
    assert len(down.line.requests(PUSH)) == 1


def test_storage_down_only_emergencies_are_answered_and_every_one_of_them(down, kita):
    at = open_moment(kita)
    events = [make_event("text", text="こんにちは", at=at), make_event("text", text="殴られた 助けて", at=at),
              make_event("follow", at=at), make_event("text", text="i wanna die", at=at)]
    assert down.post(KITA, *events).status_code == 503
    # each in the language it was written in (issue 21)
    assert len(down.replies()) == 2
    assert [t[:20] for t in down.reply_texts()] == [kita.texts[lang].emergency[:20] for lang in ("ja", "en")]
    assert [a["kind"] for a in down.alerts()] == ["emergency", "emergency"]


def test_a_store_that_cannot_even_open_still_lets_the_emergency_reply_out(line_standin, tmp_path, kita):
    from tsunagu.adapters.secrets.files import init_local_secrets
    from tsunagu.wiring import load_secrets

    programs = load_programs(PROGRAMS)
    init_local_secrets(tmp_path / "secrets.json", [KITA])
    secrets = load_secrets(str(tmp_path / "secrets.json"))

    def no_store():
        raise StoreUnavailable("the database cannot be reached")

    services = Services(programs=lambda: programs, secrets=lambda: secrets, store=no_store,
                        line=lambda: HttpLineClient(secrets, line_standin.url),
                        notifier=lambda: AlertLog(tmp_path / "alerts.log"))
    body = webhook_body(make_event("text", text="ころされそう", at=closed_moment(kita)))
    result = receive_webhook(KITA, body, sign(body, secrets.channel(KITA).secret), services)
    assert result.status == 503
    [sent] = line_standin.requests(REPLY)
    assert sent.json["messages"][0]["text"].startswith(kita.texts["ja"].emergency)
    assert "emergency" in (tmp_path / "alerts.log").read_text()


@pytest.mark.parametrize("fault", ["500", "503", "timeout", "expired token"])
def test_a_failed_emergency_reply_becomes_one_push_to_the_same_person(http_intake, kita, fault):
    detector().is_emergency("warm")  # the patterns' first parse must not eat the webhook's 1 s for replies
    line = http_intake.line
    if fault == "timeout":
        line.route("POST", REPLY, lambda req: (time.sleep(1.0), (200, {}))[1])
    elif fault == "expired token":
        line.expire("tok-expired")
    else:
        line.route("POST", REPLY, lambda req: (int(fault), {"message": "internal error"}))
    user = new_user_id()
    event = make_event("text", text="タヒにたい", user_id=user, at=closed_moment(kita), reply_token="tok-expired")
    assert http_intake.post(KITA, event).status_code == 200
    [push] = line.requests(PUSH)
    assert push.json["to"] == user
    assert push.json["messages"][0]["text"].startswith(kita.texts["ja"].emergency)
    assert len(line.requests(REPLY)) == 1 and [r.kind for r in http_intake.records()] == ["emergency"]
    assert user not in repr(http_intake.records())


@pytest.mark.parametrize("request_text", ["削除して", "削除？", "「削除」", "記録を消して", "delete my data", "削除"])
def test_a_deletion_request_asks_first_and_nothing_is_erased_without_the_yes(intake, kita, request_text):
    her, other = new_user_id(), new_user_id()
    at = open_moment(kita)
    intake.post(KITA, make_event("follow", user_id=her, at=at), make_event("text", user_id=her, at=at),
                make_event("follow", user_id=other, at=at))
    intake.line.clear()
    intake.line.profiles[her] = "ja"  # her LINE is in Japanese: the question is, whatever she wrote in
    assert intake.post(KITA, make_event("text", user_id=her, text=request_text, at=at)).status_code == 200
    [ask] = intake.replies()[0]["messages"]
    assert f"「{kita.name['ja']}」" in ask["text"], "it says which channel's records go"
    assert "記録" in ask["text"] and "元に戻せません" in ask["text"]
    buttons = [(i["action"]["label"], i["action"]["data"]) for i in ask["quickReply"]["items"]]
    assert buttons == [("削除する", "action=erase&confirm=yes"), ("やめる", "action=erase&confirm=no")]
    kinds = sorted(r.kind for r in intake.records())
    assert kinds == ["follow", "follow", "menu", "message"], "asking erased nothing"
    intake.post(KITA, make_event("postback", user_id=her, data="action=erase&confirm=no", at=at))
    assert intake.reply_texts()[-1] == "削除をやめました。記録はそのままです。"
    assert sorted(r.kind for r in intake.records()) == ["follow", "follow", "menu", "menu", "message"]
    yes = make_event("postback", user_id=her, data="action=erase&confirm=yes", at=at)
    intake.post(KITA, yes)
    assert intake.reply_texts()[-1] == "あなたの相談の記録をすべて削除しました。"
    assert sorted(r.kind for r in intake.records()) == ["erasure", "follow"]  # the other's follow stays
    intake.post(KITA, {**yes, "deliveryContext": {"isRedelivery": True}})  # a redelivered yes: not answered twice
    assert intake.reply_texts().count("あなたの相談の記録をすべて削除しました。") == 1
