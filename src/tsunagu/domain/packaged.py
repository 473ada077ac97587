"""Data files shipped in tsunagu/data and read on the first message that needs them (the detection model,
the patterns' heads): json and importlib.resources are imported then, not on the Lambda's cold import."""

from __future__ import annotations

from typing import Any


def packaged_json(name: str) -> Any | None:
    """The JSON document `name` in tsunagu/data, or None when the package holds no such file."""
    import json
    from importlib import resources

    found = resources.files("tsunagu.data").joinpath(name)
    return json.loads(found.read_text(encoding="utf-8")) if found.is_file() else None
