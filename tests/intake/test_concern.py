"""Several messages (issue 21, item 3): a word split across two messages is read whole, weak signals add
up over a person's last hour, and none of it keeps her text. Driven through /callback on SQLite and DynamoDB."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from support.line_events import make_event, minutes_in, new_user_id, one_request_each

from tsunagu.adapters.store.sqlite import SqliteStore
from tsunagu.domain.intake.assessment import Assessment
from tsunagu.domain.intake.concern import CONCERN_WINDOW_S, add_evidence, evidence_adds_up, joined

CHANNEL = "kita-women"
NUMBERS = "NET119"  # the ways to write for help: in every emergency reply, in no other


_at = minutes_in


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


def test_english_messages_of_one_request_are_read_as_separate_words(intake_any):
    """"hey" / "if something happens to me" / "can someone take my cat": joined without a space the second
    read "heyif", and an English pattern starts at a word start."""
    user = new_user_id()
    texts = ("hey", "if something happens to me", "can someone take my cat")
    parts = [make_event("text", user_id=user, text=t, at=_at(i)) for i, t in enumerate(texts)]
    assert intake_any.post(CHANNEL, *parts).status_code == 200
    assert [a["kind"] for a in intake_any.alerts()] == ["emergency"]


_KANA = st.text(st.characters(min_codepoint=0x3041, max_codepoint=0x30FF), min_size=1, max_size=20)
_LATIN = st.text(st.sampled_from("abcxyz019éơ"), min_size=1, max_size=20)


@given(_KANA, st.one_of(_KANA, _LATIN))
def test_japanese_is_joined_as_it_is(before, text):
    assert joined(before, text) == before + text


@given(_LATIN, _LATIN)
def test_latin_messages_are_joined_with_one_space_and_nothing_else(before, text):
    assert joined(before, text) == f"{before} {text}"
    assert joined(before + " ", text) == f"{before} {text}"  # a space already there: none added


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


# LINE usually sends each message in a request of its own: nothing of the one before is joined then, and
# only what adds up carries over. Each of these alone is too short for the model to alert on.
APART = ("元夫が", "玄関の前にいる")


def _one_request_each(intake, user: str, texts: tuple[str, ...], start: float = 0) -> None:
    one_request_each(intake, CHANNEL, user, texts, start)


def test_danger_written_across_requests_adds_up_by_the_models_evidence(intake_any):
    user = new_user_id()
    _one_request_each(intake_any, user, APART[:1])
    assert intake_any.alerts() == []
    _one_request_each(intake_any, user, APART[1:], start=1)
    assert [(a["kind"], a.get("category")) for a in intake_any.alerts()] == [("emergency", None)]
    assert any(NUMBERS in t for t in intake_any.reply_texts())


def test_everyday_lines_across_requests_do_not_add_up(intake_any):
    _one_request_each(intake_any, new_user_id(), ("今日は", "いい天気", "散歩してきます", "ありがとうございました"))
    _one_request_each(intake_any, new_user_id(), ("thanks", "see you tomorrow"))
    assert intake_any.alerts() == []


def test_evidence_of_two_people_never_adds_up(intake_any):
    for text in APART:
        _one_request_each(intake_any, new_user_id(), (text,))
    assert intake_any.alerts() == []


def test_a_redelivered_message_adds_its_evidence_once(intake_any):
    user = new_user_id()
    event = make_event("text", user_id=user, text=APART[1], at=_at(0))
    for _ in range(2):  # alone it says too little to alert; counted twice, it would
        assert intake_any.post(CHANNEL, event).status_code == 200
    assert intake_any.alerts() == []


def test_an_erasure_drops_her_evidence(intake_any):
    user = new_user_id()
    _one_request_each(intake_any, user, APART[:1])
    erase = make_event("postback", user_id=user, data="action=erase&confirm=yes", at=_at(1))
    assert intake_any.post(CHANNEL, erase).status_code == 200
    _one_request_each(intake_any, user, APART[1:], start=2)
    assert intake_any.alerts() == []


def test_evidence_an_hour_apart_does_not_add_up(intake_any):
    user = new_user_id()
    _one_request_each(intake_any, user, APART[:1])
    _one_request_each(intake_any, user, APART[1:], start=61)
    assert intake_any.alerts() == []


def test_everyday_lines_keep_no_total_and_a_leaning_line_one_number(intake, tmp_path):
    import sqlite3

    def totals() -> list[tuple]:
        with sqlite3.connect(tmp_path / "intake.sqlite3") as conn:
            return conn.execute("SELECT total, n FROM totals").fetchall()

    _one_request_each(intake, new_user_id(), ("いい天気", "散歩してきます", "thanks", "see you tomorrow"))
    assert totals() == []
    _one_request_each(intake, new_user_id(), APART[1:])
    [(total, n)] = totals()
    assert total > 0 and n == 1


def test_the_evidence_keeps_no_text(intake, tmp_path):
    user = new_user_id()
    _one_request_each(intake, user, APART)
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("intake.sqlite3*"))
    for text in (*APART, user):
        assert text.encode() not in stored


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


def test_short_lines_carry_the_models_evidence_and_a_long_letter_none():
    from tsunagu.domain.intake.detection import detector

    line = detector().assess(APART[1])
    assert line.evidence_needs is not None and line.evidence > 0
    letter = detector().assess("今日は保育園の面談でした。先生と話して、少し安心しました。" * 20)
    assert not letter.emergency and letter.evidence_needs is None


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2400), st.integers(-200, 200), st.sampled_from([None, 13.0, 26.0])),
                max_size=8))
def test_the_corpus_figures_add_evidence_up_as_the_intake_does(steps):
    """`add_evidence` (in memory, for the corpus's figures) and the intake's `Store.add_to` with
    `evidence_adds_up` say the same at every message."""
    with tempfile.TemporaryDirectory() as folder:
        store = SqliteStore(Path(folder) / "s.sqlite3")
        now, kept = 1_800_000_000, None
        for advance, quarters, needs in steps:
            now += advance
            found = Assessment(evidence=quarters / 4, evidence_needs=needs)
            kept, alerts = add_evidence(kept, found, now)
            if needs is not None and quarters > 0:  # what the intake adds (planning: a message leaning to danger)
                stored = store.add_to("kita-women:p:evidence", quarters / 4, now, now + CONCERN_WINDOW_S)
                assert kept is not None and (kept.total, kept.count) == stored
                assert alerts is evidence_adds_up(*stored, quarters / 4, needs)
            else:
                assert alerts is False
        store.close()
