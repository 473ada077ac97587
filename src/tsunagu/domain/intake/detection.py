"""Emergency and deletion requests, recognised the way frightened people type them on a phone.

The method (README, "LINE intake", has the measured figures and the known limits):

1. Fold the message into three views. All start from NFKC (half-width ｼﾆﾀｲ becomes シニタイ, full-width
   letters become ASCII), case folding, and the removal of every invisible character (Unicode Cf:
   U+200B/C/D, U+2060, U+FEFF, U+00AD, ..., plus variation selectors and tag characters).
   - kana: only letters and digits are kept, so spaces, line breaks, punctuation, symbols and emoji
     between the letters vanish (し・に・た・い, 死😭に😭た😭い); katakana become hiragana; ー and 〜
     go, a stretched vowel goes (しにたぁぁい, たすけてええ), small kana become full size (死にたぃ).
   - romaji: the kana view with every run of Latin letters read as romaji (shinitai → しにたい).
   - words: Latin letters and digits only, every other run of characters one space (a word boundary).
2. Match the patterns of every catalogue language (catalog/<lang>/detection.yml) and of the ward's
   programme file. A pattern is a regular expression. One with Japanese letters is folded the same way
   and matched on the kana and romaji views, anywhere; one of ASCII only is matched on the words view
   as whole words: it must start and end on a word boundary, and may have spaces inside anywhere.
3. A hit inside a match of an exception (e.g. わたしにたいして: 私に対して, not 死にたい) does not count.
   Deletion patterns must match the whole message.
"""

from __future__ import annotations

import functools
import itertools
import re
import re._parser as sre  # the standard library's own regex parser: which characters can start a match
import unicodedata
from collections.abc import Iterable, Iterator
from typing import NamedTuple

# Unicode category Cf, the variation selectors and the tag characters (emoji flag sequences); compiled
# on the first message with Latin letters (`_invisible`), not at import: the class is slow to compile.
_INVISIBLE = (
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufe00-\ufe0f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef]")
# Everything but letters and digits (so every Cf character too); the combining (semi-)voiced marks stay,
# so NFC can put a mark cut off its kana by an inserted character back on.
_NOT_LETTER = re.compile(r"[^\w\u3099\u309a]|_")
_NOT_LATIN = re.compile(r"[^a-z0-9]+")
_LATIN = re.compile(r"[a-z]")
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
_LEET = re.compile(r"[013457](?=[a-z])|(?<=[a-z])[013457]|(?<=\b[a-z] )[013457](?= [a-z]\b)")
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


def _kana(text: str) -> str:
    text = _KATAKANA.sub(lambda m: m.group().translate(_HIRAGANA), text)
    return _SOFT.sub(_soften, text)


class Folded:
    """The views of one message that patterns are matched on (see the module docstring)."""

    __slots__ = ("_letters", "_romaji", "kana", "words")

    def __init__(self, kana: str, words: str, letters: str) -> None:
        self.kana, self.words, self._letters, self._romaji = kana, words, letters, None

    @property
    def romaji(self) -> str:
        """The kana view with the Latin letters read as romaji ("" without Latin letters); made when first asked."""
        if self._romaji is None:
            # Imported here: the romaji table is built only once a message with Latin letters needs it.
            from tsunagu.domain.intake.romaji import to_kana

            self._romaji = _kana(to_kana(self._letters)) if self.words else ""
        return self._romaji


def fold(text: str) -> Folded:
    """Fold a message into its kana, romaji and words views."""
    text = unicodedata.normalize("NFKC", text).casefold()
    # ー goes here already (every view drops it): between a kana and its mark it would keep them apart.
    letters = _NOT_LETTER.sub("", text).replace("ー", "")
    if "\u3099" in letters or "\u309a" in letters:
        letters = unicodedata.normalize("NFC", letters)
    kana = _kana(letters)
    if not _LATIN.search(letters):
        return Folded(kana, "", "")
    words = _NOT_LATIN.sub(" ", _invisible().sub("", text)).strip()
    words = _LONG_LATIN.sub(r"\1", _LEET.sub(lambda m: _LETTER_FOR[m.group()], words))
    return Folded(kana, words, letters)


def is_words_pattern(pattern: str) -> bool:
    """True for a pattern of ASCII only (matched as whole words), False for one with Japanese letters."""
    return pattern.isascii()


_SYNTAX = set("\\()[]{}|?*+.^$")


def _fold_pattern(pattern: str) -> str:
    """A kana pattern in the form of the kana view: Japanese runs folded like text, ASCII lower-cased."""
    out: list[str] = []
    for run in re.findall(r"[^\x00-\x7f]+|\\.|[\x00-\x7f]", pattern):
        if run.isascii():
            out.append(run.lower() if not run.startswith("\\") else run)
        else:
            out.append(_kana(_NOT_LETTER.sub("", unicodedata.normalize("NFKC", run).casefold())))
    return "".join(out)


def _spaced(pattern: str) -> str:
    """A words pattern that allows one space before any letter but the first, and ignores its own spaces.

    It must end at a word boundary; where it starts is checked by `_Matcher` (a look-behind in front
    would keep the regex engine from skipping quickly to the letters a match can start with).
    """
    out: list[str] = []
    i, after_item = 0, False  # after a letter, class or group: a space may come next
    while i < len(pattern):
        c = pattern[i]
        gap = " ?" if after_item else ""
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            after_item = True
            continue
        if c == "(":
            end = i + (4 if pattern.startswith(("(?<=", "(?<!"), i) else 3 if pattern.startswith("(?", i) else 1)
            out.append(gap + pattern[i:end])
            i, after_item = end, False
            continue
        if c in "[{":
            end = pattern.find("]" if c == "[" else "}", i + 1) + 1 or len(pattern)
            out.append((gap if c == "[" else "") + pattern[i:end])
            i, after_item = end, True
            continue
        if c == "|":
            after_item = False
        elif c in _SYNTAX:
            after_item = after_item or c == ")"
        elif c.isalnum() or c == "_":
            c = gap + c.lower()
            after_item = True
        else:  # a space, an apostrophe, a hyphen: a word boundary in the text, optional anyway
            c = ""
        out.append(c)
        i += 1
    return f"(?:{''.join(out)})(?![a-z0-9])"


def _regex(pattern: str) -> str:
    return _spaced(pattern) if is_words_pattern(pattern) else _fold_pattern(pattern)


def pattern_problem(pattern: object) -> str | None:
    """What is wrong with one pattern, for `tsunagu check`; None when it is usable."""
    if not isinstance(pattern, str) or not pattern.strip():
        return "an empty pattern; write the words to match, or remove the entry"
    if re.search(r"\\[1-9]|\(\?P", pattern):
        return "backreferences and named groups are not supported; write the alternatives out"
    if not pattern.isascii() and re.search(r"[^\w\x00-\x7f]", pattern):
        return ("Japanese punctuation and symbols are never matched (messages are compared without them); "
                "write regular-expression syntax in ASCII: ( | ) ? [ ]")
    try:
        compiled = re.compile(_regex(pattern))
    except re.error as exc:
        return f"not a valid regular expression: {exc.msg} (at character {exc.pos})"
    if compiled.search("") or compiled.search(" "):
        return "this pattern matches every message (everything in it is optional)"
    return None


_MAX_HEADS = 400  # a pattern with more possible starts than this is tried on every message


def _heads(items: sre.SubPattern | list, k: int = 2) -> set[str] | None:
    """Every first k characters (or whole shorter match) of what these parsed items match; None: unknown."""
    found = {""}
    for op, av in items:
        ready = {h for h in found if len(h) >= k}
        growing = found - ready
        if not growing:
            break
        item = _item_heads(op, av, k)
        if item is None:
            return None
        found = ready | {(h + i)[:k] for h in growing for i in item}
        if len(found) > _MAX_HEADS:
            return None
    return found


def _item_heads(op: object, av: object, k: int) -> set[str] | None:
    if op is sre.LITERAL:
        return {chr(av)}
    if op is sre.IN:
        chars: set[str] = set()
        for o, a in av:
            if o is sre.LITERAL:
                chars.add(chr(a))
            elif o is sre.RANGE and a[1] - a[0] < 64:
                chars.update(map(chr, range(a[0], a[1] + 1)))
            else:
                return None
        return chars
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return {""}
    if op is sre.SUBPATTERN:
        return _heads(av[3], k)
    if op is sre.BRANCH:
        branches = [_heads(b, k) for b in av[1]]
        return None if any(b is None for b in branches) else set().union(*branches)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, high, sub = av
        once = _heads(sub, k)
        if once is None:
            return None
        out, current = ({""} if low == 0 else set()), {""}
        for n in range(1, min(high, k) + 1):
            current = {(h + o)[:k] for h in current for o in once}
            if n >= low:
                out |= current
        return out if low <= k else {h for h in current if len(h) >= k} or None
    return None


class _Matcher:
    """The patterns of one view, indexed by the two characters a match starts with, compiled when first needed.

    Parsing every pattern for its index is most of the first message's cost; compiling only the patterns
    a message could match keeps the rest of that cost for later messages.
    """

    def __init__(self, patterns: Iterable[str], words: bool) -> None:
        self.words = words
        # Three characters for words: two ("he", "me", "t ") start half the English patterns.
        self.size = 3 if words else 2
        self.sources: list[str] = []
        self.compiled: list[re.Pattern[str] | None] = []
        self.index: dict[str, list[int]] = {}  # two characters (or a whole one-character match) -> patterns
        self.always: list[int] = []
        for p in patterns:
            if not isinstance(p, str) or not p.strip() or is_words_pattern(p) != words:
                continue
            regex = _regex(p)
            try:
                heads = _heads(sre.parse(regex), self.size)
            except re.error:  # `tsunagu check` names it; the intake skips it rather than fail a message
                continue
            if heads is not None and "" in heads:  # it could match nothing, so every message: skipped too
                continue
            for h in heads or ():
                self.index.setdefault(h, []).append(len(self.sources))
            if heads is None:
                self.always.append(len(self.sources))
            self.sources.append(regex)
            self.compiled.append(None)
        self.lengths = sorted({len(h) for h in self.index})

    def candidates(self, text: str) -> list[re.Pattern[str]]:
        """The patterns that can match somewhere in this text, judged by its pairs of characters."""
        index = self.index
        chosen = set(self.always)
        # Runs of `size` characters, and of the shorter lengths a whole short pattern has (od, sos).
        keys = {text[i:i + n] for n in self.lengths for i in range(len(text) - n + 1)}
        for key in keys:
            if key in index:
                chosen.update(index[key])
        out = []
        for i in sorted(chosen):
            compiled = self.compiled[i]
            if compiled is None:
                compiled = self.compiled[i] = re.compile(self.sources[i])
            out.append(compiled)
        return out

    def matches(self, text: str) -> Iterator[re.Match[str]]:
        """Every match of every candidate pattern (words: starting at a word start)."""
        for pattern in self.candidates(text):
            for m in pattern.finditer(text):
                if not self.words or m.start() == 0 or text[m.start() - 1] == " ":
                    yield m


def _hit(found: _Matcher, unless: _Matcher, text: str) -> bool:
    if not text:
        return False
    for pattern in found.candidates(text):
        if pattern.search(text) is None:
            continue
        for m in pattern.finditer(text):
            if found.words and m.start() and text[m.start() - 1] != " ":
                continue
            if not any(e.start() <= m.start() and e.end() >= m.end() for e in unless.matches(text)):
                return True
    return False


class Patterns(NamedTuple):
    """Emergency patterns, their exceptions, and whole-message deletion requests (regular expressions)."""

    emergency: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    deletion: tuple[str, ...] = ()


def _whole(patterns: Iterable[str], words: bool) -> re.Pattern[str] | None:
    chosen = [_regex(p) for p in patterns if is_words_pattern(p) == words and pattern_problem(p) is None]
    return re.compile("|".join(f"(?:{r})" for r in chosen)) if chosen else None


class Detector:
    """Compiled patterns: `is_emergency(text)` and `is_deletion(text)`."""

    def __init__(self, patterns: Patterns) -> None:
        self.kana = _Matcher(patterns.emergency, words=False)
        self.kana_unless = _Matcher(patterns.exceptions, words=False)
        self.words = _Matcher(patterns.emergency, words=True)
        self.words_unless = _Matcher(patterns.exceptions, words=True)
        self.delete_kana = _whole(patterns.deletion, words=False)
        self.delete_words = _whole(patterns.deletion, words=True)

    def is_emergency(self, text: str) -> bool:
        """True when the message says she is in danger, wants to die, or is harming herself."""
        return self._emergency(fold(text))

    def is_deletion(self, text: str) -> bool:
        """True when the whole message asks for her records to be deleted (削除して, delete my data, ...)."""
        return self._deletion(fold(text))

    def classify(self, text: str) -> str | None:
        """"deletion", "emergency" or None, folding the message once (a deletion request is asked first)."""
        f = fold(text)
        return "deletion" if self._deletion(f) else "emergency" if self._emergency(f) else None

    def _emergency(self, f: Folded) -> bool:
        # romaji last: it is made only when needed (most messages with Latin letters are English)
        return (_hit(self.kana, self.kana_unless, f.kana) or _hit(self.words, self.words_unless, f.words)
                or _hit(self.kana, self.kana_unless, f.romaji))

    def _deletion(self, f: Folded) -> bool:
        kana, words = self.delete_kana, self.delete_words
        return bool((kana and (kana.fullmatch(f.kana) or (f.words and kana.fullmatch(f.romaji))))
                    or (words and f.words and words.fullmatch(f.words)))


def catalogue_patterns() -> Patterns:
    """The detection patterns of every catalogue language: a person may write in any of them."""
    from tsunagu.catalog import languages, section

    merged: dict[str, list[str]] = {"emergency": [], "exceptions": [], "deletion": []}
    for lang in languages():
        data = section(lang, "detection")
        for key, found in merged.items():
            found.extend(data.get(key, []))
    return Patterns(**{k: tuple(v) for k, v in merged.items()})


@functools.cache
def detector(emergency: tuple[str, ...] = (), exceptions: tuple[str, ...] = ()) -> Detector:
    """The catalogue's detector plus a ward's own emergency patterns and exceptions (compiled once each)."""
    base = catalogue_patterns()
    return Detector(Patterns(base.emergency + emergency, base.exceptions + exceptions, base.deletion))
