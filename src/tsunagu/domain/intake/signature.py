"""LINE's webhook signature: base64(HMAC-SHA256(channel secret, raw body)), checked before any parsing."""

from __future__ import annotations

import base64
import hashlib
import hmac


def sign(body: bytes, secret: str) -> str:
    """The X-Line-Signature value LINE sends for this body."""
    return base64.b64encode(hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()).decode("ascii")


def verify(body: bytes, secret: str, signature: str | None) -> bool:
    """True when `signature` signs exactly these bytes; constant-time, so timing leaks nothing."""
    if not signature:
        return False
    expected = sign(body, secret).encode("ascii")
    try:
        given = signature.strip().encode("ascii")
    except UnicodeEncodeError:
        return False
    return hmac.compare_digest(expected, given)
