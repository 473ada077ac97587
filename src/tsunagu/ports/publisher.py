"""The publisher port: where the weekly schedule files go, a local folder or an S3 bucket.

`tsunagu.wiring.open_publisher` picks the adapter from $TSUNAGU_PUBLISH: a folder path (default
`build/site`) or `s3://BUCKET/PREFIX` (endpoint from $AWS_ENDPOINT_URL when set, e.g. a local S3 stand-in).
The one content-type table and the one `s3://` parser live here, shared with the site upload and `serve`.
`publish_schedules` writes, for every channel, the next days of slots as `schedule/<channel>.json`
(the shape the portal's "open now" script reads) and `schedule/<channel>.ics`.
"""

from __future__ import annotations

import abc
import mimetypes
from pathlib import PurePosixPath

# The portal reads these files on every visit; five minutes keeps a corrected schedule from lingering.
CACHE_CONTROL = "max-age=300"
TEXT = "; charset=utf-8"
# Every file type the site, the schedule files and the reports publish; text is always UTF-8.
CONTENT_TYPES = {
    ".html": "text/html" + TEXT,
    ".css": "text/css" + TEXT,
    ".js": "text/javascript" + TEXT,
    ".mjs": "text/javascript" + TEXT,
    ".json": "application/json" + TEXT,
    ".map": "application/json" + TEXT,
    ".webmanifest": "application/manifest+json" + TEXT,
    ".ics": "text/calendar" + TEXT,
    ".xml": "application/xml" + TEXT,
    ".txt": "text/plain" + TEXT,
    ".csv": "text/csv" + TEXT,
    ".md": "text/markdown" + TEXT,
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".pdf": "application/pdf",
    ".gz": "application/gzip",
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


def content_type(name: str) -> str:
    """The Content-Type of a file name or key, from its suffix (UTF-8 for text)."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in CONTENT_TYPES:
        return CONTENT_TYPES[suffix]
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return guessed + TEXT if guessed.startswith("text/") else guessed


def s3_location(url: str) -> tuple[str, str]:
    """Bucket and key prefix (no '/' at either end) of `s3://BUCKET[/PREFIX]`; ValueError without a bucket."""
    bucket, _, prefix = url.removeprefix("s3://").partition("/")
    if not url.startswith("s3://") or not bucket:
        raise ValueError(f"{url!r} is not s3://BUCKET or s3://BUCKET/PREFIX")
    return bucket, prefix.strip("/")
