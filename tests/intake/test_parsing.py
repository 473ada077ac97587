"""Webhook parsing, postback data and emergency/deletion words, on their own and under hypothesis."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.line_events import make_event, webhook_body

from tsunagu.domain.errors import MalformedWebhookError
from tsunagu.domain.intake.postback import age_data, handoff_data, menu_data, parse_postback, survey_data
from tsunagu.domain.intake.signature import sign, verify
from tsunagu.domain.intake.webhook import parse
from tsunagu.domain.intake.words import fold
from tsunagu.domain.pseudonym import pseudonym
from tsunagu.services.intake.handler import word_list

json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                        max_size=4), max_leaves=12)


@given(json_values)
def test_any_json_parses_or_is_reported_malformed(value):
    try:
        events = parse(json.dumps(value).encode())
    except MalformedWebhookError as exc:
        assert "events" in str(exc) or "body" in str(exc)
    else:
        assert isinstance(events, list)


@given(st.dictionaries(st.text(min_size=1, max_size=10), json_values, max_size=4))
def test_unknown_fields_never_break_parsing(extra):
    event = make_event("text", text="こんにちは")
    extra = {k: v for k, v in extra.items() if k not in event}
    [parsed] = parse(webhook_body({**event, **extra}))
    assert parsed.text == "こんにちは" and parsed.user_id == event["source"]["userId"]


def test_user_data_never_shows_in_an_events_repr():
    event = make_event("text", text="ひみつ", reply_token="tok123")
    [parsed] = parse(webhook_body(event))
    shown = repr(parsed)
    assert "ひみつ" not in shown and "tok123" not in shown and event["source"]["userId"] not in shown


@given(st.binary(max_size=200), st.text(min_size=1, max_size=30))
def test_signatures_verify_only_the_exact_bytes(body, secret):
    signature = sign(body, secret)
    assert verify(body, secret, signature)
    assert not verify(body + b" ", secret, signature)
    assert not verify(body, secret + "x", signature)
    assert not verify(body, secret, None) and not verify(body, secret, "")


@pytest.mark.parametrize("text", ["死にたい", "しにたい", "シニタイ", "ｼﾆﾀｲ", "し　に た い", "もう、死にたいです",
                                  "SUICIDE"])
def test_emergency_words_match_however_they_are_typed(text):
    assert word_list().is_emergency(text)


@pytest.mark.parametrize("text", ["こんにちは", "仕事のことで悩んでいます", "しにせの店", "削除"])
def test_ordinary_messages_are_not_emergencies(text):
    assert not word_list().is_emergency(text)


@given(st.sampled_from(["死にたい", "消えたい", "たすけて", "殺される"]), st.text(max_size=10), st.text(max_size=10))
def test_emergency_words_match_inside_any_message_and_in_half_width(word, before, after):
    half = unicodedata.normalize("NFKC", word).translate({c: c + 0x60 for c in range(0x3041, 0x3097)})
    assert word_list().is_emergency(before + word + after)
    assert word_list().is_emergency(before + half + after)


@pytest.mark.parametrize("text", ["削除", "さくじょ", "サクジョ", "DELETE", "delete", "ＤＥＬＥＴＥ", " 削除 ",
                                  "削除。"])
def test_deletion_words_are_the_whole_message(text):
    assert word_list().is_deletion(text)


@pytest.mark.parametrize("text", ["削除して", "削除の方法", "deleted", "記録"])
def test_messages_that_mention_deletion_do_not_erase(text):
    assert not word_list().is_deletion(text)


def test_fold_is_idempotent_on_japanese():
    assert fold(fold("ｼﾆﾀｲ　デス")) == fold("ｼﾆﾀｲ　デス") == "しにたいです"


def test_postback_contract_round_trips():
    assert parse_postback(menu_data("hours")).action == "hours"
    assert parse_postback(menu_data("survey")).question is None
    assert parse_postback(survey_data("glad", "skip")) == parse_postback("action=survey&q=glad&a=skip")
    assert parse_postback(age_data("60plus")).band == "60plus"
    assert parse_postback(handoff_data("face")).kind == "face"


@given(st.text(max_size=80))
def test_any_postback_data_is_ours_or_ignored(data):
    parsed = parse_postback(data)
    assert parsed is None or parsed.action in ("hours", "emergency", "privacy", "specialist", "survey", "age",
                                               "handoff")


def test_pseudonym_is_keyed_stable_and_not_the_user_id():
    key = b"k" * 32
    assert pseudonym(key, "U1") == pseudonym(key, "U1") != pseudonym(b"j" * 32, "U1")
    assert "U1" not in pseudonym(key, "U1") and len(pseudonym(key, "U1")) == 32
    with pytest.raises(ValueError):
        pseudonym(b"short", "U1")
