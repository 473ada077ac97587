"""Ideation said as people say it, from a second battery of our own (eighteenth session), and the past told after
the danger it puts in the past.

Of 136 Japanese and 120 English lines of current ideation, 117 and 100 alerted. Slang (タヒりたい), a painless way
asked for, a wish to go to the dead, お迎え and 寿命 wished for, breathing given up, tired of living or of life;
"what's even the point of being alive", the will to live lost, "let me die", "by the time you read this i'll be
gone": each is a pattern now, beside everyday lines with the same words (a nursery's お迎え, a battery's 寿命, a
dye typo, a holiday) that no pattern reads as danger. English context read "when i was 15" and "as a teenager"
as the past only before the danger ("when i was 15 i took an overdose"), not after it.
"""

from __future__ import annotations

import pytest

from tsunagu.domain.intake.detection import detector

IDEATION = [
    "タヒりたい", "痛くない死に方ってあるのかな", "死んだおばあちゃんに会いに行きたい", "早くお迎えが来てほしい",
    "寿命が早く終わってほしい", "もう息するのもやめたい", "生きてるのに疲れました", "人生に疲れた、終わりにしたい",
    "最後に誰かに話を聞いてほしかった",
    "whats even the point of being alive", "so tired of life", "i dont think i can go on much longer",
    "by the time you read this i'll be gone", "dying seems peaceful", "i've lost the will to live",
    "no will to live", "i hate being alive", "can't wait to die", "please let me die", "my last day on earth",
    "i feel like dying", "i feel like i'm better off gone", "i have been wanting to die for a while now",
    # typed in haste (a battery of typos and slang: 42 of 53 alerted)
    "i wnat to kill myslef", "suicdal", "sucidal", "ころして", "殺してほしい", "もう殺して",
    # English learnt abroad (a battery of 30 lines, 28 alerted)
    "i think nobody will cry if i die here alone in japan",
]

EVERYDAY = [
    "タヒぬほどおもろい", "痛くない注射の打ち方ってあるんですか", "死んだおばあちゃんに会いに行きたいな、夢でいいから",
    "保育園のお迎えが遅れそうです", "お迎えが早く来てくれたら助かるのに（保育園）",
    "電池の寿命が早く終わってしまって困ってます", "息をするのもやめたくなるくらい緊張した",
    "人生に疲れた顔の主人公が良かった", "大切なものを友達にあげたら喜んでくれた",
    "what's even the point of life insurance if it doesn't cover this", "so tired of life admin, bills and forms",
    "i dont think i can hold on much longer, the hold music is killing me",
    "by the time you read this i'll be gone to the shops, dinner is in the fridge",
    "death seems peaceful in this painting", "i've lost the will to live after that exam lol",
    "this queue has no will to live", "can't wait to die my hair pink",
    "let me die my hair first", "that stain is better off gone", "he is better off gone from that company",
    "i've been wanting to die my hair pink for ages", "i'm going to die laughing", "i want to die my hair red",
    "虫を殺してほしい", "ゴキブリ殺して", "あのゲームのボス殺してほしい",
]


@pytest.mark.parametrize("text", IDEATION)
def test_ideation_said_indirectly_alerts_as_ideation(text):
    found = detector().assess(text)
    assert found.emergency and found.category == "ideation", (text, found)


@pytest.mark.parametrize("text", EVERYDAY)
def test_the_same_words_in_everyday_senses_are_no_pattern_of_danger(text):
    assert detector().assess(text).category is None, text


@pytest.mark.parametrize("text", [
    "i took an overdose when i was 15. my daughter is 15 now and i worry about her",
    "i was beaten up by my stepdad as a teenager, i've forgiven him",
])
def test_the_past_told_after_the_danger_does_not_alert(text):
    assert not detector().assess(text).emergency, text


@pytest.mark.parametrize("text", [
    "he hit me when i was 15 and he still does",
    "i was beaten up by my stepdad as a teenager and now he's back living with us and he hit me yesterday",
])
def test_present_danger_beside_that_past_still_alerts(text):
    assert detector().assess(text).emergency, text
