"""Rich-menu fixtures: the JSON schema of LINE's rich-menu object, local secrets, LINE's API with rich-menu routes."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from support.richmenu_standin import RichMenuRoutes

from tsunagu.adapters.secrets.files import init_local_secrets
from tsunagu.makers.sources.programs import load_programs
from tsunagu.wiring import load_secrets

SCHEMA = json.loads((Path(__file__).parent / "richmenu.schema.json").read_text(encoding="utf-8"))


@pytest.fixture
def assert_schema_valid() -> Callable[[Any], None]:
    """A check that fails with jsonschema's message when a document is not a rich-menu object LINE documents."""

    def check(doc: Any) -> None:
        jsonschema.validate(doc, SCHEMA, cls=jsonschema.Draft202012Validator)

    return check


@pytest.fixture
def secrets_file(tmp_path, monkeypatch) -> Path:
    """Random local secrets for every shipped channel, named by TSUNAGU_SECRETS."""
    path = tmp_path / "secrets.json"
    init_local_secrets(path, (ch.id for ch in load_programs(Path("programs")).channels))
    monkeypatch.setenv("TSUNAGU_SECRETS", str(path))
    return path


@pytest.fixture
def line_api(line_standin, secrets_file, monkeypatch) -> Iterator[RichMenuRoutes]:
    """LINE's API on 127.0.0.1 expecting kita-women's access token; TSUNAGU_LINE_API points at it."""
    token = load_secrets(str(secrets_file)).channel("kita-women").access_token
    monkeypatch.setenv("TSUNAGU_LINE_API", line_standin.url)
    monkeypatch.setenv("TSUNAGU_LINE_DATA_API", line_standin.url)
    yield RichMenuRoutes(line_standin, token=token)
