"""Multilingual text and the one rule for showing it in a language.

Programme files write user-facing text per language (`name: {ja: 北区, en: Kita City}`); validation
makes every ward declare each of its languages, so the fallback only serves a reader in a language the
ward does not publish: then Japanese, the language every ward writes, and failing that the first one
written (a ward writing only English, say).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TypeVar

REFERENCE_LANGUAGE = "ja"  # the language of the seeds, the catalogues' reference and every ward's public

T = TypeVar("T")


def pick(by_language: Mapping[str, T], language: str) -> T | None:
    """The value in `language`, else in Japanese, else the first one given; None when there is none."""
    for lang in (language, REFERENCE_LANGUAGE):
        value = by_language.get(lang)
        if value:
            return value
    return next((value for value in by_language.values() if value), None)


class Text(Mapping[str, str]):
    """User-facing text in several languages (language code → text), immutable."""

    __slots__ = ("_by_language",)

    def __init__(self, by_language: Mapping[str, str] | None = None) -> None:
        self._by_language = dict(by_language or {})

    def __getitem__(self, language: str) -> str:
        return self._by_language[language]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_language)

    def __len__(self) -> int:
        return len(self._by_language)

    def __repr__(self) -> str:
        return f"Text({self._by_language!r})"

    def has(self, language: str) -> bool:
        """True when the text is written, not blank, in exactly this language."""
        return bool(self._by_language.get(language, "").strip())

    def pick(self, language: str) -> str:
        """The text to show a reader of `language` (see `pick`); empty when nothing is written."""
        return pick(self._by_language, language) or ""
