"""The labelled emergency corpus itself, not the detector: shape, coverage, and every example issue 11 names."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from support.corpus import (
    BENIGN_CATEGORIES,
    CORPUS_DIR,
    DISTRESS_CATEGORIES,
    LANGS,
    CorpusEntry,
    CorpusError,
    load_corpus,
)

# Issue 11 names these as missed (they must alert) ...
ISSUE_11_DISTRESS = (
    "死にたぃ", "ｼﾆﾀｨ", "死にたくなる", "死にたかった", "消えたくなる", "ころされそう", "首を吊りたい",
    "飛び下りたい", "し・に・た・い", "死😭に😭た😭い", "しにたーい", "タヒにたい", "消えてしまいたい",
    "生きていたくない", "ODした", "手首を切った", "shinitai", "i wanna die", "kms",
)
# ... and these as falsely alerted (they must not).
ISSUE_11_BENIGN = (
    "わたしにたいして", "わたしのうちにきてね", "アリスかわいい", "hit me up later", "our team is unbeaten",
    "助けてくれてありがとう", "死ぬほど笑った",
)
# Issue 11's invisible characters "other than U+200B inside a word", plus U+200B itself.
INVISIBLE = ("\u200d", "\ufeff", "\u2060", "\u00ad", "\u200b")


@pytest.fixture(scope="module")
def corpus() -> list[CorpusEntry]:
    """The shipped corpus, loaded once for this module."""
    return load_corpus()


def test_each_file_holds_at_least_300_texts(corpus):
    labels = Counter(entry.distress for entry in corpus)
    assert labels[True] >= 300
    assert labels[False] >= 300


def test_every_category_is_used_and_has_at_least_20_texts(corpus):
    counts = Counter((entry.distress, entry.category) for entry in corpus)
    expected = {(True, c) for c in DISTRESS_CATEGORIES} | {(False, c) for c in BENIGN_CATEGORIES}
    assert set(counts) == expected
    assert {key: n for key, n in counts.items() if n < 20} == {}


@pytest.mark.parametrize("distress", [True, False], ids=["distress", "benign"])
def test_every_language_appears(corpus, distress):
    assert {entry.lang for entry in corpus if entry.distress is distress} == set(LANGS)


def test_no_text_appears_twice_within_or_across_files(corpus):
    counts = Counter(entry.text.strip() for entry in corpus)
    assert [text for text, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("text", ISSUE_11_DISTRESS)
def test_issue_11_distress_example_is_labelled_distress(corpus, text):
    assert [entry.distress for entry in corpus if entry.text == text] == [True]


@pytest.mark.parametrize("text", ISSUE_11_BENIGN)
def test_issue_11_benign_example_is_labelled_benign(corpus, text):
    assert [entry.distress for entry in corpus if entry.text == text] == [False]


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_character_sits_inside_a_distress_word(corpus, char):
    assert any(_between_letters(entry.text, char) for entry in corpus if entry.distress)


def test_benign_texts_also_carry_invisible_characters_and_emoji(corpus):
    benign = "".join(entry.text for entry in corpus if not entry.distress)
    assert any(unicodedata.category(ch) == "Cf" for ch in benign)
    assert any(unicodedata.category(ch) == "So" and ord(ch) > 0xFFFF for ch in benign)


@pytest.mark.parametrize("name", ["distress.yml", "benign.yml"])
def test_invisible_characters_are_written_as_escapes(name):
    raw = (CORPUS_DIR / name).read_text(encoding="utf-8")
    hidden = [f"line {n}: U+{ord(ch):04X}" for n, line in enumerate(raw.splitlines(), 1) for ch in line
              if unicodedata.category(ch) == "Cf" or 0xFE00 <= ord(ch) <= 0xFE0F or ch == "\u3000"]
    assert hidden == []


def test_a_bad_entry_is_reported_with_file_line_and_field(tmp_path: Path):
    (tmp_path / "distress.yml").write_text(
        '- {text: "死にたい", category: suicidal, lang: ja}\n- {text: "つらい", category: sadness, lang: ja}\n',
        encoding="utf-8")
    (tmp_path / "benign.yml").write_text("[]\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"distress\.yml:2: category 'sadness' is not one of suicidal"):
        load_corpus(tmp_path)


def test_a_distress_category_in_the_benign_file_is_rejected(tmp_path: Path):
    (tmp_path / "distress.yml").write_text("[]\n", encoding="utf-8")
    (tmp_path / "benign.yml").write_text('- {text: "助けて", category: help, lang: ja}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"benign\.yml:1: category 'help'"):
        load_corpus(tmp_path)


def _between_letters(text: str, char: str) -> bool:
    return any(text[i - 1].isalnum() and text[i + 1].isalnum()
               for i in range(1, len(text) - 1) if text[i] == char)
