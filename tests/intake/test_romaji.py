"""Romaji read as kana (tsunagu.domain.intake.romaji): laughter in Latin letters stays as it is written."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tsunagu.domain.intake.romaji import to_kana

SYLLABLES = ["shi", "ni", "ta", "i", "ko", "ro", "su", "ka", "wa", "ne", "n", "tte", "mo", "u"]


def test_romaji_words_are_read_as_kana():
    assert to_kana("shinitai") == "しにたい"
    assert to_kana("watashi wa") == "わたし わ"


@given(st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=6), st.sampled_from(["w", "ww", "wwww", "lol"]))
def test_laughter_after_a_word_is_kept_and_the_word_is_read_the_same(syllables, laugh):
    word = "".join(syllables)
    for joint in (" ", "、", "死"):
        assert to_kana(f"{word}{joint}{laugh}") == f"{to_kana(word)}{joint}{laugh}"
