"""Stateless channel access tokens: tsunagu's own, which never clash with the console's long-lived token.

LINE gives a channel one long-lived access token, and issuing a new one revokes the old: the contracted
console holds it. tsunagu instead asks `POST /oauth2/v3/token` (grant_type=client_credentials, the
channel ID and channel secret; contract: LINE's channel-access-token.yml) for a stateless token, valid
15 minutes, kept in memory for its life and renewed a minute early. It never issues, reissues or revokes
a long-lived token. A channel without `channel_id` in the secrets uses its long-lived `access_token`, as
wards without a console did before.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable

from tsunagu.ports.secrets import Secrets, SecretsError

log = logging.getLogger("tsunagu.line")

TOKEN_PATH = "/oauth2/v3/token"
# Renew this long before LINE's expiry, so a token never dies between reading it and LINE checking it.
RENEW_EARLY_S = 60.0


class TokenUnavailable(SecretsError):
    """LINE did not issue a stateless token in time and the channel has no long-lived one to fall back on."""


class ChannelTokens:
    """The access token to use for each channel: stateless when the channel ID is known, cached in memory."""

    def __init__(self, secrets: Secrets, base_url: str, timeout: float = 1.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.secrets = secrets
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._clock = clock
        self._tokens: dict[str, tuple[str, float]] = {}  # channel -> (token, renew at)
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def token(self, channel: str, deadline: float | None = None) -> str:
        """A valid token for the channel, issuing a stateless one when needed (at most one call at a time)."""
        cached = self._tokens.get(channel)
        if cached is not None and self._clock() < cached[1]:
            return cached[0]
        secret = self.secrets.channel(channel)
        if not secret.channel_id:
            if not secret.access_token:
                raise TokenUnavailable(f"channel {channel}: neither channel_id nor access_token in the secrets")
            return secret.access_token
        with self._guard:
            lock = self._locks.setdefault(channel, threading.Lock())
        with lock:
            cached = self._tokens.get(channel)
            if cached is not None and self._clock() < cached[1]:
                return cached[0]
            issued = self._issue(channel, secret.channel_id, secret.secret, deadline)
            if issued is not None:
                token, expires_in = issued
                self._tokens[channel] = (token, self._clock() + max(expires_in - RENEW_EARLY_S, expires_in / 2))
                return token
        if cached is not None and self._clock() < cached[1] + RENEW_EARLY_S:
            return cached[0]  # LINE is slow to issue: the old token has a minute left
        if secret.access_token:
            return secret.access_token
        raise TokenUnavailable(f"channel {channel}: LINE issued no stateless token in time")

    def _issue(self, channel: str, channel_id: str, channel_secret: str,
               deadline: float | None) -> tuple[str, float] | None:
        remaining = self.timeout if deadline is None else min(self.timeout, deadline - time.monotonic())
        if remaining <= 0:
            return None
        form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": channel_id,
                                       "client_secret": channel_secret}).encode("ascii")
        req = urllib.request.Request(self.base_url + TOKEN_PATH, data=form, method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(req, timeout=remaining) as res:
                doc = json.loads(res.read())
            return str(doc["access_token"]), float(doc["expires_in"])
        except urllib.error.HTTPError as exc:
            log.error("LINE token refused: channel %s: HTTP %d", channel, exc.code)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("LINE token not issued: channel %s: %s", channel, type(exc).__name__)
        return None
