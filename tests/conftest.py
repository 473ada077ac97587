"""Shared pytest set-up: every module in tests/support/ is a fixture plugin (servers, factories)."""

import pkgutil
from pathlib import Path

pytest_plugins = sorted(
    f"support.{m.name}" for m in pkgutil.iter_modules([str(Path(__file__).parent / "support")])
)
