"""Where channel secrets, access tokens and the pseudonym key come from: a local JSON file or AWS SSM.

The local file (default `build/secrets.json`, git-ignored) is made by setup with random values:
`{"pseudonym_key": "...", "channels": {"<channel id>": {"secret": "...", "access_token": "..."}}}`.
In deployment TSUNAGU_SECRETS is `ssm:/PREFIX` and the values are SecureString parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

from tsunagu.domain.errors import TsunaguError


class SecretsError(TsunaguError):
    """The secrets source is missing, unreadable or lacks a needed value."""


@dataclass(frozen=True)
class ChannelSecret:
    """LINE's channel secret (signs webhooks) and channel access token (sends replies)."""

    secret: str
    access_token: str


@dataclass(frozen=True)
class Secrets:
    """Everything secret the intake needs."""

    pseudonym_key: bytes
    channels: dict[str, ChannelSecret]

    def channel(self, channel_id: str) -> ChannelSecret:
        """The channel's secrets; SecretsError names what to run when they are missing."""
        try:
            return self.channels[channel_id]
        except KeyError:
            raise SecretsError(f"no secrets for channel {channel_id!r}; run 'tsunagu secrets init'") from None


def secrets_from_json(doc: dict, where: str) -> Secrets:
    """Build Secrets from the documented JSON shape, naming the missing field."""
    try:
        key = doc["pseudonym_key"]
        channels = {cid: ChannelSecret(v["secret"], v["access_token"]) for cid, v in doc["channels"].items()}
    except (KeyError, TypeError) as exc:
        raise SecretsError(f"{where}: missing field {exc}; expected pseudonym_key and channels") from None
    if len(key) < 32:
        raise SecretsError(f"{where}: pseudonym_key is too short; use at least 32 random characters")
    return Secrets(pseudonym_key=key.encode("utf-8"), channels=channels)
