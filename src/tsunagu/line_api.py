"""LINE replies through line-bot-sdk v3's MessagingApi, imported only when the first reply is sent.

The SDK's import costs most of a cold start (hundreds of milliseconds of pydantic models), so verifying
and recording never touch it. A reply token lasts about a minute and fails sooner for slow handlers:
when LINE says it is invalid, the same messages go out as a push to the same user, in the same request.
The user id is used in memory for that push only, and no log line carries it, the token or the text.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from typing import Any

from .secretstore import Secrets

DEFAULT_LINE_API = "https://api.line.me"
log = logging.getLogger("tsunagu.line")


def line_api_url() -> str:
    """$TSUNAGU_LINE_API or LINE's production host."""
    return os.environ.get("TSUNAGU_LINE_API", DEFAULT_LINE_API).rstrip("/")


class LineClient:
    """Sends replies for every channel, with one MessagingApi per channel access token."""

    def __init__(self, secrets: Secrets, base_url: str | None = None) -> None:
        self.secrets = secrets
        self.base_url = base_url or line_api_url()
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
