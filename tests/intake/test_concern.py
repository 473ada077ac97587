"""Several messages (issue 21, item 3): a word split across two messages is read whole, weak signals add
up over a person's last hour, and none of it keeps her text. Driven through /callback on SQLite and DynamoDB."""

from __future__ import annotations

import datetime as dt

from support.line_events import make_event, new_user_id

CHANNEL = "kita-women"
NUMBERS = "NET119"  # the ways to write for help: in every emergency reply, in no other


def _at(minutes: float) -> dt.datetime:
    return dt.datetime.now(dt.UTC) - dt.timedelta(hours=2) + dt.timedelta(minutes=minutes)


def test_a_word_split_across_two_messages_of_one_request_is_read_whole(intake_any):
    user = new_user_id()
    first, second = (make_event("text", user_id=user, text=t, at=_at(i)) for i, t in enumerate(("死に", "たい")))
    assert intake_any.post(CHANNEL, first, second).status_code == 200
    assert [a["kind"] for a in intake_any.alerts()] == ["emergency"]
    assert any(NUMBERS in t for t in intake_any.reply_texts())


def test_a_word_split_across_three_messages_of_one_request_is_read_whole(intake_any):
    user = new_user_id()
    parts = [make_event("text", user_id=user, text=t, at=_at(i)) for i, t in enumerate(("sew", "er", "slide"))]
    assert intake_any.post(CHANNEL, *parts).status_code == 200
    assert [a["kind"] for a in intake_any.alerts()] == ["emergency"]
    assert any(NUMBERS in t for t in intake_any.reply_texts())


def test_halves_from_two_people_are_never_joined(intake_any):
    first = make_event("text", user_id=new_user_id(), text="死に", at=_at(0))
    second = make_event("text", user_id=new_user_id(), text="たい", at=_at(1))
    assert intake_any.post(CHANNEL, first, second).status_code == 200
    assert intake_any.alerts() == []
    assert not any(NUMBERS in t for t in intake_any.reply_texts())


def test_the_halves_leave_no_text_behind(intake, tmp_path):
    user = new_user_id()
    events = [make_event("text", user_id=user, text=t, at=_at(i)) for i, t in enumerate(("死に", "たいです"))]
    assert intake.post(CHANNEL, *events).status_code == 200
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("intake.sqlite3*"))
    alerts = intake.alert_log.read_text(encoding="utf-8")
    for half in ("死に", "たいです"):
        assert half.encode() not in stored and half not in alerts
    assert user.encode() not in stored and user not in alerts


def test_weak_signals_add_up_across_her_messages_of_the_hour(intake_any):
    user = new_user_id()
    assert intake_any.post(CHANNEL, make_event("text", user_id=user, text="もう無理", at=_at(0))).status_code == 200
    assert intake_any.alerts() == []  # one weak signal alone is not an emergency
    assert intake_any.post(CHANNEL, make_event("text", user_id=user, text="疲れた", at=_at(20))).status_code == 200
    assert [(a["kind"], a.get("category")) for a in intake_any.alerts()] == [("emergency", "ideation")]
    assert any(NUMBERS in t for t in intake_any.reply_texts())
    # Alerted once for the hour: her next weak line is answered as usual.
    assert intake_any.post(CHANNEL, make_event("text", user_id=user, text="さようなら", at=_at(30))).status_code == 200
    assert len(intake_any.alerts()) == 1


def test_a_weak_signal_split_across_two_messages_counts_once_and_adds_up(intake_any):
    user = new_user_id()
    halves = [make_event("text", user_id=user, text=t, at=_at(i)) for i, t in enumerate(("i cant do this", "anymore"))]
    assert intake_any.post(CHANNEL, *halves).status_code == 200
    assert intake_any.alerts() == []  # one weak signal, though written in two messages
    assert intake_any.post(CHANNEL, make_event("text", user_id=user, text="goodbye", at=_at(5))).status_code == 200
    assert [a["kind"] for a in intake_any.alerts()] == ["emergency"]


def test_weak_signals_of_two_people_never_add_up(intake_any):
    for text, minute in (("もう無理", 0), ("疲れた", 5)):
        event = make_event("text", user_id=new_user_id(), text=text, at=_at(minute))
        assert intake_any.post(CHANNEL, event).status_code == 200
    assert intake_any.alerts() == []


def test_weak_signals_an_hour_apart_do_not_add_up(intake_any):
    user = new_user_id()
    for text, minute in (("もう無理", 0), ("疲れた", 70)):
        assert intake_any.post(CHANNEL, make_event("text", user_id=user, text=text, at=_at(minute))).status_code == 200
    assert intake_any.alerts() == []


def test_an_erasure_drops_her_concern_score(intake_any):
    user = new_user_id()
    assert intake_any.post(CHANNEL, make_event("text", user_id=user, text="もう無理", at=_at(0))).status_code == 200
    erase = make_event("postback", user_id=user, data="action=erase&confirm=yes", at=_at(1))
    assert intake_any.post(CHANNEL, erase).status_code == 200
    assert intake_any.post(CHANNEL, make_event("text", user_id=user, text="疲れた", at=_at(2))).status_code == 200
    assert intake_any.alerts() == []


def test_the_alert_names_the_danger_and_the_reply_leads_with_its_numbers(intake):
    event = make_event("text", text="子どもを叩いてしまいそうで怖い", at=_at(0))
    assert intake.post(CHANNEL, event).status_code == 200
    [alert] = intake.alerts()
    assert alert["category"] == "child_danger" and set(alert) == {"channel", "kind", "at", "category"}
    [reply] = [t for t in intake.reply_texts() if NUMBERS in t]
    listed = reply.split("\n\n")[1]
    assert listed.index(" 189") < listed.index(" 110")


def test_a_match_that_context_makes_past_sends_a_review_note_not_an_emergency(intake):
    event = make_event("text", text="10年前は毎日死にたいと思ってたけど、今は落ち着いています", at=_at(0))
    assert intake.post(CHANNEL, event).status_code == 200
    assert [(a["kind"], a.get("category")) for a in intake.alerts()] == [("review", "ideation")]
    assert not any(NUMBERS in t for t in intake.reply_texts())
