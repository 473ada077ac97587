"""Message catalogues: user-facing strings that do not belong to one ward, one folder per language.

`catalog/<lang>/<section>.yml` holds flat or nested keys. Adding a language is adding a folder with
the same files; a test checks every language has every key of `ja`.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any


@functools.cache
def section(language: str, name: str) -> dict[str, Any]:
    """The strings of one section (e.g. 'topics') in one language; KeyError if the file is missing."""
    folder = resources.files(__name__).joinpath(language)
    for suffix in (".json", ".yml"):
        entry = folder.joinpath(name + suffix)
        if entry.is_file():
            text = entry.read_text(encoding="utf-8")
            if suffix == ".json":
                return json.loads(text)
            import yaml  # YAML catalogues are read at build time; Lambda ships them compiled to JSON

            return yaml.safe_load(text) or {}
    raise KeyError(f"catalogue {language}/{name} not found")


def languages() -> list[str]:
    """Every language that has a catalogue folder."""
    root = resources.files(__name__)
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_"))
