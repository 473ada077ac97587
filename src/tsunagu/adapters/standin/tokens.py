"""LINE's stateless channel access tokens, as the LINE stand-in issues them (`POST /oauth2/v3/token`).

The request is a form (grant_type=client_credentials, client_id, client_secret), checked against LINE's
contract (channel-access-token.yml): a missing field is 400, a wrong channel ID or secret 400 with
LINE's `invalid_client`. Each token lasts `expires_in` (899 s, as LINE's example) and is remembered, so
tests can check that replies and pushes carry a token the stand-in issued.
"""

from __future__ import annotations

import secrets as random_source
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

TOKEN_PATH = "/oauth2/v3/token"
# LINE's long-lived token endpoints: tsunagu must never call them (the console owns that token).
LONG_LIVED_PATHS = ("/v2/oauth/accessToken", "/v2/oauth/revoke", "/oauth2/v2.1/token", "/oauth2/v2.1/revoke",
                    "/oauth2/v2.1/tokens/kid", "/v2/oauth/verify", "/oauth2/v2.1/verify")
EXPIRES_IN = 899


class TokenDesk:
    """Issues stateless tokens to channels it knows (channel ID -> channel secret)."""

    def __init__(self, clients: Callable[[], dict[str, str]] | None = None) -> None:
        self._clients = clients  # None: any client id and secret are accepted
        self.issued: dict[str, float] = {}  # token -> expires at (monotonic)
        self.calls = 0
        self._lock = threading.Lock()

    def issue(self, form: bytes) -> tuple[int, Any]:
        """Answer one `POST /oauth2/v3/token` request body."""
        fields = dict(parse_qsl(form.decode("utf-8", "replace"), keep_blank_values=True))
        with self._lock:
            self.calls += 1
        missing = [k for k in ("grant_type", "client_id", "client_secret") if not fields.get(k)]
        if missing or fields["grant_type"] != "client_credentials":
            wrong = missing or ["grant_type"]
            return 400, {"error": "invalid_request", "error_description": f"missing or wrong: {', '.join(wrong)}"}
        known = None if self._clients is None else self._clients()
        if known is not None and known.get(fields["client_id"]) != fields["client_secret"]:
            return 400, {"error": "invalid_client", "error_description": "invalid client_id or client_secret"}
        token = "stateless-" + random_source.token_urlsafe(24)
        with self._lock:
            self.issued[token] = time.monotonic() + EXPIRES_IN
        return 200, {"token_type": "Bearer", "access_token": token, "expires_in": EXPIRES_IN}

    def valid(self, token: str) -> bool:
        """True for a token this desk issued that has not expired."""
        with self._lock:
            return self.issued.get(token, 0.0) > time.monotonic()
