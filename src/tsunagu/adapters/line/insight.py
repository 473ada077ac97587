"""LINE's Insight API through line-bot-sdk v3 (`linebot.v3.insight`): the staff side and the daily job.

One `Insight` client per channel access token, built on first use. The base URL is the Messaging API's
(Settings.line_api): LINE serves Insight on the same host, and so does the local stand-in.
"""

from __future__ import annotations

import datetime as dt
import threading

from linebot.v3.insight import ApiClient, ApiException, Configuration, GetNumberOfFollowersResponse, Insight
from urllib3.exceptions import HTTPError

from tsunagu.adapters.line.token import ChannelTokens
from tsunagu.domain.insight import INSIGHT_STATUSES, FollowerCount
from tsunagu.ports.insight import InsightSource, InsightUnavailable
from tsunagu.ports.secrets import Secrets, SecretsError

# Staff wait at a prompt and the daily job has minutes: generous, but never hanging.
TIMEOUT_S = 10.0


class SdkInsightSource(InsightSource):
    """Follower counts for every channel whose access token the secrets hold."""

    def __init__(self, secrets: Secrets, base_url: str) -> None:
        self.secrets = secrets
        self.base_url = base_url.rstrip("/")
        self._apis: dict[str, Insight] = {}
        self._lock = threading.Lock()
        self.tokens = ChannelTokens(secrets, base_url)  # stateless tokens: the long-lived one is the console's

    def _api(self, channel: str) -> Insight:
        with self._lock:
            if channel not in self._apis:
                config = Configuration(host=self.base_url, access_token=self.tokens.token(channel))
                self._apis[channel] = Insight(ApiClient(config))
            return self._apis[channel]

    def followers(self, channel: str, day: dt.date) -> FollowerCount:
        """LINE's follower figures for the channel on the JST day (see the port)."""
        try:
            api = self._api(channel)
        except SecretsError as exc:
            raise InsightUnavailable(str(exc)) from None
        try:
            answer: GetNumberOfFollowersResponse = api.get_number_of_followers(
                var_date=f"{day:%Y%m%d}", _request_timeout=TIMEOUT_S)
        except ApiException as exc:
            raise InsightUnavailable(f"LINE refused the follower count of {channel} for {day} "
                                     f"(HTTP {exc.status}); check the channel access token") from None
        except (HTTPError, OSError, ValueError) as exc:  # unreachable, or an answer not in LINE's shape
            raise InsightUnavailable(f"cannot ask LINE for the follower count of {channel} for {day} "
                                     f"({type(exc).__name__}); check TSUNAGU_LINE_API and the network") from None
        status = answer.status
        if status not in INSIGHT_STATUSES:
            raise InsightUnavailable(f"LINE answered status {status!r} for {channel} on {day}; expected one of "
                                     f"{', '.join(INSIGHT_STATUSES)}")
        if status == "ready" and answer.followers is None:
            raise InsightUnavailable(f"LINE answered ready without a follower count for {channel} on {day}")
        return FollowerCount(status, answer.followers, answer.targeted_reaches, answer.blocks)
