"""Recent moments when a channel is open or closed (recent, so records are inside their retention)."""

from __future__ import annotations

import datetime as dt

from tsunagu.domain.config import Channel
from tsunagu.domain.schedule import JST, is_open, slots


def open_moment(channel: Channel, minutes: int = 10) -> dt.datetime:
    """`minutes` after the start of the latest slot that began at least an hour ago."""
    now = dt.datetime.now(JST)
    found = [s for s in slots(channel, now.date() - dt.timedelta(days=8), 9) if s.start < now - dt.timedelta(hours=1)]
    at = found[-1].start + dt.timedelta(minutes=minutes)
    assert is_open(channel, at)
    return at


def closed_moment(channel: Channel) -> dt.datetime:
    """Two hours before that slot began: closed for every shipped channel with evening hours."""
    at = open_moment(channel, 0) - dt.timedelta(hours=2)
    assert not is_open(channel, at)
    return at
