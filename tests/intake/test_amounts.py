"""A count of tablets, one concept in every language (tsunagu.domain.intake.amounts): one to four taken is a
dose and never an alert; five or more is an overdose, caught as one. Until the sixteenth session each
catalogue wrote its own rule: "약 2알" was an overdose in Korean and "2 tableta" in Tagalog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tsunagu.domain.intake.amounts import NUMERALS, dose, many
from tsunagu.domain.intake.detection import Detector, detector
from tsunagu.domain.intake.lexicon import Lexicon, expand
from tsunagu.domain.intake.pattern_regex import is_words_pattern, pattern_problem

LANGUAGES = sorted(NUMERALS)
CATALOGUES = Path(__file__).resolve().parents[2] / "src" / "tsunagu" / "catalog"
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")
MYANMAR = str.maketrans("0123456789", "၀၁၂၃၄၅၆၇၈၉")


def _count(regex: str, text: str) -> bool:
    """Whether the regex matches the whole count."""
    return re.fullmatch(regex, text) is not None


@pytest.mark.parametrize("lang", LANGUAGES)
@given(n=st.integers(1, 4))
def test_one_to_four_is_a_dose_and_never_many(lang, n):
    for ascii_only in (True, False):
        assert _count(dose(lang, ascii_only), str(n))
        assert not _count(many(lang, ascii_only), str(n))


@pytest.mark.parametrize("lang", LANGUAGES)
@given(n=st.integers(5, 10**6) | st.integers(10, 49))  # 10 to 49 start with a digit of a dose
def test_five_or_more_is_many_and_never_a_dose(lang, n):
    for ascii_only in (True, False):
        assert _count(many(lang, ascii_only), str(n))
        assert not _count(dose(lang, ascii_only), str(n))


@pytest.mark.parametrize("lang", LANGUAGES)
@given(n=st.integers(10, 10**6))
def test_a_dose_is_never_found_inside_a_longer_number(lang, n):
    """12錠 holds 2錠, which is no dose: the digits around it belong to the count."""
    assert re.search(dose(lang, False) + "錠", f"{n}錠") is None


# Words for five or more as people write them, per language and view (True: Latin letters, the words view).
MANY_WORDS = {
    "ja": {False: ["五", "十", "二十", "三十五", "百", "じゅう", "さんじゅう", "なんじゅう", "ひゃく"]},
    "zh": {False: ["五", "十", "二十", "几十", "两百", "一百"]},
    "ko": {False: ["다섯", "열", "스무", "서른", "수십", "백"]},
    "en": {True: ["five", "twelve", "twenty", "twenty five", "thirty", "a dozen", "dozens of", "a hundred"]},
    "pt": {True: ["cinco", "dez", "quinze", "vinte", "vinte e cinco", "trinta", "cem", "uma duzia"]},
    "tl": {True: ["lima", "sampu", "labing lima", "dalawampu", "tatlumpu", "isang daan", "bente", "trenta"]},
    "vi": {True: ["nam", "muoi", "hai muoi", "ba muoi", "mot tram", "vai chuc"]},
    "ne": {True: ["panch", "das", "bis", "tis"], False: ["पाँच", "दस", "बीस", "तीस", "सय"]},
    "my": {False: ["ငါး", "ဆယ်", "နှစ်ဆယ်", "သုံးဆယ်", "ရာ"]},
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_words_count_is_a_dose_or_many_never_both(lang):
    """Each word a language writes a count of tablets in reads as one of the two (ba is three in Vietnamese,
    ba muoi thirty): five or more never passes for a dose, one to four never for an overdose."""
    n = NUMERALS[lang]
    for ascii_only, doses in ((True, n.latin), (False, n.script)):
        for word in filter(None, doses.split("|")):
            assert _count(dose(lang, ascii_only), word) and not _count(many(lang, ascii_only), word), word
    for ascii_only, words in MANY_WORDS[lang].items():
        for word in words:
            assert _count(many(lang, ascii_only), word) and not _count(dose(lang, ascii_only), word), word


@given(n=st.integers(1, 999))
def test_devanagari_and_myanmar_digits_count_as_digits_do(n):
    for lang, table in (("ne", DEVANAGARI), ("my", MYANMAR)):
        written = str(n).translate(table)
        assert _count(many(lang, False), written) == (n >= 5)
        assert _count(dose(lang, False), written) == (n <= 4)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_ascii_pattern_stays_ascii_and_is_read_in_the_words_view(lang):
    for macro in ("<dose>", "<many>"):
        pattern = expand(f"took {macro} pills", lang)
        assert pattern.isascii() and is_words_pattern(pattern)
        assert pattern_problem(pattern) is None


def test_a_wards_own_pattern_may_count_tablets():
    pattern = expand("(咳止め|せきどめ)を?<many>錠")
    assert pattern_problem(pattern) is None
    judge = Detector(Lexicon().plus(("(咳止め|せきどめ)を?<many>錠",), ()))
    assert judge.assess("咳止めを20錠").emergency
    assert not judge.assess("咳止めを2錠").emergency


# Each language: a dose taken, and an overdose. Until the sixteenth session the overdose patterns of Korean and
# Tagalog read any count as one (두통 때문에 약 2알, 2 tableta para sa sakit ng ulo). Some doses of an everyday
# medicine still alert from the model alone (風邪薬を3錠のんで寝ます, "uống 2 viên thuốc đau đầu"): an everyday
# exception for them, tried this session, kept the model from reading the rest of the message, where a
# drugging or what the tablets are doing to her stands (DANGER_BESIDE_A_DOSE, below;
# docs/detection-history.md, "Sixteenth session").
DOSES = {
    "ja": ["頭痛がひどいので薬を2錠飲みました", "ロキソニン1錠飲んだ"],
    "en": ["i took 2 tylenol for my headache", "took 2 pills", "had a couple of ibuprofen for cramps"],
    "ko": ["두통 때문에 약 2알 먹었어요", "약 두 알 먹었어요", "감기약 한 알 먹고 잘게요", "약 세 알 먹었어요"],
    "zh": ["吃了两片止痛药", "吃了2片药"],
    "vi": ["uong 1 vien thuoc cam", "uong ba vien"],
    "pt": ["tomei 2 comprimidos", "tomei 1 paracetamol pra dor de cabeca"],
    "tl": ["uminom ako ng 2 tableta para sa sakit ng ulo"],
    "ne": ["टाउको दुखेर २ चक्की खाएँ", "दुई वटा चक्की खाएँ"],
}
OVERDOSES = {
    "ja": ["薬を30錠飲んだ", "ブロン60錠飲んだ", "薬を5錠飲んだ", "睡眠薬を三十錠のんだ", "薬を十錠飲んだ",
           "睡眠薬をにじゅう錠のんだ", "kusuri wo sanjuu jou nonda"],
    "en": ["took 30 pills", "i took 12 pills", "i took 30 sleeping pills", "just swallowed twenty tablets",
           "i took thirty pills", "took twenty five pills", "took a dozen pills", "i took five pills"],
    "ko": ["수면제 30알 먹었어", "약을 15알 먹었어요", "수면제 서른 알 먹었어", "수면제를 스무 알 먹었어요"],
    "zh": ["吃了30片安眠药", "吃了三十片安眠药", "我吃了四十片安眠药"],
    "vi": ["uống 30 viên thuốc ngủ", "uong 12 vien thuoc ngu", "uong ba muoi vien thuoc ngu", "uong muoi vien"],
    "pt": ["tomei 30 comprimidos", "engoli 25 comprimidos", "tomei trinta comprimidos",
           "tomei vinte e cinco comprimidos"],
    "tl": ["uminom ako ng 30 tableta", "uminom ako ng 20 na tableta", "uminom ako ng tatlumpung tableta",
           "uminom ako ng bente na tableta"],
    "ne": ["३० चक्की खाएँ", "30 वटा चक्की खाएँ", "तीस वटा चक्की खाएँ"],
    "my": ["ဆေး၃၀လုံးသောက်လိုက်တယ်", "ဆေး30လုံးသောက်လိုက်တယ်", "ဆေးဆယ်လုံးသောက်လိုက်တယ်"],
}


@pytest.mark.parametrize(("lang", "text"), [(lang, t) for lang, texts in DOSES.items() for t in texts])
def test_a_dose_taken_is_not_an_alert(lang, text):
    assert not detector().assess(text).emergency, text


@pytest.mark.parametrize(("lang", "text"), [(lang, t) for lang, texts in OVERDOSES.items() for t in texts])
def test_five_tablets_or_more_taken_is_an_overdose(lang, text):
    found = detector().assess(text)
    assert found.emergency and found.category == "overdose", text


OVERDOSE_AT = {"en": "took {} pills", "pt": "tomei {} comprimidos", "vi": "uong {} vien",
               "tl": "uminom ako ng {} tableta", "ja": "薬を{}錠飲んだ", "ko": "수면제 {}알 먹었어",
               "zh": "吃了{}片安眠药"}


@pytest.mark.parametrize("lang", sorted(OVERDOSE_AT))
@given(n=st.integers(10, 999), at=st.integers(1, 2), noise=st.sampled_from([" ", "  ", "😭", "\u200b", "・", "-"]))
def test_noise_inside_a_count_never_makes_an_overdose_a_dose(lang, n, at, noise):
    """A space, an emoji or an invisible character typed inside the number (took 3 0 pills) is typing noise, as
    it is between letters: it had read as three in the words view, a dose, and Vietnamese missed it."""
    digits = str(n)
    at = min(at, len(digits) - 1)
    text = OVERDOSE_AT[lang].format(digits[:at] + noise + digits[at:])
    found = detector().assess(text)
    assert found.emergency and found.category == "overdose", text


def test_every_catalogue_writes_counts_of_tablets_with_the_macros():
    """No catalogue keeps a rule of its own for a dose: the look-aheads and ranges the macros replaced are gone."""
    own_rules = ("(?!\\s?[1-4]\\b)", "[5-9]|[1-9][0-9]+", "(?![一二两兩三四]")
    for path in sorted(CATALOGUES.glob("*/detection.yml")):
        text = path.read_text(encoding="utf-8")
        assert not [rule for rule in own_rules if rule in text], path
        if path.parent.name in NUMERALS:  # ja-easy names no counts of tablets
            assert "<many>" in text, path


# Her usual or prescribed medicine named beside what it is doing to her now: the model alone catches these, and an
# everyday exception for her usual medicine (tried this session in eight languages, for the model's false
# alerts on いつもの薬を飲みました and "took my pill") hid six of them, so there is none
# (docs/detection-history.md, "Sixteenth session"). Beside them, all of it at once, or a plan to take it all,
# alerts as an overdose or a plan.
BESIDE_USUAL_MEDICINE = [
    "いつもの薬を飲んだら息が苦しい", "処方された睡眠薬を飲んだけど意識がもうろうとする",
    "tomei meu remedio e agora nao consigo respirar", "ininom ko na yung gamot ko pero hindi ako makahinga",
    "按医嘱吃了药，现在喘不过气", "took my pill and now i cant breathe", "took my meds and my throat is swelling",
]
ALL_OF_IT = {
    "ja": ["処方された睡眠薬を全部飲んだ"], "vi": ["uống hết lọ thuốc ngủ", "toi se uong het thuoc toi nay"],
    "en": ["going to take all my pills tonight"],
    "pt": ["tomei meus remedios todos de uma vez", "tomei o remedio todo de uma vez", "tomei a cartela inteira",
           "vou tomar todos os remedios hoje a noite"],
    "tl": ["ininom ko na yung lahat ng gamot ko", "iinumin ko lahat ng gamot mamayang gabi"],
    "ne": ["अघि सबै औषधि खाएँ", "आज राति सबै औषधि खान्छु"], "my": ["အိပ်ဆေးတွေအကုန်သောက်လိုက်ပြီ"],
}


@pytest.mark.parametrize("text", BESIDE_USUAL_MEDICINE)
def test_her_usual_medicine_never_hides_what_it_is_doing_to_her(text):
    assert detector().assess(text).emergency, text


@pytest.mark.parametrize(("lang", "text"), [(lang, t) for lang, texts in ALL_OF_IT.items() for t in texts])
def test_the_same_medicine_taken_all_at_once_or_planned_so_still_alerts(lang, text):
    found = detector().assess(text)
    assert found.emergency and found.category in ("overdose", "plans_means"), text


# A dose named in a message that tells of a drugging or of what the tablets are doing to her: an everyday
# exception keeps the model from alerting on the whole message, so the dose exceptions name everyday medicines
# only (a first version of this session's, any tablet, hid all but one of these), and patterns read the rest.
DANGER_BESIDE_A_DOSE = [
    ("he made me take 2 pills and now i cant move", "sexual_violence"),
    ("i took a pill someone gave me at the bar and i dont remember anything", "sexual_violence"),
    ("took 2 pills he gave me, feel dizzy, where am i", "sexual_violence"),
    ("took a pill my boyfriend gave me and woke up naked", "sexual_violence"),
    ("took 3 pills, chest hurts and i cant breathe", "overdose"),
    ("수면제 두 알 먹었는데 숨이 안 쉬어져요", "overdose"),
    ("飲み会で渡された薬を2錠飲んだら記憶がない", None),
]

# What her medicine is doing to her now, a dose or not: an overdose's effects, caught by patterns in every language
# (the model alone had caught some; an everyday exception beside them would have hidden them).
EFFECTS_NOW = [
    "頭痛薬を2錠飲んだら息ができない", "風邪薬を3錠飲んだら意識がもうろうとする",
    "took 2 tylenol and my throat is swelling",
    "took 2 ibuprofen and now i cant breathe", "uong 2 vien thuoc dau dau roi kho tho qua",
    "tomei 2 dipirona e agora nao consigo respirar", "진통제 두 알 먹었는데 숨이 안 쉬어져요",
    "uminom ako ng 2 biogesic pero hindi ako makahinga", "ခေါင်းကိုက်ဆေးနှစ်လုံးသောက်ပြီးအသက်ရှူမဝဘူး",
    "按医嘱吃了药，现在喘不过气", "औषधि खाएपछि सास फेर्न गाह्रो भयो",
]


@pytest.mark.parametrize("text", EFFECTS_NOW)
def test_what_her_medicine_is_doing_to_her_now_is_an_overdose_in_every_language(text):
    found = detector().assess(text)
    assert found.emergency and found.category == "overdose", (text, found)


def test_breathing_easier_after_her_medicine_is_no_overdose():
    assert detector().assess("uong thuoc xong thay do kho tho hon").category != "overdose"

@pytest.mark.parametrize(("text", "category"), DANGER_BESIDE_A_DOSE)
def test_a_dose_never_hides_the_danger_beside_it(text, category):
    found = detector().assess(text)
    assert found.emergency and (category is None or found.category == category), (text, found)


@pytest.mark.parametrize("text", ["my mom gave me something for my cold and i woke up feeling better",
                                  "the doctor gave me a pill, i dont remember the name"])
def test_a_pill_given_by_family_or_a_doctor_is_not_a_drugging(text):
    assert not detector().assess(text).emergency, text
