"""Several copies of the Chalice app, so that one slow request never holds the others.

Chalice keeps the request being handled in one attribute (`app.current_request`): two threads inside one
app at once could each read the other's request (the soak bench once saw a webhook processed twice and
another never, both answered 200). Instead of one lock around the app, which made eight webhooks against
a slow LINE finish at 1, 2, ... 8 s and a scan wait behind them, `serve` loads the app module several
times: each copy is used by one request at a time, all share one wiring (store, LINE client, queues),
and scans have copies of their own so a burst of webhooks never delays them.
"""

from __future__ import annotations

import contextlib
import importlib.util
import queue
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from tsunagu.domain.errors import AppNotFoundError, TsunaguError

if TYPE_CHECKING:  # chalice is imported when serving starts: the CLI loads every command module
    from chalice import Chalice

# A request waits at most this long for a free copy of the app before it is answered 503.
WAIT_FOR_APP_S = 5.0


class AppsBusy(TsunaguError):
    """Every copy of the app is busy for longer than a request may wait."""


def load_chalice_app(path: Path, name: str = "tsunagu_functions_app") -> ModuleType:
    """Import the Chalice app module (functions/app.py of the checkout) under `name` and return it."""
    if not path.is_file():
        raise AppNotFoundError(f"{path}: the Chalice app is not here; run tsunagu serve from the repository "
                               "folder or give its functions/app.py with --app")
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise AppNotFoundError(f"{path}: not a Python module")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class AppPool:
    """Chalice apps behind their local API Gateway emulation, lent out one request at a time."""

    def __init__(self, apps: list[Chalice]) -> None:
        from chalice.config import Config
        from chalice.local import LocalGateway

        self._free: queue.Queue[Any] = queue.Queue()
        for app in apps:
            self._free.put(LocalGateway(app, Config()))
        self.size = len(apps)

    @contextlib.contextmanager
    def gateway(self, wait: float = WAIT_FOR_APP_S) -> Iterator[Any]:
        """A gateway no other request is using; AppsBusy when none frees up within `wait` seconds."""
        try:
            gateway = self._free.get(timeout=wait)
        except queue.Empty:
            raise AppsBusy(f"all {self.size} copies of the app are busy") from None
        try:
            yield gateway
        finally:
            self._free.put(gateway)
