"""Message catalogues: user-facing strings that do not belong to one ward, one folder per language.

`catalog/<lang>/<section>.yml` is what people edit; `scripts/catalogues` compiles each to the JSON
twin beside it, which is what tsunagu reads, so no run-time path (the Lambda's least of all) imports
a YAML parser. The twin records the hash of the YAML it came from: an edited YAML file whose twin was
not rebuilt is an error naming the command, never old text. Adding a language is adding a folder with
the sections it offers (the residents' languages offer the intake's: intake, dates, detection); a test
checks every section a language holds has every key of `ja`'s.
"""

from __future__ import annotations

import functools
import hashlib
import json
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from tsunagu.domain.errors import CatalogueError


def source_hash(yaml_text: bytes) -> str:
    """The fingerprint a compiled twin keeps of its YAML source."""
    return hashlib.sha256(yaml_text).hexdigest()


@functools.cache
def section(language: str, name: str) -> dict[str, Any]:
    """The strings of one section (e.g. 'topics') in one language; KeyError if the file is missing."""
    folder = resources.files(__name__).joinpath(language)
    compiled, source = folder.joinpath(name + ".json"), folder.joinpath(name + ".yml")
    if not compiled.is_file():
        if source.is_file():
            raise CatalogueError(f"catalog/{language}/{name}.yml has no compiled twin; run scripts/catalogues")
        raise KeyError(f"catalogue {language}/{name} not found")
    doc = json.loads(compiled.read_text(encoding="utf-8"))
    _check_fresh(doc, source, f"{language}/{name}")
    strings: dict[str, Any] = doc["strings"]
    return strings


def _check_fresh(doc: dict[str, Any], source: Traversable, name: str) -> None:
    # The deployment ships only the twins; where the YAML is at hand, it must be the one compiled.
    if source.is_file() and source_hash(source.read_bytes()) != doc.get("source_sha256"):
        raise CatalogueError(f"catalog/{name}.yml was edited after it was compiled; run scripts/catalogues")


def languages(offering: str | None = None) -> list[str]:
    """Every language that has a catalogue folder (holding the section `offering`, when one is named)."""
    root = resources.files(__name__)
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_")
                  and (offering is None or p.joinpath(offering + ".json").is_file()))
