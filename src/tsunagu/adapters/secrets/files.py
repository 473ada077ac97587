"""The local secrets file (JSON, mode 600, git-ignored): channel secrets, access tokens and the pseudonym key."""

from __future__ import annotations

import json
import os
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
        tmp.unlink(missing_ok=True)
        # Created 0600 from the first byte: a file made readable and tightened afterwards can be read between.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(json.dumps(doc, indent=2) + "\n")
        tmp.replace(path)
    return added
