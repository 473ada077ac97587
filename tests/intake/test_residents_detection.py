"""Emergency detection in the residents' languages (issue 21): each category caught in each language as
people there write it, with and without diacritics; their hyperbole and everyday words are not alerts.

These are the catalogue authors' own examples, not the corpus (tests/intake/corpus/), which measures."""

from __future__ import annotations

import unicodedata

import pytest

from tsunagu.domain.intake.detection import detector

CAUGHT = {
    "zh": ["没有我大家会更好", "老板摸我，说说出去就开除我",
           "我真的不想活了", "我想死", "我在楼顶，准备跳下去", "我吃了一整瓶安眠药",
           "我又割腕了", "老公又打我了", "他说要杀了我", "我被强奸了", "我怕我会打孩子",
           "今晚没地方住", "已经三天没吃饭了", "前男友一直在我家楼下", "朋友说她现在想自杀"],
    "ko": ["다들 나 없으면 편할 거야", "이제 그만 살래", "사장님이 몸을 만져요",
           "죽고 싶어요", "더 이상 살고 싶지 않아요", "지금 옥상에 올라왔어요",
           "수면제를 한통 다 먹었어요", "손목을 그었어요", "남편이 또 때렸어요",
           "죽여버리겠다고 했어요", "성폭행을 당했어요", "아이를 때릴 것 같아요",
           "오늘 밤 잘 곳이 없어요", "사흘째 굶었어요",
           "전남친이 집 앞에서 기다리고 있어요", "친구가 죽고 싶대요"],
    "vi": ["tôi muốn chết", "em không muốn sống nữa", "em đang đứng trên cầu",
           "em đã uống hết vỉ thuốc ngủ", "em cắt tay rồi", "chồng em đánh em rất đau",
           "anh ta dọa giết em", "em bị hiếp dâm", "em sợ mình sẽ đánh con",
           "tối nay em không có chỗ ngủ", "em đã 3 ngày chưa được ăn",
           "có người theo dõi em về tận nhà", "bạn em nói muốn tự tử"],
    "pt": ["meu chefe passa a mão em mim", "meu bebê não para de chorar e quase joguei ele",
           "eu quero morrer", "não aguento mais viver", "estou na ponte agora",
           "tomei uma cartela de remédios", "me cortei de novo",
           "meu marido me bateu de novo", "ele ameaçou me matar", "fui estuprada",
           "tenho medo de machucar meu bebê", "não tenho onde dormir hoje",
           "ele está me seguindo", "ele ameaçou vazar minhas fotos",
           "minha amiga disse que vai se matar"],
    "tl": ["gusto ko nang mamatay", "ayoko nang mabuhay", "nasa tulay ako",
           "uminom ako ng isang banig na gamot", "nilaslas ko ang pulso ko",
           "sinasaktan ako ng asawa ko", "papatayin daw niya ako", "ginahasa ako",
           "baka masaktan ko ang anak ko", "wala akong matutulugan ngayong gabi",
           "pinalayas ako", "sinusundan niya ako", "kinuha niya ang passport ko"],
    "ne": ["म मर्न चाहन्छु", "मलाई बाँच्न मन छैन", "श्रीमानले मलाई कुट्छ",
           "उसले मार्छु भन्छ", "मैले धेरै औषधि खाएँ", "आज राति सुत्ने ठाउँ छैन",
           "हात काटें", "बचाउनुहोस्"],
    "my": ["ကျွန်မ သေချင်တယ်", "ယောက်ျားက ကျွန်မကို ရိုက်တယ်", "သတ်မယ်လို့ ပြောတယ်",
           "အိပ်ဆေးတွေ အများကြီး သောက်လိုက်တယ်", "ဒီည အိပ်စရာ နေရာ မရှိဘူး", "ကယ်ပါ"],
}
NOT_ALERTS = {
    "zh": ["在天台烧烤", "在桥上看烟花", "安眠药按医生说的吃一片",
           "累死我了", "笑死", "请打我电话", "我在打工", "想死你了", "你好，我想咨询一下"],
    "ko": ["다리 위에서 불꽃놀이 봤어", "수면제는 처방대로 한 알 먹어요", "칼로 양파 썰다가 손 베었어",
           "배고파 죽겠어요", "회사 때려치우고 싶어", "안녕하세요", "졸려 죽겠다",
           "맞아요 그거예요"],
    "vi": ["uống thuốc ngủ theo đơn bác sĩ một viên", "nướng thịt trên sân thượng", "con tôi bị sốt, phải làm sao",
           "mệt chết đi được", "em muốn từ từ tìm hiểu", "em muốn được tư vấn",
           "chết cười với bạn này", "cảm ơn chị nhiều"],
    "pt": ["tomo o remédio para dormir como o médico mandou", "meu namorado me deu um presente",
           "morrendo de rir", "me ajuda com a tarefa", "esse trânsito tá me matando",
           "obrigada pela ajuda", "morro de saudade"],
    "tl": ["mamatay ako sa tawa", "tulungan mo ako sa assignment", "salamat po",
           "nakakamatay ang init"],
    "ne": ["नमस्ते", "धन्यवाद"],
    "my": ["မင်္ဂလာပါ", "ဓာတ်ပုံရိုက်တယ်"],
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
