"""Secrets from AWS SSM Parameter Store (`TSUNAGU_SECRETS=ssm:/PREFIX`), read once per Lambda container.

Parameter layout under the prefix, every value a SecureString (see docs/operator.md):

    /PREFIX/pseudonym_key                    at least 32 random characters
    /PREFIX/channels/<channel id>/secret        LINE channel secret (verifies webhook signatures)
    /PREFIX/channels/<channel id>/channel_id    LINE channel ID (tsunagu's own stateless tokens)
    /PREFIX/channels/<channel id>/access_token  optional: a long-lived channel access token

One GetParametersByPath call (paged, with decryption) reads them all; wiring imports this module only
for `ssm:` sources, so the local file source needs no AWS SDK. The wiring keeps the result for the life of
the container (the one layer of laziness): a rotated value takes effect when containers are replaced (the
operator guide says how).
"""

from __future__ import annotations

from typing import Any

import boto3
from botocore.client import BaseClient
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from tsunagu.ports.secrets import Secrets, SecretsError, secrets_from_json

# Read on a cold start, inside LINE's 2 s: a stuck SSM fails fast (the 500 is logged; LINE redelivers).
SSM_CONFIG = Config(connect_timeout=0.5, read_timeout=1.0, retries={"mode": "standard", "total_max_attempts": 1})
def load_ssm_secrets(prefix: str, client: BaseClient | None = None) -> Secrets:
    """The secrets stored under `prefix`, read now (the wiring calls this once per container)."""
    prefix = "/" + prefix.strip("/")
    return secrets_from_parameters(prefix, _read_parameters(prefix, client))


def secrets_from_parameters(prefix: str, parameters: dict[str, str]) -> Secrets:
    """Build Secrets from parameter names and values under `prefix`, naming any missing parameter."""
    prefix = "/" + prefix.strip("/")
    doc: dict[str, Any] = {"channels": {}}
    for name, value in parameters.items():
        parts = name.removeprefix(prefix + "/").split("/")
        if parts == ["pseudonym_key"]:
            doc["pseudonym_key"] = value
        elif len(parts) == 3 and parts[0] == "channels" and parts[2] in ("secret", "access_token", "channel_id"):
            doc["channels"].setdefault(parts[1], {})[parts[2]] = value
    if "pseudonym_key" not in doc:
        raise SecretsError(f"SSM parameter {prefix}/pseudonym_key is missing; create it as a SecureString "
                           "(see docs/operator.md, 'Storing the secrets')")
    for cid, values in doc["channels"].items():
        if "secret" not in values:
            raise SecretsError(f"SSM parameter {prefix}/channels/{cid}/secret is missing; "
                               "create it as a SecureString (see docs/operator.md)")
        if "channel_id" not in values and "access_token" not in values:
            raise SecretsError(f"SSM parameter {prefix}/channels/{cid}/channel_id is missing; create it as a "
                               "SecureString (or access_token, a long-lived token; see docs/operator.md)")
    return secrets_from_json(doc, f"SSM {prefix}")


def _read_parameters(prefix: str, client: BaseClient | None) -> dict[str, str]:
    client = client or boto3.client("ssm", config=SSM_CONFIG)
    found: dict[str, str] = {}
    try:
        for page in client.get_paginator("get_parameters_by_path").paginate(
                Path=prefix, Recursive=True, WithDecryption=True):
            found.update((p["Name"], p["Value"]) for p in page["Parameters"])
    except (BotoCoreError, ClientError) as exc:
        raise SecretsError(f"cannot read SSM parameters under {prefix}: {exc}; check TSUNAGU_SECRETS, "
                           "the function's IAM role and the region") from None
    return found
