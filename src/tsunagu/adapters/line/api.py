"""LINE replies through line-bot-sdk v3's MessagingApi, imported only when the first reply is sent.

The SDK's import costs most of a cold start (hundreds of milliseconds of pydantic models), so verifying
and recording never touch it. A reply token lasts about a minute and fails sooner for slow handlers:
when LINE says it is invalid, the same messages go out as a push to the same user, in the same request.
The user id is used in memory for that push only, and no log line carries it, the token or the text.

`HttpLineClient` sends the same two calls with the standard library (no SDK import at all): opt in
with TSUNAGU_LINE_CLIENT=http (see tsunagu.wiring) where the SDK's cold-start cost matters more than its models.
"""

from __future__ import annotations

import json
import logging
import threading
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import Any

from tsunagu.ports.secrets import Secrets

log = logging.getLogger("tsunagu.line")


class LineClient:
    """Sends replies for every channel, with one MessagingApi per channel access token."""

    def __init__(self, secrets: Secrets, base_url: str) -> None:
        self.secrets = secrets
        self.base_url = base_url.rstrip("/")
        self._apis: dict[str, Any] = {}
        self._lock = threading.Lock()

    def api(self, channel: str) -> Any:
        """The channel's MessagingApi (built on first use: this is where the SDK is imported)."""
        with self._lock:
            if channel not in self._apis:
                from linebot.v3.messaging import ApiClient, Configuration, MessagingApi

                config = Configuration(host=self.base_url, access_token=self.secrets.channel(channel).access_token)
                self._apis[channel] = MessagingApi(ApiClient(config))
            return self._apis[channel]

    def send(self, channel: str, reply_token: str | None, user_id: str, messages: Sequence[dict[str, Any]]) -> str:
        """Reply with the token; push instead if the token is missing, expired or already used."""
        from linebot.v3.messaging import ApiException, PushMessageRequest, ReplyMessageRequest

        api = self.api(channel)
        if reply_token:
            try:
                api.reply_message(ReplyMessageRequest.from_dict({"replyToken": reply_token,
                                                                 "messages": list(messages)}))
                return "reply"
            except ApiException as exc:
                if not _token_refused(exc):
                    log.error("LINE reply failed: channel %s: HTTP %s", channel, exc.status)
                    return "failed"
        try:
            api.push_message(PushMessageRequest.from_dict({"to": user_id, "messages": list(messages)}))
            return "push"
        except ApiException as exc:
            log.error("LINE push failed: channel %s: HTTP %s", channel, exc.status)
            return "failed"


def _token_refused(exc: Exception) -> bool:
    # LINE answers 400 {"message": "Invalid reply token"} for an expired or used token.
    return getattr(exc, "status", None) == 400 and "reply token" in str(getattr(exc, "body", "") or "").lower()


class HttpLineClient:
    """The same reply-then-push contract as LineClient, over urllib: the SDK is never imported."""

    def __init__(self, secrets: Secrets, base_url: str, timeout: float = 5.0) -> None:
        self.secrets = secrets
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def _post(self, channel: str, path: str, doc: dict[str, Any]) -> tuple[int, str]:
        req = urllib.request.Request(
            self.base_url + path, data=json.dumps(doc, ensure_ascii=False).encode("utf-8"), method="POST",
            headers={"Content-Type": "application/json",
                     "Authorization": f"Bearer {self.secrets.channel(channel).access_token}"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as res:
                return res.status, ""
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def send(self, channel: str, reply_token: str | None, user_id: str, messages: Sequence[dict[str, Any]]) -> str:
        """Reply with the token; push instead if the token is missing, expired or already used."""
        if reply_token:
            status, body = self._post(channel, "/v2/bot/message/reply",
                                      {"replyToken": reply_token, "messages": list(messages)})
            if status == 200:
                return "reply"
            if not (status == 400 and "reply token" in body.lower()):
                log.error("LINE reply failed: channel %s: HTTP %s", channel, status)
                return "failed"
        status, _ = self._post(channel, "/v2/bot/message/push", {"to": user_id, "messages": list(messages)})
        if status == 200:
            return "push"
        log.error("LINE push failed: channel %s: HTTP %s", channel, status)
        return "failed"
