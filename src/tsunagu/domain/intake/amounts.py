"""Amounts of tablets, one concept for every catalogue: a dose is no overdose.

A catalogue pattern may write a count of tablets as a macro, expanded here for the catalogue's language:
- `<dose>`: one to four, a dose as the box says (頭痛薬を2錠, took 2 tylenol, 두 알, hai viên): the digits 1
  to 4 standing alone, and the language's words for them;
- `<many>`: five or more, an overdose's count (30錠, took 30 pills, 三十片): a number of digits that is not 1
  to 4 alone, in Chinese and Japanese a number of kanji numerals that is not 一 to 四 alone, and the
  language's words for five and more (twenty, trinta, tatlumpu, ba muoi, 서른, さんじゅう, तीस, ဆယ်): "just
  swallowed twenty tablets" and 수면제 서른 알 had been missed.
Until the sixteenth session each catalogue wrote its own rule, and they disagreed: "2알" was an overdose in
Korean, "2 tableta" in Tagalog, and one to four tablets a dose only in English, Chinese and Vietnamese.

A pattern of ASCII is matched in the words view (tsunagu.domain.intake.folding), so its macros expand to
ASCII only: Latin words and ASCII digits. In any other pattern they add the language's own script: its
words, and Devanagari and Myanmar digits (NFKC leaves them as they are).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class _Numerals:
    """How one language writes a count of tablets: one to four, and five or more, in words; its own digits."""

    latin: str = ""  # words for one to four in Latin letters (the words view)
    script: str = ""  # words for one to four in the language's own script (the kana view)
    many_latin: str = ""  # words for five or more in Latin letters
    many_script: str = ""  # words for five or more in its own script
    zero: str = ""  # the language's own digit zero (०, ၀), whose nine successors are its other digits
    kanji: str = ""  # the kanji numerals of a count (Chinese, Japanese), and those of one to four
    kanji_dose: str = ""

    @property
    def digits(self) -> str:
        """Its own digits 1 to 4, as a class's contents ("१-४"; "" for none)."""
        return f"{chr(ord(self.zero) + 1)}-{chr(ord(self.zero) + 4)}" if self.zero else ""

    @property
    def all_digits(self) -> str:
        """Its own digits 0 to 9, as a class's contents ("०-९"; "" for none)."""
        return f"{self.zero}-{chr(ord(self.zero) + 9)}" if self.zero else ""


_CJK_DIGITS = "一二三四五六七八九十百千"
# Tens before units ("twenty five", "vinte e cinco", "ba muoi"): a count's longest reading comes first.
_EN_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_PT_UNITS = "um|uma|dois|duas|tres|quatro|cinco|seis|sete|oito|nove"
NUMERALS = {
    "ja": _Numerals(script="一|二|三|四|ひと|ふた", kanji=_CJK_DIGITS, kanji_dose="一二三四",
                    many_script="(に|さん|よん|ご|ろく|なな|はち|きゅう|なん|すう)?じゅう|ひゃく"),
    "zh": _Numerals(script="一|二|两|兩|三|四", kanji=_CJK_DIGITS + "几幾两兩", kanji_dose="一二两兩三四"),
    "ko": _Numerals(script="한|두|세|네",
                    many_script="다섯|여섯|일곱|여덟|아홉|열|스무|스물|서른|마흔|쉰|예순|일흔|여든|아흔|수십|몇십|백"),
    "en": _Numerals(latin="one|two|three|four|a couple of|a|an",
                    many_latin=f"(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)( ({_EN_UNITS}))?|"
                               "five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
                               "seventeen|eighteen|nineteen|(a )?hundred|(a )?dozen|dozens of"),
    "pt": _Numerals(latin="um|uma|dois|duas|tres|quatro",
                    many_latin=f"(vinte|trinta|quarenta|cinquenta|sessenta|setenta|oitenta|noventa)( e ({_PT_UNITS}))?|"
                               "cinco|seis|sete|oito|nove|dez|onze|doze|treze|quatorze|catorze|quinze|dezesseis|"
                               "dezessete|dezoito|dezenove|cem|(uma )?duzia"),
    "tl": _Numerals(latin="isang|isa|dalawang|dalawa|tatlong|tatlo|apat na|apat",
                    many_latin="lima|anim|pito|walo|siyam|sampu|"
                               "labing ?(isa|dalawa|tatlo|apat|lima|anim|pito|walo|siyam)|"
                               "dalawampu|tatlumpu|apatnapu|limampu|animnapu|pitumpu|walumpu|siyamnapu|(isang )?daan|"
                               "singko|sais|siyete|otso|nuwebe|diyes|dose|kinse|bente|trenta|kwarenta|singkwenta"),
    "vi": _Numerals(latin="mot|hai|ba|bon",
                    many_latin="(hai|ba|bon|nam|sau|bay|tam|chin) muoi|muoi|nam|sau|bay|tam|chin|(mot )?tram|"
                               "(vai|may|hang) chuc"),
    "ne": _Numerals(latin="euta|ek|dui|tin|char", script="एउटा|एक|दुई|तीन|चार", zero="०",
                    many_latin="panch|chha|saat|aath|nau|das|bis|tis|chalis|pachas|saya",
                    many_script="पाँच|पांच|छ|सात|आठ|नौ|दस|बीस|तीस|चालीस|पचास|सय"),
    "my": _Numerals(script="တစ်|နှစ်|သုံး|လေး", zero="၀",
                    many_script="(နှစ်|သုံး|လေး|ငါး)?ဆယ်|ငါး|ခြောက်|ခုနစ်|ရှစ်|ကိုး|အစိတ်|ရာ"),
}
# A ward's own patterns (tsunagu.domain.intake.lexicon.Lexicon.plus) name no language: Japanese.
_OWN = "ja"
MACROS = ("dose", "many")  # the names a pattern writes them by, <dose> and <many>; no catalogue concept may take them
_MACRO = re.compile(f"<({'|'.join(MACROS)})>")


def _numerals(lang: str) -> _Numerals:
    return NUMERALS.get(lang or _OWN, NUMERALS[_OWN])


def dose(lang: str, ascii_only: bool) -> str:
    """The regular expression of one to four tablets' count in `lang`."""
    n = _numerals(lang)
    if ascii_only:  # the words view: a space may stand inside a number, as between letters ("took 3 0 pills")
        digit = r"(?<![0-9])(?<![0-9]\s)[1-4](?!\s?[0-9])"
    else:
        digits = f"0-9{n.all_digits}"
        digit = f"(?<![{digits}])[1-4{n.digits}](?![{digits}])"
    return f"(?:{digit}{_words(n.latin, n.script, ascii_only)})"


def many(lang: str, ascii_only: bool) -> str:
    """The regular expression of a count of five or more tablets in `lang`."""
    n = _numerals(lang)
    # (\s? before the look-ahead's digit: in the words view the pattern's space before the count is optional, so
    # the look-ahead may stand before it: "took 2 pills" was an overdose while it read only "2"; and inside the
    # number, where a space may stand as between letters: "took 3 0 pills" is thirty, not three)
    if ascii_only:
        out = r"(?!\s?[1-4](?!\s?[0-9]))[0-9]+(?:\s?[0-9]+)*"
    else:
        digits = f"0-9{n.all_digits}"
        out = f"(?!\\s?[1-4{n.digits}](?![{digits}]))[{digits}]+"
    if n.kanji and not ascii_only:
        out += f"|(?![{n.kanji_dose}](?![{n.kanji}]))[{n.kanji}]+"
    return f"(?:{out}{_words(n.many_latin, n.many_script, ascii_only)})"


def _words(latin: str, script: str, ascii_only: bool) -> str:
    """The alternatives a count's words add ("" for none): an ASCII pattern's only Latin ones; another's its
    own script's and the Latin ones without their spaces (its view, the kana view, has none)."""
    words = [latin] if ascii_only else [script, latin.replace(" ", "")]
    return "".join(f"|{w}" for w in words if w)


def expand(pattern: str, lang: str) -> str:
    """The pattern with every `<dose>` and `<many>` replaced by its regular expression in `lang`."""
    if "<" not in pattern:
        return pattern
    ascii_only = pattern.isascii()
    return _MACRO.sub(lambda m: (dose if m.group(1) == "dose" else many)(lang, ascii_only), pattern)
