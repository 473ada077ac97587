"""Settings: every `TSUNAGU_*` variable, read from the environment once, into one frozen value.

This is the only module that reads the environment. Entry points call `Settings.from_env()` at start-up
and hand the value to `tsunagu.wiring`, which builds the adapters; nothing else looks at os.environ.
Every field has a working local default (the embedded SQLite store, local files, LINE's own host), and
each is listed in the README's configuration table (a drift test keeps the two in step).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

log = logging.getLogger("tsunagu.settings")

PREFIX = "TSUNAGU_"


@dataclass(frozen=True)
class Settings:
    """Where tsunagu's parts are and how they behave; the field's `env` metadata names its variable."""

    programs: str = ""
    """TSUNAGU_PROGRAMS: folder of programme files, or a compiled programs.json (empty: the entry point's own)."""
    store: str = "sqlite:///build/tsunagu.sqlite3"
    """TSUNAGU_STORE: `sqlite:///PATH` or `dynamodb://TABLE`."""
    secrets: str = "build/secrets.json"
    """TSUNAGU_SECRETS: the local secrets file, or `ssm:/PREFIX`."""
    line_api: str = "https://api.line.me"
    """TSUNAGU_LINE_API: base URL of LINE's Messaging API host (replies, pushes, rich-menu objects)."""
    line_data_api: str = "https://api-data.line.me"
    """TSUNAGU_LINE_DATA_API: base URL of LINE's data host (rich-menu images)."""
    publish: str = "build/site"
    """TSUNAGU_PUBLISH: where the weekly schedule files go, a folder or `s3://BUCKET/PREFIX`."""
    notify: str = "build/alerts.log"
    """TSUNAGU_NOTIFY: staff alerts, a file or `sns:TOPIC_ARN`."""
    notify_review: str = ""
    """TSUNAGU_NOTIFY_REVIEW: low-priority review notes (wards with `review_notes: true`), a file or
    `sns:TOPIC_ARN` of their own; empty: the alerts' file, or none when alerts go to SNS (never paging)."""
    posters: str = ""
    """TSUNAGU_POSTERS: folder of print layouts (empty: the ones shipped with tsunagu)."""
    icc_profile: str = ""
    """TSUNAGU_ICC_PROFILE: a Japan Color 2001 Coated ICC profile to embed in print PDFs (empty: named only)."""
    retry_queue: str = ""
    """TSUNAGU_RETRY_QUEUE: `sqs:QUEUE_URL` for replies to push later; empty: an in-process queue."""
    console_queue: str = ""
    """TSUNAGU_CONSOLE_QUEUE: `sqs:QUEUE_URL` (FIFO) for forwards to the counselling console that must wait;
    empty: an in-process queue."""
    console_dead_letter_queue: str = ""
    """TSUNAGU_CONSOLE_DEAD_LETTER_QUEUE: `sqs:QUEUE_URL` where forwards given up after 24 h go (the worker's)."""
    overlay_ttl: float = 60.0
    """TSUNAGU_OVERLAY_TTL: seconds the intake may use a channel's same-day operations before reading them again."""
    metrics: str = ""
    """TSUNAGU_METRICS: `emf:SERVICE` writes CloudWatch embedded-metric lines to stdout; empty: none."""
    log_level: str = "INFO"
    """TSUNAGU_LOG_LEVEL: DEBUG, INFO, WARNING or ERROR."""
    serve_quiet: bool = False
    """TSUNAGU_SERVE_QUIET: 1 to silence `tsunagu serve`'s request lines."""

    @classmethod
    def variables(cls) -> dict[str, str]:
        """Field name by environment variable name."""
        return {PREFIX + f.name.upper(): f.name for f in fields(cls)}

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the settings; empty values mean the default, unknown TSUNAGU_* names get a warning."""
        environ = os.environ if environ is None else environ
        known = cls.variables()
        values: dict[str, object] = {}
        for name, value in environ.items():
            if not name.startswith(PREFIX):
                continue
            if name not in known:
                log.warning("unknown setting %s is ignored; the README's configuration table lists them", name)
                continue
            if value == "":
                continue
            field_name = known[name]
            values[field_name] = _typed(name, value, type(getattr(cls(), field_name)))
        return cls(**values)  # type: ignore[arg-type]

    def programs_path(self, default: Path = Path("programs")) -> Path:
        """The programme folder (or compiled file): the setting, else the entry point's default."""
        return Path(self.programs) if self.programs else default


def _typed(name: str, value: str, kind: type) -> object:
    """A setting's value in its field's type: yes/no as 1, numbers as numbers; a bad number names the variable."""
    if kind is bool:
        return value == "1"
    if kind is float:
        try:
            return float(value)
        except ValueError:
            raise ValueError(f"{name}={value!r}: give a number of seconds, e.g. 60") from None
    return value
