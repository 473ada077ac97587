"""The reply client against the LINE stand-in: reply, push fallback on a refused token, other failures."""

from __future__ import annotations

import json
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



def test_a_push_over_the_months_quota_is_skipped_and_logged(client, line_standin, caplog):
    line_standin.set_quota(200, 200)  # the free plan's month is used up
    assert client.push("kita-women", "U1", MESSAGES) == "skipped"
    assert line_standin.requests("/v2/bot/message/push") == []
    assert "quota is used up" in caplog.text and "U1" not in caplog.text


def test_an_emergency_push_goes_whatever_the_quota_reads(client, line_standin):
    line_standin.set_quota(200, 200)
    # The ward raised its limit in LINE Official Account Manager after the quota was read: LINE accepts.
    line_standin.route("POST", "/v2/bot/message/push", lambda req: (200, {"sentMessages": [{"id": "1"}]}))
    assert client.push("kita-women", "U1", MESSAGES) == "skipped"
    assert client.push("kita-women", "U1", MESSAGES, urgent=True) == "push"
    assert len(line_standin.requests("/v2/bot/message/push")) == 1


def test_the_quota_is_read_once_and_counted_locally(client, line_standin):
    line_standin.set_quota(2, 0)
    assert [client.push("kita-women", f"U{i}", MESSAGES) for i in range(3)] == ["push", "push", "skipped"]
    assert len(line_standin.requests("/v2/bot/message/quota")) == 1
    assert len(line_standin.requests("/v2/bot/message/quota/consumption")) == 1
    assert len(line_standin.delivered()) == 2


def test_the_fallback_push_of_a_refused_token_keeps_to_the_quota_unless_urgent(client, line_standin):
    line_standin.set_quota(200, 200)
    line_standin.route("POST", "/v2/bot/message/push", lambda req: (200, {"sentMessages": [{"id": "1"}]}))
    assert client.send("kita-women", "expired-1", "U1", MESSAGES) == "skipped"
    assert client.send("kita-women", "expired-2", "U1", MESSAGES, urgent=True) == "push"


def test_a_retry_key_makes_line_send_a_push_once(client, line_standin):
    assert client.push("kita-women", "U1", MESSAGES, retry_key="6f1c0a52-0b8e-4b8a-9d35-2a3c1d3e4f50") == "push"
    # LINE answers 409 to a key it accepted before: sent once, not again (and not counted again).
    assert client.push("kita-women", "U1", MESSAGES, retry_key="6f1c0a52-0b8e-4b8a-9d35-2a3c1d3e4f50") == "repeat"
    assert len(line_standin.requests("/v2/bot/message/push")) == 2
    assert len(line_standin.delivered()) == 1
    assert line_standin.requests("/v2/bot/message/push")[0].headers["X-Line-Retry-Key"].startswith("6f1c0a52")


def test_the_stand_in_answers_the_quota_endpoints_as_the_spec_says(line_standin):
    import urllib.request

    def get(path: str) -> dict:
        with urllib.request.urlopen(line_standin.url + path) as res:
            return json.loads(res.read())

    assert get("/v2/bot/message/quota") == {"type": "none"}
    line_standin.set_quota(200, 37)
    assert get("/v2/bot/message/quota") == {"type": "limited", "value": 200}
    assert get("/v2/bot/message/quota/consumption") == {"totalUsage": 37}
