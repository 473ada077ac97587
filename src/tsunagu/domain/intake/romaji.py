"""Romaji to hiragana, so "shinitai" or "mou kietai" meet the Japanese patterns in their kana form.

Hepburn, kunrei and phone-keyboard spellings (shi/si, tsu/tu, chi/ti, fu/hu, ja/zya/jya), a doubled
consonant as っ, and n before a consonant or at the end as ん. A letter that fits no syllable is kept as
it is: it then breaks any kana pattern, so English text does not turn into accidental kana words.
"""

from __future__ import annotations

import re

_VOWELS = "aiueo"
# Consonant rows: the kana for a, i, u, e, o after each onset ("・" = no kana with that vowel).
_ROWS: dict[str, str] = {
    "": "あいうえお", "k": "かきくけこ", "g": "がぎぐげご", "s": "さしすせそ", "z": "ざじずぜぞ",
    "t": "たちつてと", "d": "だぢづでど", "n": "なにぬねの", "h": "はひふへほ", "b": "ばびぶべぼ",
    "p": "ぱぴぷぺぽ", "m": "まみむめも", "y": "や・ゆ・よ", "r": "らりるれろ", "w": "わ・・・を",
    "l": "ぁぃぅぇぉ", "x": "ぁぃぅぇぉ",
}
# Palatal onsets: kya = き + ゃ, sha = し + ゃ; "shi" and the like are in _EXTRA.
_PALATAL: dict[str, str] = {
    "ky": "き", "gy": "ぎ", "sh": "し", "sy": "し", "j": "じ", "jy": "じ", "zy": "じ", "ch": "ち", "ty": "ち",
    "cy": "ち", "dy": "ぢ", "ny": "に", "hy": "ひ", "by": "び", "py": "ぴ", "my": "み", "ry": "り",
}
_SMALL = {"a": "ゃ", "u": "ゅ", "o": "ょ", "e": "ぇ"}
_EXTRA = {"shi": "し", "chi": "ち", "tsu": "つ", "ji": "じ", "fa": "ふぁ", "fi": "ふぃ", "fu": "ふ", "fe": "ふぇ",
          "fo": "ふぉ", "va": "ゔぁ", "vi": "ゔぃ", "vu": "ゔ", "ve": "ゔぇ", "vo": "ゔぉ", "wi": "うぃ", "we": "うぇ",
          "ltu": "っ", "xtu": "っ", "nn": "ん", "n'": "ん"}


def _table() -> dict[str, str]:
    table = {onset + vowel: kana for onset, row in _ROWS.items() for vowel, kana in zip(_VOWELS, row, strict=True)
             if kana != "・"}
    for onset, base in _PALATAL.items():
        table.update({onset + vowel: base + small for vowel, small in _SMALL.items()})
    table.update(_EXTRA)
    return table


TABLE = _table()
_DOUBLING = "bcdfghjkmpqrstvwxz"
# One scan: a doubled consonant (a small っ), an n that ends its syllable (ん), else the longest syllable.
# One group around the whole, none inside it: re.split then gives the text between syllables and the
# syllables in turn, and the syllables are looked up without a Python call per syllable.
def _trie(syllables: list[str]) -> str:
    """The syllables as one alternation grouped by first letter, the longest first within each group: the
    engine compares one first letter per group instead of trying all two hundred syllables at each place."""
    groups: dict[str, list[str]] = {}
    for syllable in syllables:
        groups.setdefault(syllable[0], []).append(syllable[1:])
    out = []
    for first, rests in groups.items():
        longer = [r for r in rests if r]
        inner = _trie(sorted(longer, key=len, reverse=True)) if longer else ""
        body = (f"(?:{inner})" + ("?" if "" in rests else "")) if longer else ""
        out.append(re.escape(first) + body)
    return "|".join(out)


_READ = re.compile("(" + "|".join([*(f"{c}(?={c})" for c in _DOUBLING), "n(?=$|[^aiueoy'n]|n[aiueoy])",
                                   _trie(sorted(TABLE, key=len, reverse=True))]) + ")")
_KANA_OF = TABLE | dict.fromkeys(_DOUBLING, "っ") | {"n": "ん"}


# Laughter written in Latin letters beside Japanese (殺されるwww, 死ぬlol) is no romaji: read as letters, www
# became っっw and the exceptions written with it (殺されるw) no longer matched.
_LAUGHTER = re.compile("(?<![a-z])(w+|lol|lmao|lmfao)(?![a-z])")


def to_kana(text: str) -> str:
    """Every run of Latin letters in `text` (already folded to lower case) as hiragana, but laughter (www,
    lol); the rest unchanged."""
    pieces = _LAUGHTER.split(text)
    pieces[::2] = map(_read, pieces[::2])
    return "".join(pieces)


def _read(text: str) -> str:
    parts = _READ.split(text)
    parts[1::2] = map(_KANA_OF.__getitem__, parts[1::2])
    return "".join(parts)
