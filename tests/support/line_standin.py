"""The local LINE Messaging API stand-in as a fixture: `line_standin.url`, `.requests(path)`, `.expire(token)`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tsunagu.adapters.standin.line import LineStandIn


@pytest.fixture
def line_standin() -> Iterator[LineStandIn]:
    """A stand-in of LINE's API on a free 127.0.0.1 port, recording every request."""
    with LineStandIn() as standin:
        yield standin
