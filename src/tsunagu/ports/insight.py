"""The insight port: LINE's official follower figures of a channel for a day (staff side and the daily job)."""

from __future__ import annotations

import abc
import datetime as dt

from tsunagu.domain.errors import TsunaguError
from tsunagu.domain.insight import FollowerCount


class InsightUnavailable(TsunaguError):
    """LINE could not be asked, or refused (a bad token, the network, a 5xx); names the channel and the cause."""


class InsightSource(abc.ABC):
    """Asks LINE how many friends a channel had on a day."""

    @abc.abstractmethod
    def followers(self, channel: str, day: dt.date) -> FollowerCount:
        """LINE's answer for `channel` on the JST `day`: `ready` with the numbers, `unready` or `out_of_service`.

        Raises InsightUnavailable when there is no answer to give (unreachable, refused token, an answer
        that is not LINE's shape); never returns made-up numbers.
        """
