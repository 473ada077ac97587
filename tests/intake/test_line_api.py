"""The reply client against the LINE stand-in: reply, push fallback on a refused token, other failures."""

from __future__ import annotations

import logging

import pytest

from tsunagu.adapters.line.api import HttpLineClient
from tsunagu.ports.secrets import ChannelSecret, Secrets

SECRETS = Secrets(b"k" * 32, {"kita-women": ChannelSecret("s" * 32, "token-kita")})
MESSAGES = [{"type": "text", "text": "こんにちは", "quickReply": {"items": [
    {"type": "action", "action": {"type": "postback", "label": "10代", "data": "action=age&band=10s"}}]}}]


@pytest.fixture
def client(line_standin):
    return HttpLineClient(SECRETS, line_standin.url)


def test_reply_uses_the_token_and_the_channel_access_token(client, line_standin):
    assert client.send("kita-women", "tok-1", "U123", MESSAGES) == "reply"
    [req] = line_standin.requests()
    assert req.path == "/v2/bot/message/reply" and req.json["replyToken"] == "tok-1"
    assert req.json["messages"][0]["quickReply"]["items"][0]["action"]["data"] == "action=age&band=10s"
    assert req.headers["Authorization"] == "Bearer token-kita"


def test_refused_token_falls_back_to_push_and_logs_nothing_personal(client, line_standin, caplog):
    caplog.set_level(logging.DEBUG)
    line_standin.expire("tok-2")
    assert client.send("kita-women", "tok-2", "U456", MESSAGES) == "push"
    assert client.send("kita-women", "tok-2", "U456", MESSAGES) == "push"  # a used token is refused too
    pushes = line_standin.requests("/v2/bot/message/push")
    assert [p.json["to"] for p in pushes] == ["U456", "U456"]
    assert "U456" not in caplog.text and "tok-2" not in caplog.text


def test_other_failures_are_reported_without_a_push(client, line_standin, caplog):
    line_standin.route("POST", "/v2/bot/message/reply", lambda req: (429, {"message": "rate limit"}))
    assert client.send("kita-women", "tok-3", "U789", MESSAGES) == "failed"
    assert line_standin.requests("/v2/bot/message/push") == []
    assert "HTTP 429" in caplog.text and "U789" not in caplog.text

