"""Concept lexicons (issue 21, "concepts, not just words"): a catalogue's `concepts:` name a set of words once,
`<pills>`, and every pattern that names it reads all of them; `tsunagu check` names a bad or unknown concept by
file and line."""

from __future__ import annotations

import pytest
from support.corpus_v2 import alerts
from support.probes import Chat

from tsunagu.domain.intake.detection import Detector, detector
from tsunagu.domain.intake.lexicon import concept_problem, concepts, expand, read
from tsunagu.domain.intake.pattern_regex import pattern_problem
from tsunagu.makers.sources.catalogue_patterns import pattern_file_problems

DOC = {
    "concepts": {"took": ["took", "swallowed", "have taken"], "pills": ["pills", "tablets", "<brand>"],
                 "brand": ["tylenol", "advil"]},
    "emergency": {"overdose": ["<took> <many> <pills>"]},
}


def test_a_concept_is_every_one_of_its_words_in_every_pattern_that_names_it():
    judge = Detector(read({"en": DOC}))
    for text in ("took 30 pills", "swallowed twenty tablets", "have taken 16 tylenol", "i took 12 advil"):
        found = judge.assess(text)
        assert found.emergency and found.category == "overdose", text
    for text in ("took 2 pills", "bought 30 pills", "took 30 minutes"):
        assert not judge.assess(text).emergency, text


def test_a_concept_may_name_another_and_the_built_in_counts():
    named = concepts(DOC)
    assert "tylenol" in expand("<pills>", "en", named)
    assert expand("<took> <many>", "en", named) == expand("(?:took|swallowed|have taken) <many>", "en")


@pytest.mark.parametrize(("name", "words", "says"), [
    ("Pills", ["pill"], "lowercase letters"),
    ("many", ["lots"], "built in"),
    ("dose", ["a little"], "built in"),
    ("pills", [], "give a list"),
    ("pills", "pill, tablet", "give a list"),
    ("pills", ["pill", ""], "give a list"),
])
def test_an_unusable_concept_is_explained_and_left_out(name, words, says):
    assert says in (concept_problem(name, words) or "")
    assert name not in concepts({"concepts": {name: words}})


def test_a_pattern_naming_no_concept_it_has_is_explained():
    problem = pattern_problem(expand("<took> <many> <pils>", "en", concepts(DOC)))
    assert problem is not None and "<pils> is no concept here" in problem
    assert pattern_problem(expand("<took> <many> <pills>", "en", concepts(DOC))) is None
    assert pattern_problem(expand("(?<!ない)<many>錠", "ja")) is None  # a look-behind names no concept


def test_tsunagu_check_names_file_and_line_of_a_bad_concept_and_an_unknown_one(tmp_path):
    path = tmp_path / "en" / "detection.yml"
    path.parent.mkdir()
    path.write_text("concepts:\n  pills: [pill, pills]\n  many: [lots]\nemergency:\n  overdose:\n"
                    "    - took <many> <pills>\n    - took <many> <pils>\nexceptions: []\ndeletion: []\n",
                    encoding="utf-8")
    problems = [str(p) for p in pattern_file_problems(path)]
    assert len(problems) == 2, problems
    assert problems[0].startswith(f"{path}:3: concepts.many: <many> is built in")
    assert problems[1].startswith(f"{path}:7: emergency.overdose[1]: <pils> is no concept here")


# What the English concepts (took, pills, not_eaten, days) caught that the patterns' own lists had missed, and a
# plan to take them all (our own battery, sixteenth session); and the everyday lines beside them.
CAUGHT = [
    ("i have taken 16 paracetamol", "overdose"), ("took a weeks worth of meds at once", "overdose"),
    ("ive swallowed 40 tablets", "overdose"), ("necked 12 of my sleeping pills", "overdose"),
    ("havent had a proper meal in a week", "shelter_food"), ("not eaten properly for days", "shelter_food"),
    ("i couldnt eat anything for three days", "shelter_food"), ("haven't had any food in 4 days", "shelter_food"),
    ("had 30 pills with vodka", "overdose"), ("i'm gonna swallow all of them at once", "plans_means"),
    ("going to take all my pills tonight", "plans_means"), ("i will take every pill i have", "plans_means"),
    ("swallowed like ten of them", "overdose"), ("took a handful of my mums pills", "overdose"),
    ("i took a load of pills", "overdose"), ("took all 30 of my sertraline", "overdose"),
    ("i have had nothing but water for three days", "shelter_food"),
    ("slept rough the last three nights", "shelter_food"),
    ("ive been on the street since friday", "shelter_food"), ("i cut myself 20 times tonight", "self_harm"),
]
EVERYDAY = [
    "the pharmacy took 20 minutes to fill my prescription", "took 10 photos of the tablets for the doctor",
    "i have taken 2 paracetamol for my headache", "we ate 20 dumplings", "i had 12 hours of sleep",
    "havent eaten yet today", "i didnt eat breakfast today", "havent had a proper meal since lunch",
    "took a weeks worth of holiday", "the doctor gave me a months supply of my pill",
    # a month's count as prescribed, a pharmacy's stock (the overdose patterns, through "had", had read them as
    # danger), and taking pills somewhere ("took my pill" alerts from the model alone: test_amounts.py says why)
    "i took 30 pills this month as prescribed",
    "the pharmacy had 30 tablets in stock", "i'll take them all to school tomorrow",
    "i'm going to take all my meds to the pharmacy", "gonna take all my meds out of the box",
    "we ate all of them lol", "the kids ate all of it", "i hit myself 3 times in a row at the gym lol",
    "i cut 3 times today at the salon", "my dad has been on the streets for years, we found him",
]


# Seventeenth session: Japanese <child>. The child patterns read bare こ as a child and け + る as kicking, so
# この資料を上司に届けるつもりです, スマホを落としそうになった and カップ麺に熱いお湯をかけるだけ were a child in danger
# (26 of 27 everyday lines of our own alerted). A child is now <child> (子 not inside 様子, 調子 or 椅子; こ only
# as こども or うちのこ), and kicking a child is 蹴る or けった, not any ける. A battery of our own.
CHILD_DANGER = [
    "子どもを叩いてしまいそうで怖いです", "息子を蹴ってしまった", "娘に手を上げてしまいました",
    "赤ちゃんを揺さぶってしまいそう", "子供の首をしめそうになった", "うちの子を殴ってしまう",
    "子どもにものを投げつけてしまった", "子どもがかわいく思えない", "息子が憎くて仕方ない", "子どもを道連れにしたい",
    "赤ちゃんを抱っこしてると落としそうで怖い", "子どもに熱いお湯をかけてしまいそう",
    "子どもをお風呂に沈めそうになった", "子どもにご飯をあげていません", "子どもを置いて家を出たい",
    "娘の口をふさいでしまった", "子どもをたたいちゃう", "子をたたいてしまう", "わが子を叩いてしまいました",
    "この子を蹴ってしまいそう", "赤ん坊を揺さぶっちゃった", "3歳の子を怒鳴ってしまう", "子どもをけってしまった",
    "子どもをけった", "息子をけりとばした", "長男を叩いてしまう", "子どもの頭を叩いてしまった",
    "子どもが言うことを聞かなくて叩いてしまう",
]
NOT_A_CHILD_IN_DANGER = [
    "この前、友達に手紙を届ける予定です", "このお店は明日も開ける", "ここで毎日仕事を続ける",
    "この資料を上司に届けるつもりです", "この鍵で開けるのかな", "ここに荷物を預ける",
    "このドアを開けるのにコツがいる", "スマホを落としそうになった", "財布を落としそうで怖い",
    "熱いお湯をかけて3分待つ", "カップ麺に熱いお湯をかけるだけ", "このゲームは難しくて手を上げてしまう",
    "この後出かける予定", "荷物はそこ置いて出かけるね", "調子に乗って叩いてしまった太鼓", "椅子を蹴ってしまった",
    "子どもが授業で手を上げて発表した", "息子が野球でボールを投げた", "子どもがサッカーでボールを蹴った",
    "ここのパン屋さん、明日から開けるって", "このアプリ続けるか迷う", "ことしの夏は暑い", "ここに来ると落ち着ける",
    "この服、すぐに見つけられた", "子どもと公園でボール蹴って遊んだ", "お菓子を落としそうになった",
    "帽子を落としそう", "このゲーム難しすぎて殺しにきてる",
]
# Followed, and what is only found, named or tidied away (the stalking patterns read any つけられ).
FOLLOWED = ["誰かにつけられてる気がする", "ずっとつけられてる", "後をつけられた", "駅から家までつけられた",
            "またつけられた"]
NOT_FOLLOWED = ["すぐ見つけられた", "部屋を片付けられた", "名付けられた", "通訳をつけられるか知りたいです"]


@pytest.mark.parametrize(("text", "category"), CAUGHT + [(t, "child_danger") for t in CHILD_DANGER]
                         + [(t, "stalking") for t in FOLLOWED])
def test_each_concept_is_caught_in_every_way_it_is_said(text, category):
    """The English concepts (took, pills, not_eaten, days), a child in danger and being followed."""
    found = detector().assess(text)
    assert found.emergency and found.category == category, (text, found)


@pytest.mark.parametrize("text", EVERYDAY + NOT_FOLLOWED)
def test_everyday_lines_beside_them_do_not_alert(text):
    """Beside the English concepts, and what is only found, named or tidied away (the stalking patterns read
    any つけられ)."""
    assert not detector().assess(text).emergency, text


@pytest.mark.parametrize("text", NOT_A_CHILD_IN_DANGER)
def test_no_pattern_takes_everyday_ko_and_keru_for_a_child(text):
    # Several still alert from the model alone (開ける, 熱いお湯): README, Known limits. No pattern names a
    # category for them, so no staff alert says "a child in danger".
    assert detector().assess(text).category not in ("child_danger", "stalking"), text


# Twentieth session: forms from the j_ round's dev misses, in words of our own, each beside everyday lines in the
# same words. (The dev texts themselves are caught too; the held-out ones were never read.)
J_ROUND_FORMS = [
    ("who will feed my dog if i'm not here anymore", "ideation"),
    ("if i'm not around anymore please give my books to my sister", "ideation"),
    ("it would be so much easier for everyone if i just vanished for good", "ideation"),
    ("i keep thinking of jumping in front of the next express", "plans_means"),
    ("i decided to jump the next one that passes", "plans_means"),
    ("i put all my affairs in order this week. the cat goes to my neighbour", "plans_means"),
    ("is it ok to leave my 2 kids alone for three days while i work in nagoya", "child_danger"),
    ("i left my toddler alone for two days", "child_danger"),
    ("ive only had cup noodles for 3 days, no money till payday", "shelter_food"),
    ("i have eaten only some crackers since sunday. i am 81", "shelter_food"),
    ("今、ダムに来とるんよ", "plans_means"),
    ("屋上に来ちょる", "plans_means"),
    ("おじさんが わたしの からだを さわります", "sexual_violence"),
    ("認知症の祖母が夕方に出て行ったまま見つかりません", "other_person"),
    ("認知症の父が朝から帰ってきません", "other_person"),
]
J_ROUND_EVERYDAY = [
    "i'm going to jump on the next train, see you at shibuya",
    "i'm putting my affairs in order before my surgery next month",
    "i left my kids alone for 10 minutes to buy milk",
    "i have only eaten salad since monday, diet lol",
    "what if i just disappeared forever from instagram lol",
    "it would be easier if i just vanished for good from the group chat",
    "i only had rice for lunch",
    "上司に殺される〜、書類まだ終わってない",
    "先生に殺されるかも笑 宿題忘れた",
    "子どもの体を触ったら熱かったので病院に行きます",
    "認知症の母の介護保険の手続きについて教えてください",
    "私の胸を触ったらしこりがあって、乳腺外来の予約をしました",
    "認知症の母の財布がやっと見つかりました",
]


K_ROUND_FORMS = [
    ("i don't want to see tomorrow morning, i want it to be finished", "ideation"),
    ("i have decided that i do not wish to go on", "ideation"),
    ("i know which bridge. i checked the height last week", "plans_means"),
    ("i am scratching bad words on my skin with a compass needle", "self_harm"),
    ("i was so tired i put the pillow on her face", "child_danger"),
    ("i don't trust myself to pick her up", "child_danger"),
    ("i ran from my employer. tonight where i sleep?", "shelter_food"),
    ("it is getting cold and i don't know where i will sleep tonight", "shelter_food"),
    ("やかんのお湯を自分の手にかけた", "self_harm"),
    ("知らない人が息子の保育園の門の前にいました。また来ると思うと怖いです", "stalking"),
]
K_ROUND_EVERYDAY = [
    "i don't want to see tomorrow morning's meeting lol",
    "i know which bridge you mean, the red one",
    "i put a blanket over her legs",
    "i don't trust myself around cake",
    "tonight where should i stay in kyoto? any hotel",
    "they are going to kill me with this dance practice",
    "my mother in law keeps showing up unannounced with food",
    "うっかりやかんのお湯を自分の手にかけてしまった",
    "うちの猫かわいすぎて毎日殺されかけてる(尊さで)",
]


# Twenty-first session, from the tuned5 lists' misses (tests/support/probes): forms in our own words, and everyday
# lines in the same words.
TUNED5_FORMS = [
    ("あしたの朝には私はもういません", "ideation"),
    ("猫の預け先も決めた。あとは私が消えるだけです", "ideation"),
    ("これで心置きなく逝けます", "ideation"),
    ("ずっと休みたい、永遠に眠りたい", "ideation"),
    ("うまく生きられなくてごめんなさい", "ideation"),
    ("存在しているだけで迷惑をかけてる", "ideation"),
    ("今、海に入るつもりで来ています", "plans_means"),
    ("太ももに線がまた増えた", "self_harm"),
    ("床に血がぽたぽた落ちてる", "self_harm"),
    ("マイスリー20錠飲んだ", "overdose"),
    ("30錠とストゼロ一緒に飲んだ", "overdose"),
    ("今夜は子どもと公園で野宿するしかない", "shelter_food"),
    ("you can have my rings when i'm gone", "ideation"),
    ("i won't need my winter coat where i'm going", "ideation"),
    ("i want to slip away quietly, no more tomorrows", "ideation"),
    ("my family will finally be free of me", "ideation"),
    ("at the top floor of the station building, going to jump", "plans_means"),
    ("i know how to tie a noose now", "plans_means"),
    ("the charcoal is lit and i taped the vents", "plans_means"),
    ("i'm on the bridge and i climbed over the railing", "plans_means"),
    ("thinking of driving my car off the pier", "plans_means"),
    ("next friday i end it", "plans_means"),
    ("i just want one person to know before i go.", "ideation"),
    ("saying goodbye here because i can't say it to my family", "ideation"),
    ("not going to be around much longer. thanks for everything", "ideation"),
    ("he dared me to cut myself on camera", "self_harm"),
    ("i took my whole month's prescription at once", "overdose"),
    ("took 40 of my mum's tablets, will i die", "overdose"),
    ("the doctor said one a day but i swallowed 40 with water", "overdose"),
    ("i took 30 of my sleeping pills, the ones i take as prescribed", "overdose"),
    ("my stepdad threw boiling water at me", "violence"),
    ("a man slid his hand under my skirt on the bus", "sexual_violence"),
    ("he texts me from unknown numbers what clothes i'm wearing today", "stalking"),
    ("haven't eaten anything since saturday", "shelter_food"),
    ("the women's shelter was full, we are outside", "shelter_food"),
]
TUNED5_EVERYDAY = [
    "明日は私はいないので、鍵は夫に渡してください",
    "キャンプでテントのロープの結び方を覚えた",
    "蚊に刺されてかきむしったら血が出た",
    "空手の試合で蹴られてあざができた",
    "旅行で車中泊してきました",
    "展望台に無理やり連れていかれた笑",
    "i know how to tie a bow tie now",
    "we've chosen the date and the place for the wedding",
    "mom told me to cut my nails",
    "my teacher told me to cut the paper in half",
    "the animal shelter is full so we can't adopt yet",
    "a stray cat keeps following me home",
    "my 2 year old hit my face when i took his toy",
    "i need to disappear from instagram for a month",
    "we went to the beach and walked into the sea at sunset",
    "i take my sleeping pills as the doctor prescribed",
    "i took my meds as usual and slept ten hours",
    "先生に言われた通りに睡眠薬を寝る前に1錠飲んでいます",
    "i swallowed 30 minutes of a boring lecture",
    "i wanted someone to know before i go back to canada",
    "my grandpa is not going to be around much longer",
    "the last thing i have to do before i go on holiday is pack",
]


# Twenty-first session, from the tuned6 lists' misses (ideation in slang): forms in our own words, and everyday
# lines in the same words.
TUNED6_FORMS = [
    ("honestly done with being alive", "ideation"),
    ("counting down the days till i'm gone", "ideation"),
    ("what if i just stopped existing", "ideation"),
    ("time to remove myself from this world", "ideation"),
    ("logging off from life tonight", "ideation"),
    ("my will is on my desktop", "ideation"),
    ("no more waking up for me", "ideation"),
    ("i'm not gonna see my birthday", "ideation"),
    ("everyone will be happier when i'm dead", "ideation"),
    ("i looked up what happens to your body when you jump", "plans_means"),
    ("drew a line where i'm gonna cut later", "self_harm"),
    ("人生リタイアします", "ideation"),
    ("もう息するのやめたい", "ideation"),
    ("おやすみ、永遠に", "ideation"),
    ("来月の私はもう存在しない", "ideation"),
    ("私の葬式ではこの曲流して、もうすぐだから", "ideation"),
    ("推しの後追いしたい", "ideation"),
    ("消えるしか方法がない", "ideation"),
    ("傷がまだ足りない、もっと切らなきゃ", "self_harm"),
    ("so i did the thing with the compass needle again", "self_harm"),
    ("my 15 year old son hit me last night and he is still angry", "violence"),
    ("処方通りに睡眠薬を全部飲んでしまった", "overdose"),
    ("夜の海ってきれいだね、冷たそうだけど今から入る", "ideation"),
    ("一人暮らしのおばあさんが三日も姿が見えない", "other_person"),
]
TUNED6_EVERYDAY = [
    "i'm done with living in this city, i want to move",
    "done with exams!! logging off for the night",
    "i'm not gonna see tomorrow's match, working",
    "my mom took my phone so if i don't reply that's why",
    "i want to be erased from the group photo lol",
    "転校するからみんなにお別れの手紙を書いています",
    "星になりたいって夢を見た",
    "人生の先輩として相談にのってください",
    "did it with a compass and a ruler, geometry homework done",
    "i keep getting calls from unknown numbers, are they scams?",
    "the evacuation shelter was full so we went to my aunt's",
    "this is the last time i'll ever eat there lol",
    "i know which platform for osaka",
    "3年間お疲れ様自分！卒業！",
    "サラリーマン人生を卒業します、来月から田舎暮らし",
    "死ぬ気はないよ、嘘じゃない",
    "眠いから消えるね、じゃあね",
    "明日海に入る予定です、日焼け止め買った",
    "今日は海に入るつもりです、楽しみ！",
    "今度の夏休みは海に入るつもり",
    "海きれい！今から入る〜",
]


# Twenty-second session, from the l_ round's dev misses and false alerts: forms in our own words, and everyday lines
# in the same words.
L_ROUND_FORMS = [
    ("there is a video for my kids for when i am not here", "ideation"),
    ("im sitting on the window sill with my legs outside. 8th floor", "plans_means"),
    ("my feet are dangling over the edge of the roof", "plans_means"),
    ("a man i met online has my nudes and wants 50,000 yen by friday", "sexual_violence"),
    ("my ex sent me a picture of my daughter next to an open window and said it's my fault", "child_danger"),
    ("もし私に何かあったら、犬は友達に頼んであります", "ideation"),
    ("私が死んでも保険金で夫と娘は困らないと思う", "ideation"),
    ("私がいなくなれば、それが一番いいんだと思います", "ideation"),
]
L_ROUND_EVERYDAY = [
    "there's a video message for the kids for when i am gone on my work trip",
    "my feet were hanging over the edge of the pool while the kids swam",
    "my boyfriend has my photos from the trip and wants to post them",
    "my mother in law says im feeding the baby wrong",
    "after rent theres almost nothing left until payday",
    "we are ok, nobody is hungry or sleeping outside, i just want to ask about the allowance",
    "can the ward help me with the nursery application",
    "入院中に私に何かあったら困るので、夫に手続きのことを聞いておきます",
    "私が死んでも保険金で子どもたちが困らないように保険を見直しました",
    "姑がまた合鍵で勝手に入ってきた、どうしたらいいですか",
    "飼ってた猫が今朝亡くなりました。19年一緒でした",
    "母の薬が薬局で在庫切れで、明日取り寄せになるそうです",
    "スマホ代払えなくて止まりそう",
    "もう恋愛なんか一生しない、来世に期待",
]

# Twenty-second session: slang checked by hand (catching the bus, roping, logging off forever, hitting her up),
# and a meal missed since breakfast.
SLANG_FORMS = [
    ("he hit me with a belt", "violence"),
    ("he hit me up against the wall", "violence"),
    ("i havent eaten since monday", "shelter_food"),
    ("im gonna ctb tonight", "ideation"),
    ("thinking about roping", "ideation"),
    ("time to log off forever", "ideation"),
]
SLANG_EVERYDAY = [
    "he hit me up last night",
    "my ex hit me up on insta",
    "i havent eaten since breakfast",
    "im going to catch the bus at 7",
    "im gonna rope in my friends to help me move",
    "we need to rope off the area for the festival",
    "time to log off forever from twitter",
]


# Twenty-third session, from the m_ round's dev misses and false alerts: forms in our own words, and everyday lines
# in the same words (the danger told beside them checked too: a pet's bite and a friend's sofa excuse nothing else).
M_ROUND_FORMS = [
    ("i dont want to continue my life anymore", "ideation"),
    ("i punched my own arm until it bruised", "self_harm"),
    ("its soaking through the tissues i put on it", "self_harm"),
    ("her boyfriend burns her with cigarettes when he is drunk", "violence"),
    ("he has a video of me from the hotel and says pay or he will post it to my family", "sexual_violence"),
    ("my manager put his hand between my legs in the car", "sexual_violence"),
    ("if i want my contract renewed he says i should be nice to him again", "sexual_violence"),
    ("there was a tracker taped to my bike under the seat", "stalking"),
    ("my dog bit my hand till it bled and then he hit me for crying", "violence"),
    ("i'm staying at my friend's place but he found me and he is outside with a knife", "violence"),
    ("thank you for help me before. but tonight he is back and he says he will kill me", "violence"),
    ("i stopped replying to everyone, tonight i'm going to end it", "plans_means"),
    ("台所の包丁を見るたびにこれでって思ってしまう", "plans_means"),
    ("橋の上で靴を脱いで揃えて置いた", "plans_means"),
    ("水曜から何も食べてない、子どもの分しかない", "shelter_food"),
    ("後をつけられてる。今も後ろにいる", "stalking"),
    ("助けてくれた友達にもう会えない。今から死にます", "plans_means"),
]
M_ROUND_EVERYDAY = [
    "i dont want to continue my life like this, i want to change jobs",
    "my dog bit my hand till it bled, do i need a tetanus shot",
    "the cat scratched my arm until it bled lol",
    "thank you teacher for help me with the visa papers",
    "trains stopped so im crashing at my coworker's place tonight",
    "where can i dispose of old pills and expired medicine",
    "夜道でつけられてるのかと思ったら、近所の人だった",
    "誰にも脅されてないです。アプリの安全な使い方を知りたいだけです",
    "去年は何度も助けてもらいました。ありがとうございました",
    "推しが尊すぎて消えたい",
    "また子どもの虐待事件のニュース、つらい",
]
N_ROUND_FORMS = [
    ("もう疲れたけん、早う終わりにしたか", "ideation"),
    ("農薬を水筒に入れてあって、週末に飲もうって決めてる", "plans_means"),
    ("身辺のことは片付けました。自分で始末をつけるつもりでございます", "plans_means"),
    ("夫の睡眠薬をまとめていただきました。もう眠いです", "overdose"),
    ("家にあった薬を手当たり次第に飲んだ", "overdose"),
    ("ミルクが買えなくて、粉ミルクをお湯で薄めてあげてる", "child_danger"),
    ("赤ちゃんの泣く声が弱くなってきて怖い", "child_danger"),
    ("二日ほど何も口にしておりません", "shelter_food"),
    ("知らない男が私の家の窓をのぞいてる", "stalking"),
    ("カーテンの向こうに人影がずっとある", "stalking"),
    ("いま たかい ビル の うえ に います", "plans_means"),
    ("how do i hide a cut on my arm, i did it myself last night", "self_harm"),
    ("my blades are out on the bed again", "self_harm"),
    ("my boss force me to do sexual things in the office", "sexual_violence"),
    ("3 months sober but tonight i took all my pills", "overdose"),
    ("one more time i will scream, he has a knife and he is at the door", "violence"),
    ("生活を助けてくれる制度はもういい。今夜死にます", "ideation"),
    ("誘惑に殺されるとか言ってる場合じゃない、夫に殺される", "violence"),
    ("từ giờ ko ai phải lo cho em nữa đâu", "ideation"),
    ("em đã ghi mật khẩu ngân hàng để lại cho mẹ", "plans_means"),
    ("vừa mua 3 bao than với băng keo về phòng", "plans_means"),
    ("đang dán kín khe cửa phòng tắm", "plans_means"),
    ("lại lấy bật lửa hơ vào tay rồi", "self_harm"),
    ("좀 쉬고 싶어요 영원히", "ideation"),
    ("내가 없어도 세상은 잘 돌아가겠죠", "ideation"),
    ("이틀째 물만 마시고 있어요", "shelter_food"),
    ("may bagong hiwa sa braso ko kagabi", "self_harm"),
    ("तीन दिनदेखि पानी मात्र पिएर बसेको छु", "shelter_food"),
    ("ele mandou msg: to te vendo agora", "stalking"),
]
N_ROUND_EVERYDAY = [
    "便利な制度ってありますか、家計を助けてくれる制度を探してます",
    "誘惑に殺される、ケーキ食べちゃった",
    "筋肉痛に殺されそう",
    "自分のミスは自分で始末をつけるつもりです",
    "除草剤を撒く日を決めました",
    "お茶は全部いただきました、ごちそうさま",
    "if my sister steals my charger one more time i will scream",
    "2 years sober today, thanks for the support back then",
    "how do you clean a cut on a dog's paw? did it myself with salt water, is that ok",
    "how do you like this cut? did it myself with clippers",
    "bạn ơi mua than nướng thịt cuối tuần ko",
    "đi mua than nướng cho tiệc bbq",
    "오늘은 좀 쉬고 싶어요",
    "물만 마시는 다이어트 하고 있어요",
    "bagong hiwa na mangga para sa meryenda",
    "पानी मात्र खाएर व्रत बसेकी छु, भोलि खोल्छु",
    "to te vendo amanhã na festa",
    "não, ninguém tá me seguindo, era só o vizinho",
]

# Twenty-fifth session, from the tuned9 lists (everyday troubles, and danger in the same lives) and Nepali typed in
# Latin letters (tuned8_ne's misses: the ne catalogue's own forms are held by tests/intake/test_probes.py).
TUNED9_FORMS = [
    ("I ate a full pack of Tylenol this afternoon.", "overdose"),
    ("The agency man who brought me here says I must sleep with him or he cancels my contract and visa.",
     "sexual_violence"),
    ("My toddler swallowed a button battery I think, 10 minutes ago.", "child_danger"),
    ("青木ヶ原に来た", "plans_means"),
    ("あおきがはら行きのバスに乗った", "plans_means"),
    ("tin din bhayo kei khako chaina, paisa sakiyo", "shelter_food"),
    # Beside the exceptions for her anger and for siblings: a carer who fears hitting her child still alerts.
    ("子どもを殴りたいくらいイライラする。手が出そうで怖い", "child_danger"),
    ("私が下の子を叩いてしまいそう", "child_danger"),
]
TUNED9_EVERYDAY = [
    "I ate a whole box of chocolates",
    "ate a whole bag of chips and cried lol",
    "my daughter ate some medicine jelly for her cough",
    "My daughter swallowed a button battery last spring. We went to the ER right away and she's completely fine.",
    "旦那がほんまに家事せえへん。脱いだ靴下そのへんに置くし、殴りたいくらい腹立つ",
    "上の子がしょっちゅう下の子を叩くので、どう叱ったらいいのか分からない",
    "青木ヶ原の樹海を歩くツアーに参加した",
    "去年の夏、青木ヶ原の風穴に行ってきたよ",
    "tlai marchu haha",  # a joke's threat to a friend (the exception for it reaches no further: ma marchu is hers)
]

# Twenty-fifth session, from the chat lists' misses (tuned10; the chats themselves: tests/intake/test_probes.py).
TUNED10_FORMS = [
    ("i dont remember anything my underwear was gone this morning", "sexual_violence"),
    ("im 16 cant go home, my stepdad is drunk again", "shelter_food"),
    ("이렇게 살아서 뭐해요", "ideation"),
    ("숨 쉬는 것조차 지겨워요", "ideation"),
    ("지금 옥상인데 한 발만 내디디면 끝날 것 같아요", "plans_means"),
    ("कहिलेकाहीँ लाग्छ म नभए पनि कसैलाई फरक पर्दैन", "ideation"),
    ("em vừa muốn lấy gối đè lên cho nó im", "child_danger"),
]
TUNED10_EVERYDAY = [
    "감기 때문에 숨 쉬는 것도 힘들어요",
    "옥상에서 바베큐 했어요, 한 걸음도 못 움직이겠어요 배불러서",
    "sabai lai thank you! party ramro bhayo",
]

# Twenty-seventh session, from the tuned11 lists' misses (our own wording of them), and a dev text.
TUNED11_FORMS = [
    ("犬は実家に預けてきました。あとは私のことだけ", "ideation"),
    ("おやすみなさい、永遠に", "ideation"),
    ("ここから落ちたら楽になれるかな", "plans_means"),
    ("友達のストーリーに天井とロープの写真が上がってた", "plans_means"),
    ("元彼がバイト先に来てる。怖い", "stalking"),
    ("玄関で私を出せって怒鳴ってる", "stalking"),
    ("please look after my kids when im gone", "ideation"),
    ("im done. not being dramatic", "ideation"),
    ("removing myself would be the kindest thing for everyone", "ideation"),
    ("set the date. already wrote the notes", "ideation"),
    ("my cat has a new home now. that was the last thing i had to sort out", "ideation"),
    ("dont really need my phone where im going", "ideation"),
    ("been saving up my mums pills for weeks", "plans_means"),
    ("found the place, no one comes there at night", "plans_means"),
    ("i took a one way train to that forest near mt fuji", "plans_means"),
]
TUNED11_EVERYDAY = [
    "おやすみー、また明日",
    "ずっとおやすみしてたバイト、来週から復帰します",
    "駅のホームで電車待ってたら、隣の人のイヤホンから演歌が爆音で漏れててウケた",
    "物干しロープの写真送るね、これでいいかな",
    "booking the vet for my dog was the last thing i had to sort out before the move",
    "i dont need them where im going, its a beach resort lol",
    "who will feed my cat when im gone for the weekend",
    "removing myself from the group chat is the kindest thing",
    "found the spot for our picnic, no one comes here on weekdays",
    "its my body my choice, asking for me",
    "saved up my pocket money for a switch",
]

# Twenty-seventh session, a battery of our own: the wish to live denied, tomorrow not wanted, no fear of dying.
BATTERY27_FORMS = [
    ("生きたいとは思わない", "ideation"), ("明日が来てほしいとは思わない", "ideation"),
    ("死ぬのは怖くない", "ideation"), ("消えることに抵抗がない", "ideation"),
    ("死にたくないわけじゃない", "ideation"), ("死にたくないとは言えない", "ideation"),
]
BATTERY27_EVERYDAY = [
    "死ぬのは怖くないって主人公が言ってた", "子どもの頃は死ぬのが怖くなかった",
    "死にたくないわけじゃないけど今は大丈夫", "この部屋に住み続けたいとは思わない", "お化けは怖くない、死ぬのは怖い",
]

# Twenty-eighth session, from the tuned12 chats' misses (the chats themselves: tests/intake/test_probes.py), and the
# category of a wish to die said with "nothing left" (it was shelter_food: no food left).
TUNED12_FORMS = [
    ("저도 같이 끝내려구요", "ideation"), ("ja passei a perna pro outro lado da grade", "plans_means"),
    ("after that it wont really matter where my stuff goes", "ideation"),
    ("i want to kill myself, i have nothing left", "ideation"), ("i not eat since tuesday", "shelter_food"),
    ("theres nothing left in the fridge and the kids are hungry", "shelter_food"),
    ("paid off all my debts so nothing is owed when im gone", "ideation"),
    ("the exam is tomorrow and im going to die, i have the pills ready", "plans_means"),
]
TUNED12_EVERYDAY = [
    "毎晩アイス食べちゃう自分を殴りたい", "寝坊した自分を殴りたい", "naquela epoca eu queria morrer todo dia",
    "the accident wasnt anyones fault", "방 청소 다 정리하고 잘게요", "i have nothing left to say about it",
    "JLPT is in 2 weeks and i am going to die", "the exam is tomorrow and im gonna die", "im going to die of stress",
]
# Weak signals from the tuned12 chats: thanks for all this time, a last goodbye, affairs in order, a note's words.
TUNED12_WEAK = ["그동안 들어줘서 고마웠어요", "마지막으로 누구한테라도 인사하고 싶었어요",
                "통장 비밀번호도 같이 적어놨구요", "今までいろいろ相談のってもらってありがとうございました",
                "もうここに相談することもないと思うので", "this is just so someone knows it wasnt anyones fault",
                "so queria agradecer vcs e me despedir de alguem", "i have nothing left"]

# Twenty-eighth session, batteries of our own: situations none of which had matched, and the danger said in the words
# of each everyday line below, which must still alert.
BATTERY28_FORMS = [
    ("清水の舞台から飛び降りるつもりで買った。でも本当はもう死にたい", "ideation"),
    ("my husband is going to kill me when he finds out", "violence"),
    ("my dad is going to kill me when he gets home, he has a knife", "violence"),
    ("my life makes me want to die", "ideation"), ("ロープと炭を買いました", "plans_means"),
    ("引っ越し用にロープ買ったけど、本当は首を吊るため", "plans_means"),
    ("家出して今夜寝るところがない", "shelter_food"), ("bought rope today", "plans_means"),
    ("我最近想过死", "ideation"), ("작년에 남편한테 맞았는데 오늘 또 맞았어요", "violence"),
    ("子どもにご飯を食べさせるお金がない", "shelter_food"), ("財布に100円しかなくて、給料日まで1週間", "shelter_food"),
    ("ネカフェにいるけどお金が明日までしかもたない", "shelter_food"), ("息をするのも疲れた", "ideation"),
    ("i only have 300 yen left and payday is in a week", "shelter_food"),
    ("my net cafe money runs out tomorrow", "shelter_food"),
    ("ive made my decision and i feel calm about it", "ideation"),
    # The past read where it is one: since last year is now (a pseudo-trigger), and a divorce or a move is no past.
    ("desde o ano passado meu marido me bate", "violence"), ("desde crianca eu quero morrer", "ideation"),
    ("전남편이 때려요. 이혼했는데도 계속 찾아와요", "violence"),
    ("남편한테 맞았어요. 이사했는데 또 찾아왔어요", "violence"),
]
# The same batteries' hyperboles, idioms and everyday lines, which the patterns had read as danger.
BATTERY28_EVERYDAY = [
    "清水の舞台から飛び降りるつもりでバッグ買った", "穴があったら入りたい、消えたい",
    "my mom is going to kill me when she sees my grades", "my dad will kill me if he sees my report card",
    "i swear this baby is trying to kill me with no sleep", "this weather makes me want to die",
    "キャンプ用にロープと炭を買いました", "家出したいくらい夫にムカつく",
    "bought rope and charcoal for the camping trip this weekend", "我以前想过死，现在好多了",
    "작년에 남편한테 맞았는데 지금은 이혼했어요", "財布に1000円しかないけど給料日までなんとかなりそう",
    "i only have 300 yen left until payday but its fine", "i made my decision to change jobs and i feel relieved",
    "風邪で息をするのもしんどい", "after rent i only have 8000 yen for the rest of the month, payday is the 25th",
]
# Weak signals from the same batteries: a day that ends it all, treasures given away, a goodbye said properly, a pet
# left in someone's care, what is the point, plans cancelled as not needed.
BATTERY28_WEAK = ["今日で全部やめる", "大切にしてたものを全部人にあげた", "ちゃんとお別れを言っておきたくて",
                  "猫のこと、よろしくお願いします", "i gave my favourite things away to my friends this week",
                  "please look after my cat for me", "whats the point of anything",
                  "ive cancelled all my plans for next week, i wont need them"]

# Twenty-ninth session, from the tuned13 lists' misses (our own wording of them): a day set, a rail checked to hold her,
# a one-way ticket to the forest, cuts to hide, a month's tablets at once, the tracker that told him, a photo of her
# door from a new account, a night walked through, food gone for days; in Japanese gone from this world by next month,
# tablets saved instead of taken, plasters run out, a school or new home she never told him, days on water alone.
TUNED13_FORMS = [
    ("ive decided the 20th is the day", "ideation"),
    ("i checked that the rail in my closet can hold my weight", "plans_means"),
    ("bought a one way train ticket to aokigahara for tomorrow", "plans_means"),
    ("my wrists are a mess and i have to hide it before work", "self_harm"),
    ("i took my whole month of sleeping pills at once", "overdose"),
    ("so thats how he always knew where i was, there was a tracker in my bag", "stalking"),
    ("another new account sent me a picture of my front door", "stalking"),
    ("im gonna walk around until morning, i have nowhere to go", "shelter_food"),
    ("we ran out of food two days ago and the kids are hungry", "shelter_food"),
    ("gave the last rice to my kids, i havent eaten", "shelter_food"),
    ("来月の頃にはわたしはこの世におらんと思う", "ideation"),
    ("医者の薬を飲まずにためてて、もう60錠ある", "plans_means"),
    ("さっき切っちゃった、ばんそうこうが足りない", "self_harm"),
    ("引っ越し先を教えてないのに元夫が家の前にいた", "stalking"),
    ("もう4日くらい水しか飲んでない", "shelter_food"),
]
TUNED13_EVERYDAY = [
    "i decided the 20th is the day i start my new diet", "i checked the curtain rail can hold the new curtains",
    "bought a one way ticket to osaka for my new job", "thats how he always knew where the best ramen was",
    "a new account followed me and liked my photo of the beach",
    "we walked around until morning on new years eve, so fun",
    "we ran out of rice so i bought more today", "i want to disappear to an onsen for a week",
    "my son got hit by a ball at soccer, hes ok", "omg i want to die i just tripped in front of my crush",
    "来月の今ごろはもう引っ越してると思う", "昨日は水とお茶だけで過ごした、胃腸炎で",
    "下の子が上の子を叩いて大泣き、兄弟げんかばっかり", "猫が朝方おなかを踏んでくるので目が覚める",
    "娘がドアを蹴って閉めるのやめてほしい", "もう生きていけない笑　推しが結婚した",
    "絆創膏が足りないので買ってきます", "papatayin ako ng schedule ko ngayong linggo haha",
]
# Weak signals from the same lists: no point in seeing the new year, not planning to be around, no more need to write.
TUNED13_WEAK = ["whats the point of seeing christmas", "i dont plan on being around much longer",
                "もうここに連絡することはないと思います"]


# Twenty-ninth session, from the tuned14 lists (everyday lines in danger's words; our own wording of them): away from a
# Monday or a drinking party, shut in a lift or only feeling so, the fridge watched on a diet, a stray cat waiting at
# the door, killed by the scales, punch me for the cake, so ashamed she would vanish, vanish with a laugh, a mother who
# calls every day, a cat kicking her face, a game's shouting, a wish to hit the baby denied. Beside them the danger in
# the same words, which still alerts.
TUNED14_EVERYDAY = [
    "月曜日が来るのがいやで逃げたい", "会社の飲み会から逃げたいんだけど、断り方ある？",
    "エレベーターが止まって10分くらい閉じ込められた、怖かった〜", "冬休み、ずっと台所に閉じ込められてる気分",
    "ダイエット中だから冷蔵庫を見張られてる", "野良猫が毎朝家の前で待ち伏せしてる", "お正月太りで体重計に殺される",
    "誰か私を殴ってくれ、またケーキ食べた", "プレゼンで噛みまくって恥ずかしくて消えたい",
    "推しの配信見逃した、消えたい笑",
    "母が毎日電話してくる、結婚はまだかって", "猫が夜中に顔を蹴ってくる", "ゲームしながら弟が殺すって叫んでる",
    "赤ちゃんを叩きたいとかは全然思わないけど、泣き声がつらい",
]
TUNED14_FORMS = [
    ("夫から逃げたい、今夜も殴られた", "violence"), ("夫に部屋に閉じ込められて出られない", "violence"),
    ("元彼に見張られてて家から出られない", "violence"),
    ("母が毎日家の前で待ち伏せしてて怖い、昨日は殴られた", "violence"),
]


# Twenty-ninth session, from the tuned15 lists (our own wording): a toddler hitting her face or following her to the
# toilet, a phone a child dropped in the bath, photos taken by friends or of a pulled face, spending found out, watched
# or shut in only as a feeling, a heat rash scratched until it bleeds, see you and goodbye, siblings, a plan to die
# denied; away from a group chat or to Okinawa, a cat watching her eat, nobody at the door after all, a storm's night
# at her sister's, thoughts denied, an exam's reading. Beside them the danger in the same words, which still alerts.
TUNED15_EVERYDAY = [
    "3歳の娘がふざけて私の顔を叩いてくる", "2歳の息子がトイレまでついてくる", "娘がスマホをお風呂に沈めた",
    "友達に囲まれて写真撮られた", "寝起きの変顔を写真撮られた", "課金バレたら母に殺される",
    "なんか見張られてる感じがする、近所のおばさんに", "寒すぎて布団に閉じ込められてる",
    "あせもがひどくて血が出るまでかいちゃう",
    "またね、さようなら", "上の子が下の子をすぐ叩いちゃう", "死ぬつもりなんてないよ、ただ疲れただけ",
    "i want to disappear from the class group chat lol", "im going to disappear to okinawa for a week",
    "my cat is watching me eat like a hawk", "no one is outside my door, it was the delivery guy",
    "we had nowhere to stay so we were at my sister's for a week after the fire",
    "I haven't thought about killing myself, I'm just tired",
    "for my pharmacology exam i need to learn overdose symptoms",
]
TUNED15_FORMS = [
    ("i shook him too hard and now hes not waking up", "child_danger"),
    ("彼が私を殴ったあと、3歳の子が私の顔を叩いてまねする", "violence"), ("夫に見張られてて外に出られない", "violence"),
    ("i want to disappear forever", "ideation"), ("someone is outside my door and he wont leave", "stalking"),
]


# Twenty-ninth session, from the tuned16 lists (the past and negation told at length; our own wording): a cushion
# punched, siblings trading blows, strangled over a test (a joke), a time there was, half a year since, years since she
# left home, once for a while, a former workplace, no thought of jumping at all, escaped from DV. Beside them the danger
# in the same words, which still alerts.
TUNED16_EVERYDAY = [
    "イライラしてクッション殴ってた", "兄弟げんかで叩く蹴るの応酬、もう審判も疲れた",
    "テストの点見せたら親に首しめられる笑",
    "帰り道に待ち伏せされてた時期あったけど、もう大丈夫", "元彼に殴られてたけど、別れてもう半年たつ",
    "親に殴られて育ったけど、家を出てもう3年", "一時期は毎日消えたいと思ってた", "前の職場で上司に殴られてた",
    "死にたいとかじゃなくて、飛び降りる気なんてまったくない", "DVから逃げてきて、今は子どもと二人で暮らしています",
]
TUNED16_FORMS = [
    ("夫にクッションで殴られた", "violence"), ("今日も夫に首をしめられた", "violence"),
    ("DVから逃げたい、今夜も殴られた", "violence"), ("一時期やめてたけど、昨日また切った", "self_harm"),
    # The words an everyday exception allows between never hold the one who hurts her (review of the session).
    ("猫がいるのに夫に顔を蹴られた", "violence"), ("2歳の息子がいるのに夫が私を叩く", "violence"),
    ("2歳の子がいるのに元夫がトイレまでついてくる", "stalking"),
    ("猫がいるのに元彼が家の前で待ち伏せしてる", "stalking"),
    ("雪の日に夫に部屋に閉じ込められた", "violence"), ("息子がいるのに夫がドアを蹴って壊した", "violence"),
    ("my husband keeps watching me sleep", "stalking"),
]


# Weak signals from the tuned10 chats: a farewell's last arrangements, said alone, add up over her messages.
TUNED10_WEAK = ["이제 할 일은 다 한 것 같아요", "남편한테 편지 써뒀어요", "以后不会再给任何人添麻烦了",
                "sabihin mo kay danna wag na niya kong hanapin", "aba bhetdaina hola"]


@pytest.mark.parametrize(("text", "alerted"), [
    # A task done and tired (two weak signals until the twenty-eighth session, which alone made an emergency), and the
    # farewell in the same words, which still adds up to one.
    ("宿題これで全部終わり、疲れた", False), ("引っ越しの荷造り、これで全部おわり！疲れた〜", False),
    ("これで全部終わりにする、さようなら", True), ("もう全部終わり、疲れた", True),
])
def test_a_task_done_is_no_farewell(text, alerted):
    assert alerts(detector(), Chat((text,))) == alerted, text


@pytest.mark.parametrize("text", TUNED10_WEAK + TUNED12_WEAK + BATTERY28_WEAK + TUNED13_WEAK)
def test_a_farewells_last_arrangements_are_weak_signals(text):
    found = detector().assess(text)
    assert found.weak >= 1 and not found.emergency, (text, found)


@pytest.mark.parametrize(("text", "level"), [
    # Her last message is firm: the model, which reads thanks as everyday, does not veto it (twenty-ninth session; it
    # was a review). "my last message for tonight" is no farewell.
    ("thanks for listening to me all this year. this is my last message so dont worry about me", "emergency"),
    ("this is my last message for tonight, going to sleep", None),
    # Two weak signals in one message alert as her concern adds up (the tuned13 list's no point in the new year).
    ("whats the point of seeing new year, i dont plan on being here for it", "weak"),
])
def test_a_last_message_is_firm_and_two_weak_signals_add_up(text, level):
    found = detector().assess(text)
    assert found.level == level, (text, found)
    assert alerts(detector(), Chat((text,))) == (level is not None), text


# The forms written from each newer round's or list's misses, and the everyday lines beside them.
FROM_MISSES = {"j_ round": (J_ROUND_FORMS, J_ROUND_EVERYDAY), "k_ round": (K_ROUND_FORMS, K_ROUND_EVERYDAY),
               "tuned5 lists": (TUNED5_FORMS, TUNED5_EVERYDAY), "tuned6 lists": (TUNED6_FORMS, TUNED6_EVERYDAY),
               "l_ round": (L_ROUND_FORMS, L_ROUND_EVERYDAY), "slang": (SLANG_FORMS, SLANG_EVERYDAY),
               "m_ round": (M_ROUND_FORMS, M_ROUND_EVERYDAY), "n_ round": (N_ROUND_FORMS, N_ROUND_EVERYDAY),
               "tuned9 lists": (TUNED9_FORMS, TUNED9_EVERYDAY), "tuned10 chats": (TUNED10_FORMS, TUNED10_EVERYDAY),
               "tuned11 lists": (TUNED11_FORMS, TUNED11_EVERYDAY), "tuned12 chats": (TUNED12_FORMS, TUNED12_EVERYDAY),
               "our battery (27th)": (BATTERY27_FORMS, BATTERY27_EVERYDAY),
               "our battery (28th)": (BATTERY28_FORMS, BATTERY28_EVERYDAY),
               "tuned13 lists": (TUNED13_FORMS, TUNED13_EVERYDAY), "tuned14 lists": (TUNED14_FORMS, TUNED14_EVERYDAY),
               "tuned15 lists": (TUNED15_FORMS, TUNED15_EVERYDAY), "tuned16 lists": (TUNED16_FORMS, TUNED16_EVERYDAY)}


@pytest.mark.parametrize(("text", "category"), [pytest.param(text, category, id=f"{name}: {text}")
                                                for name, (forms, _) in FROM_MISSES.items()
                                                for text, category in forms])
def test_the_forms_from_each_rounds_misses_are_caught(text, category):
    found = detector().assess(text)
    assert found.emergency and found.category == category, (text, found)


@pytest.mark.parametrize("text", [pytest.param(text, id=f"{name}: {text}")
                                  for name, (_, everyday) in FROM_MISSES.items() for text in everyday])
def test_everyday_lines_beside_each_rounds_forms_do_not_alert(text):
    assert not detector().assess(text).emergency, text


@pytest.mark.parametrize(("text", "emergency"), [
    # The everyday lines the model alone read as danger once it learnt the later Japanese lists (twenty-sixth
    # session), and what the exceptions written for them must leave alone.
    ("日焼けで腕に線が増えた、やだなあ", False),
    ("明日は私はいないので、鍵は夫に渡してください", False),
    ("眠いから消えるね、じゃあね", False),
    ("私が死んでも保険金で子どもたちが困らないように保険を見直しました", False),
    ("手首に線が増えた。日焼けじゃない", True),
    ("明日はもういないので、鍵は大家さんに返してください", True),
    ("今夜は私はいないから、子どもたちのことお願いね", True),
    ("疲れたから消えるね、今までありがとう", True),
    ("保険を見直して、もう死のうと思う", True),
])
def test_the_exceptions_for_what_the_model_learnt_to_fear_leave_danger_alone(text, emergency):
    assert detector().assess(text).emergency is emergency, text
