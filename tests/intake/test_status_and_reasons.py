"""The optional status question after the age band (Taito) and "why did you consult" after the survey
(Osaka): what she is asked, which buttons she sees, and what is recorded (a fixed label, never her words)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support.intake_moments import open_moment
from support.line_events import make_event, new_user_id

from tsunagu.domain.schedule import JST
from tsunagu.makers.sources.programs import load_programs

PROGRAMS = load_programs(Path("programs"))
TAITO, KITA, OSAKA = "taito-habataki", "kita-women", "osaka-women"


def _buttons(reply: dict) -> list[tuple[str, str]]:
    items = reply["messages"][-1].get("quickReply", {}).get("items", [])
    return [(i["action"]["label"], i["action"]["data"]) for i in items]


def test_taito_asks_the_status_after_the_age_band_and_records_the_answer(intake):
    user, at = new_user_id(), open_moment(PROGRAMS.channel(TAITO))
    age = make_event("postback", user_id=user, at=at, data="action=age&band=20s")
    assert intake.post(TAITO, age).status_code == 200
    asked = intake.replies()[0]
    assert asked["messages"][0]["text"] == ("教えていただきありがとうございます。\n"
                                            "よろしければ、学生か、働いているかなど、いまの状況を教えてください。答えなくても相談できます。")
    assert _buttons(asked) == [("学生", "action=status&s=student"), ("働いている", "action=status&s=working"),
                               ("その他", "action=status&s=other"), ("答えない", "action=status&s=no-answer")]
    answer = make_event("postback", user_id=user, at=at, data="action=status&s=student")
    assert intake.post(TAITO, answer).status_code == 200
    assert intake.reply_texts()[-1] == "教えていただきありがとうございます。"
    status = [r for r in intake.records(TAITO) if r.kind == "status"]
    assert [(r.detail, r.pseudonym != user) for r in status] == [("student", True)]


def test_a_channel_without_the_status_question_neither_asks_nor_records_it(intake):
    user, at = new_user_id(), open_moment(PROGRAMS.channel(KITA))
    intake.post(KITA, make_event("postback", user_id=user, at=at, data="action=age&band=20s"))
    assert _buttons(intake.replies()[0]) == []
    assert intake.post(KITA, make_event("postback", user_id=user, at=at, data="action=status&s=student")).status_code \
        == 200
    assert [r.kind for r in intake.records(KITA)] == ["age"] and len(intake.replies()) == 1


@pytest.mark.parametrize("data", ["action=status&s=teacher", "action=status", "action=reason&r=Anyone!",
                                  "action=reason&r=unknown-reason", "action=reasons-done&x=1"])
def test_unknown_status_and_reason_postbacks_are_ignored(intake, data):
    at = open_moment(PROGRAMS.channel(TAITO))
    assert intake.post(TAITO, make_event("postback", at=at, data=data)).status_code == 200
    assert intake.records() == [] and intake.replies() == []


def test_osaka_asks_why_after_the_last_survey_question_and_counts_each_reason_chosen(intake):
    # The survey's buttons work outside open hours, and after the channel's programme year too.
    user, at = new_user_id(), dt.datetime.now(JST) - dt.timedelta(hours=1)
    last = make_event("postback", user_id=user, at=at, data="action=survey&q=positive&a=yes")
    assert intake.post(OSAKA, last).status_code == 200
    asked = intake.replies()[0]
    assert asked["messages"][0]["text"].startswith("よろしければ、このLINE相談を利用しようと思った理由")
    assert _buttons(asked) == [("とにかく誰かに相談したかった", "action=reason&r=anyone"),
                               ("LINEなら相談できるかもしれないと思…", "action=reason&r=line-ok"),  # 21 characters
                               ("その他", "action=reason&r=other"), ("以上です", "action=reasons-done")]
    full = asked["messages"][0]["quickReply"]["items"][1]["action"]["displayText"]
    assert full == "LINEなら相談できるかもしれないと思った"  # the tap shows her the whole reason
    for data in ("action=reason&r=anyone", "action=reason&r=line-ok", "action=reasons-done"):
        assert intake.post(OSAKA, make_event("postback", user_id=user, at=at, data=data)).status_code == 200
    texts = intake.reply_texts()
    assert texts[1] == texts[2] == "ほかにもあれば選んでください。選び終わったら「以上です」を押してください。"
    assert texts[3] == "ご回答ありがとうございました。いつでもまたご相談ください。"
    reasons = sorted(r.detail for r in intake.records(OSAKA) if r.kind == "reason")
    assert reasons == ["anyone", "line-ok"]


def test_a_channel_without_reasons_thanks_after_the_last_survey_question(intake):
    at = open_moment(PROGRAMS.channel(KITA))
    intake.post(KITA, make_event("postback", at=at, data="action=survey&q=positive&a=no"))
    assert intake.reply_texts() == ["ご回答ありがとうございました。いつでもまたご相談ください。"]
