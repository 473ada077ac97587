"""The publisher port: where the weekly schedule files go, a local folder or an S3 bucket.

`open_publisher(url)` picks the adapter from $TSUNAGU_PUBLISH: a folder path (default `build/site`)
or `s3://BUCKET/PREFIX` (endpoint from $AWS_ENDPOINT_URL when set, e.g. a local S3 stand-in).
`publish_schedules` writes, for every channel, the next days of slots as `schedule/<channel>.json`
(the shape the portal's "open now" script reads) and `schedule/<channel>.ics`.
"""

from __future__ import annotations

import abc
import datetime as dt
import json
import os
from collections.abc import Iterable

from ..config import Programs
from ..schedule import JST, slots

DEFAULT_PUBLISH = "build/site"
# The portal reads these files on every visit; five minutes keeps a corrected schedule from lingering.
CACHE_CONTROL = "max-age=300"
CONTENT_TYPES = {
    ".json": "application/json; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".png": "image/png",
}
SCHEDULE_DAYS = 14  # two weeks ahead: the portal shows this week and next


class Publisher(abc.ABC):
    """Writes public files by key (a relative path with '/' separators)."""

    @abc.abstractmethod
    def put(self, key: str, body: bytes, content_type: str, cache_control: str = CACHE_CONTROL) -> None:
        """Write `body` under `key`, replacing any earlier file; raises PublishError when it cannot."""

    def describe(self) -> str:
        """Where the files go, for messages to staff."""
        return type(self).__name__


def content_type(key: str) -> str:
    """The Content-Type for a key, from its suffix (UTF-8 for text)."""
    suffix = key[key.rfind("."):] if "." in key else ""
    return CONTENT_TYPES.get(suffix, "application/octet-stream")


def publish_url() -> str:
    """$TSUNAGU_PUBLISH or the local default `build/site`."""
    return os.environ.get("TSUNAGU_PUBLISH", DEFAULT_PUBLISH)


def open_publisher(url: str | None = None) -> Publisher:
    """The publisher for a folder path or `s3://BUCKET/PREFIX` (default: $TSUNAGU_PUBLISH, then build/site)."""
    url = url or publish_url()
    if url.startswith("s3://"):
        from .s3 import S3Publisher

        bucket, _, prefix = url.removeprefix("s3://").partition("/")
        return S3Publisher(bucket, prefix, endpoint_url=os.environ.get("AWS_ENDPOINT_URL") or None)
    from pathlib import Path

    from .local import LocalPublisher

    return LocalPublisher(Path(url.removeprefix("file://")))


def schedule_document(channel_slots: Iterable, start: dt.date, days: int) -> dict[str, object]:
    """The documented schedule JSON: timezone, from, days and the slots (see README, Schedule JSON)."""
    return {"timezone": "Asia/Tokyo", "from": start.isoformat(), "days": days,
            "slots": [s.to_json() for s in channel_slots]}


def publish_schedules(programs: Programs, publisher: Publisher, start: dt.date,
                      days: int = SCHEDULE_DAYS) -> list[str]:
    """Write schedule/<channel>.json and .ics for every channel; returns the keys written."""
    from ..ical import slots_to_ics  # icalendar only where files are written

    stamp = dt.datetime(start.year, start.month, start.day, tzinfo=JST)  # reproducible DTSTAMP
    written: list[str] = []
    for channel in programs.channels:
        found = slots(channel, start, days)
        doc = json.dumps(schedule_document(found, start, days), ensure_ascii=False, indent=1)
        key = f"schedule/{channel.id}.json"
        publisher.put(key, doc.encode("utf-8"), content_type(key))
        written.append(key)
        key = f"schedule/{channel.id}.ics"
        publisher.put(key, slots_to_ics(found, programs, stamp=stamp), content_type(key))
        written.append(key)
    return written
