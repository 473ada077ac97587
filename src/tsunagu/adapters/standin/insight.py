"""The Insight endpoint of the local LINE stand-in: `GET /v2/bot/insight/followers?date=yyyyMMdd`.

It answers as LINE's `insight.yml` says: `date` must be 8 digits (JST); a day LINE has not finished
counting (today or later, by the stand-in's clock) is `unready`, a day before 2016-11-01 is
`out_of_service`, and a ready day gives followers, targetedReaches and blocks. Figures are kept per
channel access token: `set_followers(token, day, ...)` holds from that day on, until the next one set.
A token nobody set gets made-up but steady figures (derived from the token), so `tsunagu serve` shows
something to a person trying `tsunagu insight`; tests set their own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import threading
import time
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from tsunagu.domain.insight import FIRST_COUNTED_DAY

JST = ZoneInfo("Asia/Tokyo")
DATE = re.compile(r"^[0-9]{8}$")
PATH = "/v2/bot/insight/followers"
# The made-up figures of an unknown token grow from this day (a friend every three days).
MADE_UP_FROM = dt.date(2024, 4, 1)


class FollowerBook:
    """Follower figures per access token and day, answered the way LINE's Insight API answers."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self._figures: dict[str, dict[dt.date, tuple[int, int, int]]] = {}
        self._lock = threading.Lock()

    def set_followers(self, token: str, day: dt.date, followers: int, targeted_reaches: int | None = None,
                      blocks: int = 0) -> None:
        """From `day` on (until a later setting), the account of `token` has these figures."""
        reach = followers * 7 // 10 if targeted_reaches is None else targeted_reaches
        with self._lock:
            self._figures.setdefault(token, {})[day] = (followers, reach, blocks)

    def answer(self, token: str, date: str | None) -> tuple[int, Any]:
        """HTTP status and body for a request with this bearer token and `date` query value."""
        if date is None or not DATE.match(date):
            return 400, {"message": "The request body has 1 error(s)",
                         "details": [{"message": "must be a date in yyyyMMdd format", "property": "date"}]}
        try:
            day = dt.date(int(date[:4]), int(date[4:6]), int(date[6:]))
        except ValueError:
            return 400, {"message": "The request body has 1 error(s)",
                         "details": [{"message": "must be a valid date", "property": "date"}]}
        today = dt.datetime.fromtimestamp(self.clock(), JST).date()
        if day < FIRST_COUNTED_DAY:
            return 200, {"status": "out_of_service"}
        if day >= today:  # LINE counts a day after it ends; it usually takes about a day
            return 200, {"status": "unready"}
        followers, reach, blocks = self._figures_on(token, day)
        return 200, {"status": "ready", "followers": followers, "targetedReaches": reach, "blocks": blocks}

    def _figures_on(self, token: str, day: dt.date) -> tuple[int, int, int]:
        with self._lock:
            known = self._figures.get(token)
            if known:
                earlier = [d for d in known if d <= day]
                return known[max(earlier)] if earlier else (0, 0, 0)
        base = 200 + int(hashlib.sha256(token.encode("utf-8")).hexdigest()[:4], 16) % 800
        followers = base + max(0, (day - MADE_UP_FROM).days) // 3
        return followers, followers * 7 // 10, followers // 12


def bearer(headers: dict[str, str]) -> str | None:
    """The bearer token of a request, or None (headers as the stand-in receives them)."""
    for name, value in headers.items():
        if name.lower() == "authorization" and value.startswith("Bearer ") and value[7:].strip():
            return value[7:].strip()
    return None
