"""The labelled emergency corpus (tests/intake/corpus/*.yml) as typed entries, for the detector's recall test.

    for entry in load_corpus():
        ...  # entry.distress says whether the text must raise an emergency alert

distress.yml holds texts that must alert, benign.yml texts that must not; each entry is
{text, category, lang, note?}. A malformed entry fails loudly with file:line and the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

CORPUS_DIR = Path(__file__).resolve().parents[1] / "intake" / "corpus"
# Orders are the reporting order: per-category figures print in this sequence.
DISTRESS_CATEGORIES = ("suicidal", "self_harm", "violence", "sexual_violence", "confinement", "help")
BENIGN_CATEGORIES = ("everyday", "thanks", "hyperbole", "near_miss")
LANGS = ("ja", "ja-easy", "en", "romaji")
_REQUIRED = ("text", "category", "lang")
_FIELDS = (*_REQUIRED, "note")


class CorpusError(ValueError):
    """A corpus entry is malformed; the message names file, line and field."""


@dataclass(frozen=True)
class CorpusEntry:
    """One labelled message: a distress text must raise an emergency alert, a benign one must not."""

    text: str
    category: str
    lang: str
    distress: bool
    note: str = ""


def load_corpus(directory: Path = CORPUS_DIR) -> list[CorpusEntry]:
    """Every entry of distress.yml, then of benign.yml, in `directory`, checked field by field."""
    return (_load(directory / "distress.yml", DISTRESS_CATEGORIES, distress=True)
            + _load(directory / "benign.yml", BENIGN_CATEGORIES, distress=False))


def read_lines(path: Path) -> list[tuple[object, int]] | None:
    """A YAML list's items with the line each starts on (None for an empty file; CorpusError if not a list).

    Composing by hand keeps each entry's node, so errors can name the entry's line.
    """
    with path.open(encoding="utf-8") as stream:
        loader = yaml.SafeLoader(stream)
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    if data is None:
        return None
    if not isinstance(data, list):
        raise CorpusError(f"{path}: expected a YAML list of entries")
    return [(item, node.start_mark.line + 1) for item, node in zip(data, root.value, strict=True)]


def _load(path: Path, categories: tuple[str, ...], *, distress: bool) -> list[CorpusEntry]:
    items = read_lines(path)
    if items is None:
        raise CorpusError(f"{path}: expected a YAML list of entries {{text, category, lang, note}}")
    return [_entry(item, f"{path}:{line}", categories, distress) for item, line in items]


def _entry(item: object, where: str, categories: tuple[str, ...], distress: bool) -> CorpusEntry:
    if not isinstance(item, dict):
        raise CorpusError(f"{where}: expected a mapping with fields {', '.join(_FIELDS)}")
    unknown = sorted(set(item) - set(_FIELDS), key=str)
    if unknown:
        raise CorpusError(f"{where}: unknown field {unknown[0]!r}; allowed: {', '.join(_FIELDS)}")
    for field in _REQUIRED:
        value = item.get(field)
        if not isinstance(value, str) or not value.strip():
            raise CorpusError(f"{where}: field {field!r} must be a non-empty string")
    if item["category"] not in categories:
        raise CorpusError(f"{where}: category {item['category']!r} is not one of {', '.join(categories)}")
    if item["lang"] not in LANGS:
        raise CorpusError(f"{where}: lang {item['lang']!r} is not one of {', '.join(LANGS)}")
    note = item.get("note", "")
    if not isinstance(note, str):
        raise CorpusError(f"{where}: field 'note' must be a string")
    return CorpusEntry(item["text"], item["category"], item["lang"], distress, note)
