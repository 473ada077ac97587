"""Fixtures and factories for programme config: a writable copy of programs/, and channels from dicts."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tsunagu.domain.config import Channel
from tsunagu.domain.decode import decode

REPO = Path(__file__).resolve().parents[2]
PROGRAMS = REPO / "programs"


@pytest.fixture
def programs_copy(tmp_path: Path) -> Path:
    """A copy of the shipped programme files that a test may break."""
    target = tmp_path / "programs"
    shutil.copytree(PROGRAMS, target)
    return target


def make_channel(**overrides: Any) -> Channel:
    """A valid one-language channel, open Mon 10:00-16:00 unless overridden (plain data, as in YAML)."""
    data: dict[str, Any] = {
        "id": "test-channel",
        "line_id": "@sample-test",
        "name": {"ja": "テスト"},
        "audience": {"ja": "テスト"},
        "topics": ["family"],
        "hours": [{"days": ["mon"], "start": "10:00", "end": "16:00"}],
        "capacity": 1,
        "texts": {"ja": {"greeting": "g", "out_of_hours": "o {next_open}", "emergency": "e",
                         "acknowledgement": "a"}},
    }
    data.update(overrides)
    return decode(Channel, data)
