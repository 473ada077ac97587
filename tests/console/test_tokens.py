"""tsunagu's own stateless channel access tokens: issued by LINE's /oauth2/v3/token, kept for their life,
renewed, and never a call to the long-lived token endpoints (that token belongs to the console)."""

from __future__ import annotations

import pytest

from tsunagu.adapters.line.token import ChannelTokens, TokenUnavailable
from tsunagu.adapters.standin.line import LineStandIn
from tsunagu.adapters.standin.tokens import LONG_LIVED_PATHS, TokenDesk
from tsunagu.ports.secrets import ChannelSecret, Secrets, SecretsError, secrets_from_json

KEY = b"k" * 40


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def line():
    desk = TokenDesk(lambda: {"1650000001": "secret-one"})
    with LineStandIn() as standin:
        standin.tokens = desk  # the stand-in's token desk, knowing this one channel
        standin.desk = desk
        yield standin


def base(line: LineStandIn) -> str:
    return f"http://127.0.0.1:{line.port}"


def test_a_stateless_token_is_issued_once_and_kept_for_its_life(line):
    clock = Clock()
    secrets = Secrets(KEY, {"kita": ChannelSecret("secret-one", channel_id="1650000001")})
    tokens = ChannelTokens(secrets, base(line), clock=clock)
    first = tokens.token("kita")
    assert line.desk.valid(first)
    clock.now += 600
    assert tokens.token("kita") == first and line.desk.calls == 1
    clock.now += 300  # past 899 s - 60 s: renewed
    second = tokens.token("kita")
    assert second != first and line.desk.calls == 2
    form = line.requests("/oauth2/v3/token")[0]
    assert form.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert b"grant_type=client_credentials" in form.body and b"client_id=1650000001" in form.body
    assert not [r for r in line.received if r.path in LONG_LIVED_PATHS]


def test_a_channel_without_an_id_uses_its_long_lived_token_and_calls_nothing(line):
    secrets = Secrets(KEY, {"kita": ChannelSecret("s", access_token="long-lived")})
    assert ChannelTokens(secrets, base(line)).token("kita") == "long-lived"
    assert not line.received


def test_a_wrong_secret_is_refused_and_without_a_fallback_nothing_is_sent(line):
    secrets = Secrets(KEY, {"kita": ChannelSecret("wrong", channel_id="1650000001")})
    with pytest.raises(TokenUnavailable):
        ChannelTokens(secrets, base(line)).token("kita")


def test_a_hanging_token_endpoint_costs_at_most_the_timeout_then_falls_back(line):
    import time

    line.hang(30)
    try:
        secrets = Secrets(KEY, {"kita": ChannelSecret("secret-one", access_token="long", channel_id="1650000001")})
        started = time.monotonic()
        assert ChannelTokens(secrets, base(line), timeout=0.3).token("kita") == "long"
        assert time.monotonic() - started < 1.0
    finally:
        line.stop()


def test_secrets_need_a_channel_id_or_a_long_lived_token():
    ok = secrets_from_json({"pseudonym_key": "k" * 40, "channels": {"a": {"secret": "s", "channel_id": "1"}}}, "f")
    assert ok.channel("a").channel_id == "1" and ok.channel("a").access_token == ""
    with pytest.raises(SecretsError, match=r"channels\.a: give channel_id"):
        secrets_from_json({"pseudonym_key": "k" * 40, "channels": {"a": {"secret": "s"}}}, "f")


def test_a_channel_secret_never_shows_its_values():
    shown = repr(ChannelSecret("the-secret", access_token="the-token", channel_id="165"))
    assert "the-secret" not in shown and "the-token" not in shown
