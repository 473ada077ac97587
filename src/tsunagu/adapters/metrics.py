"""Counts as CloudWatch embedded-metric-format (EMF) lines on stdout: Lambda ships stdout to CloudWatch
Logs, which turns each line into metrics (no agent, no API call, no extra IAM grant).

Each line carries the counts, the service (the stack name: TSUNAGU_METRICS=emf:STACK) and the channel or
placement id the counts are about, with two dimension sets: per service (what the alarms read) and per
service and source. Nothing else goes in: no user id, no text, no token (a test holds every line to that).
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable, Mapping
from typing import TextIO

from tsunagu.ports.metrics import MetricName

NAMESPACE = "tsunagu"


class EmbeddedMetrics:
    """Writes one EMF line per `count` call with any non-zero count."""

    def __init__(self, service: str, stream: TextIO | None = None, clock: Callable[[], float] = time.time) -> None:
        self.service = service
        self._stream = stream
        self._clock = clock
        self._lock = threading.Lock()

    def count(self, counts: Mapping[MetricName, int], dimension: str) -> None:
        """Write the non-zero counts for this channel or placement id."""
        values = {name: int(n) for name, n in counts.items() if n}
        if not values:
            return
        line = json.dumps({
            "_aws": {"Timestamp": int(self._clock() * 1000), "CloudWatchMetrics": [{
                "Namespace": NAMESPACE, "Dimensions": [["Service"], ["Service", "Source"]],
                "Metrics": [{"Name": name, "Unit": "Count"} for name in values]}]},
            "Service": self.service, "Source": dimension, **values}, separators=(",", ":"))
        stream = self._stream or sys.stdout  # looked up per call: the Lambda runtime (and pytest) may swap it
        with self._lock:
            stream.write(line + "\n")
            stream.flush()
