"""The publisher port: where the weekly schedule files go, a local folder or an S3 bucket.

`open_publisher(url)` picks the adapter from $TSUNAGU_PUBLISH: a folder path (default `build/site`)
or `s3://BUCKET/PREFIX` (endpoint from $AWS_ENDPOINT_URL when set, e.g. a local S3 stand-in).
`publish_schedules` writes, for every channel, the next days of slots as `schedule/<channel>.json`
(the shape the portal's "open now" script reads) and `schedule/<channel>.ics`.
"""

from __future__ import annotations

import abc

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
