"""Secrets from SSM Parameter Store, read the way the Lambda reads them (moto server on 127.0.0.1)."""

from __future__ import annotations

import socket
import uuid

import boto3
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tsunagu.adapters.secrets.ssm import load_ssm_secrets, secrets_from_parameters
from tsunagu.ports.secrets import SecretsError
from tsunagu.wiring import load_secrets

KEY = "k" * 40


@pytest.fixture
def ssm(s3_endpoint, monkeypatch):
    """An SSM client on the moto server, with AWS_ENDPOINT_URL set as in the clean-venv proof."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_endpoint)
    return boto3.client("ssm", endpoint_url=s3_endpoint)


def put(ssm, name: str, value: str) -> None:
    ssm.put_parameter(Name=name, Value=value, Type="SecureString", Overwrite=True)


def fresh_prefix() -> str:
    return f"/tsunagu-test/{uuid.uuid4().hex[:8]}"


def test_reads_every_channel_across_pages(ssm):
    prefix = fresh_prefix()
    put(ssm, f"{prefix}/pseudonym_key", KEY)
    # 7 channels = 15 parameters: GetParametersByPath returns at most 10 per page.
    for i in range(7):
        put(ssm, f"{prefix}/channels/ch-{i}/secret", f"secret-{i}")
        put(ssm, f"{prefix}/channels/ch-{i}/access_token", f"token-{i}")
    secrets = load_secrets(f"ssm:{prefix}")
    assert secrets.pseudonym_key == KEY.encode()
    assert sorted(secrets.channels) == [f"ch-{i}" for i in range(7)]
    assert secrets.channel("ch-6").secret == "secret-6"
    assert secrets.channel("ch-6").access_token == "token-6"


def test_values_are_read_once_per_container_by_its_wiring(ssm):
    from tsunagu.settings import Settings
    from tsunagu.wiring import Wiring

    prefix = fresh_prefix()
    put(ssm, f"{prefix}/pseudonym_key", KEY)
    put(ssm, f"{prefix}/channels/a/secret", "old")
    put(ssm, f"{prefix}/channels/a/access_token", "t")
    container = Wiring(Settings(secrets=f"ssm:{prefix}"))
    assert container.secrets().channel("a").secret == "old"
    put(ssm, f"{prefix}/channels/a/secret", "rotated")
    assert container.secrets().channel("a").secret == "old"  # one read per container
    assert Wiring(Settings(secrets=f"ssm:{prefix}")).secrets().channel("a").secret == "rotated"  # a new one


@pytest.mark.parametrize(("missing", "named"), [
    ("pseudonym_key", "pseudonym_key"), ("channels/a/secret", "channels/a/secret"),
    ("channels/a/access_token", "channels/a/channel_id"),
])
def test_a_missing_parameter_is_named(ssm, missing, named):
    # Without an access token a channel needs its channel ID (tsunagu's own stateless tokens): that is named.
    prefix = fresh_prefix()
    for name, value in {"pseudonym_key": KEY, "channels/a/secret": "s", "channels/a/access_token": "t"}.items():
        if name != missing:
            put(ssm, f"{prefix}/{name}", value)
    with pytest.raises(SecretsError, match=f"{prefix}/{named} is missing"):
        load_ssm_secrets(prefix)


def test_a_channel_id_without_a_long_lived_token_is_enough(ssm):
    prefix = fresh_prefix()
    for name, value in {"pseudonym_key": KEY, "channels/a/secret": "s", "channels/a/channel_id": "1650000001"}.items():
        put(ssm, f"{prefix}/{name}", value)
    channel = load_ssm_secrets(prefix).channel("a")
    assert channel.channel_id == "1650000001" and channel.access_token == ""


def test_a_short_pseudonym_key_is_refused(ssm):
    prefix = fresh_prefix()
    put(ssm, f"{prefix}/pseudonym_key", "short")
    with pytest.raises(SecretsError, match="too short"):
        load_ssm_secrets(prefix)


def test_unreachable_ssm_is_a_secrets_error(monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    for name, value in {"AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}", "AWS_MAX_ATTEMPTS": "1",
                        "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x",
                        "AWS_DEFAULT_REGION": "ap-northeast-1"}.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SecretsError, match="cannot read SSM parameters under /nowhere"):
        load_ssm_secrets("/nowhere")


@given(st.dictionaries(st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True),
                       st.tuples(st.text(min_size=1), st.text(min_size=1)), max_size=6),
       st.sampled_from(["/tsunagu/kita", "tsunagu/kita/", "/a"]))
def test_parameter_names_map_back_to_channels(channels, prefix):
    root = "/" + prefix.strip("/")
    params = {f"{root}/pseudonym_key": KEY, f"{root}/unrelated/value": "ignored"}
    for cid, (secret, token) in channels.items():
        params[f"{root}/channels/{cid}/secret"] = secret
        params[f"{root}/channels/{cid}/access_token"] = token
    secrets = secrets_from_parameters(prefix, params)
    assert secrets.pseudonym_key == KEY.encode()
    assert {cid: (c.secret, c.access_token) for cid, c in secrets.channels.items()} == channels
