"""LINE replies and pushes over the standard library (urllib): the client the intake uses everywhere.

A reply token lasts about a minute and fails sooner for slow handlers: when LINE says it is invalid,
the same messages go out as a push to the same user, in the same request. The user id is used in memory
for that push only, and no log line carries it, the token or the text.

line-bot-sdk is not used here: importing any of `linebot.v3.messaging` loads every pydantic model of the
API (about 0.8 s on a full core), which is most of a Lambda cold start. The SDK serves the staff-side
commands run on a laptop (`tsunagu richmenu --deploy`), where its models are worth their import.

A 5xx or no answer in time also falls back to one push (the emergency reply must arrive): a reply LINE
delivered but answered too late then arrives twice, which is better than not at all.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from typing import Any

from tsunagu.adapters.line.token import ChannelTokens
from tsunagu.ports.messaging import PROFILE_TIMEOUT_S, SendOutcome
from tsunagu.ports.secrets import Secrets

log = logging.getLogger("tsunagu.line")


# LINE counts every push against the channel's monthly message quota (replies are free). The quota
# and the month's consumption are read at most every 5 minutes per channel, and counted locally between.
QUOTA_TTL_S = 300.0
# Connect and read timeout of one call to LINE (the webhook's budget may cut it shorter).
CALL_TIMEOUT_S = 1.0


class HttpLineClient:
    """Sends replies and pushes for every channel with its access token.

    A refused reply token, a 5xx or no answer falls back to one push. `send(..., deadline=D)` spends on
    LINE only the time until D (the intake hands in its webhook's deadline): the reply may take half of
    it, the push the rest, and no push starts once it is spent; each call waits at most `timeout`.
    A call cut short this way is "unsent" (LINE may still have delivered it). A push that is not urgent
    first checks the month's push quota (cached), and is "skipped" when it is used up or LINE says 429.
    """

    def __init__(self, secrets: Secrets, base_url: str, timeout: float = CALL_TIMEOUT_S) -> None:
        self.secrets = secrets
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        # tsunagu's own stateless tokens (the long-lived one is the counselling console's): token.py
        self.tokens = ChannelTokens(secrets, base_url, timeout=min(timeout, 1.0))
        self._quota: dict[str, tuple[float, int | None, int]] = {}  # channel -> (read at, limit, used)
        self._lock = threading.Lock()

    def _call(self, channel: str, method: str, path: str, doc: dict[str, Any] | None, deadline: float,
              headers: dict[str, str] | None = None) -> tuple[int, str]:
        """One call to LINE; (status, body), or (0, failure kind) when LINE did not answer in time."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return 0, "deadline"
        data = None if doc is None else json.dumps(doc, ensure_ascii=False).encode("utf-8")
        token = self.tokens.token(channel, deadline)  # SecretsError for a channel without secrets: the caller's
        req = urllib.request.Request(
            self.base_url + path, data=data, method=method,
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}", **(headers or {})})
        try:
            with urllib.request.urlopen(req, timeout=min(self.timeout, remaining)) as res:
                return res.status, res.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")
        except OSError as exc:  # no answer in time, refused or reset
            return 0, type(exc).__name__

    def send(self, channel: str, reply_token: str | None, user_id: str, messages: Sequence[dict[str, Any]],
             deadline: float | None = None, urgent: bool = False) -> SendOutcome:
        """Reply with the token; push once instead if the token is refused, LINE fails (5xx) or does not answer."""
        now = time.monotonic()
        deadline = now + 2 * self.timeout if deadline is None else deadline
        if reply_token:
            # The reply gets half the time, so that if LINE does not answer it the push still can go out.
            status, body = self._call(channel, "POST", "/v2/bot/message/reply",
                                      {"replyToken": reply_token, "messages": list(messages)}, (now + deadline) / 2)
            if status == 200:
                return "reply"
            refused = status == 400 and "reply token" in body.lower()
            if not (refused or status == 0 or status >= 500):
                return _failed("reply", channel, status, body, deadline)
            if not refused:
                # A reply LINE delivered but answered too late then arrives twice: better than not at all.
                log.warning("LINE reply failed: channel %s: %s; pushing instead", channel,
                            f"HTTP {status}" if status else body)
        return self._push(channel, user_id, messages, deadline, urgent=urgent, retry_key=None)

    def profile_language(self, channel: str, user_id: str, timeout: float = PROFILE_TIMEOUT_S) -> str | None:
        """Her LINE language (GET /v2/bot/profile/{userId}: `language`); None on any failure or after `timeout`.

        Only `language` is read: the display name, picture and status message are neither kept nor logged.
        """
        try:
            status, body = self._call(channel, "GET", f"/v2/bot/profile/{urllib.parse.quote(user_id, safe='')}",
                                      None, time.monotonic() + timeout)
            language = json.loads(body).get("language") if status == 200 else None
        except Exception as exc:  # a reply never fails for want of a language: it falls back to the text's
            log.info("LINE profile language unread: channel %s: %s", channel, type(exc).__name__)
            return None
        return language if isinstance(language, str) and language else None

    def push(self, channel: str, to: str, messages: Sequence[dict[str, Any]], *, urgent: bool = False,
             retry_key: str | None = None) -> SendOutcome:
        """Push outside a reply (the retry worker); a retry key makes LINE send it at most once."""
        return self._push(channel, to, messages, time.monotonic() + self.timeout, urgent=urgent, retry_key=retry_key)

    def _push(self, channel: str, to: str, messages: Sequence[dict[str, Any]], deadline: float, *, urgent: bool,
              retry_key: str | None) -> SendOutcome:
        if not urgent and not self._within_quota(channel, deadline):
            log.warning("LINE push skipped: channel %s: this month's push quota is used up", channel)
            return "skipped"
        headers = {"X-Line-Retry-Key": retry_key} if retry_key else None
        status, body = self._call(channel, "POST", "/v2/bot/message/push", {"to": to, "messages": list(messages)},
                                  deadline, headers)
        if status == 409 and retry_key:  # LINE already accepted this retry key: sent once, not again
            return "repeat"
        if status == 429 and not urgent:  # over the month's quota (or the rate limit): not worth a retry
            log.warning("LINE push skipped: channel %s: LINE refused it for quota (HTTP 429)", channel)
            return "skipped"
        if status != 200:
            return _failed("push", channel, status, body, deadline)
        with self._lock:
            if channel in self._quota:
                read_at, limit, used = self._quota[channel]
                self._quota[channel] = (read_at, limit, used + 1)
        return "push"

    def _within_quota(self, channel: str, deadline: float) -> bool:
        """True unless the channel's monthly quota is known to be used up (an unreadable quota lets it go)."""
        with self._lock:
            cached = self._quota.get(channel)
        if cached is None or time.monotonic() - cached[0] > QUOTA_TTL_S:
            cached = self._read_quota(channel, deadline)
            if cached is None:
                return True  # LINE refuses a push over quota itself (429); a person is not left out on a guess
            with self._lock:
                self._quota[channel] = cached
        _, limit, used = cached
        return limit is None or used < limit

    def _read_quota(self, channel: str, deadline: float) -> tuple[float, int | None, int] | None:
        status, body = self._call(channel, "GET", "/v2/bot/message/quota", None, deadline)
        used_status, used_body = self._call(channel, "GET", "/v2/bot/message/quota/consumption", None, deadline)
        try:
            if status != 200 or used_status != 200:
                raise ValueError(f"HTTP {status}/{used_status}")
            quota, used = json.loads(body), json.loads(used_body)
            limit = int(quota["value"]) if quota["type"] == "limited" else None
            return time.monotonic(), limit, int(used["totalUsage"])
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("LINE push quota unread: channel %s: %s; pushing anyway", channel, exc)
            return None


def _failed(call: str, channel: str, status: int, body: str, deadline: float) -> SendOutcome:
    """Log a failed call (status or failure kind only) and say whether time ran out ("unsent") or not."""
    if status == 0 and time.monotonic() >= deadline - 0.01:  # a socket timeout may fire a hair early
        log.warning("LINE %s unsent: channel %s: no answer within the time allowed (%s)", call, channel, body)
        return "unsent"
    log.error("LINE %s failed: channel %s: %s", call, channel, f"HTTP {status}" if status else body)
    return "failed"
