"""Readings (ルビ) over easy Japanese's key words: the runs, the page annotation, and that every kanji
easy Japanese shows in the shipped catalogues and programmes has its reading (the 2020 guideline)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from tsunagu.catalog import section
from tsunagu.domain import ruby

REPO = Path(__file__).resolve().parents[2]
KANJI = re.compile(r"[\u3400-\u9fff々]")
TABLE = {"相談": "そうだん", "相談員": "そうだんいん", "守る": "まもる", "お金": "おかね", "子ども": "こども"}
# Set as they are: the trademark notice is DENSO WAVE's wording, the stamp marks a proof.
AS_WRITTEN = {"trademark", "sample"}


@given(st.lists(st.sampled_from(["相談", "相談員", "守る", "お金", "子ども", "の ", "が", "金", "守", "<b>", " "]),
                max_size=12).map("".join))
def test_runs_join_back_to_the_text_and_read_only_listed_words(text):
    runs = ruby.runs(text, TABLE)
    assert "".join(r.text for r in runs) == text
    for r in runs:
        if r.reading:
            assert KANJI.search(r.text) and not re.search(r"[ぁ-ゖ]", r.text)  # the kanji only, never okurigana


def test_longest_word_wins_and_okurigana_stay_outside_the_reading():
    runs = ruby.runs("相談員が お金を 守る", TABLE)
    read = [(r.text, r.reading) for r in runs if r.reading]
    assert read == [("相談員", "そうだんいん"), ("金", "かね"), ("守", "まも")]
    assert ruby.html("子どもと <相談>", TABLE) == (
        "<ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>どもと &lt;"
        "<ruby>相談<rp>(</rp><rt>そうだん</rt><rp>)</rp></ruby>&gt;")


def test_a_page_gets_readings_in_its_running_text_only():
    page = ('<html><head><title>相談</title><meta content="相談"></head><body><a href="/相談/" title="相談">相談</a>'
            '<script>var s = "相談";</script><ruby>相談<rt>そうだん</rt></ruby><p>相談員</p></body></html>')
    out = ruby.annotate_page(page, TABLE)
    assert "<title>相談</title>" in out and 'content="相談"' in out and 'href="/相談/" title="相談"' in out
    assert 'var s = "相談";' in out and "<ruby>相談<rt>そうだん</rt></ruby>" in out  # left as they were
    assert '<a href="/相談/" title="相談"><ruby>相談<rp>(</rp><rt>そうだん</rt>' in out
    assert "<p><ruby>相談員<rp>(</rp><rt>そうだんいん</rt><rp>)</rp></ruby></p>" in out
    assert ruby.annotate_page(page, {}) == page


def _strings(value, key=""):
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, key)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, str(k))


def _easy_values(value, path=""):
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "ja-easy" and isinstance(v, str):
                yield path, v
            else:
                yield from _easy_values(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _easy_values(v, f"{path}[{i}]")


def _unread(text, table):
    return "".join(KANJI.findall("".join(r.text for r in ruby.runs(text, table) if not r.reading)))


def test_every_kanji_easy_japanese_shows_has_its_reading():
    table = ruby.readings("ja-easy")
    assert table and all(KANJI.search(word) and not KANJI.search(reading) for word, reading in table.items())
    missing = [f"catalog/ja-easy/{name}.yml: {key}: {_unread(text, table)} in {text!r}"
               for name in ("print", "portal", "topics") for key, text in _strings(section("ja-easy", name))
               if key not in AS_WRITTEN and _unread(text, table)]
    for path in sorted((REPO / "programs").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        missing += [f"{path.name}: {where}: {_unread(text, table)} in {text!r}"
                    for where, text in _easy_values(data) if _unread(text, table)]
    assert not missing, "add each word to catalog/ja-easy/readings.yml:\n" + "\n".join(missing)


def test_easy_japanese_writes_its_key_words_in_kanji_not_all_hiragana():
    """The guideline's point: 相談 with its reading, not そうだん (the junior-high card was all hiragana)."""
    for name in ("print", "portal"):
        texts = " ".join(text for _, text in _strings(section("ja-easy", name)))
        assert "相談" in texts and "そうだん" not in texts.replace("相談", ""), name
