"""Danger typed a piece per message, each in a request of its own (tsunagu.domain.intake.fragments): the
listed phrase's pieces are read together across LINE's requests, keeping only which phrase her message
started, never her letters. Driven through /callback on SQLite and DynamoDB, and through the pure rules."""

from __future__ import annotations

import itertools
import re
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.line_events import make_event, minutes_in, new_user_id, one_request_each

from tsunagu.domain.intake.detection import detector
from tsunagu.domain.intake.fragments import FRAGMENT_WINDOW_S, NO_PIECES, Piece, Pieces, carry_pieces
from tsunagu.domain.intake.lexicon import catalogue_lexicon
from tsunagu.domain.intake.pattern_regex import split_view

CHANNEL = "kita-women"
NUMBERS = "NET119"  # the ways to write for help: in every emergency reply, in no other
PURPOSE = re.compile(r"split-[0-9a-f]{8}-\d+")


_at = minutes_in


def _one_request_each(intake, user: str, texts: tuple[str, ...], start: float = 0) -> None:
    one_request_each(intake, CHANNEL, user, texts, start, apart=0.5)


def completes(*messages: str, seconds_apart: int = 20) -> bool:
    """Whether these messages, each judged alone and in a request of its own, complete a phrase by the last."""
    judge, held, done = detector(), {}, False
    for i, text in enumerate(messages):
        assert not judge.assess(text).emergency, text  # each alone says too little
        held, now = carry_pieces(held, judge.pieces(text), i * seconds_apart)
        done = done or now
    return done


# --- the rules, pure ------------------------------------------------------------------------------


@pytest.mark.parametrize("messages", [
    ("死に", "たい"), ("し", "にたい"), ("し", "にたいです"), ("き", "え", "た", "い"), ("ｼﾆ", "ﾀｲ"),
    ("消え", "たい"), ("今日も疲れたし、もう死に", "たい"), ("O", "D した"),
    ("i want to kill", "myself"), ("i want to", "die"), ("죽고", "싶어"), ("想", "死"),
])
def test_a_phrase_sent_a_piece_per_request_is_read_whole(messages):
    assert completes(*messages)


def _splits() -> list[tuple[str, ...]]:
    """Every listed phrase that alerts whole, cut into two pieces anywhere and into three where people would
    (any letter of a kana phrase; at the spaces of a words phrase), no piece alerting alone."""
    judge, out = detector(), []
    for phrase, _ in catalogue_lexicon().split:
        if not judge.is_emergency(phrase):
            continue
        words = split_view(phrase)[1]
        cuts = [i for i in range(1, len(phrase)) if (phrase[i] != " " and phrase[i - 1] != " ") or phrase[i] == " "]
        for n in (1, 2):
            for chosen in itertools.combinations(cuts, n):
                if words and n == 2 and any(phrase[c] != " " for c in chosen):
                    continue
                parts = tuple(phrase[a:b].strip() for a, b in zip((0, *chosen), (*chosen, len(phrase)), strict=True))
                if all(parts) and not any(judge.is_emergency(part) for part in parts):
                    out.append(parts)
    return out


def test_every_listed_phrase_cut_into_pieces_is_read_whole():
    pieces = _splits()
    assert len(pieces) > 500  # every language's phrases, two and three pieces
    assert [p for p in pieces if not completes(*p)] == []


@pytest.mark.parametrize("messages", [
    ("ここがいいところ", "してほしいことがあります"),  # a hiragana ending inside a longer message is another word's
    ("わたし", "にたいして話します"),
    ("しにた", "いいよ"),  # one letter of the rest must be all she sent
    ("i have a skill", "myself"),  # a word's end is not the start of another
    ("i want to", "diet"),
    ("死に", "ました"),  # the rest of no listed phrase
    ("今日は", "いい天気"),
])
def test_everyday_pieces_complete_nothing(messages):
    assert not completes(*messages)


def test_pieces_further_apart_than_the_window_are_not_joined():
    assert completes("死に", "たい", seconds_apart=FRAGMENT_WINDOW_S - 1)
    assert not completes("死に", "たい", seconds_apart=FRAGMENT_WINDOW_S)


def test_a_piece_completes_only_what_was_started():
    assert not completes("たい")
    assert not completes("え", "た", "い")  # き never came


def test_a_long_letter_starting_with_the_rest_of_a_phrase_is_not_read_again_joined():
    letter = "にたい" + "今日は仕事で疲れましたが、散歩をして気分転換しました。" * 20
    assert detector().pieces(letter[:200]).completes  # a short one is
    assert not detector().pieces(letter).completes


def test_the_joined_verdict_names_the_danger():
    found = detector().pieces("たい").joined
    assert found is not None and found.emergency and found.category == "ideation"
    assert detector().pieces("いい天気ですね") is NO_PIECES


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_markers_name_a_listed_phrase_never_her_letters(text):
    pieces = detector().pieces(text)
    for piece in (*pieces.ends, *pieces.completes, *(p for pair in pieces.grows for p in pair)):
        assert PURPOSE.fullmatch(piece.purpose)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["し", "に", "た", "い", "き", "え", "死に", "たい", "今日", "ね", "O", "D"]),
                max_size=8))
def test_carrying_matches_the_markers_a_store_would_hold(messages):
    """Pieces.after with a store's answer agrees with carry_pieces kept in memory."""
    judge, held, store = detector(), {}, {}
    for i, text in enumerate(messages):
        pieces = judge.pieces(text)
        held, done = carry_pieces(held, pieces, i * 10)
        live = {p for p, until in store.items() if until > i * 10}
        sets, complete = pieces.after(p for p in pieces.asks if p in live)
        store.update(dict.fromkeys(sets, i * 10 + FRAGMENT_WINDOW_S))
        assert complete == done
        assert {p for p, until in store.items() if until > i * 10} >= {p for p in held if held[p] > i * 10}


def test_after_sets_the_ends_and_grows_only_what_is_held():
    a1, a2, b1 = Piece("aaaaaaaa", 1), Piece("aaaaaaaa", 2), Piece("bbbbbbbb", 1)
    pieces = Pieces(ends=(b1,), grows=((a1, a2),), completes=(a2,))
    assert pieces.asks == (a2, a1)
    assert pieces.after([]) == ((b1,), False)
    assert pieces.after([a1]) == ((b1, a2), False)
    assert pieces.after([a2]) == ((b1,), True)


# --- through /callback -----------------------------------------------------------------------------


def test_a_word_split_across_two_requests_is_an_emergency(intake_any):
    user = new_user_id()
    _one_request_each(intake_any, user, ("死に",))
    assert intake_any.alerts() == []
    _one_request_each(intake_any, user, ("たい",), start=1)
    assert [(a["kind"], a.get("category")) for a in intake_any.alerts()] == [("emergency", "ideation")]
    assert any(NUMBERS in t for t in intake_any.reply_texts())


def test_a_word_typed_a_letter_per_request_is_an_emergency(intake_any):
    _one_request_each(intake_any, new_user_id(), ("き", "え", "た", "い"))
    _one_request_each(intake_any, new_user_id(), ("i want to kill", "myself"), start=3)
    assert [(a["kind"], a.get("category")) for a in intake_any.alerts()] == [("emergency", "ideation")] * 2


def test_pieces_of_two_people_are_never_joined(intake_any):
    _one_request_each(intake_any, new_user_id(), UNSEEN_BY_EVIDENCE[:1])
    _one_request_each(intake_any, new_user_id(), UNSEEN_BY_EVIDENCE[1:], start=1)
    assert intake_any.alerts() == []


# Pieces the model's evidence does not add up to an emergency (死に / たい it does: an alert of no category).
UNSEEN_BY_EVIDENCE = ("し", "にたい")


def test_pieces_minutes_apart_are_not_joined(intake_any):
    user = new_user_id()
    _one_request_each(intake_any, user, UNSEEN_BY_EVIDENCE[:1])
    _one_request_each(intake_any, user, UNSEEN_BY_EVIDENCE[1:], start=FRAGMENT_WINDOW_S / 60 + 1)
    assert intake_any.alerts() == []


def test_an_erasure_drops_the_started_phrase(intake_any):
    user = new_user_id()
    _one_request_each(intake_any, user, UNSEEN_BY_EVIDENCE[:1])
    erase = make_event("postback", user_id=user, data="action=erase&confirm=yes", at=_at(0.5))
    assert intake_any.post(CHANNEL, erase).status_code == 200
    _one_request_each(intake_any, user, UNSEEN_BY_EVIDENCE[1:], start=1)
    assert intake_any.alerts() == []


def test_a_redelivered_piece_is_read_once(intake_any):
    user = new_user_id()
    _one_request_each(intake_any, user, UNSEEN_BY_EVIDENCE[:1])
    rest = make_event("text", user_id=user, text=UNSEEN_BY_EVIDENCE[1], at=_at(1))
    for _ in range(2):
        assert intake_any.post(CHANNEL, rest).status_code == 200
    assert [a["kind"] for a in intake_any.alerts()] == ["emergency"]


def test_the_pieces_leave_no_letter_behind(intake, tmp_path):
    user = new_user_id()
    _one_request_each(intake, user, ("死に", "たい"))
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("intake.sqlite3*"))
    for half in ("死に", "たい", "死にたい"):
        assert half.encode() not in stored
    with sqlite3.connect(tmp_path / "intake.sqlite3") as conn:
        keys = [k for (k,) in conn.execute("SELECT key FROM markers") if ":split-" in k]
    assert keys and all(PURPOSE.fullmatch(k.rsplit(":", 1)[1]) for k in keys)


def test_a_store_that_cannot_read_the_pieces_records_and_answers_as_usual(intake_on, tmp_path):
    from tsunagu.adapters.store.sqlite import SqliteStore
    from tsunagu.ports.store import StoreUnavailable

    class Unreadable(SqliteStore):
        def held(self, keys, now):
            raise StoreUnavailable("injected: the markers cannot be read")

    store = Unreadable(tmp_path / "unreadable.sqlite3")
    try:
        intake = intake_on(store)
        _one_request_each(intake, new_user_id(), UNSEEN_BY_EVIDENCE)
        assert intake.alerts() == []  # missed, as before the pieces were kept; never a failed webhook
        assert len(intake.records(CHANNEL)) == 2
        assert intake.reply_texts() and not any(NUMBERS in t for t in intake.reply_texts())
    finally:
        store.close()
