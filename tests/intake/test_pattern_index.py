"""The pattern index finds every match a plain scan finds: in short messages and in long ones, where each
pattern is tried only where one of its keys occurs (tsunagu.domain.intake.pattern_index)."""

from __future__ import annotations

import functools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.corpus_v2 import load

from tsunagu.domain.intake.detection import Detector, detector
from tsunagu.domain.intake.folding import fold
from tsunagu.domain.intake.lexicon import catalogue_lexicon
from tsunagu.domain.intake.pattern_index import (
    LONG_TEXT,
    PatternIndex,
    _needs,
    _places,
    _unpacked,
    heads_table,
    needs_table,
    shipped_heads,
    shipped_needs,
)

MESSAGES = sorted({m for e in load() for m in e.messages})


def scanned(index: PatternIndex, text: str) -> list[tuple[int, int, int]]:
    """Every pattern's matches without the index, what `numbered` must give: a kana pattern's by a plain
    scan of the whole text, a words pattern's by a plain scan that lets a match start only at a word start
    (the start of the text or after a space), one match never inside another."""
    return sorted((i, m.start(), m.end()) for i, plain in enumerate(_plain(index)) for m in plain.finditer(text))


@functools.cache
def _plain(index: PatternIndex) -> list[re.Pattern[str]]:
    """The index's patterns compiled once for the plain scan: more of them than the `re` module's cache
    holds (512), so `re.finditer(source, ...)` compiled every pattern again for every message."""
    return [re.compile(source if not index.words else f"(?<![^ ])(?:{source})") for source in index.sources]


def indexed(index: PatternIndex, text: str) -> list[tuple[int, int, int]]:
    return sorted((i, m.start(), m.end()) for i, m in index.numbered(text))


@pytest.mark.parametrize("view", ["kana", "words"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picked=st.lists(st.sampled_from(MESSAGES), min_size=8, max_size=60), repeat=st.integers(1, 6),
       between=st.sampled_from(["", " ", "。"]))
def test_a_long_message_meets_the_same_matches_as_a_plain_scan(view, picked, repeat, between):
    judge = detector()
    index = judge.kana if view == "kana" else judge.words
    folded = fold(between.join(picked) * repeat)
    text = folded.kana if view == "kana" else folded.words
    assert indexed(index, text) == scanned(index, text)


@pytest.mark.parametrize("view", ["kana", "words"])
def test_every_corpus_message_meets_the_same_matches_as_a_plain_scan(view):
    judge = detector()
    index = judge.kana if view == "kana" else judge.words
    for message in MESSAGES:
        folded = fold(message)
        text = folded.kana if view == "kana" else folded.words
        assert indexed(index, text) == scanned(index, text), message


def test_every_kana_index_meets_the_same_matches_as_a_plain_scan_in_every_short_message():
    """Short messages are scanned whole, but only by the patterns that the pairs of letters in them pick
    (`PatternIndex._short_index`): the exceptions, the context triggers, the weak signals and the firm
    words as well as the emergencies (the test above), in every view the detector reads (romaji too)."""
    judge = detector()
    kana = [index for index in judge.indexes() if not index.words and index is not judge.kana]  # (kana: above)
    for message in MESSAGES:
        folded = fold(message)
        for text in {folded.kana, folded.romaji}:
            if text and len(text) <= LONG_TEXT:
                for index in kana:
                    assert indexed(index, text) == scanned(index, text), message


@settings(max_examples=60, deadline=None)
@given(picked=st.lists(st.sampled_from(MESSAGES), min_size=1, max_size=4), cut=st.integers(0, LONG_TEXT),
       inserted=st.text(alphabet="あいしたにをが死殺叩元夫ww", max_size=6))
def test_a_short_message_meets_the_same_matches_as_a_plain_scan(picked, cut, inserted):
    judge = detector()
    text = fold(inserted.join(picked)).kana[:cut]
    for index in (judge.kana, judge.kana_unless, judge.context_kana.index, judge.weak_kana):
        assert indexed(index, text) == scanned(index, text)


def test_a_short_message_does_not_try_a_pattern_whose_letters_it_lacks():
    """A pattern that starts with a letter nearly every message holds (男, 元) is tried only on a message that
    holds a pair of letters its match must hold (待ち伏せ): it is not even compiled for one that does not."""
    index = PatternIndex(["(元彼|男)(が)?.{0,10}(待ち伏せ|まちぶせ)"], words=False)
    assert list(index.numbered("男が来たので元彼に会いました")) == []
    assert index.compiled == [None]
    assert [m.group() for _, m in index.numbered("男が家の前で待ち伏せしてる")] == ["男が家の前で待ち伏せ"]


def test_a_pattern_whose_second_letter_is_any_letter_is_indexed_by_its_first():
    index = PatternIndex(["子.{0,3}叩", "ab"], words=False)
    assert index.always == []  # it was tried on every message when only pairs of letters were keys
    assert [index.sources[i] for i, _ in index.numbered("うちの子をまた叩" + "あ" * LONG_TEXT)] == ["子.{0,3}叩"]
    assert list(index.numbered("あいう" * 200)) == []


def test_the_shipped_heads_are_what_the_parser_reads_from_every_catalogue_pattern():
    """tsunagu/data/pattern_heads.json spares the first message the parse; a stale or wrong entry would
    skip a pattern where it matches. Run scripts/catalogues after editing a catalogue."""
    assert shipped_heads() == heads_table(Detector(catalogue_lexicon()).indexes())


def test_the_shipped_needs_are_what_the_parser_reads_from_every_catalogue_pattern():
    """tsunagu/data/pattern_needs.json spares a container's first long message the reading of what each
    pattern's match must hold; a stale or wrong entry would skip a pattern where it matches. Run
    scripts/catalogues after editing a catalogue."""
    indexes = Detector(catalogue_lexicon()).indexes()
    assert shipped_needs() == needs_table(indexes)
    some = [r for index in indexes if not index.words for r in index.sources][::50]
    assert all(_unpacked(shipped_needs()[r]) == _needs(r) for r in some)


def test_the_shipped_regexes_are_every_catalogue_pattern_folded_afresh():
    """tsunagu/data/pattern_regexes.json spares the first message the folding; a stale entry would match a
    pattern as it was written before. Run scripts/catalogues after editing a catalogue."""
    from tsunagu.domain.intake.pattern_regex import regex_table, shipped_regexes

    shipped = shipped_regexes()
    assert shipped == regex_table(catalogue_lexicon())
    # Every pattern an index of the detector holds was found in the table (none folded on the first message).
    given = {r for index in Detector(catalogue_lexicon()).indexes() for r in index.given}
    assert given <= set(shipped.values())


def test_a_pattern_the_engine_refuses_matches_nowhere_and_fails_no_message():
    index = PatternIndex(["(?<=a+)b", "b"], words=False)  # a look-behind of no fixed width: the parser reads it
    assert index.sources == ["(?<=a+)b", "b"]
    assert [(index.sources[i], m.group()) for i, m in index.numbered("aab")] == [("b", "b")]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="あいしたaｗw ", max_size=60),
       head=st.sampled_from(["し", "した", "ああ", "あ", "ww", "しあし", "a w", "あいあ"]))
def test_a_keys_places_are_every_place_it_occurs_overlapping_ones_too(text, head):
    assert _places(text, head) == [i for i in range(len(text)) if text.startswith(head, i)]
