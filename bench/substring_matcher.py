"""The substring matcher tsunagu used before issue 11, frozen so bench_detection.py can run it side by side.

Not used by tsunagu. Its word lists were the catalogues' `emergency_words` and `deletion_words`
(ja, en, ja-easy) at the time; they are copied below as they were.

The original module docstring:

    Emergency and deletion words, matched the way people type them on a phone.

    Text is folded before matching: NFKC (half-width ｼﾆﾀｲ becomes シニタイ, full-width letters become
    ASCII), katakana to hiragana (シニタイ becomes しにたい), case folded, every space removed. So 死にたい,
    しにたい, シニタイ, ｼﾆﾀｲ and し に た い all match a list that says 死にたい and しにたい. The words
    themselves live in the message catalogues (intake.yml, per language); the text is never kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Katakana ァ (U+30A1) .. ヶ (U+30F6) sit exactly 0x60 above their hiragana; ヷ-ヺ have none.
_KATAKANA_TO_HIRAGANA = {c: c - 0x60 for c in range(0x30A1, 0x30F7)}
_SPACES = re.compile(r"[\s\u200b\u3000]+")


def fold(text: str) -> str:
    """The form both words and messages are compared in: NFKC, hiragana, case folded, no spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_KATAKANA_TO_HIRAGANA).casefold()
    return _SPACES.sub("", text)


@dataclass(frozen=True)
class WordList:
    """Folded emergency words (found anywhere in a message) and deletion words (the whole message)."""

    emergency: tuple[str, ...]
    deletion: frozenset[str]

    @classmethod
    def of(cls, emergency: Iterable[str], deletion: Iterable[str]) -> WordList:
        """Fold the configured words once, dropping any that fold to nothing."""
        folded = {fold(w) for w in emergency} - {""}
        # Longest first is not needed for a yes/no answer; sorted keeps the tuple stable for tests.
        return cls(tuple(sorted(folded)), frozenset(fold(w) for w in deletion) - {""})

    def is_emergency(self, text: str) -> bool:
        """True when the folded message contains any emergency word."""
        folded = fold(text)
        return any(w in folded for w in self.emergency)

    def is_deletion(self, text: str) -> bool:
        """True when the whole message, folded and without trailing punctuation, is a deletion word."""
        return fold(text).rstrip("。.!！") in self.deletion


EMERGENCY_WORDS = (
    "死にたい", "しにたい", "死のう", "しのう", "消えたい", "きえたい", "自殺", "じさつ", "殺される", "ころされる",
    "殺されそう", "助けて", "たすけて", "殴られ", "なぐられ", "暴力をふるわれ", "逃げたい", "にげたい", "首をつ",
    "リスカ", "飛び降り", "とびおり",  # ja
    "kill myself", "want to die", "suicide", "end my life", "help me", "going to kill me", "hit me", "beaten",  # en
    "しにたい", "きえたい", "ころされる", "たすけて", "なぐられる", "にげたい",  # ja-easy
)
DELETION_WORDS = ("削除", "さくじょ", "記録を削除", "記録削除", "DELETE",  # ja
                  "DELETE", "delete my data", "erase",  # en
                  "さくじょ", "けして")  # ja-easy


def old_matcher() -> WordList:
    """The old matcher with the old catalogue words."""
    return WordList.of(EMERGENCY_WORDS, DELETION_WORDS)
