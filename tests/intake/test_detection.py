"""Emergency and deletion detection: the corpus figures, every example of issue 11, and typing noise."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.corpus import BENIGN_CATEGORIES, DISTRESS_CATEGORIES, load_corpus

from tsunagu.domain.intake.detection import Detector, Patterns, detector
from tsunagu.domain.intake.folding import fold, in_kana, without
from tsunagu.domain.intake.pattern_regex import pattern_problem
from tsunagu.entry.cli import main
from tsunagu.makers.sources.catalogue_patterns import catalogue_pattern_problems, pattern_file_problems

MIN_RECALL = 0.95
MAX_FALSE_ALERTS = 0.05
CORPUS = load_corpus()
DISTRESS = [e.text for e in CORPUS if e.distress]


def test_corpus_recall_and_false_alerts_per_category(capsys):
    found = detector()
    alerted: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for entry in CORPUS:
        total[entry.category] += 1
        alerted[entry.category] += found.is_emergency(entry.text)
    rows = [f"{'category':<16} {'texts':>5}  {'recall':>6}  {'false alerts':>12}"]
    rows += [f"{c:<16} {total[c]:>5}  {alerted[c] / total[c]:>6.3f}  {'':>12}" for c in DISTRESS_CATEGORIES]
    rows += [f"{c:<16} {total[c]:>5}  {'':>6}  {alerted[c] / total[c]:>12.3f}" for c in BENIGN_CATEGORIES]
    distress = sum(total[c] for c in DISTRESS_CATEGORIES)
    benign = sum(total[c] for c in BENIGN_CATEGORIES)
    recall = sum(alerted[c] for c in DISTRESS_CATEGORIES) / distress
    false_alerts = sum(alerted[c] for c in BENIGN_CATEGORIES) / benign
    rows.append(f"{'all distress':<16} {distress:>5}  {recall:>6.3f}")
    rows.append(f"{'all benign':<16} {benign:>5}  {'':>6}  {false_alerts:>12.3f}")
    with capsys.disabled():
        print("\nemergency detection on tests/intake/corpus\n" + "\n".join(rows))
    missed = [e.text for e in CORPUS if e.distress and not found.is_emergency(e.text)]
    wrong = [e.text for e in CORPUS if not e.distress and found.is_emergency(e.text)]
    assert recall >= MIN_RECALL, f"recall {recall:.3f} < {MIN_RECALL}; missed: {missed}"
    assert false_alerts <= MAX_FALSE_ALERTS, f"false alerts {false_alerts:.3f} > {MAX_FALSE_ALERTS}: {wrong}"


ISSUE_11_DISTRESS = [
    "死にたぃ", "ｼﾆﾀｨ", "死にたくなる", "死にたかった", "消えたくなる", "ころされそう", "首を吊りたい", "飛び下りたい",
    "死\u200dにたい", "死に\ufeffたい", "死にた\u2060い", "消え\u00adたい", "し・に・た・い", "死😭に😭た😭い",
    "しにたーい", "タヒにたい", "消えてしまいたい", "生きていたくない", "ODした", "手首を切った", "shinitai",
    "i wanna die", "kms",
]
ISSUE_11_BENIGN = ["わたしにたいして", "わたしのうちにきてね", "アリスかわいい", "hit me up later",
                   "our team is unbeaten", "助けてくれてありがとう", "死ぬほど笑った"]


@pytest.mark.parametrize("text", ISSUE_11_DISTRESS)
def test_every_missed_example_of_issue_11_alerts(text):
    assert detector().is_emergency(text)


@pytest.mark.parametrize("text", ISSUE_11_BENIGN)
def test_every_false_alert_of_issue_11_is_gone(text):
    assert not detector().is_emergency(text)


# The kana view joins a message's letters without spaces, so a Latin word a catalogue lists for Japanese or
# Korean text (gps) once matched inside English words: "studyin(g ps)ychology", "readin(g ps)" (tenth session,
# an h_ round dev chat). Latin words in the kana view now stand apart from other Latin letters.
@pytest.mark.parametrize("text", ["I'm studying psychology", "big psychology exam tomorrow",
                                  "thanks for reading ps i love you", "ring psychology"])
def test_a_latin_word_of_the_kana_view_never_matches_inside_english_words(text):
    assert not detector().is_emergency(text)


@pytest.mark.parametrize("text", ["車にGPSついてた", "차에 gps 달려 있었어요", "元夫にGPSつけられてた"])
def test_the_same_word_still_reads_in_japanese_and_korean(text):
    assert detector().is_emergency(text)


def test_a_distress_phrase_after_an_excepted_one_still_alerts():
    assert detector().is_emergency("わたしにたいして ひどいことばかり。もう しにたい")
    assert detector().is_emergency("hit me up later. actually he hits me every night")


# Seventeenth session: an everyday exception reads its own sentence as everyday, not the whole message. Until then
# it kept the model from alerting on any message it matched, so danger that only the model reads, told beside a
# dose for a headache or a cat's scratches, got the ordinary reply. A battery of our own: each everyday sentence
# matches an exception, each danger sentence alerts from the model alone (no pattern names it).
EXCEPTED_SENTENCES = ["頭痛がひどくてロキソニンを2錠飲みました。", "物干しロープが切れちゃった。",
                      "猫の爪で腕が傷だらけです。", "二日酔いで頭が痛いです。", "朝が早いのでもう寝ます。",
                      "今日は一人で過ごしたいです。", "お茶は全部飲みました。", "キャンプ用にロープ買ってきた。",
                      "蚊に刺されたとこ、血が出るまでかいちゃった。",
                      "took 2 advil for my headache.", "bought some rope for my camping trip.",
                      "cut my finger while cooking dinner.", "hit my knee on the table by accident.",
                      "my cat is hiding under the bed again."]
DANGER_ONLY_THE_MODEL_READS = {
    "ja": ["もう何もかもどうでもよくなってしまいました。", "誰にも迷惑をかけない方法をずっと考えています。",
           "ここから飛んだら楽かなって思ってしまう。", "みんな私のことなんて忘れてくれればいい。"],
    "en": ["i dont see the point in any of this anymore.", "nothing matters anymore and i am so tired of trying.",
           "i keep thinking everyone would forget me soon enough.",
           "i dont think anyone would miss me if i was gone."],
}
EVERYDAY_SENTENCES = {
    "ja": ["明日は仕事なので早めに休みます。", "週末は友達とカフェに行く予定です。",
           "最近はドラマを見るのが楽しみです。",
           "来週から新しいバイトが始まります。", "今日は久しぶりに晴れて気持ちよかったです。"],
    "en": ["going to bed early because work starts at seven.", "my friend and i are going to the cafe this weekend.",
           "i started watching a new drama and it is really good.", "the new part time job starts next week.",
           "it was finally sunny today and i went for a walk."],
}


def _language(sentence: str) -> str:
    return "en" if sentence.isascii() else "ja"


@pytest.mark.parametrize("everyday", EXCEPTED_SENTENCES)
def test_danger_only_the_model_reads_alerts_beside_an_everyday_exception(everyday):
    judge = detector()
    language = _language(everyday)
    assert judge._unexcepted(fold(everyday)).kana == "", f"no exception covers {everyday!r}"
    assert not judge.is_emergency(everyday)
    for danger in DANGER_ONLY_THE_MODEL_READS[language]:
        assert judge.assess(danger).level == "emergency" and judge.assess(danger).category is None, danger
        for text in (f"{everyday} {danger}", f"{danger} {everyday}"):
            assert judge.assess(text).level == "emergency", text


@pytest.mark.parametrize("everyday", EXCEPTED_SENTENCES)
def test_everyday_sentences_beside_an_exception_still_do_not_alert(everyday):
    judge = detector()
    for other in EVERYDAY_SENTENCES[_language(everyday)]:
        assert not judge.is_emergency(other), other
        for text in (f"{everyday} {other}", f"{other} {everyday}"):
            assert not judge.is_emergency(text), text


def test_an_exception_in_a_message_without_sentence_breaks_covers_the_whole_message():
    # A message the views cannot cut into sentences (no 。 or full stop) is one sentence: the exception covers it
    # all, as every exception did before the seventeenth session.
    judge = detector()
    text = "頭痛がひどくてロキソニンを2錠飲みました もう何もかもどうでもよくなってしまいました"
    assert judge._unexcepted(fold(text)).kana == ""
    assert not judge.is_emergency(text)


@pytest.mark.parametrize("text", ["削除して", "削除してください", "削除？", "「削除」", "記録を消して",
                                  "delete my data", "削除", "さくじょ", "サクジョ", "DELETE", "ＤＥＬＥＴＥ",
                                  " 削除 ", "削除。", "Please delete my data."])
def test_deletion_requests_as_people_write_them(text):
    assert detector().is_deletion(text)


@pytest.mark.parametrize("text", ["削除の方法", "deleted", "記録", "写真を削除したら消えた",
                                  "delete my data later maybe"])
def test_messages_that_only_mention_deletion_are_not_requests(text):
    assert not detector().is_deletion(text)


NOISE = st.sampled_from([" ", "　", "\n", "\t", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e",
                         "・", "、", "。", ".", ",", "!", "?", "-", "_", "*", "~", "♡", "★", "😭", "🥺", "❤️", "👍🏻",
                         "🙏", "💔"])


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_typing_noise_between_the_letters_never_changes_the_verdict(data):
    text = data.draw(st.sampled_from(DISTRESS))
    positions = data.draw(st.lists(st.integers(0, len(text)), max_size=6))
    noisy = text
    for at in sorted(positions, reverse=True):
        noisy = noisy[:at] + data.draw(NOISE) + noisy[at:]
    assert detector().is_emergency(noisy) == detector().is_emergency(text)


def test_every_invisible_character_in_unicode_is_ignored_in_every_view():
    invisible = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"]
    invisible += [chr(c) for c in range(0xFE00, 0xFE10)] + [chr(c) for c in range(0xE0100, 0xE01F0)]
    found = detector()
    missed = [f"U+{ord(c):04X}" for c in invisible
              if not (found.is_emergency(f"死{c}にたい") and found.is_emergency(f"i want to k{c}ill myself")
                      and fold(f"k{c}ms").words == "kms")]
    assert missed == []


@pytest.mark.parametrize("text", ["i can pay rent and eat this month", "we went to the rental shop",
                                  "my son ran into a tree house at school"])
def test_english_is_never_read_as_romaji_across_its_words(text):
    """The romaji view runs a message's letters together (rent and → れんたん, the charcoal of a plan), so
    English is not read in it; romaji and the other Latin-letter languages still are."""
    assert not detector().is_emergency(text)


@pytest.mark.parametrize("text", ["rentan katta", "mou shinitai", "kusuri zenbu nonda", "chi ga tomaranai",
                                  "natatakot akong mapalo ko sya ng malakas, di ko na kontrolado sarili ko"])
def test_romaji_and_tagalog_are_still_read_in_the_romaji_view(text):
    assert detector().is_emergency(text)


@pytest.mark.parametrize("text", ["i f ound a gps tracker on my car", "n o w he knows where i live",
                                  "im sleeping in a manga ca fe"])
def test_typing_noise_inside_a_word_makes_no_trigger_that_demotes(text):
    """A demoting trigger of the words view is matched as written (i f is not "if"), its look-arounds spaced
    like the concepts (manga(?! ?cafe) still spares "manga ca fe")."""
    assert detector().is_emergency(text)


def test_demoting_triggers_still_demote_as_written():
    assert detector().assess("i read a manga where she wants to kill herself").level is None
    assert detector().assess("i want to kill myself in that manga i read").level == "review"


def test_folding_makes_the_kana_view_the_same_for_every_spelling():
    spellings = ["死にたい", "死にたぃ", "死にたーい", "死にたぁぁい", "死にたいいい", "死\u00adにたい"]
    views = {fold(t).kana for t in spellings}
    assert views == {"死にたい"}
    assert fold("ｼﾆﾀｨ").kana == fold("シニタイ").kana == "しにたい"
    assert fold("mou shinitai").romaji == "もうしにたい"
    assert fold("I wanna D1E!!!").words == "i wanna die"
    # A digit is a letter in disguise (k1ll, s3x), but not before a number's unit: her child's age stays one.
    assert fold("k1ll my 4yo, s3x at 3am, 30mg").words == "kill my 4yo sex at 3am 30mg"
    assert detector().assess("i want to hit my 4yo so bad rn").category == "child_danger"


@pytest.mark.parametrize(("pattern", "says"), [
    ("", "empty"), ("   ", "empty"), (None, "empty"), ("(死|し", "not a valid regular expression"),
    ("kill (me", "not a valid regular expression"), ("(ア)?", "matches every message"),
    ("死にたい。", "punctuation"), (r"(し)\1", "backreferences"),
])
def test_unusable_patterns_are_explained(pattern, says):
    assert says in pattern_problem(pattern)


def test_shipped_catalogue_patterns_are_all_usable():
    assert catalogue_pattern_problems() == []


def test_a_bad_catalogue_pattern_names_file_and_line(tmp_path):
    path = tmp_path / "detection.yml"
    path.write_text("emergency:\n  - 死にたい\n  - (消|き\nexceptions: []\ndeletion:\n  - ''\n", encoding="utf-8")
    problems = [str(p) for p in pattern_file_problems(path)]
    assert problems[0].startswith(f"{path}:3: emergency[1]: not a valid regular expression")
    assert problems[1].startswith(f"{path}:6: deletion[0]: an empty pattern")


def test_a_bad_split_phrase_names_file_and_line(tmp_path):
    path = tmp_path / "detection.yml"
    path.write_text("emergency:\n  - 死にたい\nexceptions: []\ndeletion: []\nsplit:\n  - 死にたい\n  - し\n  - 3\n",
                    encoding="utf-8")
    problems = [str(p) for p in pattern_file_problems(path)]
    assert problems == [f"{path}:7: split[1]: a split phrase needs at least two letters (it is the words people "
                        "send in pieces)", f"{path}:8: split[2]: write the phrase as text, as people type it"]


def test_a_wards_own_patterns_are_checked_and_used(programs_copy, capsys):
    osaka = programs_copy / "osaka.yml"
    text = osaka.read_text(encoding="utf-8")
    osaka.write_text(text.replace("emergency_patterns: []", 'emergency_patterns: ["(橋|はし", ""]'), encoding="utf-8")
    assert main(["check", "--programs", str(programs_copy)]) == 1
    err = capsys.readouterr().err
    line = next(i for i, row in enumerate(osaka.read_text(encoding="utf-8").splitlines(), 1) if "emergency_pat" in row)
    assert f"{osaka}:{line}: emergency_patterns[0]: not a valid regular expression" in err
    assert "emergency_patterns[1]: an empty pattern" in err
    assert detector(("(もう|)限界です",)).is_emergency("もう限界です")
    assert not detector().is_emergency("もう限界です")
    assert not detector((), ("死にたいほど(眠|ねむ)",)).is_emergency("死にたいほど眠い")


def test_words_patterns_match_whole_words_with_any_spacing():
    found = Detector(Patterns(emergency=("beaten", "kill (me|myself)")))
    assert found.is_emergency("I was beaten") and not found.is_emergency("our team is unbeaten")
    assert found.is_emergency("k i l l   m e") and not found.is_emergency("skill meter")


@pytest.mark.parametrize(("pattern", "matches", "misses"), [
    ("my [1-4] ?year old hit me", "my 3 year old hit me", "my year old hit me"),
    ("(cat|dog) knocked my (pill|pills) ?(box|bottle)?", "the cat knocked my pills", "the cat knocked my phone"),
    ("so (hot|cold),? i m dying", "so hot i m dying", "so i m dying"),
])
def test_a_space_made_optional_in_a_words_pattern_is_only_a_space(pattern, matches, misses):
    """` ?` in a words pattern means an optional space, as written; the words view allows a space between any
    letters already, so it goes, its `?` with it. Until the twenty-second session the `?` stayed and made what
    stood before it optional: an exception for a toddler's slap written "[1-4] ?year old" read any "year old",
    so "my 15 year old son hit me" was everyday."""
    found = Detector(Patterns(emergency=(pattern,)))
    assert found.is_emergency(matches) and not found.is_emergency(misses)


def test_exceptions_are_matched_once_per_text_however_many_hits_they_cover(monkeypatch):
    # Issue 19, F8: each hit used to match every exception over the whole text again (quadratic: a crafted
    # 5,000-character message took half a second). Now the exceptions run once per text and view.
    from tsunagu.domain.intake import pattern_index
    from tsunagu.domain.intake.detection import detector

    calls = []
    original = pattern_index.PatternIndex.matches

    def counting(self, text):
        calls.append(self)
        return original(self, text)

    monkeypatch.setattr(pattern_index.PatternIndex, "matches", counting)
    found = detector()

    def exception_runs() -> int:  # context triggers are matched too, once each, after a hit outside them
        return sum(1 for index in calls if index is found.kana_unless)

    assert found.classify("わたしにたいして" * 625) is None  # 625 hits of しにたい, every one inside 私に対して
    assert exception_runs() == 1
    calls.clear()
    # the one hit no exception covers still counts
    assert found.classify("わたしにたいして" * 300 + "もう死にたい") == "emergency"
    assert exception_runs() == 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["i", "want", "to", "die", "kill", "my", "self", "help", "d1e", "now", "x"]),
                min_size=1, max_size=12),
       st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=4))
def test_what_is_left_without_words_spans_holds_none_of_their_letters(words, cuts):
    """`folding.without`: a words-view span's letters go from the kana view too, where that view spells them alike
    (it holds a Latin message's letters without spaces; d1e is "die" only in the words view)."""
    f = fold(" ".join(words))
    spans = sorted({(s, min(s + n, len(f.words)), k) for k, (s, n) in enumerate(cuts) if s < len(f.words)})
    found = in_kana(f, spans)
    for start, end, k in found:
        s, e, _ = next(span for span in spans if span[2] == k)
        assert f.kana[start:end] == f.words[s:e].replace(" ", "")
    if len(spans) == 1 and "d1e" not in words:  # one span of letters the two views spell alike: always found
        assert len(found) == 1 or not f.words[spans[0][0]:spans[0][1]].strip()
    rest = without(f, [], spans)
    assert len(rest.kana) == len(f.kana) - len({p for start, end, _ in found for p in range(start, end)})
