"""The store under test: every contract test runs once per adapter (SQLite, DynamoDB on dynalite)."""

from __future__ import annotations

import pytest

from tsunagu.adapters.store.sqlite import SqliteStore


@pytest.fixture(params=["sqlite", pytest.param("dynamodb", marks=pytest.mark.dynalite)])
def store(request, tmp_path):
    """A fresh, empty store of each adapter."""
    if request.param == "dynamodb":
        yield request.getfixturevalue("dynamo_store")
        return
    s = SqliteStore(tmp_path / "nested" / "tsunagu.sqlite3")
    yield s
    s.close()
