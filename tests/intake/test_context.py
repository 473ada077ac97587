"""Detection as people describe danger (issue 21): categories, verbs in every form, ConText, weak signals,
and the folding that keeps a detected text detected whatever is inserted into it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.corpus import load_corpus

from tsunagu.domain.intake.concern import JOIN_LETTERS, carried
from tsunagu.domain.intake.conjugation import conjugate, expand
from tsunagu.domain.intake.detection import Detector, detector
from tsunagu.domain.intake.lexicon import read


@pytest.mark.parametrize(("verb", "kind", "forms"), [
    ("叩く", "5", ["叩く", "叩きます", "叩いて", "叩いた", "叩こう", "叩ける", "叩いちゃう", "叩くねん", "叩かへん",
                  "叩いとる", "叩きよる"]),
    ("消える", "1", ["消える", "消えます", "消えて", "消えよう", "消えちゃう", "消えてしまおう", "消えへん",
                    "消えとる"]),
    ("死ぬ", "5", ["死ぬ", "死にます", "死んで", "死のう", "死ねる", "死んじゃう", "死なへん"]),
])
def test_a_verb_listed_once_is_caught_in_every_form(verb, kind, forms):
    judge = Detector(read({"ja": {"emergency": {"violence": [f"<v{kind}:{verb}>"]}}}))
    assert conjugate(verb, kind) in expand(f"<v{kind}:{verb}>")
    for form in forms:
        assert judge.assess(form).emergency, form


# Seventh session: what the e_ round's dev texts missed or raised, written again in our own words (the
# round's texts stay in the corpus; these hold the concepts and exceptions they led to in other wordings).
E_ROUND_DANGER = [
    ('生きてるのがもうしんどい', 'ideation'),
    ('明日なんていらない', 'ideation'),
    ('これが最後の連絡です', 'ideation'),
    ('旦那が子どもを外に締め出した', 'child_danger'),
    ('私のお葬式って誰が来るんだろう', 'ideation'),
    ('探さないでください', 'ideation'),
    ('手首の線がまた増えた', 'self_harm'),
    ('てくびのあかいのがとまんない', 'self_harm'),
    ('薬を飲みすぎたかも', 'overdose'),
    ('今日は朝まで公園で過ごします', 'shelter_food'),
    ('this is my last message here', 'plans_means'),
    ('sorry for being a burden to everyone', 'ideation'),
    ('this is the last birthday i ll have', 'ideation'),
    ('im done with everything', 'ideation'),
    ('he texted me what im wearing today', 'stalking'),
    ('my neighbour is screaming for help', 'other_person'),
    ('i need to feel pain right now', 'self_harm'),
    ('bought a one way ticket to aokigahara', 'plans_means'),
    ('been sleeping in the park since monday', 'shelter_food'),
    ('didnt eat for three days', 'shelter_food'),
    ('took my whole prescription at once', 'overdose'),
    ('i wont be around to read your reply', 'ideation'),
    ('everyone s life will be easier after friday', 'ideation'),
]


@pytest.mark.parametrize(("text", "category"), [
    ("子どもを叩いてしまいそうで怖いです", "child_danger"),
    ("赤ちゃんが泣きやまなくて揺さぶってしまいそう", "child_danger"),
    ("元彼が今も家の前にいる", "stalking"),
    ("ポストに「見てるよ」って紙が入ってた", "stalking"),
    ("ブロン60錠飲んだ", "overdose"),
    ("風邪薬一箱飲みました", "overdose"),
    ("ロープ買ってきた", "plans_means"),
    ("今夜泊まるところがありません", "shelter_food"),
    ("3日何も食べてない", "shelter_food"),
    ("友達が今夜死ぬって言ってる", "other_person"),
    ("親友から「ありがとう」しか返ってこなくて、電話にも出ない", "other_person"),  # ありがとう, not only ありがと
    ("my friend says she wants to kill herself tonight", "other_person"),
    ("i took a whole bottle of sleeping pills", "overdose"),
    ("he is outside my house again", "stalking"),
    ("i m scared i ll hurt my baby", "child_danger"),
    *E_ROUND_DANGER,
])
def test_danger_described_as_a_situation_is_caught_with_its_category(text, category):
    found = detector().assess(text)
    assert found.emergency and found.category == category, (text, found)


@pytest.mark.parametrize("text", [
    "死にたいとかじゃないです、ちょっと疲れてるだけ",
    "自殺なんて考えてないよ",
    "10年前は毎日死にたいと思ってたけど、今は落ち着いています",
    "学生の頃リスカしてたけど今はもうしてないです",
    "何年も前に夫に殴られていました",
    "消えたいとは思わないです",
    "もし友達に死にたいって言われたらどうすればいいですか",
    "ニュースで自殺の記事を読みました",
    "i'm not suicidal, just tired",
    "i used to self harm in high school but i'm okay now",
    # わけじゃない after a dialect ending's わ (死にたいわ): the ending no longer swallows the trigger's first letter.
    "死にたいわけじゃない",
    "死にたいわけやない",  # Kansai
    "死にたいわけちゃう、ただ疲れてん",
    "消えたいわけじゃない",
    "死にたいとかやないねん",
    "死にたいわけあらへん",
    "死にたいんとちゃうねん",
    # Context demoted the match; the model, which reads 死にたい as danger, must find danger in the rest too.
    "死にたいなんて思ってない",
    "자살할 생각은 없어요",
    "मलाई मर्न मन छैन, थाकेको मात्र हो",  # the concept's मन no longer swallows the trigger's मन छैन
    "म आत्महत्या गर्ने सोचमा छैन",
    "there is no reason to live in tokyo if you work remotely",
    "i thought about dying my hair blue",
    "練炭でBBQした",  # the exception is read in the romaji view too (BBQ is っbq there)
    "親に殺されるwww",  # www is laughter, not romaji (it was っっw in the romaji view, past the exception)
    "我妈要是知道我考砸了会杀了我哈哈",
    "minha mãe vai me matar se eu chegar tarde kkk",  # kkk is k in the words view
    "que calor, vou morrer",
    "i have nowhere to put my bike",
    "i take my antidepressants every morning",
    "my son keeps hitting his sister with a pillow",
    "i wanna disappear from this group chat lol",
    "i can't go on like this with my neighbor's noise",
    "my friend posted my photos from the trip on her story",
    "i shared my pics from the wedding",
    "消えてしまいたいくらい恥ずかしい",
    "今日は一人で過ごしたい",
    "明日の朝早いから寝なきゃ",
    "テストの点やばすぎて親に殺されるwwww",
    "今日は友達の家に泊まる",
    "ダイエットで3日炭水化物食べてない",
    "não quero me matar, só estou cansada",
    "não quero me machucar, só estou triste",
    # from the dev chats (seventeenth session): a negation with its verb ("not thinking about", "no plans to"),
    # a note someone else left, 前に opening a message; the past told after the danger (eighteenth session)
    "not thinking about hurting myself, dont worry", "no plans to hurt myself", "i'm not going to kill myself",
    "i don't have any plans to hurt myself",
    "The last note said foreigners should learn the rules", "写真撮られるのも無理",
    "まえに おっとが わたしを たたきました",
    "i took an overdose when i was 15. my daughter is 15 now and i worry about her",
    "i was beaten up by my stepdad as a teenager, i've forgiven him",
])
def test_negated_past_hypothetical_and_framed_danger_does_not_alert(text):
    assert not detector().assess(text).emergency, text


@pytest.mark.parametrize("text", [
    "死にたいとかじゃないけど、今すぐ助けてほしい",
    "昔DVされてて、今また元夫が家の前にいる",
    "自殺は考えてないけどロープ買ってきた",
    "死にたいわけやないけど、今夜は家に帰れない",
    "もう死にたいわ",
    "死にたいんやけど",  # four letters besides the danger's words: too few for the model to veto it (やけど, a burn)
    "死にたいんちゃうかな",  # んちゃう: "I suppose", not a denial
    "i'm not okay, i want to die",  # "not okay" is distress, not a negation of what follows
    "i used to think about dying and now it's back",
    "if you leave me i will kill you, he texted me",
    "i can't go home, my dad is drunk and violent",
    "10年前にDVされてて、今の彼氏にも殴られてる",  # 今の彼氏: a present-danger cue against the past
    "今日は友達の家に泊まるしかない、家に帰れない",
    "練炭買った",
    "지금 옥상이에요",
    "sinaktan na naman ako ng asawa ko",
    "他说会杀了我",
    "i can't go on like this",
    "i wanna disappear from this world",
    "i took my meds every day but today i took the whole bottle",
    "someone took pictures up my skirt on the escalator",
    "he pressured me into sex and now i feel disgusting",
    "he leaked my photos in a group chat",
    "i'm being blackmailed with my photos",
    "a man exposed himself to me at the park just now",
    "he filmed us without telling me",
    "con em bị bố nó đánh",
    "ước gì em biến mất mãi mãi",
    "im not fine i want to kill myself",
    "i don't see a reason to live",  # the negation is the danger's own words
    "我想死，不是开玩笑",  # not joking: a present-danger cue
    "मलाई बाँच्न मन छैन",
    "자살할 생각밖에 없어",
    "não quero mais viver",  # the negation is the danger's own words: nao quero is no trigger there
    "não quero acordar amanhã",
    "não quero voltar pra casa, ele vai me bater",
    # the danger beside those (seventeenth and eighteenth sessions)
    "i am not thinking about anything but killing myself", "in july he hit me and now he is back and hitting me again",
    "this is my last note", "last night my bf hit me", "無理やり写真を撮られた", "前に夫に殴られた、今も毎日",
    "he hit me when i was 15 and he still does",
    "i was beaten up by my stepdad as a teenager and now he's back living with us and he hit me yesterday",
])
def test_a_negated_or_past_statement_with_present_danger_still_alerts(text):
    assert detector().assess(text).emergency, text


@pytest.mark.parametrize(("text", "emergency"), [
    ("ODはしてない、眠れないだけ", False), ("漫画の中で主人公がODする話があった", False),
    ("DVとかじゃないです", False), ("さっきODした", True), ("彼氏にDVされてる、今も", True),
    # Sixteenth session: the words' place in the Japanese sentence is their letters without their spaces (it
    # had reached two letters into なんて, and missed the negation), and なんて / とか してない negates.
    ("kill my self なんて思ってない", False), ("i want to kill my self とかじゃない", False),
    ("ODなんてしてない", False), ("o d なんてしてない", False), ("リスカなんかしてないよ", False),
    ("自殺とかしてないです", False), ("ODなんてしてないけど今薬を全部飲んだ", True),
    ("ODなんてしてないって言ったけど、本当はさっき30錠飲んだ", True),
])
def test_an_english_word_in_a_japanese_sentence_is_read_in_its_japanese_context(text, emergency):
    """OD and DV are written in Latin letters inside Japanese: the Japanese negation or frame around them counts."""
    assert detector().assess(text).emergency is emergency, text


@pytest.mark.parametrize(("text", "emergency"), [
    ("to no parque, fugi de casa", True),  # Portuguese "no" is "in the", not English "no"
    ("eu nao estou pensando em fugir de casa", False),  # Portuguese's own negation still applies
    ("i do not want to kill myself", False), ("no plans to kill myself", False),
    ("no, i want to kill myself", True), ("no. i want to die", True),  # "no" as an answer negates nothing
    ("no one would care if i killed myself", True), ("would anyone even notice if i died", True),
    ("what if i died in the movie", False),
])
def test_a_latin_letter_trigger_negates_only_in_its_own_language_and_sense(text, emergency):
    assert detector().assess(text).emergency is emergency, text


@pytest.mark.parametrize("text", ["죽고 싶다", "死にたい", "消えたい", "kill myself", "我想死", "muốn chết",
                                  "quero morrer", "gusto ko nang mamatay", "मर्न मन लाग्छ", "သေချင်တယ်"])
def test_a_message_that_is_only_the_danger_s_words_is_never_vetoed_by_the_model(text):
    """The model reads nothing but the pattern's own words there (its Korean reading scored 죽고 싶다 below
    the veto): it may veto a match only with letters besides it to read."""
    judge = detector()
    assert judge.assess(text).emergency, text
    assert not judge.assess("恥ずかしくて消えたい（笑）").emergency  # with words besides the match, it still may


def test_danger_in_the_middle_of_a_long_letter_is_not_vetoed_by_the_ordinary_life_around_it(monkeypatch):
    """In a long message the model vetoes a match by what stands near it (VETO_WINDOW letters each side), not
    by the whole letter: a nursery application and its forms around "he pushed me down the stairs this
    morning" read as everyday, and the whole letter's score had turned the danger into a review."""
    from tsunagu.domain.intake import veto

    letter = ("hi, i wanted to ask about the hoikuen application for next april, my daughter will be one then. we "
              "live in a 2ldk near the station and i work part time at a bento factory in the mornings, the shifts "
              "are early but the people are nice. he pushed me down the stairs this morning and my arm hurts a lot. "
              "also how do i get the forms in english, and is there a fee for the application, and do i need my "
              "husbands signature or can i apply alone with my residence card and my tax certificate from the city "
              "office")
    judge = detector()
    assert judge.assess(letter).level == "emergency"
    monkeypatch.setattr(veto, "VETO_WINDOW", 10**9)  # the whole letter read, as before the seventh session
    assert judge.assess(letter).level == "review"
    # A short message is read whole either way, and ordinary words around a match still veto it.
    monkeypatch.undo()
    # (恥ずかしくて消えたい（笑） until the twenty-ninth session, an exception since: so ashamed she would vanish)
    assert judge.assess("寝坊して遅刻して消えたい（泣）").level == "review"


_NEWS_JA = ("週末は子どもと公園に行って、お弁当を食べました。"
            "来月から保育園の申し込みが始まるので、書類をそろえています。"
            "大家さんに更新の書類を出すのも忘れないようにしないといけません。パートのシフトが増えて少し忙しいですが、"
            "職場の人はみんな親切です。")
_NEWS_EN = ("This weekend I took my son to the park and we had a picnic. Next month the nursery applications open, "
            "so I am getting the papers ready. I also need to send the lease renewal form to my landlord. My "
            "part-time shifts went up and I am a bit busy, but everyone at work is kind. ")


@pytest.mark.parametrize(("news", "danger"), [
    (_NEWS_JA, "もう死にたい。"),
    (_NEWS_JA, "家のガス栓あけた。"),
    (_NEWS_JA, "昨日の夜、お酒と一緒に睡眠薬を30錠飲みました。"),
    (_NEWS_EN, "I want to kill myself. "),
])
def test_a_sentence_of_danger_among_a_long_letters_news_stands(news, danger, monkeypatch):
    """A sentence of danger in the middle of ordinary news: the 120 letters the veto reads on each side are
    news, and read as everyday; the match's own sentence, one that holds little but the danger's words or
    that the model reads as clearly dangerous (SENTENCE_STANDS), stands. Before the fourteenth session every
    one of these was a review."""
    from tsunagu.domain.intake import veto

    letter = news * 2 + danger + news * 2
    judge = detector()
    assert judge.assess(letter).level == "emergency", danger
    monkeypatch.setattr(veto, "sentence_of", lambda f, j: None)  # no sentence read: as before
    assert judge.assess(letter).level == "review", danger


@pytest.mark.parametrize("letter", [
    "去年の今ごろ、元夫から毎日のように殴られていました。顔にあざができて、仕事にも行けませんでした。こちらに相談して、シェルターに"
    "入り、離婚も成立しました。今は子どもと二人で新しい町に住んでいます。保育園にも慣れて、毎朝笑顔で登園しています。先日、職場の人と"
    "ランチに行けるようになりました。あのときはありがとうございました。",
    "Three years ago my ex stalked me. He waited outside my building and called my office dozens of times a day. "
    "The police warned him and I moved. I haven't heard from him since. These days I go to the library near my "
    "new place every weekend. Just wanted to let you know.",
])
def test_a_long_letter_of_danger_long_past_is_still_no_emergency(letter):
    """Its sentences of danger are read with the life around them, which says it is over."""
    assert not detector().assess(letter).emergency


@pytest.mark.parametrize("text", [
    '柴犬が追いかけてきた笑',
    'BBQに練炭持ってきた人がいた',
    '二日酔いで頭痛い',
    'went to hit the gym today with my daughter',
    'bought a new kitchen knife at daiso',
    'how do i refill my sleeping pills prescription',
    'im done with everything for today',
    'this is my last message for today, good night',
    'i wont be anywhere near the station tomorrow',
    '風邪薬飲んだし今日はもう寝ます',
    '息子が友達を噛んじゃった',
    'i need to feel pain in my legs after leg day lol',
    'my stalker is the neighbors cat',
])
def test_everyday_words_the_e_round_showed_us_do_not_alert(text):
    assert not detector().assess(text).emergency, text


# Seventh session, our own probing of everyday messages: patterns that took a normal dose, a pet, a
# snowed-in night at the office, a pillow fight or camping rope for danger; beside each, the danger it must
# still catch.
@pytest.mark.parametrize(("everyday", "danger"), [
    ("頭痛くてロキソニン2錠飲んだ、効いてきた", "頭痛くてロキソニン30錠飲んだ"),
    ("生理痛でイブ飲んだ", "ブロン飲んだ"),
    ("猫が夜中に追いかけてきて遊んでって言う", "元彼が夜中に追いかけてきた"),
    ("雪で電車止まって家に帰れない、会社に泊まる", "家に帰れない、今夜泊まるところがない"),
    ("my mom is going to kill me when she sees my grades lol", "my dad is going to kill me"),
    ("bought rope for my camping trip next week", "bought rope today"),
    ("havent eaten since breakfast, too busy at work, gonna grab konbini food", "havent eaten since monday"),
    ("my friend keeps texting me memes at 3am", "he keeps texting me from new accounts"),
    ("someone left a note on my door saying the package is at the office", "someone left a note on my door"),
    ("he hit me with a pillow during our pillow fight haha", "he hit me with a belt"),
])
def test_everyday_words_of_our_own_probing_do_not_alert_and_the_danger_beside_them_does(everyday, danger):
    judge = detector()
    assert not judge.assess(everyday).emergency, everyday
    assert judge.assess(danger).emergency, danger


# Eighth session: a pattern tried with up to two letters of slack after each of its parts (a check run on
# the dev texts, the first corpus and our phrasings that no pattern alerted on) found forms a pattern
# meant but missed: a particle or an honorific between its parts (泊まるとこもない, お義父さんが), a colloquial
# word (なんも), a longer word (髪の毛), a tense (ブロックしてたのに). Each is held by the category its
# pattern names, in wordings of our own. Two it also found were left out as everyday as often as not:
# 3日カップ麺しか食べてない (a busy week as often as no food) and 寝るとこもない (a messy room as often as no
# bed).
GAP_FORMS = [
    ("2日なんも食べてないです", "shelter_food"),
    ("今夜泊まるとこもない", "shelter_food"),
    ("今まで本当にありがとう、迷惑ばかりかけてごめんね", "ideation"),
    ("太ももまた切っちゃった", "self_harm"),
    ("髪の毛掴まれて引きずられた", "violence"),
    ("むりやり体触られた", "sexual_violence"),
    ("継父さんが夜中に部屋に来る", "child_danger"),
    ("着拒してたのに別の番号からかかってくる", "stalking"),
    ("アパートの前に元夫の車が停まってる", "stalking"),
    ("ドアノブに毎朝メモが挟まってる", "stalking"),
    ("남편이 술 먹고 또 아이를 때려요", "violence"),
    ("我真的怕我会伤害我的宝宝", "child_danger"),
]


# Eighth session, from the f_ round's dev texts (not learnt by the model, so each was read as fresh text):
# concepts and exceptions, held here in wordings of our own.
F_ROUND_SITUATIONS = [
    ("dunno why i'm still here tbh", "ideation"),
    ("i just want somebody out there to know that i existed", "ideation"),
    ("you won't need to remind me about the forms, i won't need any of it after next week", "ideation"),
    ("been looking up painless methods all night", "plans_means"),
    ("which bridges are the tallest around here", "plans_means"),
    ("slept at a manga cafe again, no money left", "shelter_food"),
    ("ここまで育ててくれてありがとう、ほんとにごめん", "ideation"),
    ("一人になったら自分が何しでかすかわかんない", "ideation"),
    ("紐を吊るす場所はもう見つけた", "plans_means"),
    ("父は酔うと手が出るので今夜が怖い", "violence"),
    ("おとといからなんも食べてない", "shelter_food"),
    ("今日も寝るところありません", "shelter_food"),
]


@pytest.mark.parametrize("text", [
    "this humidity is trying to kill me",
    "my toddler knocked the pill organizer off the table, picked them all up",
    "we practised jump rope after school",
    "生理痛でバファリン2錠飲んだ",
    "キャンプ用にロープとペグ買ってきた",
    "子猫と遊んでたら手が傷だらけ",
    "物干しロープ新しくした",
    "ひとりぐらしで あんぜんに くらしています",  # 安全に暮らしています: に暮らし is not 憎らし
])
def test_the_f_rounds_everyday_words_do_not_alert(text):
    assert not detector().assess(text).emergency, text


@pytest.mark.parametrize("text", ["死にたい、生きる意味もないです", "消えたい、もう何もないです",
                                  "死にたい、希望もないよ", "死にたい、居場所もないです",
                                  "消えたい、お金もないし仕事もないです", "死にたい、何もしてない"])
def test_what_she_has_none_of_is_no_negation_of_the_danger_before_it(text):
    """ConText's pseudo-triggers (catalog/ja/detection.yml, context: pseudo): もないです after a meaning, a hope
    or a place she lacks is her hopelessness, not 死にたい denied (until the twenty-seventh session each of these
    was a review)."""
    assert detector().assess(text).emergency


@pytest.mark.parametrize("text", ["全然眠れない、死にたい", "全然ダメ、消えたい", "昔からずっと死にたい",
                                  "中学の頃からずっと死にたい", "学生の時からずっとリスカしてる",
                                  "以前からずっと自殺したいと思ってる", "過去のことがフラッシュバックして死にたい",
                                  "昔のことを思い出して死にたくなる", "前に進めない、死にたい"])
def test_a_negation_of_its_own_word_and_a_past_that_lasts_until_now_demote_nothing(text):
    """全然 negating the word after it (全然眠れない), since then and still (昔からずっと), and the past remembered now
    are no negation and no past of the danger after them (twenty-seventh session: each was a review)."""
    assert detector().assess(text).emergency


@pytest.mark.parametrize("text", ["全然消えたくない", "全然眠れないけど死にたいとかじゃない",
                                  "昔から死にたかったけど今は大丈夫", "中学の時いじめられて死にたかった",
                                  "学生の頃リスカしてた", "前に死にたいと思ったことがある"])
def test_the_danger_negated_or_past_beside_them_is_still_a_review(text):
    assert detector().assess(text).level == "review"


@pytest.mark.parametrize(("text", "emergency"), [
    ("i used to be happy, now i want to die", True), ("years ago i was ok, now i want to die", True),
    ("i never want to wake up", True),
    ("i used to cut myself a lot and now im doing well", False), ("i used to want to die but now im happy", False),
    ("years ago i wanted to die, now i feel like a new person", False),
    ("i never want to wake up early again lol", False),
])
def test_the_danger_wanted_now_after_a_past_alerts_and_a_past_resolved_now_does_not(text, emergency):
    assert detector().assess(text).emergency is emergency


@pytest.mark.parametrize("text", ["no wonder i want to die", "no doubt i want to kill myself",
                                  "not gonna lie i want to die", "no joke i want to kill myself",
                                  "i can't not think about dying"])
def test_words_that_hold_a_negation_and_deny_nothing_are_no_negation(text):
    assert detector().assess(text).emergency


@pytest.mark.parametrize("text", ["死にたい気持ちはないです", "消えたい気持ちもないです", "ODとか何もしてないです",
                                  "自傷は何もしてない", "殴られたりとか何もないです", "リスカとか何もしてないよ",
                                  "no, not really, i dont want to die", "im not joking, i dont want to die lol"])
def test_danger_denied_beside_those_words_is_still_a_review(text):
    assert detector().assess(text).level == "review"


@pytest.mark.parametrize("text", ["息するのもしんどい、消えたい、いま", "誰もしらない場所で死にたい",
                                  "何もしたくなくて、もう消えたい"])
def test_the_mo_and_shi_of_other_words_are_no_if(text):
    """もし ("if") makes what follows hypothetical; the も and し of のもしんどい, 誰もしらない and 何もしたくない
    are no if (the twenty-seventh session's tuned11 list: 息するのもしんどい、消えたい、いま was a review)."""
    assert detector().assess(text).emergency


@pytest.mark.parametrize("text", ["もし死にたくなったら、ここに連絡します", "もし死にたくなったらどうしたらいいですか"])
def test_an_if_still_makes_the_danger_after_it_hypothetical(text):
    assert detector().assess(text).level == "review"


def test_a_cue_inside_a_longer_word_is_no_cue():
    """べんきょうも (勉強も) holds きょうも (今日も, a present-danger cue): past violence, now resolved, with
    her studies mentioned after, stayed an emergency."""
    judge = detector()
    text = "まえに おっとに たたかれました。いまは りこんして あんぜんです。にほんごの べんきょうも がんばっています"
    assert judge.assess(text).level == "review"
    assert judge.assess("まえに おっとに たたかれました。きょうも また たたかれました").emergency


def test_danger_found_in_romaji_is_not_vetoed_by_the_english_model():
    """The model would read Japanese in Latin letters as English, which it is not."""
    found = detector().assess("mou tsukareta. zenbu owarasetai. ima made arigatou")
    assert (found.level, found.category) == ("emergency", "ideation")


# Eighth session: the same slack tried on the English patterns (scripts/pattern_gaps' way, a word or two of
# slack) found forms they meant but missed: "like" before an amount, someone else's pills, "better off",
# "even", pills with alcohol, a beating going on, a threat to find her, to post her pictures.
ENGLISH_GAP_FORMS = [
    ("i took like 30 of my sisters painkillers", "overdose"),
    ("swallowed all of my dad s sleeping pills", "overdose"),
    ("took a bunch of my roommate s meds just now", "overdose"),
    ("downed a whole bottle of wine and my sleeping pills", "overdose"),
    ("took 15 pills with some sake", "overdose"),
    ("my family would be better off if i wasnt around", "ideation"),
    ("no one would even care if i disappeared", "ideation"),
    ("my stepdad is hitting my mom right now", "violence"),
    ("he swore he ll hunt me down and kill me", "violence"),
    ("he said he ll send my pics to my school", "sexual_violence"),
    ("my bf threatened he will leak my videos", "sexual_violence"),
    ("my roommate wrote that she wants to die", "other_person"),
    ("havent eaten in about 3 days", "shelter_food"),
]


# Ninth session, from the g_ round's dev misses: an amount of a medicine named by its brand, eating the pills,
# sleeping and never getting up again; and a hedge, 〜ってほどじゃないけど ("not quite a will, but"), which
# says how much, not that it is absent: it no longer negates what it follows.
G_ROUND_FORMS = [
    ("i took like 40 tylenol an hour ago", "overdose"),
    ("i downed about 30 paracetamol and now i feel sick", "overdose"),
    ("i ate all the pills in my drawer", "overdose"),
    ("このまま眠って二度と起きなければいいのに", "ideation"),
    ("遺書ってほどじゃないけど、家族宛ての手紙を書いて机に置いた", "ideation"),
]


@pytest.mark.parametrize(("text", "category"), GAP_FORMS + F_ROUND_SITUATIONS + ENGLISH_GAP_FORMS + G_ROUND_FORMS)
def test_forms_and_situations_of_the_eighth_and_ninth_sessions_are_caught_with_their_category(text, category):
    found = detector().assess(text)
    assert (found.level, found.category) == ("emergency", category), text


@pytest.mark.parametrize("text", ["nobody would even notice if i left the party early", "ill post them on insta later",
                                  "遺書とかじゃないです、ただの日記です"])
def test_everyday_forms_beside_them_do_not_alert(text):
    assert not detector().assess(text).emergency, text


def test_a_demoted_match_is_a_review_with_its_category():
    found = detector().assess("10年前にDVを受けていたけど今は落ち着いてます")
    assert (found.level, found.category) == ("review", "violence")


@pytest.mark.parametrize(("text", "weak"), [
    ("もう無理", 1), ("疲れた", 1), ("さようなら", 1), ("こんにちは", 0), ("so tired of everything", 1),
    ("thank you for everything", 1),
    ("I can't see a way out of this", 1),
    ("身の回りの物を少しずつ処分してる", 1),  # giving her things away, a warning sign
    ("引っ越しで持ち物を整理してる", 0),  # packing to move is not
    ("今日で最後にします", 1),  # a farewell, as a weak signal: with 今までありがとう it alerts
    ("みんな元気でね", 1),
    ("バイトは今日で最後にします、お世話になりました", 0),
    ("もう限界。さよならします", 2),  # two, so an emergency
    ("もう連絡しません", 1),  # fifteenth session
    ("thank u for everything, this chat helped for a while but im done now, take care all", 3),
    ("मेरो छोरालाई राम्रोसँग हेरिदिनु है", 1),  # entrusting her child: with म अब जान्छु, माफ गर्नु it alerts
    ("もう連絡しませんって元彼に伝えました", 0),
    ("ma thakisake", 1), ("ma thakisake, aba sakdina", 2),  # romanised Nepali (nineteenth session)
    ("take care", 1), ("ok thanks, take care", 0), ("ずっとありがとうございました", 1),
    # Words two patterns read together are one signal (twenty-seventh session: もう疲れた was two, so alone an
    # emergency); words apart are two.
    ("もう疲れた", 1), ("もう疲れたーって感じだけど、明日休みだから大丈夫です", 1), ("もう疲れた。もう無理", 2),
    ("ばいばい。みんなによろしく", 2),
])
def test_weak_signals_are_counted_not_alerted(text, weak):
    found = detector().assess(text)
    assert not found.emergency and found.weak == weak


def test_a_word_split_across_two_messages_is_read_whole():
    judge = detector()
    assert not judge.assess("死に").emergency and not judge.assess("たい").emergency
    assert judge.assess_after("死に", "たい").emergency
    assert judge.assess_after("i want to kill", "myself").emergency
    assert not judge.assess_after("おはよう", "たい焼き食べた").emergency


def test_a_word_split_across_three_messages_is_read_whole_and_only_the_end_is_carried():
    judge = detector()
    assert not judge.assess_after("死", "に").emergency
    assert judge.assess_after(carried("死", "に"), "たい").emergency
    assert carried("あ" * 100, "死に") == ("あ" * 100 + "死に")[-JOIN_LETTERS:]
    assert not judge.assess_after(carried("死", "に" + "、" * JOIN_LETTERS), "たい").emergency


DETECTED = [e.text for e in load_corpus() if e.distress][::8]
INSERTS = st.sampled_from(["\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad", " ", "\u3000", "😭", "🙏", "…"])


def _wide(text: str) -> str:
    """Full-width ASCII letters and digits, as some phone keyboards type them."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(DETECTED), st.lists(st.tuples(st.integers(0, 200), INSERTS), max_size=4), st.booleans())
def test_inserted_invisible_characters_emoji_spaces_and_width_never_hide_a_detected_text(text, inserts, wide):
    judge = detector()
    assert judge.is_emergency(text)
    changed = _wide(text) if wide else text
    for at, mark in sorted(inserts, reverse=True):
        at = min(at, len(changed))
        if " " in mark and at and changed[at - 1 : at].isascii() and changed[at : at + 1].isascii():
            continue  # a space inside an English word makes two words: a different text, not a disguise
        changed = changed[:at] + mark + changed[at:]
    assert judge.is_emergency(changed), repr(changed)


@pytest.mark.parametrize("messages", [
    ("今まで", "ありがとう", "ごめんね"),  # a farewell split over three messages
    ("thank you for everything", "i'm sorry"),
    ("he's home", "he saw my phone", "he's yelling"),
    # nineteenth session: a farewell to the service, and goodbye after thanks of a long while
    ("thank you for this service", "it helped for a while", "but i'm done now", "take care"),
    ("ずっとありがとうございました", "ここに救われてました", "さようなら"),
])
def test_a_farewell_or_a_threat_split_over_messages_alerts_by_the_last(messages):
    from types import SimpleNamespace

    from support.corpus_v2 import alerts

    assert alerts(detector(), SimpleNamespace(messages=messages)), messages
    assert not any(detector().assess(m).emergency for m in messages[:-1]), "one message alone was enough"


@pytest.mark.parametrize("messages", [("今まで", "ありがとう", "ごめんね"), ("thank you for everything", "i'm sorry"),
                                      ("thank you for this service", "it helped for a while", "but i'm done now",
                                       "take care")])
def test_a_farewell_sent_one_request_each_alerts_by_the_last(messages):
    """As LINE usually sends them: the weak signals add up, and "thank you for everything, i'm sorry" is a
    split phrase (catalog/en/detection.yml) since the twelfth session. (He's home / he saw my phone / he's
    yelling alerts only within one request: README, Known limits.)"""
    from types import SimpleNamespace

    from support.corpus_v2 import alerts

    assert alerts(detector(), SimpleNamespace(messages=messages), joined=False), messages


# Twelfth session: a trigger's scope ends at its sentence, as ConText's does (medspaCy reads one sentence at a
# time). The views keep no full stops, so "全然眠れない。死にたい" read 全然 as negating 死にたい, and "I'm not
# sure. I want to die" read "not" the same way: 96 of these 320 went unanswered before.
SENTENCES_BEFORE = ["全然眠れない", "別に怒ってない", "わからない", "そんなつもりじゃなかった", "I'm not sure",
                    "not really", "i don't know", "nobody is home"]
DANGER_AFTER = ["死にたい", "消えたい", "薬を全部飲んだ", "i want to die", "i want to kill myself"]
SENTENCE_ENDS = ["。", "！", "？", "\n", ". ", "!! ", "? ", "…"]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(SENTENCES_BEFORE), st.sampled_from(SENTENCE_ENDS), st.sampled_from(DANGER_AFTER))
def test_a_negation_in_the_sentence_before_never_hides_the_danger_after_it(before, end, danger):
    assert detector().assess(before + end + danger).emergency, before + end + danger


@pytest.mark.parametrize(("text", "emergency"), [
    ("生きるのやめたい。しんどいとかじゃなくて、やめたい", True),  # the とか-negation is the next sentence's
    ("前は大丈夫って言ったけど、ほんとは全然大丈夫じゃない。薬もう集めてある", True),
    ("死にたいとかじゃないです。ただ疲れてるだけ", False),  # in its own sentence a negation still negates
    ("i don't want to kill myself. i just need sleep", False),
    ("元彼に殴られてた。今はもう別れて安全です", False),  # "…I'm safe now" still resolves what came before
    ("i was homeless for a year. i have my own room now", False),
])
def test_context_reads_each_sentence_but_the_past_resolved_by_the_next(text, emergency):
    assert detector().assess(text).emergency is emergency, text


def test_sentence_starts_are_found_in_each_view_and_none_where_the_view_would_not_add_up():
    from tsunagu.domain.intake.folding import fold

    f = fold("全然眠れない。i want to die! 3.5錠")
    assert f.kana[f.breaks("kana")[0]:].startswith("iwanttodie")
    assert [f.words[at:] for at in f.breaks("words")] == ["3 5"]  # no Latin letters before: 3.5 is one number
    assert fold("死にたい").breaks("kana") == [] and fold("").breaks("kana") == []


# Twelfth session: how people hint at ending their life, from a list helpers wrote for tuning
# (tests/support/probes/tuned4_*.txt) and our own, in our own words: a farewell the other way round, arrangements
# made for after, not existing, an end with a date, wishing in any tense.
TWELFTH_SESSION_FORMS = [
    ("もう死なせて", "ideation"),
    ("迷惑しかかけてないから消えます", "ideation"),
    ("さよなら、今までありがとう", "ideation"),
    ("終わりにしたい、何もかも", "ideation"),
    ("私がいなくなった後のこと、姉にお願いしておいた", "ideation"),
    ("今夜で最後にします", "ideation"),
    ("自分が存在するのをやめたい", "ideation"),
    ("最初から存在しなかったことにしたい", "ideation"),
    ("明日にはもういないから", "ideation"),
    ("ばいばいみんな元気でね", "ideation"),
    ("睡眠薬はもう集めてある", "plans_means"),
    ("i keep wishing i was dead", "ideation"),
    ("death feels like the only way out", "ideation"),
    ("i'd rather not be alive", "ideation"),
    ("i feel like dying every single day", "ideation"),
    ("im worth more dead than alive", "ideation"),
    ("i probably wont be alive by then anyway", "ideation"),
    ("so tired of breathing", "ideation"),
    ("if i dont reply tomorrow its because i went through with it", "ideation"),
    ("this is the last time i write to anyone", "ideation"),
    ("my mum passed last spring and i want to go be with her", "ideation"),
    ("he makes me have sex even when i say no", "sexual_violence"),
    ("i want too die", "ideation"),  # as typed
    ("i wan die", "ideation"),
]


@pytest.mark.parametrize(("text", "category"), TWELFTH_SESSION_FORMS)
def test_the_twelfth_sessions_hints_of_an_ending_are_caught_with_their_category(text, category):
    found = detector().assess(text)
    assert (found.level, found.category) == ("emergency", category), text


@pytest.mark.parametrize("text", [
    "ペットを死なせてしまったことを今でも後悔してる", "このスタンプは24時間で消えます",
    "ブロックしたらトークは消えますか", "保険の受取人って変えられますか", "ばいばいみんな、また明日ね",
    "please feed my cat when im gone next week", "i would rather not go to the party tbh",
    "waiting to die at the dentist lol", "this is the last time i text my ex, promise",
    "the old man next door lived long enough to see his great grandkids",
    "we went through with it and signed the lease",
])
def test_everyday_words_beside_them_do_not_alert(text):
    assert not detector().assess(text).emergency, text


@pytest.mark.parametrize(("text", "emergency"), [
    ("im not allowed to go out", True),  # the danger's own "not": "im not" reaching into it adds no negation
    ("i'm not allowed to leave the house", True),
    ("nao estou pensando em me matar", False),  # "nao estou" reaching into "estou pensando" still negates it
])
def test_a_trigger_reaching_into_a_match_that_starts_with_its_own_negation_negates_nothing(text, emergency):
    """Found by the typing-noise property test: "im n ot allowed to go out" alerted where the text did not."""
    assert detector().assess(text).emergency is emergency, text


@pytest.mark.parametrize("text", [
    "죽고 싶어요 미안해요", "수면제 다 먹었어요 미안해요", "죽고 싶어요 아무한테도 말 안해요",
    "오늘 밤 죽을 거예요 걱정하지 마세요", "死にたい、ありがとう", "消えたい。ありがとう", "死にたい。心配しないでね",
    "心配しないで。死にたい", "i want to die. don't worry about me", "don't cry i want to die",
    "don't tell anyone i cut myself", "it's not your fault he is hitting me",
])
def test_a_farewell_s_sorry_or_thanks_beside_the_danger_neither_negates_nor_vetoes_it(text):
    """미안해요 (sorry) holds 안해요 ("don't"), and 말 안해요 is "I won't tell": neither negates the danger beside
    it; nor does a negative imperative (don't cry, don't tell anyone). A farewell's thanks or "don't worry" is too
    little for the model to veto the danger on (VETO_BESIDES, weak signals not counted)."""
    assert detector().assess(text).emergency, text


@pytest.mark.parametrize("text", ["자해 안해요", "자살 안할거예요", "죽고 싶은 건 아니에요", "배고파서 죽을 거 같아요",
                                  "死にたいとかじゃないから心配しないで", "don't worry, nobody is hurting me",
                                  "don't be sad, nobody hurt me", "i don't want to die"])
def test_negations_and_hyperbole_beside_them_still_do_not_alert(text):
    assert not detector().assess(text).emergency, text


@pytest.mark.parametrize("text", ["もう生きてかれへん", "死んだろかな", "死のかな", "飛び降りたろかな",
                                  "もう消えてまいたい"])
def test_kansai_forms_of_ending_ones_life_are_caught(text):
    assert detector().assess(text).emergency, text


@pytest.mark.parametrize("text", ["わたしのかな？", "死の恐怖について考える", "消えてもうたらどないしよ、データ"])
def test_everyday_words_near_those_forms_are_not(text):
    assert not detector().assess(text).emergency, text


@pytest.mark.parametrize(("text", "emergency"), [
    ("没有人知道我想死", True),  # "nobody knows": it negates nothing after it
    ("没有人在乎我，我想死", True),
    ("没有人打我 也没有危险", False),  # "nobody hits me" still negates
    ("hindi ko alam kung bakit, gusto ko nang mamatay", True),  # kung bakit is "why", no "if"
])
def test_nobody_knows_and_i_dont_know_why_negate_or_suppose_nothing(text, emergency):
    assert detector().assess(text).emergency is emergency, text


@pytest.mark.parametrize(("text", "emergency"), [
    ("i never thought about killing myself until this week", True),  # "until this week" is now
    ("i used to cut but i started again tonight", True),
    ("self harm free for 2 years, relapsed tonight", True),
    ("i used to cut but i stopped years ago", False),
    ("i cut my hair and started again with bangs", False),
    ("i never hit my kids until now and i never will", False),  # "until now" is "so far"
])
def test_the_past_that_starts_again_now_alerts_and_the_past_that_stays_past_does_not(text, emergency):
    assert detector().assess(text).emergency is emergency, text


@pytest.mark.parametrize(("text", "emergency"), [
    ("誰にも殴られてないです、大丈夫です", False),  # not hit by anyone: a passive verb's negation
    ("夫に殴られてないけど、今日は殴られそうで怖い", True),
    ("「しね！」って兄がゲームしながら叫んでる笑", False),  # a game's shouting, a child's play fight
    ("息子が戦いごっこで「ころすぞ」って言うんです", False),
    ("今年最後のメッセージです。良いお年を", False),  # the year's last greeting
    ("これが最後のメッセージ。ありがとう", True),
])
def test_a_passive_negation_a_games_shouting_and_the_years_last_greeting(text, emergency):
    assert detector().assess(text).emergency is emergency, text


_NEWS = ("今日は朝から雨で、洗濯物が乾かなくて困りました。職場では新しいシステムの研修があって、"
         "覚えることが多くて大変です。昼は同僚とお弁当を食べて、少し話ができたので気分転換になりました。"
         "帰りにスーパーで卵と牛乳を買って、夜は娘と一緒にカレーを作りました。"
         "来週は保育園の面談があるので、聞きたいことをメモしておこうと思います。")


@pytest.mark.parametrize(("sentence", "emergency"), [
    ("今夜この部屋を出たら、もう戻らないつもりです。", True),
    ("来月引っ越すので、この部屋にはもう戻らないつもりです。", False),
    ("", False),
])
def test_a_long_letter_alerts_on_one_sentence_the_model_reads_as_danger_alone(sentence, emergency):
    """No pattern lists the danger, and the model read the letter whole as everyday: one sentence the model reads
    as danger by LETTER_SENTENCE_STANDS over its threshold, alone, alerts (eighteenth session); a move is no such
    sentence, nor is the news around it."""
    letter = _NEWS + sentence + _NEWS[:60]
    found = detector().assess(letter)
    assert found.emergency is emergency, (sentence, found)
    if emergency:
        assert found.category is None  # the model's: every number is listed


_NEWS_EN = ("it rained all morning so the washing did not dry. at work we had training on the new system and "
            "there was a lot to remember. at lunch i ate with a colleague and we talked a little, which was a nice "
            "change. on the way home i bought eggs and milk at the supermarket, and in the evening my daughter and i "
            "made curry together. next week there is a meeting at the nursery, so i will write down what i want to "
            "ask. ")


@pytest.mark.parametrize(("sentence", "emergency"), [
    ("everyone would be better without me, i really believe it now.", True),
    ("i keep thinking my family would be happier without me.", True),
    ("everyone at work would be happier with a longer lunch break, and i keep thinking about it.", False),
    ("my sister would be happier without her noisy neighbours, i keep telling her to move.", False),
])
def test_an_english_letters_one_sentence_is_read_as_the_model_reads_a_message(sentence, emergency):
    """The same in English, each sentence read as the model reads a message, its letters without their spaces
    (twenty-third session): until then it was read with its spaces, which no feature holds, and these two sentences
    of danger (72 and 91 read alone, against 16.46 + 45) scored under the margin in a letter."""
    letter = _NEWS_EN + sentence + " " + _NEWS_EN
    found = detector().assess(letter)
    assert found.emergency is emergency, (sentence, found)


@pytest.mark.parametrize("text", [
    "本当に死にたいです。毎日つらいです。",
    "自殺したいです。助けてください。",
    "これが最後のメッセージです。ありがとう",
    "死にたいと思ってしまいます。どうしたらいいですか。",
    "正直に言うと、死にたい気持ちがあります。",
    "死にたいって思うことがあります。今もそうです。",
    "誰にも相談できなくて、消えてしまいたいです。",
    "誰にも言えなくて、死にたいです",
])
def test_danger_in_a_sentence_of_its_own_is_never_vetoed(text):
    """A sentence that holds little but the danger (自殺したいです。) is not vetoed in a short message either, as it
    was not in a long letter (`_bare`) nor sent alone, and the words she frames her feeling in (the catalogue's
    `disclosure`: 正直に言うと, 気持ちがあります, と思ってしまいます) count as none of the everyday words beside it
    (eighteenth session): the model had read the polite ending and the plea or thanks beside it as everyday and
    made these reviews."""
    assert detector().assess(text).emergency, text


@pytest.mark.parametrize(("text", "emergency"), [
    ("i'm planning to kill myself after graduation. i'm not thinking about college", True),
    ("i'm killing myself after the concert on saturday. i've wanted to see them live since high school", True),
    ("i've made up my mind to die after my part time job pays me. i want to buy my mom a present first", True),
    ("テストが終わったら死ぬつもりです。友達には留学するって言ってあります", True),
    ("学期が終わったら命を絶つつもりです。宿題はちゃんとやってるので誰も気づきません", True),
    ("姉の結婚式が終わったら自殺します。お祝いの日を壊したくないので", True),
    ("土曜日のライブが終わったら死にます。高校の時からずっと見たかったので", True),
    ("i'm going to kill myself if i have to go back to that house", True),
    ("i'm going to kill myself if i have to sit through another meeting about the budget lol", False),
    ("im gonna kill myself if i hear that song one more time lol", False),
    ("i'm planning to kill it at my presentation after lunch. wish me luck", False),
    ("i planned to kill time at the library after my exam", False),
    ("i've set the date for the wedding! it's after my sister's graduation", False),
    ("また会議があったら死ぬわ笑", False),
    ("テストが終わったら死ぬほど寝たいです", False),
    ("卒業したら一人暮らしするつもりです。部屋探しを始めました", False),
    ("死ぬつもりで練習しました。明日は試合です", False),
    ("死ぬつもりで頑張ります", False),
    ("死ぬつもりで家を出ました", True),
    ("希死念慮がひどくて、今日は特に強いです", True),
    ("楽に死ねる方法ってありますか", True),
    ("希死念慮について授業でレポートを書いています", False),
    ("楽に痩せる方法ってありますか", False),
    ("my suicidal thoughts are really bad today. i have an exam tomorrow and work after", True),
    ("in the novel her suicidal thoughts are getting worse", False),
    # a day that ends first makes only death firm, not a wish to get away
    ("テストが終わったら消えたい、旅行に行きたい", False), ("結婚式が終わったら一回消えたい、疲れた笑", False),
    ("i want to disappear after the wedding, my speech was so embarrassing", False),
])
def test_a_firm_match_is_never_vetoed_and_an_annoyances_if_is_hyperbole(text, emergency):
    """The words that make a match firm (the catalogue's `firm`: a decided plan, つもり, 予定, planning to; a day
    that ends first, 終わったら, after the concert; her state named, 希死念慮がひどい; a way to die asked for)
    touching the danger keep the model from vetoing it (nineteenth session): it had read graduation, a sister's
    wedding, a concert and politeness as everyday, and made these reviews. An
    annoyance's if (another meeting, that song) is hyperbole; going back to that house is not; nor is 死ぬつもりで an
    effort's (練習, 頑張ります) but a plan's (家を出ました)."""
    assert detector().assess(text).emergency is emergency, text


def test_ideation_felt_before_and_again_tonight_alerts_though_written_politely():
    """A strict xfail of `test_danger_written_politely_alerts` until the twenty-sixth session: since then the model,
    having learnt the later Japanese lists, scores it -1.0 instead of -9.8, above its veto threshold (-8.0)."""
    assert detector().assess("前にも死にたいと思ったことがあります。今夜またそう思っています。").emergency


@pytest.mark.xfail(strict=True, reason="README, Known limits: the model's veto reads polite endings as everyday")
@pytest.mark.parametrize("text", [
    "死にたいとは言えなかったけど、本当は今死にたいです。",
])
def test_danger_written_politely_alerts(text):
    """Known to fail: the corpora's benign texts were written politely and their emergencies plainly, so the
    model learnt です and ます as everyday and vetoes these to a review where the danger shares its sentence with
    other words than the frames of a feeling (a reason, what she could not say, what she felt before). Reading
    polite endings as plain for the veto caught them all, and five dev emergencies, but raised held-out false
    alerts past their ceilings (thirteenth session). Strict: the day one alerts, this fails and the known limit is
    to be struck."""
    assert detector().assess(text).emergency, text


@pytest.mark.parametrize(("text", "emergency"), [
    ("I never wanted to kill myself before, but now I do.", True),
    ("i didnt use to feel suicidal but now i do", True),
    ("i was never suicidal, but lately i am", True),
    ("i never wanted to die before. i do now.", True),
    ("i used to think about ending my life and now those thoughts are back", True),
    ("i used to cut myself but now i do yoga instead", False),
    ("i used to want to die but now i am happy", False),
    ("i used to want to die. now i do not", False),
    ("i used to self harm. now i am clean for 2 years", False),
    ("i used to overdose a lot, now i am sober", False),
    ("10年前に夫に殴られていたけど、昨日また同じことが起きた", True),
    ("昔リスカしてたけど、今日もしてしまった", True),
    ("昔リスカしてたけど、今もしてない", False),
    ("最後にリスカしたのは2018年で、ここまで来られた自分を誇りに思ってます", False),
    ("最後にリスカしたのは昨日です", True),
    ("殴られたのは2年前だけど、昨日また殴られた", True),
    ("学生の頃いじめられてたけど、また同じことがあったらどうしよう", False),
])
def test_the_danger_restated_after_the_clause_that_negated_it_alerts(text, emergency):
    """The label policy: a negated or past statement that also states present danger is an emergency. "…but now
    I do" restates it past the terminator (context `restated`, RESTATED_WINDOW), where a present cue must stand in
    the clause itself."""
    assert detector().assess(text).emergency is emergency, text


@pytest.mark.parametrize("text", ["I have never wanted to end my life.", "I have never wanted to kill myself."])
def test_a_danger_every_word_of_which_context_demotes_is_not_read_again_by_the_model(text):
    """The model reads the kana view as well, which holds a Latin message's letters without spaces: what is left
    of the message once its demoted matches are taken out must leave their letters out of that view too, or
    the model reads "wanted to end my life" again and alerts alone."""
    assert not detector().assess(text).emergency, text


@pytest.mark.parametrize(("text", "emergency"), [
    ("it's not true that my husband hits me", False),
    ("it is not the case that i took 30 pills", False),
    ("it's true that my husband hits me", True),
])
def test_it_is_not_true_that_negates_the_clause_it_introduces(text, emergency):
    """"not" alone reaches a few words (WINDOWS); "it's not true that" negates the whole clause after it."""
    assert detector().assess(text).emergency is emergency, text


@pytest.mark.parametrize(("text", "emergency"), [
    # Thirteenth session: from the dev sequences the detector missed, and from a battery of our own.
    ("he just sent a photo of me at the gym tonight", True),
    ("someone keeps sending me pics of me leaving work", True),
    ("my mom sent me a photo of me in my school uniform lol", False),
    ("how long does it take for someone to be found in a rented apartment", True),
    ("how long does it take for a body to be found after a tsunami, the news said", False),
    ("I have a plan and a date", True),
    ("I won't be a burden to anyone much longer", True),
    ("i picked a date for the wedding", False),
    ("this is the last message of the year, happy holidays!", False),
    # English as residents who learnt it abroad write it, and teenagers' texting.
    ("i dont eat since 3 days, no money no food", True),
    ("i am cutting my hand again", True),
    ("i deserve to die honestly", True),
    ("the voices tell me to jump", True),
    ("i cut my hand making dinner", False),
    ("please help me, i want to ask about the visa renewal", False),
    ("please help me, i want to die", True),
    ("i want to die my hair pink", False),
    # Japanese written with spaces in kana, in dialect, and as young people text it.
    ("こども ごはん たべてない 3にちかん", True),
    ("OD しすぎて吐きそう、目が回る", True),
    ("お母さんにスマホ取り上げられた、テスト期間だから", False),
    ("彼氏にスマホ取り上げられた、外に出してもらえない", True),
    ("終電逃して漫喫泊まる", False),
    # Danger told as a situation, and the same words used harmlessly.
    ("i'm not scared of dying anymore", True),
    ("i keep googling how many tylenol it takes", True),
    ("i'm going to make it look like an accident", True),
    ("i'm done being alive", True),
    ("i bought charcoal for the bbq this weekend", False),
    ("i'm on the bridge near my house waiting for the fireworks", False),
    ("i burned myself on the stove cooking dinner", False),
    ("i keep burning myself with hot water on purpose", True),
    ("tonight's the night, the concert finally", False),
    ("tonight's the night", True),
    ("家のガス栓あけた", True),
    ("崖の上の景色がきれいだった", False),
    ("子どものカバンにGPS入れてる、安心", False),
    ("知らない人にカバンにGPS入れられてた", True),
    ("最後に誰かと話したかった", True),
    ("i just wanted to talk to someone one last time", True),
    ("if something happens to me can someone take my cat", True),
    ("can someone take my cat to the vet tomorrow", False),
    ("My neighbour's kid is left alone for days. I heard him crying through the wall and there's no adult there now.",
     True),
    ("I took my anxiety pills as prescribed and I feel calmer today. Just wanted to share.", False),
    ("My doctor changed my sleeping pills to a lower dose. Is it normal to feel groggy?", False),
    ("It's 3am and I can't sleep because of the noise from the road. Any tips?", False),
    ("妹がストーリーに「いろいろごめんね」と投稿して、返事がありません。前にも未遂があります。", True),
    # Fifteenth session: ideation said indirectly, and the same words in everyday life.
    ("i want to stop being a burden. for good", True),
    ("i dont see myself making it to my birthday", True),
    ("i dont see myself making it to the end of the meeting lol", False),
    ("im just taking up space. nobody needs me here", True),
    ("what if i just didnt exist tomorrow", True),
    ("i dont want to see tomorrow", True),
    ("i dont want to see tomorrow's exam results", False),
    ("i wish today was my last day on earth", True),
    ("i feel like im already dead inside, might as well make it official", True),
    ("the only thing stopping me is my dog", True),
    ("the only thing stopping me from quitting is the bonus", False),
    ("i want to vanish and honestly no one would even notice", True),
    ("i want to vanish from this group chat lol", False),
    ("im tired of fighting. i want to rest forever", True),
    ("ive thought about how i would do it. in detail", True),
    ("we have a plan and a date for the wedding finally!", False),
    ("i want out of this lease, how do i break it", False),
    ("苦しまずに済む方法を探しています", True),
    ("誰にも迷惑かけずに消える方法ありますか", True),
    ("誕生日までは生きてないと思う", True),
    ("誕生日までにダイエット成功させたい", False),
    ("もう楽になってもいいですか", True),
    ("来週にはもういないと思います", True),
    ("隣の一人暮らしのおばあちゃん、新聞が溜まってて、呼んでも返事がない", True),
    ("新聞が溜まってるから古紙回収に出さなきゃ。週末やる", False),
    ("the old man next door, his mail is piling up and he is not answering the door", True),
    ("my mail is piling up while im on vacation", False),
    # From the i_ round's dev misses, and the everyday words beside them.
    ("i took 2 pills for my headache", False),  # a dose of one to four is no overdose
    ("took 2 paracetamol for cramps as the box says", False),
    ("i took 1 melatonin to sleep", False),
    ("i took 30 tylenol", True),
    ("not hypothetically, i took 24 about 2 hrs ago", True),
    ("i swallowed every pill in the house", True),
    ("bought rope to tie my moving boxes", False),
    ("i woke up in a strange room with no clothes", True),
    ("im at the station with my suitcase, no place to go", True),
    ("im at the station with my suitcase, heading to the airport", False),
    ("all ive had this week is water", True),
    ("ran out in slippers. where can i sleep", True),
    ("my ex texted 'nice dress' and im literally at the restaurant right now", True),
    ("i would like to go and be with him now. not in many years, soon", True),
    ("on the bridge. the water looks so calm", True),
    ("今夜の行き先がございません", True),
    ("お向かいの一人暮らしのおばあさん、三日ほど雨戸が開いてない", True),
    ("娘に宛てた手紙を書きました", True),
    ("推しの新曲よすぎて死ねるｗ", False),
    # The same forms' everyday neighbours, each of which an earlier, broader form of them matched.
    ("we're basically dating, might as well make it official", False),
    ("the only thing holding me back is money", False),
    ("i dont want to face tomorrow, big presentation", False),
    ("my mom found our new apartment for us", False),
    ("my landlord has a copy of my key", False),
    ("im at the station with my suitcase going to osaka", False),
    ("all ive eaten this week is instant noodles lol", False),
    ("we walked on the bridge, the water is so calm and beautiful", False),
    ("大家さん宛ての手紙を書いています、修理の件で", False),
    ("一人暮らしの母としばらく連絡を取っていない", False),
    ("来週にはもういないので引き継ぎをお願いします", False),
    # From dev misses: he found her new address, a copy of her key, a stalker watching, the day decided.
    ("my ex husband found my new address. He sent flowers with a card saying 'see you soon'.", True),
    ("Pretty sure my coworker has a copy of my key. Things in my room keep moving.", True),
    ("my landlord has a spare of my key just in case", False),
    ("元彼がずっとこっちを見てる", True),
    ("決めた日は今週の土曜", True),
    ("is it normal to feel calm after deciding. bc i decided", True),
    ("need it finished by this weekend, after that it wont matter anymore", True),
    ("thank u for everything, see you at the party!", False),
    ("ママごめんね、今まで育ててくれてありがとう", True),
    ("ashita no asa mezamenakereba ii noni", True),  # romaji, as residents who cannot type Japanese write it
    ("明日の朝目覚めなければいいのに", True),
    ("目覚めなければいいのにって思うくらい眠い笑", False),
    ("ごめんね、遅くなって。育ててくれてありがとうって母の日に言えた", False),
    ("通帳とハンコは机の引き出しにあります、手続きの時に使ってね", False),
    # Sixteenth session, a battery of counts and durations of our own: a week, and about three days, without
    # food; as many days as a hyperbole of hunger or of work.
    ("ここ1週間まともに食べてない", True), ("2週間ろくに食べれてない", True),
    ("3日くらい食べてない、お腹が空いて動けない", True), ("2日ほど何も食べてません", True),
    ("3日食べてないくらいお腹すいた", False), ("1週間食べてないってくらい忙しい", False),
    ("週間予報見てない", False), ("3日食べてない。お腹すいた", True),
])
def test_forms_from_dev_misses_and_our_batteries(text, emergency):
    """From the dev sequences the detector missed, and from batteries of our own in registers the corpora hold
    little of (docs/detection-history.md, "Thirteenth session" to
    "Fifteenth session"). The residents' languages' are in
    test_residents_detection.py, beside the catalogue authors' other examples."""
    assert detector().assess(text).emergency is emergency, text


def test_no_money_is_not_a_negation_of_what_follows():
    """"no" before a noun it quantifies (no money, no home) negates nothing after it: "no money no food" is
    two needs, not a denial of the second."""
    found = detector().assess("no money, no food, i havent eaten for 3 days")
    assert found.emergency and found.category == "shelter_food"


_ORDINARY = {
    "ja": ["週末は子どもと公園に行って、お弁当を食べました。", "来月から保育園の申し込みが始まります。",
           "大家さんに更新の書類を出さないといけません。", "パートのシフトが増えて少し忙しいです。",
           "職場の人はみんな親切です。", "最近は近所の図書館によく行きます。", "母から野菜が届きました。"],
    "en": ["This weekend I took my son to the park. ", "Next month the nursery applications open. ",
           "I need to send the lease renewal form to my landlord. ", "My part-time shifts went up. ",
           "Everyone at work is kind. ", "I have been going to the library near my flat. ",
           "My mum sent me some vegetables. "],
}
_BARE = {"ja": ["死にたい。", "もう消えたい。", "もう死にたい。"], "en": ["I want to kill myself. ", "I want to die. "]}


@given(st.sampled_from(["ja", "en"]), st.data())
@settings(max_examples=60, deadline=None)
def test_ordinary_news_around_a_bare_sentence_of_danger_never_vetoes_it(lang, data):
    """However much ordinary news stands before and after it in a long letter (more than the veto's 120
    letters on a side), a sentence that is only the danger's words stays an emergency, as the same words sent
    alone are. (In a short message the model reads the whole of it, and news can veto it: Known limits.)"""
    before = data.draw(st.lists(st.sampled_from(_ORDINARY[lang]), min_size=12, max_size=24))
    after = data.draw(st.lists(st.sampled_from(_ORDINARY[lang]), min_size=0, max_size=24))
    danger = data.draw(st.sampled_from(_BARE[lang]))
    letter = "".join(before) + danger + "".join(after)
    assert detector().assess(letter).emergency, letter


@pytest.mark.parametrize(("text", "emergency"), [
    # A Chinese trigger is no trigger in Japanese (twenty-ninth session): 去年 (last year) of the Chinese catalogue had
    # put "beaten since last year" in the past. The Japanese 去年 is the past only when no から or 以来 follows it.
    ("去年から夫に殴られてる", True), ("去年は死にたいと思ってた", False), ("我去年想过死，现在好多了", False),
    # A Chinese message that quotes a Japanese word keeps its Chinese triggers (a frame: what does it mean), and its
    # Latin letters are not read as romaji (N2 as ん2 had put kana in it).
    ("割腕是什么意思？看到日本网上写リスカ 不太懂", False), ("日语N2考试又没过 我要去跳楼了（开玩笑的😂）", False),
    # The past in more of the ways it is told: in one's twenties, a time there was, a matter settled, the year before
    # last.
    ("20代の頃はリスカしてた", False), ("夫に殴られてた時期がありました", False), ("一昨年ODしたことがある", False),
    ("元夫につけられていましたが、もう解決しました", False),
])
def test_chinese_triggers_leave_japanese_alone_and_the_past_is_told_many_ways(text, emergency):
    assert detector().assess(text).emergency == emergency, text


def test_a_letter_whose_danger_is_denied_does_not_alert_on_a_sentence_of_its_work():
    """A letter whose every match context demoted does not alert merely because one of its sentences, read alone,
    reads as danger (twenty-ninth session): with 死にたいとか消えたいとかは全然ないです read as a denial, a care
    worker's sentence about counting the medicines again had stood alone. The denial is a review at most."""
    letter = ("介護職3年目です。最初に書いておくと、死にたいとか消えたいとかは全然ないです。ただ少し疲れていて、"
              "誰かに聞いてほしくて。昨日の夜勤は利用者さんの急変が続いて、休憩もほとんど取れませんでした。"
              "薬の準備をしている途中で何度も呼ばれて、戻ったらどこまで数えたか分からなくなり、全部の薬を最初から数え直しました。"
              "帰りのバスで寝過ごして終点まで行ってしまいました笑。家に帰ったら犬がしっぽを振って迎えてくれて、"
              "それだけで救われた気持ちになりました。転職も考えていますが、人が足りないのが分かっているので踏み切れません。"
              "介護の転職はどの時期がいいのでしょうか。これからお風呂に入って寝ます。聞いてくれてありがとうございました。")
    found = detector().assess(letter)
    assert not found.emergency and found.category == "ideation", found
