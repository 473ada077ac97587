"""Operational counters: what an operator watches (and the alarms read), never anything about a person.

Each name is a count per request or batch, with the channel (or placement) id as the only dimension.
In AWS they become CloudWatch metrics through embedded-metric-format log lines; locally they go nowhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, Protocol, get_args

MetricName = Literal[
    "EventsRecorded", "EventsDuplicate",  # webhook events stored, and redeliveries absorbed
    "RepliesSent", "RepliesFailed", "RepliesUnsent", "RepliesQueued", "RepliesLost",  # reply outcomes
    "PushesSent", "PushesSkippedQuota", "PushesFailed",  # pushes (fallbacks and the retry worker)
    "ServiceUnavailable",  # 503s: storage down, LINE redelivers
    "EmergencyAlerts",  # staff alerted of an emergency message
    "ReviewNotes",  # low-priority notes of a match that context demoted (counted apart, never paging)
    "ScansCounted", "ScansCapped",  # QR scans counted, and over the per-placement cap
    # LINE requests forwarded to the counselling console, queued to try again, given up after 24 h, lost
    # (neither forwarded nor queued: LINE is answered 503), and the forward's latency in milliseconds
    "ConsoleForwarded", "ConsoleRetried", "ConsoleDeadLettered", "ConsoleLost", "ConsoleForwardMs",
]
METRIC_NAMES: tuple[MetricName, ...] = get_args(MetricName)


class Metrics(Protocol):
    """Where counts go."""

    def count(self, counts: Mapping[MetricName, int], dimension: str) -> None:
        """Record these counts for one channel or placement id (zero counts may be left out)."""


class NoMetrics:
    """Counts dropped: the local default (the log lines already say what happened)."""

    def count(self, counts: Mapping[MetricName, int], dimension: str) -> None:
        """Drop the counts."""
