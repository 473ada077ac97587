"""Readings (ルビ) over key words written in kanji, for easy Japanese on pages and in print.

The government's guideline for easy Japanese (在留支援のためのやさしい日本語ガイドライン, 2020) asks for key
words in kanji with their readings, not all-hiragana. The readings are data: `catalog/<lang>/readings.yml`
maps each word to its reading. Here a text is cut into runs, each run either plain or a word with its
reading (the longest listed word wins where two start at one place); the portal writes `<ruby>` and the
print kit sets the reading above the word. Pure logic over strings.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape

from tsunagu.catalog import section
from tsunagu.domain.htmltext import map_running_text


@dataclass(frozen=True)
class Run:
    """A piece of text: a word with its reading, or plain text (reading empty)."""

    text: str
    reading: str = ""


@functools.cache
def readings(language: str) -> Mapping[str, str]:
    """The readings of a language's key words; none for a language without a readings catalogue."""
    try:
        found = section(language, "readings")
    except KeyError:
        return {}
    return {str(word): str(reading) for word, reading in found.items()}


@functools.lru_cache(maxsize=8)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def runs(text: str, table: Mapping[str, str]) -> list[Run]:
    """`text` cut into plain runs and listed words with their readings, in order; joined they are `text`."""
    pattern = _pattern(tuple(table))
    if pattern is None:
        return [Run(text)] if text else []
    out: list[Run] = []
    at = 0
    for match in pattern.finditer(text):
        if match.start() > at:
            out.append(Run(text[at:match.start()]))
        out.extend(_okurigana(match.group(), table[match.group()]))
        at = match.end()
    if at < len(text):
        out.append(Run(text[at:]))
    return out


def _okurigana(word: str, reading: str) -> list[Run]:
    """The reading over the kanji only: 守る/まもる is 守(まも) and る, お金/おかね is お and 金(かね)."""
    head = 0
    while head < min(len(word), len(reading)) - 1 and word[head] == reading[head]:
        head += 1
    tail = 0
    while tail < min(len(word), len(reading)) - head - 1 and word[-1 - tail] == reading[-1 - tail]:
        tail += 1
    base, said = word[head:len(word) - tail], reading[head:len(reading) - tail]
    parts = [Run(word[:head]), Run(base, said), Run(word[len(word) - tail:])]
    return [p for p in parts if p.text]


def has_reading(text: str, table: Mapping[str, str]) -> bool:
    """Whether any listed word occurs in `text`."""
    pattern = _pattern(tuple(table))
    return pattern is not None and pattern.search(text) is not None


def html(text: str, table: Mapping[str, str]) -> str:
    """`text` escaped for HTML, each listed word as `<ruby>word<rp>(</rp><rt>reading</rt><rp>)</rp></ruby>`.

    The `<rp>` brackets show only where ruby is not laid out (a reader mode, copied text).
    """
    return "".join(_ruby(escape(r.text), r.reading) if r.reading else escape(r.text) for r in runs(text, table))


def annotate_page(page: str, table: Mapping[str, str]) -> str:
    """Readings over the listed words in the running text of a whole HTML page (never in tags, attributes,
    the head, scripts, styles or existing ruby: `tsunagu.domain.htmltext`)."""
    if not table:
        return page
    return map_running_text(page, lambda text: annotate_text(text, table))


def annotate_text(text: str, table: Mapping[str, str], plain: Callable[[str], str] | None = None) -> str:
    """One escaped text node with `<ruby>` over the listed words; `plain` rewrites the runs between them."""
    if text.isspace():
        return text
    return "".join(_ruby(r.text, r.reading) if r.reading else plain(r.text) if plain else r.text
                   for r in runs(text, table))


def _ruby(base: str, reading: str) -> str:
    """An escaped word with its reading (`<rp>` shows the brackets only where ruby is not laid out)."""
    return f"<ruby>{base}<rp>(</rp><rt>{escape(reading)}</rt><rp>)</rp></ruby>"
