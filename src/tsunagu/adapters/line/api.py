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
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import Any

from tsunagu.ports.secrets import Secrets

log = logging.getLogger("tsunagu.line")


class HttpLineClient:
    """Sends replies for every channel with its access token; a refused token, 5xx or timeout falls back to a push.

    `send(..., timeout=T)` spends at most T seconds on LINE in all (the intake hands in what is left of
    its webhook budget): the reply may take half of it, the push the rest, and no push starts once it is
    spent. A call cut short this way is "unsent" (LINE may still have delivered it).
    """

    def __init__(self, secrets: Secrets, base_url: str, timeout: float = 5.0) -> None:
        self.secrets = secrets
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def _post(self, channel: str, path: str, doc: dict[str, Any], deadline: float) -> tuple[int, str]:
        """POST a JSON document; (status, error body), or (0, failure kind) when LINE did not answer."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return 0, "deadline"
        req = urllib.request.Request(
            self.base_url + path, data=json.dumps(doc, ensure_ascii=False).encode("utf-8"), method="POST",
            headers={"Content-Type": "application/json",
                     "Authorization": f"Bearer {self.secrets.channel(channel).access_token}"})
        try:
            with urllib.request.urlopen(req, timeout=min(self.timeout, remaining)) as res:
                return res.status, ""
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")
        except OSError as exc:  # no answer in time, refused or reset
            return 0, type(exc).__name__

    def send(self, channel: str, reply_token: str | None, user_id: str, messages: Sequence[dict[str, Any]],
             timeout: float | None = None) -> str:
        """Reply with the token; push once instead if the token is refused, LINE fails (5xx) or does not answer."""
        now = time.monotonic()
        deadline = now + (self.timeout if timeout is None else timeout)
        if reply_token:
            # The reply gets half the time, so that if LINE does not answer it the push still can go out.
            status, body = self._post(channel, "/v2/bot/message/reply",
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
        status, body = self._post(channel, "/v2/bot/message/push", {"to": user_id, "messages": list(messages)},
                                  deadline)
        if status == 200:
            return "push"
        return _failed("push", channel, status, body, deadline)


def _failed(call: str, channel: str, status: int, body: str, deadline: float) -> str:
    """Log a failed call (status or failure kind only) and say whether time ran out ("unsent") or not."""
    if status == 0 and time.monotonic() >= deadline - 0.01:  # a socket timeout may fire a hair early
        log.warning("LINE %s unsent: channel %s: no answer within the time allowed (%s)", call, channel, body)
        return "unsent"
    log.error("LINE %s failed: channel %s: %s", call, channel, f"HTTP {status}" if status else body)
    return "failed"
