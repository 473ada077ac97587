"""Staff alerts in a local file (TSUNAGU_NOTIFY unset or a path; default build/alerts.log): one JSON line each."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from tsunagu.ports.messaging import Alert

DEFAULT_ALERT_LOG = "build/alerts.log"


class AlertLog:
    """Appends one JSON line per alert to a local file (flushed, so a person tailing it sees it at once)."""

    def __init__(self, path: str | Path = DEFAULT_ALERT_LOG) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def send(self, alert: Alert) -> None:
        """Append the alert."""
        line = json.dumps(alert.to_json(), ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(line)
