"""The residents' languages (issue 21): a reply in each; the language her LINE profile names, else her
message's; an emergency never waits for the profile, and a profile call that hangs delays nothing."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.intake_moments import closed_moment, open_moment
from support.line_events import make_event, new_user_id, webhook_body

from tsunagu.adapters.line.api import HttpLineClient
from tsunagu.catalog import section
from tsunagu.domain.intake.language import from_profile, reply_language, script_language, text_language
from tsunagu.domain.intake.replies import message_language, offered_languages
from tsunagu.domain.intake.webhook import parse
from tsunagu.makers.sources.programs import load_programs
from tsunagu.ports.secrets import ChannelSecret, Secrets
from tsunagu.services.intake.handler import plan

KITA = "kita-women"
PROGRAMS = Path(__file__).resolve().parents[2] / "programs"
KEY = b"k" * 32
PROFILE = "/v2/bot/profile/{userId}"
# An everyday message and an emergency in each residents' language, as people there write them;
# Vietnamese also without its diacritics, as many type it on a phone.
SAMPLES = {
    "zh": ("你好，我想咨询一下工作的事", "我真的不想活了"),
    "ko": ("안녕하세요, 상담하고 싶어요", "너무 힘들어서 죽고 싶어요"),
    "vi": ("Chào chị, em muốn được tư vấn về công việc", "tôi muốn chết"),
    "vi-ascii": ("chao chi, em muon duoc tu van ve cong viec", "em khong muon song nua"),
    "pt": ("Olá, eu queria conversar com alguém sobre meu trabalho", "eu quero morrer"),
    "tl": ("Hello po, gusto ko po sanang magtanong tungkol sa trabaho", "gusto ko nang mamatay"),
    "ne": ("नमस्ते, मलाई कामको बारेमा कुरा गर्न मन छ", "म मर्न चाहन्छु"),
    # Nepali as most Nepalis type it on a phone, in Latin letters: answered in Nepali, not in English.
    "ne-latin": ("namaste didi, malai kaam ko barema kura garna man cha", "aba sakdina, ma marna chahanchhu"),
    "my": ("မင်္ဂလာပါ၊ အလုပ်အကြောင်း တိုင်ပင်ချင်ပါတယ်", "ကျွန်မ သေချင်တယ်"),
}


@pytest.fixture(scope="module")
def kita_ward():
    programs = load_programs(PROGRAMS)
    return programs.ward("kita"), programs.channel(KITA)


def _event(**kw):
    [event] = parse(webhook_body(make_event(**kw))).events
    return event


def _lang(sample: str) -> str:
    return sample.split("-")[0]


def _before_placeholder(text: str) -> str:
    return text.split("{")[0]


@pytest.mark.parametrize("sample", SAMPLES)
def test_each_language_is_told_from_what_she_writes(sample, kita_ward):
    ward, _ = kita_ward
    for words in SAMPLES[sample]:
        assert message_language(_event(kind="text", text=words), ward) == _lang(sample), words


@pytest.mark.parametrize("sample", SAMPLES)
def test_greeting_out_of_hours_and_emergency_in_each_language(sample, kita_ward):
    ward, kita = kita_ward
    lang = _lang(sample)
    own = section(lang, "intake")["channel_replies"]
    everyday, danger = SAMPLES[sample]
    greeting = plan(_event(kind="follow", at=closed_moment(kita)), ward, kita, KEY, language=lang)
    assert greeting is not None and greeting.reply is not None
    first = greeting.reply()[0]["text"]
    assert first.startswith(own["greeting"].format(channel=kita.name.pick(lang))), first
    closed = plan(_event(kind="text", text=everyday, at=closed_moment(kita)), ward, kita, KEY)
    assert closed is not None and closed.reply is not None and not closed.emergency
    [reply] = closed.reply()
    assert reply["text"].startswith(_before_placeholder(own["out_of_hours"])), reply["text"]
    assert section(lang, "intake")["emergency_heading"] in reply["text"] and "110" in reply["text"]
    urgent = plan(_event(kind="text", text=danger, at=open_moment(kita)), ward, kita, KEY)
    assert urgent is not None and urgent.emergency and urgent.reply is not None, danger
    [reply] = urgent.reply()
    assert reply["text"].startswith(own["emergency"]) and "110" in reply["text"] and "119" in reply["text"]


def test_every_residents_emergency_text_keeps_the_numbers_of_ja_and_en():
    for lang in offered_languages():
        own = section(lang, "intake")["channel_replies"]
        assert "110" in own["emergency"] and "119" in own["emergency"], lang
        assert "{next_open}" in own["out_of_hours"] and "{channel}" in own["greeting"], lang


@pytest.fixture
def slow_profile(intake):
    """The stand-in's profile endpoint hangs (10 s) until the test ends."""
    release = threading.Event()

    def hang(req):
        release.wait(10)
        return 200, {"displayName": "x", "userId": req.params["userId"], "language": "ja"}

    intake.line.route("GET", PROFILE, hang)
    yield intake
    release.set()


def test_a_hanging_profile_call_delays_the_reply_at_most_its_timeout(slow_profile, kita_ward):
    _, kita = kita_ward
    started = time.monotonic()
    assert slow_profile.post(KITA, make_event("text", text=SAMPLES["vi"][0], at=closed_moment(kita))).status_code == 200
    elapsed = time.monotonic() - started
    [text] = slow_profile.reply_texts()
    assert text.startswith(_before_placeholder(section("vi", "intake")["channel_replies"]["out_of_hours"]))
    assert elapsed < 1.5, f"the reply waited {elapsed:.2f} s for LINE's profile"
    assert len(slow_profile.line.requests()) >= 2  # the profile was asked, and given up on


def test_an_emergency_reply_never_asks_the_profile(slow_profile, kita_ward):
    _, kita = kita_ward
    assert slow_profile.post(KITA, make_event("text", text="toi muon chet", at=open_moment(kita))).status_code == 200
    [text] = slow_profile.reply_texts()
    assert text.startswith(section("vi", "intake")["channel_replies"]["emergency"])
    assert not [r for r in slow_profile.line.requests() if r.path.startswith("/v2/bot/profile/")]


def test_her_line_language_decides_over_her_words_when_it_is_one_of_ours(intake, kita_ward):
    _, kita = kita_ward
    her, other = new_user_id(), new_user_id()
    intake.line.profiles.update({her: "ko-KR", other: "th"})  # Thai: not one of ours
    at = closed_moment(kita)
    intake.post(KITA, make_event("text", user_id=her, text="こんにちは", at=at),
                make_event("text", user_id=other, text="eu queria conversar", at=at))
    korean, portuguese = intake.reply_texts()
    assert korean.startswith(_before_placeholder(section("ko", "intake")["channel_replies"]["out_of_hours"]))
    assert portuguese.startswith(_before_placeholder(section("pt", "intake")["channel_replies"]["out_of_hours"]))
    assert all(her not in r.path or r.path.startswith("/v2/bot/profile/") for r in intake.line.requests())


def test_the_client_reads_only_the_language_and_gives_none_for_any_failure(line_standin, caplog):
    client = HttpLineClient(Secrets(b"k" * 32, {KITA: ChannelSecret("s" * 32, "token")}), line_standin.url)
    line_standin.profiles["U1"] = "pt-BR"
    assert client.profile_language(KITA, "U1") == "pt-BR"
    assert client.profile_language(KITA, "U2") is None  # a profile without a language
    line_standin.fail("/v2/bot/profile/U1", 500)
    assert client.profile_language(KITA, "U1") is None
    line_standin.fail("/v2/bot/profile/U1", None)
    line_standin.hang(1.0)
    started = time.monotonic()
    assert client.profile_language(KITA, "U1", timeout=0.2) is None
    assert time.monotonic() - started < 0.6
    line_standin.hang(0)
    assert "U1" not in caplog.text


OURS = tuple(offered_languages())
SCRIPTS = {"ko": (0xAC00, 0xD7A3), "ne": (0x0905, 0x0939), "my": (0x1000, 0x102A), "ja": (0x3042, 0x3093)}


@given(tag=st.sampled_from(OURS), region=st.sampled_from(["", "-JP", "-BR", "-Hans", "_KR"]), text=st.text(max_size=40))
def test_a_profile_language_of_ours_always_decides(tag, region, text):
    if tag == "ja-easy":  # no LINE language is "easy Japanese"
        return
    assert reply_language(tag + region, text, ("ja",), OURS) == tag


@given(text=st.text(max_size=60), profile=st.sampled_from([None, "th", "xx", ""]))
def test_the_language_is_always_one_the_intake_can_answer_in(text, profile):
    assert reply_language(profile, text, ("ja", "en"), OURS) in OURS


@given(script=st.sampled_from(sorted(SCRIPTS)), data=st.data())
def test_a_message_in_one_script_is_answered_in_its_language(script, data):
    low, high = SCRIPTS[script]
    letters = data.draw(st.text(st.characters(min_codepoint=low, max_codepoint=high), min_size=1, max_size=30))
    noise = data.draw(st.text(st.sampled_from(" 　、。!?123😊\n"), max_size=5))
    assert script_language(noise + letters + noise) == script
    assert text_language(letters + noise, OURS) == script


def test_nepali_in_latin_letters_is_told_from_its_words_or_the_nepali_pattern_that_matched():
    assert text_language("ma marna chahanchhu", OURS) is None  # no common word: the ward's language, unless
    assert text_language("ma marna chahanchhu", OURS, detected="ne") == "ne"  # a Nepali pattern matched
    assert text_language("tin din bhayo kei khako chaina, paisa sakiyo", OURS) == "ne"
    # One short word Nepali shares with unaccented Vietnamese is not enough (chu: chú, chữ).
    assert text_language("bi chu mang ca ngay", OURS) != "ne"
    assert text_language("I think I'll take the day off tomorrow, the weather is bad", OURS) == "en"


def test_han_alone_is_told_apart_by_its_forms_and_the_pattern_that_matched():
    assert text_language("我想死", OURS) == "zh"
    assert text_language("相談希望", OURS) == "ja"
    assert text_language("救命", OURS) is None and text_language("救命", OURS, detected="zh") == "zh"
    assert from_profile("zh-Hant", OURS) == "zh" and from_profile("fil", OURS) == "tl"
    assert reply_language(None, "救命", ("ja",), OURS) == "ja"
