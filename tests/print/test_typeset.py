"""Kinsoku line breaking, phrase balancing and shrink-to-fit, on plain character widths (no font needed)."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from tsunagu.makers.drawing.typeset import NO_END, NO_START, balance, fit, phrase_bounds, wrap


def width(text):
    return sum(2 if ord(c) >= 0x2E80 else 1 for c in text)


JAPANESE = st.text(alphabet=st.sampled_from(list("相談待ってます自分家族仕事のこと、。（）「」ー・ゃっ ABC12")),
                   min_size=1, max_size=80)


@settings(max_examples=200, deadline=None)
@given(JAPANESE, st.integers(min_value=12, max_value=40), st.booleans())
def test_lines_fit_keep_every_character_and_respect_kinsoku(text, box, prefer_spaces):
    lines = wrap(text, box, width, prefer_spaces)
    if lines is None:
        return  # an unbreakable run wider than the box: the caller shrinks or fails
    assert all(width(line) <= box for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for before, after in itertools.pairwise(lines):
        assert after[0] not in NO_START, (before, after)
        assert before[-1] not in NO_END, (before, after)


def test_no_single_character_or_lone_punctuation_on_the_last_line():
    lines = wrap("相談は秘密を守ります。", 20, width)
    assert lines == ["相談は秘密を", "守ります。"]


def test_lines_break_between_phrases_not_inside_words():
    # The review found お｜金, 恋｜人, ハ｜ラスメント and さ｜びしさ: each word now stays whole.
    text = "お金や恋人のこと、ハラスメント、さびしさ"
    widest = max(width(p) for p in ("お金や", "恋人の", "こと、", "ハラスメント、", "さびしさ"))
    for box in range(widest, 40):  # every phrase fits a line: no break may fall inside one
        lines = wrap(text, box, width)
        at = 0
        for line in lines[:-1]:
            at = text.index(line, at) + len(line)
            assert at in phrase_bounds(text), (box, lines)
    assert wrap("ハラスメント、さびしさ", 4, width)  # a phrase wider than the line still breaks, by character


def test_closing_punctuation_never_starts_a_line():
    lines = wrap("自分自身のこと、家族のこと", 14, width)
    assert lines[1][0] != "、" and all(width(line) <= 14 for line in lines)


def test_spaced_text_breaks_at_spaces():
    assert wrap("ひみつは まもります なまえは いりません", 24, width, prefer_spaces=True) == [
        "ひみつは まもります", "なまえは いりません"]


def test_too_long_text_shrinks_then_gives_up():
    measure_at = lambda size: (lambda s: width(s) * size)  # noqa: E731
    got = fit("相談待ってます", 70, 20, (10.0, 4.0), measure_at, max_lines=1)
    assert got is not None and got.size == 5.0 and got.lines == ("相談待ってます",)
    assert fit("相談待ってます" * 4, 70, 20, (10.0, 4.0), measure_at, max_lines=1) is None


@settings(max_examples=200, deadline=None)
@given(JAPANESE, st.integers(min_value=4, max_value=40))
def test_balanced_lines_keep_every_character_break_after_a_phrase_and_respect_kinsoku(text, box):
    lines = balance(text.strip(), box, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert len(lines) <= 2
    if len(lines) == 2:
        before, after = lines
        assert width(text.strip()) > box
        assert after[0] not in NO_START and before[-1] not in NO_END
        whole = text.strip()
        assert len(before) in phrase_bounds(whole) or whole[len(before)] in " 　"


def test_a_label_breaks_after_its_phrase_into_even_lines():
    assert balance("電話・面談で話したい", 14, width) == ["電話・面談で", "話したい"]
    assert balance("電話・面談で話したい", 20, width) == ["電話・面談で話したい"]
    assert balance("Counselling hours", 12, width) == ["Counselling", "hours"]
    assert balance("相談できる時間", 6, width, max_lines=1) == ["相談できる時間"]
