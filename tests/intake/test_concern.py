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
