"""Where channel secrets, access tokens and the pseudonym key come from: a local JSON file or AWS SSM.

The local file (default `build/secrets.json`, git-ignored) is made by setup with random values:
`{"pseudonym_key": "...", "channels": {"<channel id>": {"secret": "...", "access_token": "..."}}}`.
In deployment TSUNAGU_SECRETS is `ssm:/PREFIX` and the values are SecureString parameters.
"""

from __future__ import annotations

import json
import os
import secrets as random_source
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import TsunaguError

DEFAULT_SECRETS = "build/secrets.json"


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


def secrets_source() -> str:
    """$TSUNAGU_SECRETS or the local default file."""
    return os.environ.get("TSUNAGU_SECRETS", DEFAULT_SECRETS)


def load_secrets(source: str | None = None) -> Secrets:
    """Read the secrets from a JSON file path or from `ssm:/PREFIX`."""
    source = source or secrets_source()
    if source.startswith("ssm:"):
        from .ssm import load_ssm_secrets

        return load_ssm_secrets(source.removeprefix("ssm:"))
    path = Path(source)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SecretsError(f"{path} does not exist; run 'tsunagu secrets init' (setup does it)") from None
    except (OSError, ValueError) as exc:
        raise SecretsError(f"{path}: cannot read secrets: {exc}") from None
    return secrets_from_json(doc, str(path))


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


def init_local_secrets(path: Path, channel_ids: Iterable[str]) -> list[str]:
    """Create the file or add missing channels with random values; returns the ids added."""
    doc: dict = {}
    if path.exists():
        doc = json.loads(path.read_text(encoding="utf-8"))
    doc.setdefault("pseudonym_key", random_source.token_urlsafe(48))
    channels = doc.setdefault("channels", {})
    added = []
    for cid in channel_ids:
        if cid not in channels:
            channels[cid] = {"secret": random_source.token_hex(16), "access_token": random_source.token_urlsafe(64)}
            added.append(cid)
    if added or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        tmp.chmod(0o600)
        tmp.replace(path)
    return added
