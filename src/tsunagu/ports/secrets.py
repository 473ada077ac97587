"""Where channel secrets, access tokens and the pseudonym key come from: a local JSON file or AWS SSM.

The local file (default `build/secrets.json`, git-ignored) is made by setup with random values:
`{"pseudonym_key": "...", "channels": {"<channel id>": {"secret": "...", "channel_id": "...",
"access_token": "..."}}}`: with `channel_id` (LINE's numeric channel ID) tsunagu asks LINE for its own
stateless tokens and never touches the long-lived `access_token`, which then belongs to the console and
may be left out; without it, the long-lived token is used (wards without a console).
In deployment TSUNAGU_SECRETS is `ssm:/PREFIX` and the values are SecureString parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tsunagu.domain.errors import TsunaguError


class SecretsError(TsunaguError):
    """The secrets source is missing, unreadable or lacks a needed value."""


@dataclass(frozen=True)
class ChannelSecret:
    """LINE's channel secret (signs webhooks), channel ID (for stateless tokens) and, optionally, the
    long-lived channel access token."""

    secret: str
    access_token: str = field(default="", repr=False)
    channel_id: str = ""

    def __repr__(self) -> str:
        return f"ChannelSecret(channel_id={self.channel_id!r}, secret=..., access_token=...)"


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
        channels = {cid: ChannelSecret(v["secret"], str(v.get("access_token") or ""), str(v.get("channel_id") or ""))
                    for cid, v in doc["channels"].items()}
    except (KeyError, TypeError, AttributeError) as exc:
        raise SecretsError(f"{where}: missing field {exc}; expected pseudonym_key and channels") from None
    for cid, ch in channels.items():
        if not (ch.channel_id or ch.access_token):
            raise SecretsError(f"{where}: channels.{cid}: give channel_id (tsunagu's own stateless tokens) or "
                               "access_token (a long-lived token)")
    if len(key) < 32:
        raise SecretsError(f"{where}: pseudonym_key is too short; use at least 32 random characters")
    return Secrets(pseudonym_key=key.encode("utf-8"), channels=channels)
