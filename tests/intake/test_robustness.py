"""What an attacker, a flaky network and LINE's own spec throw at the webhook: the batch survives, logs stay."""

from __future__ import annotations

import logging

import pytest
from support.intake_moments import open_moment
from support.line_events import make_event, new_user_id

from tsunagu.makers.sources.programs import load_programs

KITA = "kita-women"



def kita():
    from pathlib import Path

    return load_programs(Path("programs")).channel(KITA)


def test_a_503_leaves_a_warning_line_in_the_app_log(intake_on, tmp_path, make_faulty_store, caplog):
    # Chalice(app_name="tsunagu") once set the `tsunagu` logger to ERROR without propagation: no line at all.
    from tsunagu.adapters.store.sqlite import SqliteStore

    inner = SqliteStore(tmp_path / "s.sqlite3")
    app = intake_on(make_faulty_store(inner, before=1.0, after=0.0))
    caplog.set_level(logging.INFO)
    user = new_user_id()
    assert app.post(KITA, make_event("follow", user_id=user, at=open_moment(kita()))).status_code == 503
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and r.name.startswith("tsunagu")]
    assert any("storage unavailable" in r.getMessage() for r in warnings), caplog.text
    assert user not in caplog.text
    inner.close()


def test_one_unusable_event_costs_only_itself_and_is_logged_by_type_and_field(intake, caplog):
    # `source` is optional in LINE's spec (module and bot events have none); a follow without it, a text
    # message without text and a non-object cannot be used, but the good events around them must count.
    caplog.set_level(logging.INFO)
    at = open_moment(kita())
    secret_text = "ひみつの相談"
    good = [make_event("follow", at=at), make_event("text", at=at, text="こんにちは")]
    no_source = {k: v for k, v in make_event("follow", at=at).items() if k != "source"}
    no_text = {**make_event("text", at=at), "message": {"type": "text", "id": "1", "note": secret_text}}
    module = {k: v for k, v in make_event("activated", at=at).items() if k != "source"}
    events = [good[0], no_source, "not an object", no_text, {"type": secret_text}, module, good[1]]
    res = intake.post(KITA, *events)
    assert res.status_code == 200
    assert sorted(r.event_id for r in intake.records()) == sorted(e["webhookEventId"] for e in good)
    assert len(intake.replies()) == 2
    skipped = sorted(r.getMessage().split(" skipped: ")[0] for r in caplog.records if " skipped: " in r.getMessage())
    assert skipped == [f"{KITA}: events[1] (follow)", f"{KITA}: events[2] (unknown)", f"{KITA}: events[3] (message)",
                       f"{KITA}: events[4] (unknown)"]
    assert "source: missing" in caplog.text and "message.text: missing" in caplog.text
    assert secret_text not in caplog.text


@pytest.mark.parametrize("timestamp", [10**20, 253_402_300_800_000, -1, 0, 1.5e12, "1700000000000", True])
def test_an_absurd_timestamp_makes_only_that_event_unusable(intake, timestamp):
    at = open_moment(kita())
    good = make_event("follow", at=at)
    res = intake.post(KITA, make_event("text", at=at, timestamp=timestamp), good)
    assert res.status_code == 200
    assert [r.event_id for r in intake.records()] == [good["webhookEventId"]]


@pytest.mark.parametrize("kind", ["follow", "text"])
def test_a_line_api_that_hangs_30_s_does_not_hold_the_webhook(intake_on, tmp_path, caplog, kind):
    # LINE counts a webhook unanswered after 2 s as a timeout; the replies get 1 s of it, in all.
    import time

    from tsunagu.adapters.store.sqlite import SqliteStore

    store = SqliteStore(tmp_path / "hang.sqlite3")
    app = intake_on(store)  # the standard-library client, as deployed
    app.line.hang(30)
    caplog.set_level(logging.INFO)
    at = open_moment(kita())
    events = [make_event(kind, at=at), make_event(kind, at=at), make_event("follow", at=at)]
    started = time.monotonic()
    res = app.post(KITA, *events)
    elapsed = time.monotonic() - started
    assert res.status_code == 200 and elapsed < 1.5, f"answered after {elapsed:.2f} s"
    assert len(app.records()) == 3  # recorded all the same
    assert "'unsent': 3" in caplog.text  # counted and logged, for the retry queue to pick up
    store.close()


def test_the_reply_client_keeps_to_its_total_time_and_says_unsent(line_standin):
    import time

    from tsunagu.adapters.line.api import HttpLineClient
    from tsunagu.ports.secrets import ChannelSecret, Secrets

    secrets = Secrets(b"k" * 32, {"kita-women": ChannelSecret("secret", "token")})
    client = HttpLineClient(secrets, line_standin.url)
    line_standin.hang(30)
    started = time.monotonic()
    # An expired token would normally fall back to a push: not once the time is spent.
    assert client.send("kita-women", "expired-1", "U1", [{"type": "text", "text": "x"}],
                       deadline=started + 0.4) == "unsent"
    assert time.monotonic() - started < 1.0
    assert client.send("kita-women", "tok", "U1", [{"type": "text", "text": "x"}],
                       deadline=time.monotonic()) == "unsent"


def test_an_older_message_redelivered_after_deletion_stays_out_and_a_redelivered_deletion_keeps_later_ones(
        intake_any):
    import datetime as dt

    app, user, at = intake_any, new_user_id(), open_moment(kita())
    before = make_event("text", user_id=user, at=at)
    deletion = make_event("postback", user_id=user, data="action=erase&confirm=yes", at=at + dt.timedelta(minutes=5))
    after = make_event("text", user_id=user, at=at + dt.timedelta(minutes=10))
    assert app.post(KITA, before).status_code == 200
    assert app.post(KITA, deletion).status_code == 200
    app.post(KITA, {**before, "deliveryContext": {"isRedelivery": True}})  # LINE retries the old one
    assert [r.kind for r in app.records()] == ["erasure"]  # she did not come back
    assert app.post(KITA, after).status_code == 200
    app.post(KITA, {**deletion, "deliveryContext": {"isRedelivery": True}})  # and retries the deletion
    assert sorted(r.kind for r in app.records()) == ["erasure", "message"]  # what came after it stays


def test_an_event_older_than_the_retention_period_is_answered_once_and_not_recorded(intake_any):
    import datetime as dt

    app = intake_any
    old = make_event("follow", at=dt.datetime.now(dt.UTC) - dt.timedelta(days=401))  # retention: 400 days
    for again in (False, True, True):
        assert app.post(KITA, {**old, "deliveryContext": {"isRedelivery": again}}).status_code == 200
    assert len(app.replies()) == 1 and app.records() == []


def test_scans_past_30_a_minute_are_answered_but_not_counted_and_only_the_portal_may_read_them(intake, capsys,
                                                                                              monkeypatch):
    import datetime as dt

    from chalice.test import Client

    from tsunagu.entry.cli import main

    placement = "kita-sticker-ward-office"
    with Client(intake.app) as client:
        answers = [client.http.post(f"/scan/{placement}", headers={"Content-Type": "text/plain"}, body=b"")
                   for _ in range(45)]
    assert [a.status_code for a in answers] == [204] * 45
    assert {a.headers.get("Access-Control-Allow-Origin") for a in answers} == {"https://tsunagu.example.jp"}
    # No route-level CORS: that is what makes API Gateway answer preflights with `*`.
    assert not intake.app.routes["/scan/{placement}"]["POST"].cors
    assert sum(intake.store.scan_counts(dt.date(2000, 1, 1), dt.date(2100, 1, 1)).values()) == 30
    monkeypatch.setenv("TSUNAGU_STORE", f"sqlite:///{intake.store.path}")
    capsys.readouterr()
    assert main(["stats"]) == 0
    assert f"{placement}     30" in capsys.readouterr().out
