"""Webhook parsing, signatures and postback data, on their own and under hypothesis."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.line_events import make_event, webhook_body

from tsunagu.domain.errors import MalformedWebhookError
from tsunagu.domain.intake.postback import age_data, handoff_data, menu_data, parse_postback, survey_data
from tsunagu.domain.intake.signature import sign, verify
from tsunagu.domain.intake.webhook import parse
from tsunagu.domain.pseudonym import pseudonym

json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                        max_size=4), max_leaves=12)


@given(json_values)
def test_any_json_parses_or_is_reported_malformed(value):
    try:
        batch = parse(json.dumps(value).encode())
    except MalformedWebhookError as exc:
        assert "events" in str(exc) or "body" in str(exc)
    else:
        assert len(batch.events) + len(batch.skipped) == len(value["events"])


@given(st.dictionaries(st.text(min_size=1, max_size=10), json_values, max_size=4))
def test_unknown_fields_never_break_parsing(extra):
    event = make_event("text", text="こんにちは")
    extra = {k: v for k, v in extra.items() if k not in event}
    [parsed] = parse(webhook_body({**event, **extra})).events
    assert parsed.text == "こんにちは" and parsed.user_id == event["source"]["userId"]


def test_user_data_never_shows_in_an_events_repr():
    event = make_event("text", text="ひみつ", reply_token="tok123")
    [parsed] = parse(webhook_body(event)).events
    shown = repr(parsed)
    assert "ひみつ" not in shown and "tok123" not in shown and event["source"]["userId"] not in shown


@given(st.binary(max_size=200), st.text(min_size=1, max_size=30))
def test_signatures_verify_only_the_exact_bytes(body, secret):
    signature = sign(body, secret)
    assert verify(body, secret, signature)
    assert not verify(body + b" ", secret, signature)
    assert not verify(body, secret + "x", signature)
    assert not verify(body, secret, None) and not verify(body, secret, "")


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


@given(st.sampled_from(["type", "webhookEventId", "timestamp", "source", "mode", "deliveryContext", "message",
                        "replyToken"]),
       json_values | st.integers(min_value=-(10**30), max_value=10**30) | st.floats(allow_nan=True))
def test_any_value_in_any_field_of_an_event_makes_at_most_that_event_unusable(field, value):
    good, odd = make_event("follow"), make_event("text", text="こんにちは")
    batch = parse(webhook_body(good, {**odd, field: value}))
    assert [e.event_id for e in batch.events][:1] == [good["webhookEventId"]]
    assert len(batch.events) + len(batch.skipped) == 2
    assert all(s.index == 1 for s in batch.skipped)
