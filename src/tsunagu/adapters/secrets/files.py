"""The local secrets file (JSON, mode 600, git-ignored): channel secrets, access tokens and the pseudonym key."""

from __future__ import annotations

import json
import secrets as random_source
from collections.abc import Iterable
from pathlib import Path

from tsunagu.ports.secrets import Secrets, SecretsError, secrets_from_json


def load_file_secrets(path: Path) -> Secrets:
    """Read the secrets from the local JSON file, naming what to run when it is missing."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SecretsError(f"{path} does not exist; run 'tsunagu secrets init' (setup does it)") from None
    except (OSError, ValueError) as exc:
        raise SecretsError(f"{path}: cannot read secrets: {exc}") from None
    return secrets_from_json(doc, str(path))


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
