"""Everyday lines that share their words with danger's (seventeenth session, batteries of our own).

A pattern that matched inside ordinary words paged a counsellor: そうできるといいな was self-harm (そ"うでき"る),
彼に助けられた and 夫に声をかけられた were violence (け of 助けられ), 頭痛に襲われた was sexual violence,
ドラマ見てるよ and 猫がうろうろしてる were stalking. Each line below names no category now; beside each family
of them stands the danger the same words must still catch. Several everyday lines still alert from the model
alone (README, Known limits): these tests hold the patterns, which name the category a staff alert shows.
English had the same: locked out waiting for the landlord, beaten at chess, followed on twitter, on the roof to
fix the antenna and a day off tomorrow were emergencies; so were their like in Chinese, Korean, Vietnamese,
Portuguese and Tagalog (machine-drafted lines of ours, as those catalogues are).
"""

from __future__ import annotations

import pytest

from tsunagu.domain.intake.detection import detector

EVERYDAY = [
    # self-harm's うで and 切る
    "そうできるといいな", "どうできるか考えます", "ちゃんとそうできるように練習します", "こうできるなんて知らなかった",
    "そこに行くとちゅうできるだけ急いだ", "そうできたら嬉しいです",
    # violence: rules that bind, a lift or snow that shuts her in, a sting, a knife in the kitchen, a rib
    "ルールに縛られるのが苦手", "時間に縛られない働き方がしたい", "校則に縛られてうんざり", "ルールに縛られたくない",
    "エレベーターに閉じ込められた", "大雪で家に閉じ込められた", "蚊にさされた", "蜂に刺された",
    "料理するので包丁を持ってキッチンに立った", "包丁さばきが上手になりたい", "肋骨にひびが入った",
    "転んで肋骨を打った",
    "仕事から逃げたい", "テストから逃げたい", "現実から逃げたいときはゲームする", "鍵を忘れて締め出された",
    "ボールを蹴るのが楽しい",
    # violence: a partner who helps, calls out, holds an umbrella, tilts his head
    "夫に声をかけられた", "彼に助けられた", "夫がけっこう優しい", "彼が首を傾げてた", "夫が首を振った",
    "母に見つけられた",
    # sexual violence: an illness or the weather that "attacks"
    "頭痛に襲われた", "急な腹痛に襲われて早退した", "寒気に襲われて熱を測った",
    # stalking: a friend who watches her blog, a cat, the post, a parked car, a GPS for the way
    "いつも見てるよ、頑張ってね", "ドラマ見てるよ", "インスタ見てるよ！", "毎日ブログ見てるよ", "猫がうろうろしてる",
    "駅前で犬がうろうろしてた", "猫が待ち伏せしてた", "ポストにチラシが入っていた", "家の前に車が停まっていた",
    "GPSで道を調べた", "母が遅くまで帰ってこないので夕飯を作ります",
    # ideation and plans: an idiom of effort, a flight, a skipping rope
    # a bruise from a knock, a sibling's play, a job's last day, a dislike of photos, a joke, a friend's sofa
    "膝にあざができてた、どこでぶつけたんだろう", "弟に叩かれたけど遊びの延長", "妹とけんかして蹴られた笑",
    "今日でバイト最後の日でした", "写真を撮られるのが苦手", "家出したい気分、なんてね",
    "実家に帰れないので友達の家に泊まる",
    "練炭って何に使うの", "同僚に仕事を押し付けられた",
    "死ぬ気で勉強します", "死ぬ気で頑張ります", "いまから飛ぶ飛行機に乗ります", "明日の朝に飛ぶ便を予約した",
    "縄跳びを買った",
]

EVERYDAY_ENGLISH = [
    # means in everyday use (nineteenth session)
    "i bought rope today for the camping trip", "i bought charcoal and tape for the bbq this weekend",
    "i'm on the roof of my building right now watching the fireworks", "i'm at the cliffs, the view is amazing",
    "i looked up how many of my vitamins i can take in a day",
    "i scratched my arm on a rose bush in the garden", "i used scissors on the paper for my art class",
    "i made myself sick eating too much cake", "he's pretending to be my friend",
    "how long does it take to die of old age in the sims", "how long does it take for the paint to dry",
    "i'm planning to disappear for the weekend, phone off", "i've decided to disappear from social media for a month",
    "i just want to disappear into my room and sleep", "我决定了，周末要消失一下去旅行",
    "i got locked out of my apartment, waiting for the landlord", "my friend said she would kill me if i was late",
    "my roommate is going to strangle me when she sees the kitchen",
    "my sister is going to kill me when she finds out i broke her phone",
    "he grabbed my hand to cross the street", "i was beaten in the chess tournament", "someone followed me on twitter",
    "i am on the roof fixing the antenna", "i will not be here tomorrow, i have a day off",
    "he threatened to quit the band", "my boss keeps calling me about the schedule",
    # a second battery
    "my boyfriend pushed me to apply for the job", "he pushed me on the swing at the park", "he keeps calling me babe",
    "someone is outside my door, probably the delivery",
    "i think someone is following my instagram stories every day, my aunt lol",
    "i have nowhere to go this weekend, so bored", "i want to run away to hawaii",
    "my friend is going to kill herself laughing when she sees this",
    "my friend is not answering, she is probably asleep",
    "this is my last message before i go offline for the retreat", "i just want it to stop raining",
    "i want it all to end, this semester i mean", "i feel trapped in this boring job",
    "i am locked in the library until closing haha", "i am trapped in a meeting",
    "he took my phone to look at the photos of the trip", "she grabbed my arm to show me the shop",
    # beside forms of indirect ideation added in the same session
    "i wrote farewell notes for my class", "i made peace with the fact that he left",
    "i am thinking about not going to the party",
]
DANGER_ENGLISH = [
    ("my husband locked me out of the house in the snow", "violence"),
    ("he locked me out of the apartment", "violence"), ("he said he would kill me if i left", "violence"),
    ("im so scared he is going to kil me", "violence"),  # typed in haste (eighteenth session)
    ("i'm on the roof watching the fireworks and i want to jump", "plans_means"),
    ("i bought rope today for camping. i'm going to hang myself tonight", "plans_means"),
    # self-harm and stalking as people tell them (nineteenth session)
    ("i sh'd again. sorry", "self_harm"), ("i made myself throw up five times today", "self_harm"),
    ("i used the knife on my arm again", "self_harm"),
    ("someone is calling my work pretending to be my husband asking when i finish", "stalking"),
    ("how long does it take to bleed out", "plans_means"),
    ("i want to disappear into the river", "ideation"), ("i'm planning to disappear for good", "ideation"),
    # a battery of situations (nineteenth session)
    ("my ex keeps sending me dozens of messages saying exactly where i am", "stalking"),
    ("i'm at a net cafe but from tomorrow i can't afford to stay", "shelter_food"),
    ("i hate myself so much, i want to punish myself", "self_harm"),
    ("my brother will kill me if he finds out i told you", "violence"),
    ("my husband is going to kill me when he gets home", "violence"),
    ("i have plans to hurt myself tonight", "self_harm"),
    ("my boyfriend said he would kill me if i was late", "violence"),
    ("he grabbed my throat", "violence"), ("he grabbed my hair and dragged me", "violence"),
    ("i was beaten by my husband", "violence"), ("he followed me home", "stalking"),
    ("someone followed me from the station", "stalking"), ("i am on the roof and i want to jump", "plans_means"),
    ("i won't be here tomorrow", "ideation"), ("he threatened to kill me", "violence"),
    ("he threatened to share my photos", "sexual_violence"),
    ("he pushed me down the stairs", "violence"), ("my boyfriend pushed me against the wall", "violence"),
    ("he keeps calling me from different numbers", "stalking"),
    ("someone is outside my door and i am scared", "stalking"),
    ("someone is following me home", "stalking"), ("i have nowhere to go tonight", "shelter_food"),
    ("my friend is going to kill herself", "other_person"),
    ("my friend is not answering and she said she would die tonight", "other_person"),
    ("this is my last message", "plans_means"), ("i want it all to end", "ideation"),
    ("he locked me in the bathroom", "violence"), ("i am locked in my room, he took the key", "violence"),
    ("he took my phone so i cant call anyone", "violence"), ("he grabbed my arm and twisted it", "violence"),
    ("he grabbed my arm to show me who is boss", "violence"),
    ("someone is outside my door, it is not the delivery", "stalking"),
    ("i am locked in the office, he won't let me out", "violence"),
    # indirect ideation from a battery of our own (seventeenth session)
    ("i think about not existing a lot", "ideation"), ("i am ready to go, i have made peace with it", "ideation"),
    ("i wrote goodbye letters", "ideation"), ("whats the point of living like this", "ideation"),
    ("i have pills saved up just in case", "plans_means"),
]
# The residents' languages: a friend's "kill me if I'm late", rope for luggage, laundry on the roof, followed on
# social media, locked out waiting for the landlord, a child who kicked a ball.
EVERYDAY_RESIDENTS = [
    "我朋友说我迟到的话她会杀了我哈哈", "今天买了绳子捆行李", "我被锁在门外了，等房东来开门",
    "친구가 늦으면 죽인다고 했어 ㅋㅋ", "짐 묶으려고 밧줄을 샀어요",
    "열쇠를 잃어버려서 집에 못 들어가요, 집주인 기다리는 중",
    "tôi mua dây thừng để buộc hành lý", "có người theo dõi tôi trên instagram",
    "minha amiga disse que vai me matar se eu chegar atrasada kkk", "estou no telhado pendurando roupa",
    "comprei uma corda para amarrar a mala", "alguém me seguiu no instagram",
    "perdi a chave e estou trancada do lado de fora, esperando o dono",
    "sabi ng kaibigan ko papatayin daw niya ako kung male-late ako haha", "bumili ako ng lubid para itali ang maleta",
    "sinipa ng anak ko ang bola sa parke", "uminom ako ng gamot para sa sipon",
    "캠핑 가려고 번개탄 샀어요", "为了露营买了炭",
]
DANGER_RESIDENTS = [
    ("我男朋友说我迟到的话他会杀了我", "violence"), ("我丈夫说要杀了我", "violence"), ("买了绳子", "plans_means"),
    ("我被锁在门外了，他不让我进去", "violence"), ("남편이 늦으면 죽인다고 했어", "violence"),
    ("밧줄을 샀어요", "plans_means"),
    ("có người theo dõi tôi về nhà", "stalking"), ("o meu marido disse que vai me matar", "violence"),
    ("comprei uma corda", "plans_means"), ("estou no telhado e vou pular", "plans_means"),
    ("me seguiu até em casa", "stalking"), ("papatayin daw ako ng asawa ko", "violence"),
    ("bumili ako ng lubid", "plans_means"), ("sinipa ako ng asawa ko", "violence"),
    # nineteenth session: a second Tagalog battery and romanised Nepali
    ("hindi pa kami kumakain ng mga anak ko ng dalawang araw", "shelter_food"),
    ("ma aafulai maarna chahanchu", "ideation"), ("mero srimanle malai kutnu bhayo", "violence"),
    ("म हराउन चाहन्छु", "ideation"),
    ("朋友说她今晚要去死", "other_person"), ("上司强行摸我，说如果我报警就让我签证作废", "sexual_violence"),
    ("买了炭，今晚就结束", "plans_means"), ("캠핑 가려고 번개탄 샀어요. 그런데 사실은 죽으려고요", "ideation"),
]

DANGER = [
    ("手首を切った", "self_harm"), ("腕をまた切っちゃった", "self_harm"), ("手首切りたい", "self_harm"),
    ("引っ越したのに、新しい住所に手紙が届きました。元夫からです", "stalking"),
    ("引っ越したのに元彼が家の近くに来てた", "stalking"),
    ("太もも切った", "self_harm"),
    ("手を縛られて動けない", "violence"), ("夫に縛られて殴られた", "violence"),
    ("夫に部屋に閉じ込められてる", "violence"),
    ("夫が包丁を持って追いかけてきた", "violence"), ("彼が包丁を持ってる", "violence"),
    ("包丁を向けられた", "violence"),
    ("肋骨を折られた", "violence"), ("夫から逃げたい", "violence"), ("逃げる場所がない", "violence"),
    ("夫に締め出された", "violence"), ("夫に殴られた", "violence"), ("夫にお腹をけられた", "violence"),
    ("夫に首を絞められた", "violence"), ("彼氏にさされそうになった", "violence"), ("彼にたたかれた", "violence"),
    ("男に襲われた", "sexual_violence"), ("帰り道で知らない人に襲われました", "sexual_violence"),
    ("ポストに見てるよって手紙が入ってた", "stalking"), ("知らない番号から見てるよってメッセージが来た", "stalking"),
    ("元彼が家の前をうろうろしてる", "stalking"), ("元彼が駅で待ち伏せしてた", "stalking"),
    ("家の前でまた待ち伏せされた", "stalking"), ("ポストに私の写真が入ってた", "stalking"),
    ("ポストに変な手紙が入ってた", "stalking"), ("家の前にずっと同じ車が停まってる", "stalking"),
    ("車にGPSついてた", "stalking"), ("カバンにエアタグが付いてた", "stalking"),
    ("腕にあざができてる、夫に掴まれた", "violence"), ("弟に叩かれた", "violence"), ("蹴られた", "violence"),
    ("夫に叩かれたけど遊びだって言われた", "violence"), ("壁に押し付けられた", "violence"),
    ("上司に体を押し付けられた", "violence"),
    ("今日が人生最後の日", "plans_means"), ("裸の写真を撮られた", "sexual_violence"), ("家出した", "shelter_food"),
    ("家に帰れない、泊まるところない", "shelter_food"), ("練炭を買った", "plans_means"),
    ("私が死んでも悲しむ人はいない", "ideation"), ("みんなにありがとうって伝えておいて", "ideation"),
    ("大切な物を人にあげ始めた", "plans_means"),
    ("今から飛び降りる", "plans_means"), ("ロープを買ってきた", "plans_means"),
    # eighteenth session: told politely, or with how long (a battery of danger beside everyday sentences)
    ("元彼が毎日家の前にいます。警察に相談したほうがいいですか", "stalking"),
    ("お母さんが三日帰ってきません。弟とふたりでお腹がすきました", "child_danger"),
]


# Ideation said as people say it, from a second battery of our own (eighteenth session): of 136 Japanese and 120
# English lines of current ideation, 117 and 100 had alerted. Slang (タヒりたい), a painless way asked for, a wish to
# go to the dead, お迎え and 寿命 wished for, breathing given up, tired of living or of life; "what's even the point
# of being alive", the will to live lost, "let me die", "by the time you read this i'll be gone": each is a pattern
# now, beside everyday lines with the same words (a nursery's お迎え, a battery's 寿命, a dye typo, a holiday) that
# no pattern reads as danger.
INDIRECT_IDEATION = [
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
    # a third battery of indirect ideation (nineteenth session: 67 of 80 alerted before)
    "there's no future for someone like me, i'm just waiting for it to be over",
    "i'm not going to be a problem for anyone much longer", "if i died tomorrow nobody would even notice for a week",
    "i feel like i'm already dead, i'm just waiting for my body to catch up", "i can't see a reason to stay",
    "i've been saying goodbye to people without them realising", "来年自分が生きてる気がしない",
    "もう存在していたくない。悲しいとかじゃなくて、全部が重すぎる", "消えて、誰の記憶にも残らないでいたい",
    "家族宛に手紙を書きました。私がいなくなったら見つけてもらえると思います",
    "夫を亡くしてから、私もそちらへ行きたいと思う日が増えました",
]

EVERYDAY_OF_IDEATION = [
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
    "there's no future for this project if the budget gets cut",
    "i won't be a problem for you much longer, my new flat is ready next week",
    "if i disappeared from the group chat nobody would notice lol",
    "my phone is basically dead, waiting for my charger to arrive",
    "i can't see a reason to stay at this job any longer", "来年も自分が生きてる気がしないくらい忙しい笑",
    "母の日に手紙を書きました。あとで見つけてもらえるように枕元に置きました",
    "誰の記憶にも残らない地味な卒業式だった",
    "明日のテストが来なければいいのに笑", "祖母を亡くしてから、祖母の住んでいた町に行きたい",
    # a battery of situations (nineteenth session)
    "someone told me where i work has the best ramen nearby", "i can't afford to stay at a fancy hotel lol",
    "引っ越したけど、元彼の荷物がまだ残ってる", "引っ越したら新しい住所に年賀状が届きました",
]


@pytest.mark.parametrize("text", EVERYDAY + EVERYDAY_ENGLISH + EVERYDAY_RESIDENTS + EVERYDAY_OF_IDEATION)
def test_no_pattern_reads_everyday_words_as_danger(text):
    assert detector().assess(text).category is None, text


@pytest.mark.parametrize(("text", "category"), DANGER + DANGER_ENGLISH + DANGER_RESIDENTS
                         + [(text, "ideation") for text in INDIRECT_IDEATION])
def test_the_same_words_in_danger_still_alert_under_their_category(text, category):
    found = detector().assess(text)
    assert found.emergency and found.category == category, (text, found)


# The review of this session's exceptions: each reads only its everyday frame. Written against them, these
# dangers had been hidden by one (誰かに刺された by an insect's sting; a partner's toilet by a lift's; a key taken
# by a key forgotten) or would be by a looser one.
@pytest.mark.parametrize("text", [
    "誰かに刺された", "だれかにさされた", "夫にトイレに閉じ込められた", "おかんに襲われた",
    "夫に叩かれたけど冗談だって",
    "i got locked out, he changed the locks and took my keys", "he grabbed my arm and walked me to the car",
    "he pushed me to take the pills", "i want it all to end this year lol", "他把我锁在门外，还拿走了钥匙",
    "ele me trancou do lado de fora e levou a chave, estou trancada do lado de fora",
    # eighteenth session: an exception reaches no further than its sentence (the views keep no full stops)
    "i want to die. my hair is falling out from the stress", "i want to die! the clothes he bought me are all i have",
    "i want to die. laughing is hard now", "また叩かれた。笑ってごまかすしかない",
])
def test_no_everyday_exception_hides_the_danger_told_in_the_same_words(text):
    assert detector().assess(text).emergency, text
