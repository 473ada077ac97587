"""Shared pytest set-up: every module in tests/support/ is a fixture plugin (servers, factories).

Tests that need a tool outside Python carry its marker (`dynalite`, `browser`), so `-m "not dynalite"`
leaves them out; the fixture that starts the tool skips them, with the reason, when it is missing. A test
reaching the tool through its fixture, however indirectly, is marked here, so none can be forgotten.
`--without dynalite` (or `browser`) runs the suite as if the tool were not installed: its tests skip.
"""

import pkgutil
from pathlib import Path

import pytest

pytest_plugins = sorted(
    f"support.{m.name}" for m in pkgutil.iter_modules([str(Path(__file__).parent / "support")])
)

# Marker -> the fixture that starts the tool it names.
TOOLS = {"dynalite": "dynalite_endpoint", "browser": "chromium"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--without", action="append", default=[], choices=sorted(TOOLS), metavar="TOOL",
                     help="run as if TOOL (dynalite, browser) were not installed: its tests must skip, never error")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for marker, fixture in TOOLS.items():
            if fixture in getattr(item, "fixturenames", ()) and item.get_closest_marker(marker) is None:
                item.add_marker(marker)
