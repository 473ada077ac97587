"""Amounts of tablets, one concept for every catalogue: a dose is no overdose.

A catalogue pattern may write a count of tablets as a macro, expanded here for the catalogue's language:
- `<dose>`: one to four, a dose as the box says (頭痛薬を2錠, took 2 tylenol, 두 알, hai viên): the digits 1
  to 4 standing alone, and the language's words for them;
- `<many>`: five or more, an overdose's count (30錠, took 30 pills, 三十片): a number of digits that is not 1
  to 4 alone, and in Chinese and Japanese a number of kanji numerals that is not 一 to 四 alone.
Until the sixteenth session each catalogue wrote its own rule, and they disagreed: "2알" was an overdose in
Korean, "2 tableta" in Tagalog, and one to four tablets a dose only in English, Chinese and Vietnamese.

A pattern of ASCII is matched in the words view (tsunagu.domain.intake.detection), so its macros expand to
ASCII only: Latin words and ASCII digits. In any other pattern they add the language's own script: its
words, and Devanagari and Myanmar digits (NFKC leaves them as they are).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class _Numerals:
    """How one language writes one to four as a count of tablets, and the digits and numerals of a count."""

    latin: str = ""  # words for one to four in Latin letters (the words view)
    script: str = ""  # words for one to four in the language's own script (the kana view)
    digits: str = ""  # the language's own digits, 1 to 4 and 0 to 9, as a class's contents ("१-४", "०-९")
    all_digits: str = ""
    kanji: str = ""  # the kanji numerals of a count (Chinese, Japanese), and those of one to four
    kanji_dose: str = ""


_CJK_DIGITS = "一二三四五六七八九十百千"
NUMERALS = {
    "ja": _Numerals(script="一|二|三|四|ひと|ふた", kanji=_CJK_DIGITS, kanji_dose="一二三四"),
    "zh": _Numerals(script="一|二|两|兩|三|四", kanji=_CJK_DIGITS + "几幾两兩", kanji_dose="一二两兩三四"),
    "ko": _Numerals(script="한|두|세|네"),
    "en": _Numerals(latin="one|two|three|four|a couple of|a|an"),
    "pt": _Numerals(latin="um|uma|dois|duas|tres|quatro"),
    "tl": _Numerals(latin="isang|isa|dalawang|dalawa|tatlong|tatlo|apat na|apat"),
    "vi": _Numerals(latin="mot|hai|ba|bon"),
    "ne": _Numerals(latin="euta|ek|dui|tin|char", script="एउटा|एक|दुई|तीन|चार", digits="१-४", all_digits="०-९"),
    "my": _Numerals(script="တစ်|နှစ်|သုံး|လေး", digits="၁-၄", all_digits="၀-၉"),
}
# A ward's own patterns (tsunagu.domain.intake.lexicon.Lexicon.plus) name no language: Japanese.
_OWN = "ja"
_MACRO = re.compile(r"<(dose|many)>")


def dose(lang: str, ascii_only: bool) -> str:
    """The regular expression of one to four tablets' count in `lang`."""
    n = NUMERALS.get(lang or _OWN, NUMERALS[_OWN])
    digits = "0-9" if ascii_only else f"0-9{n.all_digits}"
    one_to_four = "1-4" if ascii_only else f"1-4{n.digits}"
    words = n.latin if ascii_only else "|".join(w for w in (n.script, n.latin) if w)
    return f"(?:(?<![{digits}])[{one_to_four}](?![{digits}]){'|' + words if words else ''})"


def many(lang: str, ascii_only: bool) -> str:
    """The regular expression of a count of five or more tablets in `lang`."""
    n = NUMERALS.get(lang or _OWN, NUMERALS[_OWN])
    digits = "0-9" if ascii_only else f"0-9{n.all_digits}"
    one_to_four = "1-4" if ascii_only else f"1-4{n.digits}"
    # (\s?: in the words view the pattern's space before the count is optional, so the look-ahead may stand
    # before it: "took 2 pills" was an overdose while it read only "2")
    out = f"(?!\\s?[{one_to_four}](?![{digits}]))[{digits}]+"
    if n.kanji and not ascii_only:
        out += f"|(?![{n.kanji_dose}](?![{n.kanji}]))[{n.kanji}]+"
    return f"(?:{out})"


def expand(pattern: str, lang: str) -> str:
    """The pattern with every `<dose>` and `<many>` replaced by its regular expression in `lang`."""
    if "<" not in pattern:
        return pattern
    ascii_only = pattern.isascii()
    return _MACRO.sub(lambda m: (dose if m.group(1) == "dose" else many)(lang, ascii_only), pattern)
