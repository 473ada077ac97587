"""Misspellings of the English catalogue's words, read as the words: "i took 30 pils", "he is beatting me".

A frightened person types fast on a phone: a letter dropped, two letters swapped, a letter doubled. The
words view (tsunagu.domain.intake.folding) reads such a misspelling of a word the English catalogue names
as that word, as it reads d1e as die. Only a misspelling that is no English word (in a dictionary, at build
time) and no word of another catalogue is read so: "aped" stays "aped", not raped, and "brige" becomes
bridge. The table is computed by scripts/catalogues (`spelling_table`) into tsunagu/data and read on the
first message with Latin letters (`shipped_spelling`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tsunagu.domain.packaged import packaged_json

if TYPE_CHECKING:  # the lexicon is only a type here: folding imports this module on a first Latin message
    from tsunagu.domain.intake.lexicon import Lexicon

SPELLING_FILE = "spelling.json"
# Words of fewer letters are not corrected: one letter off a short word is too often another word (dye,
# die; kil is a pattern's own spelling already).
MIN_WORD_LETTERS = 5
_WORD = "[a-z]+"
_THRICE = r"([a-z])\1\1"


def variants(word: str) -> set[str]:
    """The misspellings of a word that a thumb makes: a letter inside it dropped, two letters after its first
    swapped (the last two as well: bladse, sexula), a letter doubled. Its first letter stays where it is, and
    no letter is dropped from either end. Not one with a letter three times running: the words view reads
    those as one letter already (runnng is rung)."""
    n = len(word)
    out = {word[:i] + word[i + 1:] for i in range(1, n - 1)}
    out |= {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(1, n - 1)}
    out |= {word[:i] + word[i] + word[i:] for i in range(n)}
    return {v for v in out if v != word and not re.search(_THRICE, v)}


def pattern_words(patterns: Iterable[object]) -> set[str]:
    """The runs of ASCII letters written in these patterns."""
    return {w for p in patterns if isinstance(p, str) and p.isascii() for w in re.findall(_WORD, p.lower())}


def spelling_table(words: Iterable[str], dictionary: set[str], keep: set[str]) -> dict[str, list[str]]:
    """{word: its misspellings read as it}, sorted: the `variants` of each of these words that has
    MIN_WORD_LETTERS letters or more and is in the dictionary, but none that is in the dictionary, none that a catalogue
    writes (`keep`: its own spellings, such as kil, and other languages' words) and none that two words share."""
    found: dict[str, str] = {}
    shared: set[str] = set()
    for word in sorted(set(words)):
        if len(word) < MIN_WORD_LETTERS or word not in dictionary:
            continue
        for variant in variants(word):
            if variant in dictionary or variant in keep:
                continue
            if found.setdefault(variant, word) != word:
                shared.add(variant)
    out: dict[str, list[str]] = {}
    for variant, word in found.items():
        if variant not in shared:
            out.setdefault(word, []).append(variant)
    return {word: sorted(out[word]) for word in sorted(out)}


# The dictionaries the table is built against (Debian's wamerican and wbritish, which scripts/setup installs):
# read by scripts/catalogues, and by the test that the table shipped is the one they make.
DICTIONARIES = ("/usr/share/dict/american-english", "/usr/share/dict/british-english")


def dictionary_words(paths: Iterable[str] = DICTIONARIES) -> set[str]:
    """The words of these word lists, lower-cased, without apostrophes (the words view has none)."""
    words: set[str] = set()
    for path in paths:
        with open(path, encoding="utf-8") as found:
            words.update(w.lower().replace("'", "") for w in found.read().split())
    return words


def catalogue_spelling(lexicon: Lexicon, dictionary: set[str]) -> dict[str, list[str]]:
    """`spelling_table` of the English catalogue's emergency and weak patterns' words, keeping every word any
    catalogue writes as written (its own spellings, other languages' words)."""
    english = [p for p, concept in lexicon.emergency if concept.language == "en"]
    english += [p for p, lang in lexicon.weak if lang == "en"]
    return spelling_table(pattern_words(english), dictionary, pattern_words(lexicon.patterns()))


@functools.cache
def shipped_spelling() -> dict[str, str]:
    """{misspelling: word}, as scripts/catalogues writes it (`spelling_table`); empty when not shipped."""
    table = packaged_json(SPELLING_FILE) or {}
    return {variant: word for word, found in table.items() for variant in found}


@functools.cache
def _spelled_words() -> frozenset[str]:
    """The catalogue's words the misspellings are read as."""
    return frozenset(shipped_spelling().values())


def spelled(words: str) -> str:
    """A words view with each misspelling read as its word (`shipped_spelling`), but not a piece of a word that
    typing noise split: "sexuall y" is sexually with a space in it, which the patterns read as written, and read as
    "sexual y" it was no emergency (found by hypothesis in the twenty-seventh session)."""
    table = shipped_spelling()
    split = words.split(" ")
    if table.keys().isdisjoint(split):
        return words
    known = _spelled_words()

    def piece(i: int) -> bool:
        return (i + 1 < len(split) and split[i] + split[i + 1] in known) or (i > 0 and split[i - 1] + split[i] in known)

    return " ".join([table[w] if w in table and not piece(i) else w for i, w in enumerate(split)])
