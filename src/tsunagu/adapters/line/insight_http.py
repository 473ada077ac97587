"""LINE's follower counts over the standard library, for the daily scheduled function on Lambda.

The same call as `adapters.line.insight` (line-bot-sdk, staff side), without the SDK: the Lambda ships
no line-bot-sdk (its import is most of a cold start). The answer is checked against LINE's documented
shape (insight.yml) before anything is stored.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request

from tsunagu.adapters.line.token import ChannelTokens
from tsunagu.domain.insight import INSIGHT_STATUSES, FollowerCount
from tsunagu.ports.insight import InsightSource, InsightUnavailable
from tsunagu.ports.secrets import Secrets, SecretsError

PATH = "/v2/bot/insight/followers"
# A scheduled function has time; a hung connection must still not eat the whole run.
TIMEOUT_S = 10.0


class HttpInsightSource(InsightSource):
    """Follower counts for every channel whose access token the secrets hold, over urllib."""

    def __init__(self, secrets: Secrets, base_url: str, timeout: float = TIMEOUT_S) -> None:
        self.secrets = secrets
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.tokens = ChannelTokens(secrets, base_url, timeout=min(timeout, 1.0))

    def followers(self, channel: str, day: dt.date) -> FollowerCount:
        """LINE's follower figures for the channel on the JST day (see the port)."""
        try:
            token = self.tokens.token(channel)
        except SecretsError as exc:
            raise InsightUnavailable(str(exc)) from None
        req = urllib.request.Request(f"{self.base_url}{PATH}?date={day:%Y%m%d}",
                                     headers={"Authorization": f"Bearer {token}"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as res:
                doc = json.loads(res.read())
        except urllib.error.HTTPError as exc:
            raise InsightUnavailable(f"LINE refused the follower count of {channel} for {day} "
                                     f"(HTTP {exc.code}); check the channel access token") from None
        except (OSError, ValueError) as exc:  # unreachable, timed out, or not JSON
            raise InsightUnavailable(f"cannot ask LINE for the follower count of {channel} for {day} "
                                     f"({type(exc).__name__}); check TSUNAGU_LINE_API and the network") from None
        return _count(doc, channel, day)


def _count(doc: object, channel: str, day: dt.date) -> FollowerCount:
    """The answer as a FollowerCount, or InsightUnavailable when it is not LINE's documented shape."""
    status = doc.get("status") if isinstance(doc, dict) else None
    if status not in INSIGHT_STATUSES:
        raise InsightUnavailable(f"LINE answered status {status!r} for {channel} on {day}; expected one of "
                                 f"{', '.join(INSIGHT_STATUSES)}")
    numbers = [doc.get(k) for k in ("followers", "targetedReaches", "blocks")]
    if status == "ready" and not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in numbers):
        raise InsightUnavailable(f"LINE answered ready without whole follower counts for {channel} on {day}")
    if status != "ready":
        return FollowerCount(status)
    return FollowerCount(status, *numbers)
