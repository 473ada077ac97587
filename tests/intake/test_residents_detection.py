"""Emergency detection in the residents' languages (issue 21): each category caught in each language as
people there write it, with and without diacritics; their hyperbole and everyday words are not alerts.

These are the catalogue authors' own examples, not the corpus (tests/intake/corpus/), which measures. Each
language's list opens with the fifteenth session's batteries (docs/detection-history.md, "Fifteenth
session"): Taglish, Nepali in Latin letters, Chinese in traditional characters, polite Korean, Vietnamese and
Portuguese as they are texted."""

from __future__ import annotations

import unicodedata

import pytest

from tsunagu.domain.intake.detection import detector

CAUGHT = {
    "zh": ["如果明天不用醒来就好了", "对不起妈妈，我先走了", "昨晚被同事下药了，醒来在他家", "我吃了四十片安眠药",
           "如果明天不用醒來就好了", "他說如果我離開就殺了我", "被房東趕出來，現在在車站，沒地方去",
           "昨晚被同事下藥，醒來在他家",
           "没有我大家会更好", "老板摸我，说说出去就开除我",
           "我真的不想活了", "我想死", "我在楼顶，准备跳下去", "我吃了一整瓶安眠药",
           "我又割腕了", "老公又打我了", "他说要杀了我", "我被强奸了", "我怕我会打孩子",
           "今晚没地方住", "已经三天没吃饭了", "前男友一直在我家楼下", "朋友说她现在想自杀"],
    "ko": ["사는 게 의미가 없어요",
           "통장이랑 열쇠 동생한테 다 줬어, 이제 필요 없으니까", "어떤 남자가 매일 회사 앞에서 기다려",
           "어젯밤 회사 동료가 술에 약을 탔어, 깨어나 보니 그 사람 집이었어", "더 이상 살 이유가 없어요",
           "내일 아침에 눈을 뜨지 않았으면 좋겠어요", "손목을 그었는데 피가 멈추지 않아요",
           "직장 상사가 억지로 모텔에 데려갔어요", "저 같은 건 없어지는 게 나아요",
           "남편이 때렸는데 떨림이 멈추지 않아요", "죽고 싶은 건 아닌데 오늘 밤은 무서워요",
           "다들 나 없으면 편할 거야", "이제 그만 살래", "사장님이 몸을 만져요",
           "죽고 싶어요", "더 이상 살고 싶지 않아요", "지금 옥상에 올라왔어요",
           "수면제를 한통 다 먹었어요", "손목을 그었어요", "남편이 또 때렸어요",
           "죽여버리겠다고 했어요", "성폭행을 당했어요", "아이를 때릴 것 같아요",
           "오늘 밤 잘 곳이 없어요", "사흘째 굶었어요",
           "전남친이 집 앞에서 기다리고 있어요", "친구가 죽고 싶대요"],
    "vi": ["uoc gi ngay mai khong phai thuc day", "han quay video toi tam va doa gui cho cong ty",
           "chi hang xom cu keu cuu mai", "toi la ganh nang cua gia dinh, khong co toi moi nguoi se nhe nhom hon",
           "be nha em bi chong em danh, nguoi bam tim het",
           "nha ben canh co tieng dap pha va tieng tre con khoc thet", "em la ganh nang, khong co em thi tot hon",
           "em da viet thu de lai cho gia dinh roi", "ck danh mik, gio van con o nha",
           "ck doa giet mik neu mik bo di", "mik so mik se danh con", "sep ep mik di ks vs ong ay",
           "3 ngay r ko co gi an", "ko co mik thi moi ng se vui hon",
           "tôi muốn chết", "em không muốn sống nữa", "em đang đứng trên cầu",
           "em đã uống hết vỉ thuốc ngủ", "em cắt tay rồi", "chồng em đánh em rất đau",
           "anh ta dọa giết em", "em bị hiếp dâm", "em sợ mình sẽ đánh con",
           "tối nay em không có chỗ ngủ", "em đã 3 ngày chưa được ăn",
           "có người theo dõi em về tận nhà", "bạn em nói muốn tự tử"],
    "pt": ["ja dei minhas coisas pra minha irma, nao vou precisar mais",
           "meu marido disse que me mata se eu for embora",
           "o gerente fica me obrigando a sair com ele depois do expediente",
           "ele filmou eu tomando banho e ameaça mandar pro meu trabalho",
           "faz tres dias que a gente nao come nada", "minha amiga mandou mensagem dizendo que vai se matar hoje",
           "sou um peso pra minha familia, sem mim seria melhor",
           "me drogaram na festa e acordei na casa dele sem roupa", "vo me mata hj",
           "meu chefe passa a mão em mim", "meu bebê não para de chorar e quase joguei ele",
           "eu quero morrer", "não aguento mais viver", "estou na ponte agora",
           "tomei uma cartela de remédios", "me cortei de novo",
           "meu marido me bateu de novo", "ele ameaçou me matar", "fui estuprada",
           "tenho medo de machucar meu bebê", "não tenho onde dormir hoje",
           "ele está me seguindo", "ele ameaçou vazar minhas fotos",
           "minha amiga disse que vai se matar"],
    "tl": ["parang mas okay kung hindi na ako magigising bukas", "sana kunin na lang ako ng Diyos",
           "hindi pa ako kumakain simula noong lunes", "hinahanap ako ng asawa ko, may dala siyang itak",
           "nag-post yung kaibigan ko ng paalam sa fb, hindi na siya sumasagot",
           "pakisabi kay mama mahal ko siya, huling message ko na to", "gusto ko na mag-end ng life ko",
           "i-kill ko na lang sarili ko",
           "nag-attempt yung friend ko, nasa hospital siya pero sabi niya uulitin niya",
           "nagcu-cut ulit ako, ang lalim ng sugat", "hinawakan ako ng boss ko sa maseselang parte",
           "yung tito ko sinasaktan yung pinsan ko na bata, 5 years old lang",
           "feeling ko better kung wala na ako",
           "gusto ko nang mamatay", "ayoko nang mabuhay", "nasa tulay ako",
           "uminom ako ng isang banig na gamot", "nilaslas ko ang pulso ko",
           "sinasaktan ako ng asawa ko", "papatayin daw niya ako", "ginahasa ako",
           "baka masaktan ko ang anak ko", "wala akong matutulugan ngayong gabi",
           "pinalayas ako", "sinusundan niya ako", "kinuha niya ang passport ko"],
    "ne": ["यो जिन्दगी बेकार छ, म मर्छु", "म नरहे सबैलाई राम्रो हुन्छ", "एउटा मान्छे हरेक दिन मेरो घर अगाडि बस्छ",
           "अब म थाकें, सधैंको लागि सुत्न चाहन्छु", "सबै कुरा अन्त्य गर्न चाहन्छु", "मेरो श्रीमानले मलाई कुट्नुभयो, अहिले पनि घरमै हुनुहुन्छ",
           "म सबैको लागि बोझ हुँ, म नभए राम्रो हुन्थ्यो", "aba sabai sakincha, maaf garnu",
           "usle malai marchu bhanyo", "aaja rati basne thau chaina", "mero sathi le aaja rati marchu bhanyo",
           "भोलि बिहान नउठे हुन्थ्यो", "म मरे सबैलाई सजिलो हुन्छ",
           "म मर्न चाहन्छु", "मलाई बाँच्न मन छैन", "श्रीमानले मलाई कुट्छ",
           "उसले मार्छु भन्छ", "मैले धेरै औषधि खाएँ", "आज राति सुत्ने ठाउँ छैन",
           "हात काटें", "बचाउनुहोस्"],
    "my": ["မနေနိုင်တော့ဘူး၊ အားလုံး ပြီးဆုံးချင်ပြီ",
           "ကျွန်မ သေချင်တယ်", "ယောက်ျားက ကျွန်မကို ရိုက်တယ်", "သတ်မယ်လို့ ပြောတယ်",
           "အိပ်ဆေးတွေ အများကြီး သောက်လိုက်တယ်", "ဒီည အိပ်စရာ နေရာ မရှိဘူး", "ကယ်ပါ"],
}
NOT_ALERTS = {
    "zh": ["我吃了一片布洛芬，头疼好多了", "在天台上看烟花，好美", "我吃了一顆止痛藥，頭痛好多了",
           "在天台烧烤", "在桥上看烟花", "安眠药按医生说的吃一片",
           "累死我了", "笑死", "请打我电话", "我在打工", "想死你了", "你好，我想咨询一下"],
    "ko": ["이 일을 하는 게 의미가 없어요",
           "엄마가 매일 학교 앞에서 기다려", "두통이 있어서 진통제 한 알 먹었어요", "죽고 싶지 않아요",
           "죽고 싶다는 건 아닌데 그냥 힘들어요",
           "다리 위에서 불꽃놀이 봤어", "수면제는 처방대로 한 알 먹어요", "칼로 양파 썰다가 손 베었어",
           "배고파 죽겠어요", "회사 때려치우고 싶어", "안녕하세요", "졸려 죽겠다",
           "맞아요 그거예요"],
    "vi": ["con toi dem khong chiu ngu, phai lam sao", "toi qua em dung tren cau ngam phao hoa, dep lam",
           "mik uong 1 vien ha sot r", "thi rot roi, me giet toi mat haha",
           "uống thuốc ngủ theo đơn bác sĩ một viên", "nướng thịt trên sân thượng", "con tôi bị sốt, phải làm sao",
           "mệt chết đi được", "em muốn từ từ tìm hiểu", "em muốn được tư vấn",
           "chết cười với bạn này", "cảm ơn chị nhiều"],
    "pt": ["minha mae vai me matar quando ver minha nota kkk", "tomei um paracetamol pra dor de cabeca",
           "to no terraco vendo os fogos, que lindo", "doei minhas coisas antes de mudar de casa",
           "minha mae me mata se eu sair sem avisar kkk", "minha mae vo me mata kkk",
           "tomo o remédio para dormir como o médico mandou", "meu namorado me deu um presente",
           "morrendo de rir", "me ajuda com a tarefa", "esse trânsito tá me matando",
           "obrigada pela ajuda", "morro de saudade"],
    "tl": ["bumili ako ng lubid pang-sampay ng damit", "nasa bubong ako ng building namin, ang ganda ng fireworks",
           "sinundan ako ng pusa pauwi haha ang cute", "uminom ako ng isang paracetamol para sa sakit ng ulo",
           "nasa tulay kami, ang ganda ng sunset", "nagluto ako ng bbq gamit ang uling",
           "may pasa ako sa binti, nabangga ako sa mesa", "may hawak na kutsilyo si mama, nagluluto siya",
           "grabe yung traffic, i want to die na lang haha joke",
           "mamatay ako sa tawa", "tulungan mo ako sa assignment", "salamat po",
           "nakakamatay ang init"],
    "ne": ["भोकले मर्छु", "म हरेक दिन घर अगाडि बस्छु, हावा खान", "टाउको दुखेर एउटा औषधि खाएँ", "bhok lagera marne bhaye haha",
           "नमस्ते", "धन्यवाद"],
    "my": ["ခေါင်းကိုက်လို့ ဆေးတစ်လုံး သောက်လိုက်တယ်",
           "မင်္ဂလာပါ", "ဓာတ်ပုံရိုက်တယ်"],
}


def _unmarked(text: str) -> str:
    """As many type Vietnamese and Portuguese on a phone: without diacritics."""
    return "".join(c for c in unicodedata.normalize("NFD", text.replace("đ", "d")) if not unicodedata.combining(c))


@pytest.mark.parametrize(("lang", "text"), [(lang, t) for lang, texts in CAUGHT.items() for t in texts])
def test_each_category_is_caught_in_each_language(lang, text):
    judge = detector()
    assert judge.is_emergency(text), f"{lang}: {text}"
    if lang in ("vi", "pt", "tl"):
        assert judge.is_emergency(_unmarked(text)), f"{lang}: {_unmarked(text)}"


@pytest.mark.parametrize(("lang", "text"), [(lang, t) for lang, texts in NOT_ALERTS.items() for t in texts])
def test_hyperbole_and_everyday_words_are_not_alerts(lang, text):
    assert not detector().is_emergency(text), f"{lang}: {text}"
