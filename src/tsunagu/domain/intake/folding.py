"""A message folded into the views the patterns and the model read, the way frightened people type on a phone.

Every view starts from NFKC (half-width ｼﾆﾀｲ becomes シニタイ, full-width letters become ASCII), case folding,
and the removal of every invisible character (Unicode Cf: U+200B/C/D, U+2060, U+FEFF, U+00AD, ..., plus
variation selectors and tag characters).
- kana: only letters and digits are kept, so spaces, line breaks, punctuation, symbols and emoji between the
  letters vanish (し・に・た・い, 死😭に😭た😭い); katakana become hiragana; ー and 〜 go, a stretched vowel goes
  (しにたぁぁい, たすけてええ), small kana become full size (死にたぃ).
- romaji: the kana view with every run of Latin letters read as romaji (shinitai → しにたい).
- words: Latin letters and digits only, every other run of characters one space (a word boundary); a digit
  for a letter (d1e), a letter typed three times or more (dieee) and a misspelling of a word the English
  catalogue names (pils, beatting: tsunagu.domain.intake.spelling) read as the word.
Also here: a view's spans cut out or joined (`without`, `merged`), which the detector reads a message without.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable

from tsunagu.domain.intake.language import script_language

# Unicode category Cf, the variation selectors and the tag characters (emoji flag sequences); compiled
# on the first message with Latin letters (`_invisible`), not at import: the class is slow to compile.
_INVISIBLE = (
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufe00-\ufe0f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef]")
# Everything but letters and digits (so every Cf character too); the combining (semi-)voiced marks stay,
# so NFC can put a mark cut off its kana by an inserted character back on.
# Devanagari and Myanmar vowel signs and viramas stay too (without them Burmese folds to bare consonants:
# ဗိုက်ဆာ "hungry" and ဘိုက် would be one word); their danda and section marks are punctuation and go.
NOT_LETTER = re.compile(r"[^\w\u3099\u309a\u0900-\u0963\u0966-\u097f\u1000-\u1049\u104c-\u109f]|_")
_NOT_LATIN = re.compile(r"[^a-z0-9]+")
_LATIN = re.compile(r"[a-z]")
_MARKED_LATIN = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")  # Latin letters with diacritics (vi, pt, ...)
# Katakana ァ (U+30A1) .. ヶ (U+30F6) sit exactly 0x60 above their hiragana; ー is dropped.
_KATAKANA = re.compile("[\u30a1-\u30f6\u30fc]+")
_HIRAGANA = {c: c - 0x60 for c in range(0x30A1, 0x30F7)} | {0x30FC: None}
# A run of vowel kana, or one small kana: where stretching and small kana need a decision.
_SOFT = re.compile("[あいうえおぁぃぅぇぉ]{2,}|[ぁぃぅぇぉっゃゅょゎゕゖ]")
_FULL_SIZE = dict(zip("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ", strict=True))
_VOWEL_OF = {kana: vowel for vowel, row in zip("aiueo", (
    "あぁかがさざただなはばぱまやゃらわゎ", "いぃきぎしじちぢにひびぴみりゐ", "うぅくぐすずつづぬふぶぷむゆゅるゔ",
    "えぇけげせぜてでねへべぺめれゑ", "おぉこごそぞとどのほぼぽもよょろを"), strict=True) for kana in row}
_LONG_LATIN = re.compile(r"([a-z])\1{2,}")  # dieeee, helppp: three or more of a letter are one
# d1e, k1ll: a digit touching a letter, or standing alone between two single letters (d 1 e)
# (the digit first, so the engine skips ahead to digits: a look-behind first tried it at every letter);
# not a number's unit (my 4yo, 30mg, 3am, 1st), which read "my ayo" and missed the child's age
_LEET = re.compile(r"[013457](?:(?=[a-z])(?!(?:yo|yos|yr|yrs|mg|ml|am|pm|th|st|nd|rd|min|mins|hr|hrs|kg|cm|km)\b)"
                   r"|(?<=[a-z].)|(?<=\b[a-z] .)(?= [a-z]\b))")
_LETTER_FOR = dict(zip("013457", "oieast", strict=True))


@functools.cache
def _invisible() -> re.Pattern[str]:
    return re.compile(_INVISIBLE)


def _soften(m: re.Match[str]) -> str:
    run = m.group()
    if run in _FULL_SIZE and run not in "ぁぃぅぇぉ":
        return _FULL_SIZE[run]
    # A small vowel, or two or more vowels, after a kana ending in the same vowel is a stretch: it goes.
    before = _VOWEL_OF.get(m.string[m.start() - 1]) if m.start() else None
    out: list[str] = []
    for vowel, chars in itertools.groupby(run, key=_VOWEL_OF.__getitem__):
        group = "".join(chars)
        if vowel != before or (len(group) == 1 and group in "あいうえお"):
            out.append(_FULL_SIZE.get(group[0], group[0]))
        before = vowel
    return "".join(out)


def fold_kana(text: str) -> str:
    text = _KATAKANA.sub(lambda m: m.group().translate(_HIRAGANA), text)
    return _SOFT.sub(_soften, text)


class Folded:
    """The views of one message that patterns are matched on (see the module docstring)."""

    __slots__ = ("_breaks", "_letters", "_romaji", "_script", "_source", "kana", "words")

    def __init__(self, kana: str, words: str, letters: str, source: str = "") -> None:
        self.kana, self.words, self._letters = kana, words, letters
        self._source = source  # the message NFKC-folded, in memory while it is judged: where its sentences end
        self._romaji: str | None = None
        self._script: tuple[str | None] | None = None  # (`script_language` of the kana view,) once counted
        self._breaks: dict[str, list[int]] | None = None  # per view, once asked (`breaks`)

    @property
    def script(self) -> str | None:
        """The language its script names (`script_language`): counted once, as the veto and the evidence
        both ask (a long letter's letters cost half a millisecond)."""
        if self._script is None:
            self._script = (script_language(self.kana),)
        return self._script[0]

    def breaks(self, view: str) -> list[int]:
        """Where a sentence of the message starts in the kana or words view (after 。, ！, ？, a full stop or a
        line break), which the views have no marks for: a context trigger's scope ends there, as ConText's
        ends at the sentence (medspaCy). "I'm not sure. I want to die" is no negation. Found when first asked
        (a message with a trigger that demotes), by folding each sentence as the message was; [] where the
        sentences do not add up to the view (a stretched vowel read across a full stop)."""
        if self._breaks is None:
            self._breaks = {}
        found = self._breaks.get(view)
        if found is None:
            found = self._breaks[view] = _sentence_starts(self._source, view, getattr(self, view))
        return found

    @property
    def several_sentences(self) -> bool:
        """Whether a sentence ends before the message does (a cheap look at the message, not `breaks`)."""
        return bool(_SENTENCE_END.search(self._source.rstrip("。!?.\n ")))

    @property
    def romaji(self) -> str:
        """The kana view with the Latin letters read as romaji ("" without Latin letters); made when first asked."""
        if self._romaji is None:
            # Imported here: the romaji table is built only once a message with Latin letters needs it.
            from tsunagu.domain.intake.romaji import to_kana

            self._romaji = fold_kana(to_kana(self._letters)) if self.words else ""
        return self._romaji


def fold(text: str) -> Folded:
    """Fold a message into its kana, romaji and words views."""
    text = unicodedata.normalize("NFKC", text).casefold()
    letters = _letters_of(text)
    kana = fold_kana(letters)
    if not _LATIN.search(letters):
        return Folded(kana, "", "", text)
    return Folded(kana, _words(text), letters, text)


def _letters_of(text: str) -> str:
    """The letters of NFKC-folded text, the kana view before its kana are folded (`fold`)."""
    # ー goes here already (every view drops it): between a kana and its mark it would keep them apart.
    letters = NOT_LETTER.sub("", text).replace("ー", "")
    if "\u3099" in letters or "\u309a" in letters:
        letters = unicodedata.normalize("NFC", letters)
    return letters


def _words(text: str) -> str:
    """The words view of NFKC-folded text with Latin letters (`fold`)."""
    source = text if text.isascii() else _invisible().sub("", text)  # (isascii is a flag of the str)
    if _MARKED_LATIN.search(source):  # muốn chết → muon chet, não → nao: patterns are written without marks
        source = "".join(c for c in unicodedata.normalize("NFD", source.replace("đ", "d"))
                         if not unicodedata.combining(c))
    words = _NOT_LATIN.sub(" ", source).strip()
    # Imported here: the misspellings' module and table are read only once a message with Latin letters needs them.
    from tsunagu.domain.intake.spelling import spelled

    return spelled(_LONG_LATIN.sub(r"\1", _LEET.sub(lambda m: _LETTER_FOR[m.group()], words)))


# Where a sentence ends in NFKC-folded text (！？． are ASCII by then, ｡ is 。, … is ...): not a full stop in 3.5.
_SENTENCE_END = re.compile(r"[。!?\n]+|\.(?![0-9])")


def _sentence_starts(source: str, view: str, folded: str) -> list[int]:
    """`Folded.breaks`: where each sentence after the first starts in the view `folded` of `source`."""
    sentences = _SENTENCE_END.split(source)
    if len(sentences) < 2:
        return []
    if view == "kana":
        pieces, joint = [fold_kana(_letters_of(s)) for s in sentences], ""
    else:
        pieces, joint = list(map(_words, sentences)), " "
    pieces = [p for p in pieces if p]
    if joint.join(pieces) != folded:
        return []
    out, at = [], 0
    for piece in pieces[:-1]:
        at += len(piece) + len(joint)
        out.append(at)
    return out


def without(f: Folded, kana: list[tuple[int, int, int]], words: list[tuple[int, int, int]]) -> Folded:
    """The kana and words views without these spans (start, end, ...) of each; a words span's letters go from
    the kana view too, which holds them without their spaces (`in_kana`) and which the model reads as well."""
    return Folded(cut(f.kana, [*kana, *in_kana(f, words)], ""), cut(f.words, words, " "), "")


def in_kana(f: Folded, spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Where the letters of these words-view spans stand in the kana view, found in order. A span the kana
    view spells otherwise (the words view reads d1e as die, muốn as muon) is not found there, and stays."""
    out: list[tuple[int, int, int]] = []
    at = 0
    for start, end, key in sorted(spans):
        span = kana_span(f, start, end, at)
        if span is not None:
            out.append((*span, key))
            at = span[1]
    return out


def kana_span(f: Folded, start: int, end: int, after: int = 0) -> tuple[int, int] | None:
    """Where the letters of f.words[start:end] first stand in the kana view from `after` (None: nowhere, or no
    letters): the kana view holds a message's Latin letters without the spaces, so the span there is as long as
    its letters (an English word inside a Japanese sentence is judged there too)."""
    letters = f.words[start:end].replace(" ", "")
    place = f.kana.find(letters, after) if letters else -1
    return None if place < 0 else (place, place + len(letters))


def cut(text: str, spans: list[tuple[int, int, int]], joint: str) -> str:
    """The text without the spans (start, end, ...), its pieces joined by `joint`."""
    if not spans:
        return text
    edges = [0, *(at for span in merged((start, end) for start, end, _ in spans) for at in span), len(text)]
    pieces = (text[start:end] for start, end in zip(edges[::2], edges[1::2], strict=True))
    return joint.join(p for p in pieces if p).strip()


def merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans in order, those that overlap or touch joined into one."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
