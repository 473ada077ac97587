"""Pseudonyms: a keyed hash of LINE's user id, so records of one person link without saying who she is.

HMAC-SHA256 with a secret key (from the secrets source, never from code): without the key nobody can
test a guessed user id against the records, and rotating the key unlinks all history.
"""

from __future__ import annotations

import hashlib
import hmac

# 32 hex characters = 128 bits: collisions are out of reach for any ward's contact count.
LENGTH = 32


def pseudonym(key: bytes, user_id: str) -> str:
    """The contact's pseudonym: HMAC-SHA256(key, user id), hex, truncated to 128 bits."""
    if len(key) < 32:
        raise ValueError("the pseudonym key must be at least 32 bytes of secret randomness")
    return hmac.new(key, user_id.encode("utf-8"), hashlib.sha256).hexdigest()[:LENGTH]
